"""Region pages: docs/regions/<code>-<pinyin>.md, one per region, made of what is local.

The first screen answers the reader's three questions (what it costs here, whom to call, what a
hospital stay gives back); then, per service item, only what differs here, with a link to the
national guide for the common steps. Maintainer information (missing parameters, file names) stays
on the 数据状态 page and in the edit links.
"""

from __future__ import annotations

import copy
from pathlib import Path

from markupsafe import Markup

from generator import local
from generator.answers import answers
from generator.pages import (
    edit_url,
    estimate_issue_url,
    fact_rows,
    file_region_names,
    grade_badge,
    issue_url,
    md_path,
    page_link,
    region_label,
    site_href,
    sorted_topics,
    tel_href,
    title_name,
    write_page,
)

__all__ = ["MAX_TOPIC_FIGURES", "SourceNotes", "hotline_row", "region_context", "render"]

NATIONAL = "100000"
MAX_TOPIC_FIGURES = 4


class SourceNotes:
    """Numbers a page's sources in the order they are first cited."""

    def __init__(self, sources: dict, anchor_prefix: str = "src-"):
        self.sources = sources
        self.prefix = anchor_prefix
        self.order: list[str] = []

    def add(self, source_id: str | None) -> None:
        if source_id and source_id not in self.order:
            self.order.append(source_id)

    def ref(self, source_id: str | None) -> Markup:
        """A ``[n]`` link to the page's source list (empty without a source)."""
        if not source_id:
            return Markup("")
        self.add(source_id)
        n = self.order.index(source_id) + 1
        return Markup('<a class="yb-src" href="#{p}{n}">[{n}]</a>').format(p=self.prefix, n=n)

    def items(self) -> list[dict]:
        """The cited sources, numbered, for the template."""
        rows = []
        for n, sid in enumerate(self.order, 1):
            src = self.sources.get(sid)
            if src is None:
                raise KeyError(f"source {sid!r} is cited but not declared under any `sources:`")
            rows.append(
                {
                    "n": n,
                    "id": sid,
                    "anchor": f"{self.prefix}{n}",
                    "title": src.get("title") or sid,
                    "url": src.get("url"),
                    # a seed's document repeats its title: shown only when it adds a number
                    "document": src.get("document")
                    if src.get("document") and (src.get("title") or "") not in src["document"]
                    else None,
                    "publisher": src.get("publisher"),
                    "date": src.get("date"),
                    "grade": src.get("grade") or "C",
                }
            )
        return rows


def render(model: dict, env, out: Path) -> list[Path]:
    """Write one page per region."""
    template = env.get_template("region.md.j2")
    written = []
    pages = [model["national"]] + [model["regions"][c] for c in sorted(model["regions"])]
    for region in pages:
        text = template.render(**region_context(model, region))
        written.append(write_page(out, md_path(region["url"]), text))
    return written


def region_context(model: dict, region: dict) -> dict:
    """Everything region.md.j2 needs, computed here so the template only lays it out."""
    me = md_path(region["url"])
    regions = {**model["regions"], NATIONAL: model["national"]}
    notes = SourceNotes({**model.get("sources", {}), **region.get("sources", {})})
    national = region["code"] == NATIONAL

    def link(code: str) -> dict:
        r = regions[code]
        return {
            "name": region_label(r),
            "href": page_link(me, md_path(r["url"])),  # in Markdown (checked by the build)
            "site_href": site_href(region["url"], r["url"]),  # in raw HTML
            "code": code,
        }

    parents = [link(c) for c in region.get("parents", []) if c in regions]
    parents.reverse()  # 全国 first
    children = [link(c) for c in region.get("children", []) if c in regions]

    hotlines = [hotline_row(h, region) for h in region.get("hotlines", [])]
    found = answers(model, region)
    cost = cost_with_refs(found["cost"], notes)
    call = None
    if found["call"]:
        call = hotline_row(found["call"], region)
        call["ref"] = notes.ref(call["source"])
    topics = topic_sections(model, region, notes)
    for h in hotlines:
        h["ref"] = notes.ref(h["source"])
    facts = local_fact_rows(model, region, notes)
    examples = found["examples"]

    return {
        "region": region,
        "title": title_name(model, region) + "医保指南",
        "name": region_label(region),
        "national": national,
        "as_of": model["as_of"],
        "input_file": region["file"],
        "index_href": page_link(me, "regions/index.md"),
        "index_site_href": site_href(region["url"], "regions/"),
        "national_site_href": site_href(region["url"], model["national"]["url"]),
        "parents": parents,
        "children": children,
        "cost": cost,
        "call": call,
        "stay": found["stay"],
        "still_missing": found["missing"],
        "topics_local": [t for t in topics if t["count"]],
        "topics_same": [t for t in topics if not t["count"]],
        "hotlines": hotlines,
        "facts": facts,
        "verified": region.get("verified"),
        "edit_url": edit_url(model, region["file"]),
        "issue_url": issue_url(model, region),
        "estimate_report_url": None if national else estimate_issue_url(model, region),
        "help_url": issue_url(model, region, title=f"{region_label(region)}：补充本地数据"),
        "sources": notes.items(),
        "grade_badge": grade_badge,
        "worked_examples": None if examples["empty"] else examples,
    }


# ── the three answers (generator/answers.py), with this page's source numbers ───────────────


def cost_with_refs(cost: dict, notes: SourceNotes) -> dict:
    """The contribution answer with each line's source numbered on this page."""
    cost = copy.deepcopy(cost)
    for row in cost["rows"]:
        for line in row["lines"]:
            line["ref"] = notes.ref(line["source"])
    if cost["minimum"]:
        cost["minimum"]["ref"] = notes.ref(cost["minimum"]["source"])
    return cost


def hotline_row(h: dict, region: dict) -> dict:
    """A hotline as a table row; inherited ones name the region they belong to."""
    return {
        "department": h["department"],
        "number": h["number"],
        "tel": tel_href(h["number"]),
        "hours": h.get("hours"),
        "purpose": h.get("purpose"),
        "main": bool(h.get("main")) and h.get("region") == region["code"],
        "own": h.get("region") == region["code"],
        "region": h.get("region"),
        "region_name": h.get("region_name") or "",
        "grade": h.get("grade"),
        "flag": h.get("flag"),
        "note": h.get("note"),
        "source": h.get("source"),  # turned into a numbered reference in reading order
    }


# ── service items: only what differs here ────────────────────────────────────────────────────


def topic_sections(model: dict, region: dict, notes: SourceNotes) -> list[dict]:
    """Every topic with what is local to it (possibly nothing) and its national guide's link."""
    out = []
    for topic in sorted_topics(region.get("topics", {})):
        slug = topic["slug"]
        diff = local.topic_differences(model, region, slug)
        names = {region["code"]: region_label(region)}
        for code in region.get("parents", []):
            parent = model["regions"].get(code)
            if parent:
                names[code] = parent.get("short_name") or parent["name"]
        groups: dict[str, list[dict]] = {}  # by field, in the guide's order
        for item in diff["items"]:
            groups.setdefault(item["label"], []).append(
                {
                    **item,
                    "ref": notes.ref(item["source"]),
                    "from_name": names.get(item["region"])
                    if item["region"] != region["code"]
                    else None,
                }
            )
        hotlines = [
            {**hotline_row(h, region), "ref": notes.ref(h.get("source"))} for h in diff["hotlines"]
        ]
        figures = [
            {**f, "ref": notes.ref(f["source"])} for f in diff["figures"][:MAX_TOPIC_FIGURES]
        ]
        query = "" if region["code"] == NATIONAL else f"?region={region['code']}"
        out.append(
            {
                "slug": slug,
                "title": topic["title"],
                "guide_href": Markup(site_href(region["url"], topic["url"]) + query),
                "groups": [{"label": k, "items": v} for k, v in groups.items()],
                "hotlines": hotlines,
                "figures": figures,
                "more_figures": max(0, len(diff["figures"]) - MAX_TOPIC_FIGURES),
                "count": diff["count"],
                "issue_url": issue_url(model, region, topic=topic["title"]),
            }
        )
    return out


def local_fact_rows(model: dict, region: dict, notes: SourceNotes) -> list[dict]:
    """Every figure in force here stated by the region or a parent (not the national ones)."""
    names = file_region_names(model)
    national_file = model["national"]["file"]
    rows = [
        row
        for row in fact_rows(model, region.get("params") or {}, model["as_of"], names)
        if row["file"] != national_file
    ]
    for row in rows:
        row["ref"] = notes.ref(row["source"])
        row["inherited"] = row["file"] != region["file"]
    return rows
