"""`diff BASE_REF`: one changed figure gives one plain line (plus the pages touched), no more."""

from __future__ import annotations

import subprocess

import pytest
from fixtures.datasets import make_dataset, run_cli


def git(repo, *args):
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    root = make_dataset(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "data")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "base")
    return root


def edit(root, rel, old, new):
    f = root / rel
    text = f.read_text(encoding="utf-8")
    assert old in text
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(root):
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qam", "change")


def test_one_figure_one_line(repo):
    """Changing 深圳's 2026 deductible prints that change and the pages showing it, no more."""
    edit(repo, "data/regions/440300-shenzhen.yaml", "value: 1200", "value: 1300")
    commit(repo)
    result = run_cli(repo, "diff", "HEAD~1")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "深圳 · 住院 · 居民医保 · 三级 · 起付线: 1200 → 1300 元（2026-01-01 起，来源：深圳市 "
        "住院待遇，等级 B）\n"
        "涉及的页面：深圳市（regions/440300-shenzhen/）、福田区（regions/440304-futian/）\n"
    )
    assert result.stderr == ""


def test_working_tree_against_base(repo):
    """Uncommitted edits are compared too (the pull request's checkout)."""
    edit(repo, "data/regions/440000-guangdong.yaml", "value: 0.7", "value: 0.75")
    result = run_cli(repo, "diff", "HEAD")
    assert result.stdout.splitlines()[0] == (
        "广东 · 住院 · 居民医保 · 三级 · 报销比例: 70% → 75%（2024-01-01 起，来源：广东省 "
        "住院待遇，等级 B）"
    )
    assert result.stdout.splitlines()[1] == (
        "涉及的页面：广东省（regions/440000-guangdong/）、"
        "深圳市（regions/440300-shenzhen/）、福田区（regions/440304-futian/）"
    )


def test_new_year_hotline_and_markdown(repo):
    """A new dated value shows the one it follows; a new hotline is listed; markdown output."""
    edit(
        repo,
        "data/regions/440000-guangdong.yaml",
        "            2024-01-01:\n              value: 0.7\n",
        "            2024-01-01:\n              value: 0.7\n              source: gd-inpatient\n"
        "              verified: 2026-11-20\n            2026-01-01:\n              value: 0.72\n",
    )
    edit(
        repo,
        "data/regions/440304-futian.yaml",
        "\nhotlines:\n",
        "\nhotlines:\n  - department: 福田区 医保投诉\n    number: 0755-12345678\n    purpose: "
        "投诉举报\n"
        "    since: 2025-03-27\n    source: ft-hotlines\n    verified: 2026-11-24\n",
    )
    commit(repo)
    result = run_cli(repo, "diff", "HEAD~1", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (
        "### 数据改动（与 `HEAD~1` 相比）\n\n"
        "- 广东 · 住院 · 居民医保 · 三级 · 报销比例: 70% → 72%（2026-01-01 起，来源：广东省 "
        "住院待遇，等级 B）\n"
        "- 福田 · 电话: 新增 0755-12345678（福田区 医保投诉，2025-03-27 起，来源：福田区 医保电话，"
        "等级 C）\n\n"
        "**涉及的页面**\n\n"
        "- 广东省（regions/440000-guangdong/）\n- 深圳市（regions/440300-shenzhen/）\n"
        "- 福田区（regions/440304-futian/）\n"
    )


def test_no_change_and_bad_ref(repo):
    """No change says so; an unknown revision is one line, status 2, no traceback."""
    assert run_cli(repo, "diff", "HEAD").stdout == "没有数据改动。\n"
    bad = run_cli(repo, "diff", "no-such-branch")
    assert bad.returncode == 2
    assert bad.stderr == (
        'generator diff: 找不到 git 版本 "no-such-branch"；写一个分支名、标签或提交号，'
        "例如 origin/main\n"
    )


def test_topic_override_change(repo):
    """A region's change to a topic is named, and the topic page is listed as touched."""
    edit(
        repo,
        "data/regions/440300-shenzhen.yaml",
        "深圳的居民在深圳医保 App 登记参保。",
        "深圳的居民在 i 深圳 App 登记参保。",
    )
    result = run_cli(repo, "diff", "HEAD")
    assert result.stdout == (
        "深圳 · 事项 城乡居民医保网上参保: 改动了本地区的 summary\n"
        "涉及的页面：深圳市（regions/440300-shenzhen/）、福田区（regions/440304-futian/）、"
        "城乡居民医保网上参保（guides/resident-enrolment/）\n"
    )
