"""The record's table rows, built in Python: escaped, and worded as the template filters."""

from __future__ import annotations

from datetime import date

from django.template import Context, Template
from django.template.defaultfilters import date as date_filter

from tohu.achievements.selectors import RecordEntry
from tohu.achievements.templatetags.record_tags import record_rows


def entry(**changes: object) -> RecordEntry:
    values: dict[str, object] = {
        "listing_number": "4321",
        "version_number": 2,
        "title": "Introduction to Forklift Operation",
        "title_mi": "",
        "level": 3,
        "credits": 5,
        "provider_name": "Southern Skills Academy",
        "date_of_achievement": date(2025, 5, 1),
    }
    values.update(changes)
    return RecordEntry(**values)  # type: ignore[arg-type]


def test_a_row_holds_every_detail_in_its_column() -> None:
    html = str(record_rows([entry()]))
    assert html == (
        '<tr class="record-entry"><th scope="row">'
        '<a href="http://127.0.0.1:8000/micro-credentials/4321/">'
        "Introduction to Forklift Operation (Micro-credential)</a></th>"
        '<td>4321 <span class="hint">v2</span></td><td>3</td><td>5</td>'
        "<td>Southern Skills Academy</td><td>1 May 2025</td></tr>"
    )


def test_the_te_reo_title_is_marked_as_maori() -> None:
    html = str(record_rows([entry(title_mi="Whakataki ki te Whakahaere Hiki Utanga")]))
    assert '<br><span lang="mi" class="hint">Whakataki ki te Whakahaere Hiki Utanga</span>' in html


def test_every_value_is_escaped() -> None:
    html = str(
        record_rows(
            [entry(title="<script>alert(1)</script>", title_mi="a & b", provider_name='"Q" <b>')]
        )
    )
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; (Micro-credential)" in html
    assert "a &amp; b" in html
    assert "&quot;Q&quot; &lt;b&gt;" in html


def test_dates_read_as_the_date_filter_writes_them() -> None:
    days = [date(2025, month, day) for month in range(1, 13) for day in (1, 9, 28)]
    html = str(record_rows([entry(date_of_achievement=day) for day in days]))
    for day in days:
        assert f"<td>{date_filter(day, 'j F Y')}</td>" in html


def test_rows_render_through_the_template_tag() -> None:
    rendered = Template("{% load record_tags %}{% record_rows rows %}").render(
        Context({"rows": [entry(), entry(listing_number="5056")]})
    )
    assert rendered.count('<tr class="record-entry">') == 2
    assert rendered == str(record_rows([entry(), entry(listing_number="5056")]))


def test_no_rows_render_nothing() -> None:
    assert str(record_rows([])) == ""
