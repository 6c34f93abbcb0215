"""One bill settled against the year so far: what the fund pays, what 大病保险 pays, what is left."""

from .bill_inputs import CROSS, SCHEMES, VISITS
from .critical_illness import earlier_in_year, pay_for_bill, pick_rule
from .cross_region import apply_cut
from .money import ONE, ZERO, fmt_money, fmt_number, fmt_percent, round_money
from .visit_rules import rules_for

__all__ = ["settle"]


def settle(params, bd, scheme, hardship, bill, ledger, admission, include_ci=True):
    """Settle one bill: its Decimal amounts {total, fund, critical_illness, you_pay, ratio}."""
    visit, total = bill["visit"], bill["total"]
    rules = rules_for(params, scheme, bill, admission)
    scope = _scope(bd, scheme, bill)
    deductible = _deductible(bd, rules, ledger, admission, scope)
    base_ratio = _ratio(params, bd, rules)
    ratio = apply_cut(params, bd, bill["cross_region"], CROSS[bill["cross_region"]], base_ratio)
    fund = _fund(bd, rules, ledger.fund_used(visit, rules["cap"].param), scope, deductible, ratio)

    extra = ZERO
    if visit == "inpatient" and include_ci:
        extra = _critical_illness(params, bd, scheme, hardship, ledger, scope - fund, base_ratio)
    elif visit == "inpatient":
        bd.add(
            "critical_illness_skipped",
            "这次估算没有计算大病保险（请求里选择了不计算）：如果费用较高，实际自付可能更少",
            ZERO,
        )
        bd.note("本估算没有计入大病保险，实际自付可能更少。")
    elif hardship:
        bd.note("特困、低保等人员的大病保险倾斜只用于住院费用。")

    fund_paid = round_money(fund)
    extra_paid = round_money(fund + extra) - fund_paid
    you_pay = total - fund_paid - extra_paid
    ledger.add_fund(rules["cap"].param, fund_paid)
    ledger.ci_paid += extra_paid
    bd.add("fund", f"基本医保统筹基金支付 {fmt_money(fund_paid)} 元", fund_paid)
    if visit == "inpatient":
        bd.add("critical_illness", f"大病保险支付 {fmt_money(extra_paid)} 元", extra_paid)
    bd.add(
        "you_pay",
        f"您自付：{fmt_money(total)} − {fmt_money(fund_paid)} − {fmt_money(extra_paid)} = "
        f"{fmt_money(you_pay)} 元（含全自费、乙类先行自付、起付线和按比例自付的部分）",
        you_pay,
    )
    return {
        "total": total,
        "fund": fund_paid,
        "critical_illness": extra_paid,
        "you_pay": you_pay,
        "ratio": ratio,
    }


def _scope(bd, scheme, bill):
    """Take out what the insurance never covers; the rest is the policy-scope amount."""
    total, self_pay, class_b = bill["total"], bill["self_pay"], bill["class_b_self_pay"]
    bd.add(
        "total",
        f"{SCHEMES[scheme]}，{VISITS[bill['visit']]}，总费用 {fmt_number(total)} 元",
        total,
    )
    if self_pay:
        bd.add(
            "self_pay",
            f"全自费（医保目录外）{fmt_number(self_pay)} 元：医保不报，由您自付",
            self_pay,
        )
    if class_b:
        bd.add(
            "class_b_self_pay",
            f"乙类药品和诊疗项目先行自付 {fmt_number(class_b)} 元：医保不报，由您自付",
            class_b,
        )
    scope = total - self_pay - class_b
    if self_pay or class_b:
        text = (
            f"政策范围内的费用：{fmt_number(total)} − {fmt_number(self_pay)} − "
            f"{fmt_number(class_b)} = {fmt_number(scope)} 元"
        )
    else:
        text = f"政策范围内的费用：{fmt_number(scope)} 元（没有全自费和乙类先行自付）"
    bd.add("policy_scope", text, scope)
    return scope


def _deductible(bd, rules, ledger, admission, scope):
    """The deductible this bill pays: per stay in hospital, once a year for outpatient care."""
    fact = rules["deductible"]
    if fact is None:
        bd.add("deductible", f"{rules['what']}不设起付线", ZERO)
        return ZERO
    amount = fact.value
    if rules["per_stay"]:
        amount = _repeat_stay(bd, rules, admission, amount)
        paid = ZERO
    else:
        paid = ledger.deductible_used(fact.param, amount)
        if paid >= amount:
            bd.add(
                "deductible",
                f"本年{rules['what']}起付线 {fmt_number(amount)} 元已经付满：这次不再扣",
                ZERO,
                fact,
            )
            return ZERO
    due = amount - paid
    applied = min(due, scope)
    text = f"{rules['what']}起付线 {fmt_number(amount)} 元：先由您自付"
    if paid:
        text = (
            f"本年{rules['what']}起付线 {fmt_number(amount)} 元，前面的费用已付 "
            f"{fmt_money(paid)} 元：这次再付 {fmt_money(due)} 元"
        )
    if applied < due:
        text += f"（政策范围内费用只有 {fmt_number(scope)} 元，全部由您自付）"
    bd.add("deductible", text, applied, fact)
    if not rules["per_stay"]:
        ledger.add_deductible(fact.param, applied)
    return applied


def _repeat_stay(bd, rules, admission, amount):
    """A second or later stay this year: the deductible times the region's factor, if it has one."""
    if admission < 2:
        return amount
    factor = rules.get("factor")
    if factor is None:
        bd.note("本地数据没有写明再次住院的起付线是否降低，估算按全额起付线计算。")
        return amount
    reduced = amount * factor.value
    bd.add(
        "repeat_admission",
        f"本年第 {admission} 次住院：起付线 {fmt_number(amount)} 元 × "
        f"{fmt_number(factor.value)} = {fmt_number(reduced)} 元",
        None,
        factor,
    )
    return reduced


def _ratio(params, bd, rules):
    """The ratio the fund pays: the level's, a retiree's own, or raised for retirees."""
    if "retiree_ratio" in rules:
        fact = rules["retiree_ratio"]
        bd.add(
            "retiree_ratio",
            f"{rules['what']}退休人员报销比例 {fmt_percent(fact.value)}",
            None,
            fact,
        )
        return fact.value
    ratio = rules["ratio"]
    bd.add("ratio", f"{rules['what']}报销比例 {fmt_percent(ratio.value)}", None, ratio)
    if "retiree_uplift" in rules:
        uplift = rules["retiree_uplift"]
        raised = min(ratio.value + uplift.value, ONE)
        text = (
            f"退休人员比例提高 {fmt_number(uplift.value * 100)} 个百分点："
            f"{fmt_percent(ratio.value)} + "
            f"{fmt_percent(uplift.value)} = {fmt_percent(raised)}"
        )
        if ratio.value + uplift.value > ONE:
            text += "（最高 100%）"
        bd.add("retiree_uplift", text, None, uplift)
        return raised
    if rules.get("retiree_same"):
        bd.note(
            f"{params.name}的数据没有单独写退休人员的{rules['what']}报销比例，"
            "按在职人员的比例计算。"
        )
    return ratio.value


def _fund(bd, rules, paid, scope, deductible, ratio):
    """The ratio's share above the deductible, within what is left of the yearly limit."""
    want = (scope - deductible) * ratio
    cap = rules["cap"]
    left = max(cap.value - paid, ZERO)
    bd.add(
        "fund_ratio",
        f"统筹基金按比例支付：(政策范围内 {fmt_number(scope)} − 起付线 {fmt_number(deductible)}) × "
        f"{fmt_percent(ratio)} = {fmt_money(want)} 元",
        want,
    )
    if want > left:
        already = f"本年已支付 {fmt_number(paid)} 元，" if paid else ""
        bd.add(
            "annual_cap",
            f"{rules['cap_words']} {fmt_number(cap.value)} 元"
            f"（{already}还剩 {fmt_money(left)} 元）："
            f"统筹基金最多再付 {fmt_money(left)} 元，其余由您负担",
            left,
            cap,
        )
        return left
    bd.add("annual_cap", f"{rules['cap_words']} {fmt_number(cap.value)} 元：没有超过", None, cap)
    return want


def _critical_illness(params, bd, scheme, hardship, ledger, eligible, ratio):
    """大病保险 on this stay, counting what earlier bills of the year already counted."""
    pool = "resident" if scheme == "resident" else "employee"
    rule = pick_rule(params, bd, pool, hardship)
    if rule is None:
        return ZERO
    ledger.ci_rule = rule
    if not ledger.ci_opened:
        before = ledger.fund_paid_before if "inpatient" in ledger.fund_paid_visits else ZERO
        counted, paid = earlier_in_year(bd, rule, before, ratio)
        ledger.ci_eligible += counted
        ledger.ci_paid += paid
        ledger.ci_opened = True
    pay = pay_for_bill(bd, rule, eligible, ledger.ci_eligible, ledger.ci_paid)
    ledger.ci_eligible += eligible
    return pay
