"""An organisation's sign-in pages (/organisations/<slug>/sign-in/): its administrators add,
change, check, disable and remove its identity provider in the browser; the client secret is
write-only; bad input gets a message beside its field and changes nothing; everyone else is
refused."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import Client

from tests.conftest import Persona, _persona
from tohu.accounts import services
from tohu.accounts.events import Event
from tohu.accounts.models import IdentityProvider
from tohu.core.errors import DomainError, NotAllowed
from tohu.core.models import AuditEvent
from tohu.learners.models import Learner
from tohu.organisations import services as organisation_services
from tohu.organisations.models import Organisation, Role

pytestmark = pytest.mark.django_db

LIST = "/organisations/southern-skills/sign-in/"
EDIT = "/organisations/southern-skills/sign-in/southern-staff/"
REMOVE = "/organisations/southern-skills/sign-in/southern-staff/remove/"
SECRET = "Zq-very-secret-client-secret-41"
FORM = {
    "action": "save",
    "name": "Southern staff",
    "slug": "southern-staff",
    "issuer": "https://login.southern.example/tenant/",
    "client_id": "tohu-client",
    "client_secret": SECRET,
    "email_domains": "southern.example, Staff.Southern.example\n@mail.southern.example",
    "enabled": "on",
}


def _events(event: Event) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(event=event).order_by("sequence"))


@pytest.fixture
def configured(provider: Persona, provider_org: Organisation) -> IdentityProvider:
    return services.identity_provider_configure(
        actor=provider.user,
        organisation=provider_org,
        slug="southern-staff",
        name="Southern staff",
        issuer="https://login.southern.example/tenant",
        client_id="tohu-client",
        client_secret=SECRET,
        email_domains=["southern.example"],
    )


def test_the_organisation_page_leads_its_administrators_to_sign_in(
    provider: Persona, provider_org: Organisation
) -> None:
    page = provider.client.get("/organisations/southern-skills/").content.decode()
    assert 'href="/organisations/southern-skills/sign-in/"' in page
    staff = _persona("staff", provider_org, Role.STAFF)
    page = staff.client.get("/organisations/southern-skills/").content.decode()
    assert 'href="/organisations/southern-skills/sign-in/"' not in page


def test_an_administrator_adds_the_provider_and_the_secret_is_kept_encrypted(
    provider: Persona, provider_org: Organisation
) -> None:
    assert provider.client.get(LIST).status_code == 200

    response = provider.client.post(LIST, FORM)

    assert response.status_code == 302
    assert response["Location"] == EDIT
    made = IdentityProvider.objects.get(slug="southern-staff")
    assert made.organisation == provider_org
    assert made.issuer == "https://login.southern.example/tenant"
    assert made.email_domains == [
        "mail.southern.example",
        "southern.example",
        "staff.southern.example",
    ]
    assert made.enabled
    assert made.client_secret() == SECRET
    assert SECRET.encode() not in bytes(made.client_secret_sealed)
    (event,) = _events(Event.IDENTITY_PROVIDER_CONFIGURED)
    assert event.actor_id == provider.user.pk
    assert event.detail["created"] is True
    assert event.detail["secret_changed"] is True
    assert SECRET not in json.dumps(event.detail)
    page = provider.client.get(EDIT).content.decode()
    assert "http://testserver/accounts/oidc/southern-staff/login/callback/" in page
    assert SECRET not in page


def test_changing_the_provider_with_a_blank_secret_keeps_the_secret(
    provider: Persona, configured: IdentityProvider
) -> None:
    form = {**FORM, "name": "Southern people", "client_secret": "", "email_domains": ""}
    del form["slug"]

    response = provider.client.post(EDIT, form)

    assert response.status_code == 302
    configured.refresh_from_db()
    assert configured.name == "Southern people"
    assert configured.email_domains == []
    assert configured.client_secret() == SECRET
    event = _events(Event.IDENTITY_PROVIDER_CONFIGURED)[-1]
    assert event.detail["created"] is False
    assert event.detail["secret_changed"] is False

    provider.client.post(EDIT, {**form, "client_secret": "a new secret"})
    configured.refresh_from_db()
    assert configured.client_secret() == "a new secret"
    assert _events(Event.IDENTITY_PROVIDER_CONFIGURED)[-1].detail["secret_changed"] is True


def test_the_secret_is_never_shown_back(provider: Persona, configured: IdentityProvider) -> None:
    pages = [
        provider.client.get(LIST),
        provider.client.get(EDIT),
        provider.client.get(REMOVE),
        provider.client.get("/organisations/southern-skills/"),
        # a form sent back with an error, and after a check: the typed secret is not in it
        provider.client.post(EDIT, {**FORM, "issuer": "ftp://x", "client_secret": "typed-Zq1"}),
        provider.client.post(LIST, {**FORM, "slug": "other", "issuer": "nope"}),
        provider.client.post(EDIT, {**FORM, "action": "check", "issuer": "http://10.0.0.1/"}),
    ]
    for response in pages:
        page = response.content.decode()
        assert SECRET not in page
        assert "typed-Zq1" not in page
    assert 'type="password"' in pages[1].content.decode()
    assert "Leave blank to keep the secret" in pages[1].content.decode()


def test_disabling_the_provider_takes_its_button_off_the_sign_in_page(
    provider: Persona, configured: IdentityProvider
) -> None:
    assert "Sign in with Southern staff" in Client().get("/sign-in/").content.decode()
    form = {key: value for key, value in FORM.items() if key not in ("slug", "enabled")}

    provider.client.post(EDIT, {**form, "client_secret": ""})

    configured.refresh_from_db()
    assert not configured.enabled
    assert _events(Event.IDENTITY_PROVIDER_CONFIGURED)[-1].detail["enabled"] is False
    assert "Sign in with Southern staff" not in Client().get("/sign-in/").content.decode()
    assert "Disabled" in provider.client.get(LIST).content.decode()


def test_removing_the_provider_forgets_the_people_it_linked(
    provider: Persona, provider_org: Organisation, configured: IdentityProvider
) -> None:
    staff = _persona("hine", provider_org, Role.STAFF)
    SocialAccount.objects.create(user=staff.user, provider="southern-staff", uid="sub-1")
    assert "This cannot be undone" in provider.client.get(REMOVE).content.decode()

    response = provider.client.post(REMOVE)

    assert response.status_code == 302
    assert response["Location"] == LIST
    assert not IdentityProvider.objects.filter(slug="southern-staff").exists()
    assert not SocialAccount.objects.filter(provider="southern-staff").exists()
    (event,) = _events(Event.IDENTITY_PROVIDER_REMOVED)
    assert event.actor_id == provider.user.pk
    assert event.subject_id == str(configured.pk)
    assert event.detail["links_removed"] == 1
    assert "is removed" in provider.client.get(LIST).content.decode()


BAD = [
    ("issuer", "not an address", "must be a web address"),
    ("issuer", "http://login.southern.example", "must be an https address"),
    ("issuer", "http://127.0.0.1:8000/o", "must be an https address"),
    ("issuer", "https://10.1.2.3/realms/x", "inside a network"),
    ("issuer", "https://[::1]:8443/", "inside a network"),
    ("issuer", "https://user:pw@login.southern.example/", "no user name"),
    ("issuer", "https://login.southern.example/?tenant=1", "no user name"),
    ("issuer", "https://login.southern.example:99999/", "must be a web address"),
    ("issuer", "https://[::1/", "must be a web address"),
    ("issuer", "https://" + "a" * 300 + ".example", "at most 200 characters"),
    ("email_domains", "southern", "is not an email domain"),
    ("email_domains", "good.example, -bad-.example", "“-bad-.example” is not an email domain"),
    ("email_domains", "a..b.example", "is not an email domain"),
    ("email_domains", "hine@southern.example", "is not an email domain"),
    ("email_domains", "10.0.0.1", "is not an email domain"),
    ("email_domains", " ".join(f"d{n}.example" for n in range(21)), "at most 20"),
    ("slug", "Southern Staff", "lower-case letters"),
    ("slug", "-southern", "lower-case letters"),
    ("slug", "southern\x00staff", "Null characters are not allowed"),
    ("name", "   ", "This field is required"),
    ("name", "x" * 121, "at most 120 characters"),
    ("client_id", "tohu\x00", "Null characters are not allowed"),
    ("client_secret", "", "This field is required"),
]


@pytest.mark.parametrize(
    ("field", "value", "message"), BAD, ids=[f"{f}:{v[:30]!r}" for f, v, _ in BAD]
)
def test_bad_input_is_named_beside_its_field_and_changes_nothing(
    provider: Persona, field: str, value: str, message: str
) -> None:
    response = provider.client.post(LIST, {**FORM, field: value})

    assert response.status_code == 400
    page = response.content.decode()
    assert "The identity provider was not added" in page
    assert message in page.replace("&#x27;", "'").replace("&quot;", '"')
    assert f'href="#id_{field}"' in page
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.IDENTITY_PROVIDER_CONFIGURED).exists()


def test_bad_input_when_changing_leaves_the_provider_as_it_was(
    provider: Persona, configured: IdentityProvider
) -> None:
    before = IdentityProvider.objects.filter(pk=configured.pk).values().get()
    for field, value, _message in BAD:
        if field in ("slug", "client_secret"):
            continue
        response = provider.client.post(EDIT, {**FORM, field: value})
        assert response.status_code == 400, (field, value)
        assert "The changes were not saved" in response.content.decode()
    assert IdentityProvider.objects.filter(pk=configured.pk).values().get() == before
    assert len(_events(Event.IDENTITY_PROVIDER_CONFIGURED)) == 1


def test_a_loopback_issuer_over_http_is_for_development_only(
    provider: Persona, settings: Any
) -> None:
    local = {**FORM, "issuer": "http://127.0.0.1:8000/o"}
    assert provider.client.post(LIST, local).status_code == 400

    settings.TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK = True
    assert provider.client.post(LIST, local).status_code == 302
    assert IdentityProvider.objects.get().issuer == "http://127.0.0.1:8000/o"


def test_a_short_name_in_use_is_refused_and_the_provider_using_it_is_untouched(
    provider: Persona, outsider: Persona, outsider_org: Organisation
) -> None:
    theirs = services.identity_provider_configure(
        actor=outsider.user,
        organisation=outsider_org,
        slug="southern-staff",
        name="Northern staff",
        issuer="https://login.northern.example",
        client_id="north",
        client_secret="north secret",
    )
    response = provider.client.post(LIST, FORM)
    assert response.status_code == 400
    assert "Another organisation&#x27;s provider has this short name" in response.content.decode()
    theirs.refresh_from_db()
    assert theirs.organisation == outsider_org
    assert theirs.name == "Northern staff"
    assert theirs.client_secret() == "north secret"

    # and adding one again under its own short name does not change the first
    provider.client.post(LIST, {**FORM, "slug": "southern-one"})
    again = provider.client.post(LIST, {**FORM, "slug": "southern-one", "name": "Changed"})
    assert again.status_code == 400
    assert "already has a provider with this short name" in again.content.decode()
    assert IdentityProvider.objects.get(slug="southern-one").name == "Southern staff"


def test_odd_input_gets_an_answer_never_a_server_error(
    provider: Persona, configured: IdentityProvider
) -> None:
    odd = ["\x00", "²²²²", "‮https://x", "https://" + "é" * 80, "a" * 5000, "\n\r\t", "٣.٣"]
    for value in odd:
        for field in ("name", "slug", "issuer", "client_id", "client_secret", "email_domains"):
            for url in (LIST, EDIT):
                response = provider.client.post(url, {**FORM, field: value})
                assert response.status_code in (302, 400), (url, field, value)
        for url in (LIST, EDIT):
            response = provider.client.post(url, {**FORM, "issuer": value, "action": "check"})
            assert response.status_code == 200, (url, value)
            assert "The provider cannot be used yet" in response.content.decode()
    # text no form can send (a lone surrogate), given to the service itself
    with pytest.raises(DomainError) as refused:
        services.identity_provider_configure(
            actor=provider.user,
            organisation=configured.organisation,
            slug="southern-staff",
            name="Southern staff",
            issuer="https://login.southern.example",
            client_id="x",
            email_domains=["\ud800.example"],
        )
    assert refused.value.field == "email_domains"
    for url in (LIST + "?x=%00", EDIT + "%00/", "/organisations/southern-skills/sign-in/%ff/"):
        assert provider.client.get(url).status_code in (200, 400, 404)


@pytest.fixture
def discovery_server() -> Iterator[dict[str, Any]]:
    """A web server on a loopback address that answers with the document it is given."""
    served: dict[str, Any] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            served["asked"] = self.path
            body = json.dumps(served["document"]).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served["issuer"] = f"http://127.0.0.1:{server.server_address[1]}/o"
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_checking_the_issuer_reads_its_discovery_document_and_saves_nothing(
    provider: Persona, discovery_server: dict[str, Any], settings: Any
) -> None:
    settings.TOHU_IDENTITY_PROVIDERS_ALLOW_LOOPBACK = True
    issuer = discovery_server["issuer"]
    discovery_server["document"] = {
        "issuer": issuer,
        "authorization_endpoint": f"{issuer}/authorize/",
        "token_endpoint": f"{issuer}/token/",
        "jwks_uri": f"{issuer}/.well-known/jwks.json",
    }

    response = provider.client.post(LIST, {**FORM, "action": "check", "issuer": issuer + "/"})

    page = response.content.decode()
    assert response.status_code == 200
    assert discovery_server["asked"] == "/o/.well-known/openid-configuration"
    assert "The provider answered" in page
    assert f"{issuer}/authorize/" in page
    # what was typed is kept but the secret, which is asked for again
    assert 'value="Southern staff"' in page
    assert SECRET not in page
    assert "type it again before saving" in page
    assert not IdentityProvider.objects.exists()
    assert not AuditEvent.objects.filter(event=Event.IDENTITY_PROVIDER_CONFIGURED).exists()

    discovery_server["document"] = {
        **discovery_server["document"],
        "issuer": "https://evil.example",
    }
    page = provider.client.post(
        LIST, {**FORM, "action": "check", "issuer": issuer}
    ).content.decode()
    assert "The provider cannot be used yet" in page
    assert "names another issuer (https://evil.example)" in page

    discovery_server["document"] = {"issuer": issuer}
    page = provider.client.post(
        LIST, {**FORM, "action": "check", "issuer": issuer}
    ).content.decode()
    assert "does not give authorization_endpoint, token_endpoint, jwks_uri" in page

    discovery_server["document"] = ["not", "an", "object"]
    page = provider.client.post(
        LIST, {**FORM, "action": "check", "issuer": issuer}
    ).content.decode()
    assert "The discovery document is not a JSON object" in page


def test_the_check_never_fetches_from_inside_a_network(
    provider: Persona, configured: IdentityProvider, discovery_server: dict[str, Any]
) -> None:
    # loopback over http is not allowed here (production): nothing is fetched
    discovery_server["document"] = {}
    for issuer in (discovery_server["issuer"], "https://127.0.0.1:1/o", "https://169.254.169.254"):
        page = provider.client.post(EDIT, {**FORM, "action": "check", "issuer": issuer})
        assert "The provider cannot be used yet" in page.content.decode()
    assert "asked" not in discovery_server
    # a name that resolves to a loopback address is refused by the careful fetcher
    page = provider.client.post(
        EDIT, {**FORM, "action": "check", "issuer": "https://localhost:1/o"}
    )
    assert "Tohu does not fetch from there" in page.content.decode()


# ---- who may: the organisation's administrators, nobody else ---------------------------------


def _refused_everything(client: Client, *, expected: set[int], headers: dict[str, str]) -> None:
    for url in (LIST, EDIT, REMOVE):
        for method in ("get", "post"):
            data = {**FORM, "name": "Taken over"} if method == "post" else {}
            response = getattr(client, method)(url, data, headers=headers)
            assert response.status_code in expected, (url, method, response.status_code)
            assert "Southern staff" not in response.content.decode()


def test_everyone_but_the_organisation_s_administrators_is_refused(
    configured: IdentityProvider,
    provider: Persona,
    provider_org: Organisation,
    outsider: Persona,
    developer: Persona,
    quality_assurer: Persona,
    qa_manager: Persona,
    learner: tuple[Persona, Learner],
) -> None:
    staff = _persona("staff", provider_org, Role.STAFF)
    officer = _persona("officer", provider_org, Role.RESULTS_OFFICER)
    key = organisation_services.api_key_create(
        actor=provider.user,
        organisation=provider_org,
        name="every scope",
        scopes=["completions:read", "completions:write", "webhooks:manage"],
    ).plaintext
    before = IdentityProvider.objects.filter(pk=configured.pk).values().get()
    audit_rows = AuditEvent.objects.count()
    no_key: dict[str, str] = {}

    # the organisation's other members, and NZQA's staff, who see the organisation: 403
    for persona in (staff, officer, quality_assurer, qa_manager):
        _refused_everything(persona.client, expected={403}, headers=no_key)
    # another organisation's administrator, a developer, a learner: no such organisation
    for persona in (outsider, developer, learner[0]):
        _refused_everything(persona.client, expected={404}, headers=no_key)
    # nobody signed in, with or without an API key: the sign-in page
    _refused_everything(Client(), expected={302}, headers=no_key)
    _refused_everything(Client(), expected={302}, headers={"Authorization": f"Bearer {key}"})

    assert IdentityProvider.objects.filter(pk=configured.pk).values().get() == before
    assert AuditEvent.objects.count() == audit_rows
    assert Client().get(LIST)["Location"].startswith("/sign-in/")


def test_the_service_refuses_the_same_people(
    configured: IdentityProvider, provider_org: Organisation, outsider: Persona
) -> None:
    staff = _persona("staff", provider_org, Role.STAFF)
    for person in (staff.user, outsider.user):
        with pytest.raises(NotAllowed):
            services.identity_provider_remove(actor=person, provider=configured)
    assert IdentityProvider.objects.filter(pk=configured.pk).exists()


def test_a_provider_with_email_domains_speaks_only_for_addresses_there(
    configured: IdentityProvider,
) -> None:
    assert configured.allows_email("Hine@Southern.Example")
    assert not configured.allows_email("hine@northern.example")
    assert not configured.allows_email("hine@mail.southern.example")
    assert not configured.allows_email("no address")
    configured.email_domains = []
    assert configured.allows_email("hine@anywhere.example")
