"""What an application costs: evaluation by the hour (FEE-hourly), or the statement of
equivalency's fee (EQV-fee), at the configured policy values."""

from __future__ import annotations

from tohu.applications.models import Application
from tohu.core import policy
from tohu.rulebook import Fee, equivalency_fee, evaluation_fee


def fee_for(application: Application) -> Fee:
    """Return the application's fee for the evaluator hours recorded so far."""
    if application.is_equivalency:
        return equivalency_fee(
            application.bundle_size, application.evaluator_hours, policy.current()
        )
    return evaluation_fee(application.evaluator_hours, policy.current())
