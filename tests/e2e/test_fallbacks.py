"""What a reader sees when the browser lacks an API the site can use (WeChat's XWeb/X5, old WebViews).

Each test removes one API with an init script before the page's own scripts run, opens the 南昌 page
on a phone and checks what is on the screen: no uncaught error and no console error, the guide's
tap-to-call numbers, the build-time worked examples, and either a working calculator (where the API
is only an extra: Cache Storage and CompressionStream give the warm start, a service worker offline
use, Intl.Segmenter search) or one sentence saying it cannot run here and what to do instead (module
workers, WebAssembly).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import SCREENSHOTS, Phone, unfold
from test_journeys import choose_region

import calc

CALC = ".yb-calc"
NANCHANG = "/regions/360100-nanchang/"
WECHAT_UA = (
    "Mozilla/5.0 (Linux; Android 12; V2055A Build/SP1A.210812.003; wv) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5061 "
    "MMWEBSDK/20230504 MMWEBID/2519 MicroMessenger/8.0.37.2380(0x2800253D) WeChat/arm64 "
    "Weixin NetType/4G Language/zh_CN ABI/arm64"
)
IN_APP_SENTENCE = "这个浏览器算不了，可以用上面算好的例子，或者点右上角用系统浏览器打开。"
BROWSER_SENTENCE = "这个浏览器算不了，可以用上面算好的例子，或者换用新版的浏览器打开。"

# Each removes one API the way an older browser lacks it. A browser without module workers
# ignores the options of `new Worker(url, {type: "module"})` and runs the file as a classic script.
REMOVE = {
    "module-workers": """(() => {
        const Native = window.Worker;
        function Worker(url) { return new Native(url); }
        Worker.prototype = Native.prototype;
        window.Worker = Worker;
    })();""",
    "webassembly": "delete window.WebAssembly;",
    "cache-storage": "delete window.caches;",
    "service-worker": "delete Navigator.prototype.serviceWorker;",
    "compression-streams": "delete window.CompressionStream; delete window.DecompressionStream;",
    "intl-segmenter": "delete Intl.Segmenter;",
}
# What the page can still check that the API is gone (a wrong removal would test nothing).
GONE = {
    "module-workers": "(() => { let read = false; try { new Worker('http://[', "
    "{get type() { read = true; throw 1; }}); } catch (e) {} return !read; })()",
    "webassembly": "typeof WebAssembly === 'undefined'",
    "cache-storage": "!('caches' in window)",
    "service-worker": "!('serviceWorker' in navigator)",
    "compression-streams": "typeof CompressionStream === 'undefined' "
    "&& typeof DecompressionStream === 'undefined'",
    "intl-segmenter": "typeof Intl.Segmenter === 'undefined'",
}
ALL_REMOVED = "\n".join([*REMOVE.values(), "delete window.Worker;"])
# Records the type (and snapshot flag) of each message the page posts to the calculator worker.
RECORD_POSTS = """(() => {
    window.__posted = [];
    const post = Worker.prototype.postMessage;
    Worker.prototype.postMessage = function (msg, ...rest) {
        window.__posted.push({type: msg && msg.type, snapshot: msg && msg.snapshot});
        return post.call(this, msg, ...rest);
    };
})();"""
CALCULATOR_CANNOT_RUN = {"module-workers", "webassembly"}


@pytest.fixture
def nanchang(site_dir: Path) -> dict:
    api = site_dir / "api" / "regions" / "360100.json"
    if not (site_dir / NANCHANG.strip("/") / "index.html").exists() or not api.exists():
        pytest.fail(f"the built site has no 南昌 page at {NANCHANG}", pytrace=False)
    return json.loads(api.read_text(encoding="utf-8"))


def phone_without(make_phone, script: str, **context) -> Phone:
    phone = make_phone(**context)
    phone.context.add_init_script(script)
    return phone


def check_guide(page: Page) -> None:
    """What needs no new API: the heading, tap-to-call numbers, the worked examples."""
    expect(page.get_by_role("heading", level=1)).to_contain_text("南昌")
    tel = page.locator('main a[href^="tel:"]')
    assert tel.count() >= 1, "no tap-to-call number on the page"
    for href in tel.evaluate_all("els => els.map(a => a.getAttribute('href'))"):
        assert re.fullmatch(r"tel:\+?[\d-]+", href), f"odd tel: link {href!r}"
    expect(tel.first).to_be_visible()
    unfold(page, "examples")
    examples = page.locator(".yb-calc__examples")
    expect(examples).to_be_visible()
    assert examples.locator("table.yb-examples tbody tr").count() >= 3


def check_cannot_run(page: Page, sentence: str) -> None:
    """The one sentence, after the worked examples; no form, no spinner."""
    unfold(page)
    root = page.locator(CALC).first
    root.scroll_into_view_if_needed()
    expect(root).to_have_attribute("data-state", "unavailable")
    note = root.locator(".yb-calc__unavailable")
    expect(note).to_have_text(sentence)
    assert root.locator("form, [role=progressbar], select, input").count() == 0
    assert root.get_attribute("aria-busy") == "false"
    below = page.evaluate("""() => {
        const ex = document.querySelector('.yb-calc__examples');
        const note = document.querySelector('.yb-calc__unavailable');
        return Boolean(ex.compareDocumentPosition(note) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    assert below, "the sentence says the examples are above it"


def estimate(page: Page, total: str = "50000") -> dict:
    unfold(page)
    root = page.locator(CALC).first
    root.scroll_into_view_if_needed()
    root.locator('[name="total"]').fill(total)
    root.get_by_role("button", name="计算", exact=True).click()
    expect(root).to_have_attribute("data-state", "done", timeout=180_000)
    return json.loads(root.get_attribute("data-result-json"))


def no_errors(phone: Phone) -> None:
    assert phone.errors == [], phone.errors
    assert phone.console_errors == [], phone.console_errors


@pytest.mark.parametrize("api", list(REMOVE))
def test_page_without_api(api: str, make_phone, nanchang: dict) -> None:
    phone = phone_without(make_phone, REMOVE[api])
    phone.context.add_init_script(RECORD_POSTS)
    page = phone.new_page()
    page.goto(phone.url(NANCHANG))
    assert page.evaluate(GONE[api]), f"the init script did not remove {api}"
    check_guide(page)
    if api in CALCULATOR_CANNOT_RUN:
        check_cannot_run(page, BROWSER_SENTENCE)
        page.wait_for_timeout(1000)
        assert not any("/assets/pyodide/" in u for u in phone.requests), "the runtime was fetched"
    else:
        got = estimate(page)
        assert got["ok"], got
        assert got["summary"]["total"] == "50000.00"
        request = {
            "kind": "reimbursement",
            "date": page.locator(f'{CALC} [name="date"]').input_value(),
            "params": nanchang,
            "inputs": {
                "scheme": "resident",
                "visit": "inpatient",
                "level": page.locator(f'{CALC} [name="level"]').input_value(),
                "total": 50000,
                "self_pay": 0,
                "class_b_self_pay": 0,
                "admission": 1,
                "fund_paid_this_year": 0,
                "hardship": False,
                "cross_region": "none",
            },
        }
        assert got == calc.run(request)
        root = page.locator(CALC).first
        calculator = ("boot", "run", "store-snapshot")  # the site search has a worker too
        posted = [m for m in page.evaluate("window.__posted") if m["type"] in calculator]
        assert posted[0] == {
            "type": "boot",
            "snapshot": api not in ("cache-storage", "compression-streams"),
        }
        if api in ("cache-storage", "compression-streams"):  # no warm start, silently
            assert "store-snapshot" not in [m["type"] for m in posted]
            assert root.get_attribute("data-boot") == "normal"
            assert root.get_attribute("data-snapshot") is None
        if api == "service-worker":  # no offline use: nothing registered
            assert not any(u.split("?")[0].endswith("/sw.js") for u in phone.requests)
    no_errors(phone)


def test_page_with_all_apis_removed(make_phone, nanchang: dict) -> None:
    """No module workers, no workers at all, no WebAssembly, no caches, no streams, no Segmenter."""
    phone = phone_without(make_phone, ALL_REMOVED)
    page = phone.new_page()
    page.goto(phone.url(NANCHANG))
    check_guide(page)
    check_cannot_run(page, BROWSER_SENTENCE)
    # the region picker on the home page still leads here
    home = phone.new_page()
    home.goto(phone.url("/"))
    choose_region(home, "江西省", "南昌市")
    assert home.url.split("?")[0].rstrip("/").endswith(NANCHANG.rstrip("/"))
    check_guide(home)
    assert not any("/assets/pyodide/" in u for u in phone.requests)
    no_errors(phone)


def test_wechat_browser(make_phone, nanchang: dict) -> None:
    """WeChat's built-in browser with every API: the calculator works as anywhere else."""
    phone = make_phone(user_agent=WECHAT_UA)
    page = phone.new_page()
    page.goto(phone.url(NANCHANG))
    assert "MicroMessenger" in page.evaluate("navigator.userAgent")
    check_guide(page)
    got = estimate(page, "30000")
    assert got["ok"] and got["summary"]["total"] == "30000.00", got
    no_errors(phone)


def test_wechat_browser_without_webassembly(make_phone, nanchang: dict) -> None:
    """In WeChat the sentence points to the ⋯ menu; a screenshot of the 南昌 page shows it."""
    phone = phone_without(make_phone, REMOVE["webassembly"], user_agent=WECHAT_UA)
    page = phone.new_page()
    page.goto(phone.url(NANCHANG))
    check_guide(page)
    check_cannot_run(page, IN_APP_SENTENCE)
    no_errors(phone)
    # the worked examples and the sentence below them, on the phone's screen
    page.locator("#calculator").scroll_into_view_if_needed()
    top = page.locator("#calculator").bounding_box()
    bottom = page.locator(f"{CALC} .yb-calc__unavailable").bounding_box()
    scroll = page.evaluate("window.scrollY")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOTS / "fallback-no-wasm.png"),
        full_page=True,
        clip={
            "x": 0,
            "y": scroll + top["y"] - 8,
            "width": 390,
            "height": bottom["y"] + bottom["height"] - top["y"] + 24,
        },
    )
