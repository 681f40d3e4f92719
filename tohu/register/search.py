"""Full-text search over the register: one interface, two backends (SQLite FTS5, PostgreSQL).

The searchable text lives in `SearchDocument` with macrons folded, so "wananga" finds "wānanga"
on both databases. Each database indexes that table its own way (migration 0003): SQLite keeps an
external-content FTS5 table (porter stemming) in step with triggers; PostgreSQL keeps a generated,
weighted tsvector column (English stemming) under a GIN index.

Query text is folded and split into words here, in Python, the same way for both backends; English
stop words are dropped (PostgreSQL would drop them, SQLite would not), and every remaining word is
required. User text never reaches the database as query syntax: each word is quoted for FTS5, and
PostgreSQL receives it through `plainto_tsquery`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet

from tohu.core.sqlite_hints import not_indexed
from tohu.register.models import MicroCredential, SearchDocument

FTS_TABLE = "register_search_fts"
SEARCH_RANK = "search_rank"
# More words than this add nothing a person meant; it also bounds the work per query.
MAX_TERMS = 24

# PostgreSQL's English stop words (tsearch_data/english.stop), so both backends ignore the same.
STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves he him his himself
    she her hers herself it its itself they them their theirs themselves what which who whom
    this that these those am is are was were be been being have has had having do does did doing
    a an the and but if or because as until while of at by for with about against between into
    through during before after above below to from up down in out on off over under again
    further then once here there when where why how all any both each few more most other some
    such no nor not only own same so than too very s t can will just don should now
    """.split()  # noqa: SIM905 (one list to compare with english.stop)
)

_WORD = re.compile(r"[^\W_]+")


def fold(text: str) -> str:
    """Fold macrons and other diacritics away: "Wānanga" becomes "Wananga"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def search_terms(text: str) -> tuple[str, ...]:
    """Split query text into the folded, lower-case words to search for, without stop words."""
    terms: dict[str, None] = {}
    for word in _WORD.findall(fold(text).lower()):
        if word not in STOP_WORDS:
            terms.setdefault(word, None)
    return tuple(terms)[:MAX_TERMS]


def fts5_match_expression(terms: Sequence[str]) -> str:
    """Build an FTS5 query requiring every word, each quoted so no word is read as syntax."""
    return " AND ".join('"{}"'.format(term.replace('"', '""')) for term in terms)


def with_text_search(
    queryset: QuerySet[MicroCredential],
    terms: Sequence[str],
    *,
    ranked: bool = True,
    hinted: bool = True,
) -> QuerySet[MicroCredential]:
    """Keep the micro-credentials whose search document has every term, ranked.

    The rank lands in the `search_rank` column; smaller is better on both backends, so order by
    it ascending. The full-text index is joined in SQL: no list of ids travels through Python.
    Say `ranked=False` when the matches are sorted some other way: SQLite then reads the index
    once into a set of ids and leaves the listings free to be read in any order (newest first
    through its index, say). `hinted=False` leaves out SQLite's planner hint (the plain path).
    """
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        return _sqlite_text_search(queryset, terms, ranked=ranked, hinted=hinted)
    if vendor == "postgresql":
        return _postgresql_text_search(queryset, terms)
    raise NotImplementedError(f"Full-text search is not written for {vendor}.")


def _sqlite_text_search(
    queryset: QuerySet[MicroCredential], terms: Sequence[str], *, ranked: bool, hinted: bool
) -> QuerySet[MicroCredential]:
    # `extra` is the ORM's one way to join a table it has no model for; every value is a
    # bound parameter, the table name is this module's constant.
    if not ranked:
        in_index = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        return queryset.extra(  # noqa: S610
            where=[f"register_microcredential.id IN ({in_index})"],
            params=[fts5_match_expression(terms)],
        )
    # The full-text index drives: the planner walks the MATCH results once and looks each
    # listing up by its id. The unary + keeps it from probing the index listing by listing, and
    # NOT INDEXED from driving the search from a listing index (status, developer) and running
    # the whole MATCH again for every listing it finds there, which newer SQLite (3.51) chose
    # for a filter it guessed to be narrow: 4 s for "skills" among current listings by title,
    # against 5 ms. The hidden `rank` column is bm25 with the column weights of migration 0003.
    searched = queryset.extra(  # noqa: S610
        select={SEARCH_RANK: f"{FTS_TABLE}.rank"},
        tables=[FTS_TABLE],
        where=[
            f"+{FTS_TABLE}.rowid = register_microcredential.id",
            f"{FTS_TABLE} MATCH %s",
        ],
        params=[fts5_match_expression(terms)],
    )
    return not_indexed(searched) if hinted else searched


# The rank of a listing on each database, as `with_text_search` selects it (smaller is better).
# PostgreSQL: ts_rank_cd weighs title (A) over statement (B) over outcomes (C); negated so that
# smaller is better, as with bm25 on SQLite; as double precision, so the rank a cursor carries
# compares equal to the same listing's rank (a `real` reaches Python as its shortest decimal,
# which is another number).
_RANK_SQL = {
    "sqlite": f"{FTS_TABLE}.rank",
    "postgresql": (
        "(-ts_rank_cd(register_searchdocument.search_vector, "
        "plainto_tsquery('english'::regconfig, %s)))::double precision"
    ),
}
_LATER_NUMBER = (
    "(LENGTH(register_microcredential.listing_number) > %s OR "
    "(LENGTH(register_microcredential.listing_number) = %s AND "
    "register_microcredential.listing_number > %s))"
)


def ranked_after(
    queryset: QuerySet[MicroCredential], terms: Sequence[str], rank: float, listing_number: str
) -> QuerySet[MicroCredential]:
    """Keep the ranked matches (`with_text_search`) that come after a listing in relevance
    order: a worse rank, or the same rank and a later listing number.

    PostgreSQL's `ts_rank_cd` scores a listing by its own text alone, so a listing's rank stays
    put while others are added: the rank the cursor carries is exact. SQLite's bm25 weighs
    each word by how many listings in the whole index hold it and each listing by its length
    against the average, so adding listings rescales every rank: there the rank of the listing
    the page ended on is read again, now, and the page goes on after it (`rank_now`).
    """
    vendor = connections[queryset.db].vendor
    if vendor == "sqlite":
        rank = rank_now(queryset, listing_number, default=rank)
    rank_sql = _RANK_SQL[vendor]
    rank_params = [] if vendor == "sqlite" else [" ".join(terms)]
    length = len(listing_number)
    return queryset.extra(  # noqa: S610 - the SQL is this module's; every value is bound
        where=[f"(({rank_sql}) > %s OR (({rank_sql}) = %s AND {_LATER_NUMBER}))"],
        params=[*rank_params, rank, *rank_params, rank, length, length, listing_number],
    )


def rank_now(queryset: QuerySet[MicroCredential], listing_number: str, *, default: float) -> float:
    """The rank a listing has in the ranked matches now; `default` when it no longer matches."""
    found = queryset.filter(listing_number=listing_number).values_list(SEARCH_RANK, flat=True)
    for rank in found[:1]:
        return float(rank)
    return default


def sqlite_match_count_sql(
    terms: Sequence[str], *, hidden_statuses: Sequence[str] = ()
) -> tuple[str, tuple[Any, ...]]:
    """Count the micro-credentials whose document has every term, from the FTS5 index alone.

    The index has one row per micro-credential with a current version, under its id, so no
    listing is read; listings in the hidden statuses (the few removed ones) are left out by id.
    """
    sql = f"SELECT COUNT(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
    params: tuple[Any, ...] = (fts5_match_expression(terms),)
    if hidden_statuses:
        marks = ", ".join(["%s"] * len(hidden_statuses))
        sql += (
            " AND rowid NOT IN (SELECT id FROM register_microcredential"  # noqa: S608
            f" WHERE status IN ({marks}))"
        )
        params += tuple(hidden_statuses)
    return sql, params


def _postgresql_text_search(
    queryset: QuerySet[MicroCredential], terms: Sequence[str]
) -> QuerySet[MicroCredential]:
    words = " ".join(terms)
    return queryset.extra(  # noqa: S610
        select={SEARCH_RANK: _RANK_SQL["postgresql"]},
        select_params=[words],
        tables=["register_searchdocument"],
        where=[
            "register_searchdocument.micro_credential_id = register_microcredential.id",
            "register_searchdocument.search_vector @@ plainto_tsquery('english'::regconfig, %s)",
        ],
        params=[words],
    )


def document_refresh(micro_credential: MicroCredential) -> None:
    """Rewrite the micro-credential's search document from its current version."""
    version = micro_credential.current_version
    if version is None:
        SearchDocument.objects.filter(micro_credential=micro_credential).delete()
        return
    statement = " ".join(
        part
        for part in (
            version.purpose_use,
            version.purpose_relevance,
            version.purpose_outcomes,
            version.purpose_pathways,
            version.purpose_contribution,
            version.purpose_mi,
        )
        if part
    )
    SearchDocument.objects.update_or_create(
        micro_credential=micro_credential,
        defaults={
            "title": fold(f"{version.title} {version.title_mi}".strip()),
            "statement": fold(statement),
            "outcomes": fold(" ".join(str(o) for o in version.learning_outcomes)),
        },
    )
