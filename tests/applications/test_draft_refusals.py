"""The draft services refuse a kind the page never offers, whoever calls them: an application type
or a supporting document's purpose Tohu does not have. Nothing is written."""

from __future__ import annotations

import io

import pytest

from tests.applications.conftest import MakeDraft
from tests.conftest import Persona
from tohu.applications import services
from tohu.applications.models import Application, Attachment
from tohu.core.errors import DomainError
from tohu.core.models import AuditEvent


def test_an_application_type_tohu_does_not_have_is_refused(developer: Persona) -> None:
    assert developer.organisation is not None
    with pytest.raises(DomainError) as refused:
        services.application_create(
            actor=developer.user, organisation=developer.organisation, application_type="grant"
        )
    assert (refused.value.field, refused.value.message) == (
        "application_type",
        "'grant' is not an application type.",
    )
    assert not Application.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_document_purpose_tohu_does_not_have_is_refused(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer)
    attached = Attachment.objects.count()
    with pytest.raises(DomainError) as refused:
        services.attachment_add(
            actor=developer.user,
            application=application,
            stream=io.BytesIO(b"%PDF-1.4\n"),
            name="letter.pdf",
            size=9,
            purpose="horoscope",
        )
    assert refused.value.message == "'horoscope' is not a kind of supporting document."
    assert Attachment.objects.count() == attached
