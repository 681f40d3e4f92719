"""Settings come from the environment through helpers that fail loudly on bad values."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from tohu.core.env import ImproperSetting, env_bool, env_date, env_int, env_list, env_str

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
