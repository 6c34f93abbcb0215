"""The browser runtime bundle (generator/pyodide_bundle.py): the two stdlib zips and the snapshot key."""

from __future__ import annotations

import gzip
import io
import json
import zipfile
from pathlib import Path

import pytest

from generator import pyodide_bundle

OUT = Path(__file__).resolve().parent.parent / "docs" / "assets" / "pyodide"


@pytest.fixture(scope="module")
def manifest() -> dict:
    path = OUT / "manifest.json"
    if not path.exists():
        pytest.fail("docs/assets/pyodide/manifest.json is missing: run `make browser-assets`")
    return json.loads(path.read_text(encoding="utf-8"))


def test_stored_stdlib_holds_the_same_modules_uncompressed(manifest):
    deflated = zipfile.ZipFile(OUT / manifest["stdlib"])
    packed = (OUT / manifest["stdlib_gz"]).read_bytes()
    stored_bytes = gzip.decompress(packed)
    stored = zipfile.ZipFile(io.BytesIO(stored_bytes))
    assert stored.namelist() == deflated.namelist()
    for info in stored.infolist():
        assert info.compress_type == zipfile.ZIP_STORED, info.filename
        assert stored.read(info) == deflated.read(info.filename), info.filename
    assert all(
        i.compress_type == zipfile.ZIP_DEFLATED for i in deflated.infolist() if not i.is_dir()
    )
    # the name carries the hash of what Pyodide reads (the stored zip), and gzip is what travels
    assert manifest["stdlib_gz"] == f"python_stdlib-{pyodide_bundle.sha(stored_bytes)[:12]}.zip.gz"
    assert len(packed) < (OUT / manifest["stdlib"]).stat().st_size
    assert manifest["stdlib_gz"] in manifest["precache"]
    assert manifest["stdlib"] not in manifest["precache"]


def test_snapshot_key_names_pyodide_and_calc_and_changes_with_each_input(manifest, tmp_path):
    stored = gzip.decompress((OUT / manifest["stdlib_gz"]).read_bytes())
    calc_zip = (OUT / manifest["calc"]).read_bytes()
    key = pyodide_bundle.snapshot_key(manifest["pyodide"], stored, calc_zip)
    assert key == manifest["snapshot"]
    calc_hash = manifest["calc"].removeprefix("calc-").removesuffix(".zip")
    assert key.startswith(f"{manifest['pyodide']}-calc-{calc_hash}-")
    assert pyodide_bundle.snapshot_key("314.0.8", stored, calc_zip) != key
    assert pyodide_bundle.snapshot_key(manifest["pyodide"], stored + b"x", calc_zip) != key
    assert pyodide_bundle.snapshot_key(manifest["pyodide"], stored, calc_zip + b"x") != key


def test_stored_zip_is_deterministic():
    entries = [("a/", b""), ("a/b.py", b"x = 1\n" * 100)]
    one = pyodide_bundle.deterministic_zip(entries, deflate=False)
    assert one == pyodide_bundle.deterministic_zip(entries, deflate=False)
    assert [i.compress_type for i in zipfile.ZipFile(io.BytesIO(one)).infolist()] == [0, 0]
    assert pyodide_bundle.gzip_bytes(one) == pyodide_bundle.gzip_bytes(one)


def test_manifest_lists_the_calculator_files_for_offline_use(manifest):
    listed = set(manifest["calculator"])
    for name in (
        "calculator.js",
        "worker.js",
        "protocol.js",
        "worker/pyodide-boot.js",
        "page/widget.js",
    ):
        assert f"../calculator/{name}" in listed
    for rel in listed:
        assert (OUT / rel).resolve().is_file(), rel
