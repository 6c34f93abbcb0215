"""Find one page of each type in a built site: home, region, topic, calculator, glossary, status.

Shared by the browser tests and the benchmark, so both look at the same pages. Region pages are
matched to their resolved JSON (site/api/regions/<code>.json) by code or pinyin in the page's path.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from generator.worked_examples import inpatient_inputs

__all__ = ["Region", "SitePages", "default_request", "estimate_works", "find_pages"]

# Optional page types and the folders they may live in.
_OPTIONAL = {
    "glossary": ["glossary", "glossary/index.html"],
    "status": ["status", "status/index.html"],
    "compare": ["compare", "compare/index.html"],
    "about": ["about", "about/index.html"],
    "guides-index": ["guides", "guides/index.html"],
    "regions-index": ["regions", "regions/index.html"],
}


@dataclass
class Region:
    code: str
    name: str
    level: str
    path: str  # URL path of its page, e.g. "/regions/440300-shenzhen/"
    api: Path  # site/api/regions/<code>.json

    def data(self) -> dict:
        return json.loads(self.api.read_text(encoding="utf-8"))


@dataclass
class SitePages:
    site: Path
    regions: list[Region]
    topics: list[str]  # URL paths of topic (guide) pages
    calculator: str | None
    optional: dict[str, str]

    def region(self, level: str = "city") -> Region | None:
        """A region of the given level with a page and JSON whose default hospital-stay estimate
        works (CPython's calc.run gives a result, not a list of missing figures)."""
        candidates = [r for r in self.regions if r.level == level] or self.regions
        if not candidates:
            return None
        for r in candidates:
            if estimate_works(r):
                return r
        return candidates[0]

    def topic(self, words: str = "") -> str | None:
        """The topic page whose title contains `words` (or the first topic)."""
        for path in self.topics:
            html = (self.site / path.strip("/") / "index.html").read_text(encoding="utf-8")
            title = html.split("<title>", 1)[-1].split("</title>", 1)[0]
            if words and words in title:
                return path
        return self.topics[0] if self.topics and not words else None

    def page_types(self) -> dict[str, str]:
        """One URL path per page type present in the site."""
        out = {"home": "/"}
        region = self.region()
        if region:
            out["region"] = region.path
        if self.topics:
            out["topic"] = self.topics[0]
        if self.calculator:
            out["calculator"] = self.calculator
        out.update(self.optional)
        return out


def default_request(region: Region, total: int = 50000) -> dict:
    """The request the calculator form sends with its defaults and a total cost."""
    import datetime

    data = region.data()
    levels = data.get("hospital_levels") or ["一级", "二级", "三级"]
    return {
        "kind": "reimbursement",
        "date": datetime.date.today().isoformat(),
        "params": data,
        "inputs": inpatient_inputs("resident", levels[0], total),
    }


def estimate_works(region: Region) -> bool:
    try:
        import calc

        return bool(calc.run(default_request(region)).get("ok"))
    except Exception:
        return False


def _page_dirs(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    return sorted(p.parent for p in base.glob("*/index.html"))


def find_pages(site: Path) -> SitePages:
    site = Path(site)
    api = site / "api" / "regions"
    region_dirs = _page_dirs(site / "regions")
    regions: list[Region] = []
    for json_file in sorted(api.glob("*.json")):
        if json_file.name == "index.json":
            continue
        try:
            data = json.loads(json_file.read_text(encoding="utf-8"))
        except ValueError:
            continue
        code = str(data.get("code", json_file.stem))
        if code == "100000":
            continue
        pinyin = str(data.get("pinyin") or Path(str(data.get("file", ""))).stem.split("-", 1)[-1])
        match = None
        for d in region_dirs:
            name = d.name
            if name == code or name.startswith(code + "-") or name.startswith(code + "_"):
                match = d
                break
        if match is None and pinyin:
            match = next(
                (d for d in region_dirs if d.name == pinyin or d.name.endswith("-" + pinyin)), None
            )
        if match is None:
            continue
        regions.append(
            Region(
                code,
                str(data.get("name", code)),
                str(data.get("level", "")),
                "/" + match.relative_to(site).as_posix() + "/",
                json_file,
            )
        )
    topics = ["/" + d.relative_to(site).as_posix() + "/" for d in _page_dirs(site / "guides")]
    calculator = None
    for candidate in ("calculator", "calc", "tools/calculator"):
        if (site / candidate / "index.html").is_file():
            calculator = f"/{candidate}/"
            break
    optional = {}
    for name, (folder, index) in _OPTIONAL.items():
        if (site / index).is_file():
            optional[name] = f"/{folder}/"
    return SitePages(site, regions, topics, calculator, optional)
