"""Topic guides: docs/guides/<slug>.md (national version + how regions differ) and docs/guides/index.md."""

from __future__ import annotations

from pathlib import Path

from generator.pages import (
    fact_rows,
    file_region_names,
    grade_badge,
    issue_url,
    md_path,
    page_link,
    sorted_topics,
    write_page,
)
from generator.pages.region import (
    SourceNotes,
    channel_rows,
    hotline_row,
    item_rows,
    material_rows,
    step_rows,
    time_limit_row,
)

# Which calculator parameters belong to which guide: a region stating one of them differs there.
RELATED_PARAMS = {
    "resident-enrolment": ("resident_contribution",),
    "employee-enrolment": ("employee_contribution",),
    "payment": ("resident_contribution", "employee_contribution"),
    "remote-care-filing": ("cross_region",),
    "reimbursement": ("inpatient", "outpatient", "chronic", "two_diseases", "critical_illness"),
    "chronic-disease": ("chronic", "two_diseases"),
    "waiting-period": ("waiting_period",),
}
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
    purposes = topic.get("hotline_purposes")
    hotlines = [hotline_row(h, national, notes) for h in national.get("hotlines", [])]
    if isinstance(purposes, list):
        shown = [h for h in hotlines if h["purpose"] in purposes or h["purpose"] == "综合"]
    else:
        shown = []
    for h in shown:
        h["ref"] = notes.ref(h.pop("source"))
    fields = {
        "audience": item_rows(topic.get("audience"), notes),
        "before_you_start": item_rows(topic.get("before_you_start"), notes),
        "channels": channel_rows(topic.get("channels"), notes),
        "materials": material_rows(topic.get("materials"), notes),
        "steps": step_rows(topic.get("steps"), notes),
        "time_limit": time_limit_row(topic.get("time_limit"), notes),
        "place": item_rows(topic.get("place"), notes),
        "fees": item_rows(topic.get("fees"), notes),
        "complaints": item_rows(topic.get("complaints"), notes),
        "tips": item_rows(topic.get("tips"), notes),
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
            local = (region.get("topics") or {}).get(slug) or {}
            changed = [label for label, key in GUIDE_FIELDS if local.get(key) != topic.get(key)]
            if not changed:
                changed = ["有本地说明"]
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
    "region_differences",
    "render",
    "topic_context",
]
