"""Random calculator requests in the resolved-JSON shape: Hypothesis strategies, a seeded generator.

One builder serves both: it takes a `random.Random`-like object, so `generate_requests(n, seed)`
(plain `random.Random`) and the Hypothesis strategies (`st.randoms`) make the same kinds of
requests. Every request is plain JSON (dicts, lists, str, int, float, bool, None), params included.
"""

import random

from hypothesis import strategies as st

__all__ = [
    "LEVEL_SETS",
    "contribution_requests",
    "generate_requests",
    "json_like",
    "make_region",
    "make_request",
    "reimbursement_requests",
    "requests",
    "waiting_period_requests",
    "year_requests",
]

LEVEL_SETS = (["一级", "二级", "三级"], ["一类", "二类", "三类"], ["社区", "三级"])
FILE = "data/regions/999999-ceshi.yaml"
SOURCES = {
    "src-a": {
        "title": "测试来源甲",
        "publisher": "测试",
        "url": "https://example.gov.cn/a",
        "document": None,
        "date": "2024-01-01",
        "grade": "A",
    },
    "src-c": {
        "title": "测试来源丙",
        "publisher": "测试",
        "url": None,
        "document": None,
        "date": "2024-01-01",
        "grade": "C",
    },
}
DATES = ("2023-06-01", "2024-12-31", "2025-01-01", "2025-09-01", "2026-03-01", "2027-01-01")


def _fact(rng, value, complete, bound=None):
    """A dated fact; when not complete it may be flagged, ended or start too late."""
    entry = {
        "from": "2020-01-01",
        "value": value,
        "source": rng.choice(["src-a", "src-a", "src-c"]),
        "grade": rng.choice(["A", "B", "C"]),
        "verified": "2026-11-01",
        "flag": None,
        "note": None,
        "file": FILE,
        "line": rng.randint(1, 400),
    }
    values = [entry]
    if rng.random() < 0.3:
        later = dict(entry, **{"from": "2025-01-01"})
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            later["value"] = _scale(value, rng)
        values.append(later)
    if not complete:
        roll = rng.random()
        if roll < 0.04:
            values[-1]["flag"] = "与其他来源不一致"
        elif roll < 0.06:
            values.append(dict(values[-1], **{"from": "2025-06-01", "value": None}))
        elif roll < 0.08:
            for item in values:
                item["from"] = "2027-06-01"
    return {"values": values, "bound": bound}


def _scale(value, rng):
    if isinstance(value, int):
        return value + rng.randint(0, max(1, value // 10))
    return min(round(value + rng.choice([0.0, 0.01, 0.02, 0.05]), 2), 1.0)


def _money(rng, low, high):
    """Whole yuan most of the time, sometimes with fen."""
    value = rng.randint(low, high)
    if rng.random() < 0.3:
        return round(value + rng.randint(0, 99) / 100, 2) if value < high else value
    return value


def _ratio(rng, low, high):
    """A two-decimal fraction between low and high (both in hundredths)."""
    return rng.randint(low, high) / 100


def _maybe(rng, complete, probability=0.93):
    return complete or rng.random() < probability


def _scheme_rules(rng, levels, employee, complete):
    rules = {"levels": {}}
    for level in levels:
        if _maybe(rng, complete):
            body = {
                "deductible": _fact(rng, _money(rng, 0, 2000), complete),
                "ratio": _fact(rng, _ratio(rng, 40, 98), complete),
            }
            if employee and rng.random() < 0.4:
                body["retiree_ratio"] = _fact(rng, _ratio(rng, 60, 100), complete)
            rules["levels"][level] = body
    if employee:
        rules["retiree_uplift"] = _fact(rng, _ratio(rng, 0, 10), complete)
    if _maybe(rng, complete):
        rules["annual_cap"] = _fact(rng, _money(rng, 1000, 600000), complete)
    if rng.random() < 0.6:
        rules["repeat_admission_deductible_factor"] = _fact(
            rng, rng.choice([0.0, 0.5, 0.7, 1.0]), complete
        )
    return rules


def _segments(rng, start):
    segments, point = [], start
    for _ in range(rng.randint(1, 3)):
        segments.append({"from": point, "ratio": _ratio(rng, 50, 95)})
        point += rng.randint(1, 50) * 1000
    return segments


def _critical(rng, complete):
    start = _money(rng, 0, 30000)
    rules = {
        "deductible": _fact(rng, start, complete),
        "segments": _fact(rng, _segments(rng, start), complete),
        "cap": _fact(
            rng,
            rng.choice([None, _money(rng, 1000, 500000)]),
            complete,
            bound=rng.choice([None, "min"]),
        ),
    }
    if _maybe(rng, complete, 0.8):
        low = start // 2
        rules["hardship"] = {
            "deductible": _fact(rng, low, complete),
            "segments": _fact(rng, _segments(rng, low), complete),
            "cap": _fact(rng, None, complete),
        }
    return rules


def _outpatient(rng, complete):
    rules = {
        "deductible": _fact(rng, _money(rng, 0, 1500), complete),
        "ratio": _fact(rng, _ratio(rng, 30, 90), complete),
        "annual_limit": _fact(rng, _money(rng, 100, 10000), complete),
    }
    if rng.random() < 0.5:
        rules["retiree_ratio"] = _fact(rng, _ratio(rng, 40, 95), complete)
    if rng.random() < 0.3:
        rules["retiree_annual_limit"] = _fact(rng, _money(rng, 100, 12000), complete)
    return rules


def make_region(rng, complete=True):
    """A region JSON with every calculator parameter (complete) or some missing or flagged."""
    levels = list(rng.choice(LEVEL_SETS))
    params = {
        "inpatient": {
            "resident": _scheme_rules(rng, levels, False, complete),
            "employee": _scheme_rules(rng, levels, True, complete),
        },
        "outpatient": {
            "resident": _outpatient(rng, complete),
            "employee": _outpatient(rng, complete),
        },
        "chronic": {"resident": _outpatient(rng, complete), "employee": _outpatient(rng, complete)},
        "two_diseases": {
            "resident": {
                "ratio": _fact(rng, _ratio(rng, 40, 80), complete),
                "limits": {
                    "高血压": _fact(rng, _money(rng, 100, 1000), complete),
                    "糖尿病": _fact(rng, _money(rng, 100, 1000), complete),
                },
            }
        },
        "cross_region": {
            "cuts": {
                key: _fact(rng, _ratio(rng, 0, 20), complete, bound=rng.choice([None, "max"]))
                for key in (
                    "long_term",
                    "referral",
                    "emergency",
                    "temporary",
                    "unfiled",
                    "unreferred",
                )
                if _maybe(rng, complete)
            }
        },
        "waiting_period": {
            key: _fact(rng, value, complete)
            for key, value in (
                ("fixed_months", 3),
                ("variable_months_per_break_year", 1),
                ("free_break_years", rng.choice([0, 1])),
                ("payback_months_per_year", 1),
                ("long_break_years", 4),
                ("long_break_min_months", 6),
            )
        },
        "resident_contribution": {
            "tiers": {
                "一档": {
                    "groups": {
                        "全体": {
                            "individual": _part(rng, complete),
                            "fiscal": _part(rng, complete),
                        },
                        "学生儿童": {"individual": _part(rng, complete)},
                    }
                }
            }
        },
        "employee_contribution": {
            "base_floor": _fact(rng, _money(rng, 2000, 7000), complete),
            "base_cap": _fact(rng, _money(rng, 20000, 40000), complete),
            "tiers": {"一档": _employee_tier(rng, complete)},
        },
    }
    critical = {}
    for scheme in ("resident", "employee"):
        if rng.random() < 0.85:
            critical[scheme] = _critical(rng, complete)
        if (
            rng.random() < 0.3
        ):  # the national continuous-enrolment incentive, which every region inherits
            critical.setdefault(scheme, {})["incentive"] = {
                "start_after_years": _fact(rng, 4, complete),
                "cap_raise_per_year": _fact(rng, 1000, complete),
            }
    if critical:
        params["critical_illness"] = critical
    return {
        "schema_version": 1,
        "code": "999999",
        "name": "测试市",
        "short_name": "测试",
        "level": "city",
        "parents": ["100000"],
        "file": FILE,
        "hospital_levels": levels,
        "insurance_year_start": "01-01",
        "sources": SOURCES,
        "params": params,
    }


def _part(rng, complete):
    if rng.random() < 0.5:
        return {"amount": _fact(rng, _money(rng, 100, 1200), complete)}
    return {
        "rate": _fact(
            rng, _ratio(rng, 1, 5) / 2 if rng.random() < 0.3 else _ratio(rng, 1, 5), complete
        ),
        "base": _fact(rng, _money(rng, 30000, 70000), complete),
    }


def _employee_tier(rng, complete):
    tier = {
        "employer_rate": _fact(rng, _ratio(rng, 4, 10), complete),
        "employee_rate": _fact(rng, rng.choice([0.02, 0.005, 0.01]), complete),
    }
    if rng.random() < 0.7:
        tier["flexible_rate"] = _fact(rng, _ratio(rng, 5, 12), complete)
    if rng.random() < 0.4:
        tier["flexible_monthly_amount"] = _fact(rng, _money(rng, 300, 900), complete)
    return tier


CROSS_CHOICES = [
    "none",
    "none",
    "none",
    "long_term",
    "referral",
    "emergency",
    "temporary",
    "unfiled",
    "unreferred",
]


def _bill(rng, region, visit):
    """A bill's own fields: amounts that fit inside the total, a level for a stay, a disease."""
    total = _money(rng, 1, rng.choice([1000, 50000, 300000, 2000000]))
    rest = total
    self_pay = _money(rng, 0, int(rest)) if rng.random() < 0.4 and rest >= 1 else 0
    rest -= self_pay
    class_b = _money(rng, 0, int(rest)) if rng.random() < 0.4 and rest >= 1 else 0
    bill = {"visit": visit, "total": total, "self_pay": self_pay, "class_b_self_pay": class_b}
    if visit == "inpatient":
        bill["level"] = rng.choice(region["hospital_levels"])
    if visit == "two_diseases":
        bill["disease"] = rng.choice(["高血压", "糖尿病"])
    return bill


def _reimbursement_inputs(rng, region):
    visit = rng.choice(
        ["inpatient", "inpatient", "inpatient", "outpatient", "chronic", "two_diseases"]
    )
    scheme = (
        "resident" if visit == "two_diseases" else rng.choice(["resident", "employee", "retiree"])
    )
    bill = _bill(rng, region, visit)
    inputs = {"scheme": scheme, "visit": visit}
    inputs.update((k, v) for k, v in bill.items() if k not in ("visit", "level", "disease"))
    if visit == "inpatient":
        inputs["level"] = bill["level"]
        inputs["admission"] = rng.choice([1, 1, 2, 3])
        inputs["hardship"] = rng.random() < 0.2
        if rng.random() < 0.15:
            inputs["include_critical_illness"] = False
    else:
        inputs["deductible_met"] = rng.random() < 0.3
    if visit == "two_diseases":
        inputs["disease"] = bill["disease"]
    if rng.random() < 0.3:
        inputs["fund_paid_this_year"] = _money(rng, 0, 600000)
    inputs["cross_region"] = rng.choice(CROSS_CHOICES)
    return inputs


def _year_inputs(rng, region):
    """A year of 1–6 bills, mostly stays; 两病 only for residents."""
    scheme = rng.choice(["resident", "employee", "retiree"])
    visits = ["inpatient", "inpatient", "inpatient", "outpatient", "chronic"]
    if scheme == "resident":
        visits.append("two_diseases")
    bills = []
    for _ in range(rng.choice([1, 1, 2, 3, 4, 6])):
        bill = _bill(rng, region, rng.choice(visits))
        if rng.random() < 0.2:
            bill["cross_region"] = rng.choice(CROSS_CHOICES)
        bills.append(bill)
    inputs = {"scheme": scheme, "hardship": rng.random() < 0.2, "bills": bills}
    if rng.random() < 0.5:
        inputs["cross_region"] = rng.choice(CROSS_CHOICES)
    if rng.random() < 0.3:
        inputs["fund_paid_this_year"] = _money(rng, 0, 600000)
    return inputs


def _contribution_inputs(rng, region):
    scheme = rng.choice(["resident", "employee", "flexible"])
    if scheme == "resident":
        return {"scheme": scheme, "tier": "一档", "group": rng.choice(["全体", "学生儿童"])}
    if scheme == "employee":
        return {"scheme": scheme, "tier": "一档", "monthly_wage": _money(rng, 1, 80000)}
    inputs = {"scheme": scheme, "tier": "一档"}
    if rng.random() < 0.7:
        inputs["base"] = _money(rng, 1, 60000)
    return inputs


def _waiting_inputs(rng, region):
    breaks = rng.choice([0, 0, 1, 2, 3, 4, 5, 8])
    return {
        "break_years": breaks,
        "paid_back_years": rng.randint(0, breaks),
        "late_enrolment": rng.random() < 0.5,
        "exempt": rng.random() < 0.1,
    }


_INPUTS = {
    "reimbursement": _reimbursement_inputs,
    "year": _year_inputs,
    "contribution": _contribution_inputs,
    "waiting_period": _waiting_inputs,
}


def _spoil(rng, request):
    """Make one field of a request wrong, the way a reader's form or a typo would."""
    inputs = request["inputs"]
    if inputs.get("bills") and rng.random() < 0.5:  # a year: spoil one field of one bill
        inputs = rng.choice(inputs["bills"])
    key = rng.choice(sorted(inputs)) if inputs else "total"
    inputs[key] = rng.choice(["", "abc", -5, 1e9, None, "1,000", True, [], {}, 12.345, "  "])
    return request


def make_request(rng, kind=None, complete=True, valid=True):
    """One request: kind (random if None), a random region, fitting inputs; spoilt if not valid."""
    kind = kind or rng.choice(
        ["reimbursement"] * 6 + ["year"] * 3 + ["contribution"] * 3 + ["waiting_period"]
    )
    region = make_region(rng, complete)
    request = {
        "kind": kind,
        "date": rng.choice(DATES),
        "params": region,
        "inputs": _INPUTS[kind](rng, region),
    }
    return request if valid else _spoil(rng, request)


def generate_requests(n, seed):
    """N deterministic JSON-able requests for a seed: mostly complete, some missing, some bad."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        roll = rng.random()
        out.append(make_request(rng, complete=roll < 0.75, valid=roll < 0.93))
    return out


def requests(kind=None, complete=True, valid=True):
    """A Hypothesis strategy of requests built by make_request."""
    return st.randoms(use_true_random=False).map(
        lambda rng: make_request(rng, kind, complete, valid)
    )


def reimbursement_requests(complete=True):
    """Valid reimbursement requests."""
    return requests("reimbursement", complete)


def contribution_requests(complete=True):
    """Valid contribution requests."""
    return requests("contribution", complete)


def waiting_period_requests(complete=True):
    """Valid waiting-period requests."""
    return requests("waiting_period", complete)


def year_requests(complete=True):
    """Valid requests for a year of bills."""
    return requests("year", complete)


_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**12), 10**12)
    | st.floats(allow_nan=True)
    | st.text(max_size=12)
    | st.sampled_from(
        [
            "reimbursement",
            "year",
            "contribution",
            "waiting_period",
            "2026-03-01",
            "inpatient",
            "三级",
            "resident",
        ]
    )
)


def json_like():
    """Arbitrary JSON-like values, often shaped like a request."""
    values = st.recursive(
        _SCALARS,
        lambda kids: (
            st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=8), kids, max_size=4)
        ),
        max_leaves=20,
    )
    shaped = st.fixed_dictionaries(
        {},
        optional={
            "kind": values
            | st.sampled_from(["reimbursement", "year", "contribution", "waiting_period"]),
            "date": values | st.just("2026-03-01"),
            "params": values,
            "inputs": values,
        },
    )
    return values | shaped | requests(valid=False) | requests(complete=False)
