"""Every built region page and guide (site/, built by `make site`): what readers see.

No data file path or parameter path in reader text (an HTML comment or an edit link's address is
fine); no channel, step, material or tip tied to a region outside the page's own ancestry, while each
such item does appear on its own region's page; the contribution figures are calc's.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import calc
from generator.model import build_model
from tests.schema_roots import param_roots

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
NATIONAL = "100000"
# What a maintainer's text looks like: a data file, or a dotted parameter path.
PARAM_ROOTS = param_roots()
MAINTAINER_TEXT = re.compile(
    r"data/[\w./-]*|[\w-]+\.ya?ml\b|\b(?:" + "|".join(PARAM_ROOTS) + r")\.[\w\u4e00-\u9fff]"
)
SEEN_ATTRIBUTES = {"title", "alt", "aria-label", "placeholder", "value"}


class ReaderText(HTMLParser):
    """The text a reader sees or hears: text nodes and shown attributes, not scripts or comments."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hidden = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self.hidden += 1
        self.parts.extend(v for k, v in attrs if k in SEEN_ATTRIBUTES and v)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def reader_text(html: str) -> str:
    parser = ReaderText()
    parser.feed(html)
    return "\n".join(parser.parts)


@pytest.fixture(scope="module")
def site() -> Path:
    if not (SITE / "regions" / "index.html").is_file():
        pytest.fail("site/ is missing: run `make site` first (make test does)", pytrace=False)
    return SITE


@pytest.fixture(scope="module")
def model():
    return build_model(ROOT / "data")


@pytest.fixture(scope="module")
def region_pages(site) -> dict[str, str]:
    """Region code → the reader text of its built page."""
    pages = {}
    for page in sorted((site / "regions").glob("[0-9]*-*/index.html")):
        code = page.parent.name.split("-", 1)[0]
        pages[code] = reader_text(page.read_text(encoding="utf-8"))
    return pages


def test_the_detector_finds_maintainer_text():
    """The pattern catches what used to reach readers, and leaves ordinary text alone."""
    for bad in (
        "请在 data/regions/442000-zhongshan.yaml 中补上",
        "inpatient.employee.levels.三级.ratio",
        "resident_contribution.tiers",
        "442000-zhongshan.yaml",
    ):
        assert MAINTAINER_TEXT.search(bad), bad
    for fine in ("住院 · 职工医保 · 三级 · 报销比例", "个人每年 809.76 元", "拨打 12393"):
        assert not MAINTAINER_TEXT.search(fine), fine


def test_no_reader_page_shows_a_file_or_parameter_path(site, region_pages):
    """Region pages and guides: no data/….yaml and no inpatient.… path in anything readers see."""
    guides = {
        f"guides/{p.parent.name}": reader_text(p.read_text(encoding="utf-8"))
        for p in (site / "guides").glob("*/index.html")
    }
    pages = {f"regions/{code}": text for code, text in region_pages.items()} | guides
    assert len(region_pages) > 1 and guides
    found = {
        name: sorted({m.group(0) for m in MAINTAINER_TEXT.finditer(text)})
        for name, text in pages.items()
    }
    assert not {k: v for k, v in found.items() if v}


def tagged_items(model) -> list[tuple[str, str, str]]:
    """(topic, region code, distinctive text) of every topic item tied to one region."""
    out = []

    def text_of(field: str, item: dict) -> str:
        if field == "channels":
            name = item["name"]
            return name if len(name) >= 6 else item.get("how") or item.get("note") or name
        return item.get("title") or item.get("name") or item.get("text") or ""

    for slug, topic in model["topics"].items():
        for field, value in topic.items():
            candidates = []
            if isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        candidates.append(item)
                        candidates.extend(a for a in item.get("or") or [] if isinstance(a, dict))
            elif isinstance(value, dict) and field == "materials":
                candidates.extend(value.get("base") or [])
                for g in value.get("extra") or []:
                    candidates.extend(g.get("items") or [])
            elif isinstance(value, dict) and value.get("region"):
                candidates.append(value)
            for item in candidates:
                if item.get("region"):
                    out.append((slug, item["region"], text_of(field, item)))
    return out


def test_region_tagged_items_stay_in_their_regions(model, region_pages):
    """An item tied to one region is on that region's page and its descendants', nowhere else."""
    items = tagged_items(model)
    assert len(items) >= 10, "the data has region-tagged topic items to check"
    chains = {code: {code, *r.get("parents", [])} for code, r in model["regions"].items()} | {
        NATIONAL: {NATIONAL}
    }
    outside, missing = [], []
    for slug, owner, text in items:
        for code, page in region_pages.items():
            if owner in chains[code]:
                if code == owner and text not in page:
                    missing.append(f"{slug}: {text!r} is not on its own region's page {code}")
            elif text in page:
                outside.append(f"{slug}: {owner}'s {text!r} is on the page of {code}")
    assert not outside, "\n".join(outside)
    assert not missing, "\n".join(missing)


def test_contribution_figures_are_calcs(site, region_pages):
    """Each 个人每年 figure on a region page is calc.run's for the region's published JSON."""
    checked = 0
    for code, page in region_pages.items():
        shown = set(re.findall(r"个人每年 ([\d,]+(?:\.\d\d)?) 元", page))
        path = site / "api" / "regions" / f"{code}.json"
        if not shown or not path.is_file():
            continue
        region = json.loads(path.read_text(encoding="utf-8"))
        expected = set()
        tiers = ((region["params"].get("resident_contribution") or {}).get("tiers")) or {}
        for tier, spec in tiers.items():
            for group in (spec or {}).get("groups") or {}:
                res = calc.run(
                    {
                        "kind": "contribution",
                        "date": region["as_of"],
                        "params": region,
                        "inputs": {"scheme": "resident", "tier": tier, "group": group},
                    }
                )
                if res.get("ok"):
                    expected.add(Decimal(res["summary"]["individual_per_year"]))
        assert {Decimal(s.replace(",", "")) for s in shown} == expected, code
        checked += 1
    assert checked >= 3


class Links(HTMLParser):
    """Every href on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.hrefs.extend(v for k, v in attrs if k == "href" and v)


def test_every_link_on_a_region_page_leads_to_a_built_page(site):
    """Raw HTML links are not rewritten by MkDocs: each one on a region page must exist in site/."""
    broken = []
    for page in sorted((site / "regions").glob("[0-9]*-*/index.html")):
        links = Links()
        links.feed(page.read_text(encoding="utf-8"))
        for href in links.hrefs:
            target = urlsplit(href)
            if target.scheme or target.netloc or not target.path:
                continue  # another site, tel:, or a place on this page
            path = (page.parent / target.path).resolve()
            if path.is_dir():
                path = path / "index.html"
            if not path.is_file():
                broken.append(f"{page.parent.name}: {href}")
    assert not broken, "\n".join(broken[:20])
