"""待遇等待期 after late enrolment or a break, by the national rule of 2025."""

from .breakdown import Breakdown
from .money import ZERO, fmt_number

__all__ = ["waiting_period"]

_KEYS = (
    "fixed_months",
    "variable_months_per_break_year",
    "payback_months_per_year",
    "long_break_years",
    "long_break_min_months",
)


def waiting_period(params, inputs):
    """Compute the waiting period in months: (summary, breakdown)."""
    bd = Breakdown(params)
    breaks, paid_back = inputs["break_years"], inputs["paid_back_years"]
    if inputs["exempt"]:
        bd.add("exempt", "新生儿等免等待期人员：参保后没有待遇等待期", None, figure="0")
        return {"months": 0}, bd
    if not inputs["late_enrolment"] and breaks == 0:
        bd.add("on_time", "在集中参保期内按时参保、没有断保：没有待遇等待期", None, figure="0")
        return {"months": 0}, bd
    fixed, per_year, payback, long_years, long_min = params.facts(
        [("waiting_period", key) for key in _KEYS]
    )
    # Years of a break that add nothing: none unless the data states some.
    free = params.optional(("waiting_period", "free_break_years"))
    months = fixed.value
    bd.add(
        "fixed", f"未按时参保或断保后再参保：固定等待期 {fmt_number(fixed.value)} 个月", None, fixed
    )
    variable = _variable(bd, breaks, per_year, free)
    if paid_back and variable:
        less = min(paid_back * payback.value, variable)
        bd.add(
            "payback",
            f"补缴 {paid_back} 年：变动等待期减少 {paid_back} × {fmt_number(payback.value)} = "
            f"{fmt_number(paid_back * payback.value)} 个月，最多减到 0："
            f"{fmt_number(variable)} − {fmt_number(less)} = {fmt_number(variable - less)} 个月",
            None,
            payback,
        )
        variable -= less
    months += variable
    if breaks >= long_years.value and months < long_min.value:
        bd.add(
            "long_break",
            f"断保 {fmt_number(long_years.value)} 年及以上：等待期合计不少于 "
            f"{fmt_number(long_min.value)} 个月，按 {fmt_number(long_min.value)} 个月计算",
            None,
            long_min,
            also=(long_years,),
        )
        months = long_min.value
    bd.add(
        "months",
        f"待遇等待期合计 {fmt_number(months)} 个月：期间发生的医疗费用医保不报销",
        None,
        figure=fmt_number(months),
    )
    bd.note(
        "待遇等待期规则来自国家 2025 年起施行的规定（国办发〔2024〕38号），适用于居民医保；"
        "各地可能有细则，请以当地医保部门的答复为准。"
    )
    return {
        "months": int(months) if months == months.to_integral_value() else fmt_number(months)
    }, bd


def _variable(bd, breaks, per_year, free):
    """The months a break adds: each year of it beyond the free years, times the months per year."""
    if not breaks:
        return ZERO
    free_years = free.value if free is not None else ZERO
    counted = max(breaks - free_years, ZERO)
    not_counted = breaks - counted
    variable = counted * per_year.value
    if free_years:
        text = (
            f"断保 {breaks} 年，其中 {fmt_number(not_counted)} 年不另加：变动等待期 "
            f"{fmt_number(counted)} × {fmt_number(per_year.value)} = {fmt_number(variable)} 个月"
        )
    else:
        text = (
            f"断保 {breaks} 年，每年加 {fmt_number(per_year.value)} 个月：变动等待期 "
            f"{breaks} × {fmt_number(per_year.value)} = {fmt_number(variable)} 个月"
        )
    bd.add("variable", text, None, per_year, also=(free,))  # free years of 0 count too
    if free_years:
        bd.add(
            "free_break_years",
            f"不增加变动等待期的断保年数：{fmt_number(free_years)} 年",
            None,
            free,
        )
    return variable
