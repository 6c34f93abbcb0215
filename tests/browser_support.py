"""Browser fixtures for tests/test_browser_calculator.py: the built site on 127.0.0.1 and Chromium.

tests/e2e/conftest.py holds the same kind of fixtures for the tests under tests/e2e/; this module
gives the calculator test its own (it lives in tests/, outside that conftest's reach) and reuses the
project's static server (bench/static_server.py, which behaves like GitHub Pages).
"""

from __future__ import annotations

import os
import sys
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.static_server import StaticServer  # noqa: E402

SITE = Path(os.environ.get("E2E_SITE", REPO / "site")).resolve()
SCREENSHOTS = REPO / "tests" / "e2e" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    # any other host resolves to nothing: a stray request fails fast and is still recorded
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}


def is_local(url: str) -> bool:
    parts = urllib.parse.urlsplit(url)
    return parts.scheme in {"data", "blob", "about"} or parts.hostname == "127.0.0.1"


@pytest.fixture(scope="session")
def calc_site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"{SITE}/index.html is missing: run `make site` first", pytrace=False)
    return SITE


@pytest.fixture(scope="session")
def calc_server(calc_site: Path) -> Iterator[StaticServer]:
    srv = StaticServer(calc_site).start()
    yield srv
    srv.stop()


@pytest.fixture(scope="session")
def calc_browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup`", pytrace=False)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PhoneContext:
    """A phone-sized context recording every request (pages, workers, service worker)."""

    def __init__(self, browser, origin: str, **overrides):
        self.context = browser.new_context(**{**PHONE, **overrides})
        self.context.set_default_timeout(60_000)
        self.origin = origin
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda r: self.requests.append(r.url))

    def new_page(self):
        page = self.context.new_page()
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: {exc}"))
        return page

    def url(self, path: str) -> str:
        return self.origin + "/" + path.lstrip("/")

    def foreign(self) -> list[str]:
        return sorted({u for u in self.requests if not is_local(u)})


@pytest.fixture
def calc_phone(calc_browser, calc_server) -> Iterator[PhoneContext]:
    phone = PhoneContext(calc_browser, calc_server.origin, service_workers="allow")
    yield phone
    phone.context.close()


def shot(target, name: str) -> Path:
    """tests/e2e/screenshots/calculator-<name>.png of a page (full length) or of one element."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"calculator-{name}.png"
    if hasattr(target, "goto"):
        target.screenshot(path=str(path), full_page=True)
    else:
        target.screenshot(path=str(path))
    return path
