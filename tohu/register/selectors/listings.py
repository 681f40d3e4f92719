"""Search the register: one page of listings, every listing for a download, the filter choices.

The public sees current, expiring and discontinued listings; a removed listing (LOR-10: listed in
error) is hidden from the public and shown only to the quality assurer.

Each search is one ORM query (`_matching`), read one of two ways (`TOHU_REGISTER_SEARCH`), with
the same results:
- `TunedReads` (the default), the performance layer and the only place it is used: SQLite's
  planner hints (`tohu.core.sqlite_hints`), the count from the full-text index and riding with
  the filter choices in one statement, the page read by a statement built once per database
  (`page_rows`), and the newest-first walk through the listed_on index (docs/performance.md);
- `OrmReads`: the plain ORM (`count()`, `select_related`, a slice), the reference the tuned
  reads are tested against (`tests/register/` runs its search tests on both).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Length, Lower

from tohu.core.permissions import Action, can
from tohu.core.sqlite_hints import indexed_by
from tohu.organisations.models import Organisation
from tohu.register import search
from tohu.register.models import (
    Accreditation,
    AccreditationStatus,
    FieldOfStudy,
    ListingStatus,
    MicroCredential,
)
from tohu.register.selectors.criteria import Position, SearchCriteria, Sort
from tohu.register.selectors.page_rows import listings_on_page

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

    from tohu.core.principal import Principal

    User = AbstractBaseUser | AnonymousUser

PUBLIC_STATUSES = (ListingStatus.CURRENT, ListingStatus.EXPIRING, ListingStatus.DISCONTINUED)


@dataclass(frozen=True)
class SearchPage:
    """One page of search results; `items` carry their current version and developer."""

    items: list[MicroCredential]
    total: int
    page: int
    page_size: int
    criteria: SearchCriteria = field(default_factory=SearchCriteria)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.page_size))

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def first_index(self) -> int:
        """The 1-based position of the first item on this page."""
        return (self.page - 1) * self.page_size + 1 if self.items else 0

    @property
    def last_index(self) -> int:
        return (self.page - 1) * self.page_size + len(self.items)


def sees_removed(user: Principal | None) -> bool:
    """LOR-10: removed listings stay on record for the quality assurer only."""
    return can(user, Action.DASHBOARD_QUALITY_ASSURER)


def _visible(user: User | None) -> QuerySet[MicroCredential]:
    queryset = MicroCredential.objects.all()
    if not sees_removed(user):
        # "not removed" rather than a list of statuses: it reads as a filter on almost nothing,
        # so SQLite walks the listed_on index for the default order instead of the status one
        queryset = queryset.exclude(status=ListingStatus.REMOVED)
    return queryset


def _filtered(
    queryset: QuerySet[MicroCredential], criteria: SearchCriteria
) -> QuerySet[MicroCredential]:
    if criteria.levels:
        queryset = queryset.filter(current_version__level__in=criteria.levels)
    if criteria.credits_min is not None:
        queryset = queryset.filter(current_version__credits__gte=criteria.credits_min)
    if criteria.credits_max is not None:
        queryset = queryset.filter(current_version__credits__lte=criteria.credits_max)
    if criteria.field:
        # a code starts with the field's digits: a range both databases read from an index
        queryset = queryset.filter(
            current_version__nzsced_code__gte=criteria.field,
            current_version__nzsced_code__lt=_next_code(criteria.field),
        )
    if criteria.developer:
        queryset = queryset.filter(developer__slug=criteria.developer)
    if criteria.provider:
        accredited = Accreditation.objects.filter(
            status=AccreditationStatus.GRANTED, provider__slug=criteria.provider
        )
        queryset = queryset.filter(pk__in=accredited.values("micro_credential_id"))
    if criteria.statuses:
        queryset = queryset.filter(status__in=criteria.statuses)
    if criteria.updated_since is not None:
        # `updated_at` moves whenever anything a listing's documents show changes (its
        # Last-Modified): the services that change a version, status, accreditation or an
        # organisation it names move it
        queryset = queryset.filter(updated_at__gte=criteria.updated_since)
    return queryset


def _next_code(prefix: str) -> str:
    """Return the first code after every code that starts with the prefix ("0399" -> "0400")."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


_BY_LISTING_NUMBER = (Length("listing_number").asc(), F("listing_number").asc())
_ORDERINGS: dict[Sort, tuple[Any, ...]] = {
    Sort.RELEVANCE: (search.SEARCH_RANK, *_BY_LISTING_NUMBER),
    Sort.TITLE: (Lower("current_version__title").asc(), *_BY_LISTING_NUMBER),
    Sort.NEWEST: (F("listed_on").desc(), *_BY_LISTING_NUMBER),
    Sort.LEVEL: (F("current_version__level").asc(), *_BY_LISTING_NUMBER),
    Sort.CREDITS: (F("current_version__credits").asc(), *_BY_LISTING_NUMBER),
    Sort.LISTING_NUMBER: _BY_LISTING_NUMBER,
}


# The key each order compares first (relevance: the rank, in `search.ranked_after`), as an
# expression of the listing; `_BY_LISTING_NUMBER` breaks ties.
_KEYS: dict[Sort, Any] = {
    Sort.TITLE: Lower("current_version__title"),
    Sort.NEWEST: F("listed_on"),
    Sort.LEVEL: F("current_version__level"),
    Sort.CREDITS: F("current_version__credits"),
}


def _after(
    queryset: QuerySet[MicroCredential], criteria: SearchCriteria
) -> QuerySet[MicroCredential]:
    """Keep the matches after the cursor's position in the search's order (keyset paging):
    listings added or changed meanwhile never shift what is still to come."""
    position = criteria.after
    if position is None:
        return queryset
    number = position.listing_number
    if position.sort is Sort.RELEVANCE:
        assert isinstance(position.key, float)
        return search.ranked_after(queryset, criteria.terms, position.key, number)
    queryset = queryset.alias(cursor_number_length=Length("listing_number"))
    later_number = Q(cursor_number_length__gt=len(number)) | Q(
        cursor_number_length=len(number), listing_number__gt=number
    )
    if position.sort is Sort.LISTING_NUMBER:
        return queryset.filter(later_number)
    key: Any = position.key
    if position.sort is Sort.TITLE:
        # the database lower-cases the title the cursor carries as it does the listings'
        key = Lower(Value(key))
    queryset = queryset.alias(cursor_key=_KEYS[position.sort])
    beyond = Q(cursor_key__lt=key) if position.sort is Sort.NEWEST else Q(cursor_key__gt=key)
    return queryset.filter(beyond | (Q(cursor_key=key) & later_number))


def position_of(listing: MicroCredential, sort: Sort) -> Position:
    """Where a listing stands in a search's order: the next page's cursor starts after it."""
    version = listing.current_version
    keys: dict[Sort, Any] = {
        Sort.RELEVANCE: getattr(listing, search.SEARCH_RANK, None),
        Sort.TITLE: version.title if version else None,
        Sort.NEWEST: listing.listed_on,
        Sort.LEVEL: version.level if version else None,
        Sort.CREDITS: version.credits if version else None,
        Sort.LISTING_NUMBER: None,
    }
    return Position(sort, keys[sort], listing.listing_number)


def _matching(
    user: User | None,
    criteria: SearchCriteria,
    *,
    words_as_ids: bool = False,
    hinted: bool = True,
) -> QuerySet[MicroCredential] | None:
    """Build the search in SQL, in order; None when the words leave nothing to find.

    `words_as_ids` matches the words as a set of ids instead of joining the full-text index,
    for a page read newest first through the listed_on index (`_walks_newest`); `hinted=False`
    leaves SQLite's planner hint out (the plain ORM reads).
    """
    queryset = _filtered(_visible(user), criteria)
    if criteria.q:
        terms = criteria.terms
        if not terms:
            return None
        queryset = search.with_text_search(queryset, terms, ranked=not words_as_ids, hinted=hinted)
    return queryset.order_by(*_ORDERINGS[criteria.effective_sort])


class TunedReads:
    """The performance layer: two statements a search, however many listings match."""

    hinted = True

    def count(
        self, matching: QuerySet[MicroCredential], criteria: SearchCriteria, user: Any
    ) -> int:
        sql, params = _count_sql(matching, criteria, with_removed=sees_removed(user))
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            total: int = cursor.fetchone()[0]
        return total

    def options_and_count(
        self, matching: QuerySet[MicroCredential] | None, criteria: SearchCriteria, user: Any
    ) -> tuple[FilterOptions, int]:
        with_removed = sees_removed(user)
        counting = (
            None if matching is None else _count_sql(matching, criteria, with_removed=with_removed)
        )
        options, total = _filter_options(with_removed=with_removed, counting=counting)
        return options, total or 0

    def page_items(
        self,
        user: Any,
        matching: QuerySet[MicroCredential],
        criteria: SearchCriteria,
        offset: int,
        total: int,
    ) -> list[MicroCredential]:
        return _page_items(user, matching, criteria, offset, total)


class OrmReads:
    """The plain ORM: the reference the tuned reads are tested against (three statements)."""

    hinted = False

    def count(
        self, matching: QuerySet[MicroCredential], criteria: SearchCriteria, user: Any
    ) -> int:
        return matching.count()

    def options_and_count(
        self, matching: QuerySet[MicroCredential] | None, criteria: SearchCriteria, user: Any
    ) -> tuple[FilterOptions, int]:
        statuses = [s.value for s in (ListingStatus if sees_removed(user) else PUBLIC_STATUSES)]
        options = _options_from_rows(_options_query(statuses))
        return options, 0 if matching is None else matching.count()

    def page_items(
        self,
        user: Any,
        matching: QuerySet[MicroCredential],
        criteria: SearchCriteria,
        offset: int,
        total: int,
    ) -> list[MicroCredential]:
        page = matching.select_related("current_version", "developer")
        return list(page[offset : offset + criteria.page_size])


Reads = TunedReads | OrmReads


def reads() -> Reads:
    """The reads `TOHU_REGISTER_SEARCH` chose: tuned (the default) or the plain ORM."""
    return OrmReads() if settings.TOHU_REGISTER_SEARCH == "orm" else TunedReads()


def micro_credential_search(*, user: User | None, criteria: SearchCriteria) -> SearchPage:
    """Return one page of the listings that match, with the total; a page past the end is empty.

    Tuned, two queries however many listings match: the count, then the page (not run past the
    end).
    """
    chosen = reads()
    matching = _matching(user, criteria, hinted=chosen.hinted)
    total = 0 if matching is None else chosen.count(matching, criteria, user)
    return _page(chosen, user, matching, criteria, total)


def micro_credential_search_with_options(
    *, user: User | None, criteria: SearchCriteria
) -> tuple[SearchPage, FilterOptions]:
    """Return the search page's reads: the page of results and the filter choices.

    Tuned, two queries: the filter choices come back with the count of matches, then the page.
    """
    chosen = reads()
    matching = _matching(user, criteria, hinted=chosen.hinted)
    options, total = chosen.options_and_count(matching, criteria, user)
    return _page(chosen, user, matching, criteria, total), options


def _count_sql(
    matching: QuerySet[MicroCredential], criteria: SearchCriteria, *, with_removed: bool
) -> tuple[str, tuple[Any, ...]]:
    """Return a statement that counts the matches.

    Words alone, on SQLite, are counted from the full-text index without reading a listing: the
    index has one row per listing, and the few removed listings are left out by id.
    """
    if connection.vendor == "sqlite" and criteria.is_words_only:
        hidden = () if with_removed else (ListingStatus.REMOVED.value,)
        return search.sqlite_match_count_sql(criteria.terms, hidden_statuses=hidden)
    sql, params = matching.order_by().values("pk").query.sql_with_params()
    # Django's own SQL with its parameters kept apart: no user text is pasted in
    return f"SELECT COUNT(*) FROM ({sql}) matches", tuple(params)  # noqa: S608


def _page(
    chosen: Reads,
    user: User | None,
    matching: QuerySet[MicroCredential] | None,
    criteria: SearchCriteria,
    total: int,
) -> SearchPage:
    offset = (criteria.page - 1) * criteria.page_size
    items: list[MicroCredential] = []
    if matching is not None and offset < total:
        items = chosen.page_items(user, _after(matching, criteria), criteria, offset, total)
    return SearchPage(items, total, criteria.page, criteria.page_size, criteria)


@dataclass(frozen=True)
class CursorPage:
    """One page of a search read by cursor (the API): the listings, how many match in all, and
    where the next page starts (None on the last)."""

    items: list[MicroCredential]
    total: int
    next: Position | None


def micro_credential_search_by_cursor(*, user: User | None, criteria: SearchCriteria) -> CursorPage:
    """Return the page of matches after `criteria.after` (keyset: listings added or changed
    meanwhile never shift a page), `criteria.page_size` of them, with the total.

    Tuned, two queries as `micro_credential_search` (one more after the first page of a ranked
    search on SQLite: `search.rank_now`); the page reads one listing more than it shows, to know
    whether another page follows.
    """
    limit = criteria.page_size
    page = micro_credential_search(
        user=user, criteria=replace(criteria, page=1, page_size=limit + 1)
    )
    items = page.items[:limit]
    more = len(page.items) > limit
    position = position_of(items[-1], criteria.effective_sort) if more else None
    return CursorPage(items, page.total, position)


def _page_items(
    user: User | None,
    matching: QuerySet[MicroCredential],
    criteria: SearchCriteria,
    offset: int,
    total: int,
) -> list[MicroCredential]:
    window = slice(offset, offset + criteria.page_size)
    # Sorting the matches' bare ids (and rank), then reading whole rows for the page alone, keeps
    # the sort narrow. One statement does both: the page's ids are a subquery, compiled on its
    # own so its table names are its own and nothing correlates, joined to a statement built
    # once (`page_rows`).
    sort = criteria.effective_sort
    walks = _walks_newest(criteria, offset, total=total)
    if walks and criteria.q:
        as_ids = _matching(user, criteria, words_as_ids=True)
        assert as_ids is not None  # the same words found matches a moment ago
        matching = _after(as_ids, criteria)
    if walks:
        matching = indexed_by(matching, LISTED_ON_INDEX)
    columns = ("pk", search.SEARCH_RANK) if sort is Sort.RELEVANCE else ("pk",)
    ids_sql, ids_params = matching.values(*columns)[window].query.sql_with_params()
    return listings_on_page(ids_sql, ids_params, sort)


# SQLite keeps no statistics on how many rows a filter keeps (no STAT4), so for "newest first" it
# always reads the filter's own index and sorts every match, even when a filter keeps most of the
# register and the listed_on index would find the first page within a few hundred rows. The count
# is known before the page is read, so the choice is made here instead: when the matches are many,
# and the page is near the front, the page is read through the listed_on index (INDEXED BY). With
# words, the walk matches them as a set of ids read from the full-text index once
# (`search.with_text_search(ranked=False)`), never by probing the index listing by listing.
LISTED_ON_INDEX = "register_microcredential_listed_on"
WALK_NEWEST_FROM = 1000


def _walks_newest(criteria: SearchCriteria, offset: int, *, total: int) -> bool:
    return (
        connection.vendor == "sqlite"
        and criteria.effective_sort is Sort.NEWEST
        and total >= WALK_NEWEST_FROM
        # the walk reads about (offset + page size) / (share matching) rows: at most a tenth of
        # the register when the page's end is within a tenth of the matches
        and (offset + criteria.page_size) * 10 <= total
    )


def register_last_changed() -> datetime | None:
    """When any listing, or anything its documents show, last changed (removed listings too, so
    a removal counts): the search's Last-Modified. One read of the `updated_at` index."""
    latest: datetime | None = MicroCredential.objects.aggregate(latest=Max("updated_at"))["latest"]
    return latest


def micro_credentials_matching(
    *, user: User | None, criteria: SearchCriteria
) -> QuerySet[MicroCredential]:
    """Return every listing that matches (not one page), for downloads; iterate it in chunks."""
    queryset = _matching(user, criteria, hinted=reads().hinted)
    if queryset is None:
        return MicroCredential.objects.none()
    field_name = FieldOfStudy.objects.filter(code=OuterRef("current_version__nzsced_code"))
    granted = Accreditation.objects.filter(status=AccreditationStatus.GRANTED)
    return (
        queryset.select_related("current_version", "developer")
        .annotate(field_of_study_name=Subquery(field_name.values("name")[:1]))
        .prefetch_related(
            Prefetch(
                "accreditations",
                queryset=granted.select_related("provider").order_by("provider__name"),
                to_attr="granted_accreditations",
            )
        )
    )


# ---------------------------------------------------------------------------------------------
# Filter choices for the search form.


@dataclass(frozen=True)
class FilterOptions:
    """The choices the search form offers: (value, label) pairs."""

    fields: list[tuple[str, str]]
    developers: list[tuple[str, str]]
    providers: list[tuple[str, str]]


def _labelled(
    queryset: QuerySet[Any], kind: str, key: str, label: str
) -> QuerySet[Any, tuple[str, str, str]]:
    labelled = queryset.annotate(
        option_kind=Value(kind), option_key=F(key), option_label=F(label)
    ).order_by()
    rows: QuerySet[Any, tuple[str, str, str]] = labelled.values_list(
        "option_kind", "option_key", "option_label"
    )
    return rows


def _options_query(statuses: list[str]) -> QuerySet[Any, tuple[str, str, str]]:
    fields = FieldOfStudy.objects.filter(
        level__in=[FieldOfStudy.Level.BROAD, FieldOfStudy.Level.NARROW]
    )
    developed = MicroCredential.objects.filter(developer=OuterRef("pk"), status__in=statuses)
    # any granted accreditation: a provider's name reveals nothing of a removed listing, and
    # looking through the listings too would read every accreditation on PostgreSQL
    accredited = Accreditation.objects.filter(
        provider=OuterRef("pk"), status=AccreditationStatus.GRANTED
    )
    developers = Organisation.objects.filter(Exists(developed.order_by()))
    providers = Organisation.objects.filter(Exists(accredited.order_by()))
    return _labelled(fields, "field", "code", "name").union(
        _labelled(developers, "developer", "slug", "name"),
        _labelled(providers, "provider", "slug", "name"),
        all=True,
    )


# Building that UNION in the ORM costs more than running it, and it only ever has two forms
# (with or without removed listings): compile each once per database vendor.
_OPTIONS_SQL: dict[tuple[str, bool], tuple[str, tuple[Any, ...]]] = {}


def _options_sql(*, with_removed: bool) -> tuple[str, tuple[Any, ...]]:
    key = (connection.vendor, with_removed)
    if key not in _OPTIONS_SQL:
        statuses = [s.value for s in (ListingStatus if with_removed else PUBLIC_STATUSES)]
        _OPTIONS_SQL[key] = _options_query(statuses).query.sql_with_params()
    return _OPTIONS_SQL[key]


def _filter_options(
    *, with_removed: bool, counting: tuple[str, tuple[Any, ...]] | None = None
) -> tuple[FilterOptions, int | None]:
    """Read the filter choices and, in the same statement, count the listings a search matches.

    The search page needs both, and a signed-in page has only six queries to spend: the count
    rides along as one more row of the UNION.
    """
    sql, params = _options_sql(with_removed=with_removed)
    if counting is not None:
        count_sql, count_params = counting
        count_row = f"SELECT 'total', CAST(({count_sql}) AS TEXT), ''"
        sql, params = f"{sql} UNION ALL {count_row}", (*params, *count_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    totals = [int(key) for kind, key, _ in rows if kind == "total"]
    options = _options_from_rows(row for row in rows if row[0] != "total")
    return options, totals[0] if totals else None


def _options_from_rows(rows: Iterable[tuple[str, str, str]]) -> FilterOptions:
    options: dict[str, list[tuple[str, str]]] = {"field": [], "developer": [], "provider": []}
    for kind, key, label in rows:
        options[kind].append((key, label))
    return FilterOptions(
        fields=sorted(options["field"]),
        developers=sorted(options["developer"], key=lambda pair: pair[1].lower()),
        providers=sorted(options["provider"], key=lambda pair: pair[1].lower()),
    )


def search_filter_options(*, user: User | None) -> FilterOptions:
    """Return the NZSCED broad and narrow fields, the developers and the accredited providers.

    One query: the three lists come back as one UNION.
    """
    options, _ = reads().options_and_count(None, SearchCriteria(), user)
    return options
