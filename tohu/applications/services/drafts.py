"""The applicant's side: create and edit a draft, attach documents, submit, withdraw."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext, ngettext

from tohu.applications.events import Event
from tohu.applications.files import CheckedFile, check_upload
from tohu.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationType,
    Attachment,
    AttachmentPurpose,
)
from tohu.applications.precheck import findings_as_json, run_precheck
from tohu.applications.services import common
from tohu.core import audit, clock, policy
from tohu.core.errors import Conflict, DomainError, InvalidInput, InvalidTransition, Problem
from tohu.core.permissions import Action, require
from tohu.core.principal import responsible_user_id
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential
from tohu.register.services import rulebook_key_on
from tohu.rulebook import ApplicationType as Kind
from tohu.rulebook import blocks, check_accreditation_target, check_may_apply

S = ApplicationStatus

TEXT_FIELDS = frozenset(
    {
        "title", "title_mi", "nzsced_code", "purpose_use", "purpose_relevance",
        "purpose_outcomes", "purpose_pathways", "purpose_contribution", "purpose_mi",
        "developer_name", "title_names_justification", "assessment", "entry_requirements",
        "rpl_credit_transfer", "delivery_modes", "evidence_of_need", "evidence_sources",
        "stakeholder_consultation", "isb_support", "te_hono_summary", "accreditation_delivery",
        "accreditation_assessment", "accreditation_resources", "accreditation_learner_support",
        "approval_holder_support", "change_summary", "equivalency_aims",
    }
)  # fmt: skip
NUMBER_FIELDS = {"level": 10, "credits": 999, "notional_hours": 100000, "review_period_years": 99}
FLAG_FIELDS = frozenset({"in_te_reo_maori", "title_names_declared", "te_hono"})
LIST_FIELDS = frozenset({"standards_used", "learning_outcomes"})
EDITABLE_FIELDS = TEXT_FIELDS | set(NUMBER_FIELDS) | FLAG_FIELDS | LIST_FIELDS | {"bundle_size"}
_MAX_LENGTHS = {"title": 300, "title_mi": 300, "nzsced_code": 6, "developer_name": 200}
# how much of an old and a new value the history keeps for each changed field
HISTORY_VALUE_CHARS = 300


def content_of(application: Application) -> dict[str, Any]:
    """The application's content (every editable field) as plain JSON values: what is frozen
    at submission and at each reply to a request for information."""
    return {
        name: list(value) if isinstance(value := getattr(application, name), list) else value
        for name in sorted(EDITABLE_FIELDS)
    }


def content_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Each field whose value differs between two contents, as [old, new], in field order."""
    return {
        name: [before.get(name), after.get(name)]
        for name in sorted(set(before) | set(after))
        if before.get(name) != after.get(name)
    }


def _short(value: Any) -> Any:
    if isinstance(value, str) and len(value) > HISTORY_VALUE_CHARS:
        return value[: HISTORY_VALUE_CHARS - 1] + "…"
    if isinstance(value, list):
        return [_short(item) for item in value]
    return value


def _prefill_from(micro_credential: MicroCredential) -> dict[str, Any]:
    version = micro_credential.current_version
    if version is None:
        return {}
    return {
        "title": version.title,
        "title_mi": version.title_mi,
        "level": version.level,
        "credits": version.credits,
        "notional_hours": version.notional_hours,
        "nzsced_code": version.nzsced_code,
        "purpose_use": version.purpose_use,
        "purpose_relevance": version.purpose_relevance,
        "purpose_outcomes": version.purpose_outcomes,
        "purpose_pathways": version.purpose_pathways,
        "purpose_contribution": version.purpose_contribution,
        "purpose_mi": version.purpose_mi,
        "in_te_reo_maori": version.in_te_reo_maori,
        "learning_outcomes": list(version.learning_outcomes),
        "standards_used": list(version.standards_used),
        "review_period_years": version.review_period_years,
        "developer_name": micro_credential.developer.name,
        "te_hono": micro_credential.te_hono,
    }


def _check_target(
    application_type: str, organisation: Organisation, micro_credential: MicroCredential | None
) -> None:
    if application_type not in (ApplicationType.ACCREDITATION, ApplicationType.CHANGE):
        return
    status = micro_credential.status if micro_credential is not None else None
    for finding in check_accreditation_target(Kind(application_type), listing_status=status):
        raise DomainError(finding.message, rule_id=finding.rule_id, field="listing_number")
    assert micro_credential is not None
    if (
        application_type == ApplicationType.CHANGE
        and micro_credential.developer_id != organisation.pk
    ):
        raise DomainError(
            gettext(
                "%(listing_number)s was developed by another organisation; only its developer "
                "may apply to change it."
            )
            % {"listing_number": micro_credential.listing_number},
            rule_id="VER-1",
            field="listing_number",
        )


def application_create(
    *,
    actor: audit.Actor,
    organisation: Organisation,
    application_type: str,
    micro_credential: MicroCredential | None = None,
) -> Application:
    """Start a draft; who may apply for which type follows APP-who and the date (EQV-who)."""
    if application_type not in ApplicationType.values:
        raise DomainError(
            gettext("%(application_type)s is not an application type.")
            % {"application_type": repr(application_type)},
            field="application_type",
        )
    require(actor, Action.APPLICATION_CREATE, organisation)
    refusals = blocks(
        check_may_apply(
            Kind(application_type),
            organisation.org_type,
            on=clock.today(),
            equivalency_last_day=policy.current().equivalency_last_day,
        )
    )
    if refusals:
        raise DomainError(
            refusals[0].message, rule_id=refusals[0].rule_id, field="application_type"
        )
    _check_target(application_type, organisation, micro_credential)
    values: dict[str, Any] = {}
    if application_type == ApplicationType.CHANGE and micro_credential is not None:
        values = _prefill_from(micro_credential)
    elif application_type not in (ApplicationType.EQUIVALENCY, ApplicationType.ACCREDITATION):
        values = {"developer_name": organisation.name}
    creator_id = responsible_user_id(actor)
    with transaction.atomic():
        application = Application.objects.create(
            application_type=application_type,
            applicant=organisation,
            created_by_id=creator_id,
            updated_by_id=creator_id,
            micro_credential=micro_credential,
            **values,
        )
        detail = {"type": application_type, "applicant": organisation.slug}
        if micro_credential is not None:
            detail["listing_number"] = micro_credential.listing_number
        common.record(Event.CREATED, application, actor=actor, detail=detail)
    return application


def _clean_value(name: str, value: Any) -> Any:
    if name in TEXT_FIELDS:
        text = "" if value is None else str(value)
        limit = _MAX_LENGTHS.get(name)
        if limit is not None and len(text) > limit:
            raise ValueError(f"is longer than {limit} characters")
        if name == "isb_support" and text not in ("", "provided", "declined", "not_sought"):
            raise ValueError("is not one of provided, declined or not_sought")
        return text
    if name in FLAG_FIELDS:
        if not isinstance(value, bool):
            raise ValueError("must be true or false")
        return value
    if name in LIST_FIELDS:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError("must be a list of text")
        return [v.strip() for v in value if v.strip()]
    if value is None and name in NUMBER_FIELDS:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError("must be a whole number")
    if name == "level" and not 1 <= value <= 10:
        raise ValueError("must be an NZQCF level from 1 to 10")
    if name == "bundle_size" and not 1 <= value <= 10:
        raise ValueError("must be from 1 to 10 (EQV-fee)")
    if value < 0 or value > NUMBER_FIELDS.get(name, 10):
        raise ValueError("is out of range")
    return value


def clean_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Check each changed value has the right type and range; name every field at fault."""
    problems: list[Problem] = []
    cleaned: dict[str, Any] = {}
    for name, value in changes.items():
        if name not in EDITABLE_FIELDS:
            problems.append(Problem(None, "is not a field of an application", field=name))
            continue
        try:
            cleaned[name] = _clean_value(name, value)
        except ValueError as error:
            problems.append(Problem(None, str(error), field=name))
    if problems:
        summary = "; ".join(f"{p.field} {p.message}" for p in problems)
        raise InvalidInput(
            gettext("Some values were not saved: %(summary)s.") % {"summary": summary},
            problems=problems,
        )
    return cleaned


def _conflict(application: Application) -> DomainError:
    current = Application.objects.select_related("updated_by").get(pk=application.pk)
    if current.status not in (S.DRAFT, S.INFORMATION_REQUESTED):
        label = current.get_status_display().lower()
        return InvalidTransition(
            gettext("Application %(reference)s is %(label)s; it can no longer be edited.")
            % {"reference": current.reference, "label": label}
        )
    editor = current.updated_by
    who = (editor.get_full_name() or editor.get_username()) if editor is not None else "Someone"
    when = time_format(timezone.localtime(current.updated_at))
    return Conflict(
        gettext(
            "%(who)s saved this application at %(when)s, after you opened it. Your changes "
            "were not saved, so nothing of theirs was overwritten: reload to see the latest, "
            "then make your changes again."
        )
        % {"who": who, "when": when},
        field="edit_version",
    )


def application_update(
    *,
    actor: audit.Actor,
    application: Application,
    changes: Mapping[str, Any],
    expected_version: int,
) -> Application:
    """Save changes to a draft (or while information is requested), if nobody saved in between.

    `expected_version` is the `edit_version` the editor started from; a later save by someone
    else refuses this one with a Conflict, and nothing is overwritten.
    """
    common.authorise_applicant(actor, application)
    cleaned = clean_changes(changes)
    with transaction.atomic():
        before = (
            Application.objects.filter(pk=application.pk).values(*cleaned).first() or {}
            if cleaned
            else {}
        )
        saved = Application.objects.filter(
            pk=application.pk,
            edit_version=expected_version,
            status__in=[S.DRAFT, S.INFORMATION_REQUESTED],
        ).update(
            **cleaned,
            edit_version=F("edit_version") + 1,
            updated_by_id=responsible_user_id(actor),
            updated_at=clock.now(),
        )
        if not saved:
            raise _conflict(application)
        application.refresh_from_db()
        changed = {
            name: [_short(old), _short(new)]
            for name, (old, new) in content_changes(before, cleaned).items()
        }
        common.record(
            Event.UPDATED,
            application,
            actor=actor,
            detail={
                "fields": sorted(changed),
                "changes": changed,
                "edit_version": application.edit_version,
            },
        )
    return application


def attachment_add(
    *,
    actor: audit.Actor,
    application: Application,
    stream: IO[bytes],
    name: str,
    size: int,
    purpose: str,
) -> Attachment:
    """Attach a PDF, DOCX or XLSX (type from content, up to 20 MB) while the draft is open."""
    common.authorise_applicant(actor, application)
    if purpose not in AttachmentPurpose.values:
        raise DomainError(
            gettext("%(purpose)s is not a kind of supporting document.")
            % {"purpose": repr(purpose)},
            field="purpose",
        )
    checked = check_upload(stream, name=name, size=size)
    stored: list[Attachment] = []
    try:
        return _store_attachment(actor, application, stream, name, purpose, checked, stored)
    except BaseException:
        # nothing half-done: a file whose record rolled back is removed from storage
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise


def _store_attachment(
    actor: audit.Actor,
    application: Application,
    stream: IO[bytes],
    name: str,
    purpose: str,
    checked: CheckedFile,
    stored: list[Attachment],
) -> Attachment:
    with transaction.atomic():
        locked = common.lock(application)
        if not locked.is_open_for_edit:
            raise InvalidTransition(
                gettext(
                    "Application %(reference)s is %(lower)s; documents can be added only to "
                    "a draft or a reply to a request for information."
                )
                % {"reference": locked.reference, "lower": locked.get_status_display().lower()}
            )
        open_request = (
            locked.information_requests.filter(replied_at__isnull=True).last()
            if locked.status == S.INFORMATION_REQUESTED
            else None
        )
        attachment = Attachment(
            application=locked,
            information_request=open_request,
            purpose=purpose,
            original_name=name[:255],
            kind=checked.kind,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by_id=responsible_user_id(actor),
        )
        # a random stored name: the original name is shown, never used as a path
        attachment.file.save(f"{secrets.token_hex(16)}.{checked.kind}", File(stream), save=False)
        stored.append(attachment)
        attachment.save()
        common.record(
            Event.ATTACHMENT_ADDED,
            locked,
            actor=actor,
            detail={
                "name": name,
                "kind": checked.kind,
                "size": checked.size,
                "sha256": checked.sha256,
            },
        )
    return attachment


def attachment_remove(*, actor: audit.Actor, attachment: Attachment) -> None:
    """Remove a document from a draft; once submitted, documents stay with the application."""
    application = attachment.application
    common.authorise_applicant(actor, application)
    with transaction.atomic():
        locked = common.lock(application)
        if locked.status != S.DRAFT:
            raise InvalidTransition(
                gettext("Documents can be removed only while the application is a draft.")
            )
        name, stored = attachment.original_name, attachment.file.name
        attachment.delete()
        common.record(Event.ATTACHMENT_REMOVED, locked, actor=actor, detail={"name": name})
    storage = attachment.file.storage
    transaction.on_commit(lambda: storage.delete(stored) if stored else None)


def application_submit(*, actor: audit.Actor, application: Application) -> Application:
    """Submit a draft: the pre-check runs again and is stored; block findings refuse it."""
    common.authorise_applicant(actor, application)
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.SUBMITTED, by="application_submit")
        today = clock.today()
        findings = run_precheck(locked, on=today)
        refusals = blocks(findings)
        if refusals:
            raise InvalidInput(
                f"The pre-check found {len(refusals)} "
                f"{ngettext('problem', 'problems', len(refusals))} to fix before submitting: "
                + " ".join(f"[{f.rule_id}] {f.message}" for f in refusals),
                code="precheck_blocked",
                problems=refusals,
            )
        locked.status = S.SUBMITTED
        locked.submitted_at = clock.now()
        locked.submitted_content = content_of(locked)
        locked.precheck = findings_as_json(findings)
        locked.rulebook_version = rulebook_key_on(today)
        locked.save()
        common.record(
            Event.SUBMITTED,
            locked,
            actor=actor,
            detail={"rulebook": locked.rulebook_version, "flags": len(findings)},
        )
        common.notify(locked, common.applicant_people(locked), f"{locked.reference} was submitted.")
        common.email_applicant(
            locked,
            subject="application submitted",
            body=f"Your application {locked.reference} ({locked.get_application_type_display()}) "
            "was submitted. The quality assurer will evaluate it.",
        )
        common.email_evaluator(
            locked,
            subject="new application",
            body=f"{locked.applicant.name} submitted {locked.reference}.",
        )
    application.refresh_from_db()
    return application


def application_withdraw(
    *,
    actor: audit.Actor,
    application: Application,
    reason: str = "",
) -> Application:
    """Withdraw a draft or a submitted application that evaluation has not started on."""
    common.authorise_applicant(actor, application)
    with transaction.atomic():
        locked = common.lock(application)
        common.check_transition(locked, S.WITHDRAWN, by="application_withdraw")
        locked.status = S.WITHDRAWN
        locked.withdrawn_reason = reason.strip()
        locked.save()
        common.record(Event.WITHDRAWN, locked, actor=actor, detail={"reason": reason})
    application.refresh_from_db()
    return application
