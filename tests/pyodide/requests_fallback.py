"""Random calc requests in the resolved-JSON format, used by the parity test until tests/strategies.py
(generate_requests) exists. Deterministic for a seed."""

from __future__ import annotations

import random

LEVELS = (["一级", "二级", "三级"], ["一类", "二类", "三类"], ["社区", "三级"])


def _fact(rng: random.Random, value, grade: str | None = None, flag: bool = False) -> dict:
    entries = [{"from": "2020-01-01", "value": value, "source": "src-a", "grade": grade or rng.choice("ABC"),
                "verified": "2026-11-01", "flag": "与其他来源不一致" if flag else None, "note": None,
                "file": "data/regions/999999-test.yaml", "line": rng.randint(1, 300)}]
    if rng.random() < 0.3:
        later = dict(entries[0], **{"from": "2025-01-01"})
        later["value"] = value if not isinstance(value, (int, float)) else type(value)(value * 1.1)
        entries.append(later)
    return {"values": entries, "bound": rng.choice([None, None, None, "max", "min"])}


def _money(rng: random.Random, lo: int, hi: int):
    v = rng.randint(lo, hi)
    return v if rng.random() < 0.7 else v + rng.choice([0.5, 0.25, 0.01, 0.99])


def _ratio(rng: random.Random, lo: float = 0.5, hi: float = 0.95) -> float:
    return round(rng.uniform(lo, hi), 2)


def _scheme(rng: random.Random, levels: list[str], employee: bool) -> dict:
    rules: dict = {"levels": {}}
    for lv in levels:
        if rng.random() < 0.92:
            body = {"deductible": _fact(rng, _money(rng, 0, 1500), flag=rng.random() < 0.03),
                    "ratio": _fact(rng, _ratio(rng))}
            if employee and rng.random() < 0.5:
                body["retiree_ratio"] = _fact(rng, _ratio(rng, 0.8, 0.98))
            rules["levels"][lv] = body
    if employee and rng.random() < 0.5:
        rules["retiree_uplift"] = _fact(rng, round(rng.uniform(0.02, 0.08), 2))
    if rng.random() < 0.9:
        rules["annual_cap"] = _fact(rng, _money(rng, 50000, 600000))
    if rng.random() < 0.5:
        rules["repeat_admission_deductible_factor"] = _fact(rng, rng.choice([0.5, 0.7, 0]))
    return rules


def _critical(rng: random.Random) -> dict:
    start = _money(rng, 10000, 25000)
    segs = [{"from": start, "ratio": 0.6}, {"from": start + 30000, "ratio": 0.7}]
    body = {"deductible": _fact(rng, start), "segments": _fact(rng, segs),
            "cap": _fact(rng, rng.choice([None, 300000, 400000]))}
    if rng.random() < 0.6:
        body["hardship"] = {"deductible": _fact(rng, start // 2),
                            "segments": _fact(rng, [{"from": start // 2, "ratio": 0.7}]),
                            "cap": _fact(rng, None)}
    return body


def region(rng: random.Random) -> dict:
    levels = list(rng.choice(LEVELS))
    params: dict = {
        "inpatient": {"resident": _scheme(rng, levels, False), "employee": _scheme(rng, levels, True)},
        "critical_illness": {"resident": _critical(rng), "employee": _critical(rng)},
        "cross_region": {"cuts": {k: _fact(rng, round(rng.uniform(0, 0.2), 2))
                                  for k in ("long_term", "referral", "emergency", "temporary", "unfiled")
                                  if rng.random() < 0.85}},
        "outpatient": {s: {"deductible": _fact(rng, _money(rng, 0, 300)), "ratio": _fact(rng, _ratio(rng)),
                           "annual_limit": _fact(rng, _money(rng, 200, 3000))}
                       for s in ("resident", "employee")},
        "chronic": {s: {"deductible": _fact(rng, _money(rng, 0, 800)), "ratio": _fact(rng, _ratio(rng)),
                        "annual_limit": _fact(rng, _money(rng, 1000, 8000))} for s in ("resident", "employee")},
        "two_diseases": {"resident": {"ratio": _fact(rng, 0.5),
                                      "limits": {"高血压": _fact(rng, 300), "糖尿病": _fact(rng, 500)}}},
        "resident_contribution": {"tiers": {"一档": {"groups": {
            "成年人": {"individual": {"amount": _fact(rng, 400)}, "fiscal": {"amount": _fact(rng, 670)}},
            "学生儿童": {"individual": {"rate": _fact(rng, 0.01), "base": _fact(rng, 40000)},
                     "fiscal": {"amount": _fact(rng, 670)}}}}}},
        "employee_contribution": {"base_floor": _fact(rng, 4000), "base_cap": _fact(rng, 30000),
                                  "tiers": {"一档": {"employer_rate": _fact(rng, 0.06),
                                                    "employee_rate": _fact(rng, 0.02),
                                                    "flexible_rate": _fact(rng, 0.08)}}},
    }
    for key in list(params):
        if rng.random() < 0.08:
            del params[key]
    return {"schema_version": 1, "code": "999999", "name": "测试市", "short_name": "测试", "level": "city",
            "parents": ["100000"], "file": "data/regions/999999-test.yaml", "hospital_levels": levels,
            "insurance_year_start": "01-01",
            "sources": {"src-a": {"title": "测试来源", "url": "http://example.gov.cn/a", "document": None,
                                  "publisher": "测试", "date": "2020-01-01", "grade": "B"}},
            "params": params}


def generate_requests(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    regions = [region(rng) for _ in range(12)]
    while len(out) < n:
        reg = rng.choice(regions)
        date = rng.choice(["2024-06-30", "2025-03-01", "2026-11-24"])
        roll = rng.random()
        if roll < 0.7:
            total = _money(rng, 1, 800000)
            inputs = {"scheme": rng.choice(["resident", "employee", "retiree"]),
                      "visit": rng.choice(["inpatient"] * 4 + ["outpatient", "chronic", "two_diseases"]),
                      "level": rng.choice(reg["hospital_levels"]), "total": total,
                      "self_pay": rng.choice([0, 0, _money(rng, 0, max(1, int(total) // 4))]),
                      "class_b_self_pay": rng.choice([0, _money(rng, 0, max(1, int(total) // 5))]),
                      "deductible_met": rng.random() < 0.2, "admission": rng.choice([1, 1, 2, 3]),
                      "fund_paid_this_year": rng.choice([0, 0, _money(rng, 0, 300000)]),
                      "hardship": rng.random() < 0.2,
                      "cross_region": rng.choice(["none", "none", "long_term", "referral", "emergency",
                                                  "temporary", "unfiled"]),
                      "disease": rng.choice(["高血压", "糖尿病"])}
            kind = "reimbursement"
        elif roll < 0.9:
            scheme = rng.choice(["resident", "employee", "flexible"])
            inputs = {"scheme": scheme, "tier": "一档"}
            if scheme == "resident":
                inputs["group"] = rng.choice(["成年人", "学生儿童"])
            elif scheme == "employee":
                inputs["monthly_wage"] = _money(rng, 1000, 60000)
            else:
                inputs["base"] = _money(rng, 1000, 60000)
            kind = "contribution"
        elif roll < 0.95:
            kind = "waiting_period"
            inputs = {"break_years": rng.randint(0, 8), "paid_back_years": rng.randint(0, 3),
                      "late_enrolment": rng.random() < 0.5, "exempt": rng.random() < 0.1}
        else:  # bad requests
            kind = "reimbursement"
            inputs = {"scheme": "resident", "visit": "inpatient", "level": "不存在",
                      "total": rng.choice([-1, "abc", 1e12, None])}
        out.append({"kind": kind, "date": date, "params": reg, "inputs": inputs})
    return out
