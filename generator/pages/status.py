"""数据状态: coverage per region, counts by grade, every 待核实 and stale fact with an edit link."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from generator import coverage, labels, provenance, stale
from generator.pages import _extra as x
from generator.pages import tel_href

PAGE = "status/index.md"


def stale_reasons(fact: dict, as_of: str, year_start: str = "01-01") -> list[str]:
    """Why a fact is stale on `as_of` (the rule of `python -m generator stale`)."""
    return stale.fact_reasons(fact, as_of, year_start)


def tel_link(number: str) -> Markup:
    """A phone number as a tel: link that does not break across lines."""
    return Markup('<a class="yb-tel" href="{d}">{n}</a>').format(d=tel_href(number), n=number)


def _entry_row(model: dict, region: dict, what: str, text: str, entry: dict, notes) -> dict:
    file = entry.get("file") or region.get("file")
    return {
        "region": region,
        "name": x.region_name(region),
        "what": what,
        "value": x.cell_text(text),
        "from": entry.get("from") or entry.get("since") or "",
        "verified": entry.get("verified") or "",
        "badge": x.grade_badge(entry.get("grade")),
        "src": notes.ref(entry.get("source")),
        "edit": x.url_attr(x.edit_link(model, file, entry.get("line"))),
        "where": f"{file}:{entry['line']}" if file and entry.get("line") else (file or ""),
        "derived": entry.get("derived"),
    }


def _hotline_grade(model: dict, region: dict, h: dict) -> str:
    if h.get("grade"):
        return h["grade"]
    src = (
        (region.get("sources") or {}).get(h.get("source"))
        or model.get("sources", {}).get(h.get("source"))
        or {}
    )
    return src.get("grade") or "C"


def collect(model: dict, notes: x.SourceNotes) -> dict:
    """Everything the status page shows."""
    as_of = model["as_of"]
    counts = {"A": 0, "B": 0, "C": 0}
    unverified, stale_rows, coverage = [], [], []
    for region in x.all_regions(model):
        own_labels = []
        for path, fact in x.iter_own_facts(region):
            what = labels.label(path) or path
            own_labels.append(what)
            values = sorted(fact.get("values") or [], key=lambda e: e["from"])
            for e in values:
                counts[e.get("grade") or "C"] = counts.get(e.get("grade") or "C", 0) + 1
                if (e.get("grade") or "C") == "C":
                    unverified.append(
                        _entry_row(
                            model,
                            region,
                            what,
                            x.format_entry(path, e, fact.get("bound")),
                            e,
                            notes,
                        )
                    )
            reasons = stale_reasons(fact, as_of, region.get("insurance_year_start") or "01-01")
            if reasons and values:
                newest = values[-1]
                row = _entry_row(
                    model,
                    region,
                    what,
                    x.format_entry(path, newest, fact.get("bound")),
                    newest,
                    notes,
                )
                row["why"] = "；".join(reasons)
                stale_rows.append(row)
        for h in region.get("hotlines") or []:
            if h.get("region", region.get("code")) != region.get("code"):
                continue  # an ancestor's line: counted on the ancestor
            grade = _hotline_grade(model, region, h)
            counts[grade] = counts.get(grade, 0) + 1
            entry = dict(h, grade=grade, **{"from": h.get("since") or ""})
            what = f"电话 · {h.get('department') or h.get('purpose') or ''}"
            if grade == "C":
                row = _entry_row(model, region, what, h.get("number", ""), entry, notes)
                row["value"] = tel_link(h.get("number", ""))
                unverified.append(row)
            reasons = stale.hotline_reasons(h, as_of)
            if reasons:
                row = _entry_row(model, region, what, h.get("number", ""), entry, notes)
                row["why"] = "；".join(reasons)
                stale_rows.append(row)
        if region.get("code") == "100000":
            continue
        missing = [
            m.get("label") or labels.label(m.get("param", "")) or m.get("param", "")
            for m in region.get("missing") or []
        ]
        coverage.append(
            {
                "region": region,
                "name": x.region_name(region),
                "own": own_labels,
                "missing": missing,
                "topics": [
                    model.get("topics", {}).get(s, {}).get("title", s)
                    for s in region.get("overridden_topics") or []
                ],
                "verified": region.get("verified") or "",
                "edit": x.url_attr(x.edit_link(model, region.get("file"))),
                # a raw HTML link inside <details>: the page's URL relative to status/
                "page": Markup("../" + region["url"]) if region.get("url") else None,
                "notes": region.get("missing_notes") or [],
            }
        )
    return {"counts": counts, "unverified": unverified, "stale": stale_rows, "coverage": coverage}


def derived_rows(model: dict, notes: x.SourceNotes) -> list[dict]:
    """Every value the project derived rather than read, with how."""
    rows = []
    for d in provenance.derived_values(model):
        entry, region = d["entry"], d["region"]
        if region is not None:
            text = x.format_entry(d["path"], entry, d["fact"].get("bound"))
            row = _entry_row(model, region, d["what"], text, entry, notes)
        else:
            fig = d["fact"]
            row = _entry_row(
                model,
                model["national"],
                d["what"],
                _figure_text(fig, entry),
                entry | {"file": fig.get("file")},
                notes,
            )
            row["name"] = "正文引用的数字"
        row["how"] = entry["derived"]
        rows.append(row)
    return rows


def _figure_text(fig: dict, entry: dict) -> str:
    value = entry.get("value")
    if isinstance(value, list):
        value = "–".join(str(v) for v in value)
    return f"{value} {fig.get('unit') or ''}".strip()


def rejected_rows(model: dict, notes: x.SourceNotes) -> list[dict]:
    """The claims the project decided not to use, grouped in file order, with their reasons."""
    rows = []
    for rec in model.get("rejected") or []:
        where = rec.get("where") or {}
        rows.append(
            {
                "claim": rec.get("claim"),
                "reason": rec.get("reason_text"),
                "why": rec.get("why"),
                "src": notes.ref(where.get("source")) if where.get("source") else Markup(""),
                "place": where.get("quote") or where.get("row") or "",
                "file": where.get("file"),
                "edit": x.url_attr(x.edit_link(model, rec.get("file"), rec.get("line"))),
            }
        )
    return rows


def set_rows(model: dict) -> dict:
    """Regions with a complete set, and for the municipalities and capitals without one, what lacks."""
    sets = coverage.complete_sets(model)
    capitals = set(coverage.capital_codes(model))
    return {
        "parts": [label for _, label in coverage.PARTS],
        "complete": [r for r in sets if r["complete"]],
        "capitals": [r for r in sets if r["code"] in capitals and not r["complete"]],
    }


def render(model: dict, env, out: Path) -> list[Path]:
    """Write status/index.md."""
    notes = x.SourceNotes(model.get("sources", {}))
    data = collect(model, notes)
    data["derived"] = derived_rows(model, notes)
    data["rejected"] = rejected_rows(model, notes)
    data["sets"] = set_rows(model)
    data["checks"] = {
        "contradictions": 0,
        "claims": None,
        "region_topic_numbers": [],
        "undeclared_inferences": [],
        **(model.get("checks") or {}),
    }
    link = {
        c: x.page_link(PAGE, r["url"]) for c, r in model.get("regions", {}).items() if r.get("url")
    }
    text = env.get_template("status.md.j2").render(
        model=model,
        **data,
        sources=notes.items(),
        link=link,
        total=sum(data["counts"].values()),
        badge=x.grade_badge,
        issue=x.url_attr(model.get("issue_base")),
        compare_link=Markup("../compare/index.md"),
    )
    return [x.write(out, PAGE, text)]
