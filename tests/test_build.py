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
