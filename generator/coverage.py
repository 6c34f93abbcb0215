"""Which regions have a complete set of figures for a real estimate, and what the others lack.

A complete set, as the calculator needs it for a resident's hospital stay and premium:
this benefit year's resident contribution by group, a local general hotline, the inpatient
deductible and ratio for every one of the region's own hospital levels with the annual cap, and
the 大病保险 deductible, segments and cap. Values flagged 存疑 do not count (the calculator does
not use them); values the region inherits from its province count, the national minimum does not.
"""

from __future__ import annotations

from . import facts
from .facts import benefit_year
from .resolve import NATIONAL_CODE

__all__ = ["PARTS", "capital_codes", "complete_sets", "region_set"]

PARTS = (
    ("contribution", "本年度的居民医保个人缴费和财政补助（按人群）"),
    ("hotline", "本地的综合或咨询电话"),
    ("inpatient", "居民医保住院起付线和报销比例（每个医院等级）"),
    ("inpatient_cap", "居民医保住院年度最高支付限额"),
    ("critical_deductible", "大病保险起付线"),
    ("critical_segments", "大病保险分段报销比例"),
    ("critical_cap", "大病保险最高支付限额"),
)
GENERAL_PURPOSES = (None, "咨询", "综合")


def _usable(fact, on: str, null_ok: bool = False) -> dict | None:
    """The entry in force on `on` when the calculator may use it (not 存疑); None otherwise."""
    if not facts.is_fact(fact):
        return None
    entry = facts.entry_on(fact, on)
    if entry is None or entry.get("flag") or (entry.get("value") is None and not null_ok):
        return None
    return entry


def _node(params: dict, path: str):
    node = params
    for key in path.split("."):
        node = node.get(key) if isinstance(node, dict) else None
    return node


def _contribution(region: dict, on: str) -> list[dict]:
    """The entries of this benefit year's resident contribution (empty when there is none)."""
    year_start = region.get("insurance_year_start") or "01-01"
    this_year = benefit_year(on, year_start)
    tiers = _node(region.get("params") or {}, "resident_contribution.tiers") or {}
    for tier in tiers.values():
        for parts in ((tier or {}).get("groups") or {}).values():
            used = []
            for part in ("individual", "fiscal"):
                node = (parts or {}).get(part) or {}
                keys = ("amount",) if "amount" in node else ("rate", "base")
                entries = [_usable(node.get(k), on) for k in keys]
                if not all(entries):
                    break
                used.extend(entries)
            else:
                if all(benefit_year(e["from"], year_start) == this_year for e in used):
                    return used
    return []


def region_set(region: dict, on: str) -> dict:
    """What a region has of the complete set: {part: [entries]}, missing parts, derived parts."""
    params = region.get("params") or {}
    found: dict[str, list] = {}
    found["contribution"] = _contribution(region, on)
    found["hotline"] = [
        h
        for h in region.get("hotlines") or []
        if h.get("region") != NATIONAL_CODE
        and h.get("purpose") in GENERAL_PURPOSES
        and not h.get("flag")
    ][:1]
    levels = region.get("hospital_levels") or []
    inpatient = []
    for level in levels:
        for key in ("deductible", "ratio"):
            entry = _usable(_node(params, f"inpatient.resident.levels.{level}.{key}"), on)
            if entry is None:
                inpatient = []
                break
            inpatient.append(entry)
        else:
            continue
        break
    found["inpatient"] = inpatient if levels else []
    found["inpatient_cap"] = [
        e for e in [_usable(_node(params, "inpatient.resident.annual_cap"), on)] if e
    ]
    for key, null_ok in (("deductible", False), ("segments", False), ("cap", True)):
        entry = _usable(_node(params, f"critical_illness.resident.{key}"), on, null_ok)
        found[f"critical_{key}"] = [entry] if entry else []
    missing = [label for part, label in PARTS if not found[part]]
    derived = sorted(
        {
            label
            for part, label in PARTS
            for e in found[part]
            if isinstance(e, dict) and e.get("derived")
        }
    )
    return {"found": found, "missing": missing, "derived": derived, "complete": not missing}


def capital_codes(model: dict) -> list[str]:
    """The four municipalities and every provincial capital in the data (codes ending in 0100)."""
    regions = model.get("regions") or {}
    return sorted(
        code
        for code, r in regions.items()
        if (code[:2] in ("11", "12", "31", "50") and r.get("level") == "province")
        or (r.get("level") == "city" and code.endswith("0100"))
    )


def complete_sets(model: dict) -> list[dict]:
    """Every region (national excluded) with its set: {code, name, complete, missing, derived}."""
    on = model["as_of"]
    rows = []
    for code in sorted(model.get("regions") or {}):
        region = model["regions"][code]
        got = region_set(region, on)
        rows.append(
            {
                "code": code,
                "name": region.get("name"),
                "region": region,
                "complete": got["complete"],
                "missing": got["missing"],
                "derived": got["derived"],
            }
        )
    return rows
