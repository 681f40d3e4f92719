"""Which SQLite library Tohu's SQLite database runs on.

Python's `sqlite3` module carries the SQLite of the machine Python was built on: 3.40 on
Debian 12, older on older systems. The `pysqlite3-binary` wheel carries a current one (3.51),
whose full-text ranking is 1.3 to 1.7 times as fast (docs/performance.md). Where the wheel is
installed (Linux on x86-64, see pyproject.toml) Tohu uses it, unless `TOHU_SQLITE_LIBRARY=python`
asks for Python's own. The register's searches give their plans the hints they need on either
(`tohu.core.sqlite_hints`), and CI runs the register's tests on both.
"""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

from tohu.core.env import ImproperSetting

LIBRARIES = ("auto", "python")


def choose(library: str) -> ModuleType:
    """Make `import sqlite3` give the chosen library, before Django loads its SQLite backend.

    Return the module chosen: "auto" is the wheel's where it is installed, else Python's own.
    """
    if library not in LIBRARIES:
        raise ImproperSetting(
            f"TOHU_SQLITE_LIBRARY={library!r} is not one of: {', '.join(LIBRARIES)}"
        )
    module = _bundled() if library == "auto" else None
    if module is None:
        module = importlib.import_module("sqlite3")
    else:
        sys.modules["sqlite3"] = module
        sys.modules["sqlite3.dbapi2"] = module.dbapi2
    django_backend = sys.modules.get("django.db.backends.sqlite3.base")
    if django_backend is not None and django_backend.Database is not module.dbapi2:
        raise ImproperSetting(
            "Django's SQLite backend was loaded before the settings chose its library"
        )
    return module


def _bundled() -> ModuleType | None:
    try:
        return importlib.import_module("pysqlite3")
    except ImportError:
        return None
