"""Each role's dashboard: what it shows, to whom, and at a cost that does not grow."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tests.web.conftest import queries_for
from tohu.accounts.events import Event as AccountEvent
from tohu.core import audit, dashboards
from tohu.core.principal import SYSTEM
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register import services as register_services
from tohu.register.models import ListingStatus, MicroCredential

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 1)
# a three-year review period from this day falls due 30 days after TODAY
LISTED_FOR_REVIEW_SOON = date(2023, 7, 1)


@pytest.fixture(autouse=True)
def frozen_today() -> Iterator[None]:
    noon = datetime(2026, 6, 1, 12, 0, tzinfo=ZoneInfo("Pacific/Auckland"))
    with time_machine.travel(noon, tick=False):
        yield


def _listings(developer: Organisation, count: int, start: int) -> list[MicroCredential]:
    return [
        listed_micro_credential(
            developer=developer,
            listed_on=LISTED_FOR_REVIEW_SOON,
            listing_number=str(start + number),
            title=f"Kaitiakitanga Skills {start + number}",
            title_mi=f"Ngā Pūkenga Kaitiakitanga {start + number}",
        )
        for number in range(count)
    ]


def _expire(micro_credential: MicroCredential, *, ends_in_days: int) -> None:
    register_services.micro_credential_status_set(
        actor=SYSTEM,
        micro_credential=micro_credential,
        status=ListingStatus.EXPIRING,
        effective_on=TODAY,
        end_date=TODAY + timedelta(days=ends_in_days),
    )


def _populate(isb: Organisation, provider_org: Organisation, count: int, start: int) -> None:
    """List `count` micro-credentials: each due for review soon, expiring, newly accredited."""
    for micro_credential in _listings(isb, count, start):
        accredit(provider_org, micro_credential, granted_on=TODAY - timedelta(days=3))
        _expire(micro_credential, ends_in_days=60)


def test_the_quality_assurers_dashboard_shows_what_needs_attention(
    qa_manager: Persona, isb: Organisation, provider_org: Organisation
) -> None:
    _populate(isb, provider_org, 2, 2000)
    far_off = _listings(isb, 1, 3000)[0]
    _expire(far_off, ends_in_days=200)

    response = qa_manager.client.get("/dashboard/")

    (panel,) = response.context["panels"]
    assert panel.role == "Quality assurer"
    data = panel.context
    counts = {item.status: item.count for item in data["status_counts"]}
    assert counts == {"current": 0, "expiring": 3, "discontinued": 0, "removed": 0}
    assert [m.listing_number for m in data["expiring"].rows] == ["2000", "2001"]
    assert {m.listing_number for m in data["reviews_due"].rows} == {"2000", "2001", "3000"}
    assert len(data["accreditations"].rows) == 2
    assert data["events"][0].event == "micro_credential.status_changed"
    page = response.content.decode()
    assert "Ngā Pūkenga Kaitiakitanga 2000" in page
    assert "1 Jul 2026" in page


def test_an_evaluator_sees_only_register_events(
    quality_assurer: Persona, qa_manager: Persona, isb: Organisation
) -> None:
    _listings(isb, 1, 2000)
    audit.record(
        AccountEvent.USER_SIGNED_IN, actor=quality_assurer.user, subject=quality_assurer.user
    )

    evaluator_events = dashboards.recent_audit_events(quality_assurer.user)
    manager_events = dashboards.recent_audit_events(qa_manager.user)

    assert {event.event for event in evaluator_events} == {"micro_credential.listed"}
    assert "user.signed_in" in {event.event for event in manager_events}


def test_an_overdue_review_is_marked(quality_assurer: Persona, isb: Organisation) -> None:
    listed_micro_credential(developer=isb, listed_on=date(2023, 3, 1), listing_number="4000")
    page = quality_assurer.client.get("/dashboard/").content.decode()
    assert "Overdue" in page


def test_the_developers_dashboard_lists_their_own_micro_credentials(
    developer: Persona, isb: Organisation, outsider_org: Organisation
) -> None:
    _listings(isb, 2, 2000)
    listed_micro_credential(developer=outsider_org, listing_number="9000")

    response = developer.client.get("/dashboard/")

    (panel,) = response.context["panels"]
    assert panel.role == "Developer"
    assert [m.listing_number for m in panel.context["micro_credentials"].rows] == ["2000", "2001"]
    page = response.content.decode()
    assert "Current" in page
    assert "1 Jul 2026" in page


def test_the_providers_dashboard_lists_their_accreditations(
    provider: Persona, isb: Organisation, provider_org: Organisation, outsider_org: Organisation
) -> None:
    ours, theirs = _listings(isb, 2, 2000)
    accredit(provider_org, ours)
    accredit(outsider_org, theirs)

    response = provider.client.get("/dashboard/")

    roles = [panel.role for panel in response.context["panels"]]
    assert roles == ["Developer", "Provider"]
    provider_panel = response.context["panels"][1]
    rows = provider_panel.context["accreditations"].rows
    assert [a.micro_credential.listing_number for a in rows] == ["2000"]
    assert "Kaitiakitanga Skills 2000 (Micro-credential)" in response.content.decode()


def test_the_learners_dashboard_shows_their_nsn(learner: tuple[Persona, Learner]) -> None:
    persona, record = learner
    response = persona.client.get("/dashboard/")
    page = response.content.decode()
    assert [panel.role for panel in response.context["panels"]] == ["Learner"]
    assert "0012345678" in page
    assert record.full_name in page
    assert 'href="/achievements/record/"' in page


def test_someone_with_no_role_is_told_so(public: Client) -> None:
    public.force_login(User.objects.create_user("nobody"))
    page = public.get("/dashboard/").content.decode()
    assert "Your account has no role in Tohu yet" in page


def test_the_readers_give_nothing_to_someone_without_the_role(
    developer: Persona, isb: Organisation
) -> None:
    _listings(isb, 1, 2000)
    assert dashboards.listing_counts_by_status(developer.user) == []
    assert dashboards.listings_expiring_soon(developer.user, today=TODAY).rows == []
    assert dashboards.reviews_due_soon(developer.user, today=TODAY).rows == []
    assert dashboards.recent_audit_events(developer.user) == []
    assert dashboards.accreditations_granted_recently(developer.user, today=TODAY).rows == []
    assert dashboards.provider_accreditations(developer.user).rows == []


def test_long_lists_are_cut_and_say_so(developer: Persona, isb: Organisation) -> None:
    _listings(isb, dashboards.PANEL_ROWS + 1, 2000)
    rows = dashboards.developer_micro_credentials(developer.user)
    assert len(rows.rows) == dashboards.PANEL_ROWS
    assert rows.more


@pytest.mark.parametrize(
    ("persona_name", "most"),
    # the quality assurer's panel has one list more: overdue reviews. "Waiting on you" costs a
    # fixed 2 more (one for every application count, one for unread notifications), and 3 for
    # the quality assurer (reviews to accept)
    [("qa_manager", 13), ("developer", 7), ("provider", 8)],
)
def test_a_dashboard_costs_the_same_with_3_or_30_items(
    request: pytest.FixtureRequest,
    persona_name: str,
    most: int,
    isb: Organisation,
    provider_org: Organisation,
) -> None:
    persona: Persona = request.getfixturevalue(persona_name)
    # the provider persona develops too: give its organisation listings of its own
    developer_org = provider_org if persona_name == "provider" else isb
    _populate(developer_org, provider_org, 3, 2000)
    with_three = queries_for(persona.client, "/dashboard/")
    _populate(developer_org, provider_org, 27, 3000)
    with_thirty = queries_for(persona.client, "/dashboard/")
    assert with_three == with_thirty
    assert with_thirty <= most, with_thirty


def test_the_learners_dashboard_costs_little(learner: tuple[Persona, Learner]) -> None:
    persona, _ = learner
    assert queries_for(persona.client, "/dashboard/") <= 7
