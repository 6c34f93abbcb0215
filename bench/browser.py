"""Browser measurements: page weight on a cold load, and the calculator's first estimate.

All runs use Debian's Chromium on a phone-sized context against bench.static_server (gzip like
GitHub Pages).

The slow networks are emulated in the server, not with CDP `Network.emulateNetworkConditions`:
emulation set on the page did not reach requests answered through the service worker (the page's
calculator worker fetched the 9.6 MB runtime through sw.js in 0.6 s under "slow 3G"), and setting
it on the service-worker target as well (Target.attachToTarget + sendMessageToTarget) did not take
effect reliably. A link emulated in the server applies to every request whoever makes it, and
responses a service worker serves from its cache do not touch it, as on a real phone.
"""

from __future__ import annotations

import json
import re
import statistics
import urllib.parse

from playwright.sync_api import Browser, Page

from .chromium import PHONE, PROFILES
from .static_server import StaticServer

CALC = ".yb-calc"
RUNTIME_PREFIX = "/assets/pyodide/"

# Injected before any page script: long tasks, when the calculator worker was created, its stages,
# when its memory snapshot was stored, and what the page posted to it (the request the widget built).
INSTRUMENT = """
(() => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (e) {}
  window.__stages = {};
  window.__snapshotStored = null;
  new MutationObserver(() => {
    const p = document.querySelector(".yb-calc__progress");
    if (p && p.dataset.stage && !(p.dataset.stage in window.__stages)) {
      window.__stages[p.dataset.stage] = performance.now();
    }
    const r = document.querySelector(".yb-calc");
    if (r && r.dataset.snapshot === "stored" && window.__snapshotStored === null) {
      window.__snapshotStored = performance.now();
    }
  }).observe(document, {subtree: true, childList: true, attributes: true});
  window.__workerStarted = null;
  window.__posted = [];
  const Native = window.Worker;
  window.Worker = function (url, opts) {
    if (window.__workerStarted === null && String(url).includes("calculator/worker")) {
      window.__workerStarted = performance.now();
    }
    return new Native(url, opts);
  };
  window.Worker.prototype = Native.prototype;
  const post = Native.prototype.postMessage;
  Native.prototype.postMessage = function (msg, ...rest) {
    try { window.__posted.push(JSON.parse(JSON.stringify(msg))); } catch (e) {}
    return post.call(this, msg, ...rest);
  };
})();
"""


def _kb(n: float) -> float:
    return round(n / 1024, 1)


def page_weight(browser: Browser, server: StaticServer, path: str) -> dict:
    """Bytes transferred (compressed) by a cold load of `path` on a fresh phone, until idle."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        encoded: dict[str, float] = {}
        cdp.on(
            "Network.loadingFinished",
            lambda e: encoded.__setitem__(e["requestId"], e.get("encodedDataLength", 0)),
        )
        server.clear_log()
        page.goto(server.url(path), wait_until="load")
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1000)
        page.wait_for_load_state("networkidle")
        log = server.log_snapshot()
        runtime = [r for r in log if urllib.parse.urlsplit(r.path).path.startswith(RUNTIME_PREFIX)]
        page_only = [r for r in log if r not in runtime]
        largest = sorted(page_only, key=lambda r: r.wire_bytes, reverse=True)[:5]
        return {
            "path": path,
            "requests": len(page_only),
            "bytes": sum(r.wire_bytes for r in page_only),
            "kb": _kb(sum(r.wire_bytes for r in page_only)),
            "cdp_encoded_bytes_page_target": int(sum(encoded.values())),
            "runtime_requests_without_use": len(runtime),
            "runtime_kb_without_use": _kb(sum(r.wire_bytes for r in runtime)),
            "largest": [
                {"path": r.path, "kb": _kb(r.wire_bytes), "gzip": bool(r.encoding)} for r in largest
            ],
        }
    finally:
        context.close()


def page_heights(browser: Browser, server: StaticServer, paths: list[str]) -> dict:
    """How many phone screens (390 x 844) each page is, with its folded sections left folded."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        screen = PHONE["viewport"]["height"]
        heights = {}
        for path in paths:
            page.goto(server.url(path), wait_until="load")
            page.wait_for_timeout(300)  # the calculator's idle-time form, inside its fold
            heights[path] = page.evaluate("document.documentElement.scrollHeight")
        ordered = sorted(heights.items(), key=lambda kv: kv[1])
        tallest_path, tallest = ordered[-1]
        median = ordered[len(ordered) // 2][1]
        return {
            "pages": len(heights),
            "screen_px": screen,
            "median_px": median,
            "median_screens": round(median / screen, 2),
            "tallest_path": tallest_path,
            "tallest_px": tallest,
            "tallest_screens": round(tallest / screen, 2),
            "over_target": [p for p, h in ordered if h > screen * 4],
            "px": heights,
        }
    finally:
        context.close()


def _throttle(server: StaticServer, profile: str | None) -> None:
    if profile:
        p = PROFILES[profile]
        server.shape(p["latency"], p["downloadThroughput"] * 8)
    else:
        server.shape(0, 0)


def _estimate_once(page: Page, total: str) -> float:
    """Fill the total, press 计算, return performance.now() when the estimate is shown."""
    fold = page.locator("details.yb-fold--calc:not([open]) > summary")
    if fold.count():
        fold.first.click()  # as a reader taps 自己算一算 on a region page
    root = page.locator(CALC).first
    root.scroll_into_view_if_needed()  # as a reader scrolls to it: the form loads when near
    field = root.get_by_label(re.compile("^总费用"))
    field.wait_for(state="visible", timeout=120_000)
    field.fill(total)
    root.get_by_role("button", name="计算", exact=True).click()
    handle = page.wait_for_function(
        """(total) => { const r = document.querySelector(".yb-calc");
            if (!r || !r.dataset.resultJson || r.dataset.state === "running") return false;
            const res = JSON.parse(r.dataset.resultJson);
            if (!res.ok) return {error: JSON.stringify(res).slice(0, 300)};
            return String(res.summary.total).startsWith(total) && {t: performance.now()}; }""",
        arg=total,
        polling="raf",
        timeout=180_000,
    )
    value = handle.json_value()
    if "error" in value:
        raise RuntimeError("the calculator gave no estimate: " + value["error"])
    return float(value["t"])


def _wait_offline_ready(page: Page) -> None:
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=60_000
    )
    page.wait_for_function(
        """async () => {
        const m = await (await fetch("/assets/pyodide/manifest.json")).json();
        let have = 0;
        for (const n of await caches.keys()) {
            const c = await caches.open(n);
            for (const f of m.precache) {
                if (await c.match(new URL("/assets/pyodide/" + f, location.origin), {ignoreSearch: true})) have++;
            }
        }
        return have >= m.precache.length;
    }""",
        timeout=120_000,
        polling=500,
    )


def _wait_snapshot(page: Page) -> str | None:
    """Wait until the worker reports on its snapshot (a site without snapshots: None)."""
    if not page.evaluate(
        "fetch('/assets/pyodide/manifest.json').then(r => r.json()).then(m => Boolean(m.snapshot))"
    ):
        return None
    try:
        page.wait_for_function(
            "() => { const r = document.querySelector('.yb-calc');"
            " return r && r.dataset.snapshot && r.dataset.snapshot !== 'discarded'; }",
            timeout=120_000,
            polling=200,
        )
    except Exception:
        return None
    return page.eval_on_selector(CALC, "el => el.dataset.snapshot")


def _tasks_between(tasks: list, start: float | None, end: float | None) -> list[float]:
    """Durations of the long tasks (> 50 ms) that overlap [start, end]."""
    if start is None or end is None:
        return []
    return [d for s, d in tasks if s + d >= start and s <= end]


def _visit(page: Page, server: StaticServer, path: str, total: str) -> dict:
    """Open `path`, estimate `total`; timings from navigation start, in seconds."""
    server.clear_log()
    page.goto(server.url(path), wait_until="domcontentloaded")
    done = _estimate_once(page, total)
    started = page.evaluate("window.__workerStarted")
    stages = page.evaluate("window.__stages")
    tasks = page.evaluate("window.__longtasks")
    log = server.log_snapshot()
    runtime = [r for r in log if urllib.parse.urlsplit(r.path).path.startswith(RUNTIME_PREFIX)]
    ready = stages.get("ready")
    return {
        "first_estimate_s": round(done / 1000, 2),
        "worker_started_s": round(started / 1000, 2) if started is not None else None,
        "pyodide_ready_s": round(ready / 1000, 2) if ready is not None else None,
        "boot_s": round((ready - stages["download"]) / 1000, 2)
        if ready is not None and "download" in stages
        else None,
        "boot": page.eval_on_selector(CALC, "el => el.dataset.boot || null"),
        "longest_task_ms": round(max((d for _, d in tasks), default=0)),
        "longest_task_while_pyodide_starts_ms": round(
            max(_tasks_between(tasks, started, ready if ready is not None else done), default=0)
        ),
        "kb_from_server": _kb(sum(r.wire_bytes for r in log)),
        "runtime_kb": _kb(sum(r.wire_bytes for r in runtime)),
        "runtime_requests": len(runtime),
        "_done_ms": done,
        "_ready_ms": ready,
    }


# A page load that may not use the memory snapshot: the same service-worker cache, a normal boot.
# (DecompressionStream stays: without it the page would have the other stdlib zip cached.)
NO_SNAPSHOT = "delete window.CompressionStream;"


def first_estimate(
    browser: Browser, server: StaticServer, path: str, profile: str | None, warm_runs: int = 3
) -> dict:
    """A region page's first estimate on a fresh phone (cold), then on later visits (warm).

    Cold: nothing cached; the runtime is downloaded. The worker makes its memory snapshot at boot and
    keeps it once the page is idle after the estimate; the longest main-thread task is taken while
    the runtime starts and until the snapshot is stored. Warm: the same phone, in new tabs, with the
    service worker's cache, `warm_runs` times each way, alternating: as a reader would (from the
    snapshot where the site and browser have one) and with the snapshot unavailable (a normal boot
    from the same cache). The figures are the medians.
    """
    context = browser.new_context(**PHONE)
    context.add_init_script(INSTRUMENT)
    try:
        out: dict = {"profile": profile, "path": path}
        _throttle(server, profile)
        page = context.new_page()
        cold = _visit(page, server, path, "50000")
        out["request"] = next(
            (
                json.loads(m["request"])
                for m in reversed(page.evaluate("window.__posted"))
                if isinstance(m, dict) and m.get("type") == "run"
            ),
            None,
        )
        snapshot = _wait_snapshot(page)
        stored_at = page.evaluate("window.__snapshotStored")
        tasks = page.evaluate("window.__longtasks")
        cold["snapshot"] = snapshot
        cold["longest_task_while_snapshot_is_made_ms"] = (
            round(max(_tasks_between(tasks, cold["_ready_ms"], stored_at), default=0))
            if stored_at is not None
            else None
        )
        _wait_offline_ready(page)
        page.close()
        runs: dict[str, list[dict]] = {"warm": [], "warm_normal": []}
        for i in range(warm_runs):
            for label in ("warm", "warm_normal"):
                page = context.new_page()
                if label == "warm_normal":
                    page.add_init_script(NO_SNAPSHOT)
                runs[label].append(_visit(page, server, path, str(60000 + 1000 * i)))
                page.close()
        for label, visits in runs.items():
            out[label] = _median_visit(visits)
        page = context.new_page()
        page.goto(server.url(path), wait_until="domcontentloaded")
        out["worker_round_trip_ms"] = worker_round_trip(page, out.get("request"))
        page.close()
        out["cold"] = {k: v for k, v in cold.items() if not k.startswith("_")}
        a, b = out["warm"].get("boot_s"), out["warm_normal"].get("boot_s")
        out["snapshot_to_normal_boot"] = round(b / a, 1) if a and b else None
        return out
    finally:
        server.shape(0, 0)
        context.close()


def _median_visit(visits: list[dict]) -> dict:
    """Medians of the numeric figures of several visits; the boot kinds seen."""
    out: dict = {"runs": len(visits), "boots": [v["boot"] for v in visits]}
    for key in visits[0]:
        if key.startswith("_") or key == "boot":
            continue
        values = [v[key] for v in visits if isinstance(v.get(key), int | float)]
        if values:
            out[key] = round(statistics.median(values), 2)
    out["all_first_estimate_s"] = [v["first_estimate_s"] for v in visits]
    return out


def worker_round_trip(page: Page, request: dict | None, runs: int = 30) -> dict | None:
    """Median time of one estimate through a booted calculator worker (postMessage to reply)."""
    if request is None:
        return None
    times = page.evaluate(
        """async ([text, runs]) => {
        const w = new Worker(new URL("/assets/calculator/worker.js", location.origin), {type: "module"});
        await new Promise((resolve, reject) => {
            w.onmessage = (e) => { const m = e.data || {};
                if (m.type === "progress" && m.stage === "ready") resolve();
                if (m.type === "error") reject(new Error(m.message)); };
            w.postMessage({type: "boot"});
        });
        const times = [];
        for (let i = 0; i < runs; i++) {
            const t = performance.now();
            await new Promise((resolve) => { w.onmessage = (e) => {
                if (e.data && e.data.type === "result" && e.data.id === i) resolve(); };
                w.postMessage({type: "run", id: i, request: text}); });
            times.push(performance.now() - t);
        }
        w.terminate();
        return times;
    }""",
        [json.dumps(request, ensure_ascii=False), runs],
    )
    return {
        "median": round(statistics.median(times), 2),
        "best": round(min(times), 2),
        "runs": len(times),
    }
