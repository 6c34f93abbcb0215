"""Search bytes: what a page downloads for search when it opens, and for a reader's first queries.

A fresh phone opens a page and waits until it is idle; every byte it fetched for search so far, but
the small loader every page carries, is the cost at page open (the target is none). Then the reader taps the magnifier and types the first
query (the box answers on `input`, as when a phone keyboard commits Chinese words), then a second
one. Bytes are counted on the wire (gzip, like GitHub Pages) by bench.static_server, split into the
search runtime (the box's scripts and styles, search/index.json), index shards and the result
pages' own files (titles and excerpts).
"""

from __future__ import annotations

import re
import urllib.parse

from playwright.sync_api import Browser

from .chromium import PHONE
from .static_server import Response, StaticServer

QUERIES = ("异地就医", "家庭共济")
# Everything the search box may fetch: its own modules and styles, and its index.
# The loader every page carries (boot.js, a few hundred bytes) is reported on its own.
SEARCH_FILE = re.compile(r"^/(search/|javascripts/search/(?!boot\.js))")
LOADER = "/javascripts/search/boot.js"


def _kb(n: float) -> float:
    return round(n / 1024, 1)


def _part(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    if re.fullmatch(r"k\d+\.json", name):
        return "index"
    if re.fullmatch(r"p\d+\.json", name):
        return "excerpts"
    return "runtime"


def _bytes(log: list[Response]) -> dict:
    search = [r for r in log if SEARCH_FILE.match(urllib.parse.urlsplit(r.path).path)]
    parts = {"runtime": 0, "index": 0, "excerpts": 0}
    for r in search:
        parts[_part(urllib.parse.urlsplit(r.path).path)] += r.wire_bytes
    return {
        "kb": _kb(sum(parts.values())),
        "requests": len(search),
        **{f"{k}_kb": _kb(v) for k, v in parts.items()},
        "files": sorted(urllib.parse.urlsplit(r.path).path for r in search),
    }


def search_bytes(browser: Browser, server: StaticServer, path: str = "/") -> dict:
    """Search bytes at the open of `path`, then for each query of QUERIES typed in turn."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        server.clear_log()
        page.goto(server.url(path), wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        out: dict = {"path": path, "at_open": _bytes(server.log_snapshot())}
        out["at_open"]["loader_kb"] = _kb(
            sum(r.wire_bytes for r in server.log_snapshot() if r.path == LOADER)
        )
        box = page.locator("#yb-search-input")
        status = page.locator("#yb-search-status")
        out["queries"] = []
        server.clear_log()  # the first query also pays for the search code, loaded on the tap
        page.locator("label[data-yb-search-open]").click()
        for n, query in enumerate(QUERIES):
            if n:
                server.clear_log()
            box.fill(query)
            page.locator(f'#yb-search-results[data-query="{query}"]').wait_for(
                state="attached", timeout=60_000
            )
            page.wait_for_load_state("networkidle")
            first = page.locator("#yb-search-results a").first
            out["queries"].append(
                {
                    "query": query,
                    **_bytes(server.log_snapshot()),
                    "status": status.inner_text(),
                    "first_result": urllib.parse.urlsplit(first.get_attribute("href") or "").path
                    if first.count()
                    else None,
                }
            )
        return out
    finally:
        context.close()
