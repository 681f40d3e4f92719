"""The provider's reporting portal: upload with progress and result, one completion by form,
what it reported with search and CSV export, corrections; and who may do what."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.achievements.conftest import HEADER, csv_bytes, import_file, upload, url
from tests.conftest import Persona
from tests.factories import LearnerFactory
from tohu.achievements.models import (
    BatchPhase,
    BatchStatus,
    Completion,
    CompletionStatus,
    ImportBatch,
)
from tohu.achievements.services import records
from tohu.core.errors import DomainError, InvalidTransition, NotAllowed
from tohu.learners.models import Learner
from tohu.register.models import MicroCredential, MicroCredentialVersion


def test_the_provider_home_goes_to_the_providers_page(provider: Persona) -> None:
    response = provider.client.get(reverse("achievements:provider-home"))
    assert response.status_code == 302
    assert response["Location"] == url("provider")


def test_an_upload_is_processed_in_the_background_with_a_result_page(
    provider: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
    django_capture_on_commit_callbacks: object,
) -> None:
    content = csv_bytes(HEADER, "0000012345,4321,2025-05-01", "bad,4321,2025-05-01")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        batch = upload(provider.client, content)
    batch.refresh_from_db()
    assert batch.status == BatchStatus.REJECTED
    page = provider.client.get(url("batch", batch.pk)).content.decode()
    assert "Nothing was recorded" in page
    assert "“bad” is not an NSN" in page
    assert "hx-trigger" not in page
    report = provider.client.get(url("batch-errors", batch.pk))
    assert report.status_code == 200
    body = b"".join(report.streaming_content).decode()  # type: ignore[attr-defined]
    assert body.splitlines()[0] == "line,column,value,rule_id,message"
    assert body.splitlines()[1].startswith("3,nsn,bad,ROA-nsn,")
    fixed = csv_bytes(HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,2025-05-01")
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        again = upload(provider.client, fixed)
    again.refresh_from_db()
    assert (again.status, again.rows_recorded) == (BatchStatus.RECORDED, 2)


def test_a_queued_batch_page_polls_its_progress_bar(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    batch = upload(provider.client, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert batch.status == BatchStatus.QUEUED
    page = provider.client.get(url("batch", batch.pk)).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert '<progress id="batch-progress-bar" max="100" value="0">' in page
    assert '<label for="batch-progress-bar">' in page
    fragment = provider.client.get(url("batch-progress", batch.pk)).content.decode()
    assert fragment.lstrip().startswith('<div id="batch-status"')
    assert "No background worker has picked this file up" not in fragment


def test_a_batch_no_worker_picked_up_says_so_plainly(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    batch = upload(provider.client, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    ImportBatch.objects.filter(pk=batch.pk).update(
        created_at=batch.created_at - timedelta(seconds=40)
    )
    fragment = provider.client.get(url("batch-progress", batch.pk)).content.decode()
    assert "No background worker has picked this file up</strong> in 40 seconds" in fragment
    assert "tohu worker" in fragment
    assert 'hx-trigger="every 1s"' in fragment


def test_a_running_batch_page_shows_its_phase_and_counts(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    batch = upload(provider.client, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.RECORDING,
        phase=BatchPhase.RECORDING,
        rows_total=20000,
        rows_checked=15000,
        rows_recorded=10000,
        progress_done=60,
        progress_total=100,
    )
    fragment = provider.client.get(url("batch-progress", batch.pk)).content.decode()
    assert '<label for="batch-progress-bar">Recording completions (60%)</label>' in fragment
    assert "<dt>Rows read</dt><dd>20000</dd>" in fragment
    assert "<dt>Rows checked</dt><dd>15000</dd>" in fragment
    assert "<dt>Completions recorded so far</dt><dd>10000</dd>" in fragment


def test_an_upload_without_a_file_says_so(provider: Persona, forklift: MicroCredential) -> None:
    response = provider.client.post(url("upload"), {})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_one_completion_is_reported_through_the_form(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    form = {"nsn": "0000012345", "listing_number": "4321", "date_of_achievement": "01/05/2025"}
    response = provider.client.post(url("report"), form)
    assert response.status_code == 302
    completion = Completion.objects.get()
    assert completion.batch is not None
    assert completion.batch.channel == "form"
    response = provider.client.post(url("report"), {**form, "nsn": "00000A2345"})
    assert response.status_code == 400
    assert (
        "“00000A2345” is not an NSN: an NSN is digits only (no letters or spaces). (ROA-nsn)"
        in response.content.decode()
    )


def test_a_date_in_other_digits_on_the_form_is_a_clear_problem(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    form = {"nsn": "0000012345", "listing_number": "4321", "date_of_achievement": "²²²²-01-01"}
    response = provider.client.post(url("report"), form)
    assert response.status_code == 400
    assert "“²²²²-01-01” is not a date: write its digits as 0 to 9." in response.content.decode()
    assert Completion.objects.count() == 0


def test_the_provider_searches_and_exports_what_it_reported(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(
        provider,
        csv_bytes(HEADER, "0000012345,4321,2025-05-01", "0000067890,4321,2025-05-02"),
    )
    page = provider.client.get(url("provider-completions"), {"nsn": "0000067890"})
    assert page.status_code == 200
    assert "1 completion" in page.content.decode()
    export = provider.client.get(url("provider-export"))
    lines = b"".join(export.streaming_content).decode().splitlines()  # type: ignore[attr-defined]
    assert lines[0].lstrip("\ufeff").startswith("nsn,listing_number,version,title")
    assert len(lines) == 3


def test_the_completions_page_takes_the_same_queries_for_more_rows(
    provider: Persona, forklift: MicroCredential
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert provider.client.get(url("provider-completions")).status_code == 200
        return len(captured)

    people = [LearnerFactory.create(nsn=f"{n:010d}") for n in range(1, 61)]
    import_file(provider, csv_bytes(HEADER, f"{people[0].nsn},4321,2025-05-01"))
    one = queries()
    import_file(provider, csv_bytes(HEADER, *(f"{p.nsn},4321,2025-05-01" for p in people[1:])))
    assert queries() == one


def test_the_batches_list_takes_the_same_queries_for_more_batches(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert provider.client.get(url("provider")).status_code == 200
        return len(captured)

    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    one = queries()
    for _ in range(5):
        import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert queries() == one


@pytest.mark.parametrize(
    "name",
    ["provider", "report", "provider-completions", "provider-export"],
)
def test_an_outsider_cannot_see_or_use_another_providers_pages(
    name: str, outsider: Persona, provider: Persona, forklift: MicroCredential
) -> None:
    assert outsider.client.get(url(name)).status_code == 404


def test_an_outsider_cannot_upload_for_another_provider(
    outsider: Persona, provider: Persona, forklift: MicroCredential
) -> None:
    content = csv_bytes(HEADER, "0000012345,4321,2025-05-01")
    data = {"file": SimpleUploadedFile("x.csv", content, "text/csv")}
    assert outsider.client.post(url("upload"), data).status_code == 404
    assert outsider.client.post(url("report"), {"nsn": "1"}).status_code == 404
    assert ImportBatch.objects.count() == 0


def test_an_outsider_cannot_see_another_providers_batches_or_completions(
    outsider: Persona, provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    imported = import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01,"[:-1]))
    batch = imported.outcome.batch
    assert batch is not None
    completion = Completion.objects.get()
    for target in (
        url("batch", batch.pk),
        url("batch-progress", batch.pk),
        url("batch-errors", batch.pk),
    ):
        assert outsider.client.get(target).status_code == 404
    detail = reverse("achievements:completion", args=[completion.pk])
    assert outsider.client.get(detail).status_code == 404
    correct = reverse("achievements:completion-correct", args=[completion.pk])
    assert (
        outsider.client.post(
            correct, {"date_of_achievement": "2025-05-02", "reason": "x"}
        ).status_code
        == 404
    )
    withdraw = reverse("achievements:completion-withdraw", args=[completion.pk])
    assert outsider.client.post(withdraw, {"reason": "x"}).status_code == 404
    assert Completion.objects.get().status == CompletionStatus.RECORDED


def test_someone_at_no_provider_is_refused_the_provider_home(
    developer: Persona, learner: tuple[Persona, Learner]
) -> None:
    assert developer.client.get(reverse("achievements:provider-home")).status_code == 403
    assert learner[0].client.get(reverse("achievements:provider-home")).status_code == 403


def test_a_correction_supersedes_the_record_and_keeps_the_history(
    provider: Persona,
    quality_assurer: Persona,
    forklift: MicroCredential,
    learners: list[Learner],
) -> None:
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    old = Completion.objects.get()
    response = provider.client.post(
        reverse("achievements:completion-correct", args=[old.pk]),
        {"date_of_achievement": "02/05/2025", "reason": "Typing error in the date."},
    )
    assert response.status_code == 302
    old.refresh_from_db()
    new = Completion.objects.get(status=CompletionStatus.RECORDED)
    assert (old.status, new.supersedes_id, new.date_of_achievement) == (
        CompletionStatus.CORRECTED,
        old.pk,
        date(2025, 5, 2),
    )
    page = quality_assurer.client.get(reverse("achievements:completion", args=[new.pk]))
    text = page.content.decode()
    assert "Typing error in the date." in text
    assert f"Record {old.pk}" in text


def test_a_correction_is_checked_like_a_new_report(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    completion = Completion.objects.get()
    with pytest.raises(DomainError) as refused:
        records.completion_correct(
            actor=provider.user,
            completion=completion,
            date_of_achievement=date(2025, 7, 1),
            reason="Later.",
        )
    assert refused.value.rule_id == "ROA-date"
    with pytest.raises(DomainError) as no_reason:
        records.completion_correct(
            actor=provider.user,
            completion=completion,
            date_of_achievement=date(2025, 5, 2),
            reason=" ",
        )
    assert no_reason.value.rule_id == "ROA-correct"


def test_a_withdrawn_completion_cannot_be_changed_again(
    provider: Persona, outsider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    completion = Completion.objects.get()
    with pytest.raises(NotAllowed):
        records.completion_withdraw(actor=outsider.user, completion=completion, reason="No.")
    records.completion_withdraw(
        actor=provider.user, completion=completion, reason="Reported in error."
    )
    with pytest.raises(InvalidTransition):
        records.completion_withdraw(actor=provider.user, completion=completion, reason="Again.")
    again = import_file(provider, csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert again.outcome.rows_recorded == 1


def test_the_export_keeps_free_text_from_running_as_a_formula(
    provider: Persona, forklift: MicroCredential, learners: list[Learner]
) -> None:
    import_file(
        provider,
        csv_bytes(HEADER + ",provider_reference", "0000012345,4321,2025-05-01,=HYPERLINK(1)"),
    )
    MicroCredentialVersion.objects.filter(micro_credential=forklift).update(title="-2+3")
    export = provider.client.get(url("provider-export"))
    body = b"".join(export.streaming_content).decode()  # type: ignore[attr-defined]
    assert ",'=HYPERLINK(1)," in body
    assert ",'-2+3," in body


def test_the_reporting_fee_is_shown_on_the_reporting_pages_only_when_on(
    provider: Persona, forklift: MicroCredential, settings: Any
) -> None:
    pages = [url("provider"), url("report")]
    for page in pages:
        assert "Credit reporting fee" not in provider.client.get(page).content.decode()
    settings.TOHU_POLICY = replace(
        settings.TOHU_POLICY, reporting_fee_on=True, reporting_fee_from=date(2026, 7, 1)
    )
    for page in pages:
        text = provider.client.get(page).content.decode()
        assert "Credit reporting fee" in text
        assert "on or after 1 Jul 2026: $1.10 a credit plus GST ($1.27 a credit with GST)" in text
