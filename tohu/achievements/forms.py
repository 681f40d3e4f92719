"""Forms for reporting, correcting, sharing and searching completions.

The forms only carry values: every check of a completion is the ingest service's, so a web
report fails with the same words as a file or an API call.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_lazy

from tohu.achievements.models import CompletionStatus
from tohu.achievements.selectors import CompletionFilter
from tohu.core.dates import DateProblem, parse_date

DATE_HELP = "YYYY-MM-DD or DD/MM/YYYY."


class CompletionReportForm(forms.Form):
    """One completion, with the columns of the results file.

    The date comes first: the micro-credentials offered are those the provider may award on it.
    The list only helps; the ingest's checks decide, so a stale choice fails with the rule.
    """

    date_of_achievement = forms.CharField(
        label=gettext_lazy("Date of achievement"),
        max_length=20,
        help_text=DATE_HELP,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    listing_number = forms.CharField(
        label=gettext_lazy("Micro-credential"),
        max_length=20,
        help_text=gettext_lazy(
            "Those your organisation may award on the date of achievement (LOR-18.2)."
        ),
        widget=forms.Select(),
    )
    version = forms.CharField(
        label=gettext_lazy("Version (optional)"),
        max_length=10,
        required=False,
        help_text=gettext_lazy(
            "Leave blank to use the version in force on the date of achievement."
        ),
    )
    nsn = forms.CharField(
        label=gettext_lazy("National Student Number (NSN)"),
        max_length=20,
        help_text=gettext_lazy(
            "Digits only, with any leading zeros. The learner's name shows to confirm."
        ),
        strip=True,
    )
    provider_reference = forms.CharField(
        label=gettext_lazy("Your reference (optional)"), max_length=200, required=False
    )
    family_name = forms.CharField(
        label=gettext_lazy("Family name (optional)"), max_length=200, required=False
    )
    given_names = forms.CharField(
        label=gettext_lazy("Given names (optional)"), max_length=200, required=False
    )
    date_of_birth = forms.CharField(
        label=gettext_lazy("Date of birth (optional)"),
        max_length=20,
        required=False,
        help_text=DATE_HELP,
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        widget = self.fields["listing_number"].widget
        assert isinstance(widget, forms.Select)
        widget.choices = [("", gettext_lazy("Choose the micro-credential")), *choices]

    def values(self) -> dict[str, str | None]:
        return {name: str(value) for name, value in self.cleaned_data.items()}


class UploadForm(forms.Form):
    """A results file to check and record in the background."""

    file = forms.FileField(
        label=gettext_lazy("Results file (CSV)"),
        help_text=gettext_lazy(
            "UTF-8 CSV with a header row: nsn, listing_number, date_of_achievement, and any "
            "optional columns."
        ),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.TOHU_RESULTS_FILE_MAX_BYTES:
            limit = settings.TOHU_RESULTS_FILE_MAX_BYTES // (1024 * 1024)
            raise forms.ValidationError(
                gettext(
                    "The file is larger than %(limit)s MB: split it, or use `tohu results import`."
                )
                % {"limit": limit}
            )
        return upload

    partial = forms.BooleanField(
        label=gettext_lazy("Record the valid rows even if some rows have problems"),
        required=False,
        help_text=gettext_lazy("Without this, a file with any problem records nothing."),
    )


class _DateField(forms.Field):
    """A date in either of the results file's formats."""

    widget = forms.TextInput

    def __init__(self, *, max_length: int = 20, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.widget.attrs["maxlength"] = str(max_length)

    def to_python(self, value: Any) -> date | None:
        text = str(value or "").strip()
        if not text:
            return None
        try:
            return parse_date(text)
        except DateProblem as error:
            raise forms.ValidationError(str(error)) from None


class CorrectionForm(forms.Form):
    date_of_achievement = _DateField(
        label=gettext_lazy("Corrected date of achievement"), max_length=20, help_text=DATE_HELP
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )


class WithdrawalForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for withdrawing it"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ShareLinkForm(forms.Form):
    label = forms.CharField(
        label=gettext_lazy("Who is the link for?"),
        max_length=100,
        help_text=gettext_lazy("For example, the employer's name."),
    )
    days = forms.TypedChoiceField(
        label=gettext_lazy("The link works for"),
        coerce=int,
        choices=[
            (7, gettext_lazy("7 days")),
            (30, gettext_lazy("30 days")),
            (90, gettext_lazy("90 days")),
            (365, gettext_lazy("1 year")),
        ],
        initial=30,
    )


class CompletionSearchForm(forms.Form):
    """Look for completions; every field is optional."""

    nsn = forms.CharField(label=gettext_lazy("NSN"), max_length=10, required=False)
    listing_number = forms.CharField(
        label=gettext_lazy("Listing number"), max_length=12, required=False
    )
    provider = forms.CharField(
        label=gettext_lazy("Provider (MoE number or short name)"), max_length=80, required=False
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        choices=[("", gettext_lazy("Any")), *CompletionStatus.choices],
        required=False,
    )
    achieved_from = _DateField(
        label=gettext_lazy("Achieved on or after"), max_length=20, required=False
    )
    achieved_to = _DateField(
        label=gettext_lazy("Achieved on or before"), max_length=20, required=False
    )

    def criteria(self) -> CompletionFilter:
        if not self.is_valid():
            return CompletionFilter(nsn="-invalid-")
        data = self.cleaned_data
        return CompletionFilter(
            nsn=data["nsn"],
            listing_number=data["listing_number"],
            provider=data["provider"],
            status=data["status"],
            achieved_from=data["achieved_from"],
            achieved_to=data["achieved_to"],
        )


class FiguresForm(forms.Form):
    start = _DateField(
        label=gettext_lazy("From"), max_length=20, required=False, help_text=DATE_HELP
    )
    end = _DateField(label=gettext_lazy("To"), max_length=20, required=False, help_text=DATE_HELP)
