"""Demo completions: providers report what learners achieved, through the real ingest service.

A real learner holds a few micro-credentials at neighbouring levels, not dozens from level 1 to
10: each learner here is given a level they study at (most between 2 and 6) and 1 to 4
micro-credentials within one level of it, from providers accredited for them.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Mapping
from datetime import date, timedelta

from tohu.achievements.models import Channel
from tohu.achievements.results_file import RowsSource
from tohu.achievements.services import results_import
from tohu.core import clock
from tohu.core.principal import DEMO
from tohu.learners.models import Learner
from tohu.register.models import Accreditation, AccreditationStatus, ListingStatus

MOST_HELD = 4
# the levels learners study at, weighted as enrolments are: most at levels 2 to 6
STUDY_LEVELS = (2, 3, 3, 4, 4, 4, 5, 5, 6, 7)


def _date(start: date, today: date, rng: random.Random) -> str:
    # mostly in the last two years, never before the accreditation or listing
    earliest = max(start, today - timedelta(days=730))
    span = max((today - earliest).days, 1)
    return (earliest + timedelta(days=rng.randrange(span))).isoformat()


def _options() -> list[Accreditation]:
    return list(
        Accreditation.objects.filter(
            status=AccreditationStatus.GRANTED,
            micro_credential__status__in=[ListingStatus.CURRENT, ListingStatus.EXPIRING],
        )
        .select_related("micro_credential__current_version", "provider")
        .order_by("micro_credential__listing_number", "provider__slug")
    )


def _level(accreditation: Accreditation) -> int:
    version = accreditation.micro_credential.current_version
    return version.level if version is not None else 0


def add_demo_completions(*, most: int = MOST_HELD, seed: int = 5) -> int:
    """Have providers report 1 to `most` completions for each learner, at plausible levels;
    return how many were recorded. Running it again records nothing new (ROA-dup)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    today = clock.today()
    options = [a for a in _options() if max(a.granted_on, a.micro_credential.listed_on) < today]
    learners = list(Learner.objects.order_by("nsn").values_list("nsn", "user_id"))
    if not options or not learners:
        return 0
    rows: dict[int, list[Mapping[str, str | None]]] = defaultdict(list)
    for nsn, user_id in learners:
        level = rng.choice(STUDY_LEVELS)
        near = [a for a in options if abs(_level(a) - level) <= 1] or options
        # one provider per micro-credential: a learner completes it once
        by_listing = {a.micro_credential.listing_number: a for a in rng.sample(near, len(near))}
        # a learner who signs in has enough on their record to share
        wanted = 3 if user_id is not None else rng.randint(1, most)
        chosen = rng.sample(sorted(by_listing), min(wanted, len(by_listing)))
        for listing_number in sorted(chosen):
            accreditation = by_listing[listing_number]
            start = max(accreditation.granted_on, accreditation.micro_credential.listed_on)
            rows[accreditation.provider_id].append(
                {
                    "nsn": nsn,
                    "listing_number": listing_number,
                    "date_of_achievement": _date(start, today, rng),
                }
            )
    recorded = 0
    providers = {a.provider_id: a.provider for a in options}
    for provider_id, items in sorted(rows.items()):
        outcome = results_import(
            reporter=DEMO,
            provider=providers[provider_id],
            source=RowsSource(items=items, name="demo"),
            channel=Channel.COMMAND,
            partial=True,
        )
        recorded += outcome.rows_recorded
    return recorded
