"""历年变化: every dated value that changed, old → new, with its effective date and source."""

from __future__ import annotations

import itertools
from pathlib import Path

from generator import labels
from generator.pages import _extra as x

PAGE = "compare/changes.md"


def _label(region: dict, path: str) -> str:
    return labels.label(path) or path


def fact_history(model: dict, notes: x.SourceNotes) -> tuple[list[dict], list[dict]]:
    """(changes, histories): each step of every multi-entry fact, and every fact's dated values."""
    changes, histories = [], []
    for region in x.all_regions(model):
        facts_of_region = []
        for path, fact in x.iter_own_facts(region):
            values = sorted(fact.get("values") or [], key=lambda e: e["from"])
            if not values:
                continue
            what = _label(region, path)
            bound = fact.get("bound")
            rows = []
            for e in values:
                rows.append(
                    {
                        "from": e["from"],
                        "value": x.cell_text(x.format_entry(path, e, bound)),
                        "badge": x.grade_badge(e.get("grade")),
                        "flag": x.flag_badge(e.get("flag")),
                        "src": notes.ref(e.get("source")),
                        "note": x.cell_text(e["note"]) if e.get("note") else None,
                    }
                )
            facts_of_region.append({"what": what, "rows": rows})
            for old, new in itertools.pairwise(values):
                if old.get("value") == new.get("value"):
                    continue  # the same figure confirmed by a newer notice: not a change
                changes.append(
                    {
                        "region": region,
                        "name": x.region_name(region),
                        "what": what,
                        "old": x.cell_text(x.format_entry(path, old, bound)),
                        "new": x.cell_text(x.format_entry(path, new, bound)),
                        "from": new["from"],
                        "badge": x.grade_badge(new.get("grade")),
                        "src": notes.ref(new.get("source")),
                        "old_src": notes.ref(old.get("source"))
                        if old.get("source") != new.get("source")
                        else "",
                    }
                )
        if facts_of_region:
            histories.append(
                {"region": region, "name": x.region_name(region), "facts": facts_of_region}
            )
    changes.sort(key=lambda c: (c["from"], c["region"].get("code", "")), reverse=True)
    return changes, histories


def render(model: dict, env, out: Path) -> list[Path]:
    """Write compare/changes.md."""
    notes = x.SourceNotes(model.get("sources", {}))
    changes, histories = fact_history(model, notes)
    link = {}
    for r in x.all_regions(model):
        if r.get("url"):
            link[r["code"]] = x.page_link(PAGE, r["url"])
    text = env.get_template("changes.md.j2").render(
        model=model,
        changes=changes,
        histories=histories,
        sources=notes.items(),
        link=link,
    )
    return [x.write(out, PAGE, text)]
