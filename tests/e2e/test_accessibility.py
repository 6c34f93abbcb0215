"""Accessibility in Chromium: axe-core on every page type, large text, the calculator by keyboard."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import Page, expect
from support import (
    OPTIONAL_PAGE_TYPES,
    REPO,
    REQUIRED_PAGE_TYPES,
    Phone,
    page_path,
    unfold,
)

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
PAGE_TYPES = REQUIRED_PAGE_TYPES + OPTIONAL_PAGE_TYPES


def settle(page: Page) -> None:
    """Wait until the page has loaded and its scripts have run once."""
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)


def run_axe(page: Page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail(
            f"{AXE} is missing: run `make setup` (npm ci installs axe-core).", pytrace=False
        )
    # evaluate, not a <script> tag: the page's Content-Security-Policy refuses inline scripts
    page.evaluate(AXE.read_text(encoding="utf-8"))
    return page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ["violations"]});
        return r.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                      summary: n.failureSummary}))}));
    }""")


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s))")
        lines.append(f"    {v['helpUrl']}")
        for n in v["nodes"][:6]:
            lines.append(f"    - {n['target']}")
            lines.append(f"      {n['html']}")
            for s in (n["summary"] or "").splitlines():
                lines.append(f"        {s}")
        if len(v["nodes"]) > 6:
            lines.append(f"    ... and {len(v['nodes']) - 6} more")
    return "\n".join(lines)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_axe_violations(page_type: str, scheme: str, site_pages, phone: Phone) -> None:
    """axe-core finds no serious or critical violation, in the light and the dark colour scheme."""
    path = page_path(site_pages, page_type)
    page = phone.new_page()
    page.emulate_media(color_scheme=scheme)
    page.goto(phone.url(path))
    settle(page)
    violations = run_axe(page)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, f"{path} ({scheme}): axe-core found\n" + describe(bad)


@pytest.mark.parametrize("page_type", PAGE_TYPES)
def test_no_sideways_scroll_at_200_percent_text(page_type: str, site_pages, phone: Phone) -> None:
    """With the browser's text size at 200% (as a reader with large fonts sets it), 390 px is enough."""
    path = page_path(site_pages, page_type)
    page = phone.new_page()
    cdp = phone.context.new_cdp_session(page)
    # Chromium's default sizes are 16 px (standard) and 13 px (fixed); a reader doubles them.
    cdp.send("Page.enable")
    cdp.send("Page.setFontSizes", {"fontSizes": {"standard": 32, "fixed": 26}})
    page.goto(phone.url(path))
    settle(page)
    root_px = page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")
    assert root_px >= 32, f"the text-size setting did not take effect (root font {root_px}px)"
    widths = page.evaluate("""() => {
        const d = document.documentElement;
        const wide = [];
        for (const el of document.body.querySelectorAll("*")) {
            const r = el.getBoundingClientRect();
            if (r.width && r.right > d.clientWidth + 1 && getComputedStyle(el).position !== "fixed") {
                let p = el.parentElement, clipped = false;
                while (p && p !== document.body) {
                    const o = getComputedStyle(p).overflowX;
                    if (o === "auto" || o === "scroll" || o === "hidden") { clipped = true; break; }
                    p = p.parentElement;
                }
                if (!clipped) wide.push(el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
                    (el.className && typeof el.className === "string" ?
                        "." + el.className.trim().split(/\\s+/).join(".") : "") +
                    " right=" + Math.round(r.right));
            }
        }
        return {scroll: d.scrollWidth, client: d.clientWidth, wide: wide.slice(0, 10)};
    }""")
    from support import screenshot

    screenshot(page, f"{page_type}-200pct-text", full_page=False)
    assert widths["scroll"] <= widths["client"], (
        f"{path} scrolls sideways at 200% text: scrollWidth {widths['scroll']} > clientWidth "
        f"{widths['client']}; too wide: {json.dumps(widths['wide'], ensure_ascii=False)}"
    )


def _region_page(site_pages, phone: Phone) -> Page:
    region = site_pages.region("city")
    if region is None:
        pytest.fail(
            "the built site has no region page with its JSON in api/regions/", pytrace=False
        )
    page = phone.new_page()
    page.goto(phone.url(region.path))
    settle(page)
    return page


def _focused(page: Page) -> dict:
    return page.evaluate("""() => { const el = document.activeElement;
        const label = el && el.id ? document.querySelector(`label[for="${el.id}"]`) : null;
        return {tag: el ? el.tagName.toLowerCase() : null, name: el ? el.getAttribute("name") : null,
                label: label ? label.textContent.trim() : null}; }""")


def test_calculator_by_keyboard_alone(site_pages, phone: Phone) -> None:
    """Tab reaches the total cost, typing and Enter give an estimate, with no mouse or touch."""
    page = _region_page(site_pages, phone)
    # A keyboard user skips the long page through its table of contents: Tab to the in-page link
    # to the calculator, Enter, then Tab on to the fields.
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("""() => { const a = document.activeElement;
                return a && a.tagName === "A" && (a.getAttribute("href") || "").startsWith("#")
                    && a.textContent.trim() === "费用估算"; }"""):
            page.keyboard.press("Enter")
            break
    # then Tab to the folded 自己算一算 and open it with Enter, as a keyboard user does
    for _ in range(600):
        page.keyboard.press("Tab")
        if page.evaluate("""() => { const s = document.activeElement;
                return s && s.tagName === "SUMMARY" && s.textContent.startsWith("自己算一算")
                    && !s.parentElement.open; }"""):
            page.keyboard.press("Enter")
        if (_focused(page)["label"] or "").startswith("总费用"):
            break
    else:
        pytest.fail("Tab never reached the calculator's 总费用 field")
    page.keyboard.type("50000")
    page.keyboard.press("Enter")
    root = page.locator(".yb-calc").first
    expect(root).to_have_attribute("data-state", "done", timeout=60_000)
    result = json.loads(root.get_attribute("data-result-json"))
    assert result["ok"], f"no estimate: {result}"
    live = root.locator("[aria-live], [role=status], [role=alert]").first
    expect(live).to_contain_text("估算完成")
    # The submit button is reachable too: Shift+Tab back from the total and Tab forward again
    # must never leave the page's focus order stuck.
    page.keyboard.press("Shift+Tab")
    assert _focused(page)["tag"] is not None


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("-5", "负数"),
        ("abc", "数字"),
        ("", "填写"),
        ("999999999999", "太大"),
    ],
)
def test_calculator_errors_are_announced(typed: str, words: str, site_pages, phone: Phone) -> None:
    """A wrong total is marked aria-invalid, explained beside the field and read out."""
    page = _region_page(site_pages, phone)
    unfold(page)
    root = page.locator(".yb-calc").first
    root.scroll_into_view_if_needed()  # the form loads as the calculator comes near
    field = root.get_by_label(re.compile("^总费用"))
    field.fill(typed)
    field.press("Enter")
    expect(field).to_have_attribute("aria-invalid", "true")
    described = (field.get_attribute("aria-describedby") or "").split()
    messages = [
        page.locator(f"#{i}").inner_text().strip()
        for i in described
        if page.locator(f"#{i}").count() and page.locator(f"#{i}").is_visible()
    ]
    message = next((m for m in messages if words in m), None)
    assert message, (
        f"typing {typed!r}: no visible message with {words!r} tied to the field "
        f"(aria-describedby gives {messages})"
    )
    announcer = root.locator("[aria-live], [role=alert], [role=status]")
    texts = [announcer.nth(i).inner_text() for i in range(announcer.count())]
    assert any(message in t for t in texts), (
        f"the message {message!r} is not in any live region: {texts}"
    )
    assert (
        page.evaluate("document.activeElement && document.activeElement.getAttribute('name')")
        == "total"
    ), "focus did not move to the field that needs fixing"
