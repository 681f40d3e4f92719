"""Background tasks for reviews (run by `tohu worker`)."""

from __future__ import annotations

from django_tasks import task

from tohu.reviews.services import reviews_prompt


@task()
def prompt_reviews() -> dict[str, object]:
    """REV-remind: schedule reviews, send the prompts due and mark overdue reviews; idempotent."""
    run = reviews_prompt()
    return {"scheduled": run.scheduled, "prompted": run.prompted, "emails": run.emails}
