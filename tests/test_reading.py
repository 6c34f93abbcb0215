"""The reading check flags long sentences in generated pages and ignores markup."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest

from generator import reading

LONG = (
    "如果你在外地长期居住并且已经办理了异地长期居住备案，那么你在当地定点医院住院时，"
    "报销比例和在参保地一样，不会因为在外地看病而降低"
)
SHORT = "起付线是一年里先自己付的部分。"


def test_long_sentence_is_flagged():
    """A Chinese sentence over 60 characters is flagged with its page and line."""
    assert len(LONG) > 60
    found = reading.check_text(f"# 标题\n\n{SHORT}\n{LONG}。\n", "x.md")
    assert [(f.page, f.line, f.sentence) for f in found] == [("x.md", 4, LONG)]
    assert found[0].length == len(LONG) and found[0].unit == "字"


def test_short_sentences_pass():
    """Sentences split at 。！？； and line ends; each short one passes."""
    text = "；".join([LONG[:40], LONG[40:]]) + "。\n" + SHORT * 5
    assert reading.check_text(text) == []


def test_limit_is_sixty_characters_without_spaces():
    """Exactly 60 characters passes, 61 fails; spaces between Chinese and numbers do not count."""
    sixty = "起" * 56 + " 1000"
    assert reading.check_text(sixty) == []
    assert len(reading.check_text("起" * 61)) == 1


def test_markup_urls_and_table_cells_are_ignored():
    """Link targets, URLs, HTML tags, front matter and table cell borders do not add length."""
    url = "https://www.nhsa.gov.cn/art/2024/8/26/art_105_13634.html?" + "x" * 80
    page = (
        f"---\ndescription: {LONG}\n---\n\n"
        f"起付线见[国家医保局的通知]({url})。 另见 {url} 。\n\n"
        f'<span class="yb-grade yb-grade-c" title="{LONG}">待核实</span> 短句。\n\n'
        "| 地区 | 项目 | 数字 |\n|---|---|---|\n"
        f"| {LONG[:30]} | {LONG[30:55]} | {LONG[55:]} |\n\n"
        f"```\n{LONG}\n```\n\n"
        f"*[起付线]: {LONG}\n"
    )
    assert reading.check_text(page) == []


def test_a_long_table_cell_is_flagged():
    """A single table cell that is itself a long sentence is still flagged."""
    page = f"| 地区 | 说明 |\n|---|---|\n| 北京 | {LONG} |\n"
    assert [f.line for f in reading.check_text(page)] == [3]


def test_english_sentences_are_counted_in_words():
    """Text without Chinese splits at full stops and may have 25 words."""
    ok = "This page is for foreign nationals who live in mainland China. " * 3
    assert reading.check_text(ok) == []
    long = " ".join(["word"] * 26) + "."
    assert len(reading.check_text(long)) == 1


def test_report_names_the_data_line(tmp_path):
    """report() prints each finding with the data file and line the sentence came from."""
    data = tmp_path / "data" / "topics"
    data.mkdir(parents=True)
    (data / "t.yaml").write_text(f"slug: t\ntips:\n  - {LONG}\n", encoding="utf-8")
    page = tmp_path / "out" / "guides" / "t.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# 标题\n\n- {LONG}\n", encoding="utf-8")
    stream = io.StringIO()
    found = reading.report([page], root=tmp_path / "out", data_dir=tmp_path / "data", stream=stream)
    assert len(found) == 1
    assert "guides/t.md:3" in stream.getvalue() and "data/topics/t.yaml:3" in stream.getvalue()


ROOT = Path(__file__).resolve().parent.parent


def _real_pages(out: Path) -> list[Path]:
    from generator import model as model_mod
    from generator.render import render_site

    m = model_mod.build_model(ROOT / "data", dt.date.today().isoformat())
    return render_site(m, out)


@pytest.fixture(scope="module")
def real_pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    return out, _real_pages(out)


EXTRA_PAGES = ("compare/", "status/", "faq/", "glossary/", "en/")


def test_extra_pages_of_the_real_data_have_no_long_sentence(real_pages):
    """The comparison, changes, status, FAQ, glossary and English pages read in short sentences."""
    out, pages = real_pages
    mine = [p for p in pages if str(p.relative_to(out)).startswith(EXTRA_PAGES)]
    assert len(mine) >= 6
    found = reading.check_pages(mine, out)
    lines = [f"{f}（数据：{reading.locate(f.sentence, ROOT / 'data')}）" for f in found]
    assert not found, "\n".join(lines)


def test_generated_pages_of_the_real_data_have_no_long_sentence(real_pages):
    """Every page generated from data/ reads in sentences of at most 60 characters."""
    out, pages = real_pages
    assert any(p.suffix == ".md" for p in pages)
    found = reading.check_pages(pages, out)
    lines = [f"{f}（数据：{reading.locate(f.sentence, ROOT / 'data')}）" for f in found]
    assert not found, "\n".join(lines)


def test_a_line_repeated_on_many_pages_is_flagged_on_each():
    """Lines are measured once per run; every page (and line) that has a long one still gets it."""
    long = "这" * 61 + "。"
    first = reading.check_text(f"# 一\n\n{long}\n", "a.md")
    second = reading.check_text(f"# 二\n\n短句。\n\n{long}\n", "b.md")
    assert [(f.page, f.line) for f in first] == [("a.md", 3)]
    assert [(f.page, f.line) for f in second] == [("b.md", 5)]
    assert reading.sentences(f"{long}\n{long}") == [(1, long[:-1]), (2, long[:-1])]


def test_a_huge_sentence_is_quoted_short(tmp_path):
    """A 5 MB sentence gives one warning line with an 80-character excerpt, found in data/ quickly."""
    huge = "如果你在外地长期居住" * 500_000
    data = tmp_path / "data" / "topics"
    data.mkdir(parents=True)
    (data / "t.yaml").write_text(f"slug: t\ntips:\n  - {huge}\n", encoding="utf-8")
    page = tmp_path / "out" / "guides" / "t.md"
    page.parent.mkdir(parents=True)
    page.write_text(f"# 标题\n\n- {huge}\n", encoding="utf-8")
    stream = io.StringIO()
    found = reading.report([page], root=tmp_path / "out", data_dir=tmp_path / "data", stream=stream)
    assert len(found) == 1 and found[0].length == 5_000_000
    assert stream.getvalue() == (
        f"warning: guides/t.md:3: 句子太长（5000000 字）：{huge[:80]}…（数据：data/topics/t.yaml:3）\n"
    )


def test_a_sentence_up_to_the_excerpt_length_is_quoted_whole():
    """Sentences of at most 80 characters are printed as they are."""
    assert reading.excerpt("起" * 80) == "起" * 80
    assert reading.excerpt("起" * 81) == "起" * 80 + "…"
