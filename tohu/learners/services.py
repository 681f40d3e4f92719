"""Changes to the learner index."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from tohu.core import audit
from tohu.core.errors import Conflict, InvalidInput, Problem
from tohu.learners.events import Event
from tohu.learners.models import CREDENTIAL_NAME_MAX, Learner, nsn_validator


def learner_register(
    *,
    actor: audit.Actor,
    nsn: str,
    family_name: str,
    given_names: str = "",
    date_of_birth: date | None = None,
) -> Learner:
    """Add a learner to the index; the NSN keeps its leading zeros (ROA-nsn)."""
    try:
        nsn_validator(nsn)
    except ValidationError:
        raise InvalidInput(
            gettext("NSN %(nsn)s is not 1 to 10 digits.") % {"nsn": repr(nsn)},
            rule_id="ROA-nsn",
            field="nsn",
            problems=[Problem("ROA-nsn", "An NSN is 1 to 10 digits.", field="nsn")],
        ) from None
    with transaction.atomic():
        if Learner.objects.filter(nsn=nsn).exists():
            raise Conflict(
                gettext("A learner with NSN %(nsn)s is already in the index.") % {"nsn": nsn},
                field="nsn",
            )
        learner = Learner.objects.create(
            nsn=nsn, family_name=family_name, given_names=given_names, date_of_birth=date_of_birth
        )
        audit.record(Event.LEARNER_REGISTERED, actor=actor, subject=learner)
    return learner


def learner_link_account(*, actor: audit.Actor, learner: Learner, user: AbstractBaseUser) -> None:
    """Link a sign-in to a learner so they can see their own record."""
    with transaction.atomic():
        learner.user_id = user.pk
        learner.save(update_fields=["user"])
        audit.record(
            Event.LEARNER_LINKED,
            actor=actor,
            subject=learner,
            detail={"user": user.get_username()},
        )


def credential_name_problem(name: str) -> str | None:
    """Say what is wrong with a name chosen for credentials, or None."""
    if len(name) > CREDENTIAL_NAME_MAX:
        return f"The name is {len(name)} characters; at most {CREDENTIAL_NAME_MAX} fit."
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        return "The name holds a control or invisible character; type it again."
    return None


def learner_credential_name_set(*, actor: audit.Actor, learner: Learner, name: str) -> Learner:
    """Record the name the learner chose for their credentials ("" for the legal name).

    Called by the credential service that also has the learner's credentials signed again.
    """
    name = " ".join(name.split())
    if problem := credential_name_problem(name):
        raise InvalidInput(
            problem,
            field="credential_name",
            problems=[Problem(None, problem, field="credential_name")],
        )
    with transaction.atomic():
        locked = Learner.objects.select_for_update().get(pk=learner.pk)
        previous = locked.credential_name
        locked.credential_name = "" if name == locked.full_name else name
        locked.save(update_fields=["credential_name"])
        audit.record(
            Event.LEARNER_CREDENTIAL_NAME_SET,
            actor=actor,
            subject=locked,
            detail={"previous": previous, "name": locked.credential_name},
        )
    return locked
