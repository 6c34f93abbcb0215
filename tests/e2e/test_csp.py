"""The Content-Security-Policy: on every page, and the site still works under it with no violation.

Every page carries one CSP <meta> that allows this site's own origin only (plus WebAssembly and the
theme's data: icons). The tests below read every built page, then use the calculator, search,
大字模式 and the service worker in Chromium while listening for `securitypolicyviolation` events
and console errors.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from support import Phone, page_path, screenshot, unfold

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "worker-src": ["'self'"],
    "child-src": ["'self'"],
    "manifest-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}
EXECUTABLE_TYPES = {"", "text/javascript", "application/javascript", "module"}

# Before any page script: remember every CSP violation the document reports.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__cspViolations.push(
    `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`);
});
"""


class PageScan(HTMLParser):
    """What a built page holds that the policy cares about."""

    def __init__(self) -> None:
        super().__init__()
        self.policies: list[str] = []
        self.before_policy: list[str] = []  # scripts and stylesheets met before the CSP meta
        self.inline_scripts: list[str] = []
        self.inline_styles: list[str] = []
        self.style_elements = 0
        self.handlers: list[str] = []
        self._in_script: dict | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and a.get("http-equiv", "").lower() == "content-security-policy":
            self.policies.append(a.get("content", ""))
        if not self.policies and (tag in ("script", "style") or a.get("rel") == "stylesheet"):
            self.before_policy.append(tag)
        if tag == "script" and "src" not in a and a.get("type", "").lower() in EXECUTABLE_TYPES:
            self._in_script = a
        if tag == "style":
            self.style_elements += 1
        if "style" in a:
            self.inline_styles.append(f"<{tag} style={a['style']!r}>")
        self.handlers += [f"<{tag} {k}>" for k in a if k.startswith("on")]

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and data.strip():
            self.inline_scripts.append(data.strip()[:80])

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def parse_policy(text: str) -> dict[str, list[str]]:
    out = {}
    for directive in filter(None, (d.strip() for d in text.split(";"))):
        name, *values = directive.split()
        out[name] = values
    return out


def scan(path: Path) -> PageScan:
    parser = PageScan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_the_policy_first_and_nothing_inline(site_dir: Path) -> None:
    """Each built page: one CSP meta before any script or stylesheet; no inline script or style."""
    pages = sorted(site_dir.rglob("*.html"))
    assert len(pages) > 50
    problems = []
    for page in pages:
        found = scan(page)
        rel = page.relative_to(site_dir).as_posix()
        if len(found.policies) != 1:
            problems.append(f"{rel}: {len(found.policies)} CSP meta elements")
            continue
        if parse_policy(found.policies[0]) != POLICY:
            problems.append(f"{rel}: policy is {found.policies[0]!r}")
        for what, items in (
            ("scripts or stylesheets before the CSP meta", found.before_policy),
            ("inline scripts", found.inline_scripts),
            ("style attributes", found.inline_styles),
            ("event handler attributes", found.handlers),
        ):
            if items:
                problems.append(f"{rel}: {what}: {items[:3]}")
        if found.style_elements:
            problems.append(f"{rel}: {found.style_elements} <style> elements")
    assert problems == []


@pytest.fixture
def csp_phone(make_phone) -> Phone:
    """A phone (service workers allowed) whose pages record every CSP violation."""
    phone = make_phone()
    phone.context.add_init_script(RECORD_VIOLATIONS)
    return phone


def violations(page: Page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def assert_clean(phone: Phone, *pages: Page) -> None:
    """No CSP violation event and no console error on any of the pages."""
    seen = [v for p in pages for v in violations(p)]
    refused = [m for m in phone.console_errors if "Content Security Policy" in m]
    assert seen == [] and refused == [], seen + refused
    assert phone.console_errors == []


def estimate(page: Page) -> None:
    """Fill the calculator's total, press 计算, wait for its estimate."""
    root = page.locator(".yb-calc").first
    root.scroll_into_view_if_needed()
    root.get_by_label(re.compile("^总费用")).first.fill("30000")
    root.get_by_role("button", name="计算", exact=True).first.click()
    expect(root).to_have_attribute("data-state", "done", timeout=90_000)
    expect(root.locator(".yb-calc__result")).to_contain_text("元")


def test_calculator_and_service_worker_work_under_the_policy(site_pages, csp_phone: Phone) -> None:
    """A region page's calculator gives an estimate; the service worker takes control; no violation."""
    region = site_pages.region("city")
    assert region is not None
    page = csp_phone.new_page()
    page.goto(csp_phone.url(region.path))
    unfold(page)
    estimate(page)
    page.wait_for_function(
        "() => navigator.serviceWorker && navigator.serviceWorker.controller", timeout=60_000
    )
    page.reload(wait_until="load")
    estimate(page)
    screenshot(page, "csp-region", full_page=False)
    assert_clean(csp_phone, page)


def open_search(page: Page, query: str):
    """Type `query` into the site search the way a reader does; the result links."""
    box = page.locator("input[name=query], input[type=search]").first
    if not box.is_visible():
        page.locator('label[for="__search"], button[aria-label*="搜索"]').first.click()
    expect(box).to_be_visible()
    box.fill(query)
    box.press("End")
    return page.locator(
        ".md-search-result__item a, a.md-search-result__link, .pagefind-ui__result-link, "
        "[data-search-results] a"
    )


def test_search_works_under_the_policy(site_pages, csp_phone: Phone) -> None:
    """Searching 异地就医 lists results (the search worker runs); no violation."""
    page = csp_phone.new_page()
    page.goto(csp_phone.url("/"))
    hits = open_search(page, "异地就医")
    expect(hits.first).to_be_visible(timeout=30_000)
    assert any("异地" in t for t in hits.all_inner_texts())
    assert_clean(csp_phone, page)


def test_large_text_and_colour_scheme_work_under_the_policy(site_pages, csp_phone: Phone) -> None:
    """大字模式 and the colour scheme the reader chose apply before paint after a reload."""
    page = csp_phone.new_page()
    page.goto(csp_phone.url(page_path(site_pages, "topic")))
    assert page.evaluate("document.documentElement.classList.contains('js')")
    page.get_by_role("button", name="大字模式").click()
    page.locator("label[for^='__palette_']:visible").first.click()  # the next colour scheme
    scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.reload(wait_until="domcontentloaded")
    assert page.evaluate("document.documentElement.classList.contains('yb-large')")
    assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == scheme
    assert page.evaluate("typeof __md_get === 'function' && __md_scope.pathname") == "/"
    assert_clean(csp_phone, page)


def test_the_policy_is_enforced(site_pages, csp_phone: Phone) -> None:
    """An inline script injected into a page is refused and reported: the policy is in force."""
    page = csp_phone.new_page()
    page.goto(csp_phone.url("/"))
    ran = page.evaluate("""() => {
        window.__ran = false;
        const s = document.createElement("script");
        s.textContent = "window.__ran = true";
        document.body.append(s);
        return window.__ran;
    }""")
    assert ran is False
    page.wait_for_function("window.__cspViolations.length > 0")
    assert violations(page)[0].startswith("script-src-elem blocked inline")
    csp_phone.console_errors.clear()  # the refusal above is logged on purpose
