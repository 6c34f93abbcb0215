"""What is local to a region: per topic, the items, phones and figures that differ from the national guide.

A region page shows only these (with a link to the national guide for the common steps), and the
topic guides show them to a reader who has chosen the region (docs/api/local/<code>.json).
An item is local when it is tied (`region:`) to the region or one of its parents below the national
level, when a region of the chain added it (`topics: {slug: {add: …}}`), or when a region of the
chain replaced the whole field.
"""

from __future__ import annotations

from generator import facts, labels

__all__ = [
    "FIELD_LABELS",
    "GENERAL_PURPOSES",
    "RELATED_PARAMS",
    "local_figures",
    "local_hotlines",
    "local_items",
    "local_params",
    "topic_differences",
]

NATIONAL = "100000"
# The fields of an official guide that can differ by region, in the order a page shows them.
FIELD_LABELS = {
    "audience": "服务对象",
    "before_you_start": "办理前准备",
    "channels": "办理方式",
    "steps": "办理流程",
    "materials": "申请材料",
    "time_limit": "办理时限",
    "place": "办理地点",
    "fees": "收费",
    "complaints": "监督投诉",
    "tips": "温馨提示",
}
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
CONTRIBUTIONS = ("resident_contribution", "employee_contribution")
CONTRIBUTION_TOPIC = "employee-enrolment"


def local_params(slug: str | None) -> tuple[str, ...]:
    """A guide's parameters as a region page lists them: contributions only under the employee guide
    (the page works out what a year costs at the top)."""
    related = RELATED_PARAMS.get(slug or "", ())
    if slug == CONTRIBUTION_TOPIC:
        return related
    return tuple(key for key in related if key not in CONTRIBUTIONS)


# Lines for any question: they are the page's call button, not a topic's own number.
GENERAL_PURPOSES = {None, "", "咨询", "综合"}
PHONE_TOPIC = "hotlines"


def _chain(region: dict) -> list[str]:
    """The region's own code and its parents' below the national level, nearest first."""
    return [c for c in [region["code"], *region.get("parents", [])] if c != NATIONAL]


def _replaced_by(topic: dict, field: str, chain: list[str]) -> str | None:
    """The nearest region of the chain that replaced the whole field, if any."""
    changes = [
        c["region"]
        for c in (topic.get("overrides") or {}).get(field, [])
        if c.get("mode") == "replace" and c.get("region") in chain
    ]
    return min(changes, key=chain.index) if changes else None


def _added_by(topic: dict, field: str, chain: list[str]) -> str | None:
    """The nearest region of the chain that appended items to the field, if any."""
    changes = [
        c["region"]
        for c in (topic.get("overrides") or {}).get(field, [])
        if c.get("mode") == "add" and c.get("region") in chain
    ]
    return min(changes, key=chain.index) if changes else None


def _text(*parts: str | None, sep: str = "：") -> str:
    return sep.join(p for p in parts if p)


def _step_text(step: dict) -> str:
    """A step's title and detail as two sentences (a detail ends with its own full stop)."""
    title, detail = step["title"], step.get("detail")
    return f"{title.rstrip('。')}。{detail}" if detail else title


def _entry(field: str, text: str, item: dict, region: str, note: str | None = None) -> dict:
    return {
        "field": field,
        "label": FIELD_LABELS[field],
        "text": text,
        "note": note if note is not None else item.get("note"),
        "url": item.get("url"),
        "source": item.get("source"),
        "grade": item.get("grade"),
        "flag": item.get("flag"),
        "region": region,
    }


def _item_text(item) -> tuple[str, dict]:
    if isinstance(item, str):
        return item, {}
    return item.get("text") or item.get("name") or item.get("title") or "", item


def _list_items(field: str, items: list, national: list, tag) -> list[dict]:
    """Local entries of a list field (audience, tips, …; channels; steps with their alternatives)."""
    out = []
    for item in items:
        own = tag(item, item not in national)
        if field == "channels" and isinstance(item, dict):
            if own:
                kind = labels.CHANNEL_KINDS.get(item.get("kind"), "")
                name = item["name"] + (f"（{kind}）" if kind and kind != item["name"] else "")
                out.append(_entry(field, _text(name, item.get("how")), item, own))
            continue
        if field == "steps" and isinstance(item, dict):
            if own:
                out.append(_entry(field, _step_text(item), item, own))
                continue
            for alt in item.get("or") or []:  # a local way instead of a national step
                alt_own = tag(alt, False)
                if alt_own:
                    out.append(_entry(field, _step_text(alt), alt, alt_own))
            continue
        if own:
            text, parts = _item_text(item)
            out.append(_entry(field, text, parts, own))
    return out


def local_items(region: dict, topic: dict, national_topic: dict) -> list[dict]:
    """The entries of one topic that are this region's own, each with the field it belongs to.

    Each entry: {field, label, text, note, url, source, grade, flag, region}; `region` is the code
    of the region (the page's own or a parent's) that the entry comes from.
    """
    chain = _chain(region)
    out: list[dict] = []
    for field in FIELD_LABELS:
        value = topic.get(field)
        if value is None or (isinstance(value, dict) and value.get("unknown") is True):
            continue
        whole = _replaced_by(topic, field, chain)
        added = _added_by(topic, field, chain)

        def tag(item, new: bool, whole=whole, added=added) -> str | None:
            """The region an item is local to, or None for a national item."""
            if isinstance(item, dict) and item.get("region") in chain:
                return item["region"]
            if whole:
                return whole
            return added if new else None

        national = national_topic.get(field)
        if field == "materials":
            out.extend(_material_items(value, national or {}, tag))
        elif field == "time_limit":
            if tag(value, value != national):
                out.append(_entry(field, value["text"], value, tag(value, True)))
        elif isinstance(value, list):
            out.extend(
                _list_items(field, value, national if isinstance(national, list) else [], tag)
            )
    return out


def _material_items(value: dict, national: dict, tag) -> list[dict]:
    out = []
    national_base = national.get("base") or [] if isinstance(national, dict) else []
    for m in value.get("base") or []:
        own = tag(m, m not in national_base)
        if own:
            out.append(_entry("materials", m["name"], m, own))
    national_groups = national.get("extra") or [] if isinstance(national, dict) else []
    for group in value.get("extra") or []:
        same = next((g for g in national_groups if g.get("who") == group.get("who")), {})
        for m in group.get("items") or []:
            own = tag(m, m not in (same.get("items") or []))
            if own:
                out.append(_entry("materials", f"{group['who']}另需：{m['name']}", m, own))
    return out


def local_hotlines(region: dict, topic: dict) -> list[dict]:
    """The region's and its parents' numbers for this topic's own purposes, national numbers left out.

    Not the general lines (the page's call button), and none for the guide about phones itself: the
    page's phone table lists every number."""
    chain = _chain(region)
    purposes = topic.get("hotline_purposes")
    if not isinstance(purposes, list) or topic.get("slug") == PHONE_TOPIC:
        return []
    return [
        h
        for h in region.get("hotlines") or []
        if h.get("region") in chain
        and h.get("purpose") in purposes
        and h.get("purpose") not in GENERAL_PURPOSES
    ]


def local_figures(region: dict, topic: dict, on: str, national_file: str) -> list[dict]:
    """Figures of this topic's calculator parameters stated by the region or a parent (not national),
    in force on `on` (or announced for later): {path, label, value, from, grade, derived, flag, source}."""
    params = region.get("params") or {}
    rows = []
    for key in local_params(topic.get("slug")):
        if key not in params:
            continue
        for path, fact in facts.iter_facts(params[key], key):
            entry = facts.current(fact, on)
            if entry is None:
                upcoming = [e for e in fact["values"] if e["from"] > on and e["value"] is not None]
                entry = upcoming[0] if upcoming else None
            if entry is None or entry.get("file") == national_file:
                continue
            text = labels.format_value(path, entry["value"])
            bound = fact.get("bound")
            text = {"max": "不超过 ", "min": "不低于 "}.get(bound or "", "") + text
            rows.append(
                {
                    "path": path,
                    "label": labels.label(path),
                    "value": text,
                    "from": entry["from"],
                    "future": entry["from"] > on,
                    "grade": entry.get("grade") or "C",
                    "derived": entry.get("derived"),
                    "flag": entry.get("flag"),
                    "source": entry.get("source"),
                }
            )
    return rows


def topic_differences(model: dict, region: dict, slug: str) -> dict:
    """Everything local about one topic: {"items", "hotlines", "figures", "count"}."""
    topic = region["topics"][slug]
    items = local_items(region, topic, model["topics"][slug])
    hotlines = local_hotlines(region, topic)
    figures = local_figures(region, topic, model["as_of"], model["national"]["file"])
    return {
        "items": items,
        "hotlines": hotlines,
        "figures": figures,
        "count": len(items) + len(hotlines) + len(figures),
    }
