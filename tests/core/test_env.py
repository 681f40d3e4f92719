"""Settings come from the environment through helpers that fail loudly on bad values."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tohu.core.env import (
    ImproperSetting,
    env_bool,
    env_date,
    env_decimal,
    env_int,
    env_list,
    env_month_day,
    env_str,
)
from tohu.rulebook import MonthDay

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("1", True),
        ("true", True),
        ("YES", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("off", False),
        ("", True),
    ],
)
def test_booleans_accept_clear_words(
    monkeypatch: pytest.MonkeyPatch, raw: str, expected: bool
) -> None:
    monkeypatch.setenv("TOHU_X", raw)
    assert env_bool("TOHU_X", True) is expected


@pytest.mark.parametrize("raw", ["maybe", "2", "tru"])
def test_booleans_refuse_anything_else_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    monkeypatch.setenv("TOHU_X", raw)
    with pytest.raises(ImproperSetting, match="TOHU_X"):
        env_bool("TOHU_X", False)


def test_integers_refuse_text_and_values_below_the_minimum(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOHU_N", "ten")
    with pytest.raises(ImproperSetting, match="not a whole number"):
        env_int("TOHU_N", 1)
    monkeypatch.setenv("TOHU_N", "0")
    with pytest.raises(ImproperSetting, match="below the minimum of 1"):
        env_int("TOHU_N", 1, minimum=1)
    monkeypatch.setenv("TOHU_N", "25")
    assert env_int("TOHU_N", 1, minimum=1) == 25


def test_lists_dates_and_strings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOHU_L", " a.nz, ,b.nz ")
    assert env_list("TOHU_L", []) == ["a.nz", "b.nz"]
    monkeypatch.setenv("TOHU_D", "2023-01-16")
    assert env_date("TOHU_D", date(2000, 1, 1)) == date(2023, 1, 16)
    monkeypatch.setenv("TOHU_D", "16/01/2023")
    with pytest.raises(ImproperSetting, match="YYYY-MM-DD"):
        env_date("TOHU_D", date(2000, 1, 1))
    monkeypatch.delenv("TOHU_S", raising=False)
    assert env_str("TOHU_S", "fallback") == "fallback"


def test_env_example_lists_every_variable_the_settings_read() -> None:
    settings_source = (ROOT / "tohu" / "settings.py").read_text()
    read = set(re.findall(r'env_\w+\(\s*"([A-Z_0-9]+)"', settings_source))
    documented = set(re.findall(r"^([A-Z_0-9]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read, "no env_* calls found in settings.py"
    assert read - documented == set()


def test_decimals_are_decimals_and_refuse_text_and_negative_amounts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("TOHU_FEE", raising=False)
    assert env_decimal("TOHU_FEE", Decimal("190.00")) == Decimal("190.00")
    monkeypatch.setenv("TOHU_FEE", " 240.5 ")
    value = env_decimal("TOHU_FEE", Decimal("190.00"))
    assert isinstance(value, Decimal)
    assert value == Decimal("240.5")
    for bad, problem in (("ten", "not a decimal"), ("-1", "zero or more"), ("NaN", "zero or more")):
        monkeypatch.setenv("TOHU_FEE", bad)
        with pytest.raises(ImproperSetting, match=problem):
            env_decimal("TOHU_FEE", Decimal("190.00"))


def test_days_of_the_year_are_read_as_month_and_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOHU_DAY", "01-15")
    assert env_month_day("TOHU_DAY", MonthDay(1, 2)) == MonthDay(1, 15)
    monkeypatch.setenv("TOHU_DAY", "15/01")
    with pytest.raises(ImproperSetting, match="TOHU_DAY='15/01' is not a day of the year"):
        env_month_day("TOHU_DAY", MonthDay(1, 2))


def _env_example() -> dict[str, str]:
    lines = (ROOT / ".env.example").read_text().splitlines()
    return dict(line.split("=", 1) for line in lines if re.match(r"^[A-Z_0-9]+=", line))


def _policy_in_a_fresh_process(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("TOHU_")}
    script = (
        "from django.conf import settings; from tohu.rulebook import Policy; "
        "print(settings.TOHU_POLICY == Policy(), repr(settings.TOHU_POLICY.gst_rate))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**clean, "SECRET_KEY": "x", "DEBUG": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_the_policy_values_in_env_example_are_the_declared_defaults() -> None:
    # .env.example restates each default for the reader: it must agree with tohu.rulebook.policy
    policy_names = re.findall(
        r'env_\w+\(\s*"(TOHU_[A-Z_0-9]+)",\s*_POLICY\.', (ROOT / "tohu" / "settings.py").read_text()
    )
    example = _env_example()
    assert len(policy_names) >= 15
    assert set(policy_names) <= set(example)
    shown = {name: example[name] for name in policy_names}
    assert _policy_in_a_fresh_process(**shown) == "True Decimal('0.15')"
    assert _policy_in_a_fresh_process(TOHU_GST_RATE="0.125") == "False Decimal('0.125')"
