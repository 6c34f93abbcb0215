"""Inheritance and date selection: national → province → city → district."""

from __future__ import annotations

import pytest
from fixtures.datasets import AS_OF, make_dataset

from generator import labels
from generator.facts import current, entry_on, iter_facts, worst_grade
from generator.model import build_model
from generator.resolve import merge


@pytest.fixture(scope="module")
def model(tmp_path_factory):
    root = make_dataset(tmp_path_factory.mktemp("resolve"))
    return build_model(root / "data", AS_OF)


def fact(region, path):
    return dict(iter_facts(region["params"]))[path]


DED = "inpatient.resident.levels.三级.deductible"


def test_pick_by_date(model):
    """The value in force is the one with the latest date on or before the day asked."""
    sz = model["regions"]["440300"]
    f = fact(sz, DED)
    assert [e["from"] for e in f["values"]] == ["2024-01-01", "2026-01-01"]
    assert current(f, "2023-12-31") is None
    assert current(f, "2025-12-31")["value"] == 1000
    assert current(f, "2026-01-01")["value"] == 1200
    assert current(f, AS_OF)["value"] == 1200


def test_null_ends_a_fact_and_replaces_the_inherited_one(model):
    """value: null ends the district's own figure; the national 0.15 is not used instead."""
    ft = model["regions"]["440304"]
    f = fact(ft, "cross_region.cuts.unfiled")
    assert current(f, "2025-06-01")["value"] == 0.2
    assert current(f, AS_OF) is None
    assert entry_on(f, AS_OF)["value"] is None
    assert {e["file"] for e in f["values"]} == {"data/regions/440304-futian.yaml"}
    assert (
        current(fact(model["regions"]["440000"], "cross_region.cuts.unfiled"), AS_OF)["value"]
        == 0.15
    )


def test_mappings_merge_key_by_key(model):
    """深圳 states its deductible; the ratio comes from 广东, the waiting period from 全国."""
    sz = model["regions"]["440300"]
    assert fact(sz, DED)["values"][0]["file"] == "data/regions/440300-shenzhen.yaml"
    ratio = fact(sz, "inpatient.resident.levels.三级.ratio")
    assert ratio["values"][0]["file"] == "data/regions/440000-guangdong.yaml"
    assert ratio["values"][0]["line"] == 33
    assert current(fact(sz, "waiting_period.fixed_months"), AS_OF)["value"] == 3
    assert "ratio" not in sz["own_params"]["inpatient"]["resident"]["levels"]["三级"]


def test_merge_rules():
    """A fact, a list or a scalar replaces whole; mappings merge."""
    f1 = {"values": [{"from": "2024-01-01", "value": 1}], "bound": None}
    f2 = {"values": [{"from": "2025-01-01", "value": 2}], "bound": None}
    assert merge({"a": {"x": f1, "y": f1}}, {"a": {"x": f2}}) == {"a": {"x": f2, "y": f1}}
    assert merge({"l": [1, 2]}, {"l": [3]}) == {"l": [3]}
    assert merge({"s": "a"}, {"s": "b", "t": 1}) == {"s": "b", "t": 1}


def test_effective_grade(model):
    """A value graded lower than its source keeps the lower grade; otherwise the source's grade."""
    f = fact(model["regions"]["440300"], DED)
    assert [e["grade"] for e in f["values"]] == ["A", "B"]
    assert worst_grade("A", "C") == "C" and worst_grade(None, "B") == "B" and worst_grade() is None


def test_hotlines_accumulate_own_first(model):
    """A district lists its own hotlines, then its city's, province's, and the national one last."""
    ft = model["regions"]["440304"]
    assert [(h["region"], h["number"]) for h in ft["hotlines"]] == [
        ("440304", "0755-88366831"),
        ("440300", "12393"),
        ("440000", "020-12345678"),
        ("100000", "12393"),
    ]
    assert ft["hotlines"][0]["region_name"] == "福田区"
    assert ft["hotlines"][0]["grade"] == "C"


def test_topic_overrides_replace_and_add(model):
    """深圳 replaces the summary, appends a tip; 福田 inherits that; 广东 has the national one."""
    national = model["topics"]["resident-enrolment"]
    sz = model["regions"]["440300"]["topics"]["resident-enrolment"]
    ft = model["regions"]["440304"]["topics"]["resident-enrolment"]
    gd = model["regions"]["440000"]["topics"]["resident-enrolment"]
    assert sz["summary"] == "深圳的居民在深圳医保 App 登记参保。"
    assert sz["tips"] == ["各地做法不同", "深圳户籍以外的人要先办居住证"]
    assert ft["summary"] == sz["summary"] and ft["tips"] == sz["tips"]
    assert gd["summary"] == national["summary"] and gd["tips"] == ["各地做法不同"]
    assert model["regions"]["440300"]["overridden_topics"] == ["resident-enrolment"]
    assert model["regions"]["440304"]["overridden_topics"] == []
    assert sz["overrides"]["tips"][0]["mode"] == "add"
    assert national["tips"] == ["各地做法不同"]  # the national topic is untouched


def test_region_shape(model):
    """The REGION fields of the model contract."""
    ft = model["regions"]["440304"]
    assert ft["parents"] == ["440300", "440000", "100000"]
    assert ft["parent"] == "440300" and ft["province"] == "440000"
    assert model["regions"]["440300"]["children"] == ["440304"]
    assert model["national"]["children"] == ["440000"]
    assert ft["url"] == "regions/440304-futian/"
    assert ft["file"] == "data/regions/440304-futian.yaml"
    assert (
        ft["hospital_levels"] == ["一级", "二级", "三级"] and ft["insurance_year_start"] == "01-01"
    )
    assert ft["verified"] == "2026-11-24"
    assert set(ft["sources"]) == {"ft-hotlines", "sz-inpatient", "gd-inpatient", "nat-notice"}
    assert "440000" not in ft["children"] and set(model["regions"]) == {
        "440000",
        "440300",
        "440304",
    }
    assert model["topics"]["resident-enrolment"]["url"] == "guides/resident-enrolment/"


def test_missing_params(model):
    """Params stated by no one in the chain are listed with their labels; stated ones are not."""
    ft = model["regions"]["440304"]
    missing = [m["param"] for m in ft["missing"]]
    assert "inpatient.resident.levels.三级.deductible" not in missing
    assert "inpatient.resident.levels.一级.deductible" in missing
    assert "cross_region.cuts.unfiled" not in missing
    assert "employee_contribution.base_floor" in missing
    assert {"param": "resident_contribution.tiers", "label": "城乡居民医保缴费 · 缴费档次"} in ft[
        "missing"
    ]


def test_labels_and_format():
    """Labels come from the schema titles; values are formatted for readers."""
    assert labels.label(DED) == "住院 · 居民医保 · 三级 · 起付线"
    assert labels.unit(DED) == "元"
    assert labels.format_value(DED, 1200) == "1200 元"
    assert labels.format_value("inpatient.resident.levels.三级.ratio", 0.85) == "85%"
    assert (
        labels.format_value(
            "critical_illness.resident.segments",
            [{"from": 15000, "ratio": 0.6}, {"from": 30000, "ratio": 0.65}],
        )
        == "15,000 元以上 60%；30,000 元以上 65%"
    )
    assert labels.format_value("cross_region.cuts.unfiled", 0.1) == "10 个百分点"


def test_add_to_an_unknown_field_replaces_it():
    """`add:` to a field marked {unknown: true} gives only the added items, tagged by region."""
    from generator.load import parse
    from generator.resolve import apply_override

    doc = parse(
        "topics:\n  t:\n    add:\n      fees:\n        - text: 免费\n          source: s\n",
        "data/regions/440300-shenzhen.yaml",
        "region",
    )
    doc.inner = "regions/440300-shenzhen.yaml"
    topic = {"fees": {"unknown": True}, "tips": ["a"], "overrides": {}}
    out = apply_override(topic, doc.data["topics"]["t"], {"code": "440300"}, doc, "t")
    assert out["fees"] == [{"text": "免费", "source": "s", "region": "440300"}]
    assert out["tips"] == ["a"] and topic["fees"] == {"unknown": True}
    assert out["overrides"]["fees"] == [
        {"region": "440300", "mode": "add", "line": 4, "file": "data/regions/440300-shenzhen.yaml"}
    ]
