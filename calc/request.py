"""Check a request and turn its inputs into Decimals; wrong fields raise FieldErrors."""

import re

from .errors import FieldErrors
from .money import to_decimal

__all__ = ["KINDS", "MAX_AMOUNT", "validate"]

KINDS = ("contribution", "reimbursement", "waiting_period")
MAX_AMOUNT = 100_000_000  # 1 亿元: anything above is a typing mistake
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

SCHEMES = {
    "contribution": {"resident": "居民医保", "employee": "职工医保", "flexible": "灵活就业"},
    "reimbursement": {
        "resident": "居民医保",
        "employee": "职工医保（在职）",
        "retiree": "职工医保（退休）",
    },
}
VISITS = {
    "inpatient": "住院",
    "outpatient": "普通门诊",
    "chronic": "门诊慢特病",
    "two_diseases": "两病门诊用药",
}
CROSS = {
    "none": "在参保地就医",
    "long_term": "异地长期居住（已备案）",
    "referral": "异地转诊",
    "emergency": "异地急诊抢救",
    "temporary": "其他临时外出（已备案）",
    "unfiled": "异地就医未备案",
}
DISEASES = ("高血压", "糖尿病")
FIELDS = {
    "contribution": ("scheme", "tier", "group", "monthly_wage", "base"),
    "reimbursement": (
        "scheme",
        "visit",
        "level",
        "total",
        "self_pay",
        "class_b_self_pay",
        "deductible_met",
        "admission",
        "fund_paid_this_year",
        "hardship",
        "cross_region",
        "disease",
        "include_critical_illness",
    ),
    "waiting_period": ("break_years", "paid_back_years", "late_enrolment", "exempt"),
}


class _Checker:
    """Reads inputs one field at a time and collects every error."""

    def __init__(self, inputs):
        self.inputs = inputs
        self.errors = []

    def fail(self, name, message):
        self.errors.append({"field": "inputs." + name, "message": message})

    def given(self, name):
        value = self.inputs.get(name)
        return not (value is None or (isinstance(value, str) and not value.strip()))

    def choice(self, name, options, what, default=None):
        if not self.given(name):
            if default is None:
                self.fail(
                    name,
                    f"请选择{what}："
                    + "、".join(options.values() if isinstance(options, dict) else options),
                )
            return default
        value = self.inputs[name]
        if not isinstance(value, str) or value not in options:
            self.fail(
                name,
                f"不认识的{what}，请从这些中选择："
                + "、".join(options.values() if isinstance(options, dict) else options),
            )
            return None
        return value

    def text(self, name, what):
        if not self.given(name):
            self.fail(name, f"请填写{what}")
            return None
        value = self.inputs[name]
        if not isinstance(value, str) or len(value) > 50:
            self.fail(name, f"{what}应是文字，例如“一档”")
            return None
        return value.strip()

    def amount(self, name, what, required=False, positive=False):
        if not self.given(name):
            if required:
                self.fail(name, f"请填写{what}（元）")
            return None
        try:
            value = to_decimal(self.inputs[name])
        except ValueError:
            self.fail(name, f"{what}应是数字，例如 50000")
            return None
        if value < 0:
            self.fail(name, f"{what}不能小于 0")
        elif positive and value == 0:
            self.fail(name, f"请填写大于 0 的{what}")
        elif value > MAX_AMOUNT:
            self.fail(name, f"{what}太大了：请填写不超过 100000000 元（1 亿元）的金额")
        elif value != value.quantize(_CENT_CHECK):
            self.fail(name, f"{what}最多填到分（两位小数）")
        else:
            return value
        return None

    def whole(self, name, what, default, low, high):
        if not self.given(name):
            return default
        try:
            value = to_decimal(self.inputs[name])
        except ValueError:
            self.fail(name, f"{what}应是整数，例如 {low + 1}")
            return None
        if value != value.to_integral_value():
            self.fail(name, f"{what}应是整数，例如 {low + 1}")
        elif value < low:
            self.fail(name, f"{what}不能小于 {low}")
        elif value > high:
            self.fail(name, f"{what}太大了：请填写不超过 {high} 的数")
        else:
            return int(value)
        return None

    def flag(self, name, what, default=False):
        if not self.given(name):
            return default
        value = self.inputs[name]
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        self.fail(name, f"{what}应是“是”或“否”（true / false）")
        return False


_CENT_CHECK = to_decimal("0.01")


def validate(request):
    """Check the request: return (kind, date, region, inputs) normalised, or raise FieldErrors."""
    if not isinstance(request, dict):
        raise FieldErrors([{"field": "request", "message": "请求应是一个 JSON 对象（{...}）"}])
    errors = []
    kind = request.get("kind")
    if kind not in KINDS:
        errors.append(
            {
                "field": "kind",
                "message": "kind 应是 contribution（缴费）、reimbursement（报销）"
                "或 waiting_period（待遇等待期）",
            }
        )
    date = request.get("date")
    if not _valid_date(date):
        errors.append({"field": "date", "message": "请填写日期，格式如 2026-03-01"})
    region = request.get("params")
    if not isinstance(region, dict):
        errors.append(
            {"field": "params", "message": "缺少地区数据（params 应是生成器输出的地区 JSON）"}
        )
    inputs = request.get("inputs")
    if not isinstance(inputs, dict):
        errors.append({"field": "inputs", "message": "缺少输入项（inputs 应是一个 JSON 对象）"})
    for key in request:
        if key not in ("kind", "date", "params", "inputs"):
            errors.append({"field": str(key), "message": "不认识的请求项"})
    if errors:
        raise FieldErrors(errors)
    for key in inputs:
        if key not in FIELDS[kind]:
            errors.append({"field": "inputs." + str(key), "message": "不认识的输入项"})
    if errors:
        raise FieldErrors(errors)
    check = _Checker(inputs)
    values = {
        "contribution": _contribution,
        "reimbursement": _reimbursement,
        "waiting_period": _waiting,
    }[kind](check, region)
    if check.errors:
        raise FieldErrors(check.errors)
    return kind, date, region, values


def _valid_date(value):
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    year, month, day = int(value[:4]), int(value[5:7]), int(value[8:])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= days[month - 1]


def _contribution(check, region):
    scheme = check.choice("scheme", SCHEMES["contribution"], "参保类型")
    values = {"scheme": scheme}
    if scheme == "resident":
        values["tier"] = check.text("tier", "缴费档次")
        values["group"] = check.text("group", "人员类别")
    elif scheme == "employee":
        values["tier"] = check.text("tier", "缴费档次")
        values["monthly_wage"] = check.amount(
            "monthly_wage", "月工资", required=True, positive=True
        )
    elif scheme == "flexible":
        values["tier"] = check.text("tier", "缴费档次")
        values["base"] = check.amount("base", "缴费基数", positive=True)
    return values


def _reimbursement(check, region):
    values = {
        "scheme": check.choice("scheme", SCHEMES["reimbursement"], "参保类型"),
        "visit": check.choice("visit", VISITS, "就医类型"),
    }
    visit = values["visit"]
    levels = region.get("hospital_levels")
    levels = [x for x in levels if isinstance(x, str)] if isinstance(levels, list) else []
    if visit == "inpatient" or (visit is not None and check.given("level")):
        if levels:
            values["level"] = check.choice("level", levels, "医院等级")
        else:
            values["level"] = check.text("level", "医院等级")
    else:
        values["level"] = None
    values["total"] = check.amount("total", "总费用", required=True, positive=True)
    values["self_pay"] = check.amount("self_pay", "全自费金额") or _zero()
    values["class_b_self_pay"] = check.amount("class_b_self_pay", "乙类先行自付金额") or _zero()
    values["fund_paid_this_year"] = (
        check.amount("fund_paid_this_year", "本年已由统筹基金支付的金额") or _zero()
    )
    values["deductible_met"] = check.flag("deductible_met", "本年起付线是否已付满")
    values["hardship"] = check.flag("hardship", "是否特困、低保等人员")
    values["include_critical_illness"] = check.flag(
        "include_critical_illness", "是否计算大病保险", default=True
    )
    values["admission"] = check.whole("admission", "本年第几次住院", 1, 1, 366)
    values["cross_region"] = check.choice("cross_region", CROSS, "就医地", default="none")
    if visit == "two_diseases":
        values["disease"] = check.choice("disease", DISEASES, "病种")
        if values["scheme"] not in (None, "resident"):
            check.fail("scheme", "两病门诊用药保障只适用于居民医保")
    else:
        values["disease"] = None
    total = values["total"]
    if total is not None and values["self_pay"] + values["class_b_self_pay"] > total:
        check.fail("self_pay", "全自费和乙类先行自付加起来不能超过总费用")
    return values


def _waiting(check, region):
    values = {
        "break_years": check.whole("break_years", "断保年数", 0, 0, 100),
        "paid_back_years": check.whole("paid_back_years", "补缴年数", 0, 0, 100),
        "late_enrolment": check.flag("late_enrolment", "是否未在集中参保期内参保"),
        "exempt": check.flag("exempt", "是否属于免等待期人员"),
    }
    if (
        None not in (values["break_years"], values["paid_back_years"])
        and values["paid_back_years"] > values["break_years"]
    ):
        check.fail("paid_back_years", "补缴年数不能多于断保年数")
    return values


def _zero():
    return to_decimal(0)
