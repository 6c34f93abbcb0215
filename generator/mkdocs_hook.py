"""MkDocs hook: regenerate pages and JSON before a build when data/ or generator/ changed.

mkdocs.yml:  hooks: [generator/mkdocs_hook.py]
`mkdocs serve` also watches data/ and generator/, so an edited YAML file shows up by itself. The
Makefile and CI still run `python -m generator build` as their own step; this hook then finds
docs/api/.build-hash
up to date and does nothing. Set GENERATOR_DATE=YYYY-MM-DD to build for another date.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _ensure_path() -> None:
    """mkdocs loads a hook by file path, then restores sys.path; the generator imports calc."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))


_ensure_path()

from mkdocs.exceptions import PluginError  # noqa: E402

from generator.build import HASH_FILE, build, source_hash  # noqa: E402
from generator.errors import DataErrors  # noqa: E402


def _paths(config) -> tuple[Path, Path]:
    root = Path(config.config_file_path).resolve().parent if config.config_file_path else ROOT
    return root / "data", Path(config.docs_dir)


def _as_of() -> str:
    return os.environ.get("GENERATOR_DATE") or _dt.date.today().isoformat()


def up_to_date(data_dir: Path, docs_dir: Path, as_of: str) -> bool:
    """True when docs/api/.build-hash matches data/ + generator/ + the date."""
    stamp = docs_dir / HASH_FILE
    try:
        return stamp.read_text(encoding="utf-8").strip() == source_hash(data_dir, as_of)
    except OSError:
        return False


def on_pre_build(config, **kwargs) -> None:
    """Run the generator unless its output is already up to date; fail the build on data errors."""
    _ensure_path()
    data_dir, docs_dir = _paths(config)
    as_of = _as_of()
    if up_to_date(data_dir, docs_dir, as_of):
        return
    try:
        status = build(data_dir, docs_dir, as_of)
    except DataErrors as exc:  # a YAML syntax error
        for e in exc.errors:
            print(e.text(), file=sys.stderr)
        status = 1
    except Exception as exc:  # the build's boundary: one line, never a traceback
        raise PluginError(
            f"generator: 内部错误：{type(exc).__name__}: {exc}；这不是数据的问题，"
            "请把这一行贴到 issue 里，或运行 python -m generator build 查看"
        ) from None
    if status != 0:
        raise PluginError("data/ 有错误（见上面各行），页面没有更新；改好后保存即可重新生成")


_serving = False
POLICY_SCRIPTS = "script-src 'self'"


def on_startup(command, **kwargs) -> None:
    """Remember whether this is `mkdocs serve` (see on_post_page)."""
    global _serving
    _serving = command == "serve"


def on_post_page(output: str, **kwargs) -> str:
    """Under `mkdocs serve` only, let MkDocs' live-reload script (inline) run despite the CSP."""
    if _serving:
        return output.replace(POLICY_SCRIPTS, POLICY_SCRIPTS + " 'unsafe-inline'", 1)
    return output


def on_serve(server, config, builder, **kwargs):
    """`mkdocs serve`: rebuild when a data file or the generator changes."""
    data_dir, _ = _paths(config)
    server.watch(str(data_dir))
    server.watch(str(ROOT / "generator"))
    return server
