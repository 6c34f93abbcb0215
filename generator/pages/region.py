"""Region pages: docs/regions/<code>-<pinyin>.md, one per region of the model."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from generator import facts, labels
from generator.pages import (
    CHANNEL_KINDS,
    collect_item_sources,
    edit_url,
    fact_rows,
    file_region_names,
    flag_badge,
    format_entry,
    grade_badge,
    is_unknown,
    issue_url,
    item_parts,
    md_path,
    page_link,
    region_label,
    sorted_topics,
    tel_href,
    write_page,
)

LEVEL_NAMES = {"province": "省级", "city": "市级", "district": "区县"}
MAX_TOPIC_HOTLINES = 3


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
        title = (self.sources.get(source_id) or {}).get("title", source_id)
        return Markup('<a class="yb-src" href="#{p}{n}" title="来源：{t}">[{n}]</a>').format(
            p=self.prefix, n=n, t=title
        )

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
                    "document": src.get("document"),
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
    on = model["as_of"]
    me = md_path(region["url"])
    regions = {**model["regions"], model["national"]["code"]: model["national"]}
    notes = SourceNotes({**model.get("sources", {}), **region.get("sources", {})})
    names = file_region_names(model)

    def link(code: str) -> dict:
        r = regions[code]
        return {"name": region_label(r), "href": page_link(me, md_path(r["url"])), "code": code}

    parents = [link(c) for c in region.get("parents", []) if c in regions]
    parents.reverse()  # province first
    children = [link(c) for c in region.get("children", []) if c in regions]

    hotlines = [hotline_row(h, region, notes) for h in region.get("hotlines", [])]
    main = main_hotline(hotlines)

    contribution = contribution_summary(model, region, notes, names)
    topics = [
        topic_context(model, region, t, notes, me, hotlines)
        for t in sorted_topics(region.get("topics", {}))
    ]
    for h in hotlines:
        h["ref"] = notes.ref(h.pop("source"))

    own_rows = fact_rows(model, region.get("own_params") or {}, on, names)
    own_paths = {r["path"] for r in own_rows}
    inherited_rows = [
        r
        for r in fact_rows(model, region.get("params") or {}, on, names)
        if r["path"] not in own_paths
    ]
    for row in own_rows + inherited_rows:
        row["ref"] = notes.ref(row["source"])

    for sid in region.get("sources", {}):
        notes.add(sid)

    edit = edit_url(model, region["file"])
    return {
        "model": model,
        "region": region,
        "as_of": on,
        "title": region_label(region) + "医保指南",
        "name": region_label(region),
        "level_name": LEVEL_NAMES.get(region.get("level"), ""),
        "input_file": region["file"],
        "page": me,
        "index_href": page_link(me, "regions/index.md"),
        "parents": parents,
        "children": children,
        "contribution": contribution,
        "main_hotline": main,
        "hotlines": hotlines,
        "topics": topics,
        "own_facts": own_rows,
        "inherited_facts": inherited_rows,
        "missing": [
            {"label": m.get("label") or labels.label(m["param"]), "param": m["param"]}
            for m in region.get("missing", [])
        ],
        "missing_notes": [note_text(n) for n in region.get("missing_notes", [])],
        "verified": region.get("verified"),
        "edit_url": edit,
        "issue_url": issue_url(model, region),
        "sources": notes.items(),
        "grade_badge": grade_badge,
        "flag_badge": flag_badge,
        "worked_examples": worked_examples(model, region),
        "calculator_api": page_link(me, f"api/regions/{region['code']}.json"),
    }


def main_hotline(hotlines: list[dict]) -> dict | None:
    """The number for the big call button: a general line of the region's own first (its main one if
    marked), then its main line for another purpose, then the nearest general line inherited."""
    general = {None, "咨询", "综合"}
    for test in (
        lambda h: h["main"] and h["purpose"] in general,
        lambda h: h["own"] and h["purpose"] in general,
        lambda h: h["main"],
    ):
        found = next((h for h in hotlines if test(h)), None)
        if found:
            return found
    return next((h for h in hotlines if h["purpose"] in general), hotlines[0] if hotlines else None)


def note_text(note) -> str:
    """A `missing_notes` entry as text (a string, or a mapping with text / note)."""
    if isinstance(note, dict):
        return str(note.get("text") or note.get("note") or note.get("what") or "")
    return str(note)


def hotline_row(h: dict, region: dict, notes: SourceNotes) -> dict:
    """A hotline as a table row; inherited ones name the region they belong to."""
    return {
        "department": h["department"],
        "number": h["number"],
        "tel": tel_href(h["number"]),
        "hours": h.get("hours"),
        "purpose": h.get("purpose"),
        "main": bool(h.get("main")) and h.get("region") == region["code"],
        "own": h.get("region") == region["code"],
        "region_name": h.get("region_name") or "",
        "grade": h.get("grade"),
        "flag": h.get("flag"),
        "note": h.get("note"),
        "source": h.get("source"),  # turned into a numbered reference in reading order
    }


def contribution_summary(model: dict, region: dict, notes: SourceNotes, names: dict) -> dict:
    """This year's resident contribution, or the national minimum clearly marked as such."""
    on = model["as_of"]
    rc = (region.get("params") or {}).get("resident_contribution") or {}
    rows = []
    for tier, tier_node in (rc.get("tiers") or {}).items():
        for group, parts in (tier_node.get("groups") or {}).items():
            base = f"resident_contribution.tiers.{tier}.groups.{group}"
            cells = {}
            for part in ("individual", "fiscal"):
                cells[part] = part_text(parts.get(part), f"{base}.{part}", on, notes)
            if cells["individual"] or cells["fiscal"]:
                rows.append({"tier": tier, "group": group, **cells})
    if rows:
        froms = [c["from"] for r in rows for c in (r["individual"], r["fiscal"]) if c]
        files = {c["file"] for r in rows for c in (r["individual"], r["fiscal"]) if c}
        owners = sorted({names.get(f, "") for f in files if f and f != region["file"]} - {""})
        return {
            "kind": "region",
            "rows": rows,
            "from": min(froms),
            "inherited_from": owners,
            "single": len(rows) == 1,
        }
    minimum = ((model.get("national") or {}).get("params") or {}).get(
        "resident_contribution_minimum"
    )
    if minimum:
        cells = {}
        for part in ("individual", "fiscal"):
            fact = minimum.get(part)
            entry = facts.current(fact, on) if fact else None
            if entry:
                cells[part] = {
                    "text": format_entry(
                        f"resident_contribution_minimum.{part}", entry, fact.get("bound") or "min"
                    ),
                    "grade": entry.get("grade") or "C",
                    "flag": entry.get("flag"),
                    "derived": entry.get("derived"),
                    "from": entry["from"],
                    "ref": notes.ref(entry.get("source")),
                    "file": entry.get("file"),
                }
            else:
                cells[part] = None
        if cells["individual"] or cells["fiscal"]:
            froms = [c["from"] for c in cells.values() if c]
            return {
                "kind": "minimum",
                "rows": [{"tier": "", "group": "", **cells}],
                "from": min(froms),
                "inherited_from": [],
                "single": True,
            }
    return {"kind": "none", "rows": [], "from": None, "inherited_from": [], "single": True}


def part_text(part: dict | None, path: str, on: str, notes: SourceNotes) -> dict | None:
    """One contribution part ({amount} or {rate, base}) in force on `on`, as display data."""
    if not isinstance(part, dict):
        return None
    amount_fact = part.get("amount")
    if amount_fact:
        entry = facts.current(amount_fact, on)
        if entry is None:
            return None
        text = format_entry(path + ".amount", entry, amount_fact.get("bound"))
        used = [entry]
    else:
        rate_f, base_f = part.get("rate"), part.get("base")
        rate = facts.current(rate_f, on) if rate_f else None
        base = facts.current(base_f, on) if base_f else None
        if rate is None or base is None:
            return None
        text = "缴费基数 {} × {}".format(
            labels.format_value(path + ".base", base["value"]),
            labels.format_value(path + ".rate", rate["value"]),
        )
        used = [rate, base]
    grade = facts.worst_grade(*[e.get("grade") or "C" for e in used])
    refs = Markup("").join(notes.ref(e.get("source")) for e in used)
    flags = "；".join(e["flag"] for e in used if e.get("flag"))
    return {
        "text": text,
        "grade": grade,
        "flag": flags or None,
        "derived": "；".join(e["derived"] for e in used if e.get("derived")) or None,
        "ref": refs,
        "from": max(e["from"] for e in used),
        "file": used[0].get("file"),
    }


def topic_context(
    model: dict, region: dict, topic: dict, notes: SourceNotes, me: str, hotlines: list[dict]
) -> dict:
    """One topic as the region page shows it (steps, materials, channels, time, fees, tips)."""
    slug = topic["slug"]
    purposes = topic.get("hotline_purposes")
    if isinstance(purposes, list):
        matching = [h for h in hotlines if h["purpose"] in purposes]
    else:
        matching = []
    if not matching:
        matching = [h for h in hotlines if h["main"]] or hotlines[:1]
    found: list[str] = []
    collect_item_sources(topic, found)
    for sid in found:
        notes.add(sid)
    return {
        "slug": slug,
        "title": topic["title"],
        "summary": topic.get("summary"),
        "guide_href": page_link(me, md_path(topic["url"])),
        "issue_url": issue_url(model, region, topic=topic["title"]),
        "overridden": slug in (region.get("overridden_topics") or []),
        "channels": channel_rows(topic.get("channels"), notes),
        "steps": step_rows(topic.get("steps"), notes),
        "materials": material_rows(topic.get("materials"), notes),
        "time_limit": time_limit_row(topic.get("time_limit"), notes),
        "fees": item_rows(topic.get("fees"), notes),
        "tips": item_rows(topic.get("tips"), notes),
        "hotlines": matching[:MAX_TOPIC_HOTLINES],
        "more_hotlines": len(matching) > MAX_TOPIC_HOTLINES,
    }


def unknown_row(field) -> dict:
    """A field the sources say nothing about: 暂未收录, with the note if any."""
    return {"unknown": True, "note": field.get("note") if isinstance(field, dict) else None}


def item_rows(field, notes: SourceNotes) -> dict:
    """An item list (or {unknown}) as {unknown, items: [{text, note, grade, flag, ref}]}."""
    if field is None or is_unknown(field):
        return unknown_row(field)
    items = []
    for item in field:
        p = item_parts(item)
        p["ref"] = notes.ref(p["source"])
        items.append(p)
    return {"unknown": False, "items": items}


def channel_rows(field, notes: SourceNotes) -> dict:
    """Channels (or {unknown}) with a readable kind."""
    if field is None or is_unknown(field):
        return unknown_row(field)
    items = []
    for ch in field:
        items.append(
            {
                "name": ch["name"],
                "kind": CHANNEL_KINDS.get(ch.get("kind"), ""),
                "how": ch.get("how"),
                "url": ch.get("url"),
                "note": ch.get("note"),
                "ref": notes.ref(ch.get("source")),
            }
        )
    return {"unknown": False, "items": items}


def step_rows(field, notes: SourceNotes) -> dict:
    """Ordered steps (or {unknown}); each step's "or" alternatives as a list."""
    if field is None or is_unknown(field):
        return unknown_row(field)

    def one(step: dict) -> dict:
        return {
            "title": step["title"],
            "detail": step.get("detail"),
            "ref": notes.ref(step.get("source")),
            "alternatives": [one(alt) for alt in step.get("or", [])],
        }

    return {"unknown": False, "items": [one(s) for s in field]}


def material_rows(field, notes: SourceNotes) -> dict:
    """Materials (or {unknown}): the base list and the extras for special groups."""
    if field is None or is_unknown(field):
        return unknown_row(field)

    def one(m: dict) -> dict:
        return {"name": m["name"], "note": m.get("note"), "ref": notes.ref(m.get("source"))}

    return {
        "unknown": False,
        "base": [one(m) for m in field.get("base", [])],
        "extra": [
            {
                "who": g["who"],
                "ref": notes.ref(g.get("source")),
                "items": [one(m) for m in g["items"]],
            }
            for g in field.get("extra", [])
        ],
    }


def time_limit_row(field, notes: SourceNotes) -> dict:
    """The processing time (or {unknown})."""
    if field is None or is_unknown(field):
        return unknown_row(field)
    return {
        "unknown": False,
        "text": field["text"],
        "note": field.get("note"),
        "ref": notes.ref(field.get("source")),
    }


def worked_examples(model: dict, region: dict):
    """The calculator's worked examples for this region (generator/worked_examples.py)."""
    from generator.worked_examples import examples_for_region

    return examples_for_region(model, region)
