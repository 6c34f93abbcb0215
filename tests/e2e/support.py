"""The browser tests' one toolkit: the built site's location, a recording phone, screenshots.

Every browser test (all under tests/e2e/) opens pages through a `Phone`: a phone-sized, touch-enabled
Chromium context that records each request, uncaught script error and console error. `check_phone`
fails a test on a request to any host but 127.0.0.1 or on an uncaught error.
"""

from __future__ import annotations

import os
import re
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Locator, Page

from bench.chromium import PHONE
from bench.pages import SitePages
from bench.static_server import StaticServer

REPO = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("E2E_SITE", REPO / "site")).resolve()
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
LOCAL_HOSTS = {"127.0.0.1"}
IGNORED_SCHEMES = {"data", "blob", "about", "chrome-extension", "devtools"}
REQUIRED_PAGE_TYPES = ("home", "region", "topic", "calculator")
OPTIONAL_PAGE_TYPES = ("glossary", "status", "compare", "guides-index", "regions-index", "about")


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


def new_phone(browser: Browser, server: StaticServer, **overrides: object) -> Phone:
    """A fresh phone context (no cache); `overrides` go to Playwright's new_context."""
    context = browser.new_context(**{**PHONE, **overrides})
    context.set_default_timeout(60_000)
    phone = Phone(context, server.origin)
    # Requests made by dedicated workers and by the service worker are reported on the context.
    context.on("request", lambda req: phone.requests.append(req.url))
    return phone


def check_phone(phone: Phone) -> None:
    """Fail the test if the phone sent a request off this machine or met an uncaught error."""
    problems = []
    outside = phone.foreign_requests()
    if outside:
        problems.append("requests left 127.0.0.1:\n  " + "\n  ".join(outside))
    if phone.errors:
        problems.append("uncaught script errors:\n  " + "\n  ".join(phone.errors))
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)


def screenshot(
    target: Page | Locator, name: str, full_page: bool = True, selector: str | None = None
) -> Path:
    """Write tests/e2e/screenshots/<name>.png of a page (or one of its elements) and return it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}.png"
    if selector:
        target.locator(selector).first.screenshot(path=str(path))
    elif isinstance(target, Page):
        target.screenshot(path=str(path), full_page=full_page)
    else:
        target.screenshot(path=str(path))
    return path


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


FOLDS = {"calculator": "details.yb-fold--calc", "examples": "details.yb-fold--examples"}


def unfold(page: Page, fold: str = "calculator") -> None:
    """Tap a region page's folded 自己算一算 or 算好的住院例子, as a reader does (no-op if open or absent)."""
    summary = page.locator(f"{FOLDS[fold]}:not([open]) > summary")
    if summary.count():
        summary.first.click()
