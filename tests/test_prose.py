"""Numbers in prose come from data: the number check, the `{{…}}` references and what pages show.

What counts as a number (generator/prose.py, one rule each, every exception with its reason):
- any digit or numeric symbol in any script: 7, full-width ７, ①, Ⅳ, ², ½;
- a Chinese numeral followed by a unit of time, money, age, share or count: 三个月, 一年, 两千元,
  五成, 一次.
Not numbers, on purpose:
- the text of a reference ({{…}}): the number comes from the data entry it names;
- 第五十八条, 第 2 款, 第一步: the article of a law or a place in a list, a citation not a figure;
- a list marker at the very start of a text ("1. ", "（一）", "①"): ordinal list numbers;
- tier and grade names (一档, 二级医院, 三类) and words such as 一般, 统一, 一段时间, 两病: no unit
  follows them, they name a category rather than a quantity;
- 下一年, 这一次, 每一年: 一 after 下/上/这/那/每/同/当 points at a year or a time, it is no length.
"""

from __future__ import annotations

import copy

import pytest
from fixtures.datasets import AS_OF, ROOT, make_dataset, real_data_as_of, run_cli

import calc
from generator import prose
from generator.emit import region_json
from generator.load import load_dir
from generator.model import build_model
from generator.validate import validate


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("从 2025 年起，等 3 个月", ["2025", "3"]),
        ("全角数字１２３９３", ["１２３９３"]),
        ("比例 9.5% 和 60%–300%", ["9.5%", "60%", "300%"]),
        ("三个月的固定等待期", ["三个月"]),
        ("缴一年保一年", ["一年", "一年"]),
        ("每年缴一次费", ["一次"]),
        ("半年内", ["半年"]),
        ("罗马数字Ⅳ级", ["Ⅳ"]),
        ("上标²", ["²"]),
        ("连续断缴两年", ["两年"]),
    ],
)
def test_numbers_in_any_form_are_found(text, found):
    """Digits in any script and Chinese numerals with a unit are numbers."""
    assert prose.unreferenced_numbers(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "固定等待期 {{waiting_period.fixed_months}}",
        "社会保险法第五十八条规定",
        "第 2 步：提交",
        "1. 先登录",
        "（一）先登录",
        "①先登录",
        "一档、二档，一级、二级、三级医院，一类医院",
        "一般、统一、一段时间、两病、一部分",
        "下一年、这一次、每一年",
    ],
)
def test_references_citations_and_names_are_not_numbers(text):
    """The documented exceptions: references, law articles, list markers, category names."""
    assert prose.unreferenced_numbers(text) == []


def test_real_prose_writes_no_number_itself():
    """Every number in topic, FAQ and glossary text is a data reference that resolves today."""
    dataset = load_dir(ROOT / "data")
    problems = prose.number_errors(dataset) + prose.reference_errors(dataset, real_data_as_of())
    assert [e.text() for e in problems] == []


def _fixture_with_tip(tmp_path, tip: str):
    make_dataset(tmp_path)
    topic = tmp_path / "data/topics/resident-enrolment.yaml"
    text = topic.read_text(encoding="utf-8").replace("  - 各地做法不同", f"  - {tip}")
    topic.write_text(text, encoding="utf-8")
    return tmp_path


def test_a_number_in_prose_is_an_error_with_file_and_line(tmp_path):
    """A contributor who types 3 个月 into a tip is told where and what to write instead."""
    _fixture_with_tip(tmp_path, "text: 要等 3 个月\n    source: seed-article")
    result = run_cli(tmp_path, "check", "--date", AS_OF)
    assert result.returncode == 1
    assert result.stdout.startswith(
        "data/topics/resident-enrolment.yaml:32: tips[0].text: 正文里直接写了数字（3）；"
        "改成引用数据里的条目"
    )
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("{{waiting_period.fixed_month}}", "全国的数据里没有参数 waiting_period.fixed_month"),
        ("{{figure.nope}}", "没有 id 为 nope 的数字"),
        ("{{火星:waiting_period.fixed_months}}", "没有叫“火星”的地区"),
        ("{{waiting_period.fixed_months|bold}}", "不认识的格式“bold”"),
        ("{{rejected.nope}}", "data/rejected.yaml 里没有 id 为 nope 的记录"),
        ("{{深圳:hotline.投诉举报}}", "深圳市的数据文件里没有投诉举报电话"),
    ],
)
def test_a_broken_reference_is_an_error_with_file_and_line(tmp_path, reference, message):
    """Unknown params, figures, regions, formats and records are named with FILE:LINE."""
    _fixture_with_tip(tmp_path, f'"{reference}"')
    errors = validate(load_dir(tmp_path / "data"), tmp_path / "data/schema", AS_OF)
    assert len(errors) == 1, [e.text() for e in errors]
    assert errors[0].text().startswith("data/topics/resident-enrolment.yaml:32: tips[0]: ")
    assert message in errors[0].text()


def test_a_reference_to_a_doubtful_or_future_value_is_an_error(tmp_path):
    """Prose never states a 存疑 figure, nor one that is not yet in force on the build date."""
    _fixture_with_tip(tmp_path, '"{{cross_region.cuts.unfiled}}"')
    national = tmp_path / "data/national.yaml"
    text = national.read_text(encoding="utf-8")
    national.write_text(
        text.replace("value: 0.15\n", "value: 0.15\n          flag: 来源前后矛盾\n"), "utf-8"
    )
    errors = validate(load_dir(tmp_path / "data"), tmp_path / "data/schema", AS_OF)
    assert ["存疑" in e.message for e in errors] == [True]
    national.write_text(
        text.replace("2024-01-01:\n          value", "2027-01-01:\n          value"),
        "utf-8",
    )
    errors = validate(load_dir(tmp_path / "data"), tmp_path / "data/schema", AS_OF)
    assert [f"在 {AS_OF} 没有生效的数值" in e.message for e in errors] == [True]


def test_references_resolve_to_the_value_in_force(tmp_path):
    """Each kind of reference and format reads its entry: value, unit, bound, year, derived."""
    make_dataset(tmp_path)
    national = tmp_path / "data/national.yaml"
    national.write_text(
        national.read_text(encoding="utf-8") + "figures:\n"
        "  valid_months:\n"
        "    label: 有效期\n"
        "    unit: 个月\n"
        "    bound: min\n"
        "    values:\n"
        "      2023-01-01: {value: 6, source: nat-notice, verified: 2026-11-20}\n"
        "  days:\n"
        "    label: 审核时间\n"
        "    unit: 个工作日\n"
        "    values:\n"
        "      2023-01-01: {value: [1, 3], source: seed-article, verified: 2026-11-20,"
        " derived: 来源只写了一般情况}\n",
        "utf-8",
    )
    lookup = prose.Lookup(load_dir(tmp_path / "data"), AS_OF)

    def text(ref, code="100000"):
        out, used, problems = prose.resolve_text(ref, lookup, code)
        assert problems == []
        return out, [u.source for u in used]

    assert text("{{waiting_period.fixed_months}}") == ("3 个月", ["nat-notice"])
    assert text("{{waiting_period.fixed_months|number}}")[0] == "3"
    assert text("{{waiting_period.fixed_months|year}}")[0] == "2025"
    assert text("{{cross_region.cuts.unfiled}}")[0] == "降低 15 个百分点"
    assert text("{{figure.valid_months}}")[0] == "不少于 6 个月"
    assert text("{{figure.valid_months|plain}}")[0] == "6 个月"
    assert text("{{figure.days}}") == ("1–3 个工作日（推算）", ["seed-article"])
    assert text("{{hotline.main}}") == ("12393", ["nat-notice"])
    assert text("{{深圳:hotline.咨询}}")[0] == "12393"
    assert text("{{440300:waiting_period.fixed_months}}")[0] == "3 个月"  # inherited


def test_templates_receive_plain_text_with_the_figures_sources():
    """After the model step no reference is left, and each item cites its figure's source."""
    model = build_model(ROOT / "data", real_data_as_of())
    left = []

    def walk(node, where):
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, f"{where}.{k}")
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, f"{where}[{i}]")
        elif isinstance(node, str) and ("{{" in node or "}}" in node):
            left.append(where)

    walk({"topics": model["topics"], "faq": model["faq"], "glossary": model["glossary"]}, "")
    for code, region in model["regions"].items():
        walk(region["topics"], code)
    assert left == []
    tips = model["topics"]["remote-care-filing"]["tips"]
    cuts = next(t for t in tips if isinstance(t, dict) and "异地转诊的" in t["text"])
    assert cuts["source"] == "nhsa-2022-22"
    assert "其他临时外出没有备案的，最多降低 20 个百分点" in cuts["text"]


def test_shenzhen_page_states_one_fiscal_subsidy(tmp_path):
    """深圳's payment tip reads the data (700, not 670) and its page repeats no stale minimum."""
    from generator.render import render_site

    model = build_model(ROOT / "data", real_data_as_of())
    sz = model["regions"]["440300"]
    tip = next(
        t["text"]
        for t in sz["topics"]["payment"]["tips"]
        if isinstance(t, dict) and "全国最低标准" in t["text"]
    )
    assert "财政补助不低于 700 元" in tip and "670" not in tip
    render_site(model, tmp_path)
    page = (tmp_path / "regions" / "440300-shenzhen.md").read_text(encoding="utf-8")
    assert "670" not in page  # the region page repeats no stale national minimum


def test_waiting_period_page_and_calculator_agree():
    """The guide's rule and the calculator give the same months: a 2-year break is 3 + 2 = 5."""
    as_of = real_data_as_of()
    model = build_model(ROOT / "data", as_of)
    text = " ".join(
        t["text"] if isinstance(t, dict) else t
        for t in model["topics"]["waiting-period"]["before_you_start"]
    )
    assert "3 个月的固定等待期" in text and "断缴期间每年再加 1 个月" in text
    params = region_json(copy.deepcopy(model["national"]), as_of)
    for breaks, months in ((1, 4), (2, 5), (3, 6)):
        response = calc.run(
            {
                "kind": "waiting_period",
                "date": as_of,
                "params": params,
                "inputs": {"break_years": breaks},
            }
        )
        assert response["ok"] and response["summary"]["months"] == months, response
