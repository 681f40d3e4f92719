"""Forms for the review pages: they read and check input; the services do the work."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from tohu.reviews.models import SCHEME_OUTCOME_LABELS, EscalationStep, Outcome, Review, ReviewKind
from tohu.reviews.services.reports import REPORT_FIELDS

YES_NO = [("", "Not answered yet"), ("yes", "Yes"), ("no", "No")]
HELP = {
    "evidence_of_need_detail": "Employers, industry, iwi or community evidence, with dates.",
    "updates_needed": "Changes to outcomes, content, credits or assessment; 'none' if none.",
    "consulted_iwi_hapu": "Who you asked and what they said; or why they were not consulted.",
    "consulted_providers": "Each accredited provider's view of delivery and demand.",
    "enrolments": "Learners who enrolled in the review period.",
    "completions": "Pre-filled from the Record of Achievement where it holds completions.",
    "capability_to_deliver": "Staff, resources, facilities, moderation, and any changes.",
}


class ReportForm(forms.ModelForm[Review]):
    """The online review report, with the questions its kind of review asks (REV-form)."""

    evidence_of_need = forms.TypedChoiceField(
        label=gettext_lazy("Is there still evidence of need?"),
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Review
        fields = sorted({name for names in REPORT_FIELDS.values() for name in names})
        # as people write them: with the macron, not from the field names
        labels = {
            "maori_enrolments": "Māori enrolments",
            "maori_completions": "Māori completions",
            "pacific_enrolments": "Pacific enrolments",
            "pacific_completions": "Pacific completions",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in (
                "evidence_of_need_detail",
                "updates_needed",
                "consulted_iwi_hapu",
                "consulted_industry",
                "consulted_providers",
                "consulted_others",
                "outcome_reasons",
                "capability_to_deliver",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = REPORT_FIELDS[self.instance.kind]
        for name in list(self.fields):
            if name not in asked:
                del self.fields[name]
        self.order_fields(asked)
        for name, field in self.fields.items():
            field.required = False
            if name in HELP:
                field.help_text = HELP[name]
        if "evidence_of_need" in self.fields and self.instance.evidence_of_need is not None:
            self.initial["evidence_of_need"] = "yes" if self.instance.evidence_of_need else "no"
        if "outcome" in self.fields:
            self.fields["outcome"] = forms.ChoiceField(
                label=gettext("Outcome the review proposes"),
                choices=[("", gettext_lazy("Choose an outcome")), *self._outcomes()],
                required=False,
                widget=forms.RadioSelect,
            )

    def _outcomes(self) -> list[tuple[str, str]]:
        if self.instance.kind == ReviewKind.SCHEME:
            return [(value.value, label) for value, label in SCHEME_OUTCOME_LABELS.items()]
        return [(value, str(label)) for value, label in Outcome.choices]

    def answers(self) -> dict[str, Any]:
        """Return the answers given, by field name, for the service."""
        return {name: self.cleaned_data.get(name) for name in self.fields}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            ("accept", gettext_lazy("Accept the report")),
            ("return", gettext_lazy("Return it for more work")),
        ],
        widget=forms.RadioSelect,
    )
    reasons = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=gettext_lazy("Needed when you return a report; recorded with an acceptance too."),
    )


class EscalationForm(forms.Form):
    step = forms.ChoiceField(choices=EscalationStep.choices)
    occurred_on = forms.DateField(
        label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    years = forms.IntegerField(
        label=gettext_lazy("Review period (years)"), min_value=1, max_value=10
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))


class SchemeImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Former training schemes (CSV, UTF-8)"),
        help_text=(
            gettext_lazy(
                "Columns: reference, title, provider (MoE number or name), "
                "first_approved_on, cohort "
                "(domestic or international), duration_weeks, basic_first_aid (yes/no), "
                "english_language (yes/no), credits, level."
            )
        ),
    )


class ScopeDecisionForm(forms.Form):
    scope = forms.ChoiceField(
        choices=[("now", gettext_lazy("Review now")), ("later", gettext_lazy("Later review"))],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=gettext_lazy("Why"), widget=forms.Textarea(attrs={"rows": 3}))


class ConvertForm(forms.Form):
    listing_number = forms.CharField(
        max_length=12,
        help_text=gettext_lazy("The listing the scheme became when its change was approved."),
    )
