"""Translators' pages: every string of the interface with its te reo Māori and review state, and
a page to correct one (recorded by `translation_review`, audited)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy

from tohu.core.errors import DomainError
from tohu.core.models import TranslationReview
from tohu.core.permissions import Action, can
from tohu.core.translation import (
    catalogue_entries,
    entry_id,
    entry_key,
    find_entry,
    review_states,
    reviews,
    translated,
    translation_review,
)

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


def _rows(state_shown: str) -> list[dict[str, str]]:
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
        rows.append({"id": entry_id(entry), "english": entry.msgid, "te_reo": text, "state": state})
    return rows


@login_required
def translation_review_list(request: HttpRequest) -> HttpResponse:
    """Every string of the interface, with its te reo Māori and review state."""
    _allowed(request)
    state_shown = request.GET.get("state", "")
    if state_shown not in SHOWN:
        state_shown = ""
    page = Paginator(_rows(state_shown), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/translation_review.html",
        {"page": page, "state_shown": state_shown, "shown": SHOWN},
    )


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
            return redirect(reverse("translation-review"))
    return render(request, "core/translation_edit.html", {"entry": entry, "form": form})
