"""`python -m bench` (from `make bench`): measure, print a table, write bench/results.json.

    python -m bench                 everything (about 5-10 minutes on 2 cores)
    python -m bench --skip build    leave out parts: build, weight, search, calculator, estimate,
                                    lighthouse
    python -m bench --only weight --only lighthouse --page region
                                    only some parts, on some page types (home, region, topic,
                                    calculator); the machine is shared, so measure what you need
    python -m bench --only calculator --profile 4g
                                    the calculator on some network profiles (4g, slow-3g, none)
    python -m bench --site DIR      measure another built site (default: site/)

It needs the site built (`make site`); the build timings run in copies under bench/work/.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
import timeit
from pathlib import Path

from .chromium import CHROMIUM, CHROMIUM_ARGS
from .pages import find_pages
from .static_server import StaticServer

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
PARTS = ("build", "weight", "search", "calculator", "estimate", "lighthouse")
PAGE_TYPES = ("home", "region", "topic", "calculator")
NETWORK_PROFILES = ("4g", "slow-3g", "none")

TARGET_BUILD_REGIONS = 3000
TARGETS = {
    "region_page_kb": 80,
    "region_page_screens": 4,
    "search_at_open_kb": 0,
    "search_first_query_kb": 150,
    "lighthouse": {"performance": 95, "accessibility": 100, "best-practices": 95, "seo": 95},
    "first_estimate_cold_4g_s": 5.0,
    "first_estimate_warm_4g_s": 1.0,
    "longest_task_ms": 50,  # none of the browser's "long tasks" (over 50 ms) on the page's thread
    "synthetic_build_s": 60,
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def cpython_estimate(request: dict) -> dict:
    import calc

    timer = timeit.Timer(lambda: calc.run(request))
    number, _ = timer.autorange()
    best = min(timer.repeat(repeat=5, number=number)) / number
    return {"ms": round(best * 1000, 3), "runs": number * 5}


def node_estimate(request: dict) -> dict:
    job = ROOT / "bench" / "work" / "node-job.json"
    job.parent.mkdir(parents=True, exist_ok=True)
    job.write_text(
        json.dumps(
            {"calc_dir": str(ROOT / "calc"), "request": request, "repeat": 200}, ensure_ascii=False
        ),
        encoding="utf-8",
    )
    proc = subprocess.run(
        ["node", str(ROOT / "bench" / "pyodide_node.mjs"), str(job)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    if proc.returncode != 0:
        return {"error": proc.stderr.strip()[-500:]}
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    import calc

    same = json.dumps(out.pop("result"), sort_keys=True, ensure_ascii=False) == json.dumps(
        calc.run(request), sort_keys=True, ensure_ascii=False
    )
    return {
        "ms": round(out["estimate_ms_median"], 3),
        "boot_ms": round(out["boot_ms"]),
        "python": out["python"],
        "same_as_cpython": same,
    }


def fmt(value, unit: str = "", digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.{digits}f}{unit}"
    return f"{value}{unit}"


def verdict(value, target, lower_is_better: bool = True) -> str:
    if value is None or target is None:
        return ""
    ok = value <= target if lower_is_better else value >= target
    return "ok" if ok else "MISSED"


def _net(profile: str | None) -> str:
    return {"4g": "4G", "slow-3g": "slow 3G", "none": "no emulation"}.get(
        profile or "none", profile
    )


def calculator_rows(c: dict) -> list[tuple[str, str, str, str]]:
    """The calculator's rows for one network profile: cold, warm (snapshot vs normal), long tasks."""
    net = _net(c.get("profile"))
    if "error" in c:
        return [(f"First estimate, {net}", c["error"][:60], "", "failed")]
    is_4g = c["profile"] == "4g"
    cold, warm, normal = c["cold"], c["warm"], c.get("warm_normal") or {}
    rows = [
        (
            f"First estimate, cold, {net}",
            f"{fmt(cold['first_estimate_s'], ' s', 2)} (Pyodide boot {fmt(cold['boot_s'], ' s', 2)}; "
            f"runtime {fmt(cold.get('runtime_kb'), ' KB')} in {cold.get('runtime_requests')} requests)",
            "≤ 5 s" if is_4g else "",
            verdict(cold["first_estimate_s"], TARGETS["first_estimate_cold_4g_s"]) if is_4g else "",
        ),
        (
            f"First estimate, warm (memory snapshot), {net}",
            f"{fmt(warm['first_estimate_s'], ' s', 2)} (boot {fmt(warm.get('boot_s'), ' s', 2)}, "
            f"booted from: {', '.join(sorted(set(b or '?' for b in warm.get('boots', []))))})",
            "≤ 1 s" if is_4g else "",
            verdict(warm["first_estimate_s"], TARGETS["first_estimate_warm_4g_s"]) if is_4g else "",
        ),
    ]
    if normal:
        ratio = c.get("snapshot_to_normal_boot")
        rows.append(
            (
                f"Warm boot, snapshot vs normal (same cache, same run), {net}",
                f"{fmt(warm.get('boot_s'), ' s', 2)} vs {fmt(normal.get('boot_s'), ' s', 2)} "
                f"(1 : {fmt(ratio)}); first estimate {fmt(warm['first_estimate_s'], ' s', 2)} vs "
                f"{fmt(normal.get('first_estimate_s'), ' s', 2)}",
                "",
                "",
            )
        )
    if c["profile"] != "none":
        for label, key in (
            ("while the runtime starts", "longest_task_while_pyodide_starts_ms"),
            ("while the snapshot is made", "longest_task_while_snapshot_is_made_ms"),
        ):
            value = cold.get(key)
            rows.append(
                (
                    f"Longest main-thread task {label}, {net}",
                    fmt(value, " ms") if value is not None else "no snapshot made",
                    "no task > 50 ms",
                    verdict(value, TARGETS["longest_task_ms"]) if value is not None else "",
                )
            )
    return rows


def build_rows(b: dict | None) -> list[tuple[str, str, str, str]]:
    """The real build, then 300 / 1,000 / 3,000 regions side by side (time per region: linear?)."""
    if not b:
        return []
    if "error" in b:
        return [("Build", b["error"][:60], "", "failed")]
    rows = []
    for key, r in [("real", b.get("real")), *b.get("sizes", {}).items()]:
        if not r:
            continue
        steps = ", ".join(f"{name} {v['seconds']:.1f}" for name, v in r["steps"].items())
        total = f"{'> ' if r['stopped'] else ''}{r['total_seconds']:.1f} s"
        measured = (
            f"{total} ({r['cpu_seconds']:.1f} s CPU; {r['ms_per_region']:.0f} ms/region; "
            f"{r['pages']} pages; {steps})"
        )
        is_target = key == str(TARGET_BUILD_REGIONS)
        rows.append(
            (
                f"Build, {'real data' if key == 'real' else key + ' regions'}"
                + (f" ({r['regions']} regions)" if key == "real" else ""),
                measured,
                f"≤ {TARGETS['synthetic_build_s']} s" if is_target else "",
                verdict(r["total_seconds"], TARGETS["synthetic_build_s"])
                + ("" if r["strict"] else " (not strict)")
                if is_target
                else "",
            )
        )
    return rows


def height_rows(h: dict | None) -> list[tuple[str, str, str, str]]:
    """Region pages in phone screens at 390 px, folded sections folded: the median and the tallest."""
    if not h:
        return []
    if "error" in h:
        return [("Region page height", h["error"][:60], "", "failed")]
    target = TARGETS["region_page_screens"]
    return [
        (
            f"Region page height, 390 x 844, folded ({h['pages']} pages)",
            f"median {h['median_screens']} screens ({h['median_px']} px); tallest "
            f"{h['tallest_screens']} ({h['tallest_px']} px, {h['tallest_path']})",
            f"≤ {target} screens",
            verdict(h["tallest_screens"], target),
        )
    ]


def search_rows(s: dict | None) -> list[tuple[str, str, str, str]]:
    """Search bytes at page open, then per query (runtime, index chunks, excerpts)."""
    if not s:
        return []
    if "error" in s:
        return [("Search", s["error"][:60], "", "failed")]
    at_open = s["at_open"]
    rows = [
        (
            f"Search runtime and index at page open ({s['path']})",
            f"{at_open['kb']} KB, {at_open['requests']} req (loader {at_open['loader_kb']} KB)",
            "0 KB",
            verdict(at_open["kb"], TARGETS["search_at_open_kb"]),
        )
    ]
    for n, q in enumerate(s["queries"]):
        first = n == 0
        rows.append(
            (
                f"Search, {'first' if first else 'next'} query {q['query']}",
                f"{q['kb']} KB, {q['requests']} req (runtime {q['runtime_kb']}, index "
                f"{q['index_kb']}, excerpts {q['excerpts_kb']}); first hit {q['first_result']}",
                f"≤ {TARGETS['search_first_query_kb']} KB" if first else "",
                verdict(q["kb"], TARGETS["search_first_query_kb"]) if first else "",
            )
        )
    return rows


def table(results: dict) -> str:
    rows: list[tuple[str, str, str, str]] = []
    rows.extend(build_rows(results.get("build")))
    for kind, w in (results.get("weight") or {}).items():
        if "error" in w:
            rows.append((f"Page weight, {kind}", w["error"][:60], "", "failed"))
            continue
        extra = (
            f" + {w['runtime_kb_without_use']} KB runtime" if w["runtime_kb_without_use"] else ""
        )
        target = f"≤ {TARGETS['region_page_kb']} KB" if kind == "region" else ""
        rows.append(
            (
                f"Page weight, {kind} (cold, gzip)",
                f"{w['kb']} KB, {w['requests']} req{extra}",
                target,
                verdict(w["kb"], TARGETS["region_page_kb"]) if kind == "region" else "",
            )
        )
    rows.extend(height_rows(results.get("heights")))
    rows.extend(search_rows(results.get("search")))
    for c in results.get("calculator") or []:
        rows.extend(calculator_rows(c))
    e = results.get("estimate") or {}
    if e.get("cpython"):
        rows.append(("One estimate, CPython", fmt(e["cpython"].get("ms"), " ms", 3), "", ""))
    if e.get("pyodide_node"):
        n = e["pyodide_node"]
        rows.append(
            (
                "One estimate, Pyodide in Node",
                fmt(n.get("ms"), " ms", 3) if "ms" in n else n.get("error", "?")[:60],
                "",
                "same as CPython"
                if n.get("same_as_cpython")
                else ("DIFFERS" if "ms" in n else "failed"),
            )
        )
    if e.get("pyodide_worker"):
        rows.append(
            (
                "One estimate, Pyodide worker round trip",
                fmt(e["pyodide_worker"].get("median"), " ms", 2),
                "",
                "",
            )
        )
    for kind, lh in (results.get("lighthouse") or {}).items():
        if "error" in lh:
            rows.append((f"Lighthouse, {kind}", lh["error"][:60], "", "failed"))
            continue
        s = lh["scores"]
        t = TARGETS["lighthouse"]
        missed = [c for c in t if s.get(c, 0) < t[c]]
        rows.append(
            (
                f"Lighthouse mobile, {kind}",
                " / ".join(str(s.get(c, "—")) for c in t),
                "95 / 100 / 95 / 95",
                "ok" if not missed else "MISSED " + ", ".join(missed),
            )
        )
    head = ("What", "Measured", "Target", "")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(3)]
    lines = [
        "| " + " | ".join(h.ljust(widths[i]) if i < 3 else h for i, h in enumerate(head)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|---|",
    ]
    for r in rows:
        lines.append(
            "| " + " | ".join(c.ljust(widths[i]) if i < 3 else c for i, c in enumerate(r)) + " |"
        )
    return "\n".join(lines)


def calculator_notes(c: dict) -> list[str]:
    """For each missed calculator figure: by how much, and what the measurements say about why."""
    if "cold" not in c:
        return []
    out: list[str] = []
    cold, warm = c["cold"], c["warm"]
    target = TARGETS["first_estimate_cold_4g_s"]
    if c["profile"] == "4g" and cold["first_estimate_s"] > target:
        kb = cold.get("kb_from_server", 0)
        out.append(
            f"First estimate, cold 4G: {cold['first_estimate_s']} s is "
            f"{cold['first_estimate_s'] - target:.2f} s over; the cold visit transfers {kb:.0f} KB "
            f"({cold.get('runtime_kb', 0):.0f} KB of runtime; at 9 Mbit/s that alone takes "
            f"{kb * 1024 * 8 / 9e6:.1f} s) and Pyodide's boot (download to ready) takes "
            f"{cold['boot_s']} s."
        )
    target = TARGETS["first_estimate_warm_4g_s"]
    if c["profile"] == "4g" and warm["first_estimate_s"] > target:
        out.append(
            f"First estimate, warm 4G: {warm['first_estimate_s']} s is "
            f"{warm['first_estimate_s'] - target:.2f} s over; the page asks for "
            f"{warm['kb_from_server']:.0f} KB from the server, the calculator starts when first used "
            f"({warm['worker_started_s']} s after navigation) and Python is ready "
            f"{warm.get('boot_s')} s later (booted from: {', '.join(map(str, warm.get('boots', [])))})."
        )
    for key in ("longest_task_while_pyodide_starts_ms", "longest_task_while_snapshot_is_made_ms"):
        t = cold.get(key)
        if c["profile"] != "none" and t is not None and t > TARGETS["longest_task_ms"]:
            out.append(
                f"{key.replace('_', ' ').capitalize()} ({c['profile']}): {t} ms (Python runs in a "
                f"worker; a long task is page work on the main thread at the same time)."
            )
    return out


def build_notes(b: dict | None) -> list[str]:
    """A missed build target: by how much, and which step took the time."""
    r = ((b or {}).get("sizes") or {}).get(str(TARGET_BUILD_REGIONS))
    if not r or r["total_seconds"] <= TARGETS["synthetic_build_s"]:
        return []
    steps = ", ".join(
        f"{k} {v['seconds']} s ({v['cpu_seconds']} s CPU)" for k, v in r["steps"].items()
    )
    return [
        f"Build of {r['regions']} regions: {r['total_seconds']} s is "
        f"{r['total_seconds'] - TARGETS['synthetic_build_s']:.1f} s over; {steps}. "
        f"{r['cpu_seconds']} s of CPU in all: wall time above it is time spent waiting for the "
        f"machine's CPUs."
    ]


def search_notes(s: dict | None) -> list[str]:
    """A missed search target: which files made the bytes."""
    if not s or "error" in s:
        return []
    out = []
    if s["at_open"]["kb"] > TARGETS["search_at_open_kb"]:
        out.append(f"Search at page open fetched {', '.join(s['at_open']['files'])}.")
    first = s["queries"][0] if s["queries"] else None
    if first and first["kb"] > TARGETS["search_first_query_kb"]:
        out.append(
            f"Search, first query {first['query']}: {first['kb']} KB is "
            f"{first['kb'] - TARGETS['search_first_query_kb']:.1f} KB over (runtime "
            f"{first['runtime_kb']} KB, index {first['index_kb']} KB, excerpts "
            f"{first['excerpts_kb']} KB)."
        )
    return out


def notes(results: dict) -> list[str]:
    """For each missed figure: by how much, and what the measurements say about why."""
    out: list[str] = []
    w = (results.get("weight") or {}).get("region") or {}
    if "kb" in w and w["kb"] > TARGETS["region_page_kb"]:
        big = ", ".join(f"{x['path']} {x['kb']} KB" for x in w["largest"][:3])
        out.append(
            f"Region page: {w['kb']} KB is {w['kb'] - TARGETS['region_page_kb']:.1f} KB over "
            f"{TARGETS['region_page_kb']} KB; the largest transfers are {big}."
        )
    h = results.get("heights") or {}
    if h.get("over_target"):
        out.append(
            f"Region pages over {TARGETS['region_page_screens']} screens: "
            f"{', '.join(h['over_target'][:10])}."
        )
    for c in results.get("calculator") or []:
        out.extend(calculator_notes(c))
    out.extend(build_notes(results.get("build")))
    out.extend(search_notes(results.get("search")))
    for kind, lh in (results.get("lighthouse") or {}).items():
        for cat, target in TARGETS["lighthouse"].items():
            score = (lh.get("scores") or {}).get(cat)
            if score is not None and score < target:
                failed = "; ".join(lh.get("failed_audits", {}).get(cat, [])[:5])
                out.append(
                    f"Lighthouse {kind} {cat}: {score}, {target - score} under {target}; "
                    f"failing audits: {failed or 'none listed'}."
                )
        if lh.get("outside_requests"):
            out.append(
                f"Lighthouse {kind}: requests to other hosts: {', '.join(lh['outside_requests'])}."
            )
    load = results.get("machine", {}).get("load_average_at_start")
    if load and load[0] > (results["machine"].get("cpus") or 1):
        out.append(
            f"The machine was busy when the run started (load average {load[0]:.1f} on "
            f"{results['machine']['cpus']} CPUs): timings are pessimistic."
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--skip", action="append", default=[], choices=PARTS)
    parser.add_argument(
        "--only", action="append", default=[], choices=PARTS, help="run only these parts"
    )
    parser.add_argument(
        "--page",
        action="append",
        default=[],
        choices=PAGE_TYPES,
        help="page weight and Lighthouse: only these page types (default: all)",
    )
    parser.add_argument(
        "--regions",
        action="append",
        type=int,
        default=[],
        help="build: only these synthetic sizes (default: 300, 1000, 3000)",
    )
    parser.add_argument(
        "--profile",
        action="append",
        default=[],
        choices=NETWORK_PROFILES,
        help="calculator: only these network profiles (default: all)",
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if args.only:
        args.skip = [p for p in PARTS if p not in args.only]
    profiles = [None if p == "none" else p for p in (args.profile or NETWORK_PROFILES)]
    kinds = args.page or list(PAGE_TYPES)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    site = args.site.resolve()
    if not (site / "index.html").is_file():
        log(f"{site}/index.html is missing: run `make site` first.")
        return 2
    started = time.perf_counter()
    results: dict = {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load_average_at_start": os.getloadavg(),
        },
        "targets": TARGETS,
        "network_emulation": "in the test server: per-response latency and one shared link "
        "(4G 60 ms / 9 Mbit/s, slow 3G 150 ms / 1.6 Mbit/s); see bench/browser.py",
    }
    pages = find_pages(site)
    types = pages.page_types()
    region = pages.region("city")

    if "build" not in args.skip:
        log("Build times")
        from .build import SIZES, bench_builds

        try:
            results["build"] = bench_builds(tuple(args.regions) or SIZES, log=log)
        except Exception as exc:  # report and go on: the other figures are still worth having
            results["build"] = {"error": str(exc)[-2000:]}
            log(f"  build failed: {str(exc)[-500:]}")

    with StaticServer(site) as server:
        from playwright.sync_api import sync_playwright

        from .browser import first_estimate, page_heights, page_weight

        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
            )
            results["chromium"] = browser.version
            if "weight" not in args.skip:
                log("Page weight (cold load, gzip)")
                results["weight"] = {}
                for kind in kinds:
                    if kind not in types:
                        results["weight"][kind] = {"error": f"no {kind} page in the site"}
                        continue
                    try:
                        results["weight"][kind] = page_weight(browser, server, types[kind])
                        log(f"  {kind}: {results['weight'][kind]['kb']} KB")
                    except Exception as exc:
                        results["weight"][kind] = {"error": str(exc)[:500]}
                if "region" in kinds and pages.regions:
                    log(f"Region page heights ({len(pages.regions)} pages, 390 x 844, folded)")
                    try:
                        results["heights"] = page_heights(
                            browser, server, [r.path for r in pages.regions]
                        )
                        h = results["heights"]
                        log(
                            f"  median {h['median_screens']}, tallest {h['tallest_screens']} screens"
                        )
                    except Exception as exc:
                        results["heights"] = {"error": str(exc)[:500]}
            if "search" not in args.skip:
                from .search import search_bytes

                log("Search bytes (at page open, then per query)")
                try:
                    results["search"] = search_bytes(browser, server, types.get("region", "/"))
                    q = results["search"]["queries"]
                    log(
                        f"  at open {results['search']['at_open']['kb']} KB; "
                        + "; ".join(f"{x['query']} {x['kb']} KB" for x in q)
                    )
                except Exception as exc:
                    results["search"] = {"error": str(exc)[:500]}
            request = None
            if "calculator" not in args.skip and region:
                log("Calculator: first estimate, cold and warm")
                results["calculator"] = []
                for profile in profiles:
                    try:
                        r = first_estimate(browser, server, region.path, profile)
                        r["profile"] = profile or "none"
                        request = request or r.pop("request", None)
                        r.pop("request", None)
                        results["calculator"].append(r)
                        log(
                            f"  {profile}: cold {r['cold']['first_estimate_s']} s, warm "
                            f"{r['warm']['first_estimate_s']} s (normal boot "
                            f"{r['warm_normal']['first_estimate_s']} s)"
                        )
                    except Exception as exc:
                        results["calculator"].append({"profile": profile, "error": str(exc)[:500]})
                        log(f"  {profile} failed: {str(exc)[:300]}")
            browser.close()

        if "estimate" not in args.skip and region:
            log("One estimate: CPython, Pyodide in Node, Pyodide worker")
            if request is None:
                request = {
                    "kind": "reimbursement",
                    "date": datetime.date.today().isoformat(),
                    "params": region.data(),
                    "inputs": {
                        "scheme": "resident",
                        "visit": "inpatient",
                        "level": (region.data().get("hospital_levels") or ["三级"])[-1],
                        "total": 50000,
                    },
                }
            est: dict = {"request_inputs": request.get("inputs")}
            try:
                est["cpython"] = cpython_estimate(request)
            except Exception as exc:
                est["cpython"] = {"error": str(exc)[:500]}
            try:
                est["pyodide_node"] = node_estimate(request)
            except Exception as exc:
                est["pyodide_node"] = {"error": str(exc)[:500]}
            worker = [c.get("warm", {}) for c in results.get("calculator", []) if "warm" in c]
            rt = [
                c.get("worker_round_trip_ms")
                for c in results.get("calculator", [])
                if c.get("worker_round_trip_ms")
            ]
            est["pyodide_worker"] = rt[0] if rt else None
            del worker
            results["estimate"] = est

        if "lighthouse" not in args.skip:
            from .lighthouse import run_lighthouse

            log("Lighthouse (mobile)")
            results["lighthouse"] = {}
            for kind in kinds:
                if kind in types:
                    lh = run_lighthouse(server.url(types[kind]))
                    results["lighthouse"][kind] = lh
                    log(f"  {kind}: {lh.get('scores', lh.get('error', '')[:200])}")

    results["bench_seconds"] = round(time.perf_counter() - started, 1)
    results["notes"] = notes(results)
    args.output.write_text(
        json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(
        f"医保指南 benchmark, {results['date']} ({results['machine']['cpus']} CPUs, "
        f"Chromium {results.get('chromium', '?')}, {results['bench_seconds']} s)\n"
    )
    print(table(results))
    if results["notes"]:
        print("\nWhere a figure is missed:")
        for n in results["notes"]:
            print(f"- {n}")
    print(
        f"\nWritten to {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
