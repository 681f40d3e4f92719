"""Signing in and out: Django auth, django-axes throttling, and the audit log."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from axes.models import AccessFailureLog
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

from tohu.accounts.events import Event
from tohu.core.models import AuditChainHead, AuditEvent

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


@pytest.fixture
def person(db: None) -> User:
    return User.objects.create_user("hine", password=PASSWORD)


def _sign_in(
    client: Client, password: str, username: str = "hine", next_url: str = ""
) -> TestResponse:
    data = {"login": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post("/sign-in/", data)


def test_signing_in_goes_to_the_dashboard_and_is_audited(public: Client, person: User) -> None:
    response = _sign_in(public, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"
    assert public.session["_auth_user_id"] == str(person.pk)
    event = AuditEvent.objects.get(event=Event.USER_SIGNED_IN)
    assert event.actor_id == person.pk
    assert (event.subject_type, event.subject_id) == ("auth.user", str(person.pk))
    assert event.detail == {"ip_address": "127.0.0.1"}


def test_passwords_are_hashed_with_argon2(person: User) -> None:
    assert person.password.startswith("argon2")


def _chain_head() -> tuple[int, str]:
    head = AuditChainHead.objects.filter(id=1).first()
    return (head.last_sequence, head.last_hash) if head else (0, "")


def test_a_wrong_password_is_refused_and_logged_outside_the_audit_chain(
    public: Client, person: User
) -> None:
    head = _chain_head()
    response = _sign_in(public, "not the password")
    assert response.status_code == 200
    assert "The username or password is not right" in response.content.decode()
    assert "_auth_user_id" not in public.session
    # django-axes keeps the failure; the audit chain (and the register cache keyed by its head)
    # does not move
    failure = AccessFailureLog.objects.get()
    assert (failure.username, failure.ip_address) == ("hine", "127.0.0.1")
    assert _chain_head() == head
    assert not AuditEvent.objects.exists()


def test_an_empty_form_is_not_counted_as_an_attempt(public: Client) -> None:
    response = public.post("/sign-in/", {"login": "", "password": ""})
    assert response.status_code == 200
    assert not AccessFailureLog.objects.exists()
    assert not AuditEvent.objects.exists()


def test_next_leads_on_to_a_page_on_this_site(public: Client, person: User) -> None:
    response = _sign_in(public, PASSWORD, next_url="/organisations/")
    assert response["Location"] == "/organisations/"


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/"]
)
def test_next_never_leads_off_the_site(public: Client, person: User, next_url: str) -> None:
    response = _sign_in(public, PASSWORD, next_url=next_url)
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_the_sign_in_page_keeps_next(public: Client) -> None:
    page = public.get("/sign-in/?next=/organisations/").content.decode()
    assert 'name="next" value="/organisations/"' in page


def test_someone_signed_in_is_sent_on_from_the_sign_in_page(public: Client, person: User) -> None:
    public.force_login(person)
    response = public.get("/sign-in/")
    assert response.status_code == 302
    assert response["Location"] == "/dashboard/"


def test_signing_out_needs_a_post(public: Client, person: User) -> None:
    public.force_login(person)
    assert public.get("/sign-out/").status_code == 405
    assert "_auth_user_id" in public.session
    response = public.post("/sign-out/")
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert "_auth_user_id" not in public.session


def test_after_the_failure_limit_even_the_right_password_is_refused(
    public: Client, person: User
) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(public, "not the password")

    response = _sign_in(public, PASSWORD)

    page = response.content.decode()
    assert response.status_code == 429
    assert "Signing in is paused" in page
    assert "You can try again in 15 minutes" in page
    assert "_auth_user_id" not in public.session
    assert not AuditEvent.objects.exists()
    # failures while locked out do not touch the audit chain's head either
    assert _chain_head() == (0, "")
    assert AccessFailureLog.objects.filter(username="hine").count() >= settings.AXES_FAILURE_LIMIT


def test_the_lock_holds_the_username_and_address_pair_only(public: Client, person: User) -> None:
    User.objects.create_user("tama", password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(public, "not the password")

    response = _sign_in(Client(), PASSWORD, username="tama")

    assert response.status_code == 302
