"""The single-completion form: a picker of what the provider may award on the date, the
learner's name shown for the NSN, and a CSV template with the results file's exact header."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tests.achievements.conftest import LISTING
from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tohu.achievements import selectors
from tohu.achievements.results_file import COLUMNS
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential


def test_the_picker_offers_what_the_provider_may_award_on_the_day(
    forklift: MicroCredential, isb: Organisation, provider_org: Organisation
) -> None:
    later = listed_micro_credential(developer=isb, listing_number="7777", title="Barista Basics")
    accredit(provider_org, later, granted_on=date(2025, 5, 1))
    listed_micro_credential(developer=isb, listing_number="8888", title="Not ours")
    on_day = selectors.micro_credentials_awardable(provider_org, date(2025, 6, 1))
    assert [a.listing_number for a in on_day] == [LISTING, "7777"]
    assert "Barista Basics (Micro-credential), level" in on_day[1].label
    before = selectors.micro_credentials_awardable(provider_org, date(2025, 4, 1))
    assert [a.listing_number for a in before] == [LISTING]  # 7777 accredited from May


def test_the_form_page_lists_the_choices_and_the_date_fragment_changes_them(
    forklift: MicroCredential, provider: Persona
) -> None:
    assert provider.organisation is not None
    slug = provider.organisation.slug
    page = provider.client.get(reverse("achievements:report", args=[slug])).content.decode()
    assert f'<option value="{LISTING}">' in page
    assert 'value="2025-06-16"' in page  # today, to start with
    url = reverse("achievements:report-choices", args=[slug])
    before = provider.client.get(url, {"date_of_achievement": "2024-01-01"}).content.decode()
    assert f'<option value="{LISTING}">' not in before
    assert "may not award any micro-credential on 1 Jan 2024" in before


def test_without_javascript_a_new_date_lists_its_choices_and_keeps_what_was_typed(
    forklift: MicroCredential, provider: Persona
) -> None:
    assert provider.organisation is not None
    url = reverse("achievements:report", args=[provider.organisation.slug])
    page = provider.client.get(url).content.decode()
    assert "<noscript><button" in page
    assert 'formmethod="get"' in page
    typed = {"date_of_achievement": "2024-01-01", "nsn": "0000012345", "family_name": "Ngātā"}
    again = provider.client.get(url, {**typed, "show": "choices"}).content.decode()
    assert f'<option value="{LISTING}">' not in again  # not accredited on 1 January 2024
    assert "may not award any micro-credential on 1 Jan 2024" in again
    assert 'value="0000012345"' in again
    assert 'value="Ngātā"' in again


def test_the_nsn_lookup_shows_the_learners_name_to_confirm(
    provider: Persona, learners: list[Learner]
) -> None:
    assert provider.organisation is not None
    url = reverse("achievements:report-learner", args=[provider.organisation.slug])
    found = provider.client.get(url, {"nsn": "0000012345"}).content.decode()
    assert "Mere Ānahera Ngātā" in found
    assert "born 3 Feb 1999" in found
    missing = provider.client.get(url, {"nsn": "12345"}).content.decode()
    assert "NSN 12345 is not in the learner index" in missing
    assert "leading zeros" in missing
    bad = provider.client.get(url, {"nsn": "12a"}).content.decode()
    assert "is not an NSN" in bad


def test_only_people_reporting_for_the_provider_may_look_learners_up(
    outsider: Persona, provider_org: Organisation, learners: list[Learner]
) -> None:
    url = reverse("achievements:report-learner", args=[provider_org.slug])
    assert outsider.client.get(url, {"nsn": "0000012345"}).status_code == 404


def test_the_csv_template_has_the_exact_header(public: object) -> None:
    from django.test import Client

    response = Client().get(reverse("achievements:results-template"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode() == ",".join(COLUMNS) + "\r\n"
    assert response.content.startswith(b"nsn,listing_number,date_of_achievement,")
