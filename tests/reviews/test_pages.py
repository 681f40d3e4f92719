"""The review pages: who may open each, what they show, and how many queries a list takes."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.conftest import Persona
from tests.factories import accredit, listed_micro_credential
from tests.reviews.conftest import DEVELOPER_ANSWERS, queries_for, submit_developer_review
from tests.reviews.test_transition import GOOD_ROWS, HEADER, scheme_file
from tohu.organisations.models import Organisation
from tohu.register.models import ListingStatus, MicroCredential
from tohu.reviews import services
from tohu.reviews.models import Review, ReviewStatus, TrainingScheme

pytestmark = pytest.mark.django_db


def _url(name: str, *args: object) -> str:
    return reverse(f"reviews:{name}", args=args)


def test_the_quality_assurer_sees_every_review(
    quality_assurer: Persona, reviews: dict[str, Review]
) -> None:
    page = quality_assurer.client.get(_url("list")).content.decode()
    assert "2 reviews" in page
    assert "Developer review" in page
    assert "Provider review" in page


def test_a_provider_lists_only_its_own_reviews(
    provider: Persona, reviews: dict[str, Review]
) -> None:
    page = provider.client.get(_url("list")).content.decode()
    assert "1 review" in page
    assert "Provider review" in page
    assert "Developer review</td>" not in page


def test_the_list_filters_and_reports_a_bad_filter(
    quality_assurer: Persona, reviews: dict[str, Review]
) -> None:
    assert (
        "1 review" in quality_assurer.client.get(_url("list") + "?kind=provider").content.decode()
    )
    bad = quality_assurer.client.get(_url("list") + "?due_from=soon").content.decode()
    assert "is not a date" in bad


def test_the_csv_export_has_the_filtered_rows(
    quality_assurer: Persona, reviews: dict[str, Review]
) -> None:
    response = quality_assurer.client.get(_url("export") + "?kind=developer")
    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert lines[0].startswith("reference,title,kind")
    assert len(lines) == 2
    assert ",Developer review," in lines[1]
    assert quality_assurer.client.get(_url("export") + "?status=nope").status_code == 400


def test_the_csv_export_keeps_a_title_from_running_as_a_formula(
    quality_assurer: Persona, reviews: dict[str, Review]
) -> None:
    from tohu.register.models import MicroCredentialVersion

    MicroCredentialVersion.objects.filter(
        micro_credential=reviews["developer"].micro_credential
    ).update(title="=HYPERLINK(1)")
    response = quality_assurer.client.get(_url("export") + "?kind=developer")
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 2
    assert ",'=HYPERLINK(1)" in lines[1]
    assert ",=HYPERLINK" not in lines[1]


def test_the_outsider_exports_nothing_of_others(
    outsider: Persona, reviews: dict[str, Review]
) -> None:
    response = outsider.client.get(_url("export"))
    lines = b"".join(response.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert len(lines) == 1


def test_the_list_costs_the_same_queries_however_many_reviews(
    quality_assurer: Persona,
    isb: Organisation,
    provider_org: Organisation,
    outsider_org: Organisation,
    today: date,
) -> None:
    listing = listed_micro_credential(developer=isb, listed_on=date(2024, 3, 1))
    accredit(provider_org, listing)
    services.reviews_schedule()
    few = queries_for(quality_assurer.client, _url("list"))
    for number in range(4):
        more = listed_micro_credential(developer=isb, listed_on=date(2024, 4, 1 + number))
        accredit(outsider_org, more)
    services.reviews_schedule()
    assert queries_for(quality_assurer.client, _url("list")) == few
    overdue_page = queries_for(quality_assurer.client, _url("overdue"))
    assert overdue_page <= few + 1


def test_the_developer_saves_a_draft_then_submits(
    developer: Persona, developer_review: Review
) -> None:
    url = _url("report", developer_review.pk)
    assert developer.client.get(url).status_code == 200
    response = developer.client.post(url, {"save": "1", "updates_needed": "Update outcome 2."})
    assert response.status_code == 302
    developer_review.refresh_from_db()
    assert developer_review.updates_needed == "Update outcome 2."
    incomplete = developer.client.post(url, {"submit": "1"})
    assert incomplete.status_code == 400
    assert "Give the evidence of need" in incomplete.content.decode()
    form = {**DEVELOPER_ANSWERS, "evidence_of_need": "yes", "submit": "1"}
    assert developer.client.post(url, form).status_code == 302
    developer_review.refresh_from_db()
    assert developer_review.status == ReviewStatus.SUBMITTED
    again = developer.client.get(url)
    assert again.status_code == 302
    assert again["Location"] == _url("detail", developer_review.pk)


def test_the_provider_report_prefills_completions_from_the_record(
    provider: Persona, provider_review: Review, listed: MicroCredential, provider_org: Organisation
) -> None:
    from django.utils import timezone

    from tohu.achievements.models import Completion

    assert listed.current_version is not None
    for number, day in enumerate([date(2024, 5, 1), date(2026, 7, 1), date(2023, 1, 1)]):
        Completion.objects.create(
            nsn=f"00123456{number}",
            micro_credential=listed,
            version=listed.current_version,
            provider=provider_org,
            date_of_achievement=day,
            reported_on=day,
            created_at=timezone.now(),
        )
    page = provider.client.get(_url("report", provider_review.pk)).content.decode()
    assert "pre-filled from the New Zealand Record of Achievement" in page
    assert 'name="completions" value="2"' in page


def test_the_quality_assurer_accepts_and_the_register_shows_expiring(
    quality_assurer: Persona, developer: Persona, developer_review: Review, listed: MicroCredential
) -> None:
    submit_developer_review(developer, developer_review, outcome="do_not_continue")
    response = quality_assurer.client.post(
        _url("decide", developer_review.pk), {"decision": "accept", "reasons": "Agreed."}
    )
    assert response.status_code == 302
    listed.refresh_from_db()
    assert listed.status == ListingStatus.EXPIRING
    page = quality_assurer.client.get(_url("detail", developer_review.pk)).content.decode()
    assert "Expiring; discontinued after" in page


def test_returning_without_reasons_shows_the_error(
    quality_assurer: Persona, submitted: Review
) -> None:
    response = quality_assurer.client.post(
        _url("decide", submitted.pk), {"decision": "return", "reasons": ""}
    )
    assert response.status_code == 400
    assert "Say why the report goes back" in response.content.decode()


def test_escalation_is_recorded_from_the_page(
    quality_assurer: Persona, developer_review: Review, today: date
) -> None:
    response = quality_assurer.client.post(
        _url("escalate", developer_review.pk),
        {
            "step": "rule16_notice",
            "occurred_on": "2027-01-09",
            "note": "Developer asked for a remedial plan.",
        },
    )
    assert response.status_code == 302
    assert (
        "Rule 16: developer notified"
        in quality_assurer.client.get(_url("detail", developer_review.pk)).content.decode()
    )


def test_the_quality_assurer_sets_a_period_on_its_page(
    quality_assurer: Persona, listed: MicroCredential
) -> None:
    url = _url("period", listed.listing_number)
    assert quality_assurer.client.get(url).status_code == 200
    assert (
        quality_assurer.client.post(url, {"years": 2, "reason": "Sector change."}).status_code
        == 302
    )
    assert quality_assurer.client.post(url, {"years": 2, "reason": ""}).status_code == 400
    assert quality_assurer.client.get(_url("period", "0000")).status_code == 404


def test_the_calendar_feed_lists_due_dates(
    developer: Persona, reviews: dict[str, Review], isb: Organisation
) -> None:
    response = developer.client.get(_url("calendar", isb.slug))
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in body
    assert "DTSTART;VALUE=DATE:20270301" in body
    assert body.count("BEGIN:VEVENT") == 1
    assert Client().get(_url("calendar-subscription", isb.slug, "forged")).status_code == 404


def test_the_transition_page_has_a_chart_and_a_table(
    quality_assurer: Persona, isb: Organisation
) -> None:
    listed_micro_credential(
        developer=isb, listed_on=date(2022, 6, 30), approved_on=date(2022, 6, 1)
    )
    page = quality_assurer.client.get(_url("transition")).content.decode()
    assert "<svg" in page
    assert "<table>" in page
    assert "In scope" in page


def test_schemes_are_imported_from_the_page(
    quality_assurer: Persona, provider_org: Organisation
) -> None:
    provider_org.moe_number = "7001"
    provider_org.save()
    bad = SimpleUploadedFile(
        "s.csv", (HEADER + "\nTS1,A,7001,someday,domestic,2,no,no,5,3\n").encode()
    )
    response = quality_assurer.client.post(_url("scheme-import"), {"file": bad})
    assert response.status_code == 400
    assert "first_approved_on" in response.content.decode()
    good = SimpleUploadedFile("s.csv", ("\n".join([HEADER, *GOOD_ROWS]) + "\n").encode())
    assert quality_assurer.client.post(_url("scheme-import"), {"file": good}).status_code == 302
    listing = quality_assurer.client.get(_url("schemes") + "?scope=flagged").content.decode()
    assert "TS1005" in listing
    assert "TS1001" not in listing
    flagged = TrainingScheme.objects.get(reference="TS1005")
    decided = quality_assurer.client.post(
        _url("scheme", flagged.pk),
        {"decide_scope": "1", "scope": "later", "note": "Delivered over 14 weeks."},
    )
    assert decided.status_code == 302


def test_a_provider_sees_its_own_schemes_only(
    quality_assurer: Persona, provider: Persona, outsider: Persona, provider_org: Organisation
) -> None:
    provider_org.moe_number = "7001"
    provider_org.save()
    services.schemes_import(actor=quality_assurer.user, stream=scheme_file(HEADER, GOOD_ROWS[0]))
    scheme = TrainingScheme.objects.get()
    assert provider.client.get(_url("scheme", scheme.pk)).status_code == 200
    assert outsider.client.get(_url("scheme", scheme.pk)).status_code == 404
    assert "TS1001" not in outsider.client.get(_url("schemes")).content.decode()
    assert (
        provider.client.post(
            _url("scheme", scheme.pk), {"convert": "1", "listing_number": "1"}
        ).status_code
        == 403
    )


def _outsider_urls(review: Review) -> list[tuple[str, str, int]]:
    return [
        ("get", _url("detail", review.pk), 404),
        ("get", _url("report", review.pk), 404),
        ("post", _url("report", review.pk), 404),
        ("post", _url("decide", review.pk), 404),
        ("post", _url("escalate", review.pk), 404),
        ("get", _url("period", review.reference), 403),
        ("get", _url("overdue"), 403),
        ("get", _url("transition"), 403),
        ("get", _url("scheme-import"), 403),
        ("get", _url("calendar", "ringa-hora"), 404),
        ("post", _url("calendar-link", "ringa-hora"), 404),
    ]


def test_the_outsider_gets_403_or_404_everywhere(
    outsider: Persona, developer_review: Review
) -> None:
    for method, url, status in _outsider_urls(developer_review):
        assert getattr(outsider.client, method)(url).status_code == status, url


def test_the_developer_cannot_decide_its_own_review(developer: Persona, submitted: Review) -> None:
    assert (
        developer.client.post(_url("decide", submitted.pk), {"decision": "accept"}).status_code
        == 403
    )
    assert developer.client.post(_url("escalate", submitted.pk), {}).status_code == 403


def test_a_learner_has_no_review_list(learner: tuple[Persona, object]) -> None:
    assert learner[0].client.get(_url("list")).status_code == 403


@pytest.mark.parametrize("name", ["list", "overdue", "transition", "schemes", "scheme-import"])
def test_the_public_is_sent_to_sign_in(public: Client, name: str) -> None:
    response = public.get(_url(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_pages_have_no_inline_scripts_or_styles(
    quality_assurer: Persona, reviews: dict[str, Review]
) -> None:
    for url in (_url("list"), _url("detail", reviews["developer"].pk), _url("transition")):
        page = quality_assurer.client.get(url).content.decode()
        assert "style=" not in page
        assert "<style" not in page
        assert "<script>" not in page
        assert "onclick" not in page


def test_the_scheme_list_and_progress_cost_the_same_queries_however_many_schemes(
    quality_assurer: Persona, provider_org: Organisation
) -> None:
    provider_org.moe_number = "7001"
    provider_org.save()
    services.schemes_import(actor=quality_assurer.user, stream=scheme_file(HEADER, *GOOD_ROWS[:2]))
    schemes, progress = (
        queries_for(quality_assurer.client, _url("schemes")),
        queries_for(quality_assurer.client, _url("transition")),
    )
    more = [row.replace("TS100", "TS200") for row in GOOD_ROWS]
    services.schemes_import(actor=quality_assurer.user, stream=scheme_file(HEADER, *more))
    assert queries_for(quality_assurer.client, _url("schemes")) == schemes
    assert queries_for(quality_assurer.client, _url("transition")) == progress
