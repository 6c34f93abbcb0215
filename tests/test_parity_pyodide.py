"""Parity: the unchanged calc/ files give byte-identical JSON in CPython and in Pyodide (Node.js).

One Node process boots Pyodide once (node_modules/pyodide, the npm package the site ships)
and answers every request; CPython answers the same requests here; the texts of
json.dumps(result, ensure_ascii=False, sort_keys=True) must be equal, request by request.

Two runs: the repository's calc/ files with Pyodide's full standard library, and what the
browser gets (the calc zip and the trimmed standard library written by
`python -m generator.pyodide_bundle`).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import calc  # noqa: E402
from generator import pyodide_bundle  # noqa: E402

PYODIDE = REPO / "node_modules" / "pyodide"
RUNNER = REPO / "tests" / "pyodide" / "run_calc.mjs"
N_REQUESTS = 600


def _requests(n: int, seed: int) -> list[dict]:
    from tests.strategies import generate_requests

    reqs = list(generate_requests(n, seed))
    assert len(reqs) >= n
    return reqs


def _cpython(reqs: list[dict]) -> list[str]:
    return [json.dumps(calc.run(r), ensure_ascii=False, sort_keys=True) for r in reqs]


def _pyodide(reqs: list[dict], *extra: str, index: Path = PYODIDE) -> list[str]:
    if shutil.which("node") is None:
        pytest.fail("node is not installed", pytrace=False)
    if not (index / "pyodide.mjs").exists():
        pytest.fail(f"{index}/pyodide.mjs is missing: run `npm ci`", pytrace=False)
    proc = subprocess.run(
        ["node", str(RUNNER), "--index", str(index), *extra],
        input=json.dumps(reqs, ensure_ascii=False),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    out = json.loads(proc.stdout)
    assert len(out) == len(reqs)
    return out


def _compare(reqs: list[dict], expected: list[str], got: list[str]) -> None:
    diffs = [i for i, (a, b) in enumerate(zip(expected, got, strict=True)) if a != b]
    if diffs:
        i = diffs[0]
        pytest.fail(
            f"{len(diffs)} of {len(reqs)} results differ; first, request #{i}:\n"
            f"request: {json.dumps(reqs[i], ensure_ascii=False)[:1500]}\n"
            f"CPython: {expected[i][:1500]}\nPyodide: {got[i][:1500]}",
            pytrace=False,
        )


@pytest.fixture(scope="module")
def requests_and_expected() -> tuple[list[dict], list[str]]:
    reqs = _requests(N_REQUESTS, seed=20261124)
    expected = _cpython(reqs)
    # the generated requests must reach real answers, not only error paths
    oks = sum('"ok": true' in e for e in expected)
    kinds = {r.get("kind") for r, e in zip(reqs, expected, strict=True) if '"ok": true' in e}
    assert oks >= N_REQUESTS // 3, f"only {oks} of {N_REQUESTS} requests gave a result"
    assert {"reimbursement", "year", "contribution", "waiting_period"} <= kinds, kinds
    return reqs, expected


def test_repo_calc_files_full_stdlib(requests_and_expected):
    reqs, expected = requests_and_expected
    got = _pyodide(reqs, "--calc-dir", str(REPO / "calc"))
    _compare(reqs, expected, got)


def _bundle() -> tuple[Path, dict]:
    out = REPO / "docs" / "assets" / "pyodide"
    manifest_path = out / "manifest.json"
    if not manifest_path.exists():
        pytest.fail(
            "docs/assets/pyodide/manifest.json is missing: run `make browser-assets`", pytrace=False
        )
    return out, json.loads(manifest_path.read_text(encoding="utf-8"))


def test_shipped_calc_zip_holds_the_repo_files_unchanged():
    out, manifest = _bundle()
    with zipfile.ZipFile(out / manifest["calc"]) as z:
        members = {n: z.read(n) for n in z.namelist() if not n.endswith("/")}
    repo_files = {
        p.relative_to(REPO).as_posix(): p.read_bytes() for p in pyodide_bundle.calc_files()
    }
    assert set(members) == set(repo_files), "the calc zip is stale: run `make browser-assets`"
    for name, data in repo_files.items():
        assert members[name] == data, (
            f"{name} differs from the shipped copy: run `make browser-assets`"
        )
    assert (
        manifest["calc"] == f"calc-{pyodide_bundle.sha(pyodide_bundle.build_calc_zip())[:12]}.zip"
    )


def test_shipped_bundle_trimmed_stdlib(requests_and_expected):
    reqs, expected = requests_and_expected
    out, manifest = _bundle()
    full = zipfile.ZipFile(PYODIDE / "python_stdlib.zip")
    trimmed = zipfile.ZipFile(out / manifest["stdlib"])
    assert len(trimmed.namelist()) < len(full.namelist()) / 2
    assert (out / manifest["stdlib"]).stat().st_size < (
        PYODIDE / "python_stdlib.zip"
    ).stat().st_size / 2
    got = _pyodide(
        reqs,
        "--stdlib",
        str(out / manifest["stdlib"]),
        "--calc-zip",
        str(out / manifest["calc"]),
        index=out / manifest["runtime"],
    )
    _compare(reqs, expected, got)
