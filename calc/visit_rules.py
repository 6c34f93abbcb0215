"""The figures one bill needs from the region: deductible, ratio and yearly limit for its visit."""

__all__ = ["rules_for"]


def rules_for(params, scheme, bill, admission):
    """The rules for a bill: {"deductible", "ratio", "cap", "what", "cap_words", ...} of facts."""
    pool = "resident" if scheme == "resident" else "employee"
    return _RULES[bill["visit"]](params, pool, scheme, bill, admission)


def _inpatient(params, pool, scheme, bill, admission):
    base = ("inpatient", pool)
    level = (*base, "levels", bill["level"])
    own_retiree_ratio = scheme == "retiree" and params.has((*level, "retiree_ratio"))
    specs = [
        ((*level, "deductible"), "number", False),
        ((*level, "retiree_ratio" if own_retiree_ratio else "ratio"), "ratio", False),
        ((*base, "annual_cap"), "number", False),
    ]
    if scheme == "retiree" and not own_retiree_ratio:
        specs.append(((*base, "retiree_uplift"), "ratio", False))
    facts = params.gather(specs)
    rules = {
        "deductible": facts[0],
        "ratio": None if own_retiree_ratio else facts[1],
        "cap": facts[2],
        "what": f"{bill['level']}医院",
        "cap_words": "统筹基金年度最高支付限额",
        "per_stay": True,
    }
    if own_retiree_ratio:
        rules["retiree_ratio"] = facts[1]
    elif scheme == "retiree":
        rules["retiree_uplift"] = facts[3]
    if admission >= 2:
        rules["factor"] = params.optional((*base, "repeat_admission_deductible_factor"), "ratio")
    return rules


def _outpatient_like(name, words):
    def rules_for_visit(params, pool, scheme, bill, admission):
        base = (name, pool)
        level = (*base, "levels", bill["level"]) if bill["level"] else None

        def where(key):
            if level and params.has((*level, key)):
                return (*level, key)
            return (*base, key)

        own_retiree_ratio = scheme == "retiree" and params.has(where("retiree_ratio"))
        retiree_limit = scheme == "retiree" and params.has(where("retiree_annual_limit"))
        deductible, ratio, cap = params.gather(
            [
                (where("deductible"), "number", False),
                (where("retiree_ratio" if own_retiree_ratio else "ratio"), "ratio", False),
                (
                    where("retiree_annual_limit" if retiree_limit else "annual_limit"),
                    "number",
                    False,
                ),
            ]
        )
        rules = {
            "deductible": deductible,
            "ratio": None if own_retiree_ratio else ratio,
            "cap": cap,
            "what": words,
            "cap_words": f"{'退休人员' if retiree_limit else ''}{words}年度支付限额",
            "per_stay": False,
        }
        if own_retiree_ratio:
            rules["retiree_ratio"] = ratio
        elif scheme == "retiree":
            rules["retiree_same"] = True
        return rules

    return rules_for_visit


def _two_diseases(params, pool, scheme, bill, admission):
    base = ("two_diseases", "resident")
    ratio, limit = params.gather(
        [
            ((*base, "ratio"), "ratio", False),
            ((*base, "limits", bill["disease"]), "number", False),
        ]
    )
    return {
        "deductible": None,
        "ratio": ratio,
        "cap": limit,
        "what": f"两病（{bill['disease']}）门诊用药",
        "cap_words": f"{bill['disease']}门诊用药年度支付限额",
        "per_stay": False,
    }


_RULES = {
    "inpatient": _inpatient,
    "outpatient": _outpatient_like("outpatient", "普通门诊"),
    "chronic": _outpatient_like("chronic", "门诊慢特病"),
    "two_diseases": _two_diseases,
}
