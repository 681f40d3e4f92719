"""How the application pages show an application's content, what changed, and its history.

The evaluator judges the content frozen at submission (or at the applicant's last reply to a
request for information), shown part by part, each criterion beside the part it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext

from tohu.applications.events import Event
from tohu.applications.forms import DraftForm, sections_for
from tohu.applications.models import (
    Application,
    ApplicationStatus,
    InformationRequest,
    SupportLetter,
)
from tohu.applications.models import CriterionJudgement as Judgement
from tohu.applications.services import application_criteria
from tohu.applications.services.drafts import content_changes, content_of
from tohu.core.dates import DateProblem, parse_date
from tohu.core.models import AuditEvent
from tohu.rulebook import Criterion

# the parts of the application each criterion is about (MAAR-approval, MAAR-accreditation, EQV-out)
ABOUT: dict[str, tuple[str, ...]] = {
    "approval-1": (
        "title", "title_mi", "level", "credits", "notional_hours", "nzsced_code",
        "developer_name", "standards_used", "in_te_reo_maori", "title_names_declared",
        "title_names_justification", "purpose_use", "purpose_relevance", "purpose_outcomes",
        "purpose_pathways", "purpose_contribution", "purpose_mi", "learning_outcomes",
    ),
    "approval-2": (
        "evidence_of_need", "evidence_sources", "stakeholder_consultation", "isb_support",
        "te_hono", "te_hono_summary",
    ),
    "approval-3": ("entry_requirements", "assessment", "rpl_credit_transfer", "delivery_modes"),
    "approval-4": ("review_period_years",),
    "accreditation-1": ("accreditation_delivery",),
    "accreditation-2": ("accreditation_assessment",),
    "accreditation-3": ("accreditation_resources",),
    "accreditation-4": ("accreditation_learner_support",),
    "accreditation-5": ("approval_holder_support",),
    "equivalency-level": ("title", "equivalency_aims", "learning_outcomes", "assessment", "level"),
    "equivalency-credits": ("notional_hours", "credits", "bundle_size"),
}  # fmt: skip


def field_label(name: str) -> str:
    """The label the applicant saw on the form for a field."""
    form_field = DraftForm.base_fields.get(name)
    label = str(form_field.label) if form_field is not None and form_field.label else name
    return label.removesuffix(", one a line")  # how to type it, not what it is


def shown_value(name: str, value: Any) -> str | list[str] | None:
    """A value as a person reads it: lists stay lists, the rest becomes text; None if not given."""
    if isinstance(value, list):
        return [str(item) for item in value] or None
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if value is None or value == "":
        return None
    if name == "isb_support":
        return str(dict(SupportLetter.choices).get(value, value))
    return str(value)


@dataclass
class ShownField:
    name: str
    label: str
    value: str | list[str] | None  # None: not given
    changed: bool = False

    @property
    def is_list(self) -> bool:
        return isinstance(self.value, list)

    @property
    def is_long(self) -> bool:
        return isinstance(self.value, str) and (len(self.value) > 80 or "\n" in self.value)


@dataclass
class Part:
    """One part of the application, with the criteria judged on it (none for context parts)."""

    key: str
    title: str
    rule_id: str
    fields: list[ShownField]
    criteria: list[Criterion] = field(default_factory=list)


def information_requests(application: Application) -> list[InformationRequest]:
    """The application's requests for information, oldest first, with who asked and replied."""
    return list(
        application.information_requests.select_related("requested_by", "replied_by")
        .prefetch_related("attachments")
        .order_by("requested_at", "pk")
    )


def _replied(requests: Iterable[InformationRequest]) -> list[InformationRequest]:
    return [r for r in requests if r.replied_at and r.content_at_reply]


def frozen_content(
    application: Application, requests: Iterable[InformationRequest]
) -> dict[str, Any] | None:
    """The content the evaluator judges: as at the last reply, or as submitted; None for a draft."""
    if application.status == ApplicationStatus.DRAFT:
        return None
    replied = _replied(requests)
    if replied:
        return dict(replied[-1].content_at_reply)
    return dict(application.submitted_content) or content_of(application)


def parts(
    application: Application, content: Mapping[str, Any], *, changed: Iterable[str] = ()
) -> list[Part]:
    """The application's content in parts, each criterion's part in the order judged."""
    used = [name for _key, names in sections_for(application) for name in names]
    changed = set(changed)

    def shown(names: Iterable[str]) -> list[ShownField]:
        return [
            ShownField(n, field_label(n), shown_value(n, content.get(n)), n in changed)
            for n in names
        ]

    claimed: set[str] = set()
    judged: list[Part] = []
    for criterion in application_criteria(application):
        names = [n for n in ABOUT.get(criterion.code, ()) if n in used and n not in claimed]
        claimed.update(names)
        judged.append(
            Part(criterion.code, criterion.title, criterion.rule_id, shown(names), [criterion])
        )
    # the approval holder's support is asked only of a provider that does not hold the approval
    judged_codes = {part.key for part in judged}
    unasked = set() if "accreditation-5" in judged_codes else {"approval_holder_support"}
    rest = [n for n in dict.fromkeys(used) if n not in claimed and n not in unasked]
    context = (
        [Part("other", gettext("The application"), "", shown(rest))] if rest else []
    )  # e.g. the change summary (VER-1): read with every criterion
    return context + judged


def text_value(name: str, value: Any) -> str:
    """A value on one line: list items joined with semicolons."""
    shown = shown_value(name, value)
    if shown is None:
        return gettext("Not given")
    return "; ".join(shown) if isinstance(shown, list) else shown


@dataclass
class Change:
    label: str
    old: str
    new: str


def changes_between(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[Change]:
    """Field by field, old → new, labelled as on the form."""
    return [
        Change(field_label(name), text_value(name, old), text_value(name, new))
        for name, (old, new) in content_changes(before, after).items()
    ]


@dataclass
class RequestShown:
    request: InformationRequest
    changes: list[Change] | None  # None: no frozen content to compare (before it was kept)


def requests_shown(requests: Iterable[InformationRequest]) -> list[RequestShown]:
    """Each request for information with the reply and what changed between ask and reply."""
    shown = []
    for request in requests:
        changes = None
        if request.replied_at and request.content_at_request and request.content_at_reply:
            changes = changes_between(request.content_at_request, request.content_at_reply)
        shown.append(RequestShown(request, changes))
    return shown


def changed_in_last_reply(requests: Iterable[InformationRequest]) -> set[str]:
    replied = _replied(requests)
    if not replied or not replied[-1].content_at_request:
        return set()
    return set(content_changes(replied[-1].content_at_request, replied[-1].content_at_reply))


# --- history -----------------------------------------------------------------------------------


@dataclass
class HistoryEntry:
    occurred_at: Any
    who: str
    label: str
    changes: list[Change] = field(default_factory=list)
    fields_only: list[str] = field(default_factory=list)  # older saves recorded names only
    times: int = 1
    edits: dict[str, list[Any]] | None = None  # a run of saves: field → [first old, last new]


def _verdict(value: str) -> str:
    return str(dict(Judgement.Verdict.choices).get(value, value)).lower()


def _day(value: Any) -> str:
    try:
        return date_format(parse_date(str(value), iso_only=True))
    except DateProblem:
        return str(value)


def _label(event: AuditEvent, criteria: Mapping[str, str], people: Mapping[str, str]) -> str:
    detail = event.detail or {}
    kind = event.event
    name = detail.get("name", "")
    evaluator = people.get(detail.get("evaluator", ""), detail.get("evaluator", ""))
    due = _day(detail.get("due_on"))
    if kind == Event.CREATED:
        return gettext("Application started")
    if kind == Event.UPDATED:
        return gettext("Application edited")
    if kind == Event.ATTACHMENT_ADDED:
        return gettext("Document attached: %(name)s") % {"name": name}
    if kind == Event.ATTACHMENT_REMOVED:
        return gettext("Document removed: %(name)s") % {"name": name}
    if kind == Event.SUBMITTED:
        return gettext("Submitted (rulebook %(rulebook)s)") % {
            "rulebook": detail.get("rulebook", "")
        }
    if kind == Event.WITHDRAWN:
        return gettext("Withdrawn")
    if kind == Event.EVALUATION_STARTED:
        return gettext("Evaluation started, assigned to %(person)s") % {"person": evaluator}
    if kind == Event.ASSIGNED:
        return gettext("Assigned to %(person)s") % {"person": evaluator}
    if kind == Event.CRITERION_JUDGED:
        code = detail.get("criterion", "")
        return gettext("Criterion %(criterion)s judged: %(verdict)s") % {
            "criterion": criteria.get(code, code),
            "verdict": _verdict(detail.get("verdict", "")),
        }
    if kind == Event.HOURS_RECORDED:
        return gettext("%(hours)s hours recorded (%(total)s in all)") % {
            "hours": detail.get("hours"),
            "total": detail.get("total"),
        }
    if kind == Event.INFORMATION_REQUESTED:
        return gettext("Information requested, reply due %(day)s (LOR-13.1)") % {"day": due}
    if kind == Event.INFORMATION_PROVIDED:
        count = len(detail.get("fields", []))
        if not count:
            return gettext("Reply sent")
        return ngettext(
            "Reply sent; %(count)d field changed", "Reply sent; %(count)d fields changed", count
        ) % {"count": count}
    if kind == Event.INFORMATION_OVERDUE_REMINDED:
        return gettext("Reminder sent: the reply was due %(day)s") % {"day": due}
    if kind == Event.APPROVED:
        return gettext("Approved (LOR-13.2)")
    if kind == Event.DECLINED:
        return gettext("Declined (LOR-13.3)")
    if kind == Event.STATEMENT_ISSUED:
        return gettext("Statement of equivalency %(number)s issued") % {
            "number": detail.get("number", "")
        }
    return kind


def _person(event: AuditEvent) -> str:
    actor = event.actor
    if actor is not None:
        return actor.get_full_name() or actor.get_username()
    return event.actor_label or "Tohu"


def history(application: Application, events: Iterable[AuditEvent]) -> list[HistoryEntry]:
    """The history people read: one line an event, labelled in words; a run of saves by one
    person is one line, with what changed (first old value → last new value) folded inside."""
    criteria = {c.code: c.title for c in application_criteria(application)}
    events = list(events)
    usernames = {e.detail.get("evaluator") for e in events if isinstance(e.detail, dict)} - {None}
    people = {
        u.get_username(): u.get_full_name() or u.get_username()
        for u in get_user_model().objects.filter(username__in=usernames)
    }
    entries: list[HistoryEntry] = []
    for event in events:
        who = _person(event)
        detail = event.detail or {}
        if event.event != Event.UPDATED:
            entries.append(HistoryEntry(event.occurred_at, who, _label(event, criteria, people)))
            continue
        last = entries[-1] if entries else None
        if last is not None and last.edits is not None and last.who == who:
            last.times += 1
            last.occurred_at = event.occurred_at
        else:
            last = HistoryEntry(event.occurred_at, who, gettext("Application edited"), edits={})
            entries.append(last)
        edits = last.edits if last.edits is not None else {}
        for name, (old, new) in (detail.get("changes") or {}).items():
            edits[name] = [edits[name][0] if name in edits else old, new]
        if not detail.get("changes"):
            last.fields_only += [n for n in detail.get("fields", []) if n not in last.fields_only]
    for entry in entries:
        if entry.edits is None:
            continue
        entry.changes = [
            Change(field_label(name), text_value(name, old), text_value(name, new))
            for name, (old, new) in entry.edits.items()
            if old != new
        ]
        entry.fields_only = [field_label(name) for name in entry.fields_only]
        count = len(entry.changes) or len(entry.fields_only)
        saves = ngettext("%(count)d save", "%(count)d saves", entry.times) % {"count": entry.times}
        fields = ngettext("%(count)d field", "%(count)d fields", count) % {"count": count}
        entry.label = gettext("Application edited (%(saves)s, %(fields)s)") % {
            "saves": saves,
            "fields": fields,
        }
    return entries


def content_context(
    application: Application, rows: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What a page needs to show the frozen application, its requests and its history.

    `rows` are the evaluator's criterion rows by criterion code, shown beside their parts.
    """
    requests = information_requests(application)
    content = frozen_content(application, requests)
    content_parts = []
    if content is not None:
        for part in parts(application, content, changed=changed_in_last_reply(requests)):
            row_list = [rows[c.code] for c in part.criteria if c.code in rows] if rows else []
            content_parts.append({"part": part, "rows": row_list})
    return {
        "content_parts": content_parts,
        "content_source": "reply" if _replied(requests) else "submission",
        "requests_shown": requests_shown(requests),
    }
