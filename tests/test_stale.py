"""`stale`: facts not checked for 12 months or whose newest value is for a past benefit year."""

from __future__ import annotations

from fixtures.datasets import AS_OF, make_dataset, run_cli

from generator.stale import benefit_year, fact_reasons


def test_benefit_year():
    """A date belongs to the benefit year that started on or before it."""
    assert benefit_year("2026-03-01") == 2026
    assert benefit_year("2026-03-01", "09-01") == 2025
    assert benefit_year("2026-09-01", "09-01") == 2026


def test_fact_reasons():
    """Both rules, and neither for a current, recently checked value or one that has ended."""
    fact = {"values": [{"from": "2025-01-01", "value": 1, "verified": "2025-10-01"}]}
    assert fact_reasons(fact, "2025-12-31") == []
    assert fact_reasons(fact, "2026-11-24") == [
        "上次核对是 2025-10-01，超过 12 个月",
        "最新的数值是 2025 年度的（2025-01-01 起），2026 年度的还没写",
    ]
    ended = {
        "values": [
            {"from": "2024-01-01", "value": 1, "verified": "2026-11-01"},
            {"from": "2025-01-01", "value": None, "verified": "2026-11-01"},
        ]
    }
    assert fact_reasons(ended, "2026-11-24") == []
    zhongshan = {"values": [{"from": "2025-09-01", "value": 1, "verified": "2026-11-01"}]}
    assert fact_reasons(zhongshan, "2026-08-31", "09-01") == []
    assert fact_reasons(zhongshan, "2026-09-01", "09-01") != []


def test_stale_lists_by_age_with_edit_links(tmp_path):
    """The CLI lists stale facts, oldest check then oldest value first, with file:line; exit 0."""
    make_dataset(tmp_path)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\nrepo_url: https://github.com/o/r\n", encoding="utf-8"
    )
    result = run_cli(tmp_path, "stale", "--date", AS_OF)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "data/national.yaml:40: 全国 · 异地就医 · 未备案: 15 个百分点（2024-01-01 起）；"
        "最新的数值是 2024 年度的（2024-01-01 起），2026 年度的还没写；"
        "编辑：https://github.com/o/r/edit/main/data/national.yaml",
        "data/regions/440000-guangdong.yaml:27: 广东 · 住院 · 居民医保 · 三级 · 起付线: 1000 "
        "元（2024-01-01 起）；"
        "最新的数值是 2024 年度的（2024-01-01 起），2026 年度的还没写；"
        "编辑：https://github.com/o/r/edit/main/data/regions/440000-guangdong.yaml",
        "data/regions/440000-guangdong.yaml:33: 广东 · 住院 · 居民医保 · 三级 · 报销比例: "
        "70%（2024-01-01 起）；"
        "最新的数值是 2024 年度的（2024-01-01 起），2026 年度的还没写；"
        "编辑：https://github.com/o/r/edit/main/data/regions/440000-guangdong.yaml",
        "data/national.yaml:32: 全国 · 待遇等待期 · 固定等待期: 3 个月（2025-01-01 起）；"
        "最新的数值是 2025 年度的（2025-01-01 起），2026 年度的还没写；"
        "编辑：https://github.com/o/r/edit/main/data/national.yaml",
    ]
    assert result.stderr == f"共 4 项需要重新核对（{AS_OF}）\n"


def test_stale_a_year_later_includes_checks_and_hotlines(tmp_path):
    """A year on, every fact and hotline checked in 2026-11 is due again; markdown is a table."""
    make_dataset(tmp_path)
    result = run_cli(tmp_path, "stale", "--date", "2027-12-01", "--format", "markdown")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "### 需要重新核对的数据（2027-12-01，共 10 项）"
    rows = [line for line in lines if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 10
    assert any("深圳 · 电话 12393" in r and "超过 12 个月" in r for r in rows)
    assert any(
        r.startswith("| 深圳 · 住院 · 居民医保 · 三级 · 起付线 | 1200 元 | 2026-01-01 |")
        for r in rows
    )
    verified = [r.split(" | ")[3][:10] for r in rows]
    assert verified == sorted(verified)
