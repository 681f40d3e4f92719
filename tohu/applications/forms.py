"""Forms for the applicant's draft and the quality assurer's evaluation.

Every draft field is optional: a draft is saved at any point, and the pre-check, not the form,
says what is missing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext, gettext_lazy

from tohu.applications.models import (
    Application,
    ApplicationStatus,
    ApplicationType,
    AttachmentPurpose,
    Condition,
    CriterionJudgement,
    SupportLetter,
)
from tohu.applications.services import ConditionTerms

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise

LISTING_FIELDS = (
    "title", "title_mi", "level", "credits", "notional_hours", "nzsced_code", "purpose_use",
    "purpose_relevance", "purpose_outcomes", "purpose_pathways", "purpose_contribution",
    "purpose_mi", "in_te_reo_maori", "developer_name", "standards_used", "review_period_years",
    "title_names_declared", "title_names_justification",
)  # fmt: skip
APPROVAL_FIELDS = (
    "learning_outcomes", "assessment", "entry_requirements", "rpl_credit_transfer",
    "delivery_modes", "evidence_of_need", "evidence_sources", "stakeholder_consultation",
    "isb_support", "te_hono", "te_hono_summary",
)  # fmt: skip
ACCREDITATION_FIELDS = (
    "accreditation_delivery", "accreditation_assessment", "accreditation_resources",
    "accreditation_learner_support", "approval_holder_support",
)  # fmt: skip
EQUIVALENCY_FIELDS = (
    "title", "equivalency_aims", "learning_outcomes", "assessment", "level", "notional_hours",
    "credits", "bundle_size",
)  # fmt: skip
MI_FIELDS = frozenset({"title_mi", "purpose_mi", "te_hono_summary"})

SECTIONS: dict[str, tuple[str, str]] = {
    "listing": ("Listing details", "LOR-6.1a to LOR-6.1g and LOR-7"),
    "change": ("The change", "VER-1"),
    "approval": ("Approval content", "MAAR-approval"),
    "accreditation": ("Accreditation content", "MAAR-accreditation"),
    "equivalency": ("Statement of equivalency", "EQV-out"),
}


def sections_for(application: Application) -> list[tuple[str, tuple[str, ...]]]:
    """The sections of the form an application of this type has, in order."""
    kind = application.application_type
    if kind == ApplicationType.EQUIVALENCY:
        return [("equivalency", EQUIVALENCY_FIELDS)]
    sections: list[tuple[str, tuple[str, ...]]] = []
    if kind == ApplicationType.CHANGE:
        sections.append(("change", ("change_summary",)))
    if application.has_listing_details:
        sections.append(("listing", LISTING_FIELDS))
    if application.has_approval_content:
        sections.append(("approval", APPROVAL_FIELDS))
    if application.has_accreditation_content:
        sections.append(("accreditation", ACCREDITATION_FIELDS))
    return sections


def _lines(value: Any) -> str:
    return "\n".join(value) if isinstance(value, list) else str(value or "")


class LinesField(forms.CharField):
    """A textarea holding one item a line, cleaned to a list."""

    widget = forms.Textarea(attrs={"rows": 4})

    def prepare_value(self, value: Any) -> Any:
        return _lines(value)

    def clean(self, value: Any) -> list[str]:
        text = super().clean(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


def _range_errors(low: int, high: int, rule: str = "") -> dict[str, str]:
    """Errors that say what the value must be, and the rule it comes from."""
    cited = f" ({rule})" if rule else ""
    return {
        "invalid": "must be a whole number",
        "min_value": f"must be from {low} to {high}{cited}",
        "max_value": f"must be from {low} to {high}{cited}",
    }


def _text(
    label: _StrOrPromise,
    *,
    long: bool = True,
    help_text: _StrOrPromise = "",
    max_length: int | None = None,
) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": 3}) if long else forms.TextInput()
    return forms.CharField(
        label=label,
        required=False,
        widget=widget,
        help_text=help_text,
        max_length=max_length,
        error_messages={
            "max_length": gettext(
                "must be at most %(limit_value)d characters (it has %(show_value)d)"
            )
        },
    )


class DraftForm(forms.Form):
    """Every field of Forms 1 to 3 and the equivalency form; a type uses its sections only."""

    edit_version = forms.IntegerField(widget=forms.HiddenInput)
    change_summary = _text(
        gettext_lazy("What changes from the listed version"), help_text=gettext_lazy("VER-1")
    )
    title = _text(
        gettext_lazy("Title"),
        long=False,
        max_length=300,
        help_text=gettext_lazy("LOR-6.1a. “(Micro-credential)” is added when listed."),
    )
    title_mi = _text(gettext_lazy("Title in te reo Māori"), long=False, max_length=300)
    level = forms.IntegerField(
        label=gettext_lazy("NZQCF level"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=gettext_lazy("1 to 10 (LOR-3-level)"),
        error_messages=_range_errors(1, 10, "LOR-3-level"),
    )
    credits = forms.IntegerField(
        label=gettext_lazy("Credits"),
        required=False,
        min_value=0,
        max_value=999,
        help_text=gettext_lazy("1 to 40 (MC-size)"),
        error_messages=_range_errors(0, 999),
    )
    notional_hours = forms.IntegerField(
        label=gettext_lazy("Notional learning hours"),
        required=False,
        min_value=0,
        max_value=100000,
        help_text=gettext_lazy("10 hours a credit (LOR-3-credit)"),
        error_messages=_range_errors(0, 100000),
    )
    nzsced_code = _text(
        gettext_lazy("NZSCED field of study"),
        long=False,
        max_length=6,
        help_text=gettext_lazy("Six digits (LOR-6.1c)"),
    )
    purpose_use = _text(gettext_lazy("(i) How it is used in New Zealand or elsewhere"))
    purpose_relevance = _text(
        gettext_lazy(
            "(ii) Relevance to learners, whānau, hapū, iwi, hapori Māori, industry, employers, "
            "communities"
        )
    )
    purpose_outcomes = _text(
        gettext_lazy("(iii) Knowledge, skills and attributes a graduate can demonstrate")
    )
    purpose_pathways = _text(
        gettext_lazy("(iv) Education pathways, if any"), help_text=gettext_lazy("“none” is allowed")
    )
    purpose_contribution = _text(
        gettext_lazy("(v) Cultural or employment pathway, or contribution to community")
    )
    purpose_mi = _text(
        gettext_lazy("Purpose and outcome statement in te reo Māori"),
        help_text=gettext_lazy("Needed when listed in te reo Māori (LOR-7)"),
    )
    in_te_reo_maori = forms.BooleanField(
        label=gettext_lazy("The listing is in te reo Māori"), required=False
    )
    developer_name = _text(
        gettext_lazy("Appointed developer"),
        long=False,
        max_length=200,
        help_text=gettext_lazy("LOR-6.1e"),
    )
    standards_used = LinesField(
        label=gettext_lazy("Standards used, one a line"),
        required=False,
        help_text=gettext_lazy("e.g. US6400 or SS40001 (LOR-6.1f)"),
    )
    review_period_years = forms.IntegerField(
        label=gettext_lazy("Review period (years)"),
        required=False,
        min_value=0,
        max_value=99,
        help_text=gettext_lazy("1, 2 or 3 (LOR-6.1g)"),
        error_messages=_range_errors(0, 99),
    )
    title_names_declared = forms.BooleanField(
        label=gettext_lazy("The title names a person, organisation or product"), required=False
    )
    title_names_justification = _text(
        gettext_lazy("Why the name belongs in the title"), help_text=gettext_lazy("LOR-6.2b")
    )
    learning_outcomes = LinesField(
        label=gettext_lazy("Learning outcomes, one a line"), required=False
    )
    assessment = _text(gettext_lazy("Assessment"))
    entry_requirements = _text(gettext_lazy("Entry requirements"))
    rpl_credit_transfer = _text(gettext_lazy("Recognition of prior learning and credit transfer"))
    delivery_modes = _text(gettext_lazy("Delivery modes"))
    evidence_of_need = _text(gettext_lazy("Evidence of need"))
    evidence_sources = _text(
        gettext_lazy("Sources of the evidence (employers, industry, ISB, iwi, communities)")
    )
    stakeholder_consultation = _text(gettext_lazy("Stakeholder consultation"))
    isb_support = forms.ChoiceField(
        label=gettext_lazy("WDC/ISB support letter"),
        required=False,
        choices=SupportLetter.choices,
        help_text=gettext_lazy("WDC-support"),
    )
    te_hono = forms.BooleanField(
        label=gettext_lazy("Evaluate using Te Hono o Te Kahurangi"), required=False
    )
    te_hono_summary = _text(
        gettext_lazy("Self-reflective summary against ngā kaupapa"),
        help_text=gettext_lazy("TEHONO"),
    )
    accreditation_delivery = _text(
        gettext_lazy("Delivery: model, modes, facilities, workplace arrangements")
    )
    accreditation_assessment = _text(gettext_lazy("Assessment and moderation"))
    accreditation_resources = _text(gettext_lazy("Resources and staff capability"))
    accreditation_learner_support = _text(gettext_lazy("Learner support and administration"))
    approval_holder_support = _text(
        gettext_lazy("Support from the approval holder"),
        help_text=gettext_lazy("If you do not hold the approval"),
    )
    equivalency_aims = _text(gettext_lazy("Aims of the micro-credential"))
    bundle_size = forms.IntegerField(
        label=gettext_lazy("Micro-credentials in this bundle"),
        required=False,
        min_value=1,
        max_value=10,
        initial=1,
        help_text=gettext_lazy("1, or 2 to 10 for the bundle fee (EQV-fee)"),
        error_messages=_range_errors(1, 10, "EQV-fee"),
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application
        self.section_fields = sections_for(application)
        used = {name for _section, names in self.section_fields for name in names}
        for name in list(self.fields):
            if name != "edit_version" and name not in used:
                del self.fields[name]
        for name, field in self.fields.items():
            if name in MI_FIELDS:
                field.widget.attrs["lang"] = "mi"

    def sections(self) -> list[dict[str, Any]]:
        return [
            {
                "key": key,
                "title": SECTIONS[key][0],
                "rule": SECTIONS[key][1],
                "fields": [self[name] for name in names],
            }
            for key, names in self.section_fields
        ]

    def label_of(self, name: str) -> str:
        field = self.fields.get(name)
        return str(field.label) if field is not None and field.label else name

    def valid_changes(self) -> dict[str, Any]:
        """The fields that passed their checks, to save even when others did not."""
        cleaned = getattr(self, "cleaned_data", {})
        values = {k: v for k, v in cleaned.items() if k != "edit_version" and k not in self.errors}
        if "bundle_size" in values and values["bundle_size"] is None:
            values["bundle_size"] = 1
        return values

    def changes(self) -> dict[str, Any]:
        """The cleaned values of the fields this type has, ready for the service."""
        values = {k: v for k, v in self.cleaned_data.items() if k != "edit_version"}
        if "bundle_size" in values and values["bundle_size"] is None:
            values["bundle_size"] = 1
        return values


def initial_for(application: Application) -> dict[str, Any]:
    names = {name for _s, names in sections_for(application) for name in names}
    initial = {name: getattr(application, name) for name in names}
    initial["edit_version"] = application.edit_version
    return initial


class StartForm(forms.Form):
    """Start a draft for one organisation: only the types it may make are offered (APP-who)."""

    organisation = forms.ChoiceField(label=gettext_lazy("Applying for"))
    application_type = forms.ChoiceField(
        label=gettext_lazy("Type of application"), widget=forms.RadioSelect
    )
    listing_number = forms.CharField(
        label=gettext_lazy("Listing number (for accreditation or a change)"),
        required=False,
        max_length=12,
    )

    def __init__(
        self, *args: Any, organisations: list[Any], open_types: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(o.pk), o.name) for o in organisations]
        kinds = self.fields["application_type"]
        assert isinstance(kinds, forms.ChoiceField)
        kinds.choices = open_types
        kinds.error_messages["invalid_choice"] = (
            "Your organisation may not make that type of application: choose one offered here."
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Document (PDF, DOCX or XLSX, up to 20 MB)"))
    purpose = forms.ChoiceField(label=gettext_lazy("What it is"), choices=AttachmentPurpose.choices)


class ReplyForm(forms.Form):
    """The answer to a request for information, with a document sent in the same step."""

    reply = forms.CharField(
        label=gettext_lazy("Your reply"), widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(
        label=gettext_lazy("A document with the reply (optional: PDF, DOCX or XLSX, up to 20 MB)"),
        required=False,
    )
    purpose = forms.ChoiceField(
        label=gettext_lazy("What the document is"),
        choices=AttachmentPurpose.choices,
        initial=AttachmentPurpose.INFORMATION_REPLY,
        required=False,
    )

    def clean_purpose(self) -> str:
        return str(self.cleaned_data.get("purpose") or AttachmentPurpose.INFORMATION_REPLY)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why you are withdrawing (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QueueFilterForm(forms.Form):
    application_type = forms.ChoiceField(
        label=gettext_lazy("Type"),
        required=False,
        choices=[("", gettext_lazy("Any type")), *ApplicationType.choices],
    )
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[
            ("", gettext_lazy("Waiting on us")),
            *[c for c in ApplicationStatus.choices if c[0] not in ("draft", "withdrawn")],
        ],
    )
    evaluator = forms.ChoiceField(label=gettext_lazy("Evaluator"), required=False)
    older_than_days = forms.IntegerField(
        label=gettext_lazy("Submitted at least this many days ago"),
        required=False,
        min_value=0,
        max_value=3650,
    )

    def __init__(self, *args: Any, evaluators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evaluator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            ("", gettext_lazy("Anyone")),
            ("me", gettext_lazy("Me")),
            ("none", gettext_lazy("Unassigned")),
            *[(str(u.pk), u.get_full_name() or u.get_username()) for u in evaluators],
        ]


class AssignForm(forms.Form):
    evaluator = forms.ChoiceField(label=gettext_lazy("Evaluator"))

    def __init__(self, *args: Any, evaluators: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evaluator"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(str(u.pk), u.get_full_name() or u.get_username()) for u in evaluators]


class JudgementForm(forms.Form):
    """One criterion's verdict; prefixed with the criterion's code, which travels beside it."""

    verdict = forms.ChoiceField(
        label=gettext_lazy("Verdict"),
        choices=CriterionJudgement.Verdict.choices,
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class InformationRequestForm(forms.Form):
    questions = forms.CharField(
        label=gettext_lazy("What information is needed"), widget=forms.Textarea(attrs={"rows": 4})
    )
    due_on = forms.DateField(
        label=gettext_lazy("Reply due by"), widget=forms.DateInput(attrs={"type": "date"})
    )


class HoursForm(forms.Form):
    hours = forms.DecimalField(
        label=gettext_lazy("Hours spent"), min_value=0, max_digits=5, decimal_places=2
    )


class ApproveForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Reasons and comments"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    review_period_years = forms.IntegerField(
        label=gettext_lazy("Review period set by the quality assurer (years)"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=gettext_lazy("Leave empty to keep the period proposed (LOR-6.1g)"),
    )
    review_period_reason = forms.CharField(
        label=gettext_lazy("Why this review period"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    statement_level = forms.IntegerField(
        label=gettext_lazy("Equivalent NZQCF level"), required=False, min_value=1, max_value=10
    )
    statement_credits = forms.IntegerField(
        label=gettext_lazy("Equivalent credits"), required=False, min_value=1, max_value=999
    )
    CONDITION_ROWS = 3

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in range(1, self.CONDITION_ROWS + 1):
            self.fields[f"condition_{row}_text"] = forms.CharField(
                label=gettext("Condition %(row)s") % {"row": row}, required=False, max_length=1000
            )
            self.fields[f"condition_{row}_due_on"] = forms.DateField(
                label=gettext("Condition %(row)s due by") % {"row": row},
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}),
            )
            self.fields[f"condition_{row}_applies_to"] = forms.ChoiceField(
                label=gettext("Condition %(row)s applies to") % {"row": row},
                required=False,
                choices=Condition.AppliesTo.choices,
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for row in range(1, self.CONDITION_ROWS + 1):
            if cleaned.get(f"condition_{row}_text") and not cleaned.get(f"condition_{row}_due_on"):
                self.add_error(
                    f"condition_{row}_due_on", gettext("Give the date the condition is due.")
                )
        return cleaned

    def conditions(self) -> list[ConditionTerms]:
        return [
            ConditionTerms(
                text=self.cleaned_data[f"condition_{row}_text"],
                due_on=self.cleaned_data[f"condition_{row}_due_on"],
                applies_to=self.cleaned_data[f"condition_{row}_applies_to"] or "approval",
            )
            for row in range(1, self.CONDITION_ROWS + 1)
            if self.cleaned_data.get(f"condition_{row}_text")
        ]

    def condition_rows(self) -> list[list[Any]]:
        return [
            [self[f"condition_{row}_{part}"] for part in ("text", "due_on", "applies_to")]
            for row in range(1, self.CONDITION_ROWS + 1)
        ]


class DeclineForm(forms.Form):
    reasons = forms.CharField(
        label=gettext_lazy("Reasons for declining (LOR-13.3)"),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
