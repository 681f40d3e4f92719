"""Every read the public register needs, filtered by who is asking.

- `criteria`: what a search may ask for, checked once for the web page and the API;
- `listings`: a page of search results, every match for a download, the filter choices;
- `page_rows`: the listings on one page of results, read with one statement built once;
- `detail`: one listing in full, with its version and status histories.
"""

from tohu.register.selectors.criteria import (
    API_PARAMETERS,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY_LENGTH,
    MULTIPLE,
    PARAMETERS,
    Position,
    SearchCriteria,
    Sort,
    default_page_size,
    search_criteria_from,
)
from tohu.register.selectors.detail import (
    COMPARED_FIELDS,
    AccreditedProvider,
    FieldChange,
    MicroCredentialDetail,
    StatusEntry,
    VersionEntry,
    micro_credential_by_number,
    micro_credential_detail,
    micro_credential_details,
    organisations_named,
    version_changes,
    version_history,
)
from tohu.register.selectors.listings import (
    PUBLIC_STATUSES,
    CursorPage,
    FilterOptions,
    SearchPage,
    micro_credential_search,
    micro_credential_search_by_cursor,
    micro_credential_search_with_options,
    micro_credentials_matching,
    position_of,
    register_last_changed,
    search_filter_options,
    sees_removed,
)
from tohu.register.selectors.page_rows import LIST_COLUMNS

__all__ = [
    "API_PARAMETERS",
    "COMPARED_FIELDS",
    "LIST_COLUMNS",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "MAX_QUERY_LENGTH",
    "MULTIPLE",
    "PARAMETERS",
    "PUBLIC_STATUSES",
    "AccreditedProvider",
    "CursorPage",
    "FieldChange",
    "FilterOptions",
    "MicroCredentialDetail",
    "Position",
    "SearchCriteria",
    "SearchPage",
    "Sort",
    "StatusEntry",
    "VersionEntry",
    "default_page_size",
    "micro_credential_by_number",
    "micro_credential_detail",
    "micro_credential_details",
    "micro_credential_search",
    "micro_credential_search_by_cursor",
    "micro_credential_search_with_options",
    "micro_credentials_matching",
    "organisations_named",
    "position_of",
    "register_last_changed",
    "search_criteria_from",
    "search_filter_options",
    "sees_removed",
    "version_changes",
    "version_history",
]
