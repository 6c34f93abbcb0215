"""Loading YAML: keys and list items keep their lines; dates stay text; errors name the line."""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest
import yaml
from fixtures.datasets import AS_OF, INVALID, ROOT, VALID, make_dataset

from generator.errors import DataErrors
from generator.load import (
    MAX_DEPTH,
    FastLineLoader,
    LineLoader,
    _parse,
    classify,
    data_files,
    load_dir,
    needs_line_loader,
    parse,
)

TEXT = """\
code: "440300"
values:
  2024-01-01:
    value: 800
    verified: 2026-11-24
list:
  - a
  -
    b: 1
"""


def test_lines_of_keys_and_items():
    """Each mapping key and list item records its own 1-based line."""
    doc = parse(TEXT, "data/x.yaml")
    assert doc.lines[("code",)] == 1
    assert doc.lines[("values", "2024-01-01")] == 3
    assert doc.lines[("values", "2024-01-01", "value")] == 4
    assert doc.lines[("list", 0)] == 7
    assert doc.lines[("list", 1)] == 9
    assert doc.lines[("list", 1, "b")] == 9
    assert doc.line(("values", "2024-01-01", "value", "nothing", "here")) == 4


def test_dates_stay_strings():
    """Dates are not turned into datetime objects, as keys or as values."""
    doc = parse(TEXT, "data/x.yaml")
    assert list(doc.data["values"]) == ["2024-01-01"]
    assert doc.data["values"]["2024-01-01"]["verified"] == "2026-11-24"
    assert doc.data["code"] == "440300" and doc.data["values"]["2024-01-01"]["value"] == 800


def test_duplicate_key_is_an_error():
    """A key written twice at one level is reported at its second line."""
    with pytest.raises(DataErrors) as info:
        parse("a: 1\nb: 2\na: 3\n", "data/x.yaml")
    assert [e.text() for e in info.value.errors] == [
        'data/x.yaml:3: a: 重复的字段 "a"；同一层里每个字段只能写一次（第 1 行已经写过）'
    ]


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        (
            "a: 1\n\tb: 2\n",
            2,
            "YAML 格式错误：出现了 Tab 字符，缩进只能用空格，把 Tab 换成两个空格",
        ),
        ('a: "open\nb: 2\n', 3, "YAML 格式错误：引号没有配对，检查这一行的引号是否成对"),
        (
            "a:\n  b: 1\n c: 2\n",
            3,
            "YAML 格式错误：缩进没有对齐，同一层的字段左边要对齐，用空格缩进",
        ),
    ],
)
def test_syntax_errors_in_plain_words(text, line, what):
    """A YAML syntax error is one FILE:LINE line with what to check."""
    with pytest.raises(DataErrors) as info:
        parse(text, "data/x.yaml")
    assert [e.text() for e in info.value.errors] == [f"data/x.yaml:{line}: {what}"]


def test_classify():
    assert classify("national.yaml") == "national"
    assert classify("regions/440300-shenzhen.yaml") == "region"
    assert classify("topics/payment.yaml") == "topic"
    assert classify("glossary.yaml") == "glossary"
    assert classify("faq.yaml") == "faq"
    assert classify("regions/x/y.yaml") == "other"


def test_load_dir_orders_and_names_files(monkeypatch, tmp_path):
    """National first, then regions and topics; printed paths are relative to the working folder."""
    monkeypatch.chdir(VALID.parent)
    ds = load_dir(VALID.parent / "data")
    assert [d.rel for d in ds.docs] == [
        "data/national.yaml",
        "data/regions/440000-guangdong.yaml",
        "data/regions/440300-shenzhen.yaml",
        "data/regions/440304-futian.yaml",
        "data/topics/resident-enrolment.yaml",
    ]
    assert ds.docs[1].repo_path == "data/regions/440000-guangdong.yaml"
    monkeypatch.chdir(tmp_path)
    assert load_dir(VALID).docs[0].rel == "data/national.yaml"


def test_anchor_is_refused_at_its_line():
    """An &anchor is refused where it is written: data files spell every value out."""
    with pytest.raises(DataErrors) as info:
        parse("a: 1\nb: &x [1, 2]\nc: *x\n", "data/x.yaml")
    assert [e.text() for e in info.value.errors] == [
        "data/x.yaml:2: YAML 格式错误：用了锚点 &x；数据文件里不用锚点（&）和别名（*），"
        "每项内容直接写出来；文字以 & 开头时整段加引号"
    ]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("note: *重要\n", "以 * 开头的文字被当成了别名，文字里以 * 开头时整段加引号"),
        ("note: *important\n", "用了未定义的别名（*），文字里以 * 开头时整段加引号"),
        ("note: &重要\n", "以 & 开头的文字被当成了锚点，文字里以 & 开头时整段加引号"),
    ],
)
def test_text_starting_with_star_or_ampersand_gets_the_quote_hint(text, what):
    """Text that YAML reads as an alias or anchor is reported with the hint to quote it."""
    with pytest.raises(DataErrors) as info:
        parse("a: 1\n" + text, "data/x.yaml")
    assert [e.text() for e in info.value.errors] == [f"data/x.yaml:2: YAML 格式错误：{what}"]


def test_nesting_is_bounded():
    """Brackets nested past MAX_DEPTH are one FILE:LINE error, not a RecursionError."""
    ok = "a: " + "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2) + "\n"
    assert parse(ok, "data/x.yaml").data["a"] is not None
    deep = "a: 1\nb: " + "[" * 5000 + "]" * 5000 + "\n"
    with pytest.raises(DataErrors) as info:
        parse(deep, "data/x.yaml")
    assert [e.text() for e in info.value.errors] == [
        f"data/x.yaml:2: YAML 格式错误：嵌套超过 {MAX_DEPTH} 层；检查方括号、花括号是否配对，"
        "或把内容拆成几个字段"
    ]


def _limit_memory() -> None:
    """In the child: at most 1 GiB of address space (the bomb, expanded, needs many GB)."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def test_alias_bomb_check_ends_quickly_in_bounded_memory(tmp_path):
    """`check` on a 342-byte alias bomb stops within a minute under a 1 GiB memory cap, FILE:LINE."""
    make_dataset(tmp_path, INVALID / "alias-bomb")
    bomb = tmp_path / "data/regions/440300-shenzhen.yaml"
    assert bomb.stat().st_size < 2000
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--date", AS_OF],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout == (INVALID / "alias-bomb" / "expected.txt").read_text(encoding="utf-8")
    assert result.stdout.startswith("data/regions/440300-shenzhen.yaml:9: ")
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr


class ComposingLoader(yaml.SafeLoader):
    """A loader that composes anchors and aliases as YAML allows (as libyaml's does)."""


def test_any_loader_refuses_an_alias_before_expanding_it():
    """Even a loader that composes aliases hands parse() a shared node, refused at once."""
    bomb = (INVALID / "alias-bomb/data/regions/440300-shenzhen.yaml").read_text(encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        _parse(bomb, "data/x.yaml", "other", ComposingLoader)
    assert [e.text() for e in info.value.errors] == [
        "data/x.yaml:9: YAML 格式错误：用了别名（*）；数据文件里不用锚点（&）和别名（*），"
        "每项内容直接写出来；文字以 * 开头时整段加引号"
    ]


def test_needs_line_loader_spots_anchors_and_deep_brackets():
    """Text another loader could expand or crash on is recognised without parsing it."""
    assert needs_line_loader("a: &x 1\n")
    assert needs_line_loader("a: " + "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
    assert not needs_line_loader("a: [一级, 二级, 三级]\nb: {c: [1, 2]}\nnote: 5*2\n")


def test_very_deep_nesting_is_one_line_not_a_crash(tmp_path):
    """200,000 nested brackets (a 400 KB file) give the nesting message; the process survives."""
    f = tmp_path / "deep.yaml"
    f.write_text("a: 1\nb: " + "[" * 200_000 + "]" * 200_000 + "\n", encoding="utf-8")
    code = (
        "import sys\nfrom pathlib import Path\nfrom generator.errors import DataErrors\n"
        "from generator.load import parse\n"
        "try:\n    parse(Path(sys.argv[1]).read_text(encoding='utf-8'), 'data/x.yaml')\n"
        "except DataErrors as e:\n    print(e.errors[0].text())\n"
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", code, str(f)],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        preexec_fn=_limit_memory,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"data/x.yaml:2: YAML 格式错误：嵌套超过 {MAX_DEPTH} 层")


def test_libyaml_and_pyyaml_read_every_data_file_alike():
    """The fast parser gives the same values and lines as PyYAML's own on every real data file."""
    files = data_files(ROOT / "data")
    assert files
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = _parse(text, path.name, "other", FastLineLoader)
        plain = _parse(text, path.name, "other", LineLoader)
        assert (fast.data, fast.lines) == (plain.data, plain.lines), path


def test_libyaml_never_sees_an_anchor_or_deep_brackets(monkeypatch):
    """parse() hands text with an anchor or deep brackets to LineLoader, never to libyaml."""
    used = []
    real = _parse

    def spy(text, rel, kind, loader_class):
        used.append(loader_class)
        return real(text, rel, kind, loader_class)

    monkeypatch.setattr("generator.load._parse", spy)
    parse("a: [1, 2]\n", "data/x.yaml")
    for hostile in ("a: &x 1\nb: *x\n", "a: " + "[" * 50 + "]" * 50 + "\n"):
        with pytest.raises(DataErrors):
            parse(hostile, "data/x.yaml")
    assert used == [FastLineLoader, LineLoader, LineLoader]
