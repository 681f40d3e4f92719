"""The applicant's side: starting, editing, attaching, submitting and withdrawing."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.core import mail

from tests.applications.conftest import MakeDraft, attach, office_bytes, pdf_bytes
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tohu.applications import services
from tohu.applications.events import Event
from tohu.applications.models import Application, ApplicationType, Attachment, Notification
from tohu.core.errors import Conflict, DomainError, InvalidInput, NotAllowed, NotFound
from tohu.core.models import AuditEvent
from tohu.organisations.models import Organisation


def test_a_developer_starts_a_draft_with_its_name_as_developer(developer: Persona) -> None:
    assert developer.organisation is not None
    application = services.application_create(
        actor=developer.user,
        organisation=developer.organisation,
        application_type=ApplicationType.LISTING_APPROVAL,
    )
    assert application.status == "draft"
    assert application.developer_name == developer.organisation.name
    assert AuditEvent.objects.filter(event=Event.CREATED, subject_id=str(application.pk)).exists()


def test_an_isb_may_not_apply_for_accreditation(developer: Persona) -> None:
    assert developer.organisation is not None
    with pytest.raises(DomainError, match="never accredited") as refused:
        services.application_create(
            actor=developer.user,
            organisation=developer.organisation,
            application_type=ApplicationType.LISTING_APPROVAL_ACCREDITATION,
        )
    assert refused.value.rule_id == "APP-who"
    assert not Application.objects.exists()


def test_nobody_applies_for_another_organisation(
    outsider: Persona, provider_org: Organisation
) -> None:
    with pytest.raises(NotAllowed):
        services.application_create(
            actor=outsider.user,
            organisation=provider_org,
            application_type=ApplicationType.LISTING_APPROVAL,
        )


def test_accreditation_only_needs_a_current_listing(
    provider: Persona, isb: Organisation, quality_assurer: Persona
) -> None:
    assert provider.organisation is not None
    micro_credential = listed_micro_credential(developer=isb)
    application = services.application_create(
        actor=provider.user,
        organisation=provider.organisation,
        application_type=ApplicationType.ACCREDITATION,
        micro_credential=micro_credential,
    )
    assert application.micro_credential == micro_credential
    from tohu.register.services import micro_credential_status_set

    micro_credential_status_set(
        actor=quality_assurer.user, micro_credential=micro_credential, status="expiring"
    )
    micro_credential.refresh_from_db()
    with pytest.raises(DomainError, match="current status") as refused:
        services.application_create(
            actor=provider.user,
            organisation=provider.organisation,
            application_type=ApplicationType.ACCREDITATION,
            micro_credential=micro_credential,
        )
    assert refused.value.rule_id == "APP-acc-only"


def test_only_the_developer_applies_to_change_a_listing(
    provider: Persona, developer: Persona, isb: Organisation
) -> None:
    assert provider.organisation is not None
    assert developer.organisation is not None
    micro_credential = listed_micro_credential(developer=isb, title="Barista Basics")
    with pytest.raises(DomainError, match="only its developer") as refused:
        services.application_create(
            actor=provider.user,
            organisation=provider.organisation,
            application_type=ApplicationType.CHANGE,
            micro_credential=micro_credential,
        )
    assert refused.value.rule_id == "VER-1"
    change = services.application_create(
        actor=developer.user,
        organisation=developer.organisation,
        application_type=ApplicationType.CHANGE,
        micro_credential=micro_credential,
    )
    # a change starts from the listed details
    assert change.title == "Barista Basics"
    assert micro_credential.current_version is not None
    assert change.learning_outcomes == list(micro_credential.current_version.learning_outcomes)


def test_a_later_save_from_an_older_version_is_told_and_overwrites_nothing(
    make_draft: MakeDraft, developer: Persona, isb: Organisation
) -> None:
    from tests.conftest import _persona

    colleague = _persona("colleague", isb, "staff")
    application = make_draft(developer, complete=False)
    opened_at = application.edit_version
    services.application_update(
        actor=colleague.user,
        application=application,
        changes={"title": "Colleague's title"},
        expected_version=opened_at,
    )
    with pytest.raises(Conflict, match="colleague saved this application") as conflict:
        services.application_update(
            actor=developer.user,
            application=application,
            changes={"title": "My title"},
            expected_version=opened_at,
        )
    assert conflict.value.status == 409
    application.refresh_from_db()
    assert application.title == "Colleague's title"
    assert application.edit_version == opened_at + 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"level": 11}, "level"),
        ({"level": "three"}, "level"),
        ({"bundle_size": 11}, "bundle_size"),
        ({"learning_outcomes": "not a list"}, "learning_outcomes"),
        ({"in_te_reo_maori": "yes"}, "in_te_reo_maori"),
        ({"isb_support": "maybe"}, "isb_support"),
        ({"nzsced_code": "1234567"}, "nzsced_code"),
        ({"status": "approved"}, "status"),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_saved(
    make_draft: MakeDraft, developer: Persona, changes: dict[str, Any], field: str
) -> None:
    application = make_draft(developer, complete=False)
    with pytest.raises(InvalidInput) as refused:
        services.application_update(
            actor=developer.user,
            application=application,
            changes={"title": "Kept out", **changes},
            expected_version=application.edit_version,
        )
    assert [p.field for p in refused.value.problems] == [field]
    application.refresh_from_db()
    assert application.title == ""
    assert application.status == "draft"


def test_an_outsider_cannot_see_or_edit_a_draft(
    make_draft: MakeDraft, developer: Persona, outsider: Persona
) -> None:
    application = make_draft(developer, complete=False)
    with pytest.raises(NotFound):
        services.application_update(
            actor=outsider.user,
            application=application,
            changes={"title": "Mine now"},
            expected_version=application.edit_version,
        )


def test_an_evaluator_sees_no_draft_and_never_edits_an_application(
    make_draft: MakeDraft, developer: Persona, quality_assurer: Persona
) -> None:
    application = make_draft(developer, complete=False)
    with pytest.raises(NotFound):
        services.application_update(
            actor=quality_assurer.user,
            application=application,
            changes={"title": "Edited"},
            expected_version=application.edit_version,
        )
    assert quality_assurer.client.get(f"/applications/{application.pk}/").status_code == 404
    services.application_withdraw(actor=developer.user, application=application)
    application.refresh_from_db()
    with pytest.raises(NotAllowed):
        services.application_update(
            actor=quality_assurer.user,
            application=application,
            changes={"title": "Edited"},
            expected_version=application.edit_version,
        )


@pytest.mark.parametrize(
    ("content", "name", "kind"),
    [
        (pdf_bytes(), "letter.pdf", "pdf"),
        (office_bytes("docx"), "evidence.DOCX", "docx"),
        (office_bytes("xlsx"), "survey.xlsx", "xlsx"),
    ],
)
def test_pdf_docx_and_xlsx_are_attached_by_content(
    make_draft: MakeDraft, developer: Persona, content: bytes, name: str, kind: str
) -> None:
    application = make_draft(developer, complete=False)
    attachment = attach(developer, application, content, name)
    assert attachment.kind == kind
    assert attachment.original_name == name
    with attachment.file.open("rb") as stored:
        assert stored.read() == content
    assert name not in attachment.file.name


def _zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in files.items():
            package.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00" + b"\x00" * 200, "letter.pdf", "is not a PDF, DOCX or XLSX"),
        (_zip_of({"a.txt": b"hello"}), "evidence.docx", "ZIP archive, not a Word"),
        (office_bytes("docx"), "evidence.pdf", "its content is a Word document"),
        (pdf_bytes(), "report.docx", "its content is a PDF"),
        (office_bytes("xlsx"), "evidence.docx", "Excel workbook"),
        (b"", "empty.pdf", "is empty"),
        (_zip_of({"[Content_Types].xml": b"<Types/>"}), "x.docx", "not a Word document"),
    ],
)
def test_disguised_files_are_refused_with_a_clear_message(
    make_draft: MakeDraft, developer: Persona, content: bytes, name: str, message: str
) -> None:
    application = make_draft(developer, complete=False)
    with pytest.raises(InvalidInput, match=message) as refused:
        attach(developer, application, content, name)
    assert refused.value.field == "file"
    assert not Attachment.objects.exists()


def test_a_zip_bomb_is_refused_without_unpacking(make_draft: MakeDraft, developer: Persona) -> None:
    application = make_draft(developer, complete=False)
    bomb = _zip_of(
        {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"0" * (210 * 1024 * 1024)}
    )
    assert len(bomb) < 1024 * 1024
    with pytest.raises(InvalidInput, match="unpacks to far more"):
        attach(developer, application, bomb, "bomb.docx")


def test_an_oversized_file_is_refused_before_it_is_read(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer, complete=False)
    with pytest.raises(InvalidInput, match="limit is 20 MB"):
        services.attachment_add(
            actor=developer.user,
            application=application,
            stream=io.BytesIO(pdf_bytes()),
            name="huge.pdf",
            size=20 * 1024 * 1024 + 1,
            purpose="other",
        )
    assert not Attachment.objects.exists()


def test_a_draft_with_block_findings_is_not_submitted(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer, purpose_use="", level=None)
    with pytest.raises(InvalidInput) as refused:
        services.application_submit(actor=developer.user, application=application)
    assert {(p.field, p.rule_id) for p in refused.value.problems} >= {
        ("purpose_use", "LOR-6.1d"),
        ("level", "LOR-6.1b"),
    }
    application.refresh_from_db()
    assert application.status == "draft"
    assert mail.outbox == []


def test_submission_stores_the_precheck_and_tells_people(
    make_draft: MakeDraft, provider: Persona, django_capture_on_commit_callbacks: Any
) -> None:
    application = make_draft(provider, isb_support="", title="National Forklift Skills")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(actor=provider.user, application=application)
    application.refresh_from_db()
    assert application.status == "submitted"
    assert application.rulebook_version == "2026"
    rules = {item["rule_id"] for item in application.precheck}
    assert {"WDC-support", "LOR-6.2a"} <= rules
    assert [m.subject for m in mail.outbox] == [f"{application.reference}: application submitted"]
    assert Notification.objects.filter(
        recipient_id=provider.user.pk, application=application
    ).exists()


def test_documents_are_removed_only_from_a_draft(make_draft: MakeDraft, developer: Persona) -> None:
    application = make_draft(developer)
    attachment = attach(developer, application, pdf_bytes(), "extra.pdf")
    services.attachment_remove(actor=developer.user, attachment=attachment)
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    kept = attach(developer, application, pdf_bytes(), "kept.pdf")
    services.application_submit(actor=developer.user, application=application)
    with pytest.raises(DomainError, match="only while the application is a draft"):
        services.attachment_remove(actor=developer.user, attachment=kept)
    with pytest.raises(DomainError, match="only to a draft"):
        attach(developer, application, pdf_bytes(), "late.pdf")


def test_an_accredited_providers_listing_can_be_accredited_again_only_once(
    provider: Persona, isb: Organisation, make_draft: MakeDraft
) -> None:
    assert provider.organisation is not None
    micro_credential = listed_micro_credential(developer=isb)
    accredit(provider.organisation, micro_credential)
    application = make_draft(
        provider, ApplicationType.ACCREDITATION, micro_credential=micro_credential
    )
    assert application.status == "draft"


def test_a_document_whose_record_rolls_back_leaves_no_file(
    make_draft: MakeDraft, developer: Persona, media: Any
) -> None:
    from unittest import mock

    application = make_draft(developer, complete=False)
    with (
        mock.patch("tohu.applications.services.common.audit.record", side_effect=RuntimeError("x")),
        pytest.raises(RuntimeError),
    ):
        attach(developer, application, pdf_bytes(), "letter.pdf")
    assert not Attachment.objects.exists()
    stored = [p for p in media.rglob("*") if p.is_file()]
    assert stored == []
