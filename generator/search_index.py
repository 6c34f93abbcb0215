"""`python -m generator.search_index [SITE]`: the site's search, built after `mkdocs build`.

Two outputs, both fetched by the browser only when a reader uses the search box:

- SITE/pagefind/: the Pagefind index (PyPI `pagefind[extended]`, which carries its own binary and
  cuts Chinese text into words), configured by pagefind.yml. The files for Pagefind's own search
  interfaces are removed: the site has its own (docs/javascripts/search/).
- SITE/search/titles.json: the title, path and description of every indexed page, for browsers
  without WebAssembly or Intl.Segmenter (docs/javascripts/search/fallback.js).

A step of its own, not an MkDocs plugin or hook, so any builder that writes the same site/ can be
followed by it.
"""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from pathlib import Path

__all__ = ["build_search", "page_titles"]

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "pagefind.yml"
# Pagefind's ready-made interfaces, unused here (the site's own search UI talks to pagefind.js).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
    "pagefind-worker.js",
)

_INDEXED = re.compile(rb"<[^>]*\sdata-pagefind-body[\s>=]")
_TITLE = re.compile(rb"<title>(.*?)</title>", re.S)
_DESCRIPTION = re.compile(rb'<meta name="description" content="([^"]*)"')


class SearchIndexError(RuntimeError):
    """Pagefind failed; its output says why."""


def run_pagefind(site: Path) -> None:
    """Index SITE with Pagefind, configured by pagefind.yml."""
    proc = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--quiet"],
        cwd=CONFIG.parent,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise SearchIndexError(f"pagefind failed:\n{proc.stdout}{proc.stderr}")
    for name in UNUSED:
        (site / "pagefind" / name).unlink(missing_ok=True)


def page_titles(site: Path, site_name: str) -> list[list[str]]:
    """[title, path, description] of every page Pagefind indexes (those with data-pagefind-body)."""
    suffix = f" - {site_name}"
    rows = []
    for page in sorted(site.rglob("index.html")):
        text = page.read_bytes()
        if not _INDEXED.search(text):
            continue
        title_match = _TITLE.search(text)
        title = html.unescape(title_match.group(1).decode()).strip() if title_match else ""
        title = title.removesuffix(suffix) or site_name
        path = page.parent.relative_to(site).as_posix()
        path = "" if path == "." else path + "/"
        described = _DESCRIPTION.search(text)
        description = html.unescape(described.group(1).decode()) if described else ""
        # Region pages repeat one description pattern: their title says all there is to match.
        rows.append([title, path] + ([description] if not path.startswith("regions/") else []))
    return rows


def site_name() -> str:
    """site_name from mkdocs.yml (read as text: the file has tags PyYAML's safe loader refuses)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_name:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else ""


def build_search(site: Path) -> int:
    """Write SITE/pagefind/ and SITE/search/titles.json; return how many pages are searchable."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise SearchIndexError(f"{site}/index.html is missing: build the site first (make site)")
    run_pagefind(site)
    rows = page_titles(site, site_name())
    out = site / "search" / "titles.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps({"pages": rows}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    return len(rows)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else ROOT / "site"
    try:
        pages = build_search(site)
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"搜索索引：{pages} 个页面", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
