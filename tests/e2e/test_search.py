"""Search on a phone: nothing downloaded until it is used, Chinese input methods, ranking, old browsers."""

from __future__ import annotations

import re
import urllib.parse

import pytest
from playwright.sync_api import Page, expect
from support import Phone, page_path, screenshot
from test_accessibility import describe, run_axe

BOX = "#yb-search-input"
STATUS = "#yb-search-status"
HITS = "#yb-search-results a"
# What only the search box should ever fetch: its own modules and styles, its index.
SEARCH_FILES = re.compile(r"^/search/|^/javascripts/search/(?!boot\.js)")
SHARD_OR_PAGE = re.compile(r"/search/[0-9a-f]+/[kp]\d+\.json$")
# What an input method does while the reader types yi di jiu yi bei an and picks the words.
IME_STEPS = ["y", "yi", "yi'd", "yi'di", "yi'di'jiu'yi", "yi'di'jiu'yi'bei'an"]


def search_requests(phone: Phone) -> list[str]:
    return [u for u in phone.requests if SEARCH_FILES.search(urllib.parse.urlsplit(u).path)]


def open_search(page: Page) -> None:
    """Tap the magnifier in the header, as a reader on a phone does."""
    page.locator("label[data-yb-search-open]").click()
    expect(page.locator(BOX)).to_be_focused()


def compose(page: Page, steps: list[str], text: str) -> None:
    """Type `text` through an input method: composition events with the pinyin shown meanwhile
    (each with an `input` event marked isComposing, as Chromium sends), then the chosen words."""
    page.locator(BOX).evaluate(
        """(box, [steps, text]) => {
        const start = box.value;
        box.dispatchEvent(new KeyboardEvent("keydown", {key: "Process", keyCode: 229, bubbles: true}));
        box.dispatchEvent(new CompositionEvent("compositionstart", {data: "", bubbles: true}));
        for (const s of steps) {
            box.value = start + s;
            box.dispatchEvent(new CompositionEvent("compositionupdate", {data: s, bubbles: true}));
            box.dispatchEvent(new InputEvent("input", {data: s, isComposing: true,
                inputType: "insertCompositionText", bubbles: true}));
        }
        box.value = start + text;
        box.dispatchEvent(new CompositionEvent("compositionupdate", {data: text, bubbles: true}));
        box.dispatchEvent(new InputEvent("input", {data: text, isComposing: true,
            inputType: "insertCompositionText", bubbles: true}));
        box.dispatchEvent(new CompositionEvent("compositionend", {data: text, bubbles: true}));
    }""",
        [steps, text],
    )


def result_paths(page: Page) -> list[str]:
    expect(page.locator(STATUS)).to_contain_text(re.compile("找到|没有找到"), timeout=30_000)
    return [
        urllib.parse.urlsplit(h).path
        for h in page.locator(HITS).evaluate_all("els => els.map(e => e.href)")
    ]


def topic_path(site_pages, words: str) -> str:
    path = site_pages.topic(words)
    assert path, f"no guide page titled with {words} in {site_pages.topics}"
    return path


@pytest.mark.parametrize("page_type", ["home", "region", "topic"])
def test_nothing_is_fetched_for_search_before_it_is_used(
    page_type: str, site_pages, phone: Phone
) -> None:
    """A page opens without the search code or index; reaching for the box loads the code, typing
    loads the parts of the index the words need."""
    page = phone.new_page()
    page.goto(phone.url(page_path(site_pages, page_type)))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(1_000)  # idle-time work (glossary terms) has run
    assert phone.requests, "the recorder saw no request at all"
    assert not search_requests(phone), (
        f"opening {page_type} fetched search files: {search_requests(phone)}"
    )
    open_search(page)
    expect(page.locator(STATUS)).not_to_contain_text("正在载入", timeout=30_000)
    fetched = search_requests(phone)
    assert any(u.endswith("/search/index.json") for u in fetched), (
        f"using the search box fetched {fetched}, not the search code and index description"
    )
    assert not [u for u in fetched if SHARD_OR_PAGE.search(u)], (
        "parts of the index were fetched before anything was typed"
    )


def test_input_method_finds_the_remote_care_guide_first(site_pages, phone: Phone) -> None:
    """Pinyin typed through an input method searches nothing; the chosen words find the guide first."""
    guide = topic_path(site_pages, "异地就医备案")
    page = phone.new_page()
    page.goto(phone.url("/"))
    open_search(page)
    expect(page.locator(STATUS)).not_to_contain_text("正在载入", timeout=30_000)
    index_before = [u for u in search_requests(phone) if SHARD_OR_PAGE.search(u)]

    page.locator(BOX).evaluate(
        """(box, steps) => {
        box.dispatchEvent(new CompositionEvent("compositionstart", {data: "", bubbles: true}));
        for (const s of steps) {
            box.value = s;
            box.dispatchEvent(new CompositionEvent("compositionupdate", {data: s, bubbles: true}));
            box.dispatchEvent(new InputEvent("input", {data: s, isComposing: true,
                inputType: "insertCompositionText", bubbles: true}));
        }
    }""",
        IME_STEPS,
    )
    page.wait_for_timeout(800)  # longer than the pause the box waits before searching
    assert page.locator(HITS).count() == 0, "the box searched the pinyin letters of a composition"
    assert [u for u in search_requests(phone) if SHARD_OR_PAGE.search(u)] == index_before

    page.locator(BOX).evaluate(
        """box => {
        box.value = "异地就医备案";
        box.dispatchEvent(new CompositionEvent("compositionend", {data: "异地就医备案", bubbles: true}));
    }"""
    )
    paths = result_paths(page)
    screenshot(page, "search-ime", full_page=False)
    assert paths, "typing 异地就医备案 through an input method found nothing"
    assert paths[0] == guide, f"the first result is {paths[0]}, not the guide {guide}: {paths}"
    assert "缺少" not in page.locator("#yb-search-results").inner_text()


@pytest.mark.parametrize(
    ("query", "words"), [("家庭共济", "家庭共济"), ("异地就医", "异地就医备案")]
)
def test_a_topic_word_finds_its_national_guide_first(
    query: str, words: str, site_pages, phone: Phone
) -> None:
    """The guide comes before the region pages that mention the same words."""
    guide = topic_path(site_pages, words)
    page = phone.new_page()
    page.goto(phone.url("/"))
    open_search(page)
    compose(page, ["j"], query)
    paths = result_paths(page)
    assert paths and paths[0] == guide, f"searching {query} listed {paths}, not {guide} first"
    text = page.locator("#yb-search-results").inner_text()
    assert "缺少" not in text and query in text


def test_search_by_keyboard_and_announced(site_pages, phone: Phone) -> None:
    """The count is in a live region; ArrowDown enters the results, Enter opens one, Escape closes."""
    guide = topic_path(site_pages, "家庭共济")
    page = phone.new_page()
    page.goto(phone.url(page_path(site_pages, "topic")))
    box = page.locator(BOX)
    expect(box).to_have_accessible_name("搜索本站")
    box.focus()  # a keyboard or screen reader reaches the box without the magnifier
    expect(page.locator("#__search")).to_be_checked()
    page.keyboard.insert_text("家庭共济")
    status = page.locator(STATUS)
    expect(status).to_have_attribute("role", "status")
    expect(status).to_contain_text(re.compile(r"找到 \d+ 个页面"), timeout=30_000)
    violations = run_axe(page)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, "axe-core on the open search with results:\n" + describe(bad)
    box.press("ArrowDown")
    first = page.locator(HITS).first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.locator(HITS).nth(1)).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(first).to_be_focused()
    page.keyboard.press("Escape")
    expect(page.locator("#__search")).not_to_be_checked()
    box.focus()
    box.press("ArrowDown")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert urllib.parse.urlsplit(page.url).path == guide


@pytest.mark.parametrize(
    ("missing", "remove"),
    [
        ("WebAssembly", "delete window.WebAssembly;"),
        ("Intl.Segmenter", "delete Intl.Segmenter;"),
    ],
)
def test_search_works_without(missing: str, remove: str, site_pages, make_phone) -> None:
    """Older in-app browsers lack WebAssembly or Intl.Segmenter: search needs neither."""
    guide = topic_path(site_pages, "异地就医备案")
    phone = make_phone()
    phone.context.add_init_script(remove)
    page = phone.new_page()
    page.goto(phone.url("/"))
    assert page.evaluate(
        "() => typeof WebAssembly === 'undefined' || typeof Intl.Segmenter === 'undefined'"
    ), f"{missing} is still there: the test would prove nothing"
    open_search(page)
    compose(page, ["yi'di"], "异地就医备案")
    paths = result_paths(page)
    screenshot(page, f"search-without-{missing}", full_page=False)
    assert paths and paths[0] == guide, f"without {missing}, 异地就医备案 listed {paths}"
    assert not phone.errors
