"""Second factors: required for the quality assurer's staff and organisations' administrators,
optional for everyone else; asked for at sign-in; every change audited."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import Persona
from tests.factories import TOTP_SECRET, OrganisationFactory, enrol_totp, totp_code
from tohu.accounts.events import Event
from tohu.core.models import AuditEvent
from tohu.organisations.models import Membership, Organisation, OrganisationType, Role

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"


def _person(username: str, organisation: Organisation | None = None, role: str = "") -> User:
    user = User.objects.create_user(username, f"{username}@example.org.nz", PASSWORD)
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def nzqa_org(db: None) -> Organisation:
    return OrganisationFactory.create(slug="nzqa", org_type=OrganisationType.NZQA)


@pytest.fixture
def pte(db: None) -> Organisation:
    return OrganisationFactory.create(slug="pte", org_type=OrganisationType.PTE)


def _sign_in(client: Client, username: str) -> str:
    response = client.post("/sign-in/", {"login": username, "password": PASSWORD})
    assert response.status_code == 302
    return str(response["Location"])


@pytest.mark.parametrize(
    ("org", "role"),
    [
        ("nzqa_org", Role.EVALUATOR),
        ("nzqa_org", Role.MANAGER),
        ("nzqa_org", Role.STAFF),
        ("pte", Role.ADMIN),
    ],
)
def test_those_who_must_use_a_second_factor_are_sent_to_set_one_up_first(
    request: pytest.FixtureRequest, client: Client, org: str, role: str
) -> None:
    person = _person("hemi", request.getfixturevalue(org), role)
    assert _sign_in(client, "hemi") == "/dashboard/"

    for page in ["/dashboard/", "/organisations/", "/reviews/", "/account/password/"]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == "/accounts/2fa/"
    page = client.get("/accounts/2fa/").content.decode()
    assert "Your role needs a second factor to sign in" in page
    # allauth asks for the password again before a second factor is set up
    assert client.get("/accounts/2fa/totp/activate/")["Location"].startswith(
        "/accounts/reauthenticate/"
    )
    _reauthenticate(client)
    assert client.get("/accounts/2fa/totp/activate/").status_code == 200

    enrol_totp(person)
    assert client.get("/dashboard/").status_code == 200


@pytest.mark.parametrize("role", [Role.STAFF, Role.RESULTS_OFFICER])
def test_a_provider_s_staff_may_choose_and_are_not_sent(
    client: Client, pte: Organisation, role: str
) -> None:
    _person("mere", pte, role)
    _sign_in(client, "mere")
    assert client.get("/dashboard/").status_code == 200
    assert client.get("/accounts/2fa/").status_code == 200


def test_a_learner_may_choose_and_is_not_sent(client: Client) -> None:
    _person("tama")
    _sign_in(client, "tama")
    assert client.get("/dashboard/").status_code == 200


def test_signing_in_asks_for_the_code_and_audits_only_after_it(
    client: Client, nzqa_org: Organisation
) -> None:
    person = _person("aroha", nzqa_org, Role.EVALUATOR)
    enrol_totp(person)

    assert _sign_in(client, "aroha") == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    assert client.get("/dashboard/").status_code == 302
    assert not AuditEvent.objects.filter(event=Event.USER_SIGNED_IN).exists()

    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "Incorrect code" in wrong.content.decode()
    right = client.post("/accounts/2fa/authenticate/", {"code": totp_code(TOTP_SECRET)})

    assert right.status_code == 302
    assert right["Location"] == "/dashboard/"
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.get("/dashboard/").status_code == 200
    assert AuditEvent.objects.filter(event=Event.USER_SIGNED_IN, actor_id=person.pk).count() == 1


def _reauthenticate(client: Client) -> None:
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def _activate_totp(client: Client) -> tuple[str, list[str]]:
    _reauthenticate(client)
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    found = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page) or re.search(
        r'value="([A-Z2-7]{32})"', page
    )
    assert found is not None, page
    secret = found.group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": totp_code(secret)})
    assert response.status_code == 302
    codes_page = client.get("/accounts/2fa/recovery-codes/").content.decode()
    codes = re.findall(r"\b([0-9a-f]{8})\b", codes_page)
    return secret, codes


def test_setting_up_an_authenticator_app_makes_recovery_codes_and_is_audited(
    client: Client, nzqa_org: Organisation
) -> None:
    person = _person("rawiri", nzqa_org, Role.MANAGER)
    _sign_in(client, "rawiri")

    _secret, codes = _activate_totp(client)

    assert len(codes) >= 8
    assert client.get("/dashboard/").status_code == 200
    types = set(Authenticator.objects.filter(user=person).values_list("type", flat=True))
    assert types == {"totp", "recovery_codes"}
    added = AuditEvent.objects.filter(event=Event.SECOND_FACTOR_ADDED, actor_id=person.pk)
    assert {event.detail["type"] for event in added} >= {"totp"}


def test_a_recovery_code_signs_in_once(client: Client, nzqa_org: Organisation) -> None:
    _person("wiremu", nzqa_org, Role.EVALUATOR)
    _sign_in(client, "wiremu")
    _secret, codes = _activate_totp(client)
    client.post("/sign-out/")

    _sign_in(client, "wiremu")
    assert client.post("/accounts/2fa/authenticate/", {"code": codes[0]}).status_code == 302
    client.post("/sign-out/")

    _sign_in(client, "wiremu")
    again = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert again.status_code == 200
    assert "_auth_user_id" not in client.session


def test_someone_signed_out_is_sent_to_sign_in_from_the_second_factor_pages(
    client: Client,
) -> None:
    for page in ["/accounts/2fa/", "/accounts/2fa/totp/activate/", "/accounts/2fa/webauthn/"]:
        response = client.get(page)
        assert response.status_code == 302, page
        assert "/sign-in/" in response["Location"] or "/accounts/login/" in response["Location"]


def test_the_admin_sign_in_page_sends_people_to_tohu_s_own(client: Client) -> None:
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


@pytest.mark.parametrize(
    "page", ["/accounts/signup/", "/accounts/password/reset/", "/accounts/email/"]
)
def test_allauth_pages_tohu_does_its_own_way_are_not_offered(client: Client, page: str) -> None:
    assert client.get(page).status_code == 404


def test_the_linked_accounts_page_is_not_offered(provider: Persona) -> None:
    # sign-in through an organisation's provider links a person by itself; the page would list
    # every organisation's enabled provider to anyone signed in
    assert provider.client.get("/accounts/3rdparty/").status_code == 404
    # the pages the sign-in itself needs stay (its error page answers 401, as allauth draws it)
    assert provider.client.get("/accounts/3rdparty/login/error/").status_code == 401
