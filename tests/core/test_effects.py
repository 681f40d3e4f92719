"""Emails leave only after the transaction commits."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from tohu.core.effects import email_after_commit


def test_email_is_sent_after_commit(transactional_db: None) -> None:
    with transaction.atomic():
        email_after_commit(to=["dev@example.nz", ""], subject="Listed", body="5056 is listed.")
        assert mail.outbox == []
    assert [m.to for m in mail.outbox] == [["dev@example.nz"]]


def test_a_rolled_back_transaction_sends_no_email(transactional_db: None) -> None:
    def decide_then_fail() -> None:
        with transaction.atomic():
            email_after_commit(to=["dev@example.nz"], subject="Listed", body="5056 is listed.")
            raise RuntimeError("decision rolled back")

    with pytest.raises(RuntimeError):
        decide_then_fail()
    assert mail.outbox == []


def test_no_recipients_sends_nothing(transactional_db: None) -> None:
    email_after_commit(to=["", ""], subject="Nobody", body="-")
    assert mail.outbox == []
