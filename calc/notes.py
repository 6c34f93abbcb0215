"""Caveats about the figures an estimate used: unverified sources, bounds, derived values."""

from .labels import label
from .money import fmt_number

__all__ = ["fact_notes"]


def fact_notes(facts):
    """One caveat per kind for each distinct fact, in the order the facts were first cited."""
    notes, seen = [], set()
    for fact in facts:
        if fact.param in seen:
            continue
        seen.add(fact.param)
        name, shown = label(fact.path), _shown(fact)
        if fact.grade == "C":
            notes.append(f"{name}（{shown}）的来源待核实，请以当地医保部门公布的为准。")
        if fact.derived:
            notes.append(f"{name}（{shown}）是推算的：{_sentence(fact.derived)}")
        if fact.bound == "max":
            notes.append(f"{name}：政策写的是“不超过 {shown}”，估算按 {shown} 计算，实际可能更低。")
        elif fact.bound == "min":
            notes.append(f"{name}：政策写的是“不低于 {shown}”，估算按 {shown} 计算，实际可能更高。")
    return notes


def _shown(fact):
    value = fact.value
    if value is None:
        return "不设上限"
    if isinstance(value, list):
        return "、".join(
            f"{fmt_number(start)} 元起 {fmt_number(ratio * 100)}%" for start, ratio in value
        )
    if fact.path[0] == "cross_region":
        return f"{fmt_number(value * 100)} 个百分点"
    return fmt_number(value)


def _sentence(text):
    return text if text.endswith(("。", "！", "？")) else text + "。"
