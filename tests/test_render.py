"""The page renderers: golden pages, escaping of data text, and what every region page must carry.

Golden files: tests/golden/<input>.<page>.md, each starting with a comment naming its input.
Regenerate them after an intended change with `UPDATE_GOLDEN=1 python -m pytest tests/test_render.py`,
then read the diff before committing.
"""

from __future__ import annotations

import copy
import html
import os
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from generator.pages import md_path, page_link, regions_index, site_href, tel_href
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


def test_region_page_matches_golden():
    """The Shenzhen page of the fixture model renders exactly as the golden file."""
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


def answers_box(text: str) -> str:
    """The first screen of a region page: the three answers."""
    return text.split('<div class="yb-answers"')[1].split("</div>")[0]


def reader_text(text: str) -> str:
    """A generated page without its front matter, comments and link targets (what readers see)."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r'href="[^"]*"', "", text)
    return re.sub(r"\]\([^)]*\)", "]", text)


@pytest.mark.parametrize("code", ["100000", "440000", "440300", "440304"])
def test_region_page_has_the_required_parts(code):
    """tel: link, disclaimer, sources section, edit link to its data file, report link."""
    model = tiny_model()
    text = render_region(model, code)
    region = model["national"] if code == "100000" else model["regions"][code]
    assert 'href="tel:' in answers_box(text)
    assert "以当地医保部门最新政策为准" in answers_box(text)
    assert "## 来源 { #sources " in text and 'class="yb-sources"' in text
    edit = model["edit_base"] + region["file"]
    assert f'edit_url: "{edit}"' in text
    assert f'href="{edit}"' in text
    assert model["issue_base"] + "?template&#61;data-error.yml" in text


@pytest.mark.parametrize("code", ["100000", "440000", "440300", "440304"])
def test_no_file_or_parameter_path_in_reader_text(code):
    """Maintainer information stays in edit links: readers never see data/….yaml or a.b.c paths."""
    text = reader_text(render_region(tiny_model(), code))
    assert "data/" not in text and ".yaml" not in text
    assert not re.search(r"\b(inpatient|resident_contribution|employee_contribution)\.", text)


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
    """The first screen carries the region's main number as a call button with the number on it."""
    box = answers_box(render_region(tiny_model(), "440300"))
    assert (
        'class="md-button md-button--primary yb-call" href="tel:075588366831">拨打 0755-88366831'
        in box
    )


def test_first_screen_works_out_this_years_contribution():
    """Shenzhen states its own 2026 contribution: 个人每年 460 元, with calc's arithmetic folded."""
    box = answers_box(render_region(tiny_model(), "440300"))
    assert "个人每年 460 元" in box
    how = box.split('<details class="yb-how">')[1].split("</details>")[0]
    assert "个人缴费每年 460 元" in how and "财政补助（不用您交）每年 810 元" in how
    assert "2026-01-01 起执行" in how
    assert "全国最低标准" not in box


def test_first_screen_falls_back_to_the_national_minimum_clearly_labelled():
    """Guangdong has no figure of its own: the national minimum is shown as 全国最低标准."""
    box = answers_box(render_region(tiny_model(), "440000"))
    assert "本地标准还没收录" in box
    assert "全国最低标准：个人每年不低于 400 元" in box


def test_first_screen_says_in_one_sentence_what_is_missing():
    """Shenzhen has no complete inpatient rule: the stay is unknown, said once, with one help link."""
    box = answers_box(render_region(tiny_model(), "440300"))
    assert "还不知道：本地的住院报销规定还没收录" in box
    help_line = box.split('<p class="yb-help">')[1].split("</p>")[0]
    assert help_line.startswith("这里还缺本地住院报销比例，知道的话请")
    assert help_line.count("<a ") == 1


def test_national_page_asks_nothing_and_points_to_the_regions():
    """The national page has no 这里还缺 sentence: its stay answer sends readers to their region."""
    box = answers_box(render_region(tiny_model(), "100000"))
    assert "这里还缺" not in box
    assert "请先<a" in box and "选择您所在的地区" in box


def test_grade_c_is_shown_as_words_and_flags_as_doubt():
    """A grade C value carries the words 待核实; a flagged one 存疑 with the reason."""
    text = render_region(tiny_model(), "440300")
    facts = text.split('<details class="yb-facts" id="facts">')[1].split("</details>")[0]
    assert "待核实</span>" in facts
    assert "存疑：两个来源数字不同" in facts


def test_last_verified_comes_from_the_data():
    """The page shows the region's `verified` date, never the build date."""
    model = tiny_model()
    model["regions"]["440300"]["verified"] = "2025-06-30"
    assert "数据核对：2025-06-30" in render_region(model, "440300")


def test_a_topic_with_something_local_shows_only_that():
    """Shenzhen's page shows its own tip and 广东's channel under the topic, not the national steps."""
    text = render_region(tiny_model(), "440300")
    topic = text.split('<details class="yb-topic" id="topic-resident-enrolment">')[1]
    topic = topic.split("</details>")[0]
    assert "本地不同 2 处" in topic
    assert "深圳户籍的学生由学校代办" in topic
    assert '<span class="yb-local__from">广东</span>粤医保小程序' in topic
    assert '<a href="../../guides/resident-enrolment/?region=440300">' in topic
    for national in ("打开国家医保服务平台 App", "身份证", "等待审核", "登记后要在规定时间内缴费"):
        assert national not in topic, national


def test_a_topic_with_nothing_local_is_one_line_and_a_link():
    """Guangdong has no change to the topic but its own channel; the national page has nothing local:
    one line with the guide's link, no copy of the national text."""
    text = render_region(tiny_model(), "100000")
    assert '<li id="topic-resident-enrolment"><a href="../../guides/resident-enrolment/">' in text
    assert "打开国家医保服务平台 App" not in text and "yb-topic" not in text


def test_another_regions_channel_never_shows():
    """杭州's channel (330100) is on none of the 广东 pages; 广东's own is on 广东 and below only."""
    model = tiny_model()
    for code in ("100000", "440000", "440300", "440304"):
        text = render_region(model, code)
        assert "浙里办" not in text, code
        assert ("粤医保小程序" in text) == (code != "100000"), code


def test_parent_and_children_are_linked():
    """Breadcrumbs link the parents (as source paths MkDocs checks); children are listed."""
    text = render_region(tiny_model(), "440300")
    assert "[全国](100000-quanguo.md) › [广东省](440000-guangdong.md) › 深圳市" in text
    assert '<ul class="yb-children">\n<li><a href="../440304-futian/">福田区</a></li>' in text


def test_inherited_change_names_the_region_it_comes_from():
    """福田 inherits 深圳's tip: it is local there too, marked as 深圳's."""
    text = render_region(tiny_model(), "440304")
    assert '<span class="yb-local__from">深圳</span>深圳户籍的学生由学校代办' in text


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


def test_steps_show_alternatives_as_huozhe_and_materials_as_checklist():
    """Ordered steps with 或者 alternatives; materials as a checklist of boxes."""
    text = render_topic(tiny_model(), "resident-enrolment")
    assert "1. 打开国家医保服务平台 App" in text
    assert "    **或者**：" in text and "    - 在微信办理" in text
    assert '<li><label><input type="checkbox"> <span>身份证（正反面）' in text


def test_national_guide_labels_each_regions_item_as_an_example():
    """An item tied to one region is shown on the national guide as 例如<region>, never bare."""
    text = render_topic(tiny_model(), "resident-enrolment")
    assert '- <span class="yb-eg">例如广东</span> **粤医保小程序**' in text
    assert "**当地医保网站**" in text and "例如广东</span> **当地医保网站" not in text


def test_topic_page_has_the_box_for_the_readers_region():
    """The guide carries the box that javascripts/region-memory.js fills, with a way to choose."""
    text = render_topic(tiny_model(), "resident-enrolment")
    assert '<div class="yb-here" id="yb-here" data-topic="resident-enrolment"' in text
    assert '<a href="../index.md#pick-region">选择您所在的地区</a>' in text


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


def test_raw_html_links_are_built_addresses():
    """Links in raw HTML are left alone by MkDocs, so they carry the built page's address."""
    assert site_href("regions/442000-zhongshan/", "guides/payment/") == "../../guides/payment/"
    assert site_href("regions/442000-zhongshan/", "regions/") == "../"
    assert site_href("regions/440300-shenzhen/", "regions/440304-futian/") == "../440304-futian/"


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
    assert 'yb-call" href="tel:075588366831"' in answers_box(render_region(model, "440300"))


def test_each_contribution_tier_is_its_own_row():
    """Two tiers give two rows, each naming its tier."""
    model = tiny_model()
    rc = model["regions"]["440300"]["params"]["resident_contribution"]
    rc["tiers"]["二档"] = {"groups": {"全体": rc["tiers"]["一档"]["groups"]["全体"]}}
    box = answers_box(render_region(model, "440300"))
    assert '<span class="yb-costs__who">每人（一档）</span>' in box
    assert '<span class="yb-costs__who">每人（二档）</span>' in box


def test_front_matter_title_is_quoted_and_html_escaped():
    """The theme prints page titles without escaping, so the front matter carries them escaped."""
    import yaml

    from generator.render import front_matter_text

    value = front_matter_text('深圳"市 <b>: #x')
    assert yaml.safe_load(f"title: {value}")["title"] == "深圳&#34;市 &lt;b&gt;: #x"


def test_calculator_links_a_wrong_estimate_to_its_issue_form():
    """The region's calculator carries the 估算不对？ form address with the region filled in."""
    text = render_region(tiny_model(), "440300")
    url = html.unescape(re.search(r'data-report-url="([^"]+)"', text).group(1))
    query = parse_qs(urlsplit(url).query)
    assert query["template"] == ["wrong-estimate.yml"]
    assert query["region"] == ["深圳市 440300"]


def test_regions_sharing_a_name_get_their_parents_name_in_the_title():
    """Two 福田区 under different cities: each page title says which, so titles stay unique."""
    model = tiny_model()
    twin = copy.deepcopy(model["regions"]["440304"])
    city = copy.deepcopy(model["regions"]["440300"])
    city.update(code="440400", name="珠海市", file="data/regions/440400-zhuhai.yaml")
    twin.update(code="440402", parent="440400", file="data/regions/440402-futian.yaml")
    model["regions"].update({"440400": city, "440402": twin})
    titles = [
        re.search(r'^title: "(.*)"$', render_region(model, code), re.M).group(1)
        for code in ("440304", "440402", "440300")
    ]
    assert titles == ["深圳市福田区医保指南", "珠海市福田区医保指南", "深圳市医保指南"]
