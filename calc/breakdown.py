"""The itemised working: each line says which rule, which figure, which source, in plain Chinese."""

from .money import fmt_money, fmt_number
from .notes import fact_notes

__all__ = ["Breakdown", "format_lines"]


class Breakdown:
    """Collects breakdown lines, caveats and the figures the lines cite while a module computes."""

    def __init__(self, params):
        self.params = params
        self.lines = []
        self.notes = []
        self.cited = []
        self.extra = {}  # more top-level response fields, e.g. a year's "bills"

    def add(self, rule, text, amount=None, fact=None, figure=None, source=None, also=()):
        """Add a line: amount a Decimal, fact its parameter (also: other figures it relied on)."""
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
        self.cite(fact, *also)

    def cite(self, *facts):
        """Record figures the estimate relied on, for the caveats about them."""
        self.cited.extend(fact for fact in facts if fact is not None)

    def note(self, text):
        """Add a plain-Chinese caveat once."""
        if text not in self.notes:
            self.notes.append(text)

    def result(self):
        """The lines (amounts as strings) and notes, with caveats about the figures cited."""
        notes = list(self.notes)
        notes.extend(n for n in fact_notes(self.cited) if n not in notes)
        return format_lines(self.lines), notes


def format_lines(lines):
    """Lines as JSON: amounts as two-decimal strings."""
    out = []
    for line in lines:
        line = dict(line)
        if line["amount"] is not None:
            line["amount"] = fmt_money(line["amount"])
        out.append(line)
    return out
