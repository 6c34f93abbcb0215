"""A region's three answers: what a year costs here, whom to call, what a hospital stay gives back.

Computed once per build (kept in model["answers"] by region code) and used by the region page and the
open data (docs/api/local/<code>.json) alike. The figures are calc's own: the contribution by
generator.yearly_cost, the hospital stay from the worked examples (generator.worked_examples).
"""

from __future__ import annotations

from decimal import Decimal

from generator.local import GENERAL_PURPOSES
from generator.yearly_cost import cost_answer, yuan

__all__ = ["answers", "main_hotline", "stay_answer"]

NATIONAL = "100000"
TYPICAL_STAY = "10,000"  # 元: the worked example the first screen quotes
STAY_SCHEMES = {"resident": "城乡居民医保", "employee": "职工医保"}  # retirees: the full tables


def main_hotline(region: dict) -> dict | None:
    """The number for the big call button: a general line of the region's own first (its main one if
    marked), then its main line for another purpose, then the nearest general line inherited."""
    lines = region.get("hotlines") or []
    code = region["code"]
    for test in (
        lambda h: (
            h.get("main") and h.get("region") == code and h.get("purpose") in GENERAL_PURPOSES
        ),
        lambda h: h.get("region") == code and h.get("purpose") in GENERAL_PURPOSES,
        lambda h: h.get("main") and h.get("region") == code,
    ):
        found = next((h for h in lines if test(h)), None)
        if found:
            return found
    found = next((h for h in lines if h.get("purpose") in GENERAL_PURPOSES), None)
    return found or (lines[0] if lines else None)


def examples(model: dict, region: dict) -> dict:
    """The worked examples (generator/worked_examples.py); calc words their messages for readers."""
    from generator.worked_examples import examples_for_region

    return examples_for_region(model, region)


def stay_answer(worked: dict) -> dict | None:
    """What a 10,000 元 stay gives back, per hospital level and scheme, from the worked examples.

    {"total", "schemes": [label], "rows": [{"level", "cells": [{"back", "you_pay"} | None]}],
    "without_critical_illness": bool}; None when no scheme could be worked out."""
    tables = [t for t in worked["tables"] if t["scheme"] in STAY_SCHEMES]
    total = Decimal(TYPICAL_STAY.replace(",", ""))
    levels: list[str] = []
    cells: dict[tuple[str, str], dict] = {}
    partial = False
    for t in tables:
        for row in t["rows"]:
            if row["total"] != TYPICAL_STAY or "missing" in row:
                continue
            if row["level"] not in levels:
                levels.append(row["level"])
            you_pay = Decimal(row["you_pay"].replace(",", ""))
            cells[(t["scheme"], row["level"])] = {
                "back": yuan(total - you_pay),
                "you_pay": row["you_pay"],
            }
            partial = partial or row["critical_illness"] == "未计"
    if not cells:
        return None
    schemes = [t["scheme"] for t in tables if any((t["scheme"], lv) in cells for lv in levels)]
    return {
        "total": TYPICAL_STAY,
        "schemes": [STAY_SCHEMES[s] for s in schemes],
        "rows": [{"level": lv, "cells": [cells.get((s, lv)) for s in schemes]} for lv in levels],
        "without_critical_illness": partial,
    }


def still_missing(region: dict, cost: dict, call: dict | None, stay: dict | None) -> list[str]:
    """What the three answers lack locally, in plain words (nothing on the national page)."""
    if region["code"] == NATIONAL:
        return []
    out = []
    if cost["kind"] != "local":
        out.append("本地缴费标准")
    if not call or call.get("region") == NATIONAL:
        out.append("本地医保部门的电话")
    if stay is None:
        out.append("本地住院报销比例")
    if not out and (region.get("missing") or region.get("missing_notes")):
        out.append("一些本地标准")
    return out


def answers(model: dict, region: dict) -> dict:
    """{"cost", "call", "stay", "examples", "missing"} for one region, computed once per model."""
    cache = model.setdefault("answers", {})
    code = region["code"]
    if code not in cache:
        cost = cost_answer(model, region)
        call = main_hotline(region)
        worked = examples(model, region)
        stay = stay_answer(worked)
        cache[code] = {
            "cost": cost,
            "call": call,
            "stay": stay,
            "examples": worked,
            "missing": still_missing(region, cost, call, stay),
        }
    return cache[code]
