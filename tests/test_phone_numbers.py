"""Phone numbers: accepted as people write them, shown as written, dialled as digits."""

from __future__ import annotations

import pytest
from fixtures.datasets import AS_OF, make_dataset, run_cli

from generator.load import load_dir
from generator.pages import tel_href
from generator.validate import validate

SHENZHEN = "data/regions/440300-shenzhen.yaml"

# (as written, as dialled)
WRITTEN = [
    ("12393", "tel:12393"),
    ("0755-88366831", "tel:075588366831"),
    ("010 6500-6161", "tel:01065006161"),
    ("010-6500-6161", "tel:01065006161"),
    ("010 6500 6161", "tel:01065006161"),
    ("(020)12345678", "tel:02012345678"),
    ("400-123-4567", "tel:4001234567"),
    ("4001234567", "tel:4001234567"),
    ("800 123 4567", "tel:8001234567"),
    ("400-123-4567 转 2", "tel:4001234567,2"),
    ("0755-88366831转8001", "tel:075588366831,8001"),
    ("0755-88366831 分机 8001", "tel:075588366831,8001"),
    ("13800138000", "tel:13800138000"),
    ("138 0013 8000", "tel:13800138000"),
    ("95518", "tel:95518"),
]
NOT_NUMBERS = ["0755-88366831-8001", "123", "12393 或 12345", "+86 10 6500 6161", "400-1234-567"]


def with_number(tmp_path, number: str):
    make_dataset(tmp_path)
    f = tmp_path / SHENZHEN
    text = f.read_text(encoding="utf-8")
    assert 'number: "12393"' in text
    f.write_text(text.replace('number: "12393"', f'number: "{number}"'), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("number", "dialled"), WRITTEN)
def test_written_forms_pass_the_check(tmp_path, number, dialled):
    """Spaces, dashes, brackets, 400/800 numbers and extensions pass the data check."""
    root = with_number(tmp_path, number)
    assert validate(load_dir(root / "data"), root / "data/schema", AS_OF) == []


@pytest.mark.parametrize(("number", "dialled"), WRITTEN)
def test_tel_href_dials_the_digits(number, dialled):
    """The link dials the digits only; an extension follows a pause (a comma)."""
    assert tel_href(number) == dialled


@pytest.mark.parametrize("number", NOT_NUMBERS)
def test_other_text_is_refused_with_the_forms_to_use(tmp_path, number):
    """Anything else is one FILE:LINE line naming the accepted forms."""
    root = with_number(tmp_path, number)
    errors = validate(load_dir(root / "data"), root / "data/schema", AS_OF)
    assert [e.text() for e in errors] == [
        f'{SHENZHEN}:16: hotlines[0].number: "{number}" 不是电话号码的写法；写成 12393、'
        "0755-88366831、010 6500 6161、400-123-4567 或 11 位手机号，"
        "分机写成 0755-88366831 转 8001"
    ]


def test_page_shows_the_number_as_written_and_dials_digits(tmp_path):
    """The region page prints "010 6500-6161" as it is written, linked to tel:01065006161."""
    root = with_number(tmp_path, "010 6500-6161")
    (root / "docs").mkdir()
    result = run_cli(root, "build", "--date", AS_OF)
    assert result.returncode == 0, result.stdout + result.stderr
    page = (root / "docs/regions/440300-shenzhen.md").read_text(encoding="utf-8")
    assert 'href="tel:01065006161">010 6500-6161</a>' in page
    assert "tel:010 " not in page
