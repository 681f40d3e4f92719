"""Passwords: the policy, a reset by email, a change, with limits and the audit log."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from tohu.accounts.events import Event
from tohu.accounts.models import PasswordResetRequest
from tohu.accounts.services import password_reset_request
from tohu.core.errors import NotAllowed
from tohu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

OLD = "correct horse battery staple"
NEW = "kererū flies over the harbour"


@pytest.fixture(autouse=True)
def _on_commit(django_capture_on_commit_callbacks) -> None:
    global _capture
    _capture = django_capture_on_commit_callbacks


_capture = None


def _ask(client: Client, email: str, address: str = "127.0.0.1") -> object:
    """Ask for a reset link; the email goes out after commit, which the test's transaction
    never reaches, so the request's callbacks run as it ends."""
    assert _capture is not None
    with _capture(execute=True):
        return client.post("/password-reset/", {"email": email}, REMOTE_ADDR=address)


@pytest.fixture
def hine(db: None) -> User:
    return User.objects.create_user(
        "hinemoa.tamihana", email="hinemoa@example.org.nz", password=OLD, first_name="Hinemoa"
    )


def _reset_link(client: Client, email: str, address: str = "127.0.0.1") -> str:
    response = _ask(client, email, address)
    assert response.status_code == 302  # type: ignore[attr-defined]
    assert response["Location"] == "/password-reset/sent/"  # type: ignore[index]
    (message,) = mail.outbox
    found = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", str(message.body))
    assert found is not None, message.body
    return found.group(1)


def _choose(client: Client, link: str, password: str) -> object:
    # Django first swaps the token in the link for one kept in the session
    form_url = client.get(link)["Location"]
    return client.post(form_url, {"new_password1": password, "new_password2": password})


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Tohu2026", "too short. It must contain at least 12 characters"),
        ("password1234", "too common"),
        ("qwertyuiop123", "too common"),
        ("123456789012", "entirely numeric"),
        ("hinemoa.tamihana1", "too similar to the username"),
        ("Tohu2026Tohu2026", "only the name of the service"),
        ("NZQA-password-2027", "only the name of the service"),
    ],
)
def test_a_weak_password_is_refused_with_the_reason(
    client: Client, hine: User, password: str, reason: str
) -> None:
    client.force_login(hine)
    response = client.post(
        "/account/password/",
        {"old_password": OLD, "new_password1": password, "new_password2": password},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    hine.refresh_from_db()
    assert hine.check_password(OLD)
    assert not AuditEvent.objects.filter(event=Event.PASSWORD_CHANGED).exists()


def test_changing_the_password_keeps_this_session_ends_others_and_is_audited(
    client: Client, hine: User
) -> None:
    elsewhere = Client()
    elsewhere.force_login(hine)
    client.force_login(hine)

    response = client.post(
        "/account/password/", {"old_password": OLD, "new_password1": NEW, "new_password2": NEW}
    )

    assert response["Location"] == "/account/password/changed/"
    hine.refresh_from_db()
    assert hine.check_password(NEW)
    assert client.get("/dashboard/").status_code == 200
    assert elsewhere.get("/dashboard/")["Location"].startswith("/sign-in/")
    event = AuditEvent.objects.get(event=Event.PASSWORD_CHANGED)
    assert (event.actor_id, event.subject_id) == (hine.pk, str(hine.pk))
    assert event.detail == {"ip_address": "127.0.0.1"}


def test_changing_needs_the_current_password(client: Client, hine: User) -> None:
    client.force_login(hine)
    response = client.post(
        "/account/password/",
        {"old_password": "not it at all", "new_password1": NEW, "new_password2": NEW},
    )
    assert "Your old password was entered incorrectly" in response.content.decode()
    hine.refresh_from_db()
    assert hine.check_password(OLD)


def test_the_change_page_sends_someone_signed_out_to_sign_in(client: Client) -> None:
    response = client.get("/account/password/")
    assert response.status_code == 302
    assert response["Location"] == "/sign-in/?next=/account/password/"


def test_a_reset_link_by_email_sets_a_new_password_once_and_does_not_sign_in(
    client: Client, hine: User
) -> None:
    link = _reset_link(client, "Hinemoa@Example.org.nz")

    assert _choose(client, link, "Tohu2026").status_code == 200  # type: ignore[attr-defined]
    response = _choose(client, link, NEW)

    assert response["Location"] == "/password-reset/done/"  # type: ignore[index]
    hine.refresh_from_db()
    assert hine.check_password(NEW)
    assert "_auth_user_id" not in client.session
    assert "This link does not work" in client.get(link, follow=True).content.decode()
    requested = AuditEvent.objects.get(event=Event.PASSWORD_RESET_REQUESTED)
    assert requested.detail == {"email": "hinemoa@example.org.nz", "ip_address": "127.0.0.1"}
    # asked by someone not signed in: nobody is named
    assert (requested.actor_id, requested.actor_label) == (None, "anonymous")
    reset = AuditEvent.objects.get(event=Event.PASSWORD_RESET)
    assert reset.actor_id == hine.pk
    signed_in = client.post("/sign-in/", {"login": hine.username, "password": NEW})
    assert signed_in.status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_email(client: Client, hine: User) -> None:
    response = client.post("/password-reset/", {"email": "nobody@example.org.nz"})
    assert response["Location"] == "/password-reset/sent/"
    assert mail.outbox == []
    # counted against the limits, but nobody writes to the audit chain by asking
    assert PasswordResetRequest.objects.count() == 1
    assert not AuditEvent.objects.filter(event=Event.PASSWORD_RESET_REQUESTED).exists()


def test_a_signed_in_person_who_asks_is_named_in_the_audit_log(client: Client, hine: User) -> None:
    client.force_login(hine)
    _reset_link(client, hine.email)
    requested = AuditEvent.objects.get(event=Event.PASSWORD_RESET_REQUESTED)
    assert (requested.actor_id, requested.actor_label) == (hine.pk, hine.username)


def test_a_deactivated_account_is_refused_and_nothing_is_counted(hine: User) -> None:
    hine.is_active = False
    with pytest.raises(NotAllowed):
        password_reset_request(
            actor=hine,
            email=hine.email,
            ip_address="127.0.0.1",
            known=True,
            send_links=lambda: None,
        )
    assert not PasswordResetRequest.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.PASSWORD_RESET_REQUESTED).exists()


def test_reset_requests_are_limited_per_address(client: Client, settings, hine: User) -> None:
    settings.TOHU_PASSWORD_RESETS_PER_HOUR = 3
    for n in range(3):
        _ask(client, f"someone{n}@example.org.nz")

    response = _ask(client, "hinemoa@example.org.nz")

    assert response.status_code == 429  # type: ignore[attr-defined]
    page = response.content.decode()  # type: ignore[attr-defined]
    assert "Reset links were asked for 3 times in the last hour" in page
    assert mail.outbox == []
    elsewhere = _ask(client, "hinemoa@example.org.nz", "10.0.0.9")
    assert elsewhere.status_code == 302  # type: ignore[attr-defined]
    assert len(mail.outbox) == 1


def test_reset_requests_are_limited_per_email_address(client: Client, settings, hine: User) -> None:
    settings.TOHU_PASSWORD_RESETS_PER_HOUR = 2
    for n in range(2):
        _ask(client, hine.email, f"10.0.0.{n}")

    response = _ask(client, hine.email, "10.0.0.7")

    assert response.status_code == 429  # type: ignore[attr-defined]
    assert len(mail.outbox) == 2


def test_a_reset_lifts_the_pause_on_the_account(client: Client, settings, hine: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/sign-in/", {"login": hine.username, "password": "wrong guess here"})
    assert client.post("/sign-in/", {"login": hine.username, "password": OLD}).status_code == 429

    _choose(client, _reset_link(client, hine.email), NEW)

    response = client.post("/sign-in/", {"login": hine.username, "password": NEW})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event=Event.USER_SIGNED_IN).count() == 1


def test_the_demo_password_meets_the_policy() -> None:
    from django.contrib.auth.password_validation import validate_password

    from tohu.demo.specs import DEMO_PASSWORD

    validate_password(DEMO_PASSWORD, User(username="evaluator", first_name="Aroha"))
