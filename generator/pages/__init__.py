"""Page renderers: each module here with `render(model, env, out) -> list[Path]` writes some pages.

Shared helpers for the region, topic and index pages live in this file.
"""

from __future__ import annotations

import functools
import posixpath
import re
from pathlib import Path
from urllib.parse import quote_plus, urlencode

from markupsafe import Markup

from generator import facts, labels
from generator.labels import CHANNEL_KINDS

__all__ = [
    "CHANNEL_KINDS",
    "collect_item_sources",
    "edit_url",
    "estimate_issue_url",
    "grade_badge",
    "issue_url",
    "item_parts",
    "md_path",
    "page_link",
    "region_label",
    "shared_names",
    "site_href",
    "sorted_topics",
    "tel_href",
    "title_name",
    "write_page",
]

GRADE_TITLES = {
    "A": "可靠等级 A：官方网页原文",
    "B": "可靠等级 B：转载的官方原文",
    "C": "待核实：来自转载或汇总文章，还没有和官方原文核对",
}


_SAFE_PATH = re.compile(r"^[A-Za-z0-9/._#-]*$")


def md_path(url: str) -> str:
    """The Markdown source of a site path: "regions/440300-shenzhen/" → "regions/440300-shenzhen.md"."""
    url = url.strip("/")
    return (url + "/index.md") if url in {"", "regions", "guides"} else url + ".md"


def page_link(from_md: str, to_md: str) -> Markup:
    """A relative Markdown link target from one source page to another (MkDocs checks it)."""
    rel = posixpath.relpath(to_md, posixpath.dirname(from_md) or ".")
    if not _SAFE_PATH.match(rel):
        raise ValueError(f"unexpected characters in a page path: {rel!r}")
    return Markup(rel)


def site_href(from_url: str, to_url: str) -> Markup:
    """A link in raw HTML, which MkDocs leaves as written: the built page's address relative to the
    built page it is on ("regions/442000-zhongshan/" → "guides/payment/" is "../../guides/payment/").
    Markdown links are better where they fit (the strict build checks them); raw HTML needs this."""
    start = from_url.strip("/") or "."
    rel = posixpath.relpath(to_url.strip("/") or ".", start)
    rel = "./" if rel == "." else rel + "/"
    if not _SAFE_PATH.match(rel):
        raise ValueError(f"unexpected characters in a page address: {rel!r}")
    return Markup(rel)


def tel_href(number: str) -> Markup:
    """The tel: link of a phone number as written: its digits, an extension after a pause.

    "010 6500-6161" → "tel:01065006161"; "0755-88366831 转 8001" → "tel:075588366831,8001" (the
    phone dials the number, waits, then dials the extension).
    """
    main, _, extension = re.sub(r"分机", "转", str(number)).partition("转")
    digits = re.sub(r"\D", "", main)
    if not digits:
        raise ValueError(f"not a phone number: {number!r}")
    extension = re.sub(r"\D", "", extension)
    return Markup("tel:" + digits + ("," + extension if extension else ""))


def grade_badge(grade: str | None) -> Markup:
    """The grade badge: A and B as letters, C as the words 待核实 (never colour alone).

    No title attribute: a page explains the grades once, under its sources (GRADE_TITLES)."""
    grade = grade if grade in GRADE_TITLES else "C"
    text = "待核实" if grade == "C" else f"{grade} 级"
    return Markup('<span class="yb-grade yb-grade-{g}">{x}</span>').format(g=grade.lower(), x=text)


def flag_badge(flag: str | None) -> Markup:
    """The 存疑 badge of a value with a known doubt (empty when there is none)."""
    if not flag:
        return Markup("")
    return Markup('<span class="yb-flag" title="{t}">存疑：{t}</span>').format(t=flag)


def edit_url(model: dict, file: str) -> str:
    """The GitHub web editor of a data file."""
    return model["edit_base"] + file


def issue_url(
    model: dict, region: dict | None = None, topic: str | None = None, title: str | None = None
) -> str:
    """A pre-filled 报告错误 link to the data-error issue form."""
    params = {"template": "data-error.yml"}
    where = region_label(region) if region else "全国"
    params["title"] = "[数据纠错] " + (title or (where + (f"：{topic}" if topic else "")))
    if region:
        params["region"] = f"{region['name']} {region['code']}"
    if topic:
        params["topic"] = topic
    return model["issue_base"] + "?" + "&".join(f"{k}={_quoted(v)}" for k, v in params.items())


@functools.lru_cache(maxsize=4096)
def _quoted(value: str) -> str:
    """A query value as urlencode writes it (quote_plus); each region name and topic is quoted
    once per build, not once per link (a region page has a link per service item)."""
    return quote_plus(value)


def estimate_issue_url(model: dict, region: dict) -> str:
    """The 估算不对？ link: the wrong-estimate form with the region filled in.

    The calculator adds `&share=<its share link, URL-encoded>` to fill the form's share field.
    """
    params = {
        "template": "wrong-estimate.yml",
        "title": f"[估算有误] {region_label(region)}",
        "region": f"{region['name']} {region['code']}",
    }
    return model["issue_base"] + "?" + urlencode(params)


def region_label(region: dict) -> str:
    """A region's display name (全国 for the national baseline)."""
    return "全国" if region.get("code") == "100000" else region["name"]


_SHARED_NAMES: list[tuple[dict, int, set[str]]] = []


def shared_names(model: dict) -> set[str]:
    """Names that more than one region has (鼓楼区 in 南京 and in 福州), worked out once per model."""
    regions = model.get("regions", {})
    for known, count, names in _SHARED_NAMES:
        if known is regions and count == len(regions):
            return names
    seen: set[str] = set()
    shared: set[str] = set()
    for r in regions.values():
        (shared if r["name"] in seen else seen).add(r["name"])
    _SHARED_NAMES[:] = [(regions, len(regions), shared), *_SHARED_NAMES[:3]]
    return shared


def title_name(model: dict, region: dict) -> str:
    """A region's name in its page title: with its parent's in front where another region shares it."""
    name = region_label(region)
    parent = model.get("regions", {}).get(region.get("parent") or "")
    if parent and name in shared_names(model):
        return parent["name"] + name
    return name


def sorted_topics(topics: dict) -> list[dict]:
    """Topics in reading order (their `order`, then slug)."""
    return sorted(topics.values(), key=lambda t: (t.get("order", 0), t["slug"]))


def item_parts(item) -> dict:
    """A topic list item (plain text or {text, source, grade, flag, note, region}) as a dict."""
    if isinstance(item, str):
        return {
            "text": item,
            "source": None,
            "grade": None,
            "flag": None,
            "note": None,
            "region": None,
        }
    return {
        "text": item.get("text") or item.get("name") or item.get("title") or "",
        "source": item.get("source"),
        "grade": item.get("grade"),
        "flag": item.get("flag"),
        "note": item.get("note"),
        "region": item.get("region"),
    }


def is_unknown(field) -> bool:
    """True for a guide field written as {unknown: true} (shown as 暂未收录)."""
    return isinstance(field, dict) and field.get("unknown") is True


def collect_item_sources(node, found: list[str]) -> None:
    """Every `source` id in a topic (or part of it), in reading order, into `found`."""
    if isinstance(node, dict):
        src = node.get("source")
        if isinstance(src, str) and src not in found:
            found.append(src)
        for key, sub in node.items():
            if key == "sources" and isinstance(sub, list):
                for s in sub:
                    if s not in found:
                        found.append(s)
            elif key != "source":
                collect_item_sources(sub, found)
    elif isinstance(node, list):
        for sub in node:
            collect_item_sources(sub, found)


def fact_rows(model: dict, params: dict, on: str, file_names: dict[str, str]) -> list[dict]:
    """One row per fact of a params tree: label, value in force on `on`, dates, grade, doubt."""
    rows = []
    for path, fact in facts.iter_facts(params):
        entry = facts.current(fact, on)
        upcoming = [e for e in fact["values"] if e["from"] > on]
        shown = entry or (upcoming[0] if upcoming else None)
        if shown is None:
            continue  # ended (value null) and nothing new: nothing to tell readers
        rows.append(
            {
                "path": path,
                "label": labels.label(path),
                "value": format_entry(path, shown, fact.get("bound")),
                "from": shown["from"],
                "future": entry is None,
                "grade": shown.get("grade") or "C",
                "flag": shown.get("flag"),
                "derived": shown.get("derived"),
                "note": shown.get("note"),
                "source": shown.get("source"),
                "verified": shown.get("verified"),
                "from_region": file_names.get(shown.get("file") or "", ""),
                "file": shown.get("file"),
                # a figure already announced for a later date, shown beside today's
                "next": (
                    {
                        "value": format_entry(path, upcoming[0], fact.get("bound")),
                        "from": upcoming[0]["from"],
                    }
                    if entry and upcoming and upcoming[0].get("value") is not None
                    else None
                ),
            }
        )
    return rows


def format_entry(path: str, entry: dict, bound: str | None = None) -> str:
    """A dated value as readers see it: "800 元", "不超过 85%"."""
    text = labels.format_value(path, entry["value"])
    if bound == "max":
        return "不超过 " + text
    if bound == "min":
        return "不低于 " + text
    return text


# (regions, national, short, number of regions, names) of the last models asked about: every region
# page asks, and working the names out each time made the build grow with the square of regions.
_FILE_NAMES: list[tuple[dict, dict, bool, int, dict[str, str]]] = []


def file_region_names(model: dict, short: bool = False) -> dict[str, str]:
    """Data file → the name (or short name) of the region it describes (do not change the result:
    it is shared by every caller with the same model)."""
    regions, nat = model.get("regions", {}), model.get("national") or {}
    for known_regions, known_nat, known_short, count, names in _FILE_NAMES:
        same = known_regions is regions and known_nat is nat and known_short == short
        if same and count == len(regions):
            return names
    names = _file_region_names(model, short)
    _FILE_NAMES[:] = [(regions, nat, short, len(regions), names), *_FILE_NAMES[:3]]
    return names


def _file_region_names(model: dict, short: bool) -> dict[str, str]:
    names = {}
    nat = model.get("national") or {}
    if nat.get("file"):
        names[nat["file"]] = "全国"
    for r in model.get("regions", {}).values():
        if r.get("file"):
            names[r["file"]] = (short and r.get("short_name")) or r["name"]
    return names


def write_page(out: Path, rel: str, text: str) -> Path:
    """Write a generated page (UTF-8, one trailing newline) and return its path."""
    path = Path(out) / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
    return path
