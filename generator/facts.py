"""Dated facts: pick the value in force on a date, walk every fact in a params tree."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

__all__ = [
    "GRADES",
    "benefit_year",
    "current",
    "entry_on",
    "is_fact",
    "is_raw_fact",
    "iter_facts",
    "newest",
    "worst_grade",
]

GRADES = ("A", "B", "C")  # best first


def worst_grade(*grades: str | None) -> str | None:
    """The lowest of the given grades (C is lower than A); None when none is given."""
    known = [g for g in grades if g in GRADES]
    return max(known, key=GRADES.index) if known else None


def is_fact(node: Any) -> bool:
    """True for a resolved fact: {"values": [ {...}, ... ], "bound": ...}."""
    return isinstance(node, dict) and isinstance(node.get("values"), list)


def is_raw_fact(node: Any) -> bool:
    """True for a fact as written in YAML: {"values": {"YYYY-MM-DD": {...}}}."""
    return isinstance(node, dict) and isinstance(node.get("values"), dict)


def entry_on(fact: dict, on: str) -> dict | None:
    """The dated entry with the latest `from` on or before `on` (its value may be null)."""
    chosen = None
    for entry in fact.get("values", []):
        if entry["from"] <= on and (chosen is None or entry["from"] >= chosen["from"]):
            chosen = entry
    return chosen


def current(fact: dict, on: str) -> dict | None:
    """The dated entry in force on `on` ("YYYY-MM-DD"); None when none is in force or it is null."""
    entry = entry_on(fact, on)
    if entry is None or entry.get("value") is None:
        return None
    return entry


def newest(fact: dict) -> dict | None:
    """The entry with the latest `from` date (future ones included)."""
    values = fact.get("values", [])
    return max(values, key=lambda e: e["from"]) if values else None


def iter_facts(tree: Any, prefix: str = "") -> Iterator[tuple[str, dict]]:
    """Every resolved fact in a params tree, as (dotted path, fact), in tree order."""
    if is_fact(tree):
        yield prefix, tree
        return
    if isinstance(tree, dict):
        for key, sub in tree.items():
            yield from iter_facts(sub, f"{prefix}.{key}" if prefix else str(key))


def benefit_year(day: str, year_start: str = "01-01") -> int:
    """The benefit year of a date: with year_start "09-01", 2026-03-01 is in benefit year 2025."""
    d = _dt.date.fromisoformat(day)
    month, dom = (int(x) for x in (year_start or "01-01").split("-"))
    return d.year if (d.month, d.day) >= (month, dom) else d.year - 1
