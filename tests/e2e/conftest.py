"""Fixtures for the browser tests: the built site on 127.0.0.1, Debian's Chromium, a phone.

The site is served from site/ (or $E2E_SITE) by a small static server that compresses like GitHub
Pages. Every test gets a phone-sized, touch-enabled context that records each request; a request to
any host but 127.0.0.1, or an uncaught script error, fails the test. Screenshots go to
tests/e2e/screenshots/<page-type>.png.
"""

from __future__ import annotations

import os
import re
import sys
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from playwright.sync_api import (  # noqa: E402
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
)

from bench.chromium import PHONE  # noqa: E402
from bench.pages import SitePages, find_pages  # noqa: E402
from bench.static_server import StaticServer  # noqa: E402

SITE = Path(os.environ.get("E2E_SITE", REPO / "site")).resolve()
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
IGNORED_SCHEMES = {"data", "blob", "about", "chrome-extension", "devtools"}


def foreign(url: str) -> bool:
    """True if loading `url` would leave this machine."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme in IGNORED_SCHEMES:
        return False
    return parts.hostname not in LOCAL_HOSTS


@dataclass
class Phone:
    """A phone-sized browser context that remembers every request and every script error."""

    context: BrowserContext
    origin: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> Page:
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        page.on("console", lambda msg: self._console(page, msg))
        return page

    def _console(self, page: Page, msg: ConsoleMessage) -> None:
        if msg.type == "error":
            self.console_errors.append(f"{page.url}: {msg.text}")

    def new_page(self) -> Page:
        return self.attach(self.context.new_page())

    def url(self, path: str = "/") -> str:
        return self.origin + "/" + path.lstrip("/")

    def foreign_requests(self) -> list[str]:
        return sorted({u for u in self.requests if foreign(u)})


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


def new_phone(browser: Browser, server: StaticServer, **overrides: object) -> Phone:
    context = browser.new_context(**{**PHONE, **overrides})
    context.set_default_timeout(30_000)
    phone = Phone(context, server.origin)
    context.on("request", lambda req: phone.requests.append(req.url))
    # Requests made by dedicated workers and by the service worker are reported on the context.
    return phone


def check_phone(phone: Phone) -> None:
    problems = []
    outside = phone.foreign_requests()
    if outside:
        problems.append("requests left 127.0.0.1:\n  " + "\n  ".join(outside))
    if phone.errors:
        problems.append("uncaught script errors:\n  " + "\n  ".join(phone.errors))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def phone(browser: Browser, server: StaticServer) -> Iterator[Phone]:
    """A fresh phone (no cache, no service worker) that fails the test on any outside request."""
    p = new_phone(browser, server)
    yield p
    try:
        check_phone(p)
    finally:
        p.context.close()


@pytest.fixture
def page(phone: Phone) -> Page:
    return phone.new_page()


def screenshot(
    page: Page, page_type: str, full_page: bool = True, selector: str | None = None
) -> Path:
    """Write tests/e2e/screenshots/<page_type>.png (the page, or one element) and return its path."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', page_type.lower())}.png"
    if selector:
        page.locator(selector).first.screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=full_page)
    return path


@pytest.fixture(scope="session")
def site_pages(site_dir: Path) -> SitePages:
    """One page of each type found in the built site."""
    return find_pages(site_dir)


REQUIRED_PAGE_TYPES = ("home", "region", "topic", "calculator")
OPTIONAL_PAGE_TYPES = ("glossary", "status", "compare", "guides-index", "regions-index", "about")


def page_path(site_pages: SitePages, page_type: str) -> str:
    """The URL path of a page type; fails for a missing required type, skips (saying so) otherwise."""
    paths = site_pages.page_types()
    if page_type in paths:
        return paths[page_type]
    if page_type in REQUIRED_PAGE_TYPES:
        pytest.fail(
            f"the built site has no {page_type} page (looked in {site_pages.site})", pytrace=False
        )
    pytest.skip(f"this site has no {page_type} page")
    raise AssertionError  # unreachable
