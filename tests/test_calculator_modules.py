"""The browser calculator's JavaScript modules, each tested on its own in Node.js (tests/js/).

The page modules that need no DOM (typed numbers, requests, the URL state, feature detection) and the
worker's (failure reasons, the snapshot store, the Pyodide boot with the runtime the site ships).
The DOM parts are tested in Chromium under tests/e2e/.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
JS_TESTS = REPO / "tests" / "js"


def test_calculator_modules_in_node():
    if shutil.which("node") is None:
        pytest.fail("node is not installed", pytrace=False)
    if not (REPO / "docs" / "assets" / "pyodide" / "manifest.json").exists():
        pytest.fail("docs/assets/pyodide is missing: run `make browser-assets`", pytrace=False)
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files, f"no tests in {JS_TESTS}"
    # The site's modules are plain .js files (the browser needs no package.json): let Node see
    # from their syntax that they are ES modules.
    proc = subprocess.run(
        ["node", "--experimental-detect-module", "--no-warnings", "--test", *files],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=900,
        check=False,
        cwd=REPO,
    )
    if proc.returncode != 0:
        pytest.fail(
            f"node --test failed:\n{proc.stdout[-6000:]}\n{proc.stderr[-2000:]}", pytrace=False
        )
    assert "# fail 0" in proc.stdout
