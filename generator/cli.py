"""`python -m generator build | check | diff | stale`: the command line, never a traceback."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from .errors import DataError, DataErrors

__all__ = ["main"]

USAGE = """\
python -m generator build [--data-dir data] [--docs-dir docs] [--date YYYY-MM-DD]
                                 [--format text|github]
python -m generator check [--data-dir data] [--date YYYY-MM-DD] [--format text|github]
python -m generator diff BASE_REF [--data-dir data] [--date YYYY-MM-DD] [--format text|markdown]
python -m generator stale [--data-dir data] [--date YYYY-MM-DD] [--format text|markdown] [--summary]"""


def _date(s: str) -> str:
    try:
        return _dt.date.fromisoformat(s).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期写成 YYYY-MM-DD，例如 2026-11-24（现在是 {s!r}）"
        ) from None


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator", description="医保指南: data/ → pages and JSON", usage=USAGE
    )
    sub = p.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir", default="data", type=Path, help="the data folder (default: data)"
    )
    common.add_argument(
        "--date",
        type=_date,
        default=None,
        help="the date used to pick this year's values (default: today)",
    )
    b = sub.add_parser(
        "build", parents=[common], help="validate, then generate pages and JSON into docs/"
    )
    b.add_argument("--docs-dir", default="docs", type=Path)
    b.add_argument("--format", choices=["text", "github"], default="text")
    c = sub.add_parser("check", parents=[common], help="validate data/ only")
    c.add_argument("--format", choices=["text", "github"], default="text")
    d = sub.add_parser(
        "diff", parents=[common], help="every fact changed since BASE_REF, in plain words"
    )
    d.add_argument("base", metavar="BASE_REF")
    d.add_argument("--format", choices=["text", "markdown"], default="text")
    s = sub.add_parser(
        "stale", parents=[common], help="facts not checked for 12 months or for a past year"
    )
    s.add_argument("--format", choices=["text", "markdown"], default="text")
    s.add_argument(
        "--summary", action="store_true", help="the data's self-check: prose, claims, complete sets"
    )
    return p


def print_errors(errors: list[DataError], fmt: str = "text", stream=None) -> None:
    stream = stream or sys.stdout
    for e in errors:
        print(e.format(fmt), file=stream)


def run(args: argparse.Namespace) -> int:
    as_of = args.date or _dt.date.today().isoformat()
    if args.command == "check":
        from .build import check

        return check(args.data_dir, as_of, fmt=args.format)
    if args.command == "build":
        from .build import build

        return build(args.data_dir, args.docs_dir, as_of, fmt=args.format)
    if args.command == "diff":
        from .diff import diff_command

        return diff_command(args.base, args.data_dir, as_of, fmt=args.format)
    if args.command == "stale":
        from .stale import stale_command

        return stale_command(args.data_dir, as_of, fmt=args.format, summary=args.summary)
    return 2


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = _parser().parse_args(argv)
    try:
        return run(args)
    except DataErrors as exc:
        print_errors(exc.errors, getattr(args, "format", "text"))
        tail = "，没有改动任何文件" if args.command == "build" else ""
        print(f"发现 {len(exc.errors)} 处错误{tail}。", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130
    except Exception as exc:  # the CLI boundary: one line, never a traceback
        where = ""
        tb = exc.__traceback__
        while tb is not None and tb.tb_next is not None:
            tb = tb.tb_next
        if tb is not None:
            where = f"（{Path(tb.tb_frame.f_code.co_filename).name}:{tb.tb_lineno}）"
        print(
            f"generator: 内部错误：{type(exc).__name__}: {exc}{where}；这不是数据的问题，"
            "请把这一行贴到 issue 里，或设置 GENERATOR_DEBUG=1 查看详细信息",
            file=sys.stderr,
        )
        import os

        if os.environ.get("GENERATOR_DEBUG"):
            raise
        return 2
