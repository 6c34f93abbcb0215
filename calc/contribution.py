"""What a year of insurance costs: resident tiers, employee bases and rates, flexible employment."""

from .breakdown import Breakdown
from .errors import FieldErrors, Missing
from .money import fmt_money, fmt_number, fmt_percent, round_money

__all__ = ["PERSONAL_ACCOUNT_RULE", "contribution"]

# 国办发〔2021〕14号: only the employee's own part goes to an in-service personal account.
PERSONAL_ACCOUNT_RULE = {
    "id": "gov-2021-14-personal-account",
    "title": "国务院办公厅关于建立健全职工基本医疗保险门诊共济保障机制的指导意见",
    "url": "https://www.gov.cn/zhengce/content/2021-04/22/content_5601280.htm",
    "document": "国办发〔2021〕14号",
    "grade": "B",
    "verified": None,
}

SUMMARY_KEYS = (
    "base_per_month",
    "individual_per_year",
    "fiscal_per_year",
    "employer_per_month",
    "employer_per_year",
    "employee_per_month",
    "employee_per_year",
    "personal_account_per_month",
    "per_month",
    "per_year",
)


def contribution(params, inputs):
    """Compute a contribution estimate: (summary, breakdown)."""
    bd = Breakdown(params)
    summary = dict.fromkeys(SUMMARY_KEYS)
    scheme = inputs["scheme"]
    if scheme == "resident":
        _resident(params, inputs, bd, summary)
    elif scheme == "employee":
        _employee(params, inputs, bd, summary)
    else:
        _flexible(params, inputs, bd, summary)
    return summary, bd


def _choose(params, path, name, field, what):
    options = params.keys(path)
    if name not in options:
        if options:
            raise FieldErrors(
                [
                    {
                        "field": field,
                        "message": f"{params.name} 没有“{name}”这个{what}，可选："
                        + "、".join(options),
                    }
                ]
            )
        params.fact(path)  # raises Missing naming the absent block
    return (*path, name)


def _part(params, path, bd, rule, who):
    """One resident part: a flat amount or rate × base, per year."""
    if params.has((*path, "amount")):
        fact = params.fact((*path, "amount"))
        bd.add(rule, f"{who}每年 {fmt_number(fact.value)} 元", fact.value, fact)
        return fact.value
    rate, base = params.gather(
        [((*path, "rate"), "ratio", False), ((*path, "base"), "number", False)]
    )
    amount = rate.value * base.value
    bd.add(rule + "_base", f"{who}的计算基数 {fmt_number(base.value)} 元/年", None, base)
    bd.add(
        rule,
        f"{who}：{fmt_number(base.value)} 元 × {fmt_percent(rate.value)} = {fmt_money(amount)} 元/"
        "年",
        amount,
        rate,
    )
    return amount


def _optional_part(params, path, bd, rule, who):
    """A part the reader does not pay (财政补助): its amount, or None where the data has none."""
    if not params.has(path):
        return None
    try:
        return _part(params, path, bd, rule, who)
    except Missing:
        return None


def _resident(params, inputs, bd, summary):
    tier = _choose(
        params, ("resident_contribution", "tiers"), inputs["tier"], "inputs.tier", "缴费档次"
    )
    group = _choose(params, (*tier, "groups"), inputs["group"], "inputs.group", "人员类别")
    individual = _part(params, (*group, "individual"), bd, "individual", "个人缴费")
    fiscal = _optional_part(params, (*group, "fiscal"), bd, "fiscal", "财政补助（不用您交）")
    if fiscal is None:
        bd.note(
            f"{params.name}的数据没有写明这一年的财政补助金额，所以这里不显示；您要交的钱不受影响。"
        )
    else:
        summary["fiscal_per_year"] = fmt_money(fiscal)
    summary["individual_per_year"] = fmt_money(individual)
    summary["per_year"] = fmt_money(individual)
    bd.note("居民医保按年缴费，通常在集中参保期内一次交清。")


def _base(params, wanted, bd, what):
    floor, cap = params.facts(
        [("employee_contribution", "base_floor"), ("employee_contribution", "base_cap")]
    )
    base = min(max(wanted, floor.value), cap.value)
    if wanted < floor.value:
        bd.add(
            "base_floor",
            f"{what} {fmt_number(wanted)} 元低于缴费基数下限，按下限 {fmt_number(floor.value)} 元/"
            "月计算",
            None,
            floor,
        )
    elif wanted > cap.value:
        bd.add(
            "base_cap",
            f"{what} {fmt_number(wanted)} 元高于缴费基数上限，按上限 {fmt_number(cap.value)} 元/月"
            "计算",
            None,
            cap,
        )
    else:  # the reader's own figure is the base: floor and cap did not change it
        bd.add(
            "base",
            f"缴费基数 = {what} {fmt_number(wanted)} 元/月"
            f"（在下限 {fmt_number(floor.value)} 元和上限 {fmt_number(cap.value)} 元之间）",
        )
    return base


def _employee(params, inputs, bd, summary):
    tier = _choose(
        params, ("employee_contribution", "tiers"), inputs["tier"], "inputs.tier", "缴费档次"
    )
    employer_rate, employee_rate = params.facts(
        [(*tier, "employer_rate"), (*tier, "employee_rate")], kind="ratio"
    )
    base = _base(params, inputs["monthly_wage"], bd, "月工资")
    employer = round_money(base * employer_rate.value)
    employee = round_money(base * employee_rate.value)
    bd.add(
        "employer",
        f"单位缴费：{fmt_number(base)} 元 × {fmt_percent(employer_rate.value)} = "
        f"{fmt_money(employer)} 元/月"
        "（全部进统筹基金）",
        employer,
        employer_rate,
    )
    bd.add(
        "employee",
        f"个人缴费（从工资里扣）：{fmt_number(base)} 元 × {fmt_percent(employee_rate.value)} = "
        f"{fmt_money(employee)} 元/月",
        employee,
        employee_rate,
    )
    bd.add(
        "personal_account",
        f"划入个人账户：在职职工个人缴纳的 {fmt_money(employee)} 元/月全部计入个人账户，"
        "单位缴费不再划入（国办发〔2021〕14号，全国规定，B 级来源）",
        employee,
        source=dict(PERSONAL_ACCOUNT_RULE),
    )
    summary.update(
        {
            "base_per_month": fmt_money(base),
            "employer_per_month": fmt_money(employer),
            "employer_per_year": fmt_money(employer * 12),
            "employee_per_month": fmt_money(employee),
            "employee_per_year": fmt_money(employee * 12),
            "personal_account_per_month": fmt_money(employee),
            "per_month": fmt_money(employee),
            "per_year": fmt_money(employee * 12),
        }
    )
    bd.note("每月金额先算到分（四舍五入），每年金额 = 每月金额 × 12。")
    bd.note("退休人员的个人账户由医保统筹基金按定额划入，不在本估算内。")


def _flexible(params, inputs, bd, summary):
    tier = _choose(
        params, ("employee_contribution", "tiers"), inputs["tier"], "inputs.tier", "缴费档次"
    )
    wanted = inputs["base"]
    fixed_path = (*tier, "flexible_monthly_amount")
    rate_path = (*tier, "flexible_rate")
    if wanted is None or not params.has(rate_path):
        if params.has(fixed_path):
            fact = params.fact(fixed_path)
            monthly = round_money(fact.value)
            bd.add(
                "flexible_fixed", f"灵活就业人员每月定额缴费 {fmt_money(monthly)} 元", monthly, fact
            )
            if wanted is not None:
                bd.note(f"{params.name}的灵活就业人员按每月定额缴费，与您填写的基数无关。")
        elif wanted is None and params.has(rate_path):
            raise FieldErrors(
                [{"field": "inputs.base", "message": "请填写您选择的缴费基数（元/月）"}]
            )
        else:
            params.fact(rate_path)  # raises Missing
    else:
        rate = params.fact(rate_path, kind="ratio")
        base = _base(params, wanted, bd, "您选择的基数")
        monthly = round_money(base * rate.value)
        bd.add(
            "flexible",
            f"灵活就业人员全部自己交：{fmt_number(base)} 元 × {fmt_percent(rate.value)} = "
            f"{fmt_money(monthly)} 元/月",
            monthly,
            rate,
        )
        summary["base_per_month"] = fmt_money(base)
    summary["per_month"] = fmt_money(monthly)
    summary["per_year"] = fmt_money(monthly * 12)
    bd.note("每月金额先算到分（四舍五入），每年金额 = 每月金额 × 12。")
    bd.note("灵活就业人员有没有个人账户、划入多少，各地规定不同，本估算不计算。")
