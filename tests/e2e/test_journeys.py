"""What a reader does on a phone: find their city, call, estimate, share, go offline, search."""

from __future__ import annotations

import json
import re
import urllib.parse

import pytest
from playwright.sync_api import Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from support import Phone, screenshot, unfold

# A phone number as a page shows it: 12393, 0755-88366831, 020 12345678, 400-123-4567 ...
PHONE_TEXT = re.compile(r"^\s*\(?\d{3,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\s*$|^\s*123\d\d\s*$")
CALC = ".yb-calc"
# Records what the page posts to the calculator worker (the request the widget built).
RECORD_WORKER = """
(() => {
  window.__posted = [];
  const post = Worker.prototype.postMessage;
  Worker.prototype.postMessage = function (msg, ...rest) {
    try { window.__posted.push(JSON.parse(JSON.stringify(msg))); } catch (e) {}
    return post.call(this, msg, ...rest);
  };
})();
"""


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def choose_region(page: Page, province: str, city: str) -> None:
    """Pick a province, then a city, the way a reader would: by select boxes or by links."""
    province_select = page.get_by_label(re.compile("省"), exact=False).and_(
        page.get_by_role("combobox")
    )
    if province_select.count():
        option = province_select.first.locator("option", has_text=province)
        expect(option.first).to_be_attached()
        province_select.first.select_option(value=option.first.get_attribute("value"))
        city_select = page.get_by_label(re.compile("市|城市|地区"), exact=False).and_(
            page.get_by_role("combobox")
        )
        expect(city_select.first).to_be_enabled()
        options = city_select.first.locator("option")
        expect(options.filter(has_text=city).first).to_be_attached()
        value = next(
            o.get_attribute("value") for o in options.all() if o.inner_text().strip() == city
        )
        start = page.url
        city_select.first.select_option(value=value)
        try:
            page.wait_for_url(lambda u: u != start, timeout=3_000)
        except PlaywrightTimeout:
            go = page.get_by_role("button", name=re.compile("查看|前往|打开|进入|去|确定")).or_(
                page.get_by_role("link", name=re.compile("查看|前往|打开|进入"))
            )
            with page.expect_navigation(wait_until="load"):
                go.first.click()
        page.wait_for_load_state("load")
        return
    page.get_by_role("link", name=re.compile(re.escape(province))).first.click()
    page.wait_for_load_state("load")
    page.get_by_role("link", name=re.compile(re.escape(city))).first.click()
    page.wait_for_load_state("load")


def fill_and_estimate(page: Page, total: str = "50000") -> dict:
    """Fill the reimbursement form's total, press 计算 and return the result JSON the widget shows."""
    root = page.locator(CALC).first
    root.scroll_into_view_if_needed()
    field = root.get_by_label(re.compile("^总费用"))
    expect(field).to_be_visible()
    field.fill(total)
    root.get_by_role("button", name="计算", exact=True).click()
    expect(root).to_have_attribute("data-state", "done", timeout=60_000)
    return json.loads(root.get_attribute("data-result-json"))


def form_state(page: Page) -> dict:
    """Every visible field of the calculator: name -> value (checkboxes as booleans)."""
    return page.locator(CALC).first.evaluate("""root => {
        const out = {};
        for (const el of root.querySelectorAll("input[name], select[name]")) {
            if (el.closest("[hidden]")) continue;
            out[el.name] = el.type === "checkbox" ? el.checked : el.value;
        }
        return out;
    }""")


def shown_summary(page: Page) -> dict:
    return page.locator(CALC).first.evaluate("""root => Object.fromEntries(
        [...root.querySelectorAll("[data-key]")].map(d => [d.dataset.key,
            d.querySelector(".yb-sum__amount").textContent.trim()]))""")


def cpython(request: dict) -> str:
    import calc

    return json.dumps(calc.run(request), ensure_ascii=False, sort_keys=True)


def wait_offline_ready(page: Page) -> None:
    """Wait until the service worker controls the page and has cached the calculator's runtime."""
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=30_000
    )
    page.wait_for_function(
        """async () => {
        const m = await (await fetch("/assets/pyodide/manifest.json")).json();
        let have = 0;
        for (const name of await caches.keys()) {
            const cache = await caches.open(name);
            for (const f of m.precache) {
                const url = new URL("/assets/pyodide/" + f, location.origin);
                if (await cache.match(url, {ignoreSearch: true})) have++;
            }
        }
        return have >= m.precache.length;
    }""",
        timeout=60_000,
        polling=500,
    )


@pytest.fixture
def region(site_pages):
    r = site_pages.region("city")
    if r is None:
        pytest.fail(
            "the built site has no region page with its JSON in api/regions/", pytrace=False
        )
    return r


def test_home_to_region_and_hotlines(site_pages, region, phone: Phone) -> None:
    """Home → province → city lands on the region page, whose hotlines are tel: links."""
    data = region.data()
    province_code = next(
        (c for c in data.get("parents", []) if c.endswith("0000") and c != "100000"), None
    )
    assert province_code, f"{region.code} has no province among its parents {data.get('parents')}"
    province = json.loads(
        (site_pages.site / "api" / "regions" / f"{province_code}.json").read_text(encoding="utf-8")
    )["name"]
    page = phone.new_page()
    page.goto(phone.url("/"))
    screenshot(page, "home")
    choose_region(page, province, data["name"])
    assert urllib.parse.urlsplit(page.url).path == region.path, (
        f"choosing {province} then {data['name']} led to {page.url}, not {region.path}"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        data.get("short_name") or data["name"]
    )

    tel = page.locator('a[href^="tel:"]')
    assert tel.count() >= 1, f"{region.path} has no tel: link"
    for i in range(tel.count()):
        link = tel.nth(i)
        href = link.get_attribute("href")
        assert re.fullmatch(r"tel:\+?[\d-]+", href), f"odd tel: link {href!r}"
        text = link.inner_text()
        if digits(text):
            assert digits(href).endswith(digits(text)[-7:]), f"{href!r} does not dial {text!r}"
    # Every number shown as a link-looking phone number on the page must be dialable.
    bare = page.evaluate("""() => [...document.querySelectorAll("main td, main li, main p, main dd")]
        .filter(el => !el.querySelector('a[href^="tel:"]') && !el.closest('.yb-calc'))
        .map(el => el.textContent.trim())""")
    undialable = [t for t in bare if PHONE_TEXT.match(t)]
    assert not undialable, f"phone numbers shown without a tel: link: {undialable}"
    screenshot(page, "region")


def test_calculator_matches_cpython_and_share_link(make_phone, region, phone: Phone) -> None:
    """The region page's calculator gives CPython's answer; its share link reopens it exactly."""
    phone.context.add_init_script(RECORD_WORKER)
    page = phone.new_page()
    page.goto(phone.url(region.path))
    unfold(page)
    shown = fill_and_estimate(page, "50000")
    screenshot(page, "calculator", selector=CALC)

    posted = [m for m in page.evaluate("window.__posted") if m.get("type") == "run"]
    assert posted, "the page never sent a request to the calculator worker"
    sent = json.loads(posted[-1]["request"])
    state = form_state(page)
    site_json = region.data()
    assert sent["params"] == site_json, "the page did not compute with the region's published JSON"
    assert sent["inputs"]["total"] == 50000
    assert sent["date"] == state["date"]
    # The same request, built here from the published JSON and the form's visible inputs.
    request = {
        "kind": "reimbursement",
        "date": state["date"],
        "params": site_json,
        "inputs": sent["inputs"],
    }
    for name in ("scheme", "visit", "level", "cross_region"):
        if name in state:
            assert sent["inputs"].get(name) == state[name], (
                f"{name}: form {state[name]!r}, sent {sent['inputs'].get(name)!r}"
            )
    expected = cpython(request)
    assert json.dumps(shown, ensure_ascii=False, sort_keys=True) == expected
    assert shown["ok"], f"the estimate failed: {shown}"
    summary = shown_summary(page)
    assert summary, "the result shows no summary figures"
    for key, value in summary.items():
        shown_value = value.replace(",", "")  # thousands separators on screen
        assert shown_value == json.loads(expected)["summary"][key], f"{key} shows {value}"

    # Share: the link carries the inputs; a fresh phone opening it sees the same inputs and result.
    page.locator(CALC).first.get_by_role("button", name=re.compile("分享")).click()
    share_url = page.locator(CALC).first.get_attribute("data-share-url")
    assert share_url and "total=50000" in share_url, f"share link {share_url!r}"
    other = make_phone()
    reopened = other.new_page()
    reopened.goto(share_url)
    root = reopened.locator(CALC).first
    expect(root).to_have_attribute("data-state", "done", timeout=60_000)
    assert form_state(reopened) == state
    assert root.get_attribute("data-result-json") == page.locator(CALC).first.get_attribute(
        "data-result-json"
    )
    assert shown_summary(reopened) == summary


def test_calculator_works_offline_after_first_use(server, region, phone: Phone) -> None:
    """After one estimate, a reload with the network cut still computes, from the service worker."""
    page = phone.new_page()
    page.goto(phone.url(region.path))
    unfold(page)
    first = fill_and_estimate(page, "20000")
    wait_offline_ready(page)
    server.offline = True
    phone.context.set_offline(True)
    try:
        page.reload(wait_until="load")
        root = page.locator(CALC).first
        # The URL kept the inputs, so the page recomputes by itself; if not, ask it to.
        try:
            expect(root).to_have_attribute("data-state", "done", timeout=20_000)
        except AssertionError:
            root.get_by_role("button", name="计算", exact=True).click()
            expect(root).to_have_attribute("data-state", "done", timeout=30_000)
        again = json.loads(root.get_attribute("data-result-json"))
        field = root.get_by_label(re.compile("^总费用"))
        field.fill("30000")
        root.get_by_role("button", name="计算", exact=True).click()
        expect(root.locator(".yb-calc__result h3")).to_contain_text("30,000", timeout=30_000)
        third = json.loads(root.get_attribute("data-result-json"))
    finally:
        server.offline = False
        phone.context.set_offline(False)
    assert again == first
    assert third["ok"] and third["summary"]["total"] in ("30000", "30000.00")


def test_search_to_the_guide(site_pages, phone: Phone) -> None:
    """From the home page: the magnifier, 异地就医 typed in Chinese, a tap on the first result."""
    topic = site_pages.topic("异地就医")
    assert topic, f"no topic page titled with 异地就医 in {site_pages.topics}"
    page = phone.new_page()
    page.goto(phone.url("/"))
    page.locator("label[data-yb-search-open]").click()
    box = page.locator("#yb-search-input")
    expect(box).to_be_focused()
    box.fill("异地就医")  # an input event, as a phone keyboard commits the words
    hits = page.locator("#yb-search-results a")
    expect(hits.first).to_be_visible(timeout=30_000)
    screenshot(page, "search", full_page=False)
    with page.expect_navigation():
        hits.first.click()
    assert urllib.parse.urlsplit(page.url).path == topic, f"the first result led to {page.url}"
    expect(page.get_by_role("heading", level=1)).to_contain_text("异地就医")
    screenshot(page, "topic")


def test_topic_guide_shows_the_region_chosen_on_the_home_page(phone: Phone, site_dir) -> None:
    """Home → 广东省 → 中山市, then the 异地就医备案 guide: it shows 中山's differences above the
    national steps, keeps the region in its address, and the national steps are all still there."""
    if not (site_dir / "api" / "local" / "442000.json").is_file():
        pytest.fail("site/api/local/442000.json is missing: run `make site`", pytrace=False)
    page = phone.new_page()
    page.goto(phone.url("/"))
    choose_region(page, "广东省", "中山市")
    assert "/regions/442000-zhongshan/" in page.url
    page.goto(phone.url("/guides/remote-care-filing/"))
    here = page.locator("#yb-here")
    expect(here.get_by_role("heading", name="中山市的不同之处")).to_be_visible()
    expect(here).to_contain_text("粤医保")  # 广东's own way, which 中山 inherits
    expect(here).to_contain_text("中山参保人到珠海住院")  # 中山's own
    expect(here.locator('a[href^="tel:"]').first).to_be_visible()
    page.wait_for_url(re.compile(r"[?&]region=442000"))
    steps = page.locator("#steps + ol > li")
    assert steps.count() >= 3, "the national steps are no longer on the guide"
    screenshot(page, "topic-with-region", full_page=False)

    # Another region's own item is labelled as an example on the national guide, never bare.
    example = page.locator(".yb-eg", has_text="例如广东").first
    expect(example).to_be_attached()

    # A guide opened from a shared link, on a phone that never chose a region, shows the same.
    page.evaluate("localStorage.clear()")
    page.goto(phone.url("/guides/family-sharing/?region=320000"))
    expect(page.locator("#yb-here")).to_contain_text("江苏医保云")


def test_topic_guide_without_a_region_is_the_national_guide(phone: Phone) -> None:
    """With nothing chosen the guide fetches nothing local and invites the reader to choose."""
    page = phone.new_page()
    page.goto(phone.url("/guides/family-sharing/"))
    expect(page.locator("#yb-here")).to_contain_text("选择您所在的地区")
    assert not [u for u in phone.requests if "/api/local/" in u]
