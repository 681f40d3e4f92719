"""A background save keeps every valid field and names each invalid one beside it; a save from
a page whose session ended, or of an application no longer open, says so plainly."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.applications.conftest import MakeDraft
from tests.applications.test_pages import _form_data
from tests.conftest import Persona

HTMX = {"HX-Request": "true"}


def test_an_invalid_level_does_not_stop_the_other_fields_saving(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer, complete=False)
    data = {
        **_form_data(application),
        "level": "12",
        "credits": "5",
        "nzsced_code": "030399",
        "review_period_years": "3",
    }
    url = reverse("applications:edit", args=[application.pk])
    response = developer.client.post(url, data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    application.refresh_from_db()
    assert (application.credits, application.nzsced_code, application.review_period_years) == (
        5,
        "030399",
        3,
    )
    assert application.level is None
    assert 'data-invalid="level "' in html
    assert "Not saved: NZQCF level must be from 1 to 10 (LOR-3-level)." in html
    assert 'id="id_level-errors"' in html
    assert 'except <a href="#id_level">NZQCF level</a>' in html
    precheck = html[html.index('id="precheck"') :]
    assert "Not saved" in precheck
    assert f'value="{application.edit_version}"' in html  # the next save builds on this one


def test_a_save_after_the_session_ended_answers_401(
    make_draft: MakeDraft, developer: Persona
) -> None:
    application = make_draft(developer, complete=False)
    url = reverse("applications:edit", args=[application.pk])
    response = Client().post(url, _form_data(application), headers=HTMX)
    assert response.status_code == 401
    assert Client().get(url).status_code == 302  # a page load still goes to sign-in


def test_a_save_of_a_submitted_application_says_it_is_closed(
    make_draft: MakeDraft, developer: Persona
) -> None:
    from tohu.applications import services

    application = make_draft(developer)
    data = _form_data(application)
    services.application_submit(actor=developer.user, application=application)
    url = reverse("applications:edit", args=[application.pk])
    response = developer.client.post(url, data, headers=HTMX)
    assert response.status_code == 409
    assert "it can no longer be edited" in response.content.decode()
