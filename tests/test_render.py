"""The page renderers: golden pages, escaping of data text, and what every region page must carry.

Golden files: tests/golden/<input>.<page>.md, each starting with a comment naming its input.
Regenerate them after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`,
then read the diff before committing.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from generator.pages import md_path, page_link, regions_index, tel_href
from generator.pages import region as region_page
from generator.pages import topic as topic_page
from generator.render import DuplicateTitleError, check_unique_titles, make_env, md_text, page_title
from tests.site_fixture import SCRIPT, tiny_model

GOLDEN = Path(__file__).resolve().parent / "golden"


def update_golden() -> bool:
    return os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def render_region(model: dict, code: str) -> str:
    env = make_env()
    region = model["national"] if code == "100000" else model["regions"][code]
    return env.get_template("region.md.j2").render(**region_page.region_context(model, region))


def render_topic(model: dict, slug: str) -> str:
    env = make_env()
    return env.get_template("topic.md.j2").render(
        **topic_page.topic_context(model, model["topics"][slug])
    )


def check_golden(name: str, header: str, text: str) -> None:
    path = GOLDEN / name
    expected_text = f"<!-- {header} -->\n{text}"
    if update_golden():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(expected_text, encoding="utf-8")
    assert path.exists(), f"{path} is missing: run with UPDATE_GOLDEN=1 to create it"
    assert expected_text == path.read_text(encoding="utf-8")


def test_region_page_matches_golden(monkeypatch):
    """The Shenzhen page of the fixture model renders exactly as the golden file.

    The worked examples come from the calculator (tested with it), so they are left out here."""
    monkeypatch.setattr(region_page, "worked_examples", lambda model, region: None)
    text = render_region(tiny_model(), "440300")
    check_golden(
        "site_fixture.region-440300-shenzhen.md",
        "made from tests/site_fixture.py tiny_model(), region 440300 (region.md.j2)",
        text,
    )


def test_topic_page_matches_golden():
    """The resident-enrolment guide of the fixture model renders exactly as the golden file."""
    text = render_topic(tiny_model(), "resident-enrolment")
    check_golden(
        "site_fixture.topic-resident-enrolment.md",
        "made from tests/site_fixture.py tiny_model(), topic resident-enrolment (topic.md.j2)",
        text,
    )


# ── escaping ──────────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "raw, must_not_contain",
    [
        ("<script>alert(1)</script>", "<script>"),
        ("*强调*", "*"),
        ("[链接](http://evil.example)", "["),
        ("a | b", "|"),
        ("{: .x }", "{"),
        ("`code`", "`"),
        ("__bold__", "_"),
        ('--8<-- "mkdocs.yml"', "<"),
    ],
)
def test_md_text_leaves_no_markup(raw, must_not_contain):
    """Data text keeps no character that HTML or Markdown would read as syntax."""
    assert must_not_contain not in md_text(raw)


@pytest.mark.parametrize("raw", ["- 不是列表", "+ 不是列表", "1. 不是编号", "12) 不是编号"])
def test_md_text_never_starts_a_list(raw):
    """Text that would start a Markdown list at the beginning of a line is escaped there."""
    assert not re.match(r"^([-+]|\d+[.)])", md_text(raw))


def test_md_text_keeps_text_on_one_line():
    """A newline in data could start a Markdown block, so text is folded onto one line."""
    assert md_text("第一行\n\n# 第二行") == "第一行 &#35; 第二行"


def test_md_text_does_not_escape_twice():
    """An apostrophe becomes one reference, not a reference whose # is escaped again."""
    assert md_text("it's") == "it&#39;s"


def test_hostile_data_is_escaped_in_region_page():
    """A <script> in a hotline department or a tip appears as text in the generated Markdown."""
    text = render_region(tiny_model(hostile=True), "440300")
    assert SCRIPT not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "[链接](http://evil.example)" not in text
    assert "--8<--" not in text
    assert "\n# 不是标题" not in text


# ── what every region page carries ───────────────────────────────────────────────────────────


@pytest.mark.parametrize("code", ["100000", "440000", "440300", "440304"])
def test_region_page_has_the_required_parts(code):
    """tel: link, disclaimer, sources section, edit link to its data file, report link."""
    model = tiny_model()
    text = render_region(model, code)
    region = model["national"] if code == "100000" else model["regions"][code]
    assert 'href="tel:' in text
    assert "以当地医保部门最新政策为准" in text
    assert "## 来源 { #sources " in text and 'class="yb-sources"' in text
    edit = model["edit_base"] + region["file"]
    assert f'edit_url: "{edit}"' in text
    assert f'href="{edit}"' in text
    assert model["issue_base"] + "?template&#61;data-error.yml" in text


def test_tel_links_dial_digits_only():
    """A number written 0755-88366831 is dialled as tel:075588366831."""
    assert tel_href("0755-88366831") == "tel:075588366831"
    assert 'href="tel:075588366831">0755-88366831</a>' in render_region(tiny_model(), "440300")


def test_hotlines_list_own_numbers_first_and_national_last():
    """The hotline table has the region's own numbers first and 12393 last."""
    text = render_region(tiny_model(), "440300")
    table = text.split("## 咨询电话 { #hotlines }")[1].split("## ")[0]
    numbers = re.findall(r'href="tel:(\d+)"', table)
    assert numbers == ["075588366831", "075512393", "02012393", "12393"]
    assert "<small>广东省 · 咨询</small>" in table  # inherited numbers name their region


def test_main_hotline_is_the_big_call_button():
    """The summary box carries the region's main number as a call button."""
    text = render_region(tiny_model(), "440300")
    summary = text.split('<div class="yb-summary" markdown>')[1].split("</div>")[0]
    assert 'class="md-button md-button--primary yb-call" href="tel:075588366831"' in summary


def test_summary_shows_this_years_contribution_with_grade():
    """Shenzhen states its own 2026 contribution: individual and fiscal parts, with grade A."""
    text = render_region(tiny_model(), "440300")
    summary = text.split('<div class="yb-summary" markdown>')[1].split("</div>")[0]
    assert "\n- 个人缴费：460 元" in summary and "\n- 财政补助：810 元" in summary
    assert "2026-01-01 起执行" in summary
    assert "全国最低标准" not in summary


def test_summary_falls_back_to_the_national_minimum_clearly_labelled():
    """Guangdong has no figure of its own: the national minimum is shown as 全国最低标准."""
    text = render_region(tiny_model(), "440000")
    summary = text.split('<div class="yb-summary" markdown>')[1].split("</div>")[0]
    assert "**全国最低标准**" in summary
    assert "- 个人缴费：不低于 400" in summary and "- 财政补助：不低于 700" in summary


def test_grade_c_is_shown_as_words_and_flags_as_doubt():
    """A grade C value carries the words 待核实; a flagged one 存疑 with the reason."""
    text = render_region(tiny_model(), "440300")
    facts = text.split("## 本地标准 { #facts }")[1].split("## 还缺的数据")[0]
    assert "待核实</span>" in facts
    assert "存疑：两个来源数字不同" in facts


def test_last_verified_comes_from_the_data():
    """The page shows the region's `verified` date, never the build date."""
    model = tiny_model()
    model["regions"]["440300"]["verified"] = "2025-06-30"
    assert "数据核对日期：2025-06-30" in render_region(model, "440300")


def test_missing_facts_are_listed_with_edit_links():
    """Each missing figure and note is listed with a link to edit the region's file."""
    model = tiny_model()
    text = render_region(model, "440300")
    missing = text.split("## 还缺的数据 { #missing data-search-exclude }")[1].split("## ")[0]
    edit = model["edit_base"] + "data/regions/440300-shenzhen.yaml"
    assert f'- 住院 · 居民医保 · 一级 · 起付线（<a href="{edit}"' in missing
    assert f'- 职工医保住院报销比例（<a href="{edit}"' in missing


def test_steps_show_alternatives_as_huozhe_and_materials_as_checklist():
    """Ordered steps with 或者 alternatives; materials as a task list."""
    text = render_region(tiny_model(), "440300")
    assert "1. 打开国家医保服务平台 App" in text
    assert "    **或者**：" in text and "    - 在微信办理" in text
    assert '<li><label><input type="checkbox"> <span>身份证（正反面）' in text


def test_parent_and_children_are_linked():
    """Breadcrumbs link the parents (as source paths MkDocs checks); children are listed."""
    text = render_region(tiny_model(), "440300")
    assert "[全国](100000-quanguo.md) › [广东省](440000-guangdong.md) › 深圳市" in text
    assert (
        '**下辖地区**\n\n<div class="yb-children" markdown>\n\n- [福田区](440304-futian.md)' in text
    )


def test_region_override_is_marked_and_applied():
    """Shenzhen's own tip for the topic appears, with the 本地做法 marker."""
    text = render_region(tiny_model(), "440300")
    assert "深圳户籍的学生由学校代办" in text
    assert "本地做法" in text


# ── topic page ───────────────────────────────────────────────────────────────────────────────


def test_topic_page_has_every_official_guide_field():
    """All nine official-guide fields are present; unknown ones say 暂未收录."""
    text = render_topic(tiny_model(), "resident-enrolment")
    for label in (
        "服务对象",
        "办理方式",
        "申请材料",
        "办理流程",
        "办理时限",
        "办理地点",
        "咨询电话",
        "监督投诉",
        "温馨提示",
    ):
        assert f"## {label} " in text, label
    complaints = text.split("## 监督投诉")[1].split("## ")[0]
    assert "暂未收录" in complaints


def test_topic_page_lists_regions_that_differ():
    """Shenzhen overrides the topic (tips) and states its own contribution: it is in the table."""
    text = render_topic(tiny_model(), "resident-enrolment")
    table = text.split("## 各地有什么不同")[1].split("## ")[0]
    assert "[深圳市](../regions/440300-shenzhen.md#topic-resident-enrolment)" in table
    assert "温馨提示" in table and "460 元" in table
    assert "广东省" not in table


# ── site-wide rules ──────────────────────────────────────────────────────────────────────────


def test_duplicate_titles_fail_the_render(tmp_path):
    """Two generated pages with the same title raise DuplicateTitleError."""
    a = tmp_path / "regions" / "a.md"
    b = tmp_path / "guides" / "b.md"
    for p in (a, b):
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('---\ntitle: "同名"\n---\n\n# 同名\n', encoding="utf-8")
    with pytest.raises(DuplicateTitleError, match="同名"):
        check_unique_titles([a, b], tmp_path)


def test_every_fixture_page_title_is_unique(tmp_path):
    """Region, topic and index pages of the fixture have distinct titles."""
    env = make_env()
    model = tiny_model()
    written = (
        region_page.render(model, env, tmp_path)
        + topic_page.render(model, env, tmp_path)
        + regions_index.render(model, env, tmp_path)
    )
    titles = [page_title(p) for p in written if "includes" not in p.parts]
    assert len(titles) == len(set(titles))
    assert "深圳市医保指南" in titles and "全国医保指南" in titles


def test_links_between_generated_pages_are_relative_md_paths():
    """Pages link to each other's Markdown sources so that the strict build checks every link."""
    assert md_path("regions/440300-shenzhen/") == "regions/440300-shenzhen.md"
    assert (
        page_link("guides/payment.md", "regions/440300-shenzhen.md")
        == "../regions/440300-shenzhen.md"
    )


def test_regions_index_nests_cities_under_provinces(tmp_path):
    """The regions index and the home list nest each city under its province, each district under
    its city (four spaces per level), with the national page first."""
    written = regions_index.render(tiny_model(), make_env(), tmp_path)
    index = (tmp_path / "regions" / "index.md").read_text(encoding="utf-8")
    assert (
        "- [全国通用的规定和电话](100000-quanguo.md)\n- [广东省](440000-guangdong.md)\n"
        "    - [深圳市](440300-shenzhen.md)\n        - [福田区](440304-futian.md)"
    ) in index
    home = (tmp_path / "includes" / "home-regions.md").read_text(encoding="utf-8")
    assert "    - [深圳市](regions/440300-shenzhen.md)" in home
    assert len(written) == 2


def test_copied_topic_details_stay_out_of_search_unless_the_region_changes_them():
    """A region page repeats the national guide; only the region's own changes are indexed."""
    assert (
        "### 办理方式 { #topic-resident-enrolment-channels data-search-exclude }"
        in render_region(tiny_model(), "440000")
    )
    assert "### 办理方式 { #topic-resident-enrolment-channels }" in render_region(
        tiny_model(), "440300"
    )


def test_call_button_prefers_a_general_line_over_a_complaints_line():
    """A region whose only `main` number is for complaints gets its own 咨询 line on the button."""
    model = tiny_model()
    lines = model["regions"]["440300"]["hotlines"]
    lines[0]["main"] = False
    lines.insert(
        0,
        {
            **lines[0],
            "department": "投诉举报",
            "number": "12345",
            "purpose": "投诉举报",
            "main": True,
        },
    )
    summary = render_region(model, "440300").split('<div class="yb-summary" markdown>')[1]
    assert 'yb-call" href="tel:075588366831"' in summary.split("</div>")[0]


def test_each_contribution_tier_is_its_own_list_item():
    """Two tiers give two list items in the summary box."""
    model = tiny_model()
    rc = model["regions"]["440300"]["params"]["resident_contribution"]
    rc["tiers"]["二档"] = {"groups": {"全体": rc["tiers"]["一档"]["groups"]["全体"]}}
    summary = render_region(model, "440300").split('<div class="yb-summary" markdown>')[1]
    assert "\n- **一档 · 全体**\n    - 个人缴费：460 元" in summary
    assert "\n- **二档 · 全体**\n    - 个人缴费：460 元" in summary


def test_front_matter_title_is_quoted_and_html_escaped():
    """The theme prints page titles without escaping, so the front matter carries them escaped."""
    import yaml

    from generator.render import front_matter_text

    value = front_matter_text('深圳"市 <b>: #x')
    assert yaml.safe_load(f"title: {value}")["title"] == "深圳&#34;市 &lt;b&gt;: #x"
