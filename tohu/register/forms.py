"""The search form on the public register.

It renders the filters; checking them is `selectors.search_criteria_from`, the same validator the
API uses, so the page and the API give the same words for the same mistake.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils.translation import gettext, gettext_lazy

from tohu.core.errors import InvalidInput, Problem
from tohu.register.models import ListingStatus
from tohu.register.selectors import (
    PUBLIC_STATUSES,
    FilterOptions,
    SearchCriteria,
    Sort,
    search_criteria_from,
)

SORT_LABELS = {
    Sort.RELEVANCE: gettext_lazy("Best match"),
    Sort.NEWEST: gettext_lazy("Newest first"),
    Sort.TITLE: gettext_lazy("Title (A to Z)"),
    Sort.LEVEL: gettext_lazy("Level (lowest first)"),
    Sort.CREDITS: gettext_lazy("Credits (fewest first)"),
    Sort.LISTING_NUMBER: gettext_lazy("Listing number"),
}

SORT_CHOICES: list[Any] = [
    ("", gettext_lazy("Best match, or newest first")),
    *((sort.value, label) for sort, label in SORT_LABELS.items()),
]

# How the parameters that are not form fields are named to a person.
OTHER_PARAMETER_LABELS = {"page": "Page", "page_size": "Results per page"}


def _field_choices(fields: list[tuple[str, str]]) -> list[Any]:
    """Group narrow NZSCED fields under their broad field; a broad field is a choice too."""
    groups: list[Any] = [("", gettext("Any field"))]
    for code, name in fields:
        if len(code) == 2:
            groups.append((name, [(code, gettext("All of %(field)s") % {"field": name})]))
        elif groups and isinstance(groups[-1][1], list) and code.startswith(groups[-1][1][0][0]):
            groups[-1][1].append((code, name))
    return groups


def _as_lists(data: Any) -> dict[str, list[str]]:
    """Read bound data as name to list of values, the shape the validator takes."""
    if isinstance(data, QueryDict):
        return dict(data.lists())
    return {name: value if isinstance(value, list) else [value] for name, value in data.items()}


@dataclass(frozen=True)
class Option:
    """One choice of a filter as the page draws it; `group` holds an option group's choices."""

    value: str
    label: str
    chosen: bool
    group: list[Option] | None = None


@dataclass(frozen=True)
class Control:
    """One filter as the page draws it: plain values, quick for a template to read."""

    name: str
    id: str
    label: str
    help_text: str
    value: str
    values: tuple[str, ...]
    choices: list[Any]
    error: str

    @property
    def options(self) -> list[Option]:
        """A select's options, option groups holding theirs, the value given selected."""
        chosen = str(self.value or "")
        return [
            Option(
                str(value),
                str(value),
                False,
                [Option(str(v), str(t), str(v) == chosen) for v, t in label],
            )
            if isinstance(label, list | tuple)
            else Option(str(value), str(label), str(value) == chosen)
            for value, label in self.choices
        ]

    @property
    def boxes(self) -> list[Option]:
        """A group's checkboxes, each checked when its value was given."""
        return [
            Option(str(value), str(label), value in self.values) for value, label in self.choices
        ]

    @property
    def described_by(self) -> str:
        """The ids of the help text and the error, for aria-describedby."""
        ids = [
            f"{self.id}_helptext" if self.help_text else "",
            f"{self.id}_error" if self.error else "",
        ]
        return " ".join(i for i in ids if i)


class SearchForm(forms.Form):
    """The filters of a register search; bind it to the query string."""

    # The fields name and label the filters; the page draws them from `controls()`.
    q = forms.CharField(
        label=gettext_lazy("Search words"),
        required=False,
        help_text=gettext_lazy(
            "Words in the title, purpose or learning outcomes. Macrons are optional."
        ),
    )
    level = forms.MultipleChoiceField(label=gettext_lazy("Level"), required=False)
    credits_min = forms.CharField(label=gettext_lazy("Credits from"), required=False)
    credits_max = forms.CharField(label=gettext_lazy("Credits to"), required=False)
    field = forms.ChoiceField(label=gettext_lazy("Field of study"), required=False)
    developer = forms.ChoiceField(label=gettext_lazy("Developer"), required=False)
    provider = forms.ChoiceField(label=gettext_lazy("Accredited provider"), required=False)
    status = forms.MultipleChoiceField(label=gettext_lazy("Status"), required=False)
    sort = forms.ChoiceField(label=gettext_lazy("Sort by"), required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        options: FilterOptions | None = None,
        show_removed: bool = False,
    ) -> None:
        super().__init__(data)
        self.criteria: SearchCriteria | None = None
        self.problems: list[Problem] = []
        statuses = [*PUBLIC_STATUSES, ListingStatus.REMOVED] if show_removed else PUBLIC_STATUSES
        self.choices: dict[str, list[Any]] = {
            "level": [(str(level), str(level)) for level in range(1, 11)],
            "status": [(status.value, str(status.label)) for status in statuses],
            "sort": SORT_CHOICES,
        }
        if options is not None:
            self.offer(options)

    def offer(self, options: FilterOptions) -> None:
        """Offer these fields of study, developers and providers as choices."""
        self.choices |= {
            "field": _field_choices(options.fields),
            "developer": [("", gettext("Any developer")), *options.developers],
            "provider": [("", gettext("Any provider")), *options.providers],
        }

    def controls(self) -> dict[str, Control]:
        """Each filter with its label, choices, the values given and any error, ready to draw."""
        data = self.data if isinstance(self.data, QueryDict) else QueryDict()
        errors = self.errors
        return {
            name: Control(
                name=name,
                id=f"id_{name}",
                label=str(field.label),
                help_text=str(field.help_text),
                value=data.get(name, ""),
                values=tuple(data.getlist(name)),
                choices=self.choices.get(name, []),
                error=" ".join(str(message) for message in errors.get(name, [])),
            )
            for name, field in self.fields.items()
        }

    def full_clean(self) -> None:
        """Check the query string with the shared validator, keeping its messages."""
        self._errors = ErrorDict()
        self.cleaned_data = {}
        if not self.is_bound:
            return
        try:
            self.criteria = search_criteria_from(_as_lists(self.data))
        except InvalidInput as error:
            self.problems = list(error.problems)
            for problem in self.problems:
                self._record(problem)

    def _in_words(self, message: str) -> str:
        """Name the other fields a message mentions as the page labels them, not as the API
        parameters the shared check names them ("Credits to", not credits_max)."""
        for name, field in self.fields.items():
            if "_" not in name:
                continue  # "level" or "status" is an ordinary word in a message too
            message = re.sub(rf"\b{name}\b", f"“{field.label}”", message)
        return message

    def _record(self, problem: Problem) -> None:
        # a field's problem shows beside it; the rest (page, unknown parameters) only above
        if problem.field in self.fields:
            self.add_error(problem.field, self._in_words(problem.message))
        else:
            self.add_error(None, f"{problem.field}: {problem.message}")

    def problem_list(self) -> list[dict[str, str]]:
        """Each problem with a label a person understands and the field's anchor, if any."""
        return [
            {
                "label": self._label(problem.field),
                "message": self._in_words(problem.message)
                if problem.field in self.fields
                else problem.message,
                "anchor": self._anchor(problem.field),
            }
            for problem in self.problems
        ]

    def _label(self, name: str) -> str:
        if name in self.fields:
            return str(self.fields[name].label)
        return OTHER_PARAMETER_LABELS.get(name, name)

    def _anchor(self, name: str) -> str:
        if name not in self.fields:
            return ""
        # a group of checkboxes has no single input; point at its first
        multiple = isinstance(self.fields[name], forms.MultipleChoiceField)
        return f"id_{name}_0" if multiple else f"id_{name}"
