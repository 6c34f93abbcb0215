"""calc.limits: every kind of figure has a plausible upper bound, and calc refuses figures above it."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

import calc
from calc import limits
from tests.schema_roots import param_roots

HERE = Path(__file__).parent / "calc"
REPO = Path(__file__).resolve().parent.parent
PARAM_ROOTS = param_roots()


def load_region(name):
    """A fixture region in the resolved-JSON shape."""
    return json.loads((HERE / "regions" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("path", "maximum", "unit"),
    [
        ("inpatient.resident.levels.三级.deductible", 20_000, "元"),
        ("outpatient.employee.deductible", 20_000, "元"),
        ("critical_illness.resident.deductible", 100_000, "元"),
        ("critical_illness.resident.hardship.deductible", 100_000, "元"),
        ("inpatient.employee.annual_cap", 5_000_000, "元"),
        ("critical_illness.employee.cap", 5_000_000, "元"),
        ("critical_illness.employee.segments", 5_000_000, "元"),
        ("outpatient.resident.annual_limit", 100_000, "元"),
        ("chronic.resident.levels.三级.annual_limit", 1_000_000, "元"),
        ("two_diseases.resident.limits.糖尿病", 10_000, "元"),
        ("inpatient.resident.levels.一级.ratio", 1, "比例"),
        ("inpatient.employee.repeat_admission_deductible_factor", 1, "比例"),
        ("cross_region.cuts.referral", 1, "比例"),
        ("cross_region.ratios.广东", 1, "比例"),
        ("employee_contribution.tiers.一档.employer_rate", 1, "比例"),
        ("employee_contribution.base_cap", 100_000, "元/月"),
        ("employee_contribution.tiers.一档.flexible_monthly_amount", 20_000, "元/月"),
        ("resident_contribution.tiers.一档.groups.全体.individual.amount", 10_000, "元/年"),
        ("resident_contribution.tiers.一档.groups.全体.fiscal.base", 1_000_000, "元/年"),
        ("resident_contribution_minimum.individual", 10_000, "元/年"),
        ("waiting_period.fixed_months", 24, "个月"),
        ("waiting_period.long_break_years", 50, "年"),
        ("critical_illness.resident.incentive.cap_raise_per_year", 100_000, "元"),
    ],
)
def test_each_kind_of_figure_has_its_bound_and_unit(path, maximum, unit):
    """bound_for answers for a dotted path as the data check and calc both see it."""
    assert limits.bound_for(path) == (Decimal(maximum), unit)


def test_text_and_unknown_paths_have_no_bound():
    """Lists of words and paths the module does not know are not bounded."""
    assert limits.bound_for("waiting_period.exempt_groups") is None
    assert limits.bound_for("topics.enrol") is None


def test_every_numeric_parameter_in_the_data_has_a_bound_and_is_within_it():
    """Every number in data/ has a bound, and every value not flagged as doubtful is within it."""
    import yaml

    unbounded, too_big, checked = set(), [], []

    def walk(node, path):
        if isinstance(node, dict) and "values" in node:
            for entry in (node["values"] or {}).values():
                if isinstance(entry, dict) and entry.get("flag"):
                    continue  # already marked as doubtful: calc never uses it
                value = entry.get("value") if isinstance(entry, dict) else entry
                numbers = value if isinstance(value, list) else [value]
                if not any(isinstance(x, (int, float, dict)) for x in numbers):
                    continue
                dotted = ".".join(path)
                checked.append(dotted)
                if limits.bound_for(dotted) is None:
                    unbounded.add(dotted)
                elif limits.problem(dotted, value):
                    too_big.append((dotted, value))
            return
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, [*path, str(key)])

    files = [REPO / "data" / "national.yaml", *sorted((REPO / "data" / "regions").glob("*.yaml"))]
    for file in files:
        data = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
        for key in PARAM_ROOTS:
            walk(data.get(key), [key])
    assert len(checked) > 50, checked
    assert not unbounded, sorted(unbounded)
    assert not too_big, too_big


def test_problem_explains_a_figure_above_its_bound():
    """An extra zero or a percentage written as a whole number gets a message, within bounds none."""
    path = "inpatient.resident.levels.三级.deductible"
    assert limits.problem(path, 1200) is None
    assert limits.problem(path, Decimal("20000")) is None
    assert limits.problem(path, 120000) == (
        "120000 元超过了合理的上限 20000 元，请核对是否多写了 0 或写错了单位"
    )
    assert "比例应在 0 到 1 之间" in limits.problem("inpatient.resident.levels.三级.ratio", 85)
    segments = "critical_illness.resident.segments"
    assert limits.problem(segments, [{"from": 17000, "ratio": 0.6}]) is None
    assert "超过了合理的上限" in limits.problem(segments, [{"from": 17_000_000, "ratio": 0.6}])
    assert limits.problem("waiting_period.exempt_groups", ["新生儿"]) is None
    assert limits.problem(path, None) is None


def test_calc_refuses_a_region_figure_above_its_bound():
    """A deductible typed with two extra zeros is a data error at its path, not an estimate."""
    region = load_region("nanchang")
    entry = region["params"]["inpatient"]["resident"]["levels"]["三级"]["deductible"]
    entry["values"][0]["value"] = 60000
    result = calc.run(
        {
            "kind": "reimbursement",
            "date": "2026-03-01",
            "params": region,
            "inputs": {"scheme": "resident", "visit": "inpatient", "level": "三级", "total": 9000},
        }
    )
    assert result == {
        "ok": False,
        "errors": [
            {
                "field": "params.params.inpatient.resident.levels.三级.deductible",
                "message": "地区数据不合理：住院 · 居民医保 · 三级 · 起付线 60000 元超过了合理的上限 "
                "20000 元，请核对是否多写了 0 或写错了单位",
            }
        ],
    }


def test_calc_refuses_a_waiting_period_in_years_typed_as_months():
    """Months above the bound are refused too (the bound applies to every kind of figure)."""
    region = load_region("nanchang")
    region["params"]["waiting_period"]["fixed_months"]["values"][0]["value"] = 90
    result = calc.run(
        {
            "kind": "waiting_period",
            "date": "2026-03-01",
            "params": region,
            "inputs": {"late_enrolment": True},
        }
    )
    assert result["ok"] is False
    assert result["errors"][0]["field"] == "params.params.waiting_period.fixed_months"
    assert "90 个月超过了合理的上限 24 个月" in result["errors"][0]["message"]


@pytest.mark.parametrize(
    ("kind", "inputs", "field"),
    [
        (
            "contribution",
            {"scheme": "employee", "tier": "一档", "monthly_wage": 1_000_001},
            "monthly_wage",
        ),
        ("contribution", {"scheme": "flexible", "tier": "一档", "base": 2_000_000}, "base"),
        ("waiting_period", {"break_years": 101}, "break_years"),
        (
            "reimbursement",
            {"scheme": "resident", "visit": "outpatient", "total": 100, "admission": 367},
            "admission",
        ),
        (
            "year",
            {"scheme": "resident", "bills": [{"visit": "outpatient", "total": 1}] * 101},
            "bills",
        ),
    ],
)
def test_calc_refuses_a_reader_input_above_its_bound(kind, inputs, field):
    """Each bounded input gets an error beside its own field, naming the largest allowed value."""
    result = calc.run(
        {"kind": kind, "date": "2026-03-01", "params": load_region("shenzhen"), "inputs": inputs}
    )
    assert result["ok"] is False
    assert [e["field"] for e in result["errors"]] == [f"inputs.{field}"]
    maximum = limits.input_bound(field)[0]
    assert f"{maximum}" in result["errors"][0]["message"]


def test_the_bounds_module_uses_the_standard_library_only():
    """The data check imports calc.limits; it must not pull anything outside the standard library."""
    source = (REPO / "calc" / "limits.py").read_text(encoding="utf-8")
    imports = [
        line.split()[1] for line in source.splitlines() if line.startswith(("import ", "from "))
    ]
    assert imports == ["decimal"]
