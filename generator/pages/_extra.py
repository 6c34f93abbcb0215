"""Shared pieces of the comparison, changes, status, FAQ, glossary and English pages."""

from __future__ import annotations

import datetime as dt
import posixpath
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from markupsafe import Markup, escape

from generator import facts, labels

GRADE_TITLES = {
    "A": "可靠等级 A：官方网页原文",
    "B": "可靠等级 B：转载的官方原文",
    "C": "待核实：来自转载或汇总文章，还没有和官方原文核对",
}


NO_LIMIT_KEYS = ("cap", "annual_cap", "annual_limit", "retiree_annual_limit")


def cell_text(text: object) -> Markup:
    """Escape data text for a Markdown table cell or an inline HTML context."""
    return Markup(str(escape(str(text))).replace("|", "&#124;").replace("\n", " "))


def grade_badge(grade: str | None) -> Markup:
    """The grade badge: A and B as letters, C as 待核实."""
    grade = grade or "C"
    text = "待核实" if grade == "C" else grade
    return Markup('<span class="yb-grade yb-grade-{g}" title="{t}">{x}</span>').format(
        g=grade.lower(), t=GRADE_TITLES.get(grade, grade), x=text
    )


def flag_badge(flag: str | None) -> Markup:
    """The 存疑 badge of a value with a known doubt (empty when there is none)."""
    if not flag:
        return Markup("")
    return Markup('<span class="yb-flag" title="{t}">存疑</span>').format(t=flag)


def page_link(from_page: str, url: str) -> Markup:
    """A relative Markdown link from a generated page ("compare/index.md") to a site path.

    Site paths are the model's page URLs ("regions/440300-shenzhen/"); their Markdown file is the
    path plus ".md" ("regions/index/" style folders are written as "regions/index.md").
    """
    target = url.strip("/")
    target = (target or "index") + ".md"
    rel = posixpath.relpath(target, posixpath.dirname(from_page) or ".")
    return Markup(escape(rel))


def url_attr(url: str | None) -> Markup | None:
    """An outside address, HTML-escaped once, for an href (kept away from Markdown escaping)."""
    return Markup(escape(url)) if url else None


class SourceNotes:
    """Numbers the sources of a page in the order they are first cited; renders the list."""

    def __init__(self, sources: dict):
        self.sources = sources
        self.order: list[str] = []

    def ref(self, source_id: str | None) -> Markup:
        """A footnote-style link ``[n]`` to the page's source list."""
        if not source_id:
            return Markup("")
        if source_id not in self.order:
            self.order.append(source_id)
        n = self.order.index(source_id) + 1
        title = (self.sources.get(source_id) or {}).get("title", source_id)
        return Markup('<a class="yb-src" href="#src-{n}" title="来源：{t}">[{n}]</a>').format(
            n=n, t=title
        )

    def items(self) -> list[dict]:
        """The cited sources, numbered, for the template."""
        out = []
        for n, sid in enumerate(self.order, 1):
            src = self.sources.get(sid) or {"title": sid, "grade": "C"}
            out.append(source_item(sid, src, n))
        return out


def source_item(sid: str, src: dict, n: int | None = None) -> dict:
    """One source as a template row: number, id, title, url, document, publisher, date, grade."""
    return {
        "n": n,
        "id": sid,
        "title": src.get("title") or sid,
        "url": url_attr(src.get("url")),
        # a seed's "document" repeats its title; show it only when it adds a reference number
        "document": src.get("document")
        if src.get("document") and (src.get("title") or "") not in src["document"]
        else None,
        "publisher": src.get("publisher"),
        "date": src.get("date"),
        "grade": src.get("grade") or "C",
        "badge": grade_badge(src.get("grade")),
    }


def format_entry(path: str, entry: dict, bound: str | None = None) -> str:
    """A dated value as readers see it: "800 元", "不超过 85%", "不再执行" for null."""
    value = entry.get("value")
    if value is None:
        if path.rsplit(".", 1)[-1] in NO_LIMIT_KEYS:  # a null limit means there is none
            return labels.format_value(path, None)
        return "不再执行"
    text = labels.format_value(path, value)
    if bound == "max":
        text = "不超过 " + text
    elif bound == "min":
        text = "不低于 " + text
    return text


def current_entry(fact: dict | None, on: str) -> dict | None:
    """The entry of a resolved fact in force on a date (None when there is none)."""
    if not fact or not isinstance(fact, dict) or "values" not in fact:
        return None
    return facts.current(fact, on)


def all_regions(model: dict) -> Iterator[dict]:
    """The national baseline first, then every region by code."""
    if model.get("national"):
        yield model["national"]
    for code in sorted(model.get("regions", {})):
        yield model["regions"][code]


def region_name(region: dict) -> str:
    """The region's display name (全国 for the national baseline)."""
    if region.get("code") == "100000":
        return "全国"
    return region.get("name") or region.get("code", "")


def iter_own_facts(region: dict) -> Iterator[tuple[str, dict]]:
    """Every fact stated in a region's own file."""
    own = region.get("own_params")
    if own is None:
        own = region.get("params") or {}
    yield from facts.iter_facts(own)


def edit_link(model: dict, file: str | None, line: int | None = None) -> str | None:
    """The web-editor link of a data file, at a line where known."""
    if not file:
        return None
    url = model.get("edit_base", "") + file
    if line:
        url += f"#L{line}"
    return url


def part_amount(part: dict, path: str, on: str) -> tuple[str, dict | None] | None:
    """A contribution part ({amount} or {rate, base}) as text, and the entry carrying its source."""
    if not isinstance(part, dict):
        return None
    amount = current_entry(part.get("amount"), on)
    if amount is not None:
        return format_entry(path + ".amount", amount, part["amount"].get("bound")), amount
    rate = current_entry(part.get("rate"), on)
    base = current_entry(part.get("base"), on)
    if rate is None or base is None:
        return None
    total = (Decimal(str(rate["value"])) * Decimal(str(base["value"]))).quantize(Decimal("0.01"))
    text = "{} 元（{} × {}）".format(
        labels.format_number(total),
        labels.format_value(path + ".base", base["value"]),
        labels.format_value(path + ".rate", rate["value"]),
    )
    worst = rate if grade_rank(rate.get("grade")) >= grade_rank(base.get("grade")) else base
    return text, worst


def grade_rank(grade: str | None) -> int:
    """A < B < C, for picking the weakest grade of a derived figure."""
    return {"A": 0, "B": 1, "C": 2}.get(grade or "C", 2)


def write(out: Path, rel: str, text: str) -> Path:
    """Write a generated page (UTF-8, one trailing newline) and return its path."""
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text.rstrip() + "\n", encoding="utf-8")
    return path


def parse_date(s: str) -> dt.date:
    """A YYYY-MM-DD string as a date."""
    return dt.date.fromisoformat(str(s))
