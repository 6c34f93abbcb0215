"""大字模式 and glossary terms in the built site: the switch survives reloads, pages fit a phone."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import SCREENSHOTS

pytest.importorskip("playwright")

PAGES = [
    "compare/",
    "status/",
    "en/",
    "glossary/",
    "faq/",
    "compare/changes/",
    "",
    "regions/440300-shenzhen/",
    "guides/resident-enrolment/",
    "calculator/",
]


@pytest.fixture
def phone(make_phone):
    """A phone without service workers: these pages are checked as first loads."""
    return make_phone(service_workers="block")


def _root_px(page) -> float:
    return page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")


def _sideways(page) -> int:
    """How far the page scrolls sideways (0 when it fits the screen)."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_switch_enlarges_text_and_survives_reload(phone):
    """Clicking 大字模式 enlarges the root font, sets aria-pressed, and stays on after a reload."""
    page = phone.new_page()
    page.goto(phone.url("compare/"))
    button = page.get_by_role("button", name="大字模式")
    assert button.get_attribute("aria-pressed") == "false"
    before = _root_px(page)
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    after = _root_px(page)
    assert 1.2 <= after / before <= 1.5
    page.reload()
    button = page.get_by_role("button", name="大字模式")
    assert button.get_attribute("aria-pressed") == "true"
    assert page.evaluate("document.documentElement.classList.contains('yb-large')")
    assert _root_px(page) == after
    # another page of the site remembers it too
    page.goto(phone.url("en/"))
    assert page.evaluate("document.documentElement.classList.contains('yb-large')")
    # and it turns off again, also after a reload
    page.get_by_role("button", name="大字模式").click()
    page.reload()
    assert page.get_by_role("button", name="大字模式").get_attribute("aria-pressed") == "false"
    assert _root_px(page) == before
    assert not phone.errors and not phone.foreign_requests()


def test_switch_works_from_the_keyboard(phone):
    """The switch is a real button: Tab reaches it, Enter and Space toggle it."""
    page = phone.new_page()
    page.goto(phone.url("status/"))
    button = page.get_by_role("button", name="大字模式")
    button.focus()
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-pressed") == "true"
    page.keyboard.press("Space")
    assert button.get_attribute("aria-pressed") == "false"
    box = button.bounding_box()
    assert box and box["height"] >= 40  # a comfortable tap target (CSS px)


@pytest.mark.parametrize("path", PAGES)
def test_no_sideways_scroll_at_390_px_with_large_text(phone, path):
    """With large text on, a 390 px wide phone never scrolls the page sideways."""
    page = phone.new_page()
    page.goto(phone.url(path))
    page.get_by_role("button", name="大字模式").click()
    page.wait_for_timeout(100)
    assert _sideways(page) <= 0, f"{path} scrolls sideways by {_sideways(page)} px"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    name = path.strip("/").replace("/", "-") or "home"
    page.screenshot(path=str(SCREENSHOTS / f"large-text-{name}.png"))


def test_glossary_term_shows_definition_on_tap(phone):
    """A glossary term inside Chinese text is focusable and shows its definition when tapped."""
    page = phone.new_page()
    page.goto(phone.url("faq/"))
    term = page.locator("article abbr.yb-term").first
    term.wait_for()
    assert term.get_attribute("tabindex") == "0"
    term.tap()
    tip = page.locator("#yb-term-tip")
    assert tip.is_visible()
    definition = term.get_attribute("data-definition")
    assert definition and definition in tip.inner_text()
    assert term.get_attribute("aria-describedby") == "yb-term-tip"
    page.keyboard.press("Escape")
    assert not tip.is_visible()
    assert not phone.errors


def test_pages_exist_with_their_structure(phone, site_dir: Path):
    """The English page is English, the comparison has tables, the status page edit links."""
    page = phone.new_page()
    page.goto(phone.url("en/"))
    assert (
        page.locator("div[lang=en] h1")
        .inner_text()
        .startswith("Medical insurance for foreign residents")
    )
    assert page.locator("a[href='tel:12393']").count() >= 1
    page.goto(phone.url("compare/"))
    assert page.locator("article table").count() >= 3
    page.goto(phone.url("status/"))
    assert page.locator("a[href*='/edit/main/data/']").count() >= 1
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="en/"' in home, "the home page must link to the English page"
