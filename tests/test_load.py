"""Loading YAML: keys and list items keep their lines; dates stay text; errors name the line."""

from __future__ import annotations

import pytest
from fixtures.datasets import VALID

from generator.errors import DataErrors
from generator.load import classify, load_dir, parse

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


def test_libyaml_and_pyyaml_read_every_data_file_alike():
    """The fast parser gives the same values and lines as PyYAML's own on every real data file."""
    from pathlib import Path

    from generator.load import FastLineLoader, LineLoader, _parse, data_files

    data = Path(__file__).resolve().parents[1] / "data"
    files = data_files(data)
    assert files, f"no data files under {data}"
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = _parse(text, path.name, "other", FastLineLoader)
        plain = _parse(text, path.name, "other", LineLoader)
        assert (fast.data, fast.lines) == (plain.data, plain.lines), path
