"""Every achievement page in Chromium passes axe-core (WCAG 2.x A and AA): the learner's share
links and the employer's view, the provider's report form, search and completion history, and
the quality assurer's search and figures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser.conftest import open_page, sign_in_as
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tohu.achievements.models import Channel, Completion
from tohu.achievements.results_file import RowsSource
from tohu.achievements.services import records, results_import
from tohu.core import clock
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


def _check(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status in (200, 404), url
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    assert not violations, (url, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations])


def test_the_achievement_pages_pass_axe(
    browser: Browser,
    live_server: Any,
    provider: Persona,
    quality_assurer: Persona,
    learner: tuple[Persona, Learner],
    isb: Organisation,
) -> None:
    assert provider.organisation is not None
    micro_credential = listed_micro_credential(developer=isb, listing_number="4321")
    accredit(provider.organisation, micro_credential)
    day = (clock.today() - timedelta(days=10)).isoformat()
    items = [{"nsn": learner[1].nsn, "listing_number": "4321", "date_of_achievement": day}]
    results_import(
        reporter=provider.user,
        provider=provider.organisation,
        source=RowsSource(items=items),
        channel=Channel.FORM,
    )
    completion = Completion.objects.get()
    issued = records.share_link_create(
        actor=learner[0].user, learner=learner[1], label="Kiwi Freight", days=30
    )
    url = live_server.url
    slug = provider.organisation.slug
    for persona, paths in (
        (
            learner[0],
            ["/achievements/record/share/", f"/achievements/shared/{issued.token}/"],
        ),
        (
            provider,
            [
                f"/achievements/provider/{slug}/report/",
                f"/achievements/provider/{slug}/completions/",
                f"/achievements/provider/{slug}/batches/{completion.batch_id}/",
                f"/achievements/completions/{completion.pk}/",
            ],
        ),
        (
            quality_assurer,
            [
                f"/achievements/search/?nsn={learner[1].nsn}",
                "/achievements/figures/",
                "/achievements/shared/no-such-token/",
            ],
        ),
    ):
        context, page = open_page(browser)
        try:
            sign_in_as(context, persona.client, url)
            for path in paths:
                _check(page, f"{url}{path}")
        finally:
            context.close()
