"""One claim on its own: a bill settled against what the reader says about the year so far."""

from .bill import settle
from .breakdown import Breakdown
from .ledger import Ledger
from .money import fmt_money, fmt_ratio

__all__ = ["ROUNDING_NOTE", "bill_summary", "reimbursement", "used_critical_illness"]

ROUNDING_NOTE = (
    "金额四舍五入到分：统筹基金和“统筹基金 + 大病保险”各取整一次，大病保险 = 两者之差，"
    "三项相加正好等于总费用。"
)


def reimbursement(params, inputs):
    """Compute a reimbursement estimate: (summary, breakdown)."""
    bd = Breakdown(params)
    ledger = Ledger(
        fund_paid_before=inputs["fund_paid_this_year"],
        fund_paid_visits=(inputs["visit"],),
        deductible_met=inputs["deductible_met"],
    )
    amounts = settle(
        params,
        bd,
        inputs["scheme"],
        inputs["hardship"],
        inputs,
        ledger,
        inputs["admission"],
        inputs["include_critical_illness"],
    )
    if used_critical_illness(bd) and not any(
        line["rule"] == "critical_illness_before" for line in bd.lines
    ):
        bd.note("大病保险的起付线和限额按全年累计；本估算把这一笔当作今年唯一的一笔费用。")
    bd.note(ROUNDING_NOTE)
    bd.note("本估算只算这一笔费用，不含医疗救助、职工大额医疗补助、商业保险和个人账户支付。")
    return bill_summary(amounts), bd


def bill_summary(amounts):
    """A bill's summary as strings: total, fund, critical_illness, you_pay, ratio."""
    return {
        "total": fmt_money(amounts["total"]),
        "fund": fmt_money(amounts["fund"]),
        "critical_illness": fmt_money(amounts["critical_illness"]),
        "you_pay": fmt_money(amounts["you_pay"]),
        "ratio": fmt_ratio(amounts["ratio"]),
    }


def used_critical_illness(bd):
    """Whether a 大病保险 rule was applied on the lines of a breakdown."""
    return any(line["rule"] == "critical_illness_eligible" for line in bd.lines)
