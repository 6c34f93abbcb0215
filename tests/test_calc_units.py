"""The small modules behave as their docstrings say: money, params, labels and request checks."""

import copy
import json
from decimal import Decimal
from pathlib import Path

import pytest

import calc
from calc.errors import DataError, FieldErrors, Missing
from calc.labels import label
from calc.money import fmt_money, fmt_number, fmt_percent, fmt_ratio, round_money, to_decimal
from calc.params import Params
from calc.request import validate


def fact(*entries, bound=None):
    """A fact from (from, value, flag) triples."""
    values = [
        {
            "from": f,
            "value": v,
            "source": "s",
            "grade": "B",
            "verified": "2026-11-24",
            "flag": flag,
            "note": None,
            "file": "data/regions/999999-x.yaml",
            "line": 7,
        }
        for f, v, flag in entries
    ]
    return {"values": values, "bound": bound}


def region(**params):
    return {
        "name": "某市",
        "file": "data/regions/999999-x.yaml",
        "params": params,
        "sources": {"s": {"title": "来源", "url": "https://example.gov.cn", "grade": "A"}},
    }


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("0.005", "0.01"),
        ("0.004999", "0.00"),
        ("2.675", "2.68"),
        ("-0.001", "0.00"),
        ("1234.5", "1234.50"),
        ("100.905", "100.91"),
        ("33.635", "33.64"),
    ],
)
def test_money_rounds_half_up_to_the_fen(text, shown):
    """Half a fen goes up (not to even), and there is never a "-0.00"."""
    assert fmt_money(Decimal(text)) == shown
    assert str(round_money(Decimal(text))) == shown


def test_number_formats():
    """Figures print as written, ratios with two decimals at least, percentages for prose."""
    assert fmt_number(Decimal("1E+3")) == "1000"
    assert fmt_number(Decimal("800.00")) == "800"
    assert fmt_ratio(Decimal("1")) == "1.00"
    assert fmt_ratio(Decimal("0.055")) == "0.055"
    assert fmt_percent(Decimal("0.6")) == "60%"
    assert fmt_percent(Decimal("0.055")) == "5.5%"


@pytest.mark.parametrize(
    "bad",
    [True, False, None, [], {}, "", "abc", "NaN", "Infinity", float("nan"), float("inf"), "1" * 41],
)
def test_to_decimal_refuses_what_is_not_a_finite_number(bad):
    """Booleans, empties, words, NaN and infinities are not numbers."""
    with pytest.raises(ValueError):
        to_decimal(bad)


def test_to_decimal_is_exact_for_floats_and_strings():
    """0.1 stays 0.1 (via repr), strings are read as written."""
    assert to_decimal(0.1) == Decimal("0.1")
    assert to_decimal(" 12.50 ") == Decimal("12.50")
    assert to_decimal(7) == Decimal(7)


def test_params_pick_the_latest_value_on_or_before_the_date():
    """The value with the latest `from` not after the date wins, whatever the list order."""
    p = Params(region(x=fact(("2026-01-01", 0.06, None), ("2024-01-01", 0.05, None))), "2025-12-31")
    assert p.fact(("x",)).value == Decimal("0.05")
    p = Params(region(x=fact(("2026-01-01", 0.06, None), ("2024-01-01", 0.05, None))), "2026-01-01")
    assert p.fact(("x",)).value == Decimal("0.06")


def test_a_flagged_latest_value_is_missing_even_with_an_older_clean_one():
    """A flagged value is never used, and the calculator does not fall back to an outdated one."""
    p = Params(
        region(x=fact(("2024-01-01", 5, None), ("2026-01-01", 6, "与其他来源不一致"))), "2026-03-01"
    )
    with pytest.raises(Missing) as err:
        p.fact(("x",))
    item = err.value.items[0]
    assert item["param"] == "x" and item["where"] == "data/regions/999999-x.yaml"
    assert "与其他来源不一致" in item["message"] and item["line"] == 7
    assert "data/" not in item["message"]  # readers get the doubt; maintainers get file and line


def test_null_ends_a_fact_unless_nullable():
    """value null ends a fact; for a nullable fact (大病保险 cap) it means no cap."""
    p = Params(region(x=fact(("2024-01-01", 5, None), ("2025-01-01", None, None))), "2026-03-01")
    with pytest.raises(Missing):
        p.fact(("x",))
    assert p.fact(("x",), nullable=True).value is None


def test_gather_names_every_missing_fact_at_once():
    """One Missing lists all absent facts, in the order asked."""
    p = Params(region(a=fact(("2024-01-01", 1, None))), "2026-03-01")
    with pytest.raises(Missing) as err:
        p.gather(
            [(("b",), "number", False), (("a",), "number", False), (("c", "d"), "ratio", False)]
        )
    assert [i["param"] for i in err.value.items] == ["b", "c.d"]


def test_malformed_facts_are_data_errors():
    """A ratio above 1, a negative figure, a word or a shape that is not a fact are data errors."""
    for bad in (
        fact(("2024-01-01", 1.2, None)),
        fact(("2024-01-01", -1, None)),
        fact(("2024-01-01", "一", None)),
        {"value": 3},
        fact(("2024/01/01", 1, None)),
    ):
        with pytest.raises(DataError):
            Params(region(x=bad), "2026-03-01").fact(("x",), kind="ratio")


def test_a_missing_figure_is_told_in_reader_words_and_the_file_apart():
    """The message names the region and the figure in words; the data file is only in `where`."""
    p = Params({"name": "某市", "params": {}}, "2026-03-01")
    with pytest.raises(Missing) as err:
        p.fact(("inpatient", "resident", "annual_cap"))
    item = err.value.items[0]
    assert item["where"] is None
    assert item["message"] == "某市的数据缺少：住院 · 居民医保 · 统筹基金年度最高支付限额。"


def test_labels_skip_structural_keys():
    """levels, tiers and groups are structure, not words a reader needs."""
    assert (
        label(("inpatient", "resident", "levels", "三级", "deductible"))
        == "住院 · 居民医保 · 三级 · 起付线"
    )
    assert (
        label(("resident_contribution", "tiers", "一档", "groups", "学生儿童", "individual"))
        == "居民医保缴费 · 一档 · 学生儿童 · 个人缴费"
    )


def test_request_defaults_and_normalisation():
    """Optional amounts default to 0, flags to false, cross_region to none; strings to Decimal."""
    _, _, _, inputs = validate(
        {
            "kind": "reimbursement",
            "date": "2026-03-01",
            "params": {"hospital_levels": ["三级"]},
            "inputs": {
                "scheme": "resident",
                "visit": "inpatient",
                "level": "三级",
                "total": "1000.5",
                "hardship": "true",
                "self_pay": "",
            },
        }
    )
    assert inputs["total"] == Decimal("1000.5")
    assert inputs["self_pay"] == 0 and inputs["class_b_self_pay"] == 0
    assert inputs["hardship"] is True and inputs["deductible_met"] is False
    assert inputs["cross_region"] == "none" and inputs["admission"] == 1
    assert inputs["include_critical_illness"] is True


@pytest.mark.parametrize(
    "date", ["2026-02-29", "2026-13-01", "26-03-01", "２０２６-03-01", 20260301, None]
)
def test_request_dates_must_be_real_iso_dates(date):
    """Impossible, short, full-width or non-string dates are refused."""
    with pytest.raises(FieldErrors) as err:
        validate({"kind": "waiting_period", "date": date, "params": {}, "inputs": {}})
    assert err.value.items[0]["field"] == "date"


def test_care_outside_without_the_required_referral_takes_its_own_cut():
    """运城's cut for care outside the city without a referral (未按规定转诊) is a choice of its own."""
    region = json.loads(
        (Path(__file__).parent / "calc" / "regions" / "nanchang.json").read_text("utf-8")
    )
    region = copy.deepcopy(region)
    region["params"]["cross_region"]["cuts"]["unreferred"] = {
        "values": [{"from": "2025-01-01", "value": 0.2, "source": None, "grade": "C"}],
        "bound": None,
    }
    inputs = {"scheme": "resident", "visit": "inpatient", "level": "一级", "total": 10000}
    home = calc.run(
        {"kind": "reimbursement", "date": "2026-03-01", "params": region, "inputs": inputs}
    )
    away = calc.run(
        {
            "kind": "reimbursement",
            "date": "2026-03-01",
            "params": region,
            "inputs": {**inputs, "cross_region": "unreferred"},
        }
    )
    assert home["ok"] and away["ok"]
    cut = next(line for line in away["breakdown"] if line["rule"] == "cross_region_cut")
    assert "未按规定转诊" in cut["text"] and "降低 20 个百分点" in cut["text"]
    assert Decimal(away["summary"]["fund"]) < Decimal(home["summary"]["fund"])


def test_a_resident_contribution_without_this_years_subsidy_still_says_what_you_pay():
    """南昌 2026: the individual amount is known, the fiscal subsidy ended; the reader's share is shown."""

    def amount(*values):
        return {
            "amount": {
                "values": [
                    {"from": f, "value": v, "source": None, "grade": "C"} for f, v in values
                ],
                "bound": None,
            }
        }

    region = {
        "name": "南昌市",
        "params": {
            "resident_contribution": {
                "tiers": {
                    "一档": {
                        "groups": {
                            "全体": {
                                "individual": amount(("2025-01-01", 400)),
                                "fiscal": amount(("2025-01-01", 670), ("2026-01-01", None)),
                            }
                        }
                    }
                }
            }
        },
    }
    result = calc.run(
        {
            "kind": "contribution",
            "date": "2026-03-01",
            "params": region,
            "inputs": {"scheme": "resident", "tier": "一档", "group": "全体"},
        }
    )
    assert result["ok"], result
    assert result["summary"]["individual_per_year"] == "400.00"
    assert result["summary"]["fiscal_per_year"] is None
    assert any("没有写明这一年的财政补助" in n for n in result["notes"])
