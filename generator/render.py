"""Render the site model into Markdown pages: every generator/pages module with a `render` function."""

from __future__ import annotations

import importlib
import json
import pkgutil
import re
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

__all__ = ["DuplicateTitleError", "make_env", "md_text", "page_title", "render_site"]

ROOT = Path(__file__).resolve().parent.parent
# Front matter is read back for every page (titles must be unique): libyaml where PyYAML has it.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TEMPLATES = Path(__file__).resolve().parent / "templates"
DOCS = ROOT / "docs"

# Characters that HTML, Markdown or one of the site's extensions (attr_list, abbr, tasklist, snippets)
# would read as syntax. Data text has them written as character references, which both Markdown and
# HTML show as the plain character. One pass, so no reference is escaped twice.
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}
_ESCAPES.update({c: f"&#{ord(c)};" for c in "\\`*_[]{}|~#!="})
_ESCAPE_RE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# At the start of a line these begin a list, a quote or a heading.
_LINE_START_RE = re.compile(r"^([-+]|\d+(?=[.)]))")


class DuplicateTitleError(RuntimeError):
    """Two pages of the site share a title."""


def md_text(value: Any) -> Markup:
    """Data text made safe for Markdown and HTML: escaped, on one line, no Markdown syntax left."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = " ".join(str(value).split())  # one line: a newline could start a Markdown block
    text = _ESCAPE_RE.sub(lambda m: _ESCAPES[m.group()], text)
    text = _LINE_START_RE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group(1)), text)
    return Markup(text)


def front_matter_text(value: Any) -> Markup:
    """A YAML front matter string: HTML-escaped (the theme prints titles unescaped), JSON-quoted."""
    return Markup(json.dumps(" ".join(str(escape(str(value))).split()), ensure_ascii=False))


def make_env() -> Environment:
    """The Jinja2 environment on generator/templates: autoescape on for every template."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # .html and .md.j2 alike
        undefined=StrictUndefined,
        finalize=md_text,  # every {{ … }} that is not Markup is escaped for Markdown too
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md_text
    env.filters["front_matter"] = front_matter_text
    return env


# With this many regions, the region pages (one each) render in a second process while this one
# renders the other pages: on 2 cores the generator takes about half as long at 3,000 regions.
PARALLEL_FROM_REGIONS = 200


def page_modules() -> list[tuple[str, Any]]:
    """(name, render function) of every generator/pages module that writes pages, by name."""
    from generator import pages

    found = []
    for info in sorted(pkgutil.iter_modules(pages.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        render = getattr(importlib.import_module(f"generator.pages.{info.name}"), "render", None)
        if callable(render):
            found.append((info.name, render))
    return found


def _render(modules: list[tuple[str, Any]], model: dict, out: Path) -> dict[str, tuple]:
    """module name → (pages written, their long sentences): each process checks its own pages."""
    from generator import reading  # plain-language check: sentences over 60 字

    env = make_env()
    done = {}
    for name, render in modules:
        written = list(render(model, env, out) or [])
        done[name] = (written, reading.check_pages(written, out))
    return done


def render_site(model: dict, out: Path, parallel: bool | None = None) -> list[Path]:
    """Write every generated page into `out` (laid out like docs/); fail on duplicate titles.

    `parallel` (default: from PARALLEL_FROM_REGIONS regions on) renders the region pages in a
    second process; the pages written are the same either way."""
    from generator.parallel import Background

    out = Path(out)
    modules = page_modules()
    if parallel is None:
        parallel = len(model.get("regions") or {}) >= PARALLEL_FROM_REGIONS
    regions = [m for m in modules if m[0] == "region"]
    others = [m for m in modules if m[0] != "region"]
    with Background(lambda: _render(regions, model, out), enabled=parallel) as region_pages:
        by_module = _render(others, model, out)
    by_module.update(region_pages.result())
    written = [p for name, _ in modules for p in by_module[name][0]]
    check_unique_titles(written, out)
    from generator import reading

    found = [f for name, _ in modules for f in by_module[name][1]]
    reading.print_findings(found, data_dir=ROOT / "data")
    return written


def page_title(path: Path) -> str | None:
    """A Markdown page's title: its front matter `title`, else its first `# ` heading."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---\n"):
        end = text.find("\n---", 4)
        if end > 0:
            meta = yaml.load(text[4:end], Loader=_SAFE_LOADER) or {}
            if isinstance(meta, dict) and meta.get("title"):
                return str(meta["title"])
            text = text[end + 4 :]
    for line in text.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
    return None


def check_unique_titles(written: list[Path], out: Path) -> None:
    """Raise DuplicateTitleError when two pages (generated or hand-written in docs/) share a title."""
    generated_dirs = {p.relative_to(out).parts[0] for p in written if p.is_relative_to(out)}
    pages: list[tuple[str, Path]] = [
        (str(p.relative_to(out)), p) for p in written if p.suffix == ".md"
    ]
    if DOCS.is_dir():
        for p in sorted(DOCS.rglob("*.md")):
            rel = p.relative_to(DOCS)
            if rel.parts[0] in generated_dirs or rel.parts[0] in {"includes", "regions", "guides"}:
                continue
            pages.append((str(rel), p))
    seen: dict[str, str] = {}
    clashes = []
    for rel, path in pages:
        if rel.startswith("includes/"):
            continue
        title = page_title(path)
        if title is None:
            continue
        if title in seen:
            clashes.append(f"{rel}: the title {title!r} is already used by {seen[title]}")
        else:
            seen[title] = rel
    if clashes:
        raise DuplicateTitleError("; ".join(clashes))
