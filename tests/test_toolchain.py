"""The contributor toolchain: the lock file, the workflows, the schemas and the browser-support check."""

from __future__ import annotations

import json
import os
import re
import subprocess
import urllib.parse
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from generator.load import parse

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))
SCHEMA = ROOT / "data" / "schema"


def pins(text: str) -> dict[str, str]:
    """name → version of every `name==version` line (extras and markers dropped)."""
    out = {}
    for m in re.finditer(r"^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", text, re.M):
        out[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return out


def test_lock_pins_everything_requirements_txt_asks_for():
    """requirements.lock is requirements.txt resolved: same pins, every package hashed."""
    wanted = pins((ROOT / "requirements.txt").read_text(encoding="utf-8"))
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    locked = pins(lock)
    stale = {n: (v, locked.get(n)) for n, v in wanted.items() if locked.get(n) != v}
    assert stale == {}, f"run `make lock` after editing requirements.txt: {stale}"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock.split("\n", 2)[-1].strip())
    unhashed = [e.split()[0] for e in entries if "--hash=sha256:" not in e]
    assert len(entries) >= len(wanted) and unhashed == []


def test_make_setup_installs_from_the_lock():
    """`make setup` installs requirements.lock with hashes required, nothing unpinned."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    install = re.search(r"^\$\(VENV\)/\.installed:.*\n((?:\t.*\n)+)", makefile, re.M)
    assert install and "requirements.lock" in install.group(0)
    assert "--require-hashes" in install.group(1) and "-r requirements.lock" in install.group(1)
    assert "requirements.txt" not in install.group(1)


def uses_lines(path: Path) -> list[str]:
    return re.findall(r"^\s*(?:-\s*)?uses:\s*(\S.*)$", path.read_text(encoding="utf-8"), re.M)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit(workflow: Path):
    """Every action is pinned to a full commit SHA, its version in a comment."""
    uses = uses_lines(workflow)
    assert uses
    for line in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+", line), line


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: p.name)
def test_workflows_have_timeouts_concurrency_and_no_expressions_in_shell(workflow: Path):
    """Each job has a timeout, each workflow a concurrency group; `${{ }}` only reaches shell via env."""
    doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    assert "concurrency" in doc
    for name, job in doc["jobs"].items():
        assert isinstance(job.get("timeout-minutes"), int), name
        for step in job.get("steps", []):
            assert "${{" not in step.get("run", ""), step


def test_node_is_at_least_22_where_it_is_set_up():
    """Lighthouse 13 needs Node 22.19 or later."""
    versions = []
    for workflow in WORKFLOWS:
        doc = yaml.safe_load(workflow.read_text(encoding="utf-8"))
        for job in doc["jobs"].values():
            for step in job.get("steps", []):
                if "setup-node" in step.get("uses", ""):
                    versions.append(int(str(step["with"]["node-version"]).split(".")[0]))
    assert versions and min(versions) >= 22


def test_pages_workflow_configures_pages():
    text = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert "actions/configure-pages@" in text and "actions/deploy-pages@" in text


def test_dependabot_watches_actions_pip_and_npm():
    doc = yaml.safe_load((ROOT / ".github/dependabot.yml").read_text(encoding="utf-8"))
    assert {u["package-ecosystem"] for u in doc["updates"]} == {"github-actions", "pip", "npm"}


def test_pre_commit_hooks_are_local_and_install_from_pypi():
    """No hook repository to clone; each hook is `language: python` (PyPI) with pinned packages."""
    doc = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [h for repo in doc["repos"] for h in repo["hooks"]]
    assert {r["repo"] for r in doc["repos"]} == {"local"}
    assert {h["language"] for h in hooks} == {"python"}
    for hook in hooks:
        assert all("==" in d for d in hook["additional_dependencies"]), hook["id"]
    check_yaml = next(h for h in hooks if h["id"] == "check-yaml")
    assert re.search(check_yaml["exclude"], "tests/fixtures/invalid/bad-yaml/data/x.yaml")
    ruff = next(h for h in hooks if h["id"] == "ruff")["additional_dependencies"]
    assert ruff == [
        f"ruff=={pins((ROOT / 'requirements.txt').read_text(encoding='utf-8'))['ruff']}"
    ]


def test_licence_metadata_is_an_spdx_expression():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', text, re.M)
    assert 'license-files = ["LICENSE"]' in text and "license = {" not in text


def test_schemas_resolve_from_any_folder(tmp_path, monkeypatch):
    """An outside validator that loads a schema by its file path resolves the other schema files
    next to it, whatever the working folder: no schema sets a relative `$id`."""
    for path in SCHEMA.glob("*.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        assert "$id" not in schema or "://" in schema["$id"], path.name
        for ref in re.findall(r'"\$ref":\s*"([^"#]*)#', path.read_text(encoding="utf-8")):
            assert ref == "" or (SCHEMA / ref).is_file(), (path.name, ref)

    def from_file(uri: str) -> Resource:
        file = Path(urllib.parse.unquote(urllib.parse.urlsplit(uri).path))
        return Resource.from_contents(json.loads(file.read_text(encoding="utf-8")))

    monkeypatch.chdir(tmp_path)
    validator = Draft202012Validator(
        {"$ref": (SCHEMA / "region.schema.json").as_uri()}, registry=Registry(retrieve=from_file)
    )
    region = ROOT / "data/regions/440300-shenzhen.yaml"
    data = parse(region.read_text(encoding="utf-8"), "region").data
    assert [e.message for e in validator.iter_errors(data)] == []
    data["hotlines"][0]["number"] = "not a number"
    assert [e.validator for e in validator.iter_errors(data)] == ["pattern"]


ESLINT = ROOT / "node_modules/.bin/eslint"


def eslint(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess:
    if not ESLINT.exists():
        pytest.fail("node_modules is missing: run `make setup`.", pytrace=False)
    return subprocess.run(
        [str(ESLINT), "--max-warnings", "0", *args],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=dict(os.environ, BROWSERSLIST_IGNORE_OLD_DATA="1"),
        timeout=300,
    )


def test_site_javascript_runs_on_the_promised_browsers():
    """docs/javascripts, the calculator and the service worker pass the browser-support check."""
    result = eslint("docs/javascripts", "docs/assets/calculator", "docs/sw.js")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("code", "complaint"),
    [
        ("const copy = structuredClone({});\n", "structuredClone is not supported in Safari 14"),
        ("const c = new BroadcastChannel('yb');\n", "BroadcastChannel is not supported"),
        ("await Promise.resolve(1);\n", "Parsing error"),
        ("class A { static { this.x = 1; } }\n", "Parsing error"),
    ],
)
def test_the_check_refuses_newer_javascript(code: str, complaint: str):
    """Code the oldest promised engines cannot run fails the check, in any of the checked folders."""
    checked = ("docs/javascripts/probe.js", "docs/javascripts/search/probe.js")
    for where in (*checked, "docs/assets/calculator/probe.js", "docs/sw.js"):
        result = eslint("--stdin", "--stdin-filename", where, stdin=code)
        assert result.returncode == 1 and complaint in result.stdout, (where, result.stdout)


def test_modules_in_subfolders_parse_as_modules():
    """docs/javascripts/<folder>/ and the calculator hold ES modules; import/export are fine there."""
    module = 'import { x } from "./y.js";\nexport const z = x?.a ?? 1;\n'
    for where in ("docs/javascripts/search/probe.js", "docs/assets/calculator/probe.js"):
        result = eslint("--stdin", "--stdin-filename", where, stdin=module)
        assert result.returncode == 0, (where, result.stdout)
