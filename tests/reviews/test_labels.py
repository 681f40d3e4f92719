"""The review report's labels read as people write them: Māori with its macron."""

from __future__ import annotations

from tohu.reviews.forms import ReportForm
from tohu.reviews.models import Review, ReviewKind


def test_the_provider_report_labels_maori_and_pacific_figures() -> None:
    form = ReportForm(instance=Review(kind=ReviewKind.PROVIDER))
    labels = {name: str(field.label) for name, field in form.fields.items()}
    assert labels["maori_enrolments"] == "Māori enrolments"
    assert labels["maori_completions"] == "Māori completions"
    assert labels["pacific_enrolments"] == "Pacific enrolments"
    assert "Maori" not in " ".join(labels.values())
