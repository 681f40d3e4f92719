"""`tohu demo --scale N` and `add_synthetic`: many varied listings, deterministic for a seed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tohu.core.audit import verify_chain
from tohu.core.errors import DomainError
from tohu.demo.build import DemoSummary, add_synthetic
from tohu.demo.people import PERSONAS
from tohu.demo.specs import DEMO_PASSWORD
from tohu.demo.synthetic import synthetic_specs
from tohu.register.models import ListingStatus, MicroCredential, MicroCredentialVersion


def test_scale_adds_that_many_micro_credentials_and_prints_the_sign_ins(db: None) -> None:
    out = StringIO()
    call_command("demo", "--scale", "50", stdout=out)
    # the framework's 66, the demo application approved on day one, and the 50 added
    assert MicroCredential.objects.count() == 66 + 1 + 50
    text = out.getvalue()
    assert "Added 50 synthetic micro-credentials" in text
    assert DEMO_PASSWORD in text
    table = text.split("Demo sign-ins")[1]
    for persona in PERSONAS:
        row = next(line for line in table.splitlines() if line.strip().startswith(persona.username))
        assert persona.role_label in row
    checked, broken = verify_chain()
    assert broken is None
    assert checked > 0


def test_the_command_run_again_says_the_demo_is_loaded(db: None) -> None:
    call_command("demo", stdout=StringIO())
    out = StringIO()
    call_command("demo", stdout=out)
    assert "already loaded" in out.getvalue()
    assert MicroCredential.objects.count() == 66 + 1


def test_the_command_refuses_a_negative_scale(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("demo", "--scale", "-1", stdout=StringIO())


def test_synthetic_listings_need_the_demo_first(db: None) -> None:
    with pytest.raises(DomainError):
        add_synthetic(5, seed=1)


def test_synthetic_listings_are_varied_and_valid(demo: DemoSummary) -> None:
    demo_ids = list(MicroCredential.objects.values_list("pk", flat=True))
    assert add_synthetic(300, seed=11) == 300
    synthetic = MicroCredential.objects.exclude(pk__in=demo_ids)
    assert synthetic.count() == 300
    versions = MicroCredentialVersion.objects.filter(micro_credential__in=synthetic)
    assert {v.level for v in versions} == set(range(1, 11))
    assert len({v.nzsced_code for v in versions}) >= 30
    assert len({m.developer_id for m in synthetic}) >= 15
    assert {m.status for m in synthetic} == {"current", "expiring", "discontinued"}
    assert versions.filter(number=2).exists()
    for micro_credential in synthetic.filter(status=ListingStatus.EXPIRING)[:20]:
        micro_credential.full_clean()
    _checked, broken = verify_chain()
    assert broken is None


def test_the_same_seed_gives_the_same_listings() -> None:
    assert synthetic_specs(200, seed=5) == synthetic_specs(200, seed=5)
    assert synthetic_specs(200, seed=5) != synthetic_specs(200, seed=6)
