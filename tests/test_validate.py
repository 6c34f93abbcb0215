"""Validation: the real data passes; each broken fixture gives its exact one-line message."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.datasets import AS_OF, INVALID, ROOT, make_dataset, run_cli

from generator.load import load_dir
from generator.validate import display_path, validate

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())


def test_real_data_validates():
    """`python -m generator check` exits 0 on the repository's data/."""
    result = run_cli(ROOT, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_valid_fixture_validates(tmp_path):
    """The tiny dataset the other tests build on is itself valid."""
    make_dataset(tmp_path)
    result = run_cli(tmp_path, "check", "--date", AS_OF)
    assert (result.returncode, result.stdout) == (0, ""), result.stdout + result.stderr
    assert "0 处错误" in result.stderr


def test_every_rule_has_a_fixture():
    """One broken fixture per rule named in the contributor guide."""
    assert {
        "bad-yaml",
        "unknown-key",
        "ratio-too-big",
        "text-for-number",
        "missing-source",
        "unknown-source",
        "grade-upgrade",
        "bad-date",
        "wrong-file-name",
        "missing-parent",
    } <= set(CASES)


@pytest.mark.parametrize("case", CASES)
def test_invalid_fixture_message(tmp_path, case):
    """The broken file gives exactly the expected FILE:LINE line, status 1, no traceback."""
    make_dataset(tmp_path, INVALID / case)
    result = run_cli(tmp_path, "check", "--date", AS_OF)
    expected = (INVALID / case / "expected.txt").read_text(encoding="utf-8")
    assert result.returncode == 1
    assert result.stdout == expected
    assert expected.startswith("data/") and ".yaml:" in expected
    assert "Traceback" not in result.stdout + result.stderr
    assert "1 处错误" in result.stderr


GD = "data/regions/440000-guangdong.yaml"
LV = "inpatient.resident.levels.三级"
EXACT = {
    "unknown-key": f"{GD}:25: {LV}.deductable: "
    '未知字段 "deductable"；可用的字段有 deductible, ratio, retiree_ratio（是不是拼错了？）\n',
    "ratio-too-big": f"{GD}:34: {LV}.ratio: "
    "1.5 太大了；报销比例写成 0 到 1 之间的小数，例如 85% 写 0.85\n",
    "text-for-number": f'{GD}:28: {LV}.deductible: 这里应该是数字，现在是文字 "一千"\n',
    "missing-source": f"{GD}:27: {LV}.deductible: "
    "缺少 source；每个数字都要写明来源的 id（在 sources: 里声明）\n",
    "bad-yaml": "data/regions/440300-shenzhen.yaml:4: YAML 格式错误：这里不能出现冒号，"
    "检查这一行和上一行：冒号后面要有空格，缩进要对齐，文字里带冒号时整段加引号\n",
}


@pytest.mark.parametrize("case", sorted(EXACT))
def test_expected_files_say_what_the_issue_asks(case):
    """The recorded expectations are the plain-Chinese lines of issue 2 (no blind re-recording)."""
    assert (INVALID / case / "expected.txt").read_text(encoding="utf-8") == EXACT[case]


def test_github_annotations(tmp_path):
    """--format github prints ::error annotations with file and line, in Chinese."""
    make_dataset(tmp_path, INVALID / "ratio-too-big")
    result = run_cli(tmp_path, "check", "--date", AS_OF, "--format", "github")
    assert result.returncode == 1
    assert result.stdout == (
        "::error file=data/regions/440000-guangdong.yaml,line=34,title=数据有误::"
        "inpatient.resident.levels.三级.ratio: 1.5 太大了；报销比例写成 0 到 1 之间的小数，例如 "
        "85%25 写 0.85\n"
    )


def test_verified_before_source_date(tmp_path):
    """A value cannot have been checked before its source was published."""
    make_dataset(tmp_path)
    f = tmp_path / "data/regions/440300-shenzhen.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "verified: 2026-11-22\n              grade: B",
            "verified: 2025-06-01\n              grade: B",
        ),
        encoding="utf-8",
    )
    errors = validate(load_dir(tmp_path / "data"), tmp_path / "data/schema", AS_OF)
    assert [e.text() for e in errors] == [
        "data/regions/440300-shenzhen.yaml:35: inpatient.resident.levels.三级.deductible.verified: "
        '核对日期 2025-06-01 早于来源 "sz-inpatient" 的发布日期 2025-12-01；'
        "核对日期不能早于来源发布的日子"
    ]


def test_several_errors_sorted_and_all_reported(tmp_path):
    """Every error is reported, sorted by file and line, not only the first."""
    make_dataset(tmp_path, INVALID / "ratio-too-big")
    f = tmp_path / "data/regions/440300-shenzhen.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("value: 1200", "value: -5"), encoding="utf-8"
    )
    result = run_cli(tmp_path, "check", "--date", AS_OF)
    lines = result.stdout.splitlines()
    assert result.returncode == 1
    assert lines == [
        "data/regions/440000-guangdong.yaml:34: inpatient.resident.levels.三级.ratio: "
        "1.5 太大了；报销比例写成 0 到 1 之间的小数，例如 85% 写 0.85",
        "data/regions/440300-shenzhen.yaml:33: inpatient.resident.levels.三级.deductible: -5 "
        "太小了；不能小于 0",
    ]


def test_display_path_folds_dated_values():
    """`.values.<date>.value` is folded into the fact's own path."""
    assert (
        display_path(
            ("inpatient", "resident", "levels", "三级", "ratio", "values", "2024-01-01", "value")
        )
        == "inpatient.resident.levels.三级.ratio"
    )
    assert display_path(("hotlines", 0, "number")) == "hotlines[0].number"


def test_internal_error_is_one_line(tmp_path):
    """An unexpected failure prints one line with a hint, never a traceback."""
    make_dataset(tmp_path)
    (tmp_path / "data/schema/region.schema.json").write_text("{not json", encoding="utf-8")
    result = run_cli(tmp_path, "check", "--date", AS_OF)
    assert result.returncode == 2
    assert "Traceback" not in result.stdout + result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("generator: 内部错误：")


def test_bad_date_argument():
    """A wrong --date is a usage error, not a traceback."""
    result = run_cli(Path(ROOT), "check", "--date", "2026-13-01")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr


def test_rules_are_named_functions_run_from_a_list(tmp_path):
    """Each rule is a small documented function of one Context; a new one is added to a list."""
    import inspect

    from generator.errors import DataError
    from generator.rules import RULES, Context, run_rules

    assert len(RULES) == len(set(RULES)) >= 15
    for rule in RULES:
        assert inspect.isfunction(rule) and rule.__doc__, rule
        assert list(inspect.signature(rule).parameters) == ["ctx"], rule.__name__
        assert len(inspect.getsource(rule).splitlines()) <= 40, rule.__name__

    def every_region_has_a_main_hotline(ctx: Context):
        """An extra rule, as another module would add one."""
        for doc in ctx.dataset.of_kind("region"):
            if not any(h.get("main") for h in doc.data.get("hotlines", [])):
                yield ctx.error(doc, ("hotlines",), "没有主要电话")

    make_dataset(tmp_path)
    dataset = load_dir(tmp_path / "data")
    assert run_rules(dataset, AS_OF) == []
    found = run_rules(dataset, AS_OF, [*RULES, every_region_has_a_main_hotline])
    assert found and all(isinstance(e, DataError) for e in found)
    assert [e.file for e in found] == ["data/regions/440000-guangdong.yaml"]


@pytest.mark.parametrize(
    ("value", "flag", "errors"),
    [
        ("20000", None, []),  # at the bound
        ("20001", None, ["20001 元超过了合理的上限 20000 元，请核对是否多写了 0 或写错了单位"]),
        ("1000000000000", "来源数字有误", []),  # marked doubtful: recorded as the source wrote it
    ],
)
def test_amount_bounds_come_from_calc_limits(tmp_path, value, flag, errors):
    """The data check refuses a figure above calc.limits' bound for its kind, naming bound and unit."""
    from calc import limits

    make_dataset(tmp_path)
    f = tmp_path / "data/regions/440000-guangdong.yaml"
    extra = f"\n              flag: {flag}" if flag else ""
    f.write_text(
        f.read_text(encoding="utf-8").replace(
            "              value: 1000\n", f"              value: {value}{extra}\n"
        ),
        encoding="utf-8",
    )
    found = validate(load_dir(tmp_path / "data"), tmp_path / "data/schema", AS_OF)
    assert [e.message for e in found] == errors
    assert [e.line for e in found] == [28] * len(errors)
    path = "inpatient.resident.levels.三级.deductible"
    assert limits.bound_for(path) == (20000, "元")
    if errors:  # the calculator refuses the same figure with the same words
        assert limits.problem(path, int(value)) == errors[0]
