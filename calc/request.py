"""Check a request and turn its inputs into Decimals; wrong fields raise FieldErrors."""

import re

from .bill_inputs import REIMBURSEMENT_FIELDS, YEAR_FIELDS, read_reimbursement, read_year
from .errors import FieldErrors
from .fields import FieldReader

__all__ = ["CONTRIBUTION_SCHEMES", "FIELDS", "KINDS", "validate"]

KINDS = ("contribution", "reimbursement", "year", "waiting_period")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CONTRIBUTION_SCHEMES = {"resident": "居民医保", "employee": "职工医保", "flexible": "灵活就业"}
FIELDS = {
    "contribution": ("scheme", "tier", "group", "monthly_wage", "base"),
    "reimbursement": REIMBURSEMENT_FIELDS,
    "year": YEAR_FIELDS,
    "waiting_period": ("break_years", "paid_back_years", "late_enrolment", "exempt"),
}


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
                "message": "kind 应是 contribution（缴费）、reimbursement（报销）、"
                "year（一年的费用）或 waiting_period（待遇等待期）",
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
    reader = FieldReader(inputs, errors)
    reader.unknown(FIELDS[kind])
    if errors:
        raise FieldErrors(errors)
    values = _READERS[kind](reader, region)
    if errors:
        raise FieldErrors(errors)
    return kind, date, region, values


def _valid_date(value):
    if not isinstance(value, str) or not _DATE.match(value):
        return False
    year, month, day = int(value[:4]), int(value[5:7]), int(value[8:])
    leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
    days = (31, 29 if leap else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
    return year >= 1 and 1 <= month <= 12 and 1 <= day <= days[month - 1]


def _contribution(reader, region):
    scheme = reader.choice("scheme", CONTRIBUTION_SCHEMES, "参保类型")
    values = {"scheme": scheme}
    if scheme == "resident":
        values["tier"] = reader.text("tier", "缴费档次")
        values["group"] = reader.text("group", "人员类别")
    elif scheme == "employee":
        values["tier"] = reader.text("tier", "缴费档次")
        values["monthly_wage"] = reader.amount(
            "monthly_wage", "月工资", required=True, positive=True
        )
    elif scheme == "flexible":
        values["tier"] = reader.text("tier", "缴费档次")
        values["base"] = reader.amount("base", "缴费基数", positive=True)
    return values


def _waiting(reader, region):
    values = {
        "break_years": reader.whole("break_years", "断保年数", 0, 0),
        "paid_back_years": reader.whole("paid_back_years", "补缴年数", 0, 0),
        "late_enrolment": reader.flag("late_enrolment", "是否未在集中参保期内参保"),
        "exempt": reader.flag("exempt", "是否属于免等待期人员"),
    }
    if (
        None not in (values["break_years"], values["paid_back_years"])
        and values["paid_back_years"] > values["break_years"]
    ):
        reader.fail("paid_back_years", "补缴年数不能多于断保年数")
    return values


_READERS = {
    "contribution": _contribution,
    "reimbursement": read_reimbursement,
    "year": read_year,
    "waiting_period": _waiting,
}
