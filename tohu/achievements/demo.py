"""Demo completions: every accredited provider reports some, through the real ingest service."""

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


def _dates(start: date, today: date, rng: random.Random) -> str:
    span = max((today - start).days, 1)
    return (start + timedelta(days=rng.randrange(span))).isoformat()


def add_demo_completions(*, per_accreditation: int = 12, seed: int = 5) -> int:
    """Have each provider report completions of what it is accredited for; return how many
    were recorded. Learners with a sign-in get several, so their record has something in it.
    Running it again records nothing new (ROA-dup)."""
    rng = random.Random(seed)  # noqa: S311 - demo data, not security
    today = clock.today()
    learners = list(Learner.objects.order_by("nsn").values_list("nsn", "user_id"))
    if not learners:
        return 0
    signed_in = [nsn for nsn, user_id in learners if user_id is not None]
    rows: dict[int, list[Mapping[str, str | None]]] = defaultdict(list)
    accreditations = Accreditation.objects.filter(
        status=AccreditationStatus.GRANTED,
        micro_credential__status__in=[ListingStatus.CURRENT, ListingStatus.EXPIRING],
    ).select_related("micro_credential", "provider")
    for accreditation in accreditations:
        start = max(accreditation.granted_on, accreditation.micro_credential.listed_on)
        if start >= today:
            continue
        chosen = rng.sample(learners, min(per_accreditation, len(learners)))
        nsns = {nsn for nsn, _ in chosen} | set(signed_in[:1])
        for nsn in sorted(nsns):
            rows[accreditation.provider_id].append(
                {
                    "nsn": nsn,
                    "listing_number": accreditation.micro_credential.listing_number,
                    "date_of_achievement": _dates(start, today, rng),
                }
            )
    recorded = 0
    providers = {a.provider_id: a.provider for a in accreditations}
    for provider_id, items in rows.items():
        outcome = results_import(
            reporter=DEMO,
            provider=providers[provider_id],
            source=RowsSource(items=items, name="demo"),
            channel=Channel.COMMAND,
            partial=True,
        )
        recorded += outcome.rows_recorded
    return recorded
