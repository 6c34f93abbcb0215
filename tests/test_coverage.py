"""A complete set of figures: what counts, what does not, and what the real data lacks."""

from __future__ import annotations

import pytest
from fixtures.datasets import ROOT, real_data_as_of

from generator import coverage
from generator.model import build_model

AS_OF = "2026-11-30"


def fact(value, date="2026-01-01", **extra):
    return {"values": [{"from": date, "value": value, "grade": "B", **extra}], "bound": None}


def full_region() -> dict:
    """A city with every part of the set, all in force on AS_OF."""
    levels = ["一级", "二级"]
    return {
        "code": "360100",
        "name": "南昌市",
        "hospital_levels": levels,
        "insurance_year_start": "01-01",
        "hotlines": [{"number": "0791-1", "purpose": "咨询", "region": "360100"}],
        "params": {
            "resident_contribution": {
                "tiers": {
                    "一档": {
                        "groups": {
                            "全体": {
                                "individual": {"amount": fact(400)},
                                "fiscal": {"amount": fact(700)},
                            }
                        }
                    }
                }
            },
            "inpatient": {
                "resident": {
                    "levels": {lv: {"deductible": fact(100), "ratio": fact(0.9)} for lv in levels},
                    "annual_cap": fact(100000),
                }
            },
            "critical_illness": {
                "resident": {
                    "deductible": fact(15000),
                    "segments": fact([{"from": 15000, "ratio": 0.6}]),
                    "cap": fact(None),  # stated: no cap
                }
            },
        },
    }


def test_a_full_region_is_complete():
    got = coverage.region_set(full_region(), AS_OF)
    assert got["complete"] and got["missing"] == [] and got["derived"] == []


@pytest.mark.parametrize(
    ("change", "missing"),
    [
        (lambda r: r["params"].pop("resident_contribution"), "本年度的居民医保个人缴费和财政补助（按人群）"),
        (
            lambda r: r["params"]["resident_contribution"]["tiers"]["一档"]["groups"]["全体"].update(
                fiscal={"amount": fact(700, "2025-01-01")}
            ),
            "本年度的居民医保个人缴费和财政补助（按人群）",
        ),
        (lambda r: r.update(hotlines=[{"number": "12345", "purpose": "投诉举报", "region": "360100"}]), "本地的综合或咨询电话"),
        (lambda r: r.update(hotlines=[{"number": "12393", "purpose": "综合", "region": "100000"}]), "本地的综合或咨询电话"),
        (lambda r: r["params"]["inpatient"]["resident"]["levels"].pop("二级"), "居民医保住院起付线和报销比例（每个医院等级）"),
        (
            lambda r: r["params"]["inpatient"]["resident"]["levels"]["一级"].update(
                ratio=fact(0.9, flag="来源前后矛盾")
            ),
            "居民医保住院起付线和报销比例（每个医院等级）",
        ),
        (lambda r: r["params"]["inpatient"]["resident"].pop("annual_cap"), "居民医保住院年度最高支付限额"),
        (lambda r: r["params"]["critical_illness"]["resident"].pop("deductible"), "大病保险起付线"),
        (lambda r: r["params"]["critical_illness"]["resident"].update(segments=fact(None)), "大病保险分段报销比例"),
        (lambda r: r["params"]["critical_illness"]["resident"].pop("cap"), "大病保险最高支付限额"),
        (lambda r: r["params"]["critical_illness"]["resident"].update(cap=fact(1, "2027-01-01")), "大病保险最高支付限额"),
    ],
)  # fmt: skip
def test_each_missing_or_unusable_part_is_named(change, missing):
    """Absent, last year's, national, flagged, null or future figures do not make a set."""
    region = full_region()
    change(region)
    got = coverage.region_set(region, AS_OF)
    assert got["missing"] == [missing]


def test_derived_parts_are_named():
    region = full_region()
    region["params"]["inpatient"]["resident"]["annual_cap"] = fact(100000, derived="推断")
    assert coverage.region_set(region, AS_OF)["derived"] == ["居民医保住院年度最高支付限额"]


def test_the_real_data_says_what_each_capital_lacks():
    """南昌 has its hotline, inpatient rules and 江西's 大病 rules (the deductible computed from the
    province's income, so derived); it lacks this year's resident contribution."""
    model = build_model(ROOT / "data", real_data_as_of())
    sets = {r["code"]: r for r in coverage.complete_sets(model)}
    assert sets["360100"]["missing"] == [
        "本年度的居民医保个人缴费和财政补助（按人群）",
    ]
    assert sets["360100"]["derived"] == ["大病保险起付线"]
    capitals = coverage.capital_codes(model)
    assert {"110000", "310000", "360100", "420100"} <= set(capitals)
    assert "440300" not in capitals and "100000" not in capitals
    assert all(r["complete"] == (r["missing"] == []) for r in coverage.complete_sets(model))
