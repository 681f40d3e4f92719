"""Fields of study are reference data kept in the admin, with an audit trail."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import Client

from tohu.core.models import AuditEvent
from tohu.register.models import FieldOfStudy


def admin_client() -> Client:
    client = Client()
    registrar = get_user_model().objects.create_superuser("registrar", "registrar@example.nz", "-")
    client.force_login(registrar)
    return client


def test_adding_a_field_of_study_is_audited(db: None) -> None:
    response = admin_client().post(
        "/admin/register/fieldofstudy/add/",
        {"code": "091580", "level": "detailed", "name": "Te Reo Māori", "parent": "0915"},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert FieldOfStudy.objects.get(code="091580").name == "Te Reo Māori"
    event = AuditEvent.objects.get(event="field_of_study.changed")
    assert event.detail["action"] == "added"
    assert event.subject_id == "091580"


def test_deleting_a_field_of_study_is_audited(db: None) -> None:
    FieldOfStudy.objects.create(code="091581", level="detailed", name="Tikanga", parent_id="0915")
    response = admin_client().post("/admin/register/fieldofstudy/091581/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not FieldOfStudy.objects.filter(code="091581").exists()
    event = AuditEvent.objects.get(event="field_of_study.changed")
    assert (event.subject_id, event.detail["action"]) == ("091581", "deleted")
