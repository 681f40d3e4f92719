"""`tohu results import FILE --provider MOE_NUMBER [--dry-run] [--partial] [--error-report]`."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from tests.achievements.conftest import HEADER, csv_bytes
from tohu.achievements.models import Completion, ImportBatch
from tohu.learners.models import Learner
from tohu.organisations.models import Organisation
from tohu.register.models import MicroCredential


def run(*args: str) -> int:
    try:
        call_command("results", "import", *args)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


@pytest.fixture
def results_file(tmp_path: Path) -> Path:
    path = tmp_path / "june.csv"
    path.write_bytes(csv_bytes(HEADER, "0000012345,4321,2025-05-01", "bad,4321,2025-05-01"))
    return path


def test_a_file_with_problems_is_rejected_with_a_non_zero_exit(
    provider_org: Organisation,
    forklift: MicroCredential,
    learners: list[Learner],
    results_file: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    report = tmp_path / "errors.csv"
    code = run(
        str(results_file), "--provider", provider_org.moe_number, "--error-report", str(report)
    )
    assert code == 1
    assert Completion.objects.count() == 0
    assert report.read_text().splitlines()[1].startswith("3,nsn,bad,ROA-nsn,")
    captured = capsys.readouterr()
    assert "Nothing was recorded" in captured.out
    assert "[####" in captured.err  # the progress bar


def test_partial_records_the_good_rows_and_exits_zero(
    provider_org: Organisation,
    forklift: MicroCredential,
    learners: list[Learner],
    results_file: Path,
) -> None:
    assert run(str(results_file), "--provider", provider_org.moe_number, "--partial") == 0
    assert Completion.objects.count() == 1
    assert ImportBatch.objects.get().channel == "command"


def test_a_dry_run_records_nothing(
    provider_org: Organisation, forklift: MicroCredential, learners: list[Learner], tmp_path: Path
) -> None:
    path = tmp_path / "good.csv"
    path.write_bytes(csv_bytes(HEADER, "0000012345,4321,2025-05-01"))
    assert run(str(path), "--provider", provider_org.moe_number, "--dry-run") == 0
    assert Completion.objects.count() == ImportBatch.objects.count() == 0


def test_an_unknown_provider_or_file_is_a_usage_error(
    provider_org: Organisation, results_file: Path
) -> None:
    with pytest.raises(CommandError, match="No organisation has MoE number 999"):
        call_command("results", "import", str(results_file), "--provider", "999")
    with pytest.raises(CommandError, match="No file at"):
        call_command("results", "import", "/no/such.csv", "--provider", provider_org.moe_number)
