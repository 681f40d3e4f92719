"""The name a learner chooses for their credentials: recorded, and their credentials signed
again with it by the background sweep (queued after commit)."""

from __future__ import annotations

from django.db import transaction

from tohu.core.audit import Actor
from tohu.core.effects import after_commit
from tohu.core.permissions import Action, require
from tohu.credentials.services.issuing import credentials_sign_again
from tohu.credentials.tasks import enqueue_issuance
from tohu.learners.models import Learner
from tohu.learners.services import learner_credential_name_set


def credential_name_choose(*, actor: Actor, learner: Learner, name: str) -> Learner:
    """Record the name the learner chose for their credentials and sign them again with it."""
    require(actor, Action.CREDENTIAL_CHOOSE_NAME, learner)
    with transaction.atomic():
        changed = learner_credential_name_set(actor=actor, learner=learner, name=name)
        credentials_sign_again(nsn=changed.nsn)
        after_commit(enqueue_issuance)
    return changed
