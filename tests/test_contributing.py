"""CONTRIBUTING.md's two worked examples, applied literally to a copy of data/, pass and show up."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fixtures.datasets import real_data_as_of

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "CONTRIBUTING.md"
SHENZHEN = Path("regions/440300-shenzhen.yaml")


def example(name: str) -> str:
    """The YAML block that follows `<!-- example: NAME -->` in CONTRIBUTING.md."""
    text = GUIDE.read_text(encoding="utf-8")
    found = re.search(rf"<!-- example: {name} -->\n```yaml\n(.*?)```", text, re.S)
    assert found, f"CONTRIBUTING.md has no example block named {name}"
    return found.group(1)


def follow_the_guide(data: Path) -> None:
    """Do what the guide says: the hotline under `hotlines:`, the new year under base_cap's values."""
    path = data / SHENZHEN
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    if example("hotline") in text and example("next-year") in text:
        return  # a contributor already followed the guide in this checkout
    # Example 1: append the entry to the end of the hotlines list.
    start = lines.index("hotlines:\n")
    end = next(
        i for i in range(start + 1, len(lines)) if lines[i].strip() and not lines[i][0].isspace()
    )
    while not lines[end - 1].strip():
        end -= 1
    lines[end:end] = example("hotline").splitlines(keepends=True)
    # Example 2: the new dated line right under the 2026-01-01 line of base_cap, aligned with it.
    cap = lines.index("  base_cap:\n")
    row = next(i for i in range(cap, len(lines)) if lines[i].lstrip().startswith("2026-01-01:"))
    lines.insert(row + 1, example("next-year"))
    path.write_text("".join(lines), encoding="utf-8")


def build_with_the_guide_followed(work: Path, date: str) -> Path:
    """Copy data/ into `work`, follow the guide there, and generate the pages as of `date`."""
    shutil.copytree(ROOT / "data", work / "data")
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")  # the repository address for edit links
    follow_the_guide(work / "data")
    command = [sys.executable, "-m", "generator", "build", "--date", date]
    command += ["--data-dir", str(work / "data"), "--docs-dir", str(work / "docs")]
    result = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return work


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_with_the_guide_followed(tmp_path_factory.mktemp("contributing"), "2027-03-01")


def test_the_examples_pass_the_data_check(built):
    """Both edits validate: the build above exits 0 and the region file still names its schema."""
    text = (built / "data" / SHENZHEN).read_text(encoding="utf-8")
    assert "0755-12345678" in text and "2027-01-01: {value: 35000" in text


def test_the_new_phone_number_is_a_tap_to_call_link(built):
    """The hotline from example 1 is on 深圳's page as a tel: link."""
    page = (built / "docs" / "regions" / "440300-shenzhen.md").read_text(encoding="utf-8")
    assert 'href="tel:075512345678"' in page


def test_next_years_figure_is_used_from_its_date(built):
    """On 2027-03-01 the 2027 base cap is the one in force, in the page and in the calculator's JSON."""
    page = (built / "docs" / "regions" / "440300-shenzhen.md").read_text(encoding="utf-8")
    assert re.search(r"缴费基数上限[^\n]*35,?000", page), "the 2027 figure is not on the page"
    region = json.loads((built / "docs" / "api" / "regions" / "440300.json").read_text("utf-8"))
    cap = region["params"]["employee_contribution"]["base_cap"]["values"]
    assert [(v["from"], v["value"]) for v in cap][-1] == ("2027-01-01", 35000)


def test_before_its_date_the_new_figure_is_announced(tmp_path):
    """Built before 2027, 深圳's page keeps today's cap and says when the new one starts."""
    work = build_with_the_guide_followed(tmp_path, real_data_as_of())
    page = (work / "docs" / "regions" / "440300-shenzhen.md").read_text(encoding="utf-8")
    assert re.search(r"缴费基数上限[^\n]*33,633 元[^\n]*2027-01-01 起改为 35,000 元", page)
