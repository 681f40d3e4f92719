"""Chromium for the browser tests: Debian's own build, driven by Playwright's sync API.

`playwright install` cannot download browsers on these machines, so the tests launch
/usr/bin/chromium. Without it they skip, unless TOHU_REQUIRE_BROWSER=1 says they must run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

CHROMIUM = Path(os.environ.get("TOHU_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}


@contextmanager
def launched_chromium() -> Iterator[Browser]:
    """Launch Debian's Chromium, or skip (fail under TOHU_REQUIRE_BROWSER=1) where it is missing."""
    if not CHROMIUM.exists():
        reason = f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("TOHU_REQUIRE_BROWSER") == "1":
            pytest.fail(f"TOHU_REQUIRE_BROWSER=1 but {reason}")
        pytest.skip(reason)
    # Playwright's sync API keeps an event loop running on the main thread while the browser
    # is open; Django would then refuse every database call from the tests themselves.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with launched_chromium() as launched:
        yield launched


def open_page(
    browser: Browser, *, viewport: dict[str, int] = DESKTOP
) -> tuple[BrowserContext, Page]:
    """Open a fresh context (no cookies) and a page in it."""
    context = browser.new_context(viewport=viewport, locale="en-NZ")  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    return context, context.new_page()


def sign_in_as(context: BrowserContext, client: Client, live_server_url: str) -> None:
    """Give the browser the session cookie of a test client that `force_login` signed in."""
    session = client.cookies["sessionid"].value
    context.add_cookies([{"name": "sessionid", "value": session, "url": live_server_url}])


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the browser tests last.

    While Chromium is open, Playwright's event loop runs on the main thread; any test after a
    browser test would find it there (async_to_sync refuses to run, Django thinks it is async).
    """
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
