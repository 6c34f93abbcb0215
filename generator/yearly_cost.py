"""What a year of medical insurance costs in a region, per group, worked out by calc.run at build time.

The region page's first answer. Each figure is calc's own (kind "contribution", the same request the
calculator on the page sends), so the page and the calculator cannot disagree. Where the region and
its parents state no contribution, the national minimum is given, labelled as such.
"""

from __future__ import annotations

from decimal import Decimal

import calc
from generator import facts, labels
from generator.worked_examples import request_region

__all__ = ["GROUP_NAMES", "cost_answer", "yuan"]

# Group names as a reader says them (data names not listed here are shown as written).
GROUP_NAMES = {"全体": "每人", "劳动年龄内居民": "成年人（劳动年龄内）"}


def yuan(amount: str | Decimal) -> str:
    """calc's "2255.76" as "2,255.76"; whole amounts without cents: "400.00" as "400"."""
    value = Decimal(str(amount))
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


def _run(params: dict, date: str, inputs: dict) -> dict:
    return calc.run({"kind": "contribution", "date": date, "params": params, "inputs": inputs})


def _lines(result: dict) -> list[dict]:
    """calc's breakdown lines that carry an amount or a figure, for the arithmetic under a figure."""
    return [
        {
            "rule": line["rule"],
            "text": line["text"],
            "source": (line.get("source") or {}).get("id"),
            "grade": (line.get("source") or {}).get("grade") or "C",
        }
        for line in result.get("breakdown") or []
        if not line["rule"].endswith("_base")  # the base is repeated in the rate line
    ]


def _resident_rows(params: dict, date: str) -> list[dict]:
    tiers = ((params.get("params") or {}).get("resident_contribution") or {}).get("tiers") or {}
    several = len(tiers) > 1  # name the tier only where there is a choice
    rows = []
    for tier, spec in tiers.items():
        for group in (spec or {}).get("groups") or {}:
            res = _run(params, date, {"scheme": "resident", "tier": tier, "group": group})
            if not res.get("ok"):
                continue
            who = GROUP_NAMES.get(group, group)
            block = spec["groups"][group]
            rows.append(
                {
                    "who": f"{who}（{tier}）" if several else who,
                    "amount": yuan(res["summary"]["individual_per_year"]),
                    "per": "个人每年",
                    "least": False,
                    "from": _since(block, date),
                    "fiscal": yuan(res["summary"]["fiscal_per_year"])
                    if res["summary"].get("fiscal_per_year")
                    else None,
                    "lines": _lines(res),
                }
            )
    return rows


def _flexible_rows(params: dict, date: str) -> list[dict]:
    """灵活就业: a fixed monthly amount, or the rate on the lowest base (the least one can pay)."""
    contribution = (params.get("params") or {}).get("employee_contribution") or {}
    floor = contribution.get("base_floor")
    floor_entry = facts.current(floor, date) if floor else None
    tiers = {
        t: spec
        for t, spec in (contribution.get("tiers") or {}).items()
        if isinstance(spec, dict) and {"flexible_monthly_amount", "flexible_rate"} & set(spec)
    }
    rows = []
    for tier, spec in tiers.items():
        if "flexible_monthly_amount" in spec:
            inputs, least = {"scheme": "flexible", "tier": tier}, False
        elif "flexible_rate" in spec and floor_entry:
            inputs = {"scheme": "flexible", "tier": tier, "base": floor_entry["value"]}
            least = True
        else:
            continue
        res = _run(params, date, inputs)
        if not res.get("ok"):
            continue
        per_month = yuan(res["summary"]["per_month"])
        rows.append(
            {
                "who": "灵活就业" + (f"（{tier}）" if len(tiers) > 1 else ""),
                "amount": yuan(res["summary"]["per_year"]),
                "per": "每年",
                "least": least,
                "from": _since({"tier": spec, "floor": floor if least else None}, date),
                "fiscal": None,
                "lines": [
                    *[line for line in _lines(res) if not (least and line["rule"] == "base")],
                    {
                        "rule": "per_year",
                        "text": f"每年：{per_month} 元 × 12 个月",
                        "source": None,
                        "grade": None,
                    },
                ],
            }
        )
    return rows


def _since(block: dict, date: str) -> str | None:
    """The latest `from` among the figures of a params block in force on `date`."""
    froms = [e["from"] for _, f in facts.iter_facts(block) if (e := facts.current(f, date))]
    return max(froms) if froms else None


def _minimum(model: dict, date: str) -> dict | None:
    """The national minimum individual contribution in force on `date`, labelled as such."""
    block = ((model.get("national") or {}).get("params") or {}).get(
        "resident_contribution_minimum"
    ) or {}
    fact = block.get("individual")
    entry = facts.current(fact, date) if fact else None
    if entry is None:
        return None
    return {
        "amount": labels.format_number(entry["value"]),
        "from": entry["from"],
        "source": entry.get("source"),
        "grade": entry.get("grade") or "C",
    }


def cost_answer(model: dict, region: dict) -> dict:
    """{"kind": "local"|"minimum"|"none", "rows", "minimum"} for the region page's first answer.

    Each row: {"who", "amount", "per", "least", "from", "fiscal", "lines": [{"text", "source",
    "grade"}]}, amounts formatted in 元 (calc's figures, thousands separated); `least` marks the
    lowest a flexible worker can pay (on the lowest base).
    """
    date = model["as_of"]
    params = request_region(region, date)
    rows = _resident_rows(params, date) + _flexible_rows(params, date)
    if rows:
        return {"kind": "local", "rows": rows, "minimum": None}
    minimum = _minimum(model, date)
    return {"kind": "minimum" if minimum else "none", "rows": [], "minimum": minimum}
