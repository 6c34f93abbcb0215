"""Build: JSON shape, the one-line summary, and the swap that leaves the last good output whole."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fixtures.datasets import AS_OF, INVALID, make_dataset, run_cli

from generator import build as build_mod
from generator.build import SwapError, build, swap_in


@pytest.fixture
def site(tmp_path):
    root = make_dataset(tmp_path)
    (root / "docs").mkdir()
    (root / "docs" / "index.md").write_text("# 手写的首页\n", encoding="utf-8")
    return root


def tree(path: Path) -> dict[str, bytes]:
    return {
        p.relative_to(path).as_posix(): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file()
    }


def test_build_writes_json_and_summary(site):
    """`build` writes docs/api/, keeps hand-written pages, and prints one summary line."""
    result = run_cli(site, "build", "--date", AS_OF)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    summary = result.stderr.strip().splitlines()
    assert len(summary) == 1 and summary[0].startswith(
        "生成完成：5 个文件，4 个地区，1 个事项，6 个数字，0 处错误"
    )
    api = site / "docs" / "api"
    index = json.loads((api / "regions" / "index.json").read_text(encoding="utf-8"))
    assert [r["code"] for r in index] == ["100000", "440000", "440300", "440304"]
    assert set(index[3]) >= {"code", "name", "short_name", "level", "parent", "url"}
    assert index[3] | {"json": None} == {
        "code": "440304",
        "name": "福田区",
        "short_name": "福田",
        "level": "district",
        "parent": "440300",
        "url": "regions/440304-futian/",
        "json": None,
    }
    sz = json.loads((api / "regions" / "440300.json").read_text(encoding="utf-8"))
    assert list(sz)[:1] == ["schema_version"] and sz["schema_version"] == 1
    assert sz["parents"] == ["440000", "100000"]
    entry = sz["params"]["inpatient"]["resident"]["levels"]["三级"]["deductible"]["values"][1]
    assert entry == {
        "from": "2026-01-01",
        "value": 1200,
        "source": "sz-inpatient",
        "grade": "B",
        "verified": "2026-11-22",
        "flag": None,
        "derived": None,
        "note": None,
        "file": "data/regions/440300-shenzhen.yaml",
        "line": 32,
    }
    assert sz["sources"]["sz-inpatient"]["grade"] == "A"
    topic = json.loads((api / "topics" / "resident-enrolment.json").read_text(encoding="utf-8"))
    assert topic["slug"] == "resident-enrolment" and topic["schema_version"] == 1
    described = {
        f["path"] for f in json.loads((api / "index.json").read_text(encoding="utf-8"))["files"]
    }
    assert {
        "api/regions/index.json",
        "api/regions/<code>.json",
        "api/topics/<slug>.json",
    } <= described
    assert (api / ".build-hash").read_text(encoding="utf-8").strip()
    assert (site / "docs" / "index.md").read_text(encoding="utf-8") == "# 手写的首页\n"
    assert not (site / ".generated").exists()


def test_data_error_touches_nothing(site):
    """A build that fails validation changes nothing under docs/."""
    assert run_cli(site, "build", "--date", AS_OF).returncode == 0
    before = tree(site / "docs")
    f = site / "data/regions/440000-guangdong.yaml"
    f.write_text(
        (INVALID / "ratio-too-big/data/regions/440000-guangdong.yaml").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    result = run_cli(site, "build", "--date", AS_OF)
    assert result.returncode == 1
    assert result.stdout.startswith("data/regions/440000-guangdong.yaml:34: ")
    assert "没有改动任何文件" in result.stderr and "Traceback" not in result.stderr
    assert tree(site / "docs") == before


def test_failure_mid_render_keeps_previous_output(site, monkeypatch):
    """An exception while rendering leaves the previous docs/regions and docs/api intact."""
    assert build(site / "data", site / "docs", AS_OF) == 0
    before = tree(site / "docs")

    def broken_render(model, out):
        (out / "regions").mkdir(parents=True)
        (out / "regions" / "half.md").write_text("half written", encoding="utf-8")
        raise RuntimeError("template exploded")

    monkeypatch.setattr(build_mod, "render_pages", broken_render)
    with pytest.raises(RuntimeError, match="template exploded"):
        build(site / "data", site / "docs", "2026-12-01")
    assert tree(site / "docs") == before
    assert not (site / ".generated").exists()


def test_failure_mid_swap_restores(tmp_path, monkeypatch):
    """If moving the second folder in fails, the first is put back as it was."""
    docs, new, work = tmp_path / "docs", tmp_path / "new", tmp_path / "work"
    for d, text in ((docs, "old"), (new, "new")):
        for name in ("api", "guides", "regions"):
            (d / name).mkdir(parents=True)
            (d / name / "x.md").write_text(f"{text} {name}", encoding="utf-8")
    work.mkdir()
    before = tree(docs)
    real = os.replace
    calls = []

    def flaky(src, dst):
        calls.append((src, dst))
        if len(calls) == 4:  # api moved in; guides put aside; now moving the new guides in
            raise OSError("disk full")
        return real(src, dst)

    monkeypatch.setattr(build_mod.os, "replace", flaky)
    with pytest.raises(SwapError):
        swap_in(new, docs, work)
    monkeypatch.setattr(build_mod.os, "replace", real)
    assert tree(docs) == before
    assert list(work.iterdir()) == []


def test_swap_replaces_whole_folders(tmp_path):
    """A page that the new build no longer makes disappears; other docs/ content is kept."""
    docs, new, work = tmp_path / "docs", tmp_path / "new", tmp_path / "work"
    (docs / "regions").mkdir(parents=True)
    (docs / "regions" / "gone.md").write_text("old", encoding="utf-8")
    (docs / "about.md").write_text("keep", encoding="utf-8")
    (new / "regions").mkdir(parents=True)
    (new / "regions" / "kept.md").write_text("new", encoding="utf-8")
    work.mkdir()
    assert swap_in(new, docs, work) == ["regions"]
    assert tree(docs) == {"about.md": b"keep", "regions/kept.md": b"new"}
    assert list(work.iterdir()) == []


def test_build_is_fast_on_real_data(tmp_path):
    """The real data builds, pages included, in well under 10 s of CPU time."""
    import resource
    import shutil

    from fixtures.datasets import ROOT

    root = tmp_path / "repo"
    shutil.copytree(ROOT / "data", root / "data")
    if (ROOT / "mkdocs.yml").exists():
        shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = run_cli(root, "build")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (root / "docs/api/regions/index.json").exists()
    assert cpu < 10, f"{cpu:.1f} s of CPU time"


def _hook():
    import importlib.util

    from fixtures.datasets import ROOT

    spec = importlib.util.spec_from_file_location(
        "mkdocs_hook_under_test", ROOT / "generator/mkdocs_hook.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_mkdocs_hook_builds_once_then_skips(site, monkeypatch):
    """The hook generates when docs/ is out of date and does nothing when the build hash matches."""
    from types import SimpleNamespace

    hook = _hook()
    monkeypatch.setenv("GENERATOR_DATE", AS_OF)
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    hook.on_pre_build(config)
    assert (site / "docs/api/regions/440300.json").exists()
    marker = site / "docs/api/marker.txt"
    marker.write_text("still here", encoding="utf-8")
    hook.on_pre_build(config)  # up to date: nothing rebuilt, nothing swapped
    assert marker.exists()
    f = site / "data/regions/440300-shenzhen.yaml"
    f.write_text(
        f.read_text(encoding="utf-8").replace("value: 1200", "value: 1300"), encoding="utf-8"
    )
    hook.on_pre_build(config)  # data changed: rebuilt
    assert not marker.exists()
    sz = json.loads((site / "docs/api/regions/440300.json").read_text(encoding="utf-8"))
    assert (
        sz["params"]["inpatient"]["resident"]["levels"]["三级"]["deductible"]["values"][1]["value"]
        == 1300
    )


def test_mkdocs_hook_fails_on_data_errors(site, monkeypatch, capsys):
    """A data error fails the MkDocs build with the same error lines."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    hook = _hook()
    monkeypatch.setenv("GENERATOR_DATE", AS_OF)
    make_dataset_overlay = INVALID / "unknown-key/data/regions/440000-guangdong.yaml"
    (site / "data/regions/440000-guangdong.yaml").write_text(
        make_dataset_overlay.read_text(encoding="utf-8"), encoding="utf-8"
    )
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    with pytest.raises(PluginError):
        hook.on_pre_build(config)
    out = capsys.readouterr().out
    assert out == (INVALID / "unknown-key/expected.txt").read_text(encoding="utf-8")
    assert not (site / "docs/api").exists()


def test_emitted_regions_follow_the_published_schema(site):
    """Every api/regions/<code>.json validates against api/schema/region.json."""
    from jsonschema import Draft202012Validator

    assert build(site / "data", site / "docs", AS_OF) == 0
    api = site / "docs" / "api"
    schema = json.loads((api / "schema" / "region.json").read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema)
    files = sorted((api / "regions").glob("[0-9]*.json"))
    assert len(files) == 4
    for f in files:
        errors = [
            e.message for e in validator.iter_errors(json.loads(f.read_text(encoding="utf-8")))
        ]
        assert errors == [], f.name
    broken = json.loads(files[0].read_text(encoding="utf-8"))
    broken["params"]["waiting_period"]["fixed_months"]["values"][0].pop("grade")
    assert list(validator.iter_errors(broken))


def test_mkdocs_hook_watches_data_under_serve(site):
    """`mkdocs serve` reloads when a file under data/ or generator/ changes."""
    from types import SimpleNamespace

    from fixtures.datasets import ROOT

    watched = []
    server = SimpleNamespace(watch=watched.append)
    config = SimpleNamespace(config_file_path=str(site / "mkdocs.yml"), docs_dir=str(site / "docs"))
    assert _hook().on_serve(server, config, builder=None) is server
    assert watched == [str(site / "data"), str(ROOT / "generator")]


KILLED_BUILD = """
import os, signal, sys
from pathlib import Path
from generator import build as b

def render_then_die(model, out):
    (out / "regions").mkdir(parents=True)
    (out / "regions" / "half.md").write_text("half written", encoding="utf-8")
    os.kill(os.getpid(), signal.SIGKILL)

b.render_pages = render_then_die
b.build(Path("data"), Path("docs"), sys.argv[1])
"""


def test_killed_build_leaves_nothing_behind_for_long(site):
    """A build killed mid-way leaves .generated/tmp-*; the next build removes it."""
    import subprocess
    import sys

    from fixtures.datasets import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BUILD, AS_OF], cwd=site, env=env, timeout=120
    )
    assert killed.returncode == -9
    left = sorted(p.name for p in (site / ".generated").iterdir())
    assert len(left) == 1 and left[0].startswith("tmp-")
    older = site / ".generated" / "tmp-k2j3h4"  # named by a generator that did not add the PID
    older.mkdir()
    result = run_cli(site, "build", "--date", AS_OF)
    assert result.returncode == 0, result.stderr
    assert not (site / ".generated").exists()
    assert not (site / "docs/regions/half.md").exists()


def test_leftovers_of_a_running_build_are_kept(tmp_path):
    """A folder whose build is still running (this process) is left alone."""
    from generator.build import remove_leftovers

    mine = tmp_path / f"tmp-{os.getpid()}-abcd"
    dead = tmp_path / "old-999999999-regions-1234abcd"
    for p in (mine, dead):
        p.mkdir()
    (tmp_path / "keep.txt").write_text("not a build folder", encoding="utf-8")
    assert remove_leftovers(tmp_path) == [dead.name]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keep.txt", mine.name]


def _repo_copy(dest: Path) -> Path:
    """The repository's hand-written files (no generated pages, no Pyodide) copied into dest."""
    import shutil

    from fixtures.datasets import ROOT

    generated = {"regions", "guides", "api", "compare", "status", "glossary", "faq", "en"}
    generated |= {"includes"}

    def ignore(folder: str, names: list[str]) -> list[str]:
        skip = {"__pycache__", "pyodide"} | (generated if Path(folder) == ROOT / "docs" else set())
        return [n for n in names if n in skip]

    for name in ("generator", "calc", "data", "docs"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def _mkdocs_build(root: Path):
    import subprocess
    import sys

    env = dict(os.environ, PYTHONIOENCODING="utf-8")  # the real data, as of today
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(root / "site")],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )


def test_mkdocs_build_reports_duplicate_topic_titles_without_traceback(tmp_path):
    """`mkdocs build` run directly on data with two topics of one title: FILE:LINE, no traceback."""
    root = _repo_copy(tmp_path)
    copy = root / "data/topics/account-query.yaml"
    title = "title: " + yaml_title(root / "data/topics/payment.yaml")
    text = copy.read_text(encoding="utf-8")
    first_title = next(line for line in text.splitlines() if line.startswith("title: "))
    copy.write_text(text.replace(first_title, title, 1), encoding="utf-8")
    result = _mkdocs_build(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    line = text.splitlines().index(first_title) + 1
    payment = (root / "data/topics/payment.yaml").read_text(encoding="utf-8").splitlines()
    payment_line = payment.index(title) + 1
    assert [x for x in output.splitlines() if x.startswith("data/")] == [
        f'data/topics/payment.yaml:{payment_line}: title: 标题 "{title[7:]}" 和 '
        f"data/topics/account-query.yaml:{line} 重复了；每个事项的标题要不同，改成能区分开的说法"
    ]
    assert "data/ 有错误（见上面各行），页面没有更新" in output
    assert not (root / "site").exists()


def test_mkdocs_build_reports_an_internal_error_in_one_line(tmp_path):
    """A failure that is not a data error still stops `mkdocs build` without a traceback."""
    root = _repo_copy(tmp_path)
    (root / "data/schema/region.schema.json").write_text("{not json", encoding="utf-8")
    result = _mkdocs_build(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "generator: 内部错误：JSONDecodeError" in output


def yaml_title(path: Path) -> str:
    """The `title:` of a topic file, as written."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("title: "):
            return line[len("title: ") :]
    raise AssertionError(f"{path} has no title")


def test_build_without_mkdocs_yml_is_an_error(site):
    """Without a mkdocs.yml beside data/, build stops (edit links would lose the repository)."""
    (site / "mkdocs.yml").unlink()
    result = run_cli(site, "build", "--date", AS_OF)
    assert result.returncode == 1
    assert result.stdout == (
        "mkdocs.yml: 找不到这个文件；编辑链接和报错链接要用它的 repo_url。"
        "--data-dir 要指向仓库里的 data 文件夹（和 mkdocs.yml 放在一起）\n"
    )
    assert result.stderr == "发现 1 处错误，没有改动任何文件。\n"
    assert not (site / "docs/api").exists()


def test_build_without_repo_url_is_an_error(site):
    """A mkdocs.yml without repo_url is named, with the line to add."""
    (site / "mkdocs.yml").write_text("site_name: 医保指南\n", encoding="utf-8")
    result = run_cli(site, "build", "--date", AS_OF)
    assert result.returncode == 1
    assert result.stdout == (
        "mkdocs.yml: repo_url: 没有写仓库地址；加一行 repo_url: https://github.com/<用户或组织>/<仓库>\n"
    )


def test_check_needs_no_mkdocs_yml(site):
    """`check` validates data/ alone; only pages need the repository address."""
    (site / "mkdocs.yml").unlink()
    assert run_cli(site, "check", "--date", AS_OF).returncode == 0


def test_two_pages_with_one_title_stop_the_build_in_one_line(site):
    """A topic titled like a region page stops the build in one line; docs/ is left as it was."""
    assert run_cli(site, "build", "--date", AS_OF).returncode == 0
    before = tree(site / "docs")
    topic = site / "data/topics/resident-enrolment.yaml"
    text = topic.read_text(encoding="utf-8")
    topic.write_text(
        text.replace("title: 城乡居民医保网上参保", "title: 深圳市医保指南"), encoding="utf-8"
    )
    result = run_cli(site, "build", "--date", AS_OF)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "内部错误" not in result.stderr
    assert result.stderr.startswith("生成失败：有两个页面标题相同（")
    assert (
        "深圳市医保指南" in result.stderr and "改掉其中一个标题，没有改动任何文件" in result.stderr
    )
    assert tree(site / "docs") == before


def test_live_reload_may_run_under_serve_only():
    """`mkdocs serve` injects an inline live-reload script: only then does the page policy allow it."""
    hook = _hook()
    page = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'wasm-unsafe-eval'\">"
    hook.on_startup(command="build", dirty=False)
    assert hook.on_post_page(page, page=None, config=None) == page
    hook.on_startup(command="serve", dirty=False)
    assert hook.on_post_page(page, page=None, config=None) == page.replace(
        "'self'", "'self' 'unsafe-inline'"
    )
