"""How far the interface is in te reo Māori: the glossary and each string's review state.

The catalogue is tohu/locale/mi/LC_MESSAGES/django.po. Beside it, review.json gives each
translated string's review state (gettext's `fuzzy` flag would hide a translation from the page):

- ``sourced``: built only from terms in the glossary (tohu/locale/glossary.csv), each with a
  published source;
- ``suggested``: proposed, not yet checked by a fluent speaker;
- ``approved``: checked by a fluent speaker.

A string with no translation is ``missing`` and the page shows it in English.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext

from tohu.core import audit, clock
from tohu.core.errors import DomainError
from tohu.core.events import Event
from tohu.core.models import TRANSLATION_STATES, TranslationReview
from tohu.core.permissions import Action, require
from tohu.core.principal import Principal

REVIEW_STATES = ("approved", "sourced", "suggested")


@dataclass(frozen=True)
class GlossaryTerm:
    """One term: the English, its established te reo Māori (empty when none was found), where."""

    term: str
    te_reo: str
    source: str
    note: str


@dataclass
class CatalogueStatus:
    """Counts by review state, and the strings still in English."""

    counts: dict[str, int] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    total: int = 0


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def catalogue_path(language: str = "mi") -> Path:
    return locale_dir() / language / "LC_MESSAGES" / "django.po"


def review_path(language: str = "mi") -> Path:
    return catalogue_path(language).with_name("review.json")


def entry_key(entry: polib.POEntry) -> str:
    """An entry's key in review.json: its message, after its context and a `|` if it has one."""
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def glossary() -> list[GlossaryTerm]:
    """The glossary, in its file's order."""
    with (locale_dir() / "glossary.csv").open(encoding="utf-8", newline="") as handle:
        return [GlossaryTerm(**row) for row in csv.DictReader(handle)]


def review_states(language: str = "mi") -> dict[str, str]:
    return dict(json.loads(review_path(language).read_text(encoding="utf-8")))


def catalogue_status(language: str = "mi") -> CatalogueStatus:
    """Count the catalogue's strings by review state; list those with no translation."""
    states = review_states(language)
    status = CatalogueStatus(counts=dict.fromkeys((*REVIEW_STATES, "missing"), 0))
    for entry in catalogue_entries(language):
        status.total += 1
        if translated(entry):
            # a translation with no recorded state has not been checked: it counts as suggested
            status.counts[states.get(entry_key(entry), "suggested")] += 1
        else:
            status.counts["missing"] += 1
            status.missing.append(entry.msgid)
    return status


# ---- review by translators ---------------------------------------------------------------------

PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\{ *\w+ *\}\}")
# the markup a sentence holds (`<strong>`, `<a href="%(url)s">`, `<span lang="mi">`)
MARKUP = re.compile(r"<[^<>]*>")


def entry_id(entry: polib.POEntry) -> str:
    """A short, stable name for a catalogue entry, for its review page's address."""
    return hashlib.sha256(entry_key(entry).encode()).hexdigest()[:16]


def catalogue_entries(language: str = "mi") -> tuple[polib.POEntry, ...]:
    """The catalogue's current entries (obsolete ones left out), in the file's order.

    Parsed once for each content of the file (a translator's page reads them up to three
    times, and parsing is most of its time; reading the file is not): the
    entries are shared, so read them, never change them (`export_reviews` changes its own).
    """
    text = catalogue_path(language).read_text(encoding="utf-8")
    return _parsed(text)


@functools.lru_cache(maxsize=4)
def _parsed(text: str) -> tuple[polib.POEntry, ...]:
    return tuple(e for e in polib.pofile(text) if not e.obsolete)


def find_entry(key: str, language: str = "mi") -> polib.POEntry | None:
    return next((e for e in catalogue_entries(language) if entry_id(e) == key), None)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def _markup(text: str) -> list[str]:
    return sorted(MARKUP.findall(text))


def _keeps_markup(english: str, translation: str) -> bool:
    """The translation has the English string's tags, each as often, and no other markup: a
    sentence with its markup inside is shown as HTML, so a translation adds none of its own."""
    rest = MARKUP.sub("", translation)
    return _markup(english) == _markup(translation) and "<" not in rest and ">" not in rest


def translation_review(
    *,
    actor: Principal,
    entry: polib.POEntry,
    msgstr: str,
    msgstr_plural: list[str],
    state: str,
    language: str = "mi",
) -> TranslationReview:
    """Record a translator's translation of one string and its review state, audited.

    The translation must keep the English string's placeholders (`%(name)s`, `{{ name }}`)
    exactly, or the page would break, and its markup (`<strong>`…), adding none, since the
    page shows it as HTML; a string with a plural needs every form.
    """
    require(actor, Action.TRANSLATION_REVIEW)
    if state not in TranslationReview.State.values:
        raise DomainError(gettext("Choose a review state."), field="state")
    forms = [form.strip() for form in msgstr_plural] if entry.msgid_plural else []
    text = msgstr.strip() if not entry.msgid_plural else ""
    if entry.msgid_plural:
        if len(forms) != 2 or not all(forms):
            raise DomainError(gettext("Give both forms, singular and plural."), field="msgstr")
        pairs = [(entry.msgid, forms[0]), (entry.msgid_plural, forms[1])]
    else:
        if not text:
            raise DomainError(gettext("Give the translation."), field="msgstr")
        pairs = [(entry.msgid, text)]
    for english, translation in pairs:
        if _placeholders(english) != _placeholders(translation):
            raise DomainError(
                gettext("The translation must keep the placeholders %(names)s, each once.")
                % {"names": ", ".join(_placeholders(english)) or "(none)"},
                field="msgstr",
            )
        if not _keeps_markup(english, translation):
            raise DomainError(
                gettext("The translation must keep the markup %(tags)s, each once, and add none.")
                % {"tags": " ".join(_markup(english)) or "(none)"},
                field="msgstr",
            )
    with transaction.atomic():
        earlier = (
            TranslationReview.objects.select_for_update()
            .filter(language=language, msgctxt=entry.msgctxt or "", msgid=entry.msgid)
            .values_list("state", flat=True)
            .first()
        )
        if earlier is not None and earlier != state:
            TRANSLATION_STATES.check(earlier, state, by="translation_review")
        review, _created = TranslationReview.objects.update_or_create(
            language=language,
            msgctxt=entry.msgctxt or "",
            msgid=entry.msgid,
            defaults={
                "msgstr": text,
                "msgstr_plural": forms,
                "state": state,
                "reviewed_by_id": getattr(actor, "pk", None),
                "reviewed_at": clock.now(),
            },
        )
        audit.record(
            Event.TRANSLATION_REVIEWED,
            actor=actor,
            subject=review,
            detail={
                "language": language,
                "msgid": entry.msgid,
                "msgstr": text or forms,
                "state": state,
            },
        )
    return review


def reviews(language: str = "mi") -> dict[str, TranslationReview]:
    """The translators' reviews of a language, by the catalogue key of their string."""
    found = TranslationReview.objects.filter(language=language)
    return {f"{r.msgctxt}|{r.msgid}" if r.msgctxt else r.msgid: r for r in found}


def export_reviews(language: str = "mi") -> int:
    """Write every review into the `.po` file and review.json, compile the `.mo`; the count."""
    from tohu.core.catalogues import compile_catalogue

    path = catalogue_path(language)
    catalogue = polib.pofile(str(path), wrapwidth=79)
    states = review_states(language)
    found = reviews(language)
    written = 0
    for entry in catalogue:
        review = found.get(entry_key(entry))
        if entry.obsolete or review is None:
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = dict(enumerate(review.msgstr_plural))
        else:
            entry.msgstr = review.msgstr
        states[entry_key(entry)] = review.state
        written += 1
    catalogue.save(str(path))
    review_path(language).write_text(
        json.dumps(dict(sorted(states.items())), ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
    )
    compile_catalogue(path)
    return written
