"""Check the inputs of a bill, of a reimbursement request and of a year of bills."""

from .fields import FieldReader
from .limits import input_bound
from .money import ZERO

__all__ = [
    "BILL_FIELDS",
    "CROSS",
    "DISEASES",
    "REIMBURSEMENT_FIELDS",
    "SCHEMES",
    "VISITS",
    "YEAR_FIELDS",
    "read_reimbursement",
    "read_year",
]

SCHEMES = {
    "resident": "居民医保",
    "employee": "职工医保（在职）",
    "retiree": "职工医保（退休）",
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
    "unreferred": "异地就医未按规定转诊",
}
DISEASES = ("高血压", "糖尿病")
BILL_FIELDS = ("visit", "level", "total", "self_pay", "class_b_self_pay", "cross_region", "disease")
REIMBURSEMENT_FIELDS = (
    "scheme",
    *BILL_FIELDS,
    "deductible_met",
    "admission",
    "fund_paid_this_year",
    "hardship",
    "include_critical_illness",
)
YEAR_FIELDS = ("scheme", "hardship", "cross_region", "fund_paid_this_year", "bills")
TWO_DISEASES_ONLY_RESIDENT = "两病门诊用药保障只适用于居民医保"


def read_reimbursement(reader, region):
    """One bill with what the reader says about the year so far."""
    scheme = reader.choice("scheme", SCHEMES, "参保类型")
    values = {"scheme": scheme}
    values.update(_bill(reader, region, "none"))
    if values["visit"] == "two_diseases" and scheme not in (None, "resident"):
        reader.fail("scheme", TWO_DISEASES_ONLY_RESIDENT)
    values["fund_paid_this_year"] = _fund_paid(reader)
    values["deductible_met"] = reader.flag("deductible_met", "本年起付线是否已付满")
    if values["deductible_met"] and values["visit"] == "inpatient":
        reader.fail(
            "deductible_met",
            "住院的起付线每次住院都要付，不能选“已付满”；"
            "这是本年第 2 次及以后的住院时，请填写本年第几次住院",
        )
    values["hardship"] = reader.flag("hardship", "是否特困、低保等人员")
    values["include_critical_illness"] = reader.flag(
        "include_critical_illness", "是否计算大病保险", default=True
    )
    values["admission"] = reader.whole("admission", "本年第几次住院", 1, 1)
    return values


def read_year(reader, region):
    """A year of bills in the order they happened, with what applies to all of them."""
    values = {
        "scheme": reader.choice("scheme", SCHEMES, "参保类型"),
        "hardship": reader.flag("hardship", "是否特困、低保等人员"),
        "cross_region": reader.choice("cross_region", CROSS, "就医地", default="none"),
        "fund_paid_this_year": _fund_paid(reader),
        "bills": [],
    }
    bills = reader.inputs.get("bills")
    most = int(input_bound("bills")[0])
    if not isinstance(bills, list) or not bills:
        reader.fail("bills", "请至少填写一笔费用（bills 应是费用的列表）")
        return values
    if len(bills) > most:
        reader.fail("bills", f"一次最多算 {most} 笔费用，请把同类的门诊费用合成一笔")
        return values
    for index, bill in enumerate(bills):
        prefix = f"{reader.prefix}bills.{index}."
        if not isinstance(bill, dict):
            reader.errors.append({"field": prefix[:-1], "message": "每一笔费用应是一个 JSON 对象"})
            continue
        bill_reader = FieldReader(bill, reader.errors, prefix)
        bill_reader.unknown(BILL_FIELDS)
        values["bills"].append(_bill(bill_reader, region, values["cross_region"] or "none"))
        if values["bills"][-1]["visit"] == "two_diseases" and values["scheme"] not in (
            None,
            "resident",
        ):
            bill_reader.fail("visit", TWO_DISEASES_ONLY_RESIDENT)
    return values


def _bill(reader, region, cross_default):
    """The fields every bill has: visit, level, amounts, where, and the disease for 两病."""
    visit = reader.choice("visit", VISITS, "就医类型")
    values = {"visit": visit, "level": None}
    levels = region.get("hospital_levels")
    levels = [x for x in levels if isinstance(x, str)] if isinstance(levels, list) else []
    if visit == "inpatient" or (visit is not None and reader.given("level")):
        if levels:
            values["level"] = reader.choice("level", levels, "医院等级")
        else:
            values["level"] = reader.text("level", "医院等级")
    values["total"] = reader.amount("total", "总费用", required=True, positive=True)
    values["self_pay"] = reader.amount("self_pay", "全自费金额") or ZERO
    values["class_b_self_pay"] = reader.amount("class_b_self_pay", "乙类先行自付金额") or ZERO
    values["cross_region"] = reader.choice("cross_region", CROSS, "就医地", default=cross_default)
    values["disease"] = (
        reader.choice("disease", DISEASES, "病种") if visit == "two_diseases" else None
    )
    total = values["total"]
    if total is not None and values["self_pay"] + values["class_b_self_pay"] > total:
        reader.fail("self_pay", "全自费和乙类先行自付加起来不能超过总费用")
    return values


def _fund_paid(reader):
    return reader.amount("fund_paid_this_year", "本年已由统筹基金支付的金额") or ZERO
