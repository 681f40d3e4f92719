"""Background work yields the processor to people's requests.

`tohu worker` (results files, credentials, webhooks, email) and `tohu results import` raise their
own niceness to TOHU_BACKGROUND_NICENESS (10 by default; 0 leaves it as it is) when they start.
On a busy machine the web server's requests then run first and a large import takes what is
left; on an idle one the import runs as fast as before. What people measured during a large
import, on both databases, is in docs/performance.md ("A million rows while people use Tohu").
"""

from __future__ import annotations

import os

from django.conf import settings


def run_in_background() -> int:
    """Raise this process's niceness to the background level (never lower it); the niceness."""
    if not hasattr(os, "nice"):  # not on this platform: the process keeps its priority
        return 0
    current = os.nice(0)
    wanted = min(settings.TOHU_BACKGROUND_NICENESS, 19)
    return os.nice(wanted - current) if wanted > current else current
