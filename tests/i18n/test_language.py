"""The interface's language: `<html lang>`, Accept-Language and the switch on every page."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from tests.conftest import Persona
from tohu.accounts.models import InterfacePreference
from tohu.core.languages import bcp47
from tohu.core.models import AuditEvent

pytestmark = pytest.mark.django_db

SWITCH = re.compile(r'<form class="language-switch" method="post" action="/i18n/setlang/">')


def html_lang(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found, "the page has no <html lang>"
    return found.group(1)


@pytest.mark.parametrize(("code", "tag"), [("en-nz", "en-NZ"), ("mi", "mi"), ("en_NZ", "en-NZ")])
def test_language_codes_become_bcp47_tags(code: str, tag: str) -> None:
    assert bcp47(code) == tag


def test_a_page_is_in_new_zealand_english_by_default(client: Client) -> None:
    response = client.get("/")
    assert html_lang(response.content.decode()) == "en-NZ"
    assert response["Content-Language"] == "en-nz"


def test_accept_language_mi_is_honoured(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "mi"})
    assert html_lang(response.content.decode()) == "mi"
    assert response["Content-Language"] == "mi"
    assert "Accept-Language" in response["Vary"]


def test_an_unknown_language_falls_back_to_english(client: Client) -> None:
    response = client.get("/", headers={"accept-language": "fr-FR, de;q=0.8"})
    assert html_lang(response.content.decode()) == "en-NZ"


@pytest.mark.parametrize(
    "path", ["/", "/verify/", "/sign-in/", "/applications/equivalency/statements/"]
)
def test_every_page_carries_the_switch_without_javascript(client: Client, path: str) -> None:
    response = client.get(path, follow=True)
    html = response.content.decode()
    assert SWITCH.search(html), path
    assert 'name="csrfmiddlewaretoken"' in html
    assert f'<input type="hidden" name="next" value="{path}">' in html
    # each language is a submit button named in its own language, tagged with it
    assert 'name="language" value="mi" lang="mi" aria-pressed="false">Te reo Māori</button>' in html
    assert 'name="language" value="en-nz" lang="en-NZ" aria-pressed="true">English</button>' in html


def test_the_switch_remembers_the_choice_and_returns_to_the_page() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/?q=forklift")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    assert token
    response = client.post(
        "/i18n/setlang/",
        {"language": "mi", "next": "/?q=forklift", "csrfmiddlewaretoken": token.group(1)},
    )
    assert response.status_code == 302
    assert response["Location"] == "/?q=forklift"
    html = client.get("/").content.decode()
    assert html_lang(html) == "mi"
    assert 'value="mi" lang="mi" aria-pressed="true"' in html
    # the cookie outweighs the browser's Accept-Language
    html = client.get("/", headers={"accept-language": "en-NZ"}).content.decode()
    assert html_lang(html) == "mi"


def test_the_switch_refuses_an_address_elsewhere(client: Client) -> None:
    response = client.post("/i18n/setlang/", {"language": "mi", "next": "https://example.com/"})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_maori_text_in_an_english_page_keeps_its_lang(client: Client) -> None:
    html = client.get("/").content.decode()
    assert html_lang(html) == "en-NZ"
    assert '<span lang="mi">Tohu</span>' in html


def test_a_signed_in_persons_choice_follows_them_to_their_next_sign_in(
    developer: Persona,
) -> None:
    response = developer.client.post("/i18n/setlang/", {"language": "mi", "next": "/dashboard/"})
    assert response.status_code == 302
    assert InterfacePreference.objects.get(user_id=developer.user.pk).language == "mi"

    def chosen() -> list[dict[str, object]]:
        events = AuditEvent.objects.filter(event="user.language_chosen", actor_id=developer.user.pk)
        return [event.detail for event in events.order_by("sequence")]

    assert chosen() == [{"language": "mi", "before": None}]

    # another browser, no cookie, an English Accept-Language: signing in brings the choice
    elsewhere = Client()
    elsewhere.force_login(get_user_model().objects.get(pk=developer.user.pk))
    page = elsewhere.get("/dashboard/", headers={"accept-language": "en-NZ"})
    assert html_lang(page.content.decode()) == "mi"
    assert page.cookies[settings.LANGUAGE_COOKIE_NAME].value == "mi"

    # choosing the same language again changes nothing and writes nothing to the audit log
    elsewhere.post("/i18n/setlang/", {"language": "mi", "next": "/"})
    assert len(chosen()) == 1
    elsewhere.post("/i18n/setlang/", {"language": "en-nz", "next": "/"})
    assert InterfacePreference.objects.get(user_id=developer.user.pk).language == "en-nz"
    assert html_lang(elsewhere.get("/dashboard/").content.decode()) == "en-NZ"
    assert chosen()[1:] == [{"language": "en-nz", "before": "mi"}]


def test_signing_out_leaves_the_choice_with_the_account_not_the_next_person(
    developer: Persona,
) -> None:
    developer.client.post("/i18n/setlang/", {"language": "mi", "next": "/"})
    anonymous = Client()
    assert html_lang(anonymous.get("/").content.decode()) == "en-NZ"
    assert not InterfacePreference.objects.exclude(user_id=developer.user.pk).exists()
