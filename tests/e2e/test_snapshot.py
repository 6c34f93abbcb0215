"""Warm start from a Pyodide memory snapshot, in Chromium on a phone.

After a first estimate the calculator's worker keeps a snapshot of Python with calc imported (made at
boot, gzipped, in Cache Storage under manifest.json's `snapshot` key). These tests check that a later
page load boots from it and answers byte for byte like a normal boot (and like CPython), and that a
damaged, wrong or stale snapshot is set aside for a normal boot with the same answers.
"""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import Phone, unfold

import calc
from generator import pyodide_bundle

CALC = ".yb-calc"
SNAPSHOT_CACHE = "yibao-snapshot"
REGIONS = ("360100", "442000", "140100")  # inpatient rules; outpatient and 两病; hospital classes

# Drive the calculator's worker directly: boot (snapshot allowed), answer every request, and on
# request keep the snapshot. Returns the progress and snapshot messages and the answers in order.
RUN_WORKER = """async ([requests, keep]) => {
  const w = new Worker(new URL("/assets/calculator/worker.js", location.origin), {type: "module"});
  const events = [];
  const answers = new Array(requests.length);
  let left = requests.length;
  let snapshotDone;
  const snapshot = new Promise((resolve) => { snapshotDone = resolve; });
  const finished = new Promise((resolve, reject) => {
    w.addEventListener("message", (e) => {
      const m = e.data || {};
      if (m.type === "result") {
        answers[m.id] = m.json;
        if (--left === 0) resolve();
      } else {
        events.push(m);
        if (m.type === "error") reject(new Error(m.message));
        if (m.type === "snapshot") snapshotDone(m);
      }
    });
  });
  w.postMessage({type: "boot", snapshot: true});
  requests.forEach((r, id) => w.postMessage({type: "run", id, request: r}));
  await finished;
  if (keep) {
    w.postMessage({type: "store-snapshot"});
    await snapshot;
  }
  w.terminate();
  return {events, answers};
}"""

# Every entry in the snapshot cache: URL -> headers.
SNAPSHOT_ENTRIES = """async (name) => {
  const cache = await caches.open(name);
  const out = {};
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    out[new URL(request.url).pathname] = Object.fromEntries(response.headers);
  }
  return out;
}"""

# Rewrites the one stored snapshot: `how` is "flip" (bytes in the middle of the gzip stream changed),
# "truncate" (the second half cut off), "canary" (intact, but recorded as having answered otherwise)
# or "stale" (moved to the key of another calc bundle).
DAMAGE = """async ([name, how]) => {
  const cache = await caches.open(name);
  const [request] = (await cache.keys()).filter((r) => r.url.endsWith(".gz"));
  const response = await cache.match(request);
  const headers = new Headers(response.headers);
  let body = new Uint8Array(await response.arrayBuffer());
  let url = request.url;
  if (how === "flip") {
    body = body.slice();
    for (let i = body.length >> 1; i < (body.length >> 1) + 64; i++) body[i] ^= 0x5a;
  } else if (how === "truncate") {
    body = body.slice(0, body.length >> 1);
  } else if (how === "canary") {
    headers.set("x-canary", "0".repeat(64));
  } else if (how === "stale") {
    url = url.replace(/calc-[0-9a-f]+-[0-9a-f]+\\.gz$/, "calc-000000000000-000000000000.gz");
  }
  await cache.delete(request);
  await cache.put(url, new Response(body, {headers}));
  return new URL(url).pathname;
}"""


def cpython(request: dict) -> str:
    return json.dumps(calc.run(request), ensure_ascii=False, sort_keys=True)


def year_requests(region: dict, date: str) -> list[dict]:
    """A year of bills for each scheme, if the region has hospital-stay levels."""
    levels = region.get("hospital_levels") or ["三级"]
    bills = [
        {"visit": "inpatient", "level": levels[-1], "total": 30000, "self_pay": 2000},
        {"visit": "outpatient", "total": 1200},
        {"visit": "inpatient", "level": levels[0], "total": 8000, "cross_region": "referral"},
    ]
    return [
        {
            "kind": "year",
            "date": date,
            "params": region,
            "inputs": {"scheme": scheme, "hardship": scheme == "resident", "bills": bills},
        }
        for scheme in ("resident", "employee", "retiree")
    ]


@pytest.fixture(scope="module")
def requests_for_parity(site_dir: Path, tmp_path_factory) -> list[dict]:
    """Requests of every kind (good and bad) for a few regions, as the bundle's trace makes them."""
    api = tmp_path_factory.mktemp("api")
    regions = []
    for code in REGIONS:
        src = site_dir / "api" / "regions" / f"{code}.json"
        if src.exists():
            shutil.copy(src, api / src.name)
            regions.append(json.loads(src.read_text(encoding="utf-8")))
    assert regions, f"none of {REGIONS} is in {site_dir}/api/regions"
    reqs = pyodide_bundle.sample_requests(api)
    for region in regions:
        reqs += year_requests(region, "2026-03-01")
    return reqs


def share_path(region_path: str, total: int = 50000) -> str:
    """A region page whose URL holds a hospital stay: the page estimates it on opening."""
    query = urllib.parse.urlencode(
        {"tab": "reimbursement", "scheme": "resident", "visit": "inpatient", "total": total}
    )
    return f"{region_path}?{query}#yb-calculator"


def open_and_estimate(page: Page, url: str) -> dict:
    page.goto(url)
    root = page.locator(CALC).first
    expect(root).to_have_attribute("data-state", "done", timeout=180_000)
    return {
        "json": root.get_attribute("data-result-json"),
        "boot": root.get_attribute("data-boot"),
        "stages": root.get_attribute("data-stages"),
    }


def wait_snapshot(page: Page, state: str) -> None:
    expect(page.locator(CALC).first).to_have_attribute("data-snapshot", state, timeout=180_000)


def sent_request(page: Page) -> dict:
    """The request the widget sent last (recorded by RECORD_WORKER)."""
    posted = [m for m in page.evaluate("window.__posted") if m.get("type") == "run"]
    return json.loads(posted[-1]["request"])


RECORD_WORKER = """
(() => {
  window.__posted = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (msg, ...rest) {
    try { if (msg && msg.type === "run") window.__posted.push(msg); } catch (e) {}
    return post.call(this, msg, ...rest);
  };
})();
"""


@pytest.fixture
def region_path(site_pages) -> str:
    region = site_pages.region("city")
    if region is None:
        pytest.fail("the built site has no region page with calculator data", pytrace=False)
    return region.path


def test_worker_boots_from_snapshot_with_identical_answers(
    phone: Phone, requests_for_parity: list[dict]
) -> None:
    """Normal boot, snapshot kept; a second worker restores it and answers every request the same."""
    page = phone.new_page()
    page.goto(phone.url("/"))
    texts = [json.dumps(r, ensure_ascii=False) for r in requests_for_parity]
    first = page.evaluate(RUN_WORKER, [texts, True])
    boots = [e.get("boot") for e in first["events"] if e.get("stage") == "ready"]
    assert boots == ["normal"], first["events"]
    kept = [e for e in first["events"] if e["type"] == "snapshot"]
    assert kept and kept[-1]["state"] == "stored", kept
    manifest = json.loads(
        page.evaluate("fetch('/assets/pyodide/manifest.json').then(r => r.text())")
    )
    entries = page.evaluate(SNAPSHOT_ENTRIES, SNAPSHOT_CACHE)
    key = f"/assets/pyodide/snapshot/{manifest['snapshot']}.gz"
    assert list(entries) == [key], entries
    assert manifest["snapshot"].startswith(f"{manifest['pyodide']}-calc-{manifest['calc'][5:17]}-")
    assert int(entries[key]["x-snapshot-bytes"]) > 10_000_000

    second = page.evaluate(RUN_WORKER, [texts, True])
    boots = [e.get("boot") for e in second["events"] if e.get("stage") == "ready"]
    assert boots == ["snapshot"], second["events"]
    assert [e["state"] for e in second["events"] if e["type"] == "snapshot"] == ["skipped"]
    assert second["answers"] == first["answers"]
    expected = [cpython(r) for r in requests_for_parity]
    mismatches = [
        i for i, (a, b) in enumerate(zip(second["answers"], expected, strict=True)) if a != b
    ]
    assert not mismatches, (
        f"{len(mismatches)} of {len(expected)} answers differ from CPython, first: "
        f"{requests_for_parity[mismatches[0]]['inputs']}"
    )


def test_second_page_load_boots_from_snapshot(phone: Phone, region_path: str) -> None:
    """The page: first visit boots normally and keeps a snapshot; the next visit boots from it."""
    phone.context.add_init_script(RECORD_WORKER)
    url = phone.url(share_path(region_path))
    page = phone.new_page()
    first = open_and_estimate(page, url)
    assert first["boot"] == "normal"
    wait_snapshot(page, "stored")
    request = sent_request(page)

    again = phone.new_page()
    second = open_and_estimate(again, url)
    assert second["boot"] == "snapshot", second
    assert second["json"] == first["json"] == cpython(request)
    # a different estimate on the restored calculator is also CPython's
    field = again.locator(f'{CALC} [name="total"]')
    field.fill("123456.78")
    again.locator(CALC).get_by_role("button", name="计算", exact=True).click()
    expect(again.locator(f"{CALC} .yb-calc__result h3")).to_contain_text("123,456.78")
    assert again.locator(CALC).get_attribute("data-result-json") == cpython(sent_request(again))
    assert phone.errors == [] and phone.console_errors == []


def test_a_returning_reader_s_calculator_starts_before_the_fold_is_opened(
    phone: Phone, region_path: str
) -> None:
    """With a snapshot kept, the region page boots Python from it while the calculator is folded."""
    phone.context.add_init_script(RECORD_WORKER)
    page = phone.new_page()
    open_and_estimate(page, phone.url(share_path(region_path)))
    wait_snapshot(page, "stored")

    again = phone.new_page()
    again.goto(phone.url(region_path))
    root = again.locator(CALC).first
    assert again.locator("details.yb-fold--calc").get_attribute("open") is None
    expect(root).to_have_attribute("data-boot", "snapshot", timeout=60_000)
    expect(root).to_have_attribute("data-stages", re.compile(r"ready$"), timeout=60_000)
    unfold(again)
    root.locator('[name="total"]').fill("50000")
    root.get_by_role("button", name="计算", exact=True).click()
    expect(root).to_have_attribute("data-state", "done", timeout=60_000)
    assert root.get_attribute("data-result-json") == cpython(sent_request(again))
    assert phone.errors == [] and phone.console_errors == []


@pytest.mark.parametrize("damage", ["flip", "truncate", "canary"])
def test_damaged_snapshot_falls_back_to_a_normal_boot(
    phone: Phone, region_path: str, damage: str
) -> None:
    """A snapshot that fails its checks is set aside: a normal boot gives the same answer."""
    url = phone.url(share_path(region_path, 41000))
    page = phone.new_page()
    first = open_and_estimate(page, url)
    wait_snapshot(page, "stored")
    damaged = page.evaluate(DAMAGE, [SNAPSHOT_CACHE, damage])

    page.reload()
    root = page.locator(CALC).first
    expect(root).to_have_attribute("data-state", "done", timeout=180_000)
    assert root.get_attribute("data-boot") == "normal"
    assert root.get_attribute("data-result-json") == first["json"]
    # the restore was tried, then Python started from scratch
    assert root.get_attribute("data-stages") == "idle,download,start,download,start,ready"
    wait_snapshot(page, "skipped")  # no new snapshot for a key that failed here once
    entries = page.evaluate(SNAPSHOT_ENTRIES, SNAPSHOT_CACHE)
    assert damaged not in entries
    assert [p for p in entries if p.endswith(".failed")] == [damaged.replace(".gz", ".failed")]
    assert phone.errors == [] and phone.console_errors == []


def test_stale_snapshot_is_dropped_and_replaced(phone: Phone, region_path: str) -> None:
    """A snapshot stored under another bundle's key is never restored: it is deleted and remade."""
    url = phone.url(share_path(region_path, 42000))
    page = phone.new_page()
    first = open_and_estimate(page, url)
    wait_snapshot(page, "stored")
    stale = page.evaluate(DAMAGE, [SNAPSHOT_CACHE, "stale"])

    page.reload()
    root = page.locator(CALC).first
    expect(root).to_have_attribute("data-state", "done", timeout=180_000)
    assert root.get_attribute("data-boot") == "normal"
    assert root.get_attribute("data-stages") == "idle,download,start,ready"
    assert root.get_attribute("data-result-json") == first["json"]
    wait_snapshot(page, "stored")
    entries = page.evaluate(SNAPSHOT_ENTRIES, SNAPSHOT_CACHE)
    assert stale not in entries
    assert len(entries) == 1 and next(iter(entries)).endswith(".gz"), entries

    third = phone.new_page()
    assert open_and_estimate(third, url)["boot"] == "snapshot"
    assert phone.errors == [] and phone.console_errors == []
