"""Fixtures for the browser tests: the built site on 127.0.0.1, Debian's Chromium, a phone.

The site is served from site/ (or $E2E_SITE) by a small static server that compresses like GitHub
Pages. Every test gets a phone-sized, touch-enabled context that records each request; a request to
any host but 127.0.0.1, or an uncaught script error, fails the test. The helpers live in support.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from support import SITE, Phone, check_phone, new_phone

from bench.pages import SitePages, find_pages
from bench.static_server import StaticServer


@pytest.fixture(scope="session")
def site_dir() -> Path:
    """The built site; the tests fail (never skip) when it has not been built."""
    if not (SITE / "index.html").is_file():
        pytest.fail(
            f"{SITE}/index.html is missing: run `make site` first (it builds the site into "
            f"site/), then run the browser tests again.",
            pytrace=False,
        )
    return SITE


@pytest.fixture(scope="session")
def server(site_dir: Path) -> Iterator[StaticServer]:
    srv = StaticServer(site_dir).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def browser(chromium: Browser) -> Browser:
    """The run's one Chromium (tests/conftest.py): Playwright's sync API allows one at a time."""
    return chromium


@pytest.fixture
def make_phone(browser: Browser, server: StaticServer) -> Iterator[Callable[..., Phone]]:
    """Open more phones in one test (`make_phone(service_workers="block")`); each is checked."""
    opened: list[Phone] = []

    def make(**overrides: object) -> Phone:
        opened.append(new_phone(browser, server, **overrides))
        return opened[-1]

    yield make
    try:
        for p in opened:
            check_phone(p)
    finally:
        for p in opened:
            p.context.close()


@pytest.fixture
def phone(make_phone: Callable[..., Phone]) -> Phone:
    """A fresh phone (no cache; service workers allowed) that fails the test on any outside request."""
    return make_phone()


@pytest.fixture
def page(phone: Phone) -> Page:
    return phone.new_page()


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> SitePages:
    """One page of each type found in the built site."""
    return find_pages(site_dir)
