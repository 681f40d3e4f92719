"""The learner's Record of Achievement, its PDF and share links; who may see them."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.achievements.conftest import HEADER, csv_bytes, import_file
from tests.conftest import Persona
from tests.factories import LearnerFactory, accredit, listed_micro_credential
from tohu.achievements.models import ShareLink
from tohu.achievements.services import records
from tohu.core.errors import NotAllowed
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential

RECORD = reverse("achievements:record")


@pytest.fixture
def recorded(
    provider: Persona, forklift: MicroCredential, learner: tuple[Persona, Learner]
) -> Learner:
    """The learner persona (NSN 0012345678) holds the forklift micro-credential."""
    import_file(provider, csv_bytes(HEADER, "0012345678,4321,2025-05-01"))
    return learner[1]


def test_the_learner_sees_their_record_with_totals(
    learner: tuple[Persona, Learner], recorded: Learner
) -> None:
    response = learner[0].client.get(RECORD)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Introduction to Forklift Operation (Micro-credential)" in page
    assert "Southern Skills Academy" in page
    assert "1 May 2025" in page
    assert "Total: 1 micro-credential" in page


def test_a_withdrawn_completion_leaves_the_record(
    provider: Persona, learner: tuple[Persona, Learner], recorded: Learner
) -> None:
    completion = recorded_completion(recorded)
    records.completion_withdraw(actor=provider.user, completion=completion, reason="Wrong person.")
    page = learner[0].client.get(RECORD).content.decode()
    assert "Forklift" not in page
    assert "No micro-credentials are on your record yet." in page


def recorded_completion(learner: Learner):
    from tohu.achievements.models import Completion

    return Completion.objects.get(nsn=learner.nsn, status="recorded")


@pytest.mark.parametrize("who", ["provider", "outsider", "quality_assurer", "developer"])
def test_someone_without_a_learner_account_has_no_record_page(
    who: str, request: pytest.FixtureRequest
) -> None:
    persona: Persona = request.getfixturevalue(who)
    assert persona.client.get(RECORD).status_code == 404
    assert persona.client.get(reverse("achievements:record-pdf")).status_code == 404
    assert persona.client.get(reverse("achievements:share-links")).status_code == 404


def test_the_public_is_sent_to_sign_in(public: Client) -> None:
    response = public.get(RECORD)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign-in"))


def test_a_learner_sees_only_their_own_record(
    learner: tuple[Persona, Learner],
    provider: Persona,
    forklift: MicroCredential,
) -> None:
    other = LearnerFactory.create(nsn="0099999999", family_name="Other")
    import_file(provider, csv_bytes(HEADER, f"{other.nsn},4321,2025-05-01"))
    page = learner[0].client.get(RECORD).content.decode()
    assert "0099999999" not in page
    assert "Forklift" not in page


def test_the_record_page_takes_the_same_queries_for_200_completions(
    learner: tuple[Persona, Learner],
    isb: Organisation,
    provider: Persona,
) -> None:
    organisation = provider.organisation
    assert organisation is not None
    persona, me = learner

    def page_queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert persona.client.get(RECORD).status_code == 200
        return len(captured)

    def award(count: int, start: int) -> None:
        lines = [HEADER]
        for n in range(start, start + count):
            micro_credential = listed_micro_credential(
                developer=isb, listing_number=str(5000 + n), title=f"Skill {n}"
            )
            accredit(organisation, micro_credential)
            lines.append(f"{me.nsn},{5000 + n},2025-05-01")
        assert import_file(provider, csv_bytes(*lines)).outcome.rows_recorded == count

    award(1, 0)
    one = page_queries()
    # session, user, memberships, the linked learner (shared by navigation and page), the rows
    assert one <= 5
    award(199, 1)
    assert "Total: 200 micro-credentials" in persona.client.get(RECORD).content.decode()
    assert page_queries() == one


def test_the_record_downloads_as_a_pdf(learner: tuple[Persona, Learner], recorded: Learner) -> None:
    response = learner[0].client.get(reverse("achievements:record-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "record-of-achievement-0012345678.pdf" in response["Content-Disposition"]


def _make_link(client: Client, days: int = 30) -> str:
    response = client.post(
        reverse("achievements:share-links"), {"label": "Kiwi Freight Ltd", "days": days}
    )
    assert response.status_code == 201
    url: str = response.context["url"]
    return url.removeprefix("http://testserver")


def test_an_employer_opens_a_share_link_and_sees_a_verified_record(
    learner: tuple[Persona, Learner], recorded: Learner, public: Client
) -> None:
    url = _make_link(learner[0].client)
    response = public.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Verified by Tohu" in page
    assert "Introduction to Forklift Operation" in page
    assert response["X-Robots-Tag"] == "noindex"
    link = ShareLink.objects.get()
    assert link.views == 1
    assert url.rsplit("/", 2)[1] not in link.token_hash


def test_a_share_link_past_its_expiry_shows_nothing(
    learner: tuple[Persona, Learner], recorded: Learner, public: Client
) -> None:
    url = _make_link(learner[0].client, days=7)
    with time_machine.travel(timedelta(days=7, seconds=1)):
        response = public.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert "This link is no longer valid" in page
    assert "Forklift" not in page
    assert "0012345678" not in page


def test_a_revoked_share_link_shows_nothing(
    learner: tuple[Persona, Learner], recorded: Learner, public: Client
) -> None:
    url = _make_link(learner[0].client)
    link = ShareLink.objects.get()
    response = learner[0].client.post(reverse("achievements:share-link-revoke", args=[link.pk]))
    assert response.status_code == 302
    response = public.get(url)
    assert response.status_code == 404
    assert "Forklift" not in response.content.decode()


def test_a_made_up_token_shows_nothing(public: Client, db: None) -> None:
    response = public.get(reverse("achievements:shared", args=["not-a-real-token"]))
    assert response.status_code == 404


def test_only_the_learner_revokes_their_links(
    learner: tuple[Persona, Learner], recorded: Learner, outsider: Persona
) -> None:
    _make_link(learner[0].client)
    link = ShareLink.objects.get()
    url = reverse("achievements:share-link-revoke", args=[link.pk])
    assert outsider.client.post(url).status_code == 404
    with pytest.raises(NotAllowed):
        records.share_link_revoke(actor=outsider.user, link=link)
    assert ShareLink.objects.get().revoked_at is None


def test_a_share_link_needs_a_label_and_a_sensible_expiry(
    learner: tuple[Persona, Learner], recorded: Learner
) -> None:
    client = learner[0].client
    response = client.post(reverse("achievements:share-links"), {"label": "", "days": 30})
    assert response.status_code == 400
    response = client.post(reverse("achievements:share-links"), {"label": "X", "days": 9999})
    assert response.status_code == 400
    assert ShareLink.objects.count() == 0
