"""Rejected claims and derived values are data: checked, emitted and shown to readers."""

from __future__ import annotations

import json

import pytest
from fixtures.datasets import AS_OF, ROOT, make_dataset, real_data_as_of, run_cli

from generator import provenance
from generator.emit import write_json
from generator.load import load_dir
from generator.model import build_model
from generator.pages import region as region_page
from generator.pages import status
from generator.render import make_env
from generator.validate import validate

RECORD = """\
  - id: {id}
    claim: 住院报销比例不低于 85%
    where: {{source: seed-article, quote: "不低于85%"}}
    reason: no_region
    why: 没有说是哪个地区
    checked: 2026-11-20
"""


def _with_rejected(tmp_path, *records: str, contradicts: str | None = None):
    make_dataset(tmp_path)
    body = "".join(records)
    if contradicts:
        body += f"    contradicts: [{contradicts}]\n"
    (tmp_path / "data/rejected.yaml").write_text(
        "# yaml-language-server: $schema=./schema/rejected.schema.json\nrejected:\n" + body,
        encoding="utf-8",
    )
    return load_dir(tmp_path / "data")


def _errors(tmp_path, dataset):
    return [e.text() for e in validate(dataset, tmp_path / "data/schema", AS_OF)]


def test_a_rejected_record_validates(tmp_path):
    """A record with claim, where, reason, why and date is valid data."""
    dataset = _with_rejected(tmp_path, RECORD.format(id="seed-85"))
    assert _errors(tmp_path, dataset) == []


def test_a_rejected_record_needs_every_key(tmp_path):
    """The schema checks every key: a missing reason and an unknown reason are named."""
    one, two = tmp_path / "one", tmp_path / "two"
    dataset = _with_rejected(one, RECORD.format(id="a").replace("    reason: no_region\n", ""))
    assert _errors(one, dataset) == [
        "data/rejected.yaml:3: rejected[0]: 缺少 reason；这里必须写 reason（原因）"
    ]
    dataset = _with_rejected(two, RECORD.format(id="a").replace("no_region", "boring"))
    assert len(_errors(two, dataset)) == 1
    assert "不是可选的值" in _errors(two, dataset)[0]


def test_duplicate_rejected_ids_and_missing_paths_are_errors(tmp_path):
    """Two records with one id, and a `contradicts` path that names no field, with FILE:LINE."""
    dataset = _with_rejected(
        tmp_path,
        RECORD.format(id="same"),
        RECORD.format(id="same"),
        contradicts="data/national.yaml#waiting_period.fixed_monthz",
    )
    assert _errors(tmp_path, dataset) == [
        "data/rejected.yaml:9: rejected[1].id: id “same” 重复了（第 3 行已经用过）；每条记录的 id 都不一样",
        "data/rejected.yaml:15: rejected[1].contradicts[0]: data/national.yaml 里没有字段 "
        "waiting_period.fixed_monthz；检查拼写",
    ]


def test_an_empty_derived_is_an_error(tmp_path):
    """`derived` must say how; the word 推算 alone does not."""
    make_dataset(tmp_path)
    national = tmp_path / "data/national.yaml"
    national.write_text(
        national.read_text(encoding="utf-8").replace(
            "value: 3\n", "value: 3\n        derived: 推算\n"
        ),
        encoding="utf-8",
    )
    errors = _errors(tmp_path, load_dir(tmp_path / "data"))
    assert len(errors) == 1 and errors[0].startswith(
        "data/national.yaml:34: waiting_period.fixed_months.values.2025-01-01.derived: "
        "derived 要写明是怎么推算的"
    )


def test_faq_corrections_name_existing_records():
    """Every `corrects` id of the real FAQ is a rejected record."""
    dataset = load_dir(ROOT / "data")
    ids = {r["id"] for r in dataset.one("rejected").data["rejected"]}
    corrects = [c for q in dataset.one("faq").data["questions"] for c in q.get("corrects", [])]
    assert corrects and set(corrects) <= ids


@pytest.fixture(scope="module")
def model():
    return build_model(ROOT / "data", real_data_as_of())


def _entry(model, code, path, date):
    node = model["regions"][code]["params"] if code != "100000" else model["national"]["params"]
    for key in path.split("."):
        node = node[key]
    return next(e for e in node["values"] if e["from"] == date)


@pytest.mark.parametrize(
    ("code", "path", "date", "words"),
    [
        ("331100", "inpatient.employee.levels.三级.deductible", "2025-01-01", "所有医院等级"),
        ("331100", "inpatient.employee.levels.一级.deductible", "2025-01-01", "所有医院等级"),
        ("610700", "critical_illness.resident.segments", "2025-03-17", "8 万元以上"),
        ("340300", "inpatient.resident.levels.市三级.ratio", "2024-01-01", "居民医保"),
        ("100000", "waiting_period.free_break_years", "2025-01-01", "每多断保1年"),
        ("100000", "resident_contribution_minimum.fiscal", "2027-01-01", "700 元 + 24 元"),
    ],
)
def test_inferences_are_marked_derived(model, code, path, date, words):
    """丽水's copied deductible, 汉中's open-ended band, 蚌埠's guessed scheme and the national
    inferences carry how they were derived."""
    assert words in (_entry(model, code, path, date)["derived"] or "")


def test_read_values_are_not_derived(model):
    """A value read from its source has derived null (丽水's resident deductibles are per level)."""
    entry = _entry(model, "331100", "inpatient.resident.levels.三级.deductible", "2025-03-17")
    assert entry["derived"] is None


def test_emitted_json_carries_derived_on_every_entry(model, tmp_path):
    """Every value entry of the region JSON has a `derived` key: the how, or null."""
    write_json(model, tmp_path)
    lishui = json.loads((tmp_path / "regions" / "331100.json").read_text(encoding="utf-8"))
    entries = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("values"), list):
                entries.extend(node["values"])
            for v in node.values():
                walk(v)

    walk(lishui["params"])
    assert entries and all("derived" in e for e in entries)
    assert {bool(e["derived"]) for e in entries} == {True, False}
    figures = json.loads((tmp_path / "figures.json").read_text(encoding="utf-8"))["figures"]
    assert figures["hotline_mohrss"]["values"][0]["value"] == "12333"
    rejected = json.loads((tmp_path / "rejected.json").read_text(encoding="utf-8"))["rejected"]
    assert any(r["id"] == "seed-003-resident-tier2-775" for r in rejected)


def test_region_page_shows_derived_beside_the_grade(model):
    """丽水's deductible row says 推算, with how, next to its grade badge."""
    env = make_env()
    ctx = region_page.region_context(model, model["regions"]["331100"])
    text = env.get_template("region.md.j2").render(**ctx)
    assert 'class="yb-derived" title="推算：来源只写了一个起付标准 1000 元' in text


def test_status_page_lists_rejected_claims_derived_values_and_checks(model, tmp_path):
    """数据状态 shows every rejected claim with its reason, every derived value, and the self-check."""
    page = status.render(model, make_env(), tmp_path)[0].read_text(encoding="utf-8")
    assert "## 没有采用的说法" in page and "## 推算的数字" in page and "## 数据自查" in page
    for rec in model["rejected"]:
        assert rec["claim"].replace("“", "&#34;")[:12] in page.replace("“", "&#34;")
    assert "2025 年度居民医保个人缴费二档 775 元/人/年" in page
    assert "没有说是哪个地区" in page
    derived = page.split("## 推算的数字")[1].split("\n## ")[0]
    rows = [line for line in derived.splitlines() if line.startswith("- ")]
    assert len(rows) == len(provenance.derived_values(model)) >= 19
    assert "来源只写到个人负担 8 万元" in page
    assert "| 来源里的说法：既没收录也没记为不采用 | 0 |" in page


def test_stale_summary_prints_the_self_check():
    """`stale --summary` prints contradictions, unaccounted claims and complete sets."""
    result = run_cli(ROOT, "stale", "--summary", "--date", real_data_as_of())
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "正文与数据不一致（正文里直接写的数字、引用不到的数据）：0\n" in out
    assert "既没收录也没记为不采用 0 条" in out
    assert "有完整一套数据的地区：" in out
    assert "南昌市还缺：" in out


def test_notes_that_say_computed_without_derived_are_counted(tmp_path):
    """An entry whose note says 本站推算 but has no `derived` is listed for the maintainers."""
    make_dataset(tmp_path)
    national = tmp_path / "data/national.yaml"
    text = national.read_text(encoding="utf-8")
    national.write_text(
        text.replace("value: 3\n", "value: 3\n        note: 本站推算：按原文的月数计算\n"), "utf-8"
    )
    assert provenance.undeclared_inferences(load_dir(tmp_path / "data")) == [
        "data/national.yaml:32"
    ]
    national.write_text(
        text.replace(
            "value: 3\n",
            "value: 3\n        note: 本站推算\n        derived: 按原文的月数计算\n",
        ),
        "utf-8",
    )
    assert provenance.undeclared_inferences(load_dir(tmp_path / "data")) == []
    assert provenance.undeclared_inferences(load_dir(ROOT / "data")) == []
