"""The itemised working: each line says which rule, which figure, which source, in plain Chinese."""

from .labels import label
from .money import fmt_money, fmt_number

__all__ = ["Breakdown"]


class Breakdown:
    """Collects breakdown lines and caveats while a module computes."""

    def __init__(self, params):
        self.params = params
        self.lines = []
        self.notes = []

    def add(self, rule, text, amount=None, fact=None, figure=None, source=None):
        """Add a line: amount a Decimal (rounded when shown), fact its parameter, or a source."""
        if (
            figure is None
            and fact is not None
            and fact.value is not None
            and not isinstance(fact.value, list)
        ):
            figure = fmt_number(fact.value)
        self.lines.append(
            {
                "rule": rule,
                "text": text,
                "amount": amount,
                "figure": figure,
                "source": self.params.source(fact) if fact is not None else source,
                "param": None if fact is None else fact.param,
            }
        )

    def note(self, text):
        """Add a plain-Chinese caveat once."""
        if text not in self.notes:
            self.notes.append(text)

    def result(self):
        """The lines (amounts as strings) and notes, with caveats for grade C and bounds."""
        lines = []
        for line in self.lines:
            line = dict(line)
            if line["amount"] is not None:
                line["amount"] = fmt_money(line["amount"])
            lines.append(line)
        notes = list(self.notes)
        seen = set()
        for fact in self.params.used:
            if fact.param in seen:
                continue
            seen.add(fact.param)
            shown = "不设上限" if fact.value is None else _figure(fact.value)
            if fact.path[0] == "cross_region" and fact.value is not None:
                shown = f"{fmt_number(fact.value * 100)} 个百分点"
            if fact.grade == "C":
                notes.append(
                    f"{label(fact.path)}（{shown}）的来源待核实，请以当地医保部门公布的为准。"
                )
            if fact.bound == "max":
                notes.append(
                    f"{label(fact.path)}：政策写的是“不超过 {shown}”，"
                    f"估算按 {shown} 计算，实际可能更低。"
                )
            elif fact.bound == "min":
                notes.append(
                    f"{label(fact.path)}：政策写的是“不低于 {shown}”，"
                    f"估算按 {shown} 计算，实际可能更高。"
                )
        return lines, notes


def _figure(value):
    if isinstance(value, list):
        return "、".join(
            f"{fmt_number(start)} 元起 {fmt_number(ratio * 100)}%" for start, ratio in value
        )
    return fmt_number(value)
