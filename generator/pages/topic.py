"""Topic guides: docs/guides/<slug>.md (national version + how regions differ) and docs/guides/index.md."""

from __future__ import annotations

from pathlib import Path

from generator.local import RELATED_PARAMS
from generator.pages import (
    CHANNEL_KINDS,
    fact_rows,
    file_region_names,
    grade_badge,
    is_unknown,
    issue_url,
    item_parts,
    md_path,
    page_link,
    sorted_topics,
    write_page,
)
from generator.pages.region import SourceNotes, hotline_row

MAX_FACTS_IN_CELL = 4

# The fields of an official guide, in the order the page shows them (label, topic key).
GUIDE_FIELDS = (
    ("服务对象", "audience"),
    ("办理前准备", "before_you_start"),
    ("办理方式", "channels"),
    ("申请材料", "materials"),
    ("办理流程", "steps"),
    ("办理时限", "time_limit"),
    ("办理地点", "place"),
    ("收费", "fees"),
    ("咨询电话", "hotline_purposes"),
    ("监督投诉", "complaints"),
    ("温馨提示", "tips"),
)
FIELD_LABELS = dict((key, label) for label, key in GUIDE_FIELDS)


class GuideRows:
    """A guide's fields as template rows: sources numbered on the page, and each item tied to one
    region labelled as that region's example (例如广东), never presented as the national rule."""

    def __init__(self, model: dict, notes: SourceNotes):
        self.notes = notes
        self.names = {
            c: r.get("short_name") or r["name"] for c, r in model.get("regions", {}).items()
        }

    def example(self, item) -> str | None:
        """The short name of the region an item belongs to ("广东"), or None for a national item."""
        code = item.get("region") if isinstance(item, dict) else None
        return self.names.get(code, "某地") if code else None

    @staticmethod
    def unknown(field) -> dict:
        """A field the sources say nothing about: 暂未收录, with the note if any."""
        return {"unknown": True, "note": field.get("note") if isinstance(field, dict) else None}

    def items(self, field) -> dict:
        """An item list (or {unknown}) as {unknown, items: [{text, note, grade, flag, ref, example}]}."""
        if field is None or is_unknown(field):
            return self.unknown(field)
        items = []
        for item in field:
            p = item_parts(item)
            p["ref"] = self.notes.ref(p["source"])
            p["example"] = self.example(item)
            items.append(p)
        return {"unknown": False, "items": items}

    def channels(self, field) -> dict:
        """Channels (or {unknown}) with a readable kind."""
        if field is None or is_unknown(field):
            return self.unknown(field)
        items = []
        for ch in field:
            items.append(
                {
                    "name": ch["name"],
                    "kind": CHANNEL_KINDS.get(ch.get("kind"), ""),
                    "how": ch.get("how"),
                    "url": ch.get("url"),
                    "note": ch.get("note"),
                    "ref": self.notes.ref(ch.get("source")),
                    "example": self.example(ch),
                }
            )
        return {"unknown": False, "items": items}

    def steps(self, field) -> dict:
        """Ordered steps (or {unknown}); each step's "or" alternatives as a list."""
        if field is None or is_unknown(field):
            return self.unknown(field)

        def one(step: dict) -> dict:
            return {
                "title": step["title"],
                "detail": step.get("detail"),
                "ref": self.notes.ref(step.get("source")),
                "example": self.example(step),
                "alternatives": [one(alt) for alt in step.get("or", [])],
            }

        return {"unknown": False, "items": [one(s) for s in field]}

    def materials(self, field) -> dict:
        """Materials (or {unknown}): the base list and the extras for special groups."""
        if field is None or is_unknown(field):
            return self.unknown(field)

        def one(m: dict) -> dict:
            return {
                "name": m["name"],
                "note": m.get("note"),
                "ref": self.notes.ref(m.get("source")),
                "example": self.example(m),
            }

        return {
            "unknown": False,
            "base": [one(m) for m in field.get("base", [])],
            "extra": [
                {
                    "who": g["who"],
                    "ref": self.notes.ref(g.get("source")),
                    "items": [one(m) for m in g["items"]],
                }
                for g in field.get("extra", [])
            ],
        }

    def time_limit(self, field) -> dict:
        """The processing time (or {unknown})."""
        if field is None or is_unknown(field):
            return self.unknown(field)
        return {
            "unknown": False,
            "text": field["text"],
            "note": field.get("note"),
            "ref": self.notes.ref(field.get("source")),
            "example": self.example(field),
        }


def render(model: dict, env, out: Path) -> list[Path]:
    """Write every topic guide, the guides index and the home page's topic cards."""
    template = env.get_template("topic.md.j2")
    written = []
    topics = sorted_topics(model["topics"])
    for topic in topics:
        text = template.render(**topic_context(model, topic))
        written.append(write_page(out, md_path(topic["url"]), text))
    cards = [
        {
            "title": t["title"],
            "summary": t.get("summary"),
            "slug": t["slug"],
            "from_index": page_link("guides/index.md", md_path(t["url"])),
            "from_home": page_link("index.md", md_path(t["url"])),
        }
        for t in topics
    ]
    written.append(
        write_page(
            out, "guides/index.md", env.get_template("guides_index.md.j2").render(cards=cards)
        )
    )
    written.append(
        write_page(
            out,
            "includes/home-topics.md",
            env.get_template("home_topics.md.j2").render(cards=cards),
        )
    )
    return written


def topic_context(model: dict, topic: dict) -> dict:
    """Everything topic.md.j2 needs."""
    me = md_path(topic["url"])
    national = model["national"]
    notes = SourceNotes(model.get("sources", {}))
    rows = GuideRows(model, notes)
    purposes = topic.get("hotline_purposes")
    hotlines = [hotline_row(h, national) for h in national.get("hotlines", [])]
    if isinstance(purposes, list):
        shown = [h for h in hotlines if h["purpose"] in purposes or h["purpose"] == "综合"]
    else:
        shown = []
    for h in shown:
        h["ref"] = notes.ref(h["source"])
    fields = {
        "audience": rows.items(topic.get("audience")),
        "before_you_start": rows.items(topic.get("before_you_start")),
        "channels": rows.channels(topic.get("channels")),
        "materials": rows.materials(topic.get("materials")),
        "steps": rows.steps(topic.get("steps")),
        "time_limit": rows.time_limit(topic.get("time_limit")),
        "place": rows.items(topic.get("place")),
        "fees": rows.items(topic.get("fees")),
        "complaints": rows.items(topic.get("complaints")),
        "tips": rows.items(topic.get("tips")),
    }
    differences = region_differences(model, topic, me)
    for sid in topic.get("sources", []):
        notes.add(sid)
    return {
        "topic": topic,
        "title": topic["title"],
        "input_file": topic["file"],
        "edit_url": model["edit_base"] + topic["file"],
        "issue_url": issue_url(model, None, topic=topic["title"]),
        "fields": fields,
        "hotlines": shown,
        "hotlines_unknown": not isinstance(purposes, list),
        "differences": differences,
        "regions_index": page_link(me, "regions/index.md"),
        "home_picker": page_link(me, "index.md") + "#pick-region",
        "sources": notes.items(),
        "grade_badge": grade_badge,
    }


def region_differences(model: dict, topic: dict, me: str) -> list[dict]:
    """Regions that change this topic or state one of its related figures, with what differs."""
    slug = topic["slug"]
    names = file_region_names(model)
    related = RELATED_PARAMS.get(slug, ())
    rows = []
    for code in sorted(model["regions"]):
        region = model["regions"][code]
        changed = []
        if slug in (region.get("overridden_topics") or []):
            overrides = ((region.get("topics") or {}).get(slug) or {}).get("overrides") or {}
            changed = [
                label
                for label, key in GUIDE_FIELDS
                if any(c.get("region") == code for c in overrides.get(key, []))
            ] or ["有本地说明"]
        own = region.get("own_params") or {}
        figures = []
        for key in related:
            if key in own:
                figures.extend(fact_rows(model, {key: own[key]}, model["as_of"], names))
        if slug == "hotlines":
            own_numbers = [h for h in region.get("hotlines", []) if h.get("region") == code]
            if own_numbers:
                changed.append(f"本地电话 {len(own_numbers)} 个")
        for f in figures:  # the topic already says what the figures are about
            parts = f["label"].split(" · ")
            f["label"] = " · ".join(parts[1:]) if len(parts) > 1 else f["label"]
        if not changed and not figures:
            continue
        target = md_path(region["url"])
        rows.append(
            {
                "name": region["name"],
                "href": page_link(me, target) + f"#topic-{slug}",
                "changed": changed,
                "figures": figures[:MAX_FACTS_IN_CELL],
                "more_figures": max(0, len(figures) - MAX_FACTS_IN_CELL),
            }
        )
    return rows


__all__ = [
    "FIELD_LABELS",
    "GUIDE_FIELDS",
    "RELATED_PARAMS",
    "GuideRows",
    "region_differences",
    "render",
    "topic_context",
]
