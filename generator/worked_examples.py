"""Worked examples for a region page, computed at build time by calc.run (as in the browser).

A 10,000 / 50,000 / 200,000 元 hospital stay at each of the region's hospital levels, for each
scheme the region has inpatient rules for. The region page shows them without JavaScript and while
the calculator loads (generator/templates/partials/worked_examples.html).
"""

from __future__ import annotations

import json

import calc
from generator.emit import region_json

__all__ = ["LEFT_OUT", "TOTALS", "examples_for_region", "inpatient_inputs", "request_region"]

TOTALS = (10000, 50000, 200000)
# breakdown rules by which calc says it left 大病保险 out: the table shows 未计, not 0
LEFT_OUT = {"critical_illness_incomplete", "critical_illness_none"}
SCHEMES = (
    ("resident", "城乡居民医保"),
    ("employee", "职工医保（在职）"),
    ("retiree", "职工医保（退休）"),
)


def inpatient_inputs(scheme: str, level: str, total: int) -> dict:
    """A first hospital stay in the home region with nothing outside the policy scope."""
    return {
        "scheme": scheme,
        "visit": "inpatient",
        "level": level,
        "total": total,
        "self_pay": 0,
        "class_b_self_pay": 0,
        "admission": 1,
        "fund_paid_this_year": 0,
        "hardship": False,
        "cross_region": "none",
    }


def request_region(region: dict, as_of: str = "") -> dict:
    """The region exactly as docs/api/regions/<code>.json carries it (what the browser sends)."""
    out = region_json(region, as_of)
    return json.loads(json.dumps(out, ensure_ascii=False))


def _yuan(text: str) -> str:
    """'12345.60' -> '12,345.60'; '12000.00' -> '12,000'."""
    whole, _, cents = text.partition(".")
    neg = whole.startswith("-")
    whole = whole.lstrip("-")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    cents = "" if cents.strip("0") == "" else cents  # 12,000 rather than 12,000.00
    return ("-" if neg else "") + ",".join(groups) + ("." + cents if cents else "")


def examples_for_region(model: dict, region: dict, date: str | None = None) -> dict:
    """{"date", "tables": [{"scheme", "label", "rows": [...]}], "empty": bool, "missing": [...]}.

    Each row: {"level", "total", "fund", "critical_illness", "you_pay"} (formatted 元; 大病保险 is
    "未计" where calc left it out) or, where the data lacks a figure, {"level", "total", "missing":
    "<calc's message>"}. A table says why 大病保险 was left out: "without_critical_illness" (the
    figures missing) or "no_critical_illness_rule" (the region has no rule for it).
    """
    date = date or str(model.get("as_of") or "")
    params = request_region(region, date)
    inpatient = (params.get("params") or {}).get("inpatient") or {}
    levels = params.get("hospital_levels") or []
    tables = []
    missing: list[str] = []
    for scheme, label in SCHEMES:
        rules = inpatient.get("employee" if scheme == "retiree" else scheme)
        if not isinstance(rules, dict) or not rules.get("levels"):
            continue
        rows = []
        without_ci: list[str] = []  # 大病保险 left out because its figures are missing
        no_ci_rule = False  # 大病保险 left out because the region has no rule for it at all
        for level in levels:
            for total in TOTALS:
                inputs = inpatient_inputs(scheme, level, total)
                res = calc.run(
                    {"kind": "reimbursement", "date": date, "params": params, "inputs": inputs}
                )
                rules = {line.get("rule") for line in res.get("breakdown") or []}
                # calc leaves 大病保险 out, and says why, when the region's rule is partial or absent
                no_ci = bool(rules & LEFT_OUT)
                no_ci_rule = no_ci_rule or "critical_illness_none" in rules
                if "critical_illness_incomplete" in rules:
                    without_ci.extend(n for n in res.get("notes") or [] if "的数据缺少" in n)
                row = {"level": level, "total": _yuan(f"{total}.00")}
                if res.get("ok"):
                    s = res["summary"]
                    row.update(
                        fund=_yuan(s["fund"]),
                        critical_illness="未计" if no_ci else _yuan(s["critical_illness"]),
                        you_pay=_yuan(s["you_pay"]),
                    )
                else:
                    msgs = [
                        m.get("message", "") for m in res.get("missing", []) + res.get("errors", [])
                    ]
                    row["missing"] = "；".join(dict.fromkeys(m for m in msgs if m)) or "暂时算不了"
                    missing.extend(msgs)
                rows.append(row)
        if any("missing" not in r for r in rows):
            tables.append(
                {
                    "scheme": scheme,
                    "label": label,
                    "rows": rows,
                    "without_critical_illness": list(dict.fromkeys(m for m in without_ci if m)),
                    "no_critical_illness_rule": no_ci_rule,
                }
            )
    return {
        "date": date,
        "tables": tables,
        "empty": not tables,
        "missing": list(dict.fromkeys(m for m in missing if m)),
    }
