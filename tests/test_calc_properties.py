"""Properties every estimate keeps, whatever the region's figures and the reader's inputs."""

import copy
import json
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import calc
from tests.strategies import (
    contribution_requests,
    generate_requests,
    json_like,
    reimbursement_requests,
    waiting_period_requests,
    year_requests,
)

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def pick(region, path, date):
    """A fact's value on a date, read without calc.params (None when absent or null)."""
    node = region["params"]
    for part in path:
        node = node.get(part) if isinstance(node, dict) else None
    if node is None:
        return None
    current = None
    for entry in node["values"]:
        if entry["from"] <= date and (current is None or entry["from"] >= current["from"]):
            current = entry
    return None if current is None or current["value"] is None else Decimal(repr(current["value"]))


def money(text):
    return Decimal(text)


def fund_limit_path(request):
    """Where the fund's yearly limit for this claim lives."""
    inputs = request["inputs"]
    pool = "resident" if inputs["scheme"] == "resident" else "employee"
    visit = inputs["visit"]
    if visit == "inpatient":
        return ("inpatient", pool, "annual_cap")
    if visit == "two_diseases":
        return ("two_diseases", "resident", "limits", inputs["disease"])
    if (
        inputs["scheme"] == "retiree"
        and pick(request["params"], (visit, pool, "retiree_annual_limit"), request["date"])
        is not None
    ):
        return (visit, pool, "retiree_annual_limit")
    return (visit, pool, "annual_limit")


@SETTINGS
@given(reimbursement_requests())
def test_the_three_parts_add_up_to_the_total_and_none_is_negative(request):
    """fund + 大病 + you == total; nothing negative; the reader pays all out-of-scope costs."""
    result = calc.run(request)
    if not result["ok"]:
        assert "missing" in result
        return
    s = result["summary"]
    fund, extra, you, total = (
        money(s["fund"]),
        money(s["critical_illness"]),
        money(s["you_pay"]),
        money(s["total"]),
    )
    assert fund + extra + you == total
    assert min(fund, extra, you) >= 0
    inputs = request["inputs"]
    out_of_scope = Decimal(repr(inputs["self_pay"])) + Decimal(repr(inputs["class_b_self_pay"]))
    assert you >= out_of_scope
    assert fund + extra <= total - out_of_scope


@SETTINGS
@given(
    reimbursement_requests(),
    st.integers(min_value=1, max_value=2_000_000),
    st.sampled_from([0, 0.01, 0.5]),
)
def test_the_readers_share_never_falls_as_the_cost_rises(request, whole, fen):
    """With everything else fixed, a larger bill never leaves the reader paying less."""
    first = calc.run(request)
    if not first["ok"]:
        return
    bigger = copy.deepcopy(request)
    bigger["inputs"]["total"] = request["inputs"]["total"] + whole + fen
    bigger["inputs"]["total"] = float(
        Decimal(repr(bigger["inputs"]["total"])).quantize(Decimal("0.01"))
    )
    second = calc.run(bigger)
    assert second["ok"], second
    assert money(second["summary"]["you_pay"]) >= money(first["summary"]["you_pay"])
    assert money(second["summary"]["fund"]) >= money(first["summary"]["fund"])


@SETTINGS
@given(reimbursement_requests())
def test_no_cap_is_exceeded_and_no_ratio_is_above_100_percent(request):
    """The fund stays within its limit left this year, 大病保险 within its cap, ratios in 0..1."""
    result = calc.run(request)
    if not result["ok"]:
        return
    s, inputs, date = result["summary"], request["inputs"], request["date"]
    limit = pick(request["params"], fund_limit_path(request), date)
    paid = Decimal(repr(inputs.get("fund_paid_this_year", 0)))
    assert money(s["fund"]) <= max(limit - paid, Decimal(0))
    if inputs["visit"] == "inpatient" and money(s["critical_illness"]) > 0:
        pool = "resident" if inputs["scheme"] == "resident" else "employee"
        group = (
            ("critical_illness", pool, "hardship")
            if inputs.get("hardship")
            else ("critical_illness", pool)
        )
        cap = pick(request["params"], (*group, "cap"), date)
        if cap is not None:
            assert money(s["critical_illness"]) <= cap
    assert Decimal(0) <= Decimal(s["ratio"]) <= 1
    for line in result["breakdown"]:
        if line["rule"] in ("ratio", "retiree_ratio", "critical_illness_segment"):
            assert Decimal(0) <= Decimal(line["figure"]) <= 1


@SETTINGS
@given(contribution_requests())
def test_contributions_are_never_negative_and_a_year_is_twelve_months(request):
    """Amounts are ≥ 0, a year is 12 months, an employee's base is clamped to floor and cap."""
    result = calc.run(request)
    if not result["ok"]:
        return
    s = result["summary"]
    for value in s.values():
        assert value is None or money(value) >= 0
    if s["per_month"] is not None:
        assert money(s["per_year"]) == money(s["per_month"]) * 12
    if request["inputs"]["scheme"] == "employee":
        region, date = request["params"], request["date"]
        floor = pick(region, ("employee_contribution", "base_floor"), date)
        cap = pick(region, ("employee_contribution", "base_cap"), date)
        base = money(s["base_per_month"])
        assert base == min(max(Decimal(repr(request["inputs"]["monthly_wage"])), floor), cap)
        assert s["personal_account_per_month"] == s["employee_per_month"]


@SETTINGS
@given(waiting_period_requests())
def test_waiting_periods_are_within_the_rule(request):
    """Exempt: 0 months; else fixed ≤ months ≤ max(fixed + variable × breaks, long-break min)."""
    result = calc.run(request)
    if not result["ok"]:
        assert "missing" in result, result
        return
    months = result["summary"]["months"]
    inputs = request["inputs"]
    assert months >= 0
    if inputs["exempt"]:
        assert months == 0
    elif inputs["late_enrolment"] or inputs["break_years"]:
        region, date = request["params"], request["date"]
        fixed = pick(region, ("waiting_period", "fixed_months"), date)
        per_year = pick(region, ("waiting_period", "variable_months_per_break_year"), date)
        minimum = pick(region, ("waiting_period", "long_break_min_months"), date)
        assert months >= fixed
        assert months <= max(fixed + per_year * inputs["break_years"], minimum)


def as_year(request):
    """The same bill as a year of one bill (a first stay, nothing said about the deductible)."""
    inputs = dict(request["inputs"])
    year_inputs = {
        "scheme": inputs.pop("scheme"),
        "hardship": inputs.pop("hardship", False),
        "fund_paid_this_year": inputs.pop("fund_paid_this_year", 0),
    }
    for key in ("admission", "deductible_met", "include_critical_illness"):
        inputs.pop(key, None)
    year_inputs["bills"] = [inputs]
    return dict(request, kind="year", inputs=year_inputs)


def parts(summary):
    """fund, 大病保险, you pay and total of a summary as Decimals."""
    return [money(summary[k]) for k in ("fund", "critical_illness", "you_pay", "total")]


@SETTINGS
@given(reimbursement_requests())
def test_a_year_of_one_bill_is_the_single_bill_estimate(request):
    """A first stay or an outpatient bill gives the same amounts alone and as a year of one bill."""
    inputs = request["inputs"]
    inputs.update(admission=1, deductible_met=False, include_critical_illness=True)
    if inputs["visit"] != "inpatient":  # in a year, money paid before counts for stays only
        inputs["fund_paid_this_year"] = 0
    single = calc.run(request)
    year = calc.run(as_year(request))
    assert single["ok"] == year["ok"]
    if single["ok"]:
        assert year["summary"] == {k: single["summary"][k] for k in year["summary"]}
        assert year["bills"][0]["summary"] == single["summary"]
    else:
        assert single.get("missing") == year.get("missing")


@SETTINGS
@given(year_requests())
def test_a_years_bills_add_up_to_its_totals_and_none_is_negative(request):
    """Each bill and the year: fund + 大病 + you == total; the year is the sum of its bills."""
    result = calc.run(request)
    if not result["ok"]:
        assert "missing" in result
        return
    bills = result["bills"]
    assert len(bills) == len(request["inputs"]["bills"])
    for bill, asked in zip(bills, request["inputs"]["bills"], strict=True):
        fund, extra, you, total = parts(bill["summary"])
        assert fund + extra + you == total == Decimal(repr(asked["total"]))
        assert min(fund, extra, you) >= 0
        out_of_scope = Decimal(repr(asked["self_pay"])) + Decimal(repr(asked["class_b_self_pay"]))
        assert you >= out_of_scope
        if asked["visit"] != "inpatient":
            assert extra == 0
    columns = zip(*(parts(b["summary"]) for b in bills), strict=True)
    sums = [sum(column, Decimal(0)) for column in columns]
    assert parts(result["summary"]) == sums


@SETTINGS
@given(year_requests())
def test_a_year_stays_within_the_yearly_limits(request):
    """Stays share the fund's yearly cap (after what was paid before); 大病保险 its yearly cap."""
    result = calc.run(request)
    if not result["ok"]:
        return
    inputs, region, date = request["inputs"], request["params"], request["date"]
    pool = "resident" if inputs["scheme"] == "resident" else "employee"
    stays = [
        b
        for b, asked in zip(result["bills"], inputs["bills"], strict=True)
        if asked["visit"] == "inpatient"
    ]
    cap = pick(region, ("inpatient", pool, "annual_cap"), date)
    before = Decimal(repr(inputs.get("fund_paid_this_year", 0)))
    fund = sum((money(b["summary"]["fund"]) for b in stays), Decimal(0))
    assert fund == 0 or fund <= max(cap - before, Decimal(0))
    caps = [
        pick(region, (*group, "cap"), date)
        for group in (("critical_illness", pool), ("critical_illness", pool, "hardship"))
    ]
    if None not in caps:
        assert money(result["summary"]["critical_illness"]) <= max(caps)


@SETTINGS
@given(year_requests(), st.randoms(use_true_random=False))
def test_a_bill_added_at_the_end_leaves_the_earlier_bills_as_they_were(request, rng):
    """Bills are settled in order: a later bill never changes an earlier one's result."""
    inputs = request["inputs"]
    if len(inputs["bills"]) < 2:
        return
    shorter = copy.deepcopy(request)
    shorter["inputs"]["bills"] = inputs["bills"][: rng.randint(1, len(inputs["bills"]) - 1)]
    full, part = calc.run(request), calc.run(shorter)
    if not full["ok"]:
        return
    assert part["ok"]
    assert full["bills"][: len(part["bills"])] == part["bills"]


@SETTINGS
@given(reimbursement_requests())
def test_without_a_hardship_rule_a_hardship_reader_gets_the_ordinary_estimate(request):
    """Where the data has no hardship 大病保险 rule, 低保/特困 never pay more than anyone else."""
    for rules in (request["params"]["params"].get("critical_illness") or {}).values():
        rules.pop("hardship", None)
    inputs = request["inputs"]
    inputs["hardship"] = False
    ordinary = calc.run(request)
    inputs["hardship"] = True
    hardship = calc.run(request)
    assert ordinary.get("summary") == hardship.get("summary")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_like())
def test_run_never_raises_and_always_answers_in_json(request):
    """Any JSON-like input gets a JSON-able answer with ok, and never an internal error."""
    result = calc.run(request)
    assert isinstance(result["ok"], bool)
    text = json.dumps(result, ensure_ascii=False, sort_keys=True)
    assert json.loads(text) == result
    if not result["ok"]:
        items = result.get("errors") or result.get("missing")
        assert items
        assert all(item.get("field") != "internal" for item in result.get("errors", []))
        assert all(isinstance(item["message"], str) and item["message"] for item in items)


def test_generated_requests_are_deterministic_and_answered_without_internal_errors():
    """generate_requests repeats itself for a seed; calc answers all (parity needs both)."""
    first = generate_requests(300, 7)
    assert json.dumps(first, ensure_ascii=False) == json.dumps(
        generate_requests(300, 7), ensure_ascii=False
    )
    assert first != generate_requests(300, 8)
    kinds = {"ok": 0, "errors": 0, "missing": 0}
    for request in first:
        result = calc.run(request)
        assert json.dumps(result, sort_keys=True) == json.dumps(calc.run(request), sort_keys=True)
        assert all(item.get("field") != "internal" for item in result.get("errors", []))
        kinds["ok" if result["ok"] else ("missing" if "missing" in result else "errors")] += 1
    assert kinds["ok"] > 200 and kinds["errors"] > 0 and kinds["missing"] > 0
