"""The calculator in Chromium on a phone: the result equals CPython's calc.run, and it works offline.

Serves site/ (built by `make site`) on 127.0.0.1, opens a region page with calculator data, fills the
form, and checks the worker's JSON against calc.run for the same request built here from the same
region JSON. Also: the progress indicator, input checks beside the field, the share link, the
standalone page, a reload with the network off, and that no request leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import calc  # noqa: E402
from tests.browser_support import (  # noqa: E402, F401 - fixtures
    calc_browser,
    calc_phone,
    calc_server,
    calc_site,
    shot,
)

PREFERRED = ("360100", "340300", "442000", "440300")
WIDGET = ".yb-calc"


def region_with_inpatient(site: Path) -> tuple[dict, str, str, str]:
    """(region JSON, page path, scheme, level) of a region whose inpatient estimate succeeds."""
    api = site / "api" / "regions"
    files = sorted(api.glob("[0-9]*.json"), key=lambda f: (f.stem not in PREFERRED,
                                                              PREFERRED.index(f.stem) if f.stem in PREFERRED else 0,
                                                              f.stem))
    for f in files:
        region = json.loads(f.read_text(encoding="utf-8"))
        url = region.get("url") or ""
        if not url or not (site / url / "index.html").exists():
            continue
        for scheme in ("resident", "employee"):
            for level in reversed(region.get("hospital_levels") or []):
                res = calc.run({"kind": "reimbursement", "date": region.get("as_of") or "2026-11-24",
                                "params": region, "inputs": {"scheme": scheme, "visit": "inpatient",
                                                             "level": level, "total": 50000}})
                if res.get("ok"):
                    return region, "/" + url, scheme, level
    pytest.fail(f"no region in {api} has inpatient calculator parameters that give an estimate", pytrace=False)
    raise AssertionError


def wait_done(page, timeout: int = 90_000) -> str:
    page.wait_for_function(
        "() => ['done', 'error'].includes(document.querySelector('.yb-calc').dataset.state)", timeout=timeout)
    state = page.eval_on_selector(WIDGET, "el => el.dataset.state")
    live = page.inner_text(".yb-calc__live")
    assert state == "done", f"the estimate failed: {live}"
    return page.eval_on_selector(WIDGET, "el => el.dataset.resultJson")


def field(page, name: str):
    return page.locator(f'{WIDGET} [name="{name}"]')


def cpython(request: dict) -> str:
    return json.dumps(calc.run(request), ensure_ascii=False, sort_keys=True)


def check_shown(page, result_text: str) -> None:
    """The three amounts and every breakdown line on screen are calc's."""
    res = json.loads(result_text)
    assert res["ok"], res
    for key in ("fund", "critical_illness", "you_pay"):
        shown = page.inner_text(f'{WIDGET} .yb-sum[data-key="{key}"] .yb-sum__amount')
        assert shown == res["summary"][key]
    rows = page.locator(f"{WIDGET} .yb-calc__breakdown tbody tr")
    assert rows.count() == len(res["breakdown"])
    for i, line in enumerate(res["breakdown"]):
        text = rows.nth(i).inner_text()
        assert line["text"] in text
        if line.get("amount") is not None:
            assert line["amount"] in text
        if (line.get("source") or {}).get("grade") == "C":
            assert "待核实" in text


def test_region_page_matches_cpython_offline_and_shared(calc_site, calc_phone):
    region, path, scheme, level = region_with_inpatient(calc_site)
    phone = calc_phone
    page = phone.new_page()
    page.goto(phone.url(path))
    page.wait_for_selector(f'{WIDGET} [name="total"]')
    # nothing is downloaded until the calculator is near the screen or used
    far = page.eval_on_selector(WIDGET, "el => el.getBoundingClientRect().top > innerHeight + 400")
    if far:
        page.wait_for_timeout(500)
        assert not any("/assets/pyodide/" in u for u in phone.requests)
        assert page.eval_on_selector(WIDGET, "el => el.dataset.stages") == "idle"
    page.locator(WIDGET).scroll_into_view_if_needed()
    page.wait_for_function("() => (document.querySelector('.yb-calc').dataset.stages || '').includes('download')")
    progress = page.locator(f"{WIDGET} [role=progressbar]")
    assert progress.count() == 1

    # the checks beside the field, before anything is sent
    field(page, "total").fill("-5")
    page.locator(f"{WIDGET} button[type=submit]").click()
    err = page.locator(f'{WIDGET} [data-field="total"] .yb-field__error')
    assert err.is_visible() and "负数" in err.inner_text()
    assert field(page, "total").get_attribute("aria-invalid") == "true"
    described = field(page, "total").get_attribute("aria-describedby").split()
    assert err.get_attribute("id") in described
    assert "需要修改" in page.inner_text(f"{WIDGET} [aria-live]")
    field(page, "total").fill("五万")
    page.locator(f"{WIDGET} button[type=submit]").click()
    assert "数字" in err.inner_text()
    field(page, "total").fill("1000000000")
    page.locator(f"{WIDGET} button[type=submit]").click()
    assert "太大" in err.inner_text()

    # a real estimate
    field(page, "scheme").select_option(scheme)
    field(page, "visit").select_option("inpatient")
    field(page, "level").select_option(level)
    field(page, "total").fill("50000")
    field(page, "self_pay").fill("3000")
    field(page, "class_b_self_pay").fill("1000.5")
    field(page, "admission").fill("2")
    field(page, "cross_region").select_option("long_term")
    assert field(page, "total").get_attribute("aria-invalid") is None
    page.locator(f"{WIDGET} button[type=submit]").click()
    got = wait_done(page)
    stages = page.eval_on_selector(WIDGET, "el => el.dataset.stages").split(",")
    assert stages[-1] == "ready" and "download" in stages and "start" in stages, stages
    assert page.eval_on_selector(WIDGET, "el => el.getAttribute('aria-busy')") == "false"
    date = field(page, "date").input_value()
    request = {"kind": "reimbursement", "date": date, "params": region, "inputs": {
        "scheme": scheme, "visit": "inpatient", "level": level, "total": 50000, "self_pay": 3000,
        "class_b_self_pay": 1000.5, "admission": 2, "fund_paid_this_year": 0, "hardship": False,
        "cross_region": "long_term"}}
    assert got == cpython(request)
    check_shown(page, got)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page.locator(WIDGET), "region")  # the widget with its result, on a phone

    # the share link reopens the same inputs and result
    page.locator(f"{WIDGET} .yb-calc__share").click()
    link = page.eval_on_selector(WIDGET, "el => el.dataset.shareUrl")
    assert "total=50000" in link and "127.0.0.1" in link
    other = phone.new_page()
    other.goto(link)
    assert wait_done(other) == got
    assert field(other, "total").input_value() == "50000"
    assert field(other, "class_b_self_pay").input_value() == "1000.5"
    assert field(other, "cross_region").input_value() == "long_term"
    other.close()

    # offline: once the service worker holds the runtime, a reload with no network still computes
    page.wait_for_function("""async () => {
        const reg = await navigator.serviceWorker.getRegistration();
        if (!reg || !reg.active) return false;
        const m = await (await fetch(new URL('assets/pyodide/manifest.json', reg.scope))).json();
        for (const name of await caches.keys()) {
            const c = await caches.open(name);
            const ok = await Promise.all(m.precache.map(f => c.match(new URL('assets/pyodide/' + f, reg.scope).href)));
            if (ok.every(Boolean) && await c.match(location.href)) return true;
        }
        return false;
    }""", timeout=60_000, polling=500)
    phone.context.set_offline(True)
    try:
        page.reload()
        page.wait_for_selector(f'{WIDGET} [name="total"]')
        assert wait_done(page) == got  # the URL holds the inputs, so it computes again by itself
        field(page, "total").fill("200000")
        page.locator(f"{WIDGET} button[type=submit]").click()
        page.wait_for_function("() => document.querySelector('.yb-calc').dataset.resultJson.includes('200000.00')")
        request["inputs"]["total"] = 200000
        assert page.eval_on_selector(WIDGET, "el => el.dataset.resultJson") == cpython(request)
    finally:
        phone.context.set_offline(False)

    assert phone.foreign() == []
    assert phone.errors == []


def test_standalone_page_and_keyboard(calc_site, calc_phone):
    region, _path, scheme, level = region_with_inpatient(calc_site)
    phone = calc_phone
    page = phone.new_page()
    page.goto(phone.url("/calculator/"))
    picker = page.locator(f'{WIDGET} [name="region"]')
    picker.wait_for()
    page.wait_for_function(f"() => document.querySelector('{WIDGET} [name=region] option[value=\"{region['code']}\"]')")
    assert page.locator(f"{WIDGET} label[for='{picker.get_attribute('id')}']").count() == 1
    picker.select_option(region["code"])
    page.wait_for_selector(f'{WIDGET} [name="total"]')
    # every visible input has a label
    for inp in page.locator(f"{WIDGET} input, {WIDGET} select").all():
        if inp.is_visible():
            assert page.locator(f"label[for='{inp.get_attribute('id')}']").count() == 1

    # keyboard: the tabs move with the arrow keys, the form submits with Enter
    page.locator(f"{WIDGET} [role=tab][aria-selected=true]").focus()
    page.keyboard.press("ArrowRight")
    assert page.locator(f"{WIDGET} [role=tab][aria-selected=true]").inner_text() == "参保缴费"
    assert page.locator(f"{WIDGET} [role=tabpanel]:visible").get_attribute("id").endswith("panel-contribution")
    page.keyboard.press("ArrowLeft")
    field(page, "scheme").select_option(scheme)
    field(page, "visit").select_option("inpatient")
    field(page, "level").select_option(level)
    field(page, "total").fill("10000")
    field(page, "total").press("Enter")
    got = wait_done(page)
    request = {"kind": "reimbursement", "date": field(page, "date").input_value(), "params": region, "inputs": {
        "scheme": scheme, "visit": "inpatient", "level": level, "total": 10000, "self_pay": 0,
        "class_b_self_pay": 0, "admission": 1, "fund_paid_this_year": 0, "hardship": False,
        "cross_region": "none"}}
    assert got == cpython(request)
    check_shown(page, got)
    assert re.search(r"[?&]region=" + region["code"], page.url)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "standalone")

    # at 200% text the page still fits the phone's width
    page.add_style_tag(content="html { font-size: 200% !important; }")
    page.wait_for_timeout(200)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    shot(page, "standalone-200")
    assert phone.foreign() == []
    assert phone.errors == []


def test_save_data_waits_for_interaction(calc_site, calc_browser, calc_server):
    """With Save-Data on, scrolling the calculator into view downloads nothing; touching it does."""
    from tests.browser_support import PhoneContext

    _region, path, _scheme, _level = region_with_inpatient(calc_site)
    phone = PhoneContext(calc_browser, calc_server.origin)
    try:
        phone.context.add_init_script(
            "Object.defineProperty(navigator, 'connection', {get: () => ({saveData: true})});")
        page = phone.new_page()
        page.goto(phone.url(path))
        page.wait_for_selector(f'{WIDGET} [name="total"]')
        page.locator(WIDGET).scroll_into_view_if_needed()
        page.wait_for_timeout(1500)
        assert not any("/assets/pyodide/" in u for u in phone.requests)
        assert page.eval_on_selector(WIDGET, "el => el.dataset.stages") == "idle"
        field(page, "total").tap()
        page.wait_for_function("() => document.querySelector('.yb-calc').dataset.stages.includes('download')")
        page.wait_for_function("() => document.querySelector('.yb-calc').dataset.stages.includes('ready')",
                               timeout=90_000)
        assert phone.foreign() == []
    finally:
        phone.context.close()
