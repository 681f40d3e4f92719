"""Translators' pages: every string of the interface with its te reo Māori and review state, and
a page to correct one (recorded by `translation_review`, audited)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from tohu.core.errors import DomainError
from tohu.core.models import TranslationReview
from tohu.core.permissions import Action, can
from tohu.core.translation import (
    GlossaryTerm,
    catalogue_entries,
    entry_id,
    entry_key,
    find_entry,
    glossary,
    review_states,
    reviews,
    translated,
    translation_review,
)
from tohu.register.search import fold

PAGE_SIZE = 50
SHOWN = {
    "": gettext_lazy("Every string"),
    "missing": gettext_lazy("Missing (shown in English)"),
    "suggested": gettext_lazy("Suggested, not yet reviewed"),
    "sourced": gettext_lazy("Sourced from the glossary"),
    "approved": gettext_lazy("Approved by a fluent speaker"),
}


class ReviewForm(forms.Form):
    msgstr = forms.CharField(
        label=gettext_lazy("Te reo Māori"), widget=forms.Textarea(attrs={"rows": 3, "lang": "mi"})
    )
    msgstr_plural = forms.CharField(
        label=gettext_lazy("Te reo Māori, plural"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "mi"}),
    )
    state = forms.ChoiceField(
        label=gettext_lazy("Review state"), choices=TranslationReview.State.choices
    )


def _allowed(request: HttpRequest) -> None:
    if not can(request.user, Action.TRANSLATION_REVIEW):
        raise PermissionDenied


def _rows(state_shown: str, words: str = "") -> list[dict[str, str]]:
    """The strings in the state shown (every state when empty) whose English or te reo Māori
    holds the words (without regard to case or macrons)."""
    wanted = fold(words).casefold().split()
    states = review_states("mi")
    pending = reviews("mi")
    rows = []
    for entry in catalogue_entries("mi"):
        key = entry_key(entry)
        review = pending.get(key)
        if review is not None:
            state, text = review.state, review.msgstr or " / ".join(review.msgstr_plural)
        elif translated(entry):
            state = states.get(key, "suggested")
            text = entry.msgstr or " / ".join(entry.msgstr_plural.values())
        else:
            state, text = "missing", ""
        if state_shown and state != state_shown:
            continue
        if wanted:
            haystack = fold(f"{entry.msgid} {entry.msgid_plural} {text}").casefold()
            if not all(word in haystack for word in wanted):
                continue
        rows.append(
            {
                "id": entry_id(entry),
                "english": entry.msgid,
                "te_reo": text,
                "state": state,
                "state_label": str(SHOWN[state]),
            }
        )
    return rows


def glossary_terms_in(text: str) -> list[GlossaryTerm]:
    """The glossary's terms that the English text uses, so a translation uses them consistently:
    "Level" in "Level 4", "NZQA" in "Ask NZQA" (whole words, without regard to case or macrons)."""
    folded = fold(text).casefold()
    found = []
    for term in glossary():
        base, _, rest = term.term.partition(" (")
        names = [base, rest.rstrip(")")] if rest else [base]
        if any(re.search(rf"\b{re.escape(fold(name).casefold())}s?\b", folded) for name in names):
            found.append(term)
    return found


def _next_after(key: str, state_shown: str, words: str) -> str | None:
    """The id of the string listed after this one, in the list the translator came from."""
    rows = _rows(state_shown, words)
    ids = [row["id"] for row in rows]
    if key in ids:
        index = ids.index(key) + 1
        return ids[index] if index < len(ids) else None
    # the saved string has left the list (no longer missing): the next is the one that followed it
    position = {entry_id(entry): at for at, entry in enumerate(catalogue_entries("mi"))}
    if key in position:
        return next((i for i in ids if position[i] > position[key]), None)
    return ids[0] if ids else None


@login_required
def translation_review_list(request: HttpRequest) -> HttpResponse:
    """Every string of the interface, with its te reo Māori and review state."""
    _allowed(request)
    state_shown, words = _list_filter(request.GET)
    page = Paginator(_rows(state_shown, words), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/translation_review.html",
        {
            "page": page,
            "state_shown": state_shown,
            "words": words,
            "shown": SHOWN,
            "query": urlencode({"state": state_shown, "q": words}),
            "carried": urlencode({"list_state": state_shown, "list_q": words}),
        },
    )


def _list_filter(data: QueryDict, prefix: str = "") -> tuple[str, str]:
    """The review list's filter (state shown, words): the list's own (`state`, `q`), or the one
    an edit page carries (`list_state`, `list_q`), so saving leads back to the same list."""
    state_shown = data.get(f"{prefix}state", "")
    if state_shown not in SHOWN:
        state_shown = ""
    return state_shown, data.get(f"{prefix}q", "").strip()[:200]


@login_required
def translation_review_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Translate or correct one string, and say how far it has been reviewed."""
    _allowed(request)
    entry = find_entry(key)
    if entry is None:
        raise Http404
    review = reviews("mi").get(entry_key(entry))
    if review is not None:
        initial = {
            "msgstr": review.msgstr,
            "msgstr_plural": review.msgstr_plural[1] if len(review.msgstr_plural) > 1 else "",
            "state": review.state,
        }
        if entry.msgid_plural and review.msgstr_plural:
            initial["msgstr"] = review.msgstr_plural[0]
    elif entry.msgid_plural:
        initial = {
            "msgstr": entry.msgstr_plural.get(0, ""),
            "msgstr_plural": entry.msgstr_plural.get(1, ""),
            "state": "suggested",
        }
    else:
        initial = {"msgstr": entry.msgstr, "state": "suggested"}
    form = ReviewForm(request.POST or None, initial=initial)
    state_shown, words = _list_filter(
        request.POST if request.method == "POST" else request.GET, prefix="list_"
    )
    back = reverse("translation-review") + "?" + urlencode({"state": state_shown, "q": words})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            translation_review(
                actor=request.user,
                entry=entry,
                msgstr=data["msgstr"],
                msgstr_plural=[data["msgstr"], data["msgstr_plural"]],
                state=data["state"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, gettext("Translation saved."))
            following = _next_after(key, state_shown, words) if "next" in request.POST else None
            if following is None:
                return redirect(back)
            return redirect(
                reverse("translation-edit", args=[following])
                + "?"
                + urlencode({"list_state": state_shown, "list_q": words})
            )
    return render(
        request,
        "core/translation_edit.html",
        {
            "entry": entry,
            "form": form,
            "terms": glossary_terms_in(f"{entry.msgid} {entry.msgid_plural}"),
            "state_shown": state_shown,
            "words": words,
            "back": back,
        },
    )
