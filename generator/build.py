"""`build` and `check`: validate, build the model, render pages, emit JSON, swap into docs/."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
import re
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

from .errors import DataError
from .facts import is_raw_fact
from .load import Dataset, load_dir
from .model import model_from_dataset
from .render import DuplicateTitleError
from .validate import validate

__all__ = [
    "HASH_FILE",
    "SwapError",
    "build",
    "check",
    "count_facts",
    "remove_leftovers",
    "source_hash",
    "swap_in",
]

HASH_FILE = Path("api") / ".build-hash"
GENERATOR_DIR = Path(__file__).resolve().parent


class SwapError(RuntimeError):
    """Moving the new output into docs/ failed; the previous output was restored."""


def count_facts(dataset: Dataset) -> int:
    n = 0
    stack = [d.data for d in dataset.docs]
    while stack:
        node = stack.pop()
        if is_raw_fact(node):
            n += 1
        elif isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return n


def source_hash(data_dir: Path, as_of: str) -> str:
    """A hash of data/, generator/ and the date: equal hashes mean equal output."""
    h = hashlib.sha256(f"as_of={as_of}\n".encode())
    roots = [Path(data_dir), GENERATOR_DIR]
    for extra in (GENERATOR_DIR.parent / "calc", GENERATOR_DIR.parent / "mkdocs.yml"):
        if extra.exists():
            roots.append(extra)
    for root in roots:
        files = (
            [root]
            if root.is_file()
            else sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        )
        for p in files:
            h.update(f"{p.relative_to(root.parent).as_posix()}\n".encode())
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def _summary(
    verb: str, dataset: Dataset, errors: list[DataError], seconds: float, extra: str = ""
) -> str:
    regions = len(dataset.of_kind("region")) + len(dataset.of_kind("national"))
    return (
        f"{verb}：{len(dataset.docs)} 个文件，{regions} 个地区，{len(dataset.of_kind('topic'))} "
        "个事项，"
        f"{count_facts(dataset)} 个数字，{len(errors)} 处错误{extra}（{seconds:.2f} 秒）"
    )


def _load_and_validate(data_dir: Path, as_of: str, fmt: str) -> tuple[Dataset, list[DataError]]:
    dataset = load_dir(data_dir)
    errors = validate(dataset, Path(data_dir) / "schema", as_of)
    for e in errors:
        print(e.format(fmt))
    return dataset, errors


def check(data_dir: Path, as_of: str, fmt: str = "text") -> int:
    """Validate only; exit status 1 on any error."""
    started = time.perf_counter()
    dataset, errors = _load_and_validate(Path(data_dir), as_of, fmt)
    verb = "检查未通过" if errors else "检查通过"
    print(_summary(verb, dataset, errors, time.perf_counter() - started), file=sys.stderr)
    return 1 if errors else 0


def render_pages(model: dict, out: Path) -> tuple[list[Path], bool]:
    """The site engineers' render_site(model, out); (pages, whether a renderer exists)."""
    if importlib.util.find_spec("generator.render") is None:
        return [], False
    from .render import render_site

    return list(render_site(model, out) or []), True


def swap_in(tmp: Path, docs_dir: Path, work: Path) -> list[str]:
    """Move every top-level entry of tmp into docs_dir, replacing the old one; all or nothing."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    names = sorted(p.name for p in tmp.iterdir())
    moved: list[tuple[str, Path | None]] = []  # (name, where the old one was put aside)
    try:
        for name in names:
            target = docs_dir / name
            aside = None
            if target.exists() or target.is_symlink():
                aside = work / f"old-{os.getpid()}-{name}-{uuid.uuid4().hex[:8]}"
                os.replace(target, aside)
            moved.append((name, aside))
            os.replace(tmp / name, target)
    except OSError as exc:
        for name, aside in reversed(moved):
            target = docs_dir / name
            if target.exists() and aside is not None:
                _remove(target)
            elif target.exists() and not (tmp / name).exists():
                os.replace(target, tmp / name)
            if aside is not None and aside.exists():
                os.replace(aside, target)
        raise SwapError(f"把新生成的文件移入 {docs_dir} 时失败（{exc}）；已恢复原来的文件") from exc
    for _, aside in moved:
        if aside is not None:
            _remove(aside)
    return names


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    else:
        p.unlink()


def build(
    data_dir: Path, docs_dir: Path, as_of: str, fmt: str = "text", quiet: bool = False
) -> int:
    """Validate (stop on errors, touch nothing), render and emit into a temporary folder, swap."""
    from .emit import write_json
    from .local_json import write_local_json
    from .parallel import Background
    from .render import PARALLEL_FROM_REGIONS

    started = time.perf_counter()
    data_dir, docs_dir = Path(data_dir), Path(docs_dir)
    dataset, errors = _load_and_validate(data_dir, as_of, fmt)
    if errors:
        print(
            _summary(
                "生成失败", dataset, errors, time.perf_counter() - started, "，没有改动任何文件"
            ),
            file=sys.stderr,
        )
        return 1
    model = model_from_dataset(dataset, data_dir, as_of)
    work = docs_dir.resolve().parent / ".generated"
    work.mkdir(parents=True, exist_ok=True)
    remove_leftovers(work)
    tmp = Path(tempfile.mkdtemp(prefix=f"tmp-{os.getpid()}-", dir=work))
    try:
        # The JSON is written by a second process meanwhile when the site is large (render.py).
        many = len(model.get("regions") or {}) >= PARALLEL_FROM_REGIONS

        def emit_json() -> list[Path]:
            return write_json(model, tmp / "api") + write_local_json(model, tmp / "api")

        with Background(emit_json, enabled=many) as json_files:
            pages, rendered = render_pages(model, tmp)
        json_files.result()
        (tmp / HASH_FILE).write_text(source_hash(data_dir, as_of) + "\n", encoding="utf-8")
        swap_in(tmp, docs_dir, work)
    except DuplicateTitleError as exc:
        print(
            f"生成失败：有两个页面标题相同（{exc}）；改掉其中一个标题，没有改动任何文件",
            file=sys.stderr,
        )
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        with contextlib.suppress(OSError):
            work.rmdir()
    note = f"，{len(pages)} 个页面" if rendered else "，未生成页面（generator/render.py 不存在）"
    if not quiet:
        print(
            _summary("生成完成", dataset, errors, time.perf_counter() - started, note),
            file=sys.stderr,
        )
    return 0


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(work: Path) -> list[str]:
    """Remove what builds that were killed left in .generated/ (their tmp-PID-* and old-PID-*).

    A folder of a build that is still running (its process exists) is kept; a folder named without
    a process id comes from an older version of the generator and is removed.
    """
    removed = []
    for p in sorted(work.iterdir()):
        m = re.match(r"(tmp|old)-(\d+)-", p.name)
        if not p.name.startswith(("tmp-", "old-")) or (m and _running(int(m.group(2)))):
            continue
        with contextlib.suppress(OSError):
            _remove(p)
            removed.append(p.name)
    return removed
