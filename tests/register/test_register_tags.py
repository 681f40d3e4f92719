"""The search page's controls and results, drawn by templates: escaping, labels, ARIA wiring and
the words in the page's language."""

from __future__ import annotations

from dataclasses import replace

from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils import translation

from tohu.register.forms import Control, SearchForm
from tohu.register.selectors import FilterOptions
from tohu.register.views import ResultRow

OPTIONS = FilterOptions(
    fields=[("03", "Engineering"), ("0303", "Process & Resources Engineering")],
    developers=[("ringa-hora", "Ringa Hora <Services>")],
    providers=[("te-kura", "Te Aho o Te Kura Pounamu")],
)


def controls(query: str) -> dict[str, Control]:
    form = SearchForm(QueryDict(query), options=OPTIONS)
    form.is_valid()
    return form.controls()


def field(control: Control, kind: str, max_length: int | None = None) -> str:
    context = {
        "control": control,
        "kind": kind,
        "max_length": max_length,
        "credits_lowest": 1,
        "credits_highest": 40,
    }
    return render_to_string("register/_field.html", context)


def checkboxes(control: Control) -> str:
    return render_to_string("register/_checkboxes.html", {"control": control})


def results(rows: list[ResultRow]) -> str:
    return render_to_string("register/_result_list.html", {"rows": rows})


def row(**changes: object) -> ResultRow:
    plain = ResultRow(
        url="/micro-credentials/5056/",
        listing_number="5056",
        listed_title="Licence Controller Qualification – LCQ (Micro-credential)",
        title_mi="",
        level=4,
        credits=5,
        developer="Ringa Hora",
        status="current",
        status_label="Current",
    )
    return replace(plain, **changes)  # type: ignore[arg-type]


def test_a_search_box_keeps_its_words_escaped_with_help_and_a_length_limit() -> None:
    html = field(controls('q=a"<b>')["q"], "search", 200)
    assert 'value="a&quot;&lt;b&gt;"' in html
    assert 'autocomplete="off" maxlength="200"' in html
    assert '<label for="id_q">Search words</label>' in html
    assert '<p class="field-help" id="id_q_helptext">Words in the title' in html
    assert 'aria-describedby="id_q_helptext"' in html
    assert "aria-invalid" not in html


def test_a_bad_number_shows_its_error_beside_the_input_and_names_it() -> None:
    html = field(controls("credits_min=x")["credits_min"], "number")
    assert html.startswith('<div class="field field-invalid">')
    assert '<p class="field-error" id="id_credits_min_error"><strong>Error:</strong> ' in html
    assert 'type="number" name="credits_min" id="id_credits_min" value="x"' in html
    assert 'min="1" max="40" inputmode="numeric" aria-invalid="true"' in html
    assert 'aria-describedby="id_credits_min_error"' in html


def test_a_select_marks_the_chosen_option_and_escapes_labels() -> None:
    html = field(controls("developer=ringa-hora")["developer"], "select")
    assert '<option value="ringa-hora" selected>Ringa Hora &lt;Services&gt;</option>' in html
    assert '<option value="">Any developer</option>' in html
    fields = field(controls("field=0303")["field"], "select")
    assert '<optgroup label="Engineering"><option value="03">All of Engineering</option>' in fields
    assert '<option value="0303" selected>Process &amp; Resources Engineering</option>' in fields


def test_checkboxes_are_checked_for_each_value_given_and_numbered_from_zero() -> None:
    html = checkboxes(controls("level=1&level=10")["level"])
    assert "<legend>Level</legend>" in html
    assert 'value="1" id="id_level_0" checked> <label for="id_level_0">1</label>' in html
    assert 'value="10" id="id_level_9" checked>' in html
    assert 'value="2" id="id_level_1">' in html
    assert html.count(" checked") == 2


def test_a_bad_checkbox_value_marks_the_group_and_says_why() -> None:
    html = checkboxes(controls("status=lost")["status"])
    assert html.startswith(
        '<fieldset class="field-group field-invalid" aria-describedby="id_status_error">'
    )
    assert '<p class="field-error" id="id_status_error"><strong>Error:</strong> ' in html
    assert '<label for="id_status_0">Current</label>' in html


def test_results_are_escaped_and_show_te_reo_titles_only_when_there_is_one() -> None:
    html = results([row(listed_title="<script>x</script>", developer="A & B")])
    assert '<a href="/micro-credentials/5056/">&lt;script&gt;x&lt;/script&gt;</a>' in html
    assert "<dt>Developer</dt><dd>A &amp; B</dd>" in html
    assert "<dt>Level</dt><dd>4</dd>" in html
    assert "<dt>Credits</dt><dd>5</dd>" in html
    assert '<span class="status status-current">Current</span>' in html
    assert 'lang="mi"' not in html
    with_mi = results([row(title_mi="Tohu Whakahaere Raihana")])
    assert '<p class="result-title-mi" lang="mi">Tohu Whakahaere Raihana</p>' in with_mi


def test_each_result_is_one_list_item_in_order() -> None:
    html = results([row(listing_number="1"), row(listing_number="2")])
    assert html.count('<li class="result">') == 2
    assert html.index("<dd>1</dd>") < html.index("<dd>2</dd>")
    assert results([]).strip() == ""


def test_the_facts_are_labelled_in_the_pages_language() -> None:
    with translation.override("mi"):
        html = results([row()])
    english = results([row()])

    assert "<dt>Level</dt>" in english
    assert "<dt>Level</dt>" not in html
    assert "<dt>Credits</dt>" not in html
