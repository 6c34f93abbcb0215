"""Plain-Chinese names for parameter paths, used in messages about missing data."""

__all__ = ["LABELS", "label"]

LABELS = {
    "inpatient": "住院",
    "outpatient": "普通门诊",
    "chronic": "门诊慢特病",
    "two_diseases": "两病门诊用药",
    "critical_illness": "大病保险",
    "cross_region": "异地就医",
    "cuts": "报销比例降低",
    "waiting_period": "待遇等待期",
    "resident_contribution": "居民医保缴费",
    "employee_contribution": "职工医保缴费",
    "resident": "居民医保",
    "employee": "职工医保",
    "hardship": "特困、低保等人员",
    "deductible": "起付线",
    "ratio": "报销比例",
    "retiree_ratio": "退休人员报销比例",
    "retiree_uplift": "退休人员比例提高",
    "annual_cap": "统筹基金年度最高支付限额",
    "annual_limit": "年度支付限额",
    "retiree_annual_limit": "退休人员年度支付限额",
    "repeat_admission_deductible_factor": "再次住院起付线系数",
    "segments": "分段报销比例",
    "cap": "最高支付限额",
    "limits": "年度支付限额",
    "long_term": "异地长期居住（已备案）",
    "referral": "异地转诊",
    "emergency": "异地急诊抢救",
    "temporary": "其他临时外出（已备案）",
    "unfiled": "未备案",
    "unreferred": "未按规定转诊",
    "fixed_months": "固定等待期月数",
    "variable_months_per_break_year": "每断保 1 年增加的月数",
    "free_break_years": "不增加变动等待期的断保年数",
    "payback_months_per_year": "每补缴 1 年减少的月数",
    "long_break_years": "长期断保年数",
    "long_break_min_months": "长期断保最短等待期",
    "base_floor": "缴费基数下限",
    "base_cap": "缴费基数上限",
    "employer_rate": "单位缴费比例",
    "employee_rate": "个人缴费比例",
    "flexible_rate": "灵活就业缴费比例",
    "flexible_monthly_amount": "灵活就业每月定额",
    "individual": "个人缴费",
    "fiscal": "财政补助",
    "amount": "金额",
    "rate": "比例",
    "base": "基数",
}

_SKIP = {"levels", "tiers", "groups"}


def label(path):
    """Name a parameter path in plain Chinese, e.g. 住院 · 居民医保 · 三级 · 起付线."""
    return " · ".join(LABELS.get(part, part) for part in path if part not in _SKIP)
