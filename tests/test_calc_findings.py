"""Estimates say only what is true: fallbacks are named, unused figures are not cited, derived ones are.

The hand-computed cases in tests/calc/cases/ cover the arithmetic; these tests cover what a case
cannot state well: comparisons between two estimates, and the absence of a note.
"""

import copy
import json
from pathlib import Path

import calc
from generator.render import make_env
from generator.worked_examples import examples_for_region

HERE = Path(__file__).parent / "calc"


def load_region(name):
    """A fixture region in the resolved-JSON shape."""
    return json.loads((HERE / "regions" / f"{name}.json").read_text(encoding="utf-8"))


def run(region, kind="reimbursement", date="2026-03-01", **inputs):
    """calc.run on a fixture region (a name or a dict)."""
    params = load_region(region) if isinstance(region, str) else region
    return calc.run({"kind": kind, "date": date, "params": params, "inputs": inputs})


STAY = {"scheme": "employee", "visit": "inpatient", "level": "三级", "total": 500000}


def test_a_hardship_reader_without_a_hardship_rule_pays_what_an_ordinary_reader_pays():
    """No hardship rule in the data: the ordinary 大病保险 rule, the same result, and a note."""
    ordinary = run("shilishi", **STAY)
    hardship = run("shilishi", **STAY, hardship=True)
    assert ordinary["ok"] and hardship["ok"]
    assert hardship["summary"] == ordinary["summary"]
    assert hardship["summary"]["critical_illness"] != "0.00"
    assert any("按普通参保人的大病保险规则计算" in n for n in hardship["notes"])
    assert not any("按普通参保人" in n for n in ordinary["notes"])


def test_a_partial_hardship_rule_falls_back_to_the_ordinary_rule_and_names_what_is_missing():
    """Hardship segments missing: the ordinary rule is used; the notes say what to add and where."""
    region = load_region("nanchang")
    del region["params"]["critical_illness"]["resident"]["hardship"]["segments"]
    stay = {"scheme": "resident", "visit": "inpatient", "level": "三级", "total": 50000}
    ordinary = run(region, **stay)
    hardship = run(region, **stay, hardship=True)
    assert hardship["summary"] == ordinary["summary"]
    assert ordinary["summary"]["critical_illness"] == "2016.00"  # (20360 − 17000) × 0.60
    assert any("特困、低保等人员 · 分段报销比例" in n for n in hardship["notes"])
    assert any("按普通参保人的大病保险规则计算" in n for n in hardship["notes"])


def test_a_complete_hardship_rule_is_used():
    """With the hardship rule in the data, the hardship reader gets its lower deductible."""
    stay = {"scheme": "resident", "visit": "inpatient", "level": "三级", "total": 50000}
    ordinary = run("nanchang", **stay)
    hardship = run("nanchang", **stay, hardship=True)
    # (20360 − 8500) × 0.65 = 7709 against (20360 − 17000) × 0.60 = 2016
    assert hardship["summary"]["critical_illness"] == "7709.00"
    assert ordinary["summary"]["critical_illness"] == "2016.00"


def test_deductible_met_is_refused_on_a_hospital_stay_but_still_used_for_outpatient_care():
    """Never silently ignored: an error for a stay, a deductible of 0 for outpatient care."""
    stay = run("nanchang", **STAY | {"scheme": "resident"}, deductible_met=True)
    assert stay["ok"] is False
    assert [e["field"] for e in stay["errors"]] == ["inputs.deductible_met"]
    visit = {"scheme": "employee", "visit": "outpatient", "total": 1500}
    met = run("shilishi", **visit, deductible_met=True)
    unmet = run("shilishi", **visit)
    assert met["summary"]["fund"] == "1050.00"  # 1500 × 0.70
    assert unmet["summary"]["fund"] == "350.00"  # (1500 − 1000) × 0.70


def test_money_paid_by_the_fund_earlier_counts_towards_the_critical_illness_deductible():
    """The same stay after earlier bills gets at least as much 大病保险, never the deductible twice."""
    stay = {"scheme": "resident", "visit": "inpatient", "level": "三级", "total": 50000}
    alone = run("nanchang", **stay)
    later = run("nanchang", **stay, fund_paid_this_year=60000)
    # earlier: 60000 × 0.40 / 0.60 = 40000 counted (past 17000); now 20360 × 0.60 = 12216
    assert later["summary"]["critical_illness"] == "12216.00"
    assert alone["summary"]["critical_illness"] == "2016.00"
    assert any(line["rule"] == "critical_illness_before" for line in later["breakdown"])


def test_notes_cite_only_the_figures_the_estimate_used():
    """A C-grade in-service ratio is not mentioned when a retiree's own ratio was used instead."""
    region = load_region("shilishi")
    level = region["params"]["inpatient"]["employee"]["levels"]["三级"]
    level["ratio"]["values"][0]["grade"] = "C"
    level["retiree_ratio"]["values"][0]["grade"] = "C"
    stay = {"visit": "inpatient", "level": "三级", "total": 10000}
    retiree = run(region, scheme="retiree", **stay)
    employee = run(region, scheme="employee", **stay)
    assert [n for n in retiree["notes"] if "来源待核实" in n] == [
        "住院 · 职工医保 · 三级 · 退休人员报销比例（0.92）的来源待核实，请以当地医保部门公布的为准。"
    ]
    assert [n for n in employee["notes"] if "来源待核实" in n] == [
        "住院 · 职工医保 · 三级 · 报销比例（0.85）的来源待核实，请以当地医保部门公布的为准。"
    ]


def test_the_employee_base_line_cites_the_floor_only_when_the_floor_was_used():
    """A wage between floor and cap is the base: no source, no caveat about the floor or cap."""
    region = load_region("shenzhen")
    params = region["params"]["employee_contribution"]
    for key in ("base_floor", "base_cap"):
        params[key]["values"][-1]["grade"] = "C"
    floor = params["base_floor"]["values"][-1]["value"]
    cap = params["base_cap"]["values"][-1]["value"]
    tier = "一档"
    between = run(region, "contribution", scheme="employee", tier=tier, monthly_wage=floor + 1)
    below = run(region, "contribution", scheme="employee", tier=tier, monthly_wage=floor - 1)
    above = run(region, "contribution", scheme="employee", tier=tier, monthly_wage=cap + 1)
    line = next(x for x in between["breakdown"] if x["rule"] == "base")
    assert line["source"] is None and line["param"] is None
    assert not any("缴费基数" in n and "待核实" in n for n in between["notes"])
    floor_line = next(x for x in below["breakdown"] if x["rule"] == "base_floor")
    assert floor_line["param"] == "employee_contribution.base_floor"
    assert any("缴费基数下限" in n and "待核实" in n for n in below["notes"])
    assert not any("缴费基数上限" in n for n in below["notes"])
    assert any("缴费基数上限" in n and "待核实" in n for n in above["notes"])


def test_a_derived_value_used_gets_a_note_and_a_read_one_does_not():
    """derived on the value entry: a note naming the figure and how it was derived."""
    derived = run("yangben", scheme="employee", visit="inpatient", level="一级", total=10000)
    read = run("yangben", scheme="employee", visit="inpatient", level="三级", total=10000)
    assert derived["ok"] and read["ok"]
    assert (
        "住院 · 职工医保 · 一级 · 起付线（1000）是推算的：样本市的职工医保起付线只有一个数，"
        "各级医院都按它算。"
    ) in derived["notes"]
    assert not any("推算" in n for n in read["notes"])


def test_value_entries_without_the_derived_key_are_read_values():
    """Older region JSON has no derived key: no note; derived null or blank: no note either."""
    region = load_region("nanchang")
    stay = {"scheme": "resident", "visit": "inpatient", "level": "三级", "total": 50000}
    assert not any("推算" in n for n in run(region, **stay)["notes"])
    entry = region["params"]["inpatient"]["resident"]["levels"]["三级"]["deductible"]["values"][0]
    for blank in (None, "", "  "):
        entry["derived"] = blank
        assert not any("推算" in n for n in run(region, **stay)["notes"])


def test_the_waiting_period_follows_the_free_break_years_the_data_states():
    """The same break gives one month less when the data says the first year adds nothing."""
    region = load_region("nanchang")
    assert run(region, "waiting_period", break_years=2)["summary"]["months"] == 5
    changed = copy.deepcopy(region)
    changed["params"]["waiting_period"]["free_break_years"]["values"][0]["value"] = 1
    result = run(changed, "waiting_period", break_years=2)
    assert result["summary"]["months"] == 4
    assert any(x["rule"] == "free_break_years" for x in result["breakdown"])
    entry = region["params"]["waiting_period"]["free_break_years"]["values"][0]
    entry["derived"] = "原文没有写哪一年断保不计，本站按断保的每一年都加 1 个月计算"
    noted = run(region, "waiting_period", break_years=2)["notes"]
    assert any(n.startswith("待遇等待期 · 不增加变动等待期的断保年数（0）是推算的") for n in noted)
    changed["params"]["waiting_period"]["free_break_years"]["values"][0]["value"] = 2
    shorter = run(changed, "waiting_period", break_years=1)
    assert shorter["summary"]["months"] == 3  # more free years than the break: nothing added
    assert any("断保 1 年，其中 1 年不另加" in x["text"] for x in shorter["breakdown"])


def test_worked_examples_show_untallied_critical_illness_as_not_counted():
    """A region without a 大病保险 rule: the table says 未计, never 0, and says why."""
    region = load_region("yangben")
    examples = examples_for_region({"as_of": "2026-03-01"}, region, "2026-03-01")
    tables = {t["scheme"]: t for t in examples["tables"]}
    employee = tables["employee"]
    assert {row["critical_illness"] for row in employee["rows"]} == {"未计"}
    assert employee["no_critical_illness_rule"] and not employee["without_critical_illness"]
    resident = tables["resident"]
    assert "未计" not in {row["critical_illness"] for row in resident["rows"]}
    assert not resident["no_critical_illness_rule"]
    template = make_env().get_template("partials/worked_examples.html")
    html = template.render(worked_examples=dict(examples, tables=[employee]))
    assert html.count(">未计</td>") == len(employee["rows"]) and ">0</td>" not in html
    assert "本站还没有收录本地的大病保险规定" in html
