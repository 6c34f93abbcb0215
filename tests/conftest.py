"""Fixtures shared by every test folder: one Chromium for the whole run, Hypothesis profiles."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench.chromium import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

# CI runs the same examples every time, so a landing never hinges on a lucky draw;
# developers get fresh random examples on each run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """Debian's Chromium, started once: Playwright's sync API allows one running instance."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"{CHROMIUM} is missing: run `make setup` (it installs Debian's chromium).",
            pytrace=False,
        )
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
