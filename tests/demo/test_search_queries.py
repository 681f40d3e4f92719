"""The benchmark's 20 representative searches on the demo: each answers with a constant number
of queries (at most 6), however many listings the register holds."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.register_search import MAX_QUERIES, SEARCHES, SURFACES, search_url
from tohu.demo.build import DemoSummary, add_synthetic


def _queries_per_search(client: Client, surface: str) -> dict[str, int]:
    """Count each search's queries; searches with no results on their page are left out."""
    counts = {}
    for label, query in SEARCHES:
        # the API's later pages are reached by following `next`, as a client does
        url, api_url = search_url(client, surface, query), search_url(client, "api", query)
        if url is None or api_url is None:
            continue  # a later page than this register has
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        if client.get(api_url).json()["items"]:
            counts[label] = len(captured.captured_queries)
    return counts


@pytest.mark.parametrize("surface", sorted(SURFACES))
def test_searches_make_a_constant_number_of_queries(demo: DemoSummary, surface: str) -> None:
    client = Client()
    add_synthetic(150, seed=13)
    smaller = _queries_per_search(client, surface)
    add_synthetic(300, seed=14)
    larger = _queries_per_search(client, surface)
    assert len(smaller) >= 17
    assert {label: larger[label] for label in smaller} == smaller
    assert max(larger.values()) <= MAX_QUERIES
