"""大病保险: segments above its deductible on the reader's remaining policy-scope share."""

from .errors import Missing
from .money import ZERO, fmt_money, fmt_number, fmt_percent

__all__ = ["critical_illness"]


def critical_illness(params, bd, scheme, eligible, hardship):
    """What 大病保险 pays (unrounded) on the eligible amount, 0 without a rule; adds the lines."""
    base = ("critical_illness", scheme)
    if not any(params.has((*base, key)) for key in ("deductible", "segments", "cap")):
        bd.note(
            f"{params.name}的数据没有{'居民' if scheme == 'resident' else '职工'}大病保险的规则，"
            "估算没有计入大病保险；实际自付可能更少。"
        )
        return ZERO
    group = (*base, "hardship") if hardship else base
    who = "特困、低保等人员的" if hardship else ""
    try:
        deductible, segments, cap = params.gather(
            [
                ((*group, "deductible"), "number", False),
                ((*group, "segments"), "segments", False),
                ((*group, "cap"), "number", True),
            ]
        )
    except Missing as exc:
        # Part of the rule is known: leave 大病保险 out rather than guess, and say what to add.
        bd.add(
            "critical_illness_incomplete",
            f"{who}大病保险的数据不全，这次没有计入大病保险：实际自付可能更少",
            ZERO,
        )
        for item in exc.items:
            bd.note(item["message"])
        return ZERO
    bd.add(
        "critical_illness_eligible",
        f"进入大病保险的金额：政策范围内还要您负担的 {fmt_money(eligible)} 元（含起付线，不含全自费"
        "和乙类先行自付）",
        eligible,
    )
    if eligible <= deductible.value:
        bd.add(
            "critical_illness_deductible",
            f"没有超过{who}大病保险起付线 {fmt_number(deductible.value)} 元（按全年累计），大病保险"
            "不支付",
            ZERO,
            deductible,
        )
        return ZERO
    bd.add(
        "critical_illness_deductible",
        f"{who}大病保险起付线 {fmt_number(deductible.value)} 元（按全年累计）：这部分大病保险不支"
        "付",
        None,
        deductible,
    )
    pay = ZERO
    bounds = segments.value
    for index, (start, ratio) in enumerate(bounds):
        low = max(start, deductible.value)
        high = bounds[index + 1][0] if index + 1 < len(bounds) else None
        top = eligible if high is None else min(eligible, high)
        if top <= low:
            continue
        part = (top - low) * ratio
        pay += part
        upper = "以上" if high is None or eligible <= high else f"至 {fmt_number(high)} 元"
        bd.add(
            "critical_illness_segment",
            f"{fmt_number(low)} 元{upper}的部分 {fmt_money(top - low)} 元 × {fmt_percent(ratio)} = "
            f"{fmt_money(part)} 元",
            part,
            segments,
            figure=fmt_number(ratio),
        )
    if cap.value is None:
        bd.add("critical_illness_cap", f"{who}大病保险不设最高支付限额", None, cap, figure="null")
    elif pay > cap.value:
        bd.add(
            "critical_illness_cap",
            f"超过{who}大病保险年度最高支付限额 {fmt_number(cap.value)} 元，按限额支付",
            cap.value,
            cap,
        )
        pay = cap.value
    else:
        bd.add(
            "critical_illness_cap",
            f"{who}大病保险年度最高支付限额 {fmt_number(cap.value)} 元，没有超过",
            None,
            cap,
        )
    bd.note("大病保险的起付线和限额按全年累计；本估算把这一笔当作今年唯一的一笔费用。")
    return pay
