"""The calculator in Chromium on a phone: the result equals CPython's calc.run; it works offline.

Serves site/ (built by `make site`) on 127.0.0.1, opens a region page with calculator data,
fills the form, and checks the worker's JSON against calc.run for the same request built here
from the same region JSON. Also: the progress indicator, input checks beside the field, the share
link, the standalone page, a reload with the network off, and that no request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect
from support import screenshot, unfold

import calc

PREFERRED = ("360100", "340300", "442000", "440300")
WIDGET = ".yb-calc"


@dataclass
class Scenario:
    """One estimate the form can make: region, page, and the inputs as the form sends them."""

    region: dict
    path: str
    kind: str
    inputs: dict

    def request(self, date: str) -> dict:
        return {"kind": self.kind, "date": date, "params": self.region, "inputs": dict(self.inputs)}


def regions_with_pages(site: Path) -> list[tuple[dict, str]]:
    out = []
    for f in (site / "api" / "regions").glob("[0-9]*.json"):
        region = json.loads(f.read_text(encoding="utf-8"))
        url = region.get("url") or ""
        if url and (site / url / "index.html").exists():
            out.append((region, "/" + url))
    out.sort(
        key=lambda rp: (
            rp[0]["code"] not in PREFERRED,
            PREFERRED.index(rp[0]["code"]) if rp[0]["code"] in PREFERRED else 0,
            rp[0]["code"],
        )
    )
    return out


def reimbursement_inputs(
    scheme: str,
    visit: str,
    level: str,
    *,
    total=50000,
    self_pay=0,
    class_b=0,
    admission=1,
    cross="none",
) -> dict:
    """What calculator.js buildRequest() sends for these form values."""
    inputs = {"scheme": scheme, "visit": visit}
    if visit in ("inpatient", "outpatient"):
        inputs["level"] = level
    inputs.update(total=total, self_pay=self_pay, class_b_self_pay=class_b)
    if visit == "inpatient":
        inputs["admission"] = admission
    else:
        inputs["deductible_met"] = False
    inputs.update(fund_paid_this_year=0, hardship=False, cross_region=cross)
    return inputs


def candidates(site: Path):
    pages = regions_with_pages(site)
    for visit in ("inpatient", "outpatient", "chronic"):  # a hospital stay first, where data allows
        for region, path in pages:
            levels = list(reversed(region.get("hospital_levels") or []))
            for scheme in ("resident", "employee", "retiree"):
                for level in levels:
                    yield Scenario(
                        region,
                        path,
                        "reimbursement",
                        reimbursement_inputs(
                            scheme,
                            visit,
                            level,
                            self_pay=3000,
                            class_b=1000.5,
                            admission=2,
                            cross="long_term",
                        ),
                    )
                    yield Scenario(
                        region, path, "reimbursement", reimbursement_inputs(scheme, visit, level)
                    )
    for region, path in pages:
        p = region.get("params") or {}
        for tier, body in ((p.get("resident_contribution") or {}).get("tiers") or {}).items():
            for group in (body or {}).get("groups") or {}:
                yield Scenario(
                    region,
                    path,
                    "contribution",
                    {"scheme": "resident", "tier": tier, "group": group},
                )
        for tier in (p.get("employee_contribution") or {}).get("tiers") or {}:
            yield Scenario(
                region,
                path,
                "contribution",
                {"scheme": "employee", "tier": tier, "monthly_wage": 8000},
            )


def find_scenario(site: Path, ok: bool = True) -> Scenario:
    """The first estimate that succeeds (ok=True) or that reports missing data (ok=False; one that
    misses only 大病保险 figures first, so the "leave it out" button is tried too)."""
    if not ok:
        for sc in candidates(site):
            res = calc.run(sc.request(sc.region.get("as_of") or "2026-11-24"))
            if (
                res.get("missing")
                and sc.inputs.get("visit") == "inpatient"
                and all(m["param"].startswith("critical_illness.") for m in res["missing"])
            ):
                return sc
    for sc in candidates(site):
        res = calc.run(sc.request(sc.region.get("as_of") or "2026-11-24"))
        if ok and res.get("ok"):
            return sc
        offered = True  # the form offers only the schemes and visits the region has rules for
        if sc.kind == "reimbursement":
            key = "employee" if sc.inputs["scheme"] == "retiree" else sc.inputs["scheme"]
            offered = bool(((sc.region.get("params") or {}).get(sc.inputs["visit"]) or {}).get(key))
        if not ok and res.get("missing") and offered:
            return sc
    pytest.fail(
        f"no region page in {site} has calculator data giving "
        f"{'an estimate' if ok else 'a missing-data answer'}",
        pytrace=False,
    )
    raise AssertionError


def fill(page, sc: Scenario, **override) -> None:
    """Fill the form as a reader would, for the scenario's inputs."""
    inputs = {**sc.inputs, **override}
    text = lambda v: str(v)  # noqa: E731 - 50000 -> "50000", 1000.5 -> "1000.5"
    if sc.kind == "contribution":
        page.locator(f"{WIDGET} [role=tab]", has_text="参保缴费").click()
        field(page, "cscheme").select_option(inputs["scheme"])
        for name in ("tier", "group"):
            if name in inputs and field(page, name).is_visible():
                field(page, name).select_option(inputs[name])
        for name in ("monthly_wage", "base"):
            if name in inputs:
                field(page, name).fill(text(inputs[name]))
        return
    page.locator(f"{WIDGET} [role=tab]", has_text="看病报销").click()
    field(page, "scheme").select_option(inputs["scheme"])
    field(page, "visit").select_option(inputs["visit"])
    if "level" in inputs:
        field(page, "level").select_option(inputs["level"])
    field(page, "total").fill(text(inputs["total"]))
    for name in ("self_pay", "class_b_self_pay", "fund_paid_this_year"):
        field(page, name).fill(text(inputs[name]) if inputs[name] else "")
    if "admission" in inputs:
        field(page, "admission").fill(text(inputs["admission"]))
    field(page, "cross_region").select_option(inputs["cross_region"])


def wait_done(page, timeout: int = 90_000) -> str:
    page.wait_for_function(
        "() => ['done', 'error'].includes(document.querySelector('.yb-calc').dataset.state)",
        timeout=timeout,
    )
    state = page.eval_on_selector(WIDGET, "el => el.dataset.state")
    live = page.inner_text(".yb-calc__live")
    assert state == "done", f"the estimate failed: {live}"
    return page.eval_on_selector(WIDGET, "el => el.dataset.resultJson")


def open_calculator(page, url: str) -> None:
    """Open a page and scroll to its calculator, as a reader does; wait for the form."""
    page.goto(url)
    unfold(page)
    page.locator(WIDGET).scroll_into_view_if_needed()
    page.wait_for_selector(f'{WIDGET} [name="total"]')


def field(page, name: str):
    return page.locator(f'{WIDGET} [name="{name}"]')


def submit(page) -> None:
    page.eval_on_selector(WIDGET, "el => { el.dataset.state = ''; }")
    page.locator(f"{WIDGET} button[type=submit]").click()


def cpython(request: dict) -> str:
    return json.dumps(calc.run(request), ensure_ascii=False, sort_keys=True)


def check_shown(page, result_text: str) -> None:
    """The summary amounts and every breakdown line on screen are calc's."""
    res = json.loads(result_text)
    assert res["ok"], res
    for key, value in res["summary"].items():
        box = page.locator(f'{WIDGET} .yb-sum[data-key="{key}"] .yb-sum__amount')
        if box.count():  # shown with thousands separators
            assert box.inner_text().replace(",", "") == value
    if res["kind"] == "reimbursement":
        for key in ("fund", "critical_illness", "you_pay"):
            shown = page.inner_text(f'{WIDGET} .yb-sum[data-key="{key}"] .yb-sum__amount')
            assert shown.replace(",", "") == res["summary"][key]
    rows = page.locator(f"{WIDGET} .yb-calc__breakdown tbody tr")
    assert rows.count() == len(res["breakdown"])
    for i, line in enumerate(res["breakdown"]):
        text = rows.nth(i).inner_text()
        assert line["text"] in text
        if line.get("amount") is not None:
            assert line["amount"] in text.replace(",", "")
        if (line.get("source") or {}).get("grade") == "C":
            assert "待核实" in text


def check_examples(page, region: dict) -> None:
    """The worked examples on the page are calc.run's figures for the same region JSON."""
    tables = page.locator(".yb-calc__examples table.yb-examples")
    checked = 0
    for t in range(tables.count()):
        table = tables.nth(t)
        scheme = {
            "城乡居民医保": "resident",
            "职工医保（在职）": "employee",
            "职工医保（退休）": "retiree",
        }[table.locator("caption").inner_text().strip()]
        level = None
        for row in table.locator("tbody tr").all():
            cells = [c.inner_text().strip() for c in row.locator("th, td").all()]
            if len(cells) == 1:
                level = cells[0]
                continue
            if len(cells) != 4:
                continue
            total = int(cells[0].replace(",", ""))
            res = calc.run(
                {
                    "kind": "reimbursement",
                    "date": region["as_of"],
                    "params": region,
                    "inputs": {
                        "scheme": scheme,
                        "visit": "inpatient",
                        "level": level,
                        "total": total,
                    },
                }
            )
            assert res["ok"], res
            if cells[2] == "未计":  # calc left 大病保险 out and said so
                assert any(
                    line["rule"] in ("critical_illness_incomplete", "critical_illness_none")
                    for line in res["breakdown"]
                ), res["breakdown"]
                cells[2] = "0"
            shown = [c.replace(",", "") for c in cells[1:]]
            want = [res["summary"][k] for k in ("fund", "critical_illness", "you_pay")]
            assert [float(x) for x in shown] == [float(x) for x in want], (
                level,
                total,
                shown,
                want,
            )
            checked += 1
    assert checked or not tables.count()


def test_region_page_matches_cpython_offline_and_shared(site_dir, phone):
    sc = find_scenario(site_dir)
    page = phone.new_page()
    page.goto(phone.url(sc.path))
    # the calculator is folded: none of its modules, nor the runtime, is fetched until it is opened
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1500)
    fetched = [
        u for u in phone.requests if "/assets/calculator/page/" in u or "/assets/pyodide/" in u
    ]
    assert fetched == [], fetched
    examples = page.locator(".yb-calc__examples")
    if examples.count():  # worked examples stand in while the calculator loads
        unfold(page, "examples")
        assert examples.is_visible()
        check_examples(page, sc.region)
    unfold(page)
    page.locator(WIDGET).scroll_into_view_if_needed()
    page.wait_for_selector(f'{WIDGET} [name="total"]')
    page.wait_for_function(
        "() => (document.querySelector('.yb-calc').dataset.stages || '').includes('download')"
    )
    assert page.locator(f"{WIDGET} [role=progressbar]").count() == 1

    # the checks beside the field, before anything is sent
    page.locator(f"{WIDGET} [role=tab]", has_text="看病报销").click()
    err = page.locator(f'{WIDGET} [data-field="total"] .yb-field__error')
    for typed, said in (("-5", "负数"), ("五万", "数字"), ("1000000000", "太大"), ("", "填写")):
        field(page, "total").fill(typed)
        submit(page)
        assert err.is_visible() and said in err.inner_text(), (typed, err.inner_text())
        assert field(page, "total").get_attribute("aria-invalid") == "true"
        assert (
            err.get_attribute("id")
            in field(page, "total").get_attribute("aria-describedby").split()
        )
        assert "需要修改" in page.inner_text(f"{WIDGET} [aria-live]")

    # a real estimate
    fill(page, sc)
    submit(page)
    got = wait_done(page)
    stages = page.eval_on_selector(WIDGET, "el => el.dataset.stages").split(",")
    assert stages[-1] == "ready" and "download" in stages and "start" in stages, stages
    assert page.eval_on_selector(WIDGET, "el => el.getAttribute('aria-busy')") == "false"
    if examples.count():
        assert examples.is_visible()  # the examples stay open beside the live calculator
    if sc.kind == "reimbursement":
        assert field(page, "total").get_attribute("aria-invalid") is None
    request = sc.request(field(page, "date").input_value())
    assert got == cpython(request)
    check_shown(page, got)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page.locator(WIDGET), "calculator-region")  # the widget with its result, on a phone
    # 估算不对？ opens the wrong-estimate form with the region and this estimate's share link
    report = page.locator(f"{WIDGET} .yb-calc__report a")
    expect(report).to_have_text("估算不对？告诉我们")
    query = parse_qs(urlsplit(report.get_attribute("href")).query)
    assert query["template"] == ["wrong-estimate.yml"]
    assert query["region"][0].endswith(sc.region["code"])
    assert (
        query["share"][0].startswith(phone.origin + sc.path)
        and f"tab={sc.kind}" in query["share"][0]
    )

    # the share link reopens the same inputs and result
    page.locator(f"{WIDGET} .yb-calc__share").click()
    link = page.eval_on_selector(WIDGET, "el => el.dataset.shareUrl")
    assert f"tab={sc.kind}" in link and link.startswith(phone.origin)
    other = phone.new_page()
    other.goto(link)
    assert wait_done(other) == got
    for name, value in sc.inputs.items():
        loc = field(other, "cscheme" if (name == "scheme" and sc.kind == "contribution") else name)
        if loc.count() and loc.get_attribute("type") != "checkbox" and value:
            assert loc.input_value() == str(value), name
    other.close()

    # offline: once the service worker holds the runtime, a reload with no network still computes
    page.wait_for_function(
        """async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        if (!reg || !reg.active) return false;
        const m = await (await fetch(new URL('assets/pyodide/manifest.json', reg.scope))).json();
        for (const name of await caches.keys()) {
            const c = await caches.open(name);
            const ok = await Promise.all(m.precache.map(
                f => c.match(new URL('assets/pyodide/' + f, reg.scope).href)));
            const own = await Promise.all((m.calculator || []).map(
                f => c.match(new URL('assets/pyodide/' + f, reg.scope).href)));
            if (ok.every(Boolean) && own.every(Boolean) && await c.match(location.href)) return true;
        }
        return false;
    }""",
        timeout=60_000,
        polling=500,
    )
    # the cache is named after the bundle's version, so a new bundle never meets stale calc code
    manifest = json.loads((site_dir / "assets" / "pyodide" / "manifest.json").read_text("utf-8"))
    sw = page.evaluate("""async () => ({
        script: (await navigator.serviceWorker.getRegistration()).active.scriptURL,
        caches: await caches.keys()})""")
    assert sw["script"].endswith(f"/sw.js?v={manifest['version']}"), sw
    # besides the calculator's memory snapshot (tests/e2e/test_snapshot.py), only this version's cache
    assert [c for c in sw["caches"] if c != "yibao-snapshot"] == [f"yibao-{manifest['version']}"], (
        sw
    )
    # offline from the service worker's cache alone: the browser's HTTP cache is emptied first
    phone.context.new_cdp_session(page).send("Network.clearBrowserCache")
    phone.context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector(f'{WIDGET} [name="total"]')
        assert wait_done(page) == got  # the URL holds the inputs, so it computes again by itself
        number = "monthly_wage" if sc.kind == "contribution" else "total"
        if number in sc.inputs:
            bigger = {**sc.inputs, number: sc.inputs[number] * 2}
            field(page, number).fill(str(bigger[number]))
            submit(page)
            again = wait_done(page)
            assert again == cpython({**request, "inputs": bigger})
            assert again != got
    finally:
        phone.context.set_offline(False)

    assert phone.foreign_requests() == []
    assert phone.errors == []


def test_missing_data_is_shown(site_dir, phone):
    """Where the region lacks a figure, calc's message (what is missing, where) is shown."""
    sc = find_scenario(site_dir, ok=False)
    page = phone.new_page()
    open_calculator(page, phone.url(sc.path))
    fill(page, sc)
    submit(page)
    got = wait_done(page)
    request = sc.request(field(page, "date").input_value())
    assert got == cpython(request)
    res = json.loads(got)
    box = page.locator(f"{WIDGET} .yb-calc__missing")
    assert box.is_visible()
    for m in res["missing"]:
        assert m["message"] in box.inner_text()
    assert phone.foreign_requests() == []


def test_standalone_page_and_keyboard(site_dir, phone):
    sc = find_scenario(site_dir)
    region = sc.region
    page = phone.new_page()
    page.goto(phone.url("/calculator/"))
    picker = page.locator(f'{WIDGET} [name="region"]')
    picker.wait_for()
    page.wait_for_function(
        f"() => document.querySelector('{WIDGET} [name=region] option[value=\"{region['code']}\"]')"
    )
    assert page.locator(f"{WIDGET} label[for='{picker.get_attribute('id')}']").count() == 1
    picker.select_option(region["code"])
    page.wait_for_selector(f'{WIDGET} [name="total"]')
    # every visible input has a label
    for inp in page.locator(f"{WIDGET} input, {WIDGET} select").all():
        if inp.is_visible():
            assert page.locator(f"label[for='{inp.get_attribute('id')}']").count() == 1

    # keyboard: the tabs move with the arrow keys, Home and End, the form submits with Enter
    selected = page.locator(f"{WIDGET} [role=tab][aria-selected=true]")
    selected.focus()
    for key, label, panel in (
        ("ArrowRight", "一年的费用", "panel-year"),
        ("ArrowRight", "参保缴费", "panel-contribution"),
        ("End", "等待期", "panel-waiting_period"),
        ("ArrowRight", "看病报销", "panel-reimbursement"),
        ("ArrowLeft", "等待期", "panel-waiting_period"),
        ("Home", "看病报销", "panel-reimbursement"),
    ):
        page.keyboard.press(key)
        assert selected.inner_text() == label, key
        assert page.locator(f"{WIDGET} [role=tabpanel]:visible").get_attribute("id").endswith(panel)
        assert page.evaluate("document.activeElement.getAttribute('role')") == "tab"
    fill(page, sc)
    page.eval_on_selector(WIDGET, "el => { el.dataset.state = ''; }")
    number = "monthly_wage" if sc.kind == "contribution" else "total"
    field(page, number).press("Enter")
    got = wait_done(page)
    assert got == cpython(sc.request(field(page, "date").input_value()))
    check_shown(page, got)
    assert re.search(r"[?&]region=" + region["code"], page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "calculator-standalone")

    # at 200% text the page still fits the phone's width
    # through the CSSOM: the page's Content-Security-Policy refuses an inline <style>
    page.evaluate("document.documentElement.style.setProperty('font-size', '200%', 'important')")
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "calculator-standalone-200")
    assert phone.foreign_requests() == []
    assert phone.errors == []


def test_save_data_waits_for_interaction(site_dir, make_phone):
    """With Save-Data on, scrolling the calculator into view downloads nothing; touching it does."""
    sc = find_scenario(site_dir)
    phone = make_phone()
    phone.context.add_init_script(
        "Object.defineProperty(navigator, 'connection', {get: () => ({saveData: true})});"
    )
    page = phone.new_page()
    open_calculator(page, phone.url(sc.path))
    page.wait_for_timeout(1500)
    assert not any("/assets/pyodide/" in u for u in phone.requests)
    assert page.eval_on_selector(WIDGET, "el => el.dataset.stages") == "idle"
    field(page, "total").tap()
    page.wait_for_function(
        "() => document.querySelector('.yb-calc').dataset.stages.includes('download')"
    )
    page.wait_for_function(
        "() => document.querySelector('.yb-calc').dataset.stages.includes('ready')",
        timeout=90_000,
    )
    assert phone.foreign_requests() == []


RECORD_RUNS = """(() => {
  window.__runs = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (msg, ...rest) {
    if (msg && msg.type === "run") window.__runs.push(JSON.parse(msg.request));
    return post.call(this, msg, ...rest);
  };
})();"""


def year_scenario(site: Path) -> tuple[dict, str, str, list[str]]:
    """A region page, scheme and two hospital levels for which a year of two stays gives an estimate."""
    for region, path in regions_with_pages(site):
        levels = region.get("hospital_levels") or []
        for scheme in ("resident", "employee", "retiree"):
            if len(levels) < 2:
                continue
            bills = [
                {"visit": "inpatient", "level": levels[-1], "total": 30000, "self_pay": 2000},
                {"visit": "inpatient", "level": levels[0], "total": 90000},
            ]
            request = {
                "kind": "year",
                "date": region.get("as_of") or "2026-11-24",
                "params": region,
                "inputs": {"scheme": scheme, "bills": bills},
            }
            if calc.run(request).get("ok"):
                return region, path, scheme, [levels[-1], levels[0]]
    pytest.fail(
        f"no region page in {site} has data for a year of two hospital stays", pytrace=False
    )
    raise AssertionError


def add_bill(page, level: str, total: str, self_pay: str = "") -> None:
    field(page, "bvisit").select_option("inpatient")
    field(page, "blevel").select_option(level)
    field(page, "btotal").fill(total)
    field(page, "bself_pay").fill(self_pay)
    page.eval_on_selector(WIDGET, "el => { el.dataset.state = ''; }")
    page.locator(f"{WIDGET} .yb-calc__add-bill").click()


def test_year_of_bills(site_dir, make_phone):
    """Bills added one by one: each bill and the year's total are calc's; the link keeps them."""
    region, path, scheme, (high, low) = year_scenario(site_dir)
    phone = make_phone()
    phone.context.add_init_script(RECORD_RUNS)
    page = phone.new_page()
    open_calculator(page, phone.url(path))
    page.locator(f"{WIDGET} [role=tab]", has_text="一年的费用").click()
    field(page, "yscheme").select_option(scheme)
    # the bill is checked beside its fields before it joins the list
    field(page, "btotal").fill("-1")
    page.locator(f"{WIDGET} .yb-calc__add-bill").click()
    assert "负数" in page.inner_text(f'{WIDGET} [data-field="btotal"] .yb-field__error')
    assert page.locator(f"{WIDGET} .yb-bills__item").count() == 0

    add_bill(page, high, "30000", "2000")
    wait_done(page)
    add_bill(page, low, "90000")
    got = wait_done(page)
    items = page.locator(f"{WIDGET} .yb-bills__item")
    assert items.count() == 2
    assert "第 1 笔" in items.nth(0).inner_text() and "30000" in items.nth(0).inner_text()
    sent = page.evaluate("window.__runs")[-1]
    assert sent["kind"] == "year"
    assert sent["inputs"]["scheme"] == scheme
    assert sent["inputs"]["bills"] == [
        {"visit": "inpatient", "level": high, "total": 30000, "self_pay": 2000},
        {"visit": "inpatient", "level": low, "total": 90000},
    ]
    assert sent["params"] == region
    assert got == cpython(sent)
    res = json.loads(got)
    assert res["ok"], res
    for key in ("fund", "critical_illness", "you_pay"):  # the year's total
        shown = page.inner_text(f'{WIDGET} .yb-sum[data-key="{key}"] .yb-sum__amount')
        assert shown.replace(",", "") == res["summary"][key]
    bills = page.locator(f"{WIDGET} .yb-calc__bill-result")
    assert bills.count() == 2
    for i, bill in enumerate(res["bills"]):  # each bill, with its own lines
        box = bills.nth(i)
        box.locator("summary").click()
        for key in ("fund", "critical_illness", "you_pay"):
            amount = box.locator(f'[data-bill-key="{key}"] .yb-sum__amount').inner_text()
            assert amount.replace(",", "") == bill["summary"][key]
        assert box.locator(".yb-calc__bill-breakdown tbody tr").count() == len(bill["breakdown"])
    assert page.locator(f"{WIDGET} .yb-calc__breakdown tbody tr").count() == len(res["breakdown"])
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page.locator(WIDGET), "calculator-year")

    # the link carries the bills: a new phone sees the same list and the same answer
    page.locator(f"{WIDGET} .yb-calc__share").click()
    link = page.eval_on_selector(WIDGET, "el => el.dataset.shareUrl")
    assert "tab=year" in link and link.count("bill=") == 2
    other = make_phone().new_page()
    other.goto(link)
    assert wait_done(other) == got
    assert other.locator(f"{WIDGET} .yb-bills__item").count() == 2

    # removing a bill estimates the rest again
    page.eval_on_selector(WIDGET, "el => { el.dataset.state = ''; }")
    items.nth(0).get_by_role("button", name="删除第 1 笔").click()
    again = wait_done(page)
    assert page.locator(f"{WIDGET} .yb-bills__item").count() == 1
    sent = page.evaluate("window.__runs")[-1]
    assert sent["inputs"]["bills"] == [{"visit": "inpatient", "level": low, "total": 90000}]
    assert again == cpython(sent)
    assert "删除" in page.inner_text(f"{WIDGET} .yb-calc__live")


def test_waiting_period(site_dir, make_phone):
    """Late enrolment, years without cover and years paid back give calc's waiting period."""
    region, path = regions_with_pages(site_dir)[0]
    phone = make_phone()
    phone.context.add_init_script(RECORD_RUNS)
    page = phone.new_page()
    open_calculator(page, phone.url(path))
    page.locator(f"{WIDGET} [role=tab]", has_text="等待期").click()
    field(page, "late_enrolment").check()
    field(page, "break_years").fill("3")
    field(page, "paid_back_years").fill("5")
    submit(page)
    assert "不能多于" in page.inner_text(
        f'{WIDGET} [data-field="paid_back_years"] .yb-field__error'
    )
    field(page, "paid_back_years").fill("1")
    submit(page)
    got = wait_done(page)
    sent = page.evaluate("window.__runs")[-1]
    assert sent["kind"] == "waiting_period"
    assert sent["inputs"] == {
        "late_enrolment": True,
        "break_years": 3,
        "paid_back_years": 1,
        "exempt": False,
    }
    assert sent["params"] == region
    assert got == cpython(sent)
    res = json.loads(got)
    assert res["ok"], res
    months = page.inner_text(f'{WIDGET} .yb-sum[data-key="months"]')
    assert f"{res['summary']['months']} 个月" in months
    assert "tab=waiting_period" in page.url and "break_years=3" in page.url
    screenshot(page.locator(WIDGET), "calculator-waiting-period")
