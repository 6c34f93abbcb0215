"""地区对比: the figures people compare, region by region, each with its grade and source."""

from __future__ import annotations

from pathlib import Path

from markupsafe import Markup

from generator.pages import _extra as x
from generator.pages import file_region_names

PAGE = "compare/index.md"
SCHEMES = {"resident": "居民医保", "employee": "职工医保"}


class Cells:
    """Turns dated entries into table cells: value, grade badge, 存疑 and a source reference."""

    def __init__(self, model: dict):
        self.notes = x.SourceNotes(model.get("sources", {}))
        self.file_names = file_region_names(model, short=True)
        self.on = model["as_of"]

    def own(self, entry: dict | None, region: dict) -> bool:
        """Whether the entry is written in the region's own file (not inherited)."""
        return bool(entry) and (not entry.get("file") or entry.get("file") == region.get("file"))

    def cell(self, text: str, entry: dict, region: dict) -> Markup:
        parts = [x.cell_text(text), x.grade_badge(entry.get("grade"))]
        if entry.get("flag"):
            parts.append(x.flag_badge(entry["flag"]))
        parts.append(self.notes.ref(entry.get("source")))
        extra = []
        if entry.get("file") and region.get("file") and entry["file"] != region["file"]:
            owner = self.file_names.get(entry["file"])
            if owner:
                extra.append(Markup('<span class="yb-inherited">沿用{}</span>').format(owner))
        if entry.get("note"):
            extra.append(
                Markup('<span class="yb-note">{}</span>').format(x.cell_text(entry["note"]))
            )
        main = Markup(" ").join(p for p in parts if p)
        return Markup("<br>").join([main, *extra])

    def fact(self, fact: dict | None, path: str, region: dict) -> Markup | None:
        entry = x.current_entry(fact, self.on)
        if entry is None:
            return None
        return self.cell(x.format_entry(path, entry, fact.get("bound")), entry, region)

    def fact_own(self, fact: dict | None, region: dict) -> bool:
        return self.own(x.current_entry(fact, self.on), region)


def _get(tree: dict, *keys: str):
    for k in keys:
        if not isinstance(tree, dict):
            return None
        tree = tree.get(k)
    return tree


def _states(region: dict, *keys: str) -> bool:
    """Whether the region's own file (not only the national baseline) states this part."""
    own = region.get("own_params")
    return own is None or _get(own, *keys) is not None


def contribution_rows(model: dict, cells: Cells) -> list[dict]:
    rows = []
    for region in _regions(model):
        if not _states(region, "resident_contribution"):
            continue
        tiers = _get(region.get("params", {}), "resident_contribution", "tiers") or {}
        for tier, tdata in tiers.items():
            for group, parts in (tdata.get("groups") or {}).items():
                base = f"resident_contribution.tiers.{tier}.groups.{group}"
                row = {"region": region, "what": _tier_group(tiers, tier, group)}
                own = False
                for key in ("individual", "fiscal"):
                    got = x.part_amount((parts or {}).get(key), f"{base}.{key}", cells.on)
                    row[key] = cells.cell(got[0], got[1], region) if got else None
                    own = own or (got is not None and cells.own(got[1], region))
                if own:
                    rows.append(row)
    return rows


def _tier_group(tiers: dict, tier: str, group: str) -> str:
    if len(tiers) == 1:
        return group
    return f"{tier} · {group}"


def inpatient_rows(model: dict, cells: Cells, scheme: str) -> list[dict]:
    rows = []
    for region in _regions(model):
        if not _states(region, "inpatient", scheme):
            continue
        levels = _get(region.get("params", {}), "inpatient", scheme, "levels") or {}
        order = list(region.get("hospital_levels") or [])
        for level in sorted(
            levels, key=lambda lv: (order.index(lv) if lv in order else len(order), lv)
        ):
            data = levels[level] or {}
            base = f"inpatient.{scheme}.levels.{level}"
            row = {
                "region": region,
                "level": level,
                "deductible": cells.fact(data.get("deductible"), base + ".deductible", region),
                "ratio": cells.fact(data.get("ratio"), base + ".ratio", region),
            }
            if cells.fact_own(data.get("deductible"), region) or cells.fact_own(
                data.get("ratio"), region
            ):
                rows.append(row)
    return rows


def critical_rows(model: dict, cells: Cells) -> list[dict]:
    rows = []
    for region in _regions(model):
        for scheme, scheme_name in SCHEMES.items():
            if not _states(region, "critical_illness", scheme):
                continue
            data = _get(region.get("params", {}), "critical_illness", scheme) or {}
            base = f"critical_illness.{scheme}"
            row = {
                "region": region,
                "scheme": scheme_name,
                "deductible": cells.fact(data.get("deductible"), base + ".deductible", region),
                "cap": _cap_cell(cells, data.get("cap"), base + ".cap", region),
            }
            cap = data.get("cap") or {}
            cap_own = any(
                v.get("file") in (None, region.get("file")) for v in cap.get("values", [])
            )
            if cells.fact_own(data.get("deductible"), region) or (row["cap"] and cap_own):
                rows.append(row)
    return rows


def _cap_cell(cells: Cells, fact: dict | None, path: str, region: dict) -> Markup | None:
    entry = x.current_entry(fact, cells.on)
    if entry is not None:
        return cells.cell(x.format_entry(path, entry, fact.get("bound")), entry, region)
    if fact and fact.get("values"):  # a null value in force: the sources say there is no cap
        latest = [v for v in fact["values"] if v["from"] <= cells.on]
        if latest and latest[-1].get("value") is None:
            return cells.cell(x.format_entry(path, latest[-1]), latest[-1], region)
    return None


def flexible_rows(model: dict, cells: Cells) -> list[dict]:
    rows = []
    for region in _regions(model):
        if not _states(region, "employee_contribution", "tiers"):
            continue
        tiers = _get(region.get("params", {}), "employee_contribution", "tiers") or {}
        for tier, data in tiers.items():
            base = f"employee_contribution.tiers.{tier}"
            for key, what in (("flexible_rate", "费率"), ("flexible_monthly_amount", "每月金额")):
                c = cells.fact((data or {}).get(key), f"{base}.{key}", region)
                if c and cells.fact_own((data or {}).get(key), region):
                    label = what if len(tiers) == 1 else f"{tier} · {what}"
                    rows.append({"region": region, "what": label, "value": c})
    return rows


def _regions(model: dict) -> list[dict]:
    return [model["regions"][c] for c in sorted(model.get("regions", {}))]


def overview_rows(model: dict) -> list[dict]:
    """Every region whose own file states figures, with how many and the best grade among them."""
    rows = []
    for region in _regions(model):
        counts = {"A": 0, "B": 0, "C": 0}
        for _path, fact in x.iter_own_facts(region):
            entry = x.current_entry(fact, model["as_of"]) or (fact.get("values") or [{}])[-1]
            counts[entry.get("grade") or "C"] = counts.get(entry.get("grade") or "C", 0) + 1
        if sum(counts.values()):
            names = {"A": "A 级", "B": "B 级", "C": "待核实"}
            summary = "，".join(f"{names[g]} {n} 个" for g, n in counts.items() if n)
            rows.append(
                {
                    "region": region,
                    "counts": counts,
                    "total": sum(counts.values()),
                    "summary": summary,
                }
            )
    return rows


def render(model: dict, env, out: Path) -> list[Path]:
    """Write compare/index.md."""
    cells = Cells(model)
    link = {
        c: x.page_link(PAGE, r["url"]) for c, r in model.get("regions", {}).items() if r.get("url")
    }
    text = env.get_template("compare.md.j2").render(
        model=model,
        overview=overview_rows(model),
        contributions=contribution_rows(model, cells),
        inpatient=[(SCHEMES[s], inpatient_rows(model, cells, s)) for s in SCHEMES],
        critical=critical_rows(model, cells),
        flexible=flexible_rows(model, cells),
        sources=cells.notes.items(),
        link=link,
        changes_link="changes.md",
        status_link="../status/index.md",
    )
    return [x.write(out, PAGE, text)]
