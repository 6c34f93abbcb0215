"""What the earlier bills of a year have used up: limits, deductibles, admissions, 大病保险."""

from .money import ZERO

__all__ = ["Ledger"]


class Ledger:
    """The running totals of one reader's year, bill after bill (amounts in 元, Decimal)."""

    def __init__(self, fund_paid_before=ZERO, fund_paid_visits=(), deductible_met=False):
        self.fund_paid_before = fund_paid_before  # what the fund paid before the bills given
        self.fund_paid_visits = set(fund_paid_visits)  # the visits that amount counts against
        self.deductible_met = deductible_met  # the reader says this year's deductible is paid
        self.fund_paid = {}  # limit parameter -> what the fund has paid against it (to the fen)
        self.deductible_paid = {}  # yearly deductible parameter -> what the reader has paid
        self.admissions = 0  # hospital stays among the bills so far
        self.ci_eligible = ZERO  # the year's amount counted towards 大病保险 so far
        self.ci_paid = ZERO  # what 大病保险 has paid this year so far (to the fen)
        self.ci_opened = False  # whether what was paid before the bills has been counted
        self.ci_rule = None  # the 大病保险 rule applied, once a stay has used one

    def fund_used(self, visit, limit_param):
        """What the fund has already paid this year against a limit."""
        if limit_param not in self.fund_paid:
            opening = self.fund_paid_before if visit in self.fund_paid_visits else ZERO
            self.fund_paid[limit_param] = opening
        return self.fund_paid[limit_param]

    def add_fund(self, limit_param, amount):
        """Count a bill's (rounded) fund payment against its limit."""
        self.fund_paid[limit_param] = self.fund_paid.get(limit_param, ZERO) + amount

    def deductible_used(self, deductible_param, amount):
        """What the reader has already paid of a yearly deductible."""
        if deductible_param not in self.deductible_paid:
            self.deductible_paid[deductible_param] = amount if self.deductible_met else ZERO
        return self.deductible_paid[deductible_param]

    def add_deductible(self, deductible_param, amount):
        """Count what a bill paid towards a yearly deductible."""
        self.deductible_paid[deductible_param] = (
            self.deductible_paid.get(deductible_param, ZERO) + amount
        )
