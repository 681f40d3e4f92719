"""What the register tells the apps built on it, without importing them.

`review_period_proposed` is sent inside `micro_credential_add_version`'s transaction when a new
version proposes another review period (REV-period). The reviews app keeps what else decides the
next review (a period the quality assurer set, the last accepted review) and moves it in its
receiver (`tohu.reviews.services.schedule.on_review_period_proposed`, connected in
`ReviewsConfig.ready`); an error there rolls the new version back with it.
"""

from __future__ import annotations

from django.dispatch import Signal

# keyword arguments: actor, micro_credential, reason
review_period_proposed = Signal()
