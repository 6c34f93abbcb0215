"""The search index: each page's own text, keys cut the same way in Python and in the browser,
scores that put a page's title first, and the files the browser reads."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.search_index import build_search, keys, postings, shard_of
from generator.search_text import page_text

REPO = Path(__file__).resolve().parents[1]
TOKENS_JS = REPO / "docs" / "javascripts" / "search" / "tokens.js"


def document(body: str, title: str = "深圳市医保指南") -> str:
    return (
        f"<html><head><title>{title} - 医保指南</title></head><body><nav>导航 首页</nav>"
        f'<article><div data-search-body>\n{body}\n</div><div class="md-source-file">更新</div>'
        "</article><footer>页脚</footer></body></html>"
    )


REGION = document(
    """<h1 id="top">深圳市医保指南<a class="headerlink" href="#top" title="本节链接">&para;</a></h1>
<p class="yb-crumbs"><a href="../">各地指南</a> › 深圳市</p>
<div class="yb-answers"><h2 id="cost">一年交多少钱</h2><p>每年 6,457.92 元起<a class="yb-src">[1]</a>
<span class="yb-grade yb-grade-b">B 级</span></p>
<p class="yb-disclaimer">以当地医保部门最新政策为准。</p></div>
<h2 id="topics">在深圳市办事</h2>
<p data-search-ignore="">下面几项深圳市和全国不一样。</p>
<details class="yb-topic" id="topic-remote-care-filing"><summary>异地就医备案<span class="yb-topic__count">本地不同 4 处</span></summary>
<ul><li>用粤医保小程序备案<br>或者到窗口</li></ul>
<p class="yb-topic__links"><a href="#">全国通用的步骤和材料：异地就医备案</a></p></details>
<p>办完再看这里。</p>
<ul class="yb-same"><li><a href="#">家庭共济</a></li></ul>
<h2 id="sources" data-search-exclude>来源</h2>
<p>可靠等级：A 级是官方网页原文。</p>
<h2 id="hotlines">咨询电话</h2><p>拨打 <a class="yb-tel" href="tel:12393">12393</a></p>"""
)


def test_a_page_gives_its_own_text_by_section():
    """Navigation, anchors, markers, badges, disclaimers, link lists and excluded sections stay out;
    a <details> with an id is a section headed by its summary; text after it goes back."""
    page = page_text(REGION, "医保指南")
    assert page is not None
    assert page.title == "深圳市医保指南"
    rows = [(s.anchor, s.heading, s.text) for s in page.sections]
    assert rows == [
        ("", "深圳市医保指南", ""),
        ("cost", "一年交多少钱", "每年 6,457.92 元起"),
        ("topics", "在深圳市办事", "办完再看这里。"),
        ("topic-remote-care-filing", "异地就医备案", "用粤医保小程序备案 或者到窗口"),
        ("hotlines", "咨询电话", "拨打 12393"),
    ]
    everything = " ".join(" ".join(r) for r in rows)
    for left_out in ("导航", "¶", "[1]", "B 级", "各地指南", "政策为准", "下面几项", "本地不同",
                     "全国通用的步骤", "家庭共济", "可靠等级", "页脚", "更新"):  # fmt: skip
        assert left_out not in everything, left_out


def test_a_page_without_a_search_body_is_not_searchable():
    assert page_text("<html><title>数据状态 - 医保指南</title><h1>数据状态</h1></html>") is None


def test_keys_are_pairs_of_characters_and_whole_words():
    assert keys("家庭共济") == ["家庭", "庭共", "共济"]
    assert keys("药") == ["药"]
    assert keys("拨打 ０７５５-88366831，APP") == ["拨打", "0755", "88366831", "app"]
    assert keys("《异地就医》") == ["异地", "地就", "就医"]


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_browser_cuts_text_into_the_same_keys():
    """docs/javascripts/search/tokens.js and generator/search_index.py agree, shards included."""
    texts = [
        "家庭共济",
        "异地就医备案要什么材料？",
        "深圳市 0755-88366831",
        "ＡＢＣ１２３ Foreign residents",
        "药",
        "医保电子凭证（手机上的医保卡）",
        "兩岸 𠀀 mixed 中文English123",
    ]
    script = (
        f"import({json.dumps(TOKENS_JS.as_uri())}).then(t => console.log(JSON.stringify("
        f"{json.dumps(texts, ensure_ascii=False)}.map(x => "
        "[t.keys(x), t.keys(x).map(k => t.shardOf(k, 64))]))))"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    browser = json.loads(out.stdout)
    assert browser == [[keys(x), [shard_of(k, 64) for k in keys(x)]] for x in texts]


def test_a_title_outweighs_mentions_and_guides_weigh_more():
    """深圳 finds the 深圳 page before a guide that mentions 深圳 in passing; a guide about 备案
    comes before a region page with a section on it."""
    region = page_text(REGION, "医保指南")
    guide_text = document(
        "<h1>异地就医备案</h1><h2 id='steps'>办理流程</h2><p>例如深圳可以用小程序。深圳、深圳。</p>",
        title="异地就医备案",
    )
    guide = page_text(guide_text, "医保指南")
    found = postings([("regions/440300-shenzhen/", region), ("guides/remote-care-filing/", guide)])
    score = {key: dict(entries) for key, entries in found.items()}
    assert score["深圳"][0] > score["深圳"][1]
    assert score["备案"][1] > score["备案"][0]


def test_build_writes_what_the_browser_reads(tmp_path: Path):
    site = tmp_path / "site"
    (site / "regions" / "440300-shenzhen").mkdir(parents=True)
    (site / "index.html").write_text(
        document("<h1>医保指南</h1><p>首页</p>", "医保指南"), encoding="utf-8"
    )
    (site / "regions" / "440300-shenzhen" / "index.html").write_text(REGION, encoding="utf-8")
    (site / "status").mkdir()
    (site / "status" / "index.html").write_text(
        "<title>数据状态</title><h1>数据状态</h1>", encoding="utf-8"
    )
    (site / "search" / "old-build").mkdir(parents=True)  # a previous build's files go
    meta = build_search(site)
    assert json.loads((site / "search" / "index.json").read_text(encoding="utf-8")) == meta
    assert meta["pages"] == 2 and meta["version"] == 1
    build = site / "search" / meta["build"]
    assert sorted(p.name for p in (site / "search").iterdir()) == sorted(
        [meta["build"], "index.json"]
    )
    pages = [json.loads((build / f"p{i}.json").read_text(encoding="utf-8")) for i in range(2)]
    assert [(p["u"], p["t"], p["k"]) for p in pages] == [
        ("", "医保指南", ""),
        ("regions/440300-shenzhen/", "深圳市医保指南", "地区"),
    ]
    shard = json.loads(
        (build / f"k{shard_of('深圳', meta['shards'])}.json").read_text(encoding="utf-8")
    )
    assert shard["深圳"][0] == 1  # page 1 (as a step from page 0), then its score
    assert shard["深圳"][1] >= 1
    every_key = {
        k
        for n in range(meta["shards"])
        for k in json.loads((build / f"k{n}.json").read_text(encoding="utf-8"))
    }
    assert "本地" not in every_key  # 本地不同 4 处 is left out
    assert "0755" not in every_key and "12393" in every_key
