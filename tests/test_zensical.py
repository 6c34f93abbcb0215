"""The way out of mkdocs-material: Zensical builds the same mkdocs.yml into a site that keeps each
region page's guide, hotlines and calculator (compared with the MkDocs build in site/).

Zensical ignores `hooks:` (the generator runs first, as in `make site`) and brings its own search.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SITE = Path(os.environ.get("E2E_SITE", REPO / "site")).resolve()
CONFIG = REPO / "mkdocs.zensical.yml"  # mkdocs.yml plus its own site_dir (ignored by git)
OUT = REPO / "site-zensical"  # Zensical keeps site_dir inside the project (ignored by git)


def region_pages(site: Path) -> dict[str, str]:
    """Region page path → its HTML."""
    return {
        p.parent.name: p.read_text(encoding="utf-8")
        for p in sorted((site / "regions").glob("[0-9]*/index.html"))
    }


def essentials(html: str) -> dict:
    """What a reader needs from a region page: sections, guide topics, numbers, the calculator."""
    calc = re.search(r'<div class="yb-calc"([^>]*)>', html)
    return {
        "sections": re.findall(r'<h2[^>]*\sid="([^"]+)"', html),
        "topics": re.findall(r'id="(topic-[a-z0-9-]+)"', html),
        "tel": re.findall(r'href="(tel:[0-9,]+)"', html),
        "calculator": sorted(re.findall(r'(data-[a-z-]+)="', calc.group(1))) if calc else None,
        "calculator_script": "assets/calculator/calculator.js" in html,
        "policy": html.count('http-equiv="Content-Security-Policy"'),
    }


@pytest.fixture(scope="module")
def zensical_site() -> Path:
    if not (SITE / "regions").is_dir():
        pytest.fail(f"{SITE}/regions is missing: run `make site` first.", pytrace=False)
    shutil.rmtree(OUT, ignore_errors=True)
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    CONFIG.write_text(
        f"{config}\n# make check-zensical: the same configuration\nsite_dir: {OUT.name}\n",
        encoding="utf-8",
    )
    try:
        result = subprocess.run(
            [sys.executable, "-m", "zensical", "build", "-f", CONFIG.name],
            cwd=REPO,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=900,
        )
    finally:
        CONFIG.unlink()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    return OUT


def test_zensical_builds_every_region_page(zensical_site: Path) -> None:
    """Every region page of the MkDocs build is also in the Zensical build."""
    assert len(region_pages(SITE)) > 10
    assert region_pages(zensical_site).keys() == region_pages(SITE).keys()


def test_region_pages_keep_guide_hotlines_and_calculator(zensical_site: Path) -> None:
    """Each Zensical region page has the same sections, topics, tel: links and calculator."""
    theirs = region_pages(zensical_site)
    for name, html in region_pages(SITE).items():
        want = essentials(html)
        assert want["topics"] and want["tel"] and want["calculator"], name
        assert want["calculator_script"] and want["policy"] == 1, name
        assert essentials(theirs[name]) == want, name
