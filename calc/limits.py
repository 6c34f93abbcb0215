"""Upper bounds of plausible policy figures and reader inputs: anything above one is a typing mistake."""

# Standard library only: the data check imports this module too. A figure's bound is looked up by
# its dotted parameter path (e.g. `inpatient.resident.levels.三级.deductible`): first by the path's
# first and last parts, then by its first part and the last part's parent ("cuts.*"), then by the
# last part alone. The bounds are generous, several times the highest figure seen anywhere in
# China: they catch an extra zero or a figure in the wrong unit, not unusual policy.

from decimal import Decimal

__all__ = ["INPUT_BOUNDS", "PARAM_BOUNDS", "bound_for", "input_bound", "problem"]

_YUAN, _PER_MONTH, _PER_YEAR, _RATIO = "元", "元/月", "元/年", "比例"
_MONTHS, _YEARS = "个月", "年"
_ONE = Decimal(1)

# (first part or "*", last part or "<parent>.*") -> (maximum, unit)
PARAM_BOUNDS = {
    # 起付线: a hospital stay's or an outpatient year's deductible, and 大病保险's yearly one
    ("critical_illness", "deductible"): (Decimal(100_000), _YUAN),
    ("*", "deductible"): (Decimal(20_000), _YUAN),
    # yearly caps and limits
    ("inpatient", "annual_cap"): (Decimal(5_000_000), _YUAN),
    ("critical_illness", "cap"): (Decimal(5_000_000), _YUAN),
    ("critical_illness", "segments"): (Decimal(5_000_000), _YUAN),  # where each segment starts
    ("critical_illness", "cap_raise_per_year"): (Decimal(100_000), _YUAN),
    ("critical_illness", "zero_claim_cap_raise"): (Decimal(100_000), _YUAN),
    ("outpatient", "annual_limit"): (Decimal(100_000), _YUAN),
    ("outpatient", "retiree_annual_limit"): (Decimal(100_000), _YUAN),
    ("chronic", "annual_limit"): (Decimal(1_000_000), _YUAN),
    ("chronic", "retiree_annual_limit"): (Decimal(1_000_000), _YUAN),
    ("two_diseases", "limits.*"): (Decimal(10_000), _YUAN),
    # ratios, factors and cuts: fractions of 1
    ("*", "ratio"): (_ONE, _RATIO),
    ("*", "retiree_ratio"): (_ONE, _RATIO),
    ("*", "retiree_uplift"): (_ONE, _RATIO),
    ("*", "repeat_admission_deductible_factor"): (_ONE, _RATIO),
    ("*", "max_total_raise_ratio"): (_ONE, _RATIO),
    ("*", "employer_rate"): (_ONE, _RATIO),
    ("*", "employee_rate"): (_ONE, _RATIO),
    ("*", "flexible_rate"): (_ONE, _RATIO),
    ("*", "rate"): (_ONE, _RATIO),
    ("cross_region", "cuts.*"): (_ONE, _RATIO),
    ("cross_region", "ratios.*"): (_ONE, _RATIO),
    # contributions
    ("employee_contribution", "base_floor"): (Decimal(100_000), _PER_MONTH),
    ("employee_contribution", "base_cap"): (Decimal(100_000), _PER_MONTH),
    ("employee_contribution", "flexible_monthly_amount"): (Decimal(20_000), _PER_MONTH),
    ("resident_contribution", "amount"): (Decimal(10_000), _PER_YEAR),
    ("resident_contribution", "base"): (Decimal(1_000_000), _PER_YEAR),
    ("resident_contribution_minimum", "individual"): (Decimal(10_000), _PER_YEAR),
    ("resident_contribution_minimum", "fiscal"): (Decimal(10_000), _PER_YEAR),
    # 待遇等待期
    ("waiting_period", "fixed_months"): (Decimal(24), _MONTHS),
    ("waiting_period", "variable_months_per_break_year"): (Decimal(12), _MONTHS),
    ("waiting_period", "payback_months_per_year"): (Decimal(12), _MONTHS),
    ("waiting_period", "long_break_min_months"): (Decimal(60), _MONTHS),
    ("waiting_period", "free_break_years"): (Decimal(50), _YEARS),
    ("waiting_period", "long_break_years"): (Decimal(50), _YEARS),
    ("critical_illness", "start_after_years"): (Decimal(50), _YEARS),
}

# A reader's input -> (maximum, unit, what to ask for when it is above)
_MONEY = "100000000 元（1 亿元）的金额"
INPUT_BOUNDS = {
    "total": (Decimal(100_000_000), _YUAN, _MONEY),
    "self_pay": (Decimal(100_000_000), _YUAN, _MONEY),
    "class_b_self_pay": (Decimal(100_000_000), _YUAN, _MONEY),
    "fund_paid_this_year": (Decimal(100_000_000), _YUAN, _MONEY),
    "monthly_wage": (
        Decimal(1_000_000),
        _PER_MONTH,
        "1000000 元（100 万元）的月工资；填的是年薪的话，请除以 12",
    ),
    "base": (Decimal(1_000_000), _PER_MONTH, "1000000 元（100 万元）的月缴费基数"),
    "admission": (Decimal(366), "次", "366 的数"),
    "break_years": (Decimal(100), _YEARS, "100 的数"),
    "paid_back_years": (Decimal(100), _YEARS, "100 的数"),
    "bills": (Decimal(100), "笔", "100 笔费用"),
}


def bound_for(param_path):
    """The (maximum, unit) of the figure at a dotted parameter path, or None if it has none."""
    parts = param_path.split(".")
    first, last = parts[0], parts[-1]
    keys = [(first, last)]
    if len(parts) > 1:
        keys.append((first, parts[-2] + ".*"))
    keys.append(("*", last))
    for key in keys:
        if key in PARAM_BOUNDS:
            return PARAM_BOUNDS[key]
    return None


def problem(param_path, value):
    """Why a figure (a number, or a list of numbers or of {from, ratio}) is implausible, or None."""
    bound = bound_for(param_path)
    if bound is None or value is None:
        return None
    maximum, unit = bound
    numbers = value if isinstance(value, list) else [value]
    for item in numbers:
        if isinstance(item, dict):
            item = item.get("from")
        if isinstance(item, bool) or not isinstance(item, (int, float, Decimal)):
            continue
        if Decimal(repr(item) if isinstance(item, float) else item) > maximum:
            return _message(item, maximum, unit)
    return None


def input_bound(name):
    """The (maximum, unit, what to ask for) of a reader's input, or None if it has none."""
    return INPUT_BOUNDS.get(name)


def _message(value, maximum, unit):
    shown = _plain(value)
    if unit == _RATIO:
        return f"{shown} 超过了合理的上限：比例应在 0 到 1 之间（60% 写成 0.6）"
    return (
        f"{shown} {unit}超过了合理的上限 {_plain(maximum)} {unit}，请核对是否多写了 0 或写错了单位"
    )


def _plain(value):
    text = format(Decimal(repr(value) if isinstance(value, float) else value).normalize(), "f")
    return "0" if text in ("-0", "") else text
