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

# Injected before any page script: long tasks, when the calculator worker was created, and what the
# page posted to it (the request the widget built).
INSTRUMENT = """
(() => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longtasks.push([e.startTime, e.duration]);
    }).observe({type: "longtask", buffered: true});
  } catch (e) {}
  window.__stages = {};
  new MutationObserver(() => {
    const p = document.querySelector(".yb-calc__progress");
    if (p && p.dataset.stage && !(p.dataset.stage in window.__stages)) {
      window.__stages[p.dataset.stage] = performance.now();
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


def _throttle(server: StaticServer, profile: str | None) -> None:
    if profile:
        p = PROFILES[profile]
        server.shape(p["latency"], p["downloadThroughput"] * 8)
    else:
        server.shape(0, 0)


def _estimate_once(page: Page, total: str) -> float:
    """Fill the total, press 计算, return performance.now() when the estimate is shown."""
    root = page.locator(CALC).first
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


def first_estimate(browser: Browser, server: StaticServer, path: str, profile: str | None) -> dict:
    """Open a region page on a fresh phone, estimate once (cold), then again in a new tab (warm)."""
    context = browser.new_context(**PHONE)
    context.add_init_script(INSTRUMENT)
    try:
        out: dict = {"profile": profile, "path": path}
        for label in ("cold", "warm"):
            page = context.new_page()
            _throttle(server, profile)
            server.clear_log()
            page.goto(server.url(path), wait_until="domcontentloaded")
            done = _estimate_once(page, "50000" if label == "cold" else "60000")
            started = page.evaluate("window.__workerStarted")
            tasks = page.evaluate("window.__longtasks")
            stages = page.evaluate("window.__stages")
            booting = [
                d for s, d in tasks if started is not None and s + d >= started and s <= done
            ]
            log = server.log_snapshot()
            out[label] = {
                "first_estimate_s": round(done / 1000, 2),
                "worker_started_s": round(started / 1000, 2) if started is not None else None,
                "pyodide_ready_s": round(stages["ready"] / 1000, 2) if "ready" in stages else None,
                "boot_s": round((stages["ready"] - stages["download"]) / 1000, 2)
                if "ready" in stages and "download" in stages
                else None,
                "longest_task_ms": round(max((d for _, d in tasks), default=0)),
                "longest_task_while_pyodide_starts_ms": round(max(booting, default=0)),
                "kb_from_server": _kb(sum(r.wire_bytes for r in log)),
            }
            if label == "cold":
                out["request"] = next(
                    (
                        json.loads(m["request"])
                        for m in reversed(page.evaluate("window.__posted"))
                        if isinstance(m, dict) and m.get("type") == "run"
                    ),
                    None,
                )
                _wait_offline_ready(page)
            else:
                out["worker_round_trip_ms"] = worker_round_trip(page, out.get("request"))
            page.close()
        return out
    finally:
        server.shape(0, 0)
        context.close()


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
