"""大病保险: its rule for the reader, and what it pays on a bill given what the year already counted."""

from .errors import Missing
from .money import ONE, ZERO, fmt_money, fmt_number, fmt_percent, round_money

__all__ = ["CriticalIllnessRule", "between", "earlier_in_year", "pay_for_bill", "pick_rule"]

_KEYS = ("deductible", "segments", "cap")


class CriticalIllnessRule:
    """The deductible, segments and cap facts one reader's 大病保险 uses; who: "" or hardship words."""

    def __init__(self, deductible, segments, cap, who):
        self.deductible = deductible
        self.segments = segments
        self.cap = cap
        self.who = who


def pick_rule(params, bd, pool, hardship):
    """The reader's rule, or None (with a line and notes saying why 大病保险 is left out)."""
    base = ("critical_illness", pool)
    scheme_words = "居民" if pool == "resident" else "职工"
    if not any(params.has((*base, key)) for key in _KEYS):
        bd.add(
            "critical_illness_none",
            f"{params.name}的数据没有{scheme_words}大病保险的规则，这次没有计入大病保险：实际自付"
            "可能更少",
            ZERO,
        )
        bd.note(
            f"{params.name}的数据没有{scheme_words}大病保险的规则，估算没有计入大病保险；"
            "实际自付可能更少。"
        )
        return None
    hardship_base = (*base, "hardship")
    if hardship and any(params.has((*hardship_base, key)) for key in _KEYS):
        rule = _gather(params, bd, hardship_base, "特困、低保等人员的")
        if rule is not None:
            return rule
        bd.note("特困、低保等人员的大病保险规则不全，这次按普通参保人的大病保险规则计算。")
    elif hardship:
        bd.note(
            f"{params.name}的数据没有特困、低保等人员的大病保险倾斜规定，这次按普通参保人的"
            "大病保险规则计算；实际自付可能更少。"
        )
    return _gather(params, bd, base, "")


def _gather(params, bd, group, who):
    try:
        facts = params.gather(
            [
                ((*group, "deductible"), "number", False),
                ((*group, "segments"), "segments", False),
                ((*group, "cap"), "number", True),
            ]
        )
    except Missing as exc:
        # Part of the rule is known: leave it out rather than guess, and say what to add.
        bd.add(
            "critical_illness_incomplete",
            f"{who}大病保险的数据不全，这次没有计入大病保险：实际自付可能更少",
            ZERO,
        )
        for item in exc.items:
            bd.note(item["message"])
        return None
    return CriticalIllnessRule(*facts, who)


def between(rule, before, after):
    """The parts of the year's amount from before to after that 大病保险 pays on: (low, top, ratio)."""
    parts = []
    bounds = rule.segments.value
    for index, (start, ratio) in enumerate(bounds):
        low = max(start, rule.deductible.value, before)
        top = after if index + 1 == len(bounds) else min(after, bounds[index + 1][0])
        if top > low:
            parts.append((low, top, ratio))
    return parts


def pay_for_bill(bd, rule, eligible, before, paid_before):
    """What 大病保险 pays (unrounded) on this bill's eligible amount; adds the lines."""
    after = before + eligible
    deductible = rule.deductible.value
    who = rule.who
    text = (
        f"进入大病保险的金额：政策范围内还要您负担的 {fmt_money(eligible)} 元（含起付线，不含全自费"
        "和乙类先行自付）"
    )
    if before:
        text += f"；加上本年前面的 {fmt_money(before)} 元，全年累计 {fmt_money(after)} 元"
    bd.add("critical_illness_eligible", text, eligible)
    counted = "全年累计 " if before else ""
    line = f"{who}大病保险起付线 {fmt_number(deductible)} 元（按全年累计"
    if after <= deductible:
        text = f"没有超过{line}），大病保险不支付"
        if before:
            text = f"全年累计 {fmt_money(after)} 元，{text}"
        bd.add("critical_illness_deductible", text, ZERO, rule.deductible)
        return ZERO
    if before >= deductible:
        text = f"{line}）：本年前面的费用已经超过，这次不再扣"
    elif before:
        text = f"{line}，前面的费用已算进 {fmt_money(before)} 元）：起付线以内的部分大病保险不支付"
    else:
        text = f"{line}）：这部分大病保险不支付"
    bd.add("critical_illness_deductible", text, None, rule.deductible)
    pay = ZERO
    for low, top, ratio in between(rule, before, after):
        part = (top - low) * ratio
        pay += part
        upper = "以上" if top == after else f"至 {fmt_number(top)} 元"
        bd.add(
            "critical_illness_segment",
            f"{counted}{fmt_number(low)} 元{upper}的部分 {fmt_money(top - low)} 元 × "
            f"{fmt_percent(ratio)} = {fmt_money(part)} 元",
            part,
            rule.segments,
            figure=fmt_number(ratio),
        )
    return _capped(bd, rule, pay, paid_before)


def _capped(bd, rule, pay, paid_before):
    cap, who = rule.cap, rule.who
    if cap.value is None:
        bd.add("critical_illness_cap", f"{who}大病保险不设最高支付限额", None, cap, figure="null")
        return pay
    left = max(cap.value - paid_before, ZERO)
    if pay <= left:
        bd.add(
            "critical_illness_cap",
            f"{who}大病保险年度最高支付限额 {fmt_number(cap.value)} 元，没有超过",
            None,
            cap,
        )
        return pay
    text = f"超过{who}大病保险年度最高支付限额 {fmt_number(cap.value)} 元，按限额支付"
    if paid_before:
        text = (
            f"{who}大病保险年度最高支付限额 {fmt_number(cap.value)} 元，本年前面已支付 "
            f"{fmt_money(paid_before)} 元：这次最多再付 {fmt_money(left)} 元"
        )
    bd.add("critical_illness_cap", text, left, cap)
    return left


def earlier_in_year(bd, rule, fund_before, ratio):
    """Inferred (amount counted, 大病保险 paid) of earlier bills from what the fund paid on them."""
    # Assumes the earlier bills had this bill's ratio: for each 元 the fund paid, the reader bore
    # (1 − ratio) / ratio 元 within the policy scope. Their deductibles are left out, so the count
    # errs low and the reader is never told to expect more from 大病保险 than the rule gives.
    if not fund_before or not ratio:
        return ZERO, ZERO
    counted = round_money(fund_before * (ONE - ratio) / ratio)
    if not counted:
        return ZERO, ZERO
    paid = sum(((top - low) * r for low, top, r in between(rule, ZERO, counted)), ZERO)
    if rule.cap.value is not None:
        paid = min(paid, rule.cap.value)
    paid = round_money(paid)
    text = (
        f"本年统筹基金已支付 {fmt_money(fund_before)} 元：按这次的报销比例 {fmt_percent(ratio)} "
        f"推算，之前的费用里政策范围内由您负担的约 {fmt_money(counted)} 元已计入大病保险的全年累计"
    )
    if paid:
        text += f"，大病保险已为之支付约 {fmt_money(paid)} 元"
    bd.add("critical_illness_before", text, counted)
    bd.note(
        "您填了本年统筹基金已支付的金额：估算按这次的报销比例推算之前的费用里进入大病保险的部分，"
        "没有算之前住院的起付线，所以实际大病保险可能更多；把今年的每一笔费用都填上，估算更准。"
    )
    return counted, paid
