"""A year of bills: each settled in order against the year so far, and the year's totals."""

from .bill import settle
from .bill_inputs import VISITS
from .breakdown import Breakdown, format_lines
from .errors import Missing
from .ledger import Ledger
from .money import ZERO, fmt_money, fmt_number
from .reimbursement import bill_summary, used_critical_illness

__all__ = ["year"]

_PARTS = ("total", "fund", "critical_illness", "you_pay")


def year(params, inputs):
    """Compute a year of bills: (summary of the year, breakdown with each bill under "bills")."""
    scheme, hardship = inputs["scheme"], inputs["hardship"]
    fund_before = inputs["fund_paid_this_year"]
    ledger = Ledger(fund_paid_before=fund_before, fund_paid_visits=("inpatient",))
    year_bd = Breakdown(params)
    sums = dict.fromkeys(_PARTS, ZERO)
    bills, missing, used_ci = [], [], False
    for number, bill in enumerate(inputs["bills"], start=1):
        bd = Breakdown(params)
        inpatient = bill["visit"] == "inpatient"
        admission = ledger.admissions + 1 if inpatient else 1
        try:
            amounts = settle(params, bd, scheme, hardship, bill, ledger, admission)
        except Missing as exc:
            missing.extend(item for item in exc.items if item not in missing)
            continue
        if inpatient:
            ledger.admissions += 1
        used_ci = used_ci or used_critical_illness(bd)
        for part in _PARTS:
            sums[part] += amounts[part]
        year_bd.add("bill", _bill_text(number, bill, amounts), amounts["you_pay"])
        for note in bd.notes:
            year_bd.note(note)
        year_bd.cite(*bd.cited)
        bills.append(
            {
                "visit": bill["visit"],
                "level": bill["level"],
                "summary": bill_summary(amounts),
                "breakdown": format_lines(bd.lines),
            }
        )
    if missing:
        raise Missing(missing)
    if used_ci:
        _critical_illness_line(year_bd, ledger, sums["critical_illness"])
    _totals(year_bd, sums, len(bills))
    _notes(year_bd, used_ci, fund_before)
    year_bd.extra["bills"] = bills
    return {part: fmt_money(sums[part]) for part in _PARTS}, year_bd


def _bill_text(number, bill, amounts):
    what = VISITS[bill["visit"]]
    if bill["visit"] == "inpatient":
        what += f"（{bill['level']}医院）"
    elif bill["disease"]:
        what += f"（{bill['disease']}）"
    parts = f"统筹基金 {fmt_money(amounts['fund'])} 元"
    if bill["visit"] == "inpatient":
        parts += f"，大病保险 {fmt_money(amounts['critical_illness'])} 元"
    return (
        f"第 {number} 笔：{what}，总费用 {fmt_number(amounts['total'])} 元：{parts}，"
        f"您自付 {fmt_money(amounts['you_pay'])} 元"
    )


def _critical_illness_line(bd, ledger, paid):
    rule = ledger.ci_rule
    bd.add(
        "critical_illness_year",
        f"全年进入大病保险的金额 {fmt_money(ledger.ci_eligible)} 元，{rule.who}大病保险起付线 "
        f"{fmt_number(rule.deductible.value)} 元全年只扣一次：大病保险全年支付 {fmt_money(paid)} 元",
        ledger.ci_eligible,
        rule.deductible,
    )


def _totals(bd, sums, count):
    total, fund, extra, you = (sums[part] for part in _PARTS)
    bd.add("total", f"全年 {count} 笔费用，总费用 {fmt_money(total)} 元", total)
    bd.add("fund", f"基本医保统筹基金全年支付 {fmt_money(fund)} 元", fund)
    bd.add("critical_illness", f"大病保险全年支付 {fmt_money(extra)} 元", extra)
    bd.add(
        "you_pay",
        f"您全年自付：{fmt_money(total)} − {fmt_money(fund)} − {fmt_money(extra)} = "
        f"{fmt_money(you)} 元",
        you,
    )


def _notes(bd, used_ci, fund_before):
    if used_ci:
        bd.note("大病保险的起付线和限额按全年累计；本估算把这些费用当作今年的全部费用。")
    if fund_before:
        bd.note(
            "您填的本年统筹基金已支付的金额只从住院的年度限额里减去；门诊的起付线和年度限额"
            "从这些费用的第一笔算起，住院也从第一笔算作本年第 1 次。"
        )
    bd.note(
        "每一笔的金额各自四舍五入到分（和单笔估算一样），全年合计是各笔相加，"
        "三项相加正好等于全年总费用。"
    )
    bd.note("本估算只算这些费用，不含医疗救助、职工大额医疗补助、商业保险和个人账户支付。")
