"""Build timings: the real data, and synthetic datasets of 300, 1,000 and 3,000 regions, end to end.

Each build runs the three steps of `make site` in a copy of the repository under bench/work/ (so the
working tree's docs/ and site/ are left alone): `python -m generator build`, `mkdocs build --strict`
and `python -m generator.search_index`, and times each one on the wall clock and in CPU seconds
(the machine is shared: CPU time is steadier than wall time when others are busy). The synthetic
datasets are the real data plus copies of real city files, each with a new code, name and pinyin
and without its `sources:` block (source ids must stay unique). Sizes are printed side by side so
that growth can be read off: time per region should stay flat from 300 to 3,000.

    python -m bench.build                 the real data and 300, 1,000, 3,000 regions
    python -m bench.build 3000            one synthetic size (regions, the real ones included)
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
SIZES = (300, 1000, 3000)

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
class Step:
    name: str
    seconds: float
    cpu_seconds: float


@dataclass
class BuildResult:
    label: str
    regions: int
    pages: int = 0
    steps: list[Step] = field(default_factory=list)
    strict: bool = True
    note: str = ""
    stopped: bool = False
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def total_s(self) -> float:
        return sum(s.seconds for s in self.steps)

    @property
    def cpu_s(self) -> float:
        return sum(s.cpu_seconds for s in self.steps)

    def as_dict(self) -> dict:
        return {
            "label": self.label,
            "regions": self.regions,
            "pages": self.pages,
            "steps": {
                s.name: {"seconds": round(s.seconds, 2), "cpu_seconds": round(s.cpu_seconds, 2)}
                for s in self.steps
            },
            "total_seconds": round(self.total_s, 2),
            "cpu_seconds": round(self.cpu_s, 2),
            "ms_per_region": round(self.total_s * 1000 / max(self.regions, 1), 1),
            "strict": self.strict,
            "stopped": self.stopped,
            "note": self.note,
            "bytes": self.sizes,
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


def folder_bytes(folder: Path, pattern: str = "*") -> int:
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _steps(tree: Path) -> list[tuple[str, list[str]]]:
    """The steps of `make site` after setup, as run in `tree`."""
    py = sys.executable
    steps = [
        ("generator", [py, "-m", "generator", "build"]),
        ("mkdocs", [py, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(tree / "site")]),
    ]
    # An older tree (to compare with) built its search index inside mkdocs.
    if (tree / "generator" / "search_index.py").is_file():
        steps.append(("search index", [py, "-m", "generator.search_index", str(tree / "site")]))
    return steps


def run_build(tree: Path, label: str, regions: int, timeout: float | None = None) -> BuildResult:
    """Time each step of the build in `tree`; raise with a step's output if it fails.

    With `timeout` (seconds for the whole build), a build that runs longer is stopped and reported
    as taking at least that long, so the benchmark keeps to its time budget."""
    result = BuildResult(label, regions)
    if (tree / "site").exists():
        shutil.rmtree(tree / "site")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    started = time.perf_counter()
    for name, cmd in _steps(tree):
        left = None if timeout is None else max(1.0, timeout - (time.perf_counter() - started))
        cpu0, t0 = _children_cpu(), time.perf_counter()
        try:
            proc = subprocess.run(
                cmd, cwd=tree, capture_output=True, text=True, env=env, timeout=left
            )
        except subprocess.TimeoutExpired:
            result.steps.append(Step(name, time.perf_counter() - t0, _children_cpu() - cpu0))
            result.stopped = True
            result.note = f"stopped after {timeout:.0f} s, in {name}"
            return result
        if proc.returncode != 0 and name == "mkdocs":
            # Time the rest anyway, without --strict, and say so.
            result.strict = False
            result.note = "mkdocs --strict failed; timed without --strict: " + _last_line(
                proc.stderr
            )
            cpu0, t0 = _children_cpu(), time.perf_counter()
            proc = subprocess.run(
                [c for c in cmd if c != "--strict"],
                cwd=tree,
                capture_output=True,
                text=True,
                env=env,
                timeout=left,
            )
        if proc.returncode != 0:
            raise RuntimeError(f"{label}: {' '.join(cmd[1:4])} failed:\n{proc.stdout}{proc.stderr}")
        result.steps.append(Step(name, time.perf_counter() - t0, _children_cpu() - cpu0))
    site = tree / "site"
    result.pages = count_pages(site)
    result.sizes = {
        "markdown": folder_bytes(tree / "docs", "*.md"),
        "html": folder_bytes(site, "*.html"),
        "search_index": folder_bytes(site / "search"),
    }
    return result


def _last_line(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


# -- synthetic data ------------------------------------------------------------------------------

_DIGIT_HANZI = "零一二三四五六七八九"
_DIGIT_LETTERS = "abcdefghij"
_TOP_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
_FIGURE_ID = re.compile(r"^  ([A-Za-z0-9_]+):")


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
    """Change a region file's identity, keep everything else, drop its `sources:` block (source ids
    are unique across data/) and give its `figures:` new ids, references included (so are they)."""
    lines = text.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    block = ""
    figure_ids: list[str] = []
    for line in lines:
        m = _TOP_KEY.match(line)
        if not m and block == "figures":
            named = _FIGURE_ID.match(line)
            if named:
                figure_ids.append(named.group(1))
        if m:
            key = block = m.group(1)
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
    text = "".join(out)
    for figure in figure_ids:
        text = re.sub(rf"\b{re.escape(figure)}\b", f"{figure}_{pinyin}", text)
    return text


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


def synthetic_tree(regions: int) -> tuple[Path, str]:
    """A copy of the repository with `regions` regions in data/ (the real ones included)."""
    tree = copy_tree(WORK / f"build-{regions}")
    real = len(_region_files(tree / "data"))
    needed = max(0, regions - real)
    written = add_synthetic_regions(tree, needed)
    note = f"{real} real + {written} synthetic regions"
    if written < needed:
        note += f" (only {written} of {needed} free region codes)"
    return tree, note


def bench_builds(
    sizes: tuple[int, ...] = SIZES, log=print, timeout: float = 600, real: bool = True
) -> dict:
    """Time the real build, then one synthetic build per size; every tree is removed afterwards."""
    out: dict = {"sizes": {}}
    if real:
        tree = copy_tree(WORK / "build-real")
        n = len(_region_files(tree / "data"))
        log(f"  building the real data ({n} regions) ...")
        result = run_build(tree, "real data", n, timeout=timeout)
        log(f"    {_summary(result)}")
        out["real"] = result.as_dict()
        shutil.rmtree(tree, ignore_errors=True)
    for regions in sizes:
        tree, note = synthetic_tree(regions)
        log(f"  building {regions} regions ({note}) ...")
        result = run_build(tree, f"{regions} regions", regions, timeout=timeout)
        result.note = "; ".join(n for n in (result.note, note) if n)
        log(f"    {_summary(result)}")
        out["sizes"][str(regions)] = result.as_dict()
        shutil.rmtree(tree, ignore_errors=True)
    return out


def _summary(r: BuildResult) -> str:
    steps = ", ".join(f"{s.name} {s.seconds:.1f} s" for s in r.steps)
    stopped = " (stopped)" if r.stopped else ""
    return f"{r.pages} pages in {r.total_s:.1f} s{stopped} ({r.cpu_s:.1f} CPU s): {steps}"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    sizes = tuple(int(a.replace(",", "")) for a in args) or SIZES
    results = bench_builds(sizes, log=lambda m: print(m, file=sys.stderr), real=not args)
    rows = ([results["real"]] if "real" in results else []) + list(results["sizes"].values())
    for r in rows:
        steps = "  ".join(f"{k} {v['seconds']:6.1f} s" for k, v in r["steps"].items())
        print(
            f"{r['label']:>16}: {r['total_seconds']:7.1f} s  {r['ms_per_region']:6.1f} ms/region"
            f"  ({r['cpu_seconds']:.1f} CPU s)  {steps}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
