"""The change application a review opens for the developer (REV-form "continue with changes").

`application_create` asks that a member of the applicant acts; here the quality assurer's
acceptance of a review opens the draft on the developer's behalf, so the reviews app calls this
instead. It keeps to the applications app's own rules: the same target checks, the same
prefilled details, the same audit event.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from tohu.applications.events import Event
from tohu.applications.models import Application, ApplicationType
from tohu.applications.services import common
from tohu.applications.services.drafts import _check_target, _prefill_from
from tohu.register.models import MicroCredential


def change_application_open(
    *, actor: AbstractBaseUser, micro_credential: MicroCredential, due_on: date, reason: str
) -> Application:
    """Open a change application draft for the micro-credential's developer, due by `due_on`."""
    developer = micro_credential.developer
    _check_target(ApplicationType.CHANGE, developer, micro_credential)
    values = _prefill_from(micro_credential)
    with transaction.atomic():
        application = Application.objects.create(
            application_type=ApplicationType.CHANGE,
            applicant=developer,
            micro_credential=micro_credential,
            change_summary=reason,
            **values,
        )
        detail = {
            "type": ApplicationType.CHANGE.value,
            "applicant": developer.slug,
            "listing_number": micro_credential.listing_number,
            "opened_by": "review",
            "due_on": due_on.isoformat(),
        }
        common.record(Event.CREATED, application, actor=actor, detail=detail)
    return application
