"""One claim: what the pooling fund pays, what 大病保险 pays, and what is left for the reader."""

from .breakdown import Breakdown
from .critical_illness import critical_illness
from .cross_region import apply_cut
from .money import ONE, ZERO, fmt_money, fmt_number, fmt_percent, fmt_ratio, round_money
from .request import CROSS, VISITS

__all__ = ["reimbursement"]

_SCHEME_WORDS = {
    "resident": "居民医保",
    "employee": "职工医保（在职）",
    "retiree": "职工医保（退休）",
}


def reimbursement(params, inputs):
    """Compute a reimbursement estimate: (summary, breakdown)."""
    bd = Breakdown(params)
    scheme, visit = inputs["scheme"], inputs["visit"]
    pool = "resident" if scheme == "resident" else "employee"
    total, self_pay, class_b = inputs["total"], inputs["self_pay"], inputs["class_b_self_pay"]
    rules = _RULES[visit](params, pool, scheme, inputs)

    bd.add(
        "total", f"{_SCHEME_WORDS[scheme]}，{VISITS[visit]}，总费用 {fmt_number(total)} 元", total
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
            f"{fmt_number(class_b)}"
            f" = {fmt_number(scope)} 元"
        )
    else:
        text = f"政策范围内的费用：{fmt_number(scope)} 元（没有全自费和乙类先行自付）"
    bd.add("policy_scope", text, scope)

    deductible = _deductible(bd, rules, inputs, scope)
    ratio = _ratio(params, bd, rules, scheme)
    ratio = apply_cut(params, bd, inputs["cross_region"], CROSS[inputs["cross_region"]], ratio)
    fund = _fund(bd, rules, inputs, scope, deductible, ratio)

    extra = ZERO
    if visit == "inpatient" and inputs["include_critical_illness"]:
        extra = critical_illness(params, bd, pool, scope - fund, inputs["hardship"])
    elif visit == "inpatient":
        bd.add(
            "critical_illness_skipped",
            "这次估算没有计算大病保险（请求里选择了不计算）：如果费用较高，实际自付可能更少",
            ZERO,
        )
        bd.note("本估算没有计入大病保险，实际自付可能更少。")
    elif inputs["hardship"]:
        bd.note("特困、低保等人员的大病保险倾斜只在住院估算中计算。")

    fund_paid = round_money(fund)
    extra_paid = round_money(fund + extra) - fund_paid
    you_pay = total - fund_paid - extra_paid
    bd.add("fund", f"基本医保统筹基金支付 {fmt_money(fund_paid)} 元", fund_paid)
    if visit == "inpatient":
        bd.add("critical_illness", f"大病保险支付 {fmt_money(extra_paid)} 元", extra_paid)
    bd.add(
        "you_pay",
        f"您自付：{fmt_money(total)} − {fmt_money(fund_paid)} − {fmt_money(extra_paid)} = "
        f"{fmt_money(you_pay)} 元（含全自费、乙类先行自付、起付线和按比例自付的部分）",
        you_pay,
    )
    bd.note(
        "金额四舍五入到分：统筹基金和“统筹基金 + 大病保险”各取整一次，大病保险 = 两者之差，"
        "三项相加正好等于总费用。"
    )
    bd.note("本估算只算这一笔费用，不含医疗救助、职工大额医疗补助、商业保险和个人账户支付。")
    summary = {
        "total": fmt_money(total),
        "fund": fmt_money(fund_paid),
        "critical_illness": fmt_money(extra_paid),
        "you_pay": fmt_money(you_pay),
        "ratio": fmt_ratio(ratio),
    }
    return summary, bd


def _inpatient(params, pool, scheme, inputs):
    base = ("inpatient", pool)
    level = (*base, "levels", inputs["level"])
    specs = [
        ((*level, "deductible"), "number", False),
        ((*level, "ratio"), "ratio", False),
        ((*base, "annual_cap"), "number", False),
    ]
    retiree = None
    if scheme == "retiree":
        if params.has((*level, "retiree_ratio")):
            retiree = ((*level, "retiree_ratio"), "ratio", False)
        else:
            retiree = ((*base, "retiree_uplift"), "ratio", False)
        specs.append(retiree)
    facts = params.gather(specs)
    rules = {
        "deductible": facts[0],
        "ratio": facts[1],
        "cap": facts[2],
        "what": f"{inputs['level']}医院",
        "cap_words": "统筹基金年度最高支付限额",
    }
    if retiree:
        rules["retiree_ratio" if retiree[0][-1] == "retiree_ratio" else "retiree_uplift"] = facts[3]
    if inputs["admission"] >= 2:
        rules["factor"] = params.optional((*base, "repeat_admission_deductible_factor"))
    return rules


def _outpatient_like(name, words):
    def rules_for(params, pool, scheme, inputs):
        base = (name, pool)
        level = (*base, "levels", inputs["level"]) if inputs["level"] else None

        def where(key):
            if level and params.has((*level, key)):
                return (*level, key)
            return (*base, key)

        specs = [
            (where("deductible"), "number", False),
            (where("ratio"), "ratio", False),
            (where("annual_limit"), "number", False),
        ]
        if scheme == "retiree" and params.has(where("retiree_ratio")):
            specs.append((where("retiree_ratio"), "ratio", False))
        facts = params.gather(specs)
        rules = {
            "deductible": facts[0],
            "ratio": facts[1],
            "cap": facts[2],
            "what": words,
            "cap_words": f"{words}年度支付限额",
        }
        if len(facts) > 3:
            rules["retiree_ratio"] = facts[3]
        elif scheme == "retiree":
            rules["retiree_same"] = True
        if scheme == "retiree" and params.has(where("retiree_annual_limit")):
            rules["cap"] = params.fact(where("retiree_annual_limit"))
            rules["cap_words"] = f"退休人员{words}年度支付限额"
        return rules

    return rules_for


def _two_diseases(params, pool, scheme, inputs):
    base = ("two_diseases", "resident")
    ratio, limit = params.gather(
        [
            ((*base, "ratio"), "ratio", False),
            ((*base, "limits", inputs["disease"]), "number", False),
        ]
    )
    return {
        "deductible": None,
        "ratio": ratio,
        "cap": limit,
        "what": f"两病（{inputs['disease']}）门诊用药",
        "cap_words": f"{inputs['disease']}门诊用药年度支付限额",
    }


_RULES = {
    "inpatient": _inpatient,
    "outpatient": _outpatient_like("outpatient", "普通门诊"),
    "chronic": _outpatient_like("chronic", "门诊慢特病"),
    "two_diseases": _two_diseases,
}


def _deductible(bd, rules, inputs, scope):
    fact = rules["deductible"]
    if fact is None:
        bd.add("deductible", f"{rules['what']}不设起付线", ZERO)
        return ZERO
    amount = fact.value
    if inputs["visit"] != "inpatient" and inputs["deductible_met"]:
        bd.add(
            "deductible",
            f"本年{rules['what']}起付线 {fmt_number(amount)} 元已经付满：这次不再扣",
            ZERO,
            fact,
        )
        return ZERO
    factor = rules.get("factor")
    if inputs["visit"] == "inpatient" and inputs["admission"] >= 2:
        if factor is not None:
            reduced = amount * factor.value
            bd.add(
                "repeat_admission",
                f"本年第 {inputs['admission']} 次住院：起付线 {fmt_number(amount)} 元 × "
                f"{fmt_number(factor.value)} = {fmt_number(reduced)} 元",
                None,
                factor,
            )
            amount = reduced
        else:
            bd.note("本地数据没有写明再次住院的起付线是否降低，估算按全额起付线计算。")
    applied = min(amount, scope)
    text = f"{rules['what']}起付线 {fmt_number(amount)} 元：先由您自付"
    if applied < amount:
        text += f"（政策范围内费用只有 {fmt_number(scope)} 元，全部由您自付）"
    bd.add("deductible", text, applied, fact)
    return applied


def _ratio(params, bd, rules, scheme):
    ratio = rules["ratio"]
    if "retiree_ratio" in rules:
        fact = rules["retiree_ratio"]
        bd.add(
            "retiree_ratio",
            f"{rules['what']}退休人员报销比例 {fmt_percent(fact.value)}",
            None,
            fact,
        )
        return fact.value
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


def _fund(bd, rules, inputs, scope, deductible, ratio):
    above = scope - deductible
    want = above * ratio
    cap = rules["cap"]
    paid = inputs["fund_paid_this_year"]
    left = max(cap.value - paid, ZERO)
    text = (
        f"统筹基金按比例支付：(政策范围内 {fmt_number(scope)} − 起付线 {fmt_number(deductible)}) × "
        f"{fmt_percent(ratio)} = {fmt_money(want)} 元"
    )
    bd.add("fund_ratio", text, want)
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
