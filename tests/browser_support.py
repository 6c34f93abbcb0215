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

from bench.chromium import PHONE  # noqa: E402
from bench.static_server import StaticServer  # noqa: E402

SITE = Path(os.environ.get("E2E_SITE", REPO / "site")).resolve()
SCREENSHOTS = REPO / "tests" / "e2e" / "screenshots"


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
def calc_browser(chromium):
    """The run's one Chromium (tests/conftest.py)."""
    return chromium


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
