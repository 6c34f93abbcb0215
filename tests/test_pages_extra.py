"""The comparison, changes, status, FAQ, glossary and English pages render the right rows."""

from __future__ import annotations

import copy
import itertools
import json
import re
from pathlib import Path

import pytest

from generator.pages import changes, compare, english, faq, glossary, status
from generator.render import make_env

EDIT = "https://github.com/o/r/edit/main/"


def entry(frm, value, source, grade, line, file, verified="2026-11-01", **kw):
    return {
        "from": frm,
        "value": value,
        "source": source,
        "grade": grade,
        "verified": verified,
        "flag": kw.get("flag"),
        "note": kw.get("note"),
        "file": file,
        "line": line,
    }


def fact(*entries, bound=None):
    return {"values": list(entries), "bound": bound}


NAT = "data/national.yaml"
BB = "data/regions/340300-bengbu.yaml"
ZS = "data/regions/442000-zhongshan.yaml"
GD = "data/regions/440000-guangdong.yaml"

SOURCES = {
    "bengbu-2024": {
        "title": "蚌埠市城乡居民基本医疗保险住院待遇",
        "publisher": "蚌山区人民政府",
        "url": "http://bengshan.gov.cn/zfxxgk/public/23841/52044190.html",
        "date": "2024-01-01",
        "grade": "A",
    },
    "zs-2025": {
        "title": "中山市城乡居民医保缴费标准",
        "url": "http://hsa.zs.gov.cn/post_2542010.html",
        "date": "2025-08-01",
        "grade": "A",
    },
    "seed-003": {
        "title": "居民医保打打各部门电话",
        "document": "健康新闻 聚合文章",
        "date": "2025-03-27",
        "grade": "C",
    },
    "seed-000": {
        "title": "城乡居民医保网上申请",
        "document": "健康新闻 聚合文章",
        "date": "2025-03-17",
        "grade": "C",
    },
    "zs-2022-critical": {
        "title": "中山 大病保险 转载",
        "document": "聚合",
        "date": "2022-01-01",
        "grade": "C",
    },
}


def region(code, name, file, parents, params, own=None, **kw):
    r = {
        "code": code,
        "name": name,
        "short_name": name[:2],
        "pinyin": "x",
        "level": kw.get("level", "city"),
        "parents": parents,
        "parent": parents[0] if parents else None,
        "file": file,
        "hospital_levels": kw.get("levels", ["一级", "二级", "三级"]),
        "insurance_year_start": "01-01",
        "sources": {},
        "params": params,
        "own_params": params if own is None else own,
        "hotlines": kw.get("hotlines", []),
        "children": [],
        "province": parents[0] if parents else code,
        "topics": {},
        "overridden_topics": kw.get("overridden", []),
        "verified": "2026-11-01",
        "missing": kw.get("missing", []),
        "missing_notes": [],
        "url": f"regions/{code}-{kw.get('slug', 'x')}/",
    }
    return r


def make_model():
    bengbu_params = {
        "inpatient": {
            "resident": {
                "levels": {
                    "一级及以下": {
                        "deductible": fact(entry("2024-01-01", 200, "bengbu-2024", "A", 12, BB)),
                        "ratio": fact(entry("2024-01-01", 0.85, "bengbu-2024", "A", 17, BB)),
                    },
                    "市三级": {
                        "deductible": fact(
                            entry("2023-01-01", 700, "bengbu-2024", "A", 30, BB),
                            entry("2024-01-01", 800, "bengbu-2024", "A", 34, BB),
                        )
                    },
                }
            }
        }
    }
    zs_params = {
        "resident_contribution": {
            "tiers": {
                "一档": {
                    "groups": {
                        "全体": {
                            "individual": {
                                "rate": fact(entry("2025-09-01", 0.014, "zs-2025", "A", 20, ZS)),
                                "base": fact(entry("2025-09-01", 57840, "zs-2025", "A", 25, ZS)),
                            },
                            "fiscal": {
                                "amount": fact(entry("2025-09-01", 780.48, "zs-2025", "A", 30, ZS))
                            },
                        }
                    }
                }
            }
        },
        "critical_illness": {
            "resident": {
                "deductible": fact(
                    entry(
                        "2022-01-01", 15000, "zs-2022-critical", "C", 40, ZS, verified="2024-05-01"
                    )
                ),
                "cap": fact(entry("2022-01-01", None, "zs-2022-critical", "C", 44, ZS)),
            }
        },
    }
    gd_params = {
        "employee_contribution": {
            "tiers": {
                "一档": {"flexible_rate": fact(entry("2023-10-01", 0.08, "seed-003", "C", 9, GD))}
            }
        }
    }
    nat_hotline = {
        "department": "全国医保服务热线（国家医保局）",
        "number": "12393",
        "purpose": "综合",
        "since": "2025-03-27",
        "source": "seed-003",
        "verified": "2026-11-24",
        "region": "100000",
        "region_name": "全国",
        "note": "12333 是人社热线",
        "file": NAT,
        "line": 60,
    }
    national = region("100000", "全国", NAT, [], {}, level="national", hotlines=[nat_hotline])
    national["parents"], national["parent"] = [], None
    national.pop("url")
    regions = {
        "340300": region(
            "340300",
            "蚌埠市",
            BB,
            ["340000", "100000"],
            bengbu_params,
            levels=["一级及以下", "二级和县级", "市三级", "省属三级"],
            slug="bengbu",
            missing=[
                {"param": "critical_illness.resident.cap", "label": "大病保险 · 居民医保 · 封顶线"}
            ],
        ),
        "440000": region(
            "440000", "广东省", GD, ["100000"], gd_params, level="province", slug="guangdong"
        ),
        "442000": region(
            "442000",
            "中山市",
            ZS,
            ["440000", "100000"],
            zs_params,
            slug="zhongshan",
            overridden=["resident-enrolment"],
        ),
        "110000": region(
            "110000",
            "北京市",
            "data/regions/110000-beijing.yaml",
            ["100000"],
            {},
            level="province",
            slug="beijing",
        ),
    }
    topic = {
        "slug": "resident-enrolment",
        "title": "城乡居民医保网上参保",
        "official_name": "基本医疗保险参保和变更登记",
        "order": 10,
        "file": "data/topics/resident-enrolment.yaml",
        "url": "guides/resident-enrolment/",
        "channels": [
            {"name": "支付宝", "kind": "alipay", "how": "市民中心→社保", "source": "seed-000"}
        ],
        "steps": [
            {"title": "上传材料", "source": "seed-000"},
            {"title": "一个没有英文的步骤", "source": "seed-000"},
        ],
        "materials": {
            "base": [{"name": "身份证", "note": "正反面", "source": "seed-000"}],
            "extra": [{"who": "外国人", "items": [{"name": "长期居留证", "source": "seed-000"}]}],
        },
        "time_limit": {"text": "审核一般 1-3 个工作日", "source": "seed-000"},
    }
    return {
        "as_of": "2026-11-24",
        "repo_url": "https://github.com/o/r",
        "edit_base": EDIT,
        "issue_base": "https://github.com/o/r/issues/new",
        "sources": SOURCES,
        "national": national,
        "regions": regions,
        "topics": {"resident-enrolment": topic},
        "glossary": [
            {"term": "起付线", "en": "deductible", "definition": "一年里先由自己付的那部分费用。"},
            {
                "term": "备案",
                "en": "filing",
                "definition": "去外地看病前先登记 <script>alert(1)</script>",
                "aliases": ["异地备案"],
            },
        ],
        "faq": [
            {
                "question": "居民医保不交会怎么样？",
                "answer": "断缴后再参保要等一段时间才能报销。",
                "topics": ["resident-enrolment"],
                "sources": ["seed-000"],
            }
        ],
    }


@pytest.fixture
def model():
    return make_model()


@pytest.fixture
def env():
    return make_env()


def test_compare_lists_grade_a_region_with_its_source(model, env, tmp_path):
    """A region with a grade-A inpatient figure appears with its value, badge and source link."""
    [page] = compare.render(model, env, tmp_path)
    assert page == tmp_path / "compare" / "index.md"
    text = page.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "蚌埠市" in line and "市三级" in line)
    assert "800 元" in row and "yb-grade-a" in row and 'href="#src-' in row
    assert "700 元" not in row  # the older value is not "this year's"
    assert "(../regions/340300-bengbu.md)" in row
    n = re.search(r'href="#src-(\d+)"', row).group(1)
    assert re.search(
        rf'id="src-{n}"></span><a href="{re.escape(SOURCES["bengbu-2024"]["url"])}"', text
    )
    # the region's own level names, in its own order
    assert text.index(">一级及以下</span>") < text.index(">市三级</span>")


def test_compare_cells_carry_grade_c_and_derived_amounts(model, env, tmp_path):
    """Grade C shows 待核实; rate × base shows the product; a null cap shows 不设上限."""
    text = compare.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    contrib = next(line for line in text.splitlines() if "中山市" in line and "809.76" in line)
    assert "57,840 元 × 1.4%" in contrib and "780.48 元" in contrib
    critical = next(line for line in text.splitlines() if "中山市" in line and "15,000 元" in line)
    assert "待核实" in critical and "不设上限" in critical
    flexible = next(line for line in text.splitlines() if "广东省" in line and "8%" in line)
    assert "待核实" in flexible
    assert "北京市" not in text  # no figure of its own: not in the comparison


def test_compare_marks_inherited_cells(model, env, tmp_path):
    """An inherited cell names its origin; a row with nothing of the region's own is left out."""
    zs = model["regions"]["442000"]
    zs["params"] = dict(zs["params"])
    zs["params"]["employee_contribution"] = model["regions"]["440000"]["params"][
        "employee_contribution"
    ]
    bengbu = model["regions"]["340300"]["params"]["inpatient"]["resident"]["levels"]
    bengbu["市三级"]["ratio"] = fact(entry("2024-01-01", 0.7, "seed-003", "C", 5, GD))
    text = compare.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "蚌埠市" in line and "市三级" in line)
    assert "70%" in row and "沿用广东" in row and "800 元" in row
    assert not any("中山市" in line and "8%" in line for line in text.splitlines())
    assert any("广东省" in line and "8%" in line for line in text.splitlines())


def test_changes_lists_two_entry_fact(model, env, tmp_path):
    """A fact with two dated values appears as old → new with the new date and source."""
    [page] = changes.render(model, env, tmp_path)
    assert page == tmp_path / "compare" / "changes.md"
    text = page.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if "700 元 → 800 元" in line)
    assert "蚌埠市" in row and "2024-01-01 起" in row and 'href="#src-' in row
    assert "→" not in text.split("## 全部数字和日期")[1].split("## 出处")[0]
    history = text.split("## 全部数字和日期")[1]
    assert "| 2023-01-01 | 700 元" in history and "| 2024-01-01 | 800 元" in history
    # single-entry facts have no change row
    assert not any("200 元 →" in line for line in text.splitlines())


def test_status_lists_grade_c_and_stale_with_edit_links(model, env, tmp_path):
    """Every grade-C fact and every stale fact appears with an edit link to its file and line."""
    [page] = status.render(model, env, tmp_path)
    text = page.read_text(encoding="utf-8")
    unverified = text.split("## 待核实的数字")[1].split("## 需要重新核对的数字")[0]
    row = next(line for line in unverified.splitlines() if "中山市" in line and "15,000 元" in line)
    assert f'href="{EDIT}{ZS}#L40"' in row
    assert f'href="{EDIT}{GD}#L9"' in unverified
    assert f"{EDIT}{NAT}#L60" in unverified  # a grade-C hotline, as a tel: link
    assert '<a class="yb-tel" href="tel:12393">12393</a>' in unverified
    assert "蚌埠市" not in unverified  # grade A facts are not 待核实
    stale = text.split("## 需要重新核对的数字")[1]
    zs_row = next(line for line in stale.splitlines() if "中山市" in line and "15,000 元" in line)
    assert "超过 12 个月" in zs_row and "2022 年度的" in zs_row
    # Bengbu's 2024 values: the benefit year 2024 is over
    assert any("蚌埠市" in line and "800 元" in line for line in stale.splitlines())
    # Zhongshan's 2025-09-01 figures cover the year to 2026-08-31: over on 2026-11-24
    assert any("中山市" in line and "780.48" in line for line in stale.splitlines())


def test_status_counts_and_coverage(model, env, tmp_path):
    """Counts by grade add up and each region shows what it has and misses."""
    text = status.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    # A: bengbu 4 entries + zhongshan 3; C: zhongshan 2 + guangdong 1 + the national hotline
    assert re.search(r"yb-grade-a\"[^|]*\| 7 \|", text)
    assert re.search(r"yb-grade-c\"[^|]*\| 4 \|", text)
    assert "一共有 11 个数字和电话" in text
    bengbu = text.split("<summary>蚌埠市：已写明 3 个，还缺 1 个</summary>")[1].split("</details>")[
        0
    ]
    assert "<p>还缺：大病保险 · 居民医保 · 封顶线。</p>" in bengbu
    assert "；住院 · 居民医保 · 市三级 · 起付线。</p>" in bengbu.split("<p>已写明：")[1]
    assert f'<a href="{EDIT}{BB}">' in bengbu
    zs = text.split("<summary>中山市：")[1].split("</details>")[0]
    assert "城乡居民医保网上参保" in zs
    assert "<summary>全国" not in text  # the baseline is not a region


def test_stale_rule_on_fresh_fact():
    """A recently checked fact whose year is still running is not stale (insurance year counts)."""
    f = fact(entry("2026-01-01", 1, "x", "A", 1, BB, verified="2026-06-01"))
    assert status.stale_reasons(f, "2026-11-24") == []
    old = fact(entry("2026-01-01", 1, "x", "A", 1, BB, verified="2025-11-23"))
    assert status.stale_reasons(old, "2026-11-24") == ["上次核对是 2025-11-23，超过 12 个月"]
    ended = fact(
        entry("2020-01-01", 1, "x", "A", 1, BB, verified="2026-06-01"),
        entry("2025-01-01", None, "x", "A", 2, BB, verified="2026-06-01"),
    )
    assert status.stale_reasons(ended, "2026-11-24") == []
    sept = fact(entry("2025-09-01", 1, "x", "A", 1, ZS, verified="2026-06-01"))
    assert status.stale_reasons(sept, "2026-08-31", "09-01") == []
    assert status.stale_reasons(sept, "2026-09-01", "09-01") != []


def test_faq_answers_with_sources_and_topic_links(model, env, tmp_path):
    """Each question becomes a heading with its answer, sources and related guide links."""
    text = faq.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    assert "## 居民医保不交会怎么样？" in text
    assert "断缴后再参保要等一段时间才能报销。" in text
    assert "[城乡居民医保网上参保](../guides/resident-enrolment.md)" in text
    assert "待核实" in text and 'href="#src-1"' in text


def test_glossary_escapes_definitions(model, env, tmp_path):
    """A <script> in a definition comes out escaped; the tooltip list keeps plain text."""
    paths = glossary.render(model, env, tmp_path)
    page = (tmp_path / "glossary" / "index.md").read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "| 起付线" in page or "**起付线**" in page
    assert '<span lang="en">deductible</span>' in page
    terms = json.loads((tmp_path / "glossary" / "terms.json").read_text(encoding="utf-8"))
    assert terms["terms"][1]["words"] == ["备案", "异地备案"]  # aliases too
    assert terms["terms"][0]["definition"] == "一年里先由自己付的那部分费用。"
    assert len(paths) == 2


def test_english_page(model, env, tmp_path):
    """The English page names the long-term residence permit, its grade and 12393 as a tel: link."""
    model["topics"]["resident-enrolment"]["channels"].append(
        {"name": "微信", "kind": "wechat", "source": "seed-000"}
    )
    text = english.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    assert '<div lang="en"' in text
    assert "\n- Alipay (" in text and "\n- WeChat (" in text  # one list item per line
    assert "long-term residence permit for foreigners" in text and "长期居留证" in text
    assert '<a href="tel:12393">12393</a>' in text
    assert "not yet verified" in text
    assert "The check usually takes 1–3 working days." in text
    assert "Upload photos of your documents." in text
    assert '<span lang="zh">一个没有英文的步骤</span>' in text  # no stale translation: Chinese only
    assert "(../guides/resident-enrolment.md)" in text


def test_english_page_grade_a_hotline(model, env, tmp_path):
    """A hotline with a grade-A source is not called unverified."""
    model["sources"]["seed-003"] = dict(model["sources"]["seed-003"], grade="A")
    model["sources"]["seed-000"] = dict(model["sources"]["seed-000"], grade="A")
    text = english.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    assert "not yet verified" not in text and "grade A" in text


def test_pages_survive_an_empty_model(env, tmp_path):
    """With no regions, FAQ or glossary the pages still render and say what is missing."""
    m = make_model()
    empty = {k: copy.deepcopy(v) for k, v in m.items()}
    empty.update(regions={}, faq=[], glossary=[], topics={})
    empty["national"]["hotlines"] = []
    for mod in (compare, changes, status, faq, glossary, english):
        for p in mod.render(empty, env, tmp_path):
            assert p.read_text(encoding="utf-8").strip()
    assert "暂未收录" in (tmp_path / "compare" / "index.md").read_text(encoding="utf-8")


def test_changes_skip_a_confirmed_value(model, env, tmp_path):
    """A newer entry with the same value is listed in the history but is not a change."""
    levels = model["regions"]["340300"]["params"]["inpatient"]["resident"]["levels"]
    levels["市三级"]["deductible"]["values"].append(
        entry("2025-01-01", 800, "bengbu-2024", "A", 38, BB)
    )
    text = changes.render(model, env, tmp_path)[0].read_text(encoding="utf-8")
    assert "800 元 → 800 元" not in text
    assert "700 元 → 800 元" in text
    assert "| 2025-01-01 | 800 元" in text.split("## 全部数字和日期")[1]


ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def real_model():
    from fixtures.datasets import real_data_as_of

    from generator.model import build_model

    return build_model(ROOT / "data", real_data_as_of())


def test_real_compare_lists_every_region_with_a_grade_a_or_b_figure(real_model, tmp_path):
    """Every region whose own file has a grade A or B figure appears on the comparison page."""
    from generator.facts import iter_facts

    text = compare.render(real_model, make_env(), tmp_path)[0].read_text(encoding="utf-8")
    expected = [
        r
        for r in real_model["regions"].values()
        if any(
            e.get("grade") in ("A", "B")
            for _p, f in iter_facts(r["own_params"])
            for e in f["values"]
        )
    ]
    assert expected, "the data has grade A or B figures"
    for r in expected:
        assert f"[{r['name']}]({compare_link(r)})" in text, r["name"]


def compare_link(region):
    return "../" + region["url"].strip("/") + ".md"


def test_real_changes_list_every_changed_value(real_model, tmp_path):
    """Every change between two dated values of the data appears on the changes page."""
    from generator.facts import iter_facts
    from generator.pages import _extra as x

    text = changes.render(real_model, make_env(), tmp_path)[0].read_text(encoding="utf-8")
    table = text.split("## 调整记录")[1].split("## 全部数字和日期")[0]
    n = 0
    for r in [real_model["national"], *real_model["regions"].values()]:
        for path, f in iter_facts(r["own_params"]):
            vals = sorted(f["values"], key=lambda e: e["from"])
            for old, new in itertools.pairwise(vals):
                if old["value"] != new["value"]:
                    n += 1
                    change = (
                        f"{x.format_entry(path, old, f.get('bound'))} → "
                        f"{x.format_entry(path, new, f.get('bound'))}"
                    )
                    assert any(
                        change in line and f"{new['from']} 起" in line
                        for line in table.splitlines()
                    ), (r["name"], path, change)
    assert table.count(" → ") == n


def test_real_status_lists_every_grade_c_fact_with_its_edit_link(real_model, tmp_path):
    """Every grade-C dated value of a region's own file is on the status page with file and line."""
    from generator.facts import iter_facts

    text = status.render(real_model, make_env(), tmp_path)[0].read_text(encoding="utf-8")
    section = text.split("## 待核实的数字")[1].split("## 需要重新核对的数字")[0]
    for r in [real_model["national"], *real_model["regions"].values()]:
        for _path, f in iter_facts(r["own_params"]):
            for e in f["values"]:
                if e["grade"] == "C":
                    assert f'{real_model["edit_base"]}{e["file"]}#L{e["line"]}"' in section, e
