"""The learner index keeps NSNs as digit strings and answers through an adapter."""

from __future__ import annotations

from datetime import date

import pytest
from django.test.utils import override_settings

from tests.factories import LearnerFactory, UserFactory
from tohu.core.errors import Conflict, InvalidInput
from tohu.core.models import AuditEvent
from tohu.core.principal import SYSTEM
from tohu.learners import index
from tohu.learners.services import learner_link_account, learner_register


def test_leading_zeros_are_kept(db: None) -> None:
    learner = learner_register(
        actor=SYSTEM, nsn="0000123456", family_name="Ngata", given_names="Hēmi"
    )
    assert learner.nsn == "0000123456"
    record = index.learner_index().lookup("0000123456")
    assert record is not None
    assert (record.nsn, record.given_names) == ("0000123456", "Hēmi")
    assert index.learner_index().lookup("123456") is None


@pytest.mark.parametrize("nsn", ["12 345", "12345a", "", "12345678901", "١٢٣"])
def test_an_nsn_that_is_not_digits_is_refused(db: None, nsn: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        learner_register(actor=SYSTEM, nsn=nsn, family_name="Smith")
    assert caught.value.rule_id == "ROA-nsn"
    assert caught.value.field == "nsn"


def test_an_nsn_is_registered_once(db: None) -> None:
    learner_register(actor=SYSTEM, nsn="042", family_name="Smith")
    with pytest.raises(Conflict):
        learner_register(actor=SYSTEM, nsn="042", family_name="Smith")
    assert AuditEvent.objects.filter(event="learner.registered").count() == 1


def test_many_nsns_are_answered_in_batches(db: None, django_assert_num_queries) -> None:
    for n in range(5):
        LearnerFactory.create(nsn=f"00{n:07d}", date_of_birth=date(2001, 1, n + 1))
    adapter = index.LocalLearnerIndex()
    adapter.batch_size = 2
    with django_assert_num_queries(3):
        found = adapter.lookup_many([f"00{n:07d}" for n in range(5)] + ["999"])
    assert sorted(found) == [f"00{n:07d}" for n in range(5)]


class _FakeNationalIndex:
    def lookup(self, nsn: str) -> index.LearnerRecord | None:
        return self.lookup_many([nsn]).get(nsn)

    def lookup_many(self, nsns: object) -> dict[str, index.LearnerRecord]:
        return {"77": index.LearnerRecord("77", "Tane", "Wiremu", None)}


def test_the_adapter_is_chosen_by_setting(db: None) -> None:
    path = f"{__name__}._FakeNationalIndex"
    with override_settings(TOHU_LEARNER_INDEX=path):
        record = index.learner_index().lookup("77")
    assert record is not None
    assert record.family_name == "Tane"


def test_linking_an_account_is_audited(db: None) -> None:
    learner = LearnerFactory.create()
    user = UserFactory.create()
    learner_link_account(actor=SYSTEM, learner=learner, user=user)
    learner.refresh_from_db()
    assert learner.user_id == user.pk
    assert AuditEvent.objects.get(event="learner.account_linked").detail == {"user": user.username}
