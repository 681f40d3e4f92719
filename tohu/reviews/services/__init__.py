"""Every change to reviews: one function per action, each in one transaction with its audit event.

`schedule`: the schedule and prompts; `reports`: drafts, submission and decisions; `outcomes`:
what an accepted outcome does; `feeds`: calendar subscription links; `transition`: the 2025
review of former training schemes.
"""

from tohu.reviews.services.feeds import IssuedFeed, calendar_feed_renew, calendar_feed_revoke
from tohu.reviews.services.reports import (
    review_accept,
    review_escalate,
    review_report_save,
    review_return,
    review_submit,
)
from tohu.reviews.services.schedule import (
    PromptRun,
    period_of,
    review_period_set,
    reviews_prompt,
    reviews_schedule,
)
from tohu.reviews.services.transition import (
    ImportResult,
    SchemeFileRejected,
    scheme_convert,
    scheme_scope_decide,
    schemes_import,
)

__all__ = [
    "ImportResult",
    "IssuedFeed",
    "PromptRun",
    "SchemeFileRejected",
    "calendar_feed_renew",
    "calendar_feed_revoke",
    "period_of",
    "review_accept",
    "review_escalate",
    "review_period_set",
    "review_report_save",
    "review_return",
    "review_submit",
    "reviews_prompt",
    "reviews_schedule",
    "scheme_convert",
    "scheme_scope_decide",
    "schemes_import",
]
