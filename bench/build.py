"""Build timings: the real data, and a synthetic dataset of about 3,000 pages.

Both builds run `python -m generator build` then `mkdocs build --strict` in a copy of the repository
under bench/work/ (so the working tree's docs/ and site/ are left alone), and count the HTML pages
that come out. The synthetic dataset is the real data plus copies of real city files, each with a
new code, name and pinyin and without its `sources:` block (source ids must stay unique).
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"

# What is copied into a build tree: everything but environments, outputs and history.
_SKIP = {
    ".git",
    ".venv",
    "node_modules",
    "site",
    "work",
    "__pycache__",
    ".pytest_cache",
    ".hypothesis",
    ".ruff_cache",
    "screenshots",
}
# Generated folders under docs/ that the generator rewrites (docs/assets/pyodide is kept: the
# browser runtime is copied by `make browser-assets`, which is not part of the timed build).
_GENERATED = [
    "docs/regions",
    "docs/guides",
    "docs/api",
    "docs/compare",
    "docs/status",
    "docs/glossary",
    "docs/faq",
    "docs/en",
    "docs/includes",
    ".generated",
    ".nav.yml",
]


@dataclass
class BuildResult:
    label: str
    regions: int
    pages: int
    generator_s: float
    mkdocs_s: float
    strict: bool
    note: str = ""

    @property
    def total_s(self) -> float:
        return self.generator_s + self.mkdocs_s

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.total_s if self.total_s else 0.0

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "regions": self.regions,
            "pages": self.pages,
            "generator_seconds": round(self.generator_s, 2),
            "mkdocs_seconds": round(self.mkdocs_s, 2),
            "total_seconds": round(self.total_s, 2),
            "pages_per_second": round(self.pages_per_s, 1),
            "strict": self.strict,
            "note": self.note,
        }


def copy_tree(dest: Path) -> Path:
    """A fresh copy of the repository at `dest`, without outputs or environments."""
    if dest.exists():
        shutil.rmtree(dest)

    def ignore(directory: str, names: list[str]) -> set[str]:
        here = Path(directory)
        skipped = {n for n in names if n in _SKIP or n.endswith(".pyc")}
        if here == ROOT / "bench":
            skipped |= {"work"}
        return skipped

    shutil.copytree(ROOT, dest, ignore=ignore, symlinks=True)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")
    for rel in _GENERATED:
        p = dest / rel
        if p.is_dir():
            shutil.rmtree(p)
        elif p.exists():
            p.unlink()
    return dest


def count_pages(site: Path) -> int:
    return sum(1 for p in site.rglob("*.html") if p.name != "404.html")


def run_build(tree: Path, label: str, regions: int, timeout: float | None = None) -> BuildResult:
    """Time the generator and MkDocs in `tree`; raise with their output if either fails.

    With `timeout` (seconds for the whole build), a build that runs longer is stopped and reported
    as taking at least that long, so the benchmark keeps to its time budget."""
    return _run_build(tree, label, regions, timeout)


def _run_build(tree: Path, label: str, regions: int, timeout: float | None) -> BuildResult:
    env_py = sys.executable
    out = tree / "site"
    if out.exists():
        shutil.rmtree(out)
    t0 = time.perf_counter()
    try:
        gen = subprocess.run(
            [env_py, "-m", "generator", "build"],
            cwd=tree,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        return BuildResult(
            label,
            regions,
            0,
            float(timeout or 0),
            0.0,
            True,
            f"stopped after {timeout:.0f} s, still in `python -m generator build`",
        )
    t1 = time.perf_counter()
    if gen.returncode != 0:
        raise RuntimeError(f"{label}: python -m generator build failed:\n{gen.stdout}{gen.stderr}")
    strict = True
    note = ""
    env = {"NO_MKDOCS_2_WARNING": "1", **_base_env()}
    t2 = time.perf_counter()
    left = None if timeout is None else max(1.0, timeout - (t1 - t0))
    try:
        mk = subprocess.run(
            [env_py, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(out)],
            cwd=tree,
            capture_output=True,
            text=True,
            env=env,
            timeout=left,
        )
    except subprocess.TimeoutExpired:
        return BuildResult(
            label,
            regions,
            0,
            t1 - t0,
            float(left or 0),
            True,
            f"stopped after {timeout:.0f} s, still in `mkdocs build` (generator {t1 - t0:.1f} s)",
        )
    t3 = time.perf_counter()
    if mk.returncode != 0:
        strict = False
        note = "mkdocs --strict failed; timed without --strict: " + _last_line(mk.stderr)
        t2 = time.perf_counter()
        mk = subprocess.run(
            [env_py, "-m", "mkdocs", "build", "--quiet", "-d", str(out)],
            cwd=tree,
            capture_output=True,
            text=True,
            env=env,
            timeout=left,
        )
        t3 = time.perf_counter()
        if mk.returncode != 0:
            raise RuntimeError(f"{label}: mkdocs build failed:\n{mk.stdout}{mk.stderr}")
    return BuildResult(label, regions, count_pages(out), t1 - t0, t3 - t2, strict, note)


def _base_env() -> dict[str, str]:
    import os

    return dict(os.environ)


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


# -- synthetic data ------------------------------------------------------------------------------

_DIGIT_HANZI = "零一二三四五六七八九"
_DIGIT_LETTERS = "abcdefghij"
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")


def _region_files(data: Path) -> list[tuple[Path, dict]]:
    out = []
    for path in sorted((data / "regions").glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            doc = yaml.safe_load(fh)
        if isinstance(doc, dict) and "code" in doc:
            out.append((path, doc))
    return out


def _retarget(
    text: str,
    code: str,
    name: str,
    short: str,
    pinyin: str,
    parent: str | None = None,
    level: str | None = None,
) -> str:
    """Change a region file's identity, keep everything else, and drop its `sources:` block."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    for line in lines:
        m = _TOP_KEY.match(line)
        if m:
            key = m.group(1)
            skipping = key == "sources"
            if skipping:
                continue
            if key == "code":
                line = f'code: "{code}"\n'
            elif key == "name":
                line = f"name: {name}\n"
            elif key == "short_name":
                line = f"short_name: {short}\n"
            elif key == "pinyin":
                line = f"pinyin: {pinyin}\n"
            elif key == "parent" and parent:
                line = f'parent: "{parent}"\n'
            elif key == "level" and level:
                line = f"level: {level}\n"
        elif skipping:
            continue
        out.append(line)
    return "".join(out)


def add_synthetic_regions(tree: Path, count: int) -> int:
    """Write `count` synthetic city files under tree/data/regions; return how many were written."""
    data = tree / "data"
    regions = _region_files(data)
    used = {str(doc["code"]) for _, doc in regions}
    templates = [
        (p, d)
        for p, d in regions
        if d.get("level") == "city" and str(d.get("parent", "")).endswith("0000")
    ]
    if not templates:
        raise RuntimeError("no city-level region file to copy for the synthetic dataset")
    # For each template: free city codes under its province (PP CC 00) and district codes under the
    # template city itself (PP CC DD, parent = the city), taken in turn.
    pools = []
    for path, doc in templates:
        prefix = str(doc["code"])[:2]
        free = [(f"{prefix}{cc:02d}00", None, None) for cc in range(99, 0, -1)]
        pools.append((path, [c for c in free if c[0] not in used]))
    for path, doc in templates:
        city = str(doc["code"])
        free = [(f"{city[:4]}{dd:02d}", city, "district") for dd in range(99, 0, -1)]
        pools.append((path, [c for c in free if c[0] not in used]))
    written = 0
    serial = 0
    while written < count:
        progressed = False
        for path, free in pools:
            if written >= count:
                break
            while free and free[-1][0] in used:
                free.pop()
            if not free:
                continue
            code, parent, level = free.pop()
            used.add(code)
            serial += 1
            digits = f"{serial:04d}"
            short = "样例" + "".join(_DIGIT_HANZI[int(c)] for c in digits)
            pinyin = "yangli" + "".join(_DIGIT_LETTERS[int(c)] for c in digits)
            suffix = "区" if level == "district" else "市"
            text = _retarget(
                path.read_text(encoding="utf-8"), code, short + suffix, short, pinyin, parent, level
            )
            (data / "regions" / f"{code}-{pinyin}.yaml").write_text(text, encoding="utf-8")
            written += 1
            progressed = True
        if not progressed:
            break
    return written


def bench_builds(target_pages: int = 3000, log=print, synthetic_timeout: float = 180) -> dict:
    """Time the real build, then a synthetic one of about `target_pages` pages."""
    real_tree = copy_tree(WORK / "build-real")
    n_real = len(_region_files(real_tree / "data"))
    log(f"  building the real data ({n_real} regions) ...")
    real = run_build(real_tree, "real data", n_real)
    log(f"    {real.pages} pages in {real.total_s:.1f} s")

    # Pages per region, from the real build: HTML pages under site/regions/<code>-<pinyin>/.
    region_dirs = [
        d for d in (real_tree / "site" / "regions").glob("[0-9]" * 6 + "-*") if d.is_dir()
    ]
    per_region = max(
        1, round(sum(len(list(d.rglob("*.html"))) for d in region_dirs) / max(len(region_dirs), 1))
    )
    needed = max(0, math.ceil((target_pages - real.pages) / per_region))
    synth_tree = copy_tree(WORK / "build-synthetic")
    written = add_synthetic_regions(synth_tree, needed)
    note = f"{written} synthetic regions x {per_region} pages each + the real data"
    if written < needed:
        note += f" (only {written} of {needed} free region codes)"
    log(f"  building a synthetic dataset: {note} ...")
    synth = run_build(synth_tree, "synthetic", n_real + written, timeout=synthetic_timeout)
    synth.note = ((synth.note + "; " if synth.note else "") + note).strip()
    if synth.pages == 0:
        synth.pages = real.pages + written * per_region  # what it would have built
    log(f"    {synth.pages} pages in {synth.total_s:.1f} s {synth.note}")
    return {"real": real.as_dict(), "synthetic": synth.as_dict(), "pages_per_region": per_region}
