"""A region page on a 390 × 844 phone and on paper.

The first screen answers the reader's three questions (what a year costs here, worked out; a
tap-to-call number; what a hospital stay gives back, or a sentence saying it is not known); the
page prints on at most two A4 pages with its hotline written out, its sources and its disclaimer.
"""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader
from support import Phone, screenshot

# The three pages the first screen is judged on: a city with its own rates (中山), a city with only
# inpatient rules (南昌) and a province with nothing local yet (安徽).
FIRST_SCREEN = {
    "zhongshan": "/regions/442000-zhongshan/",
    "nanchang": "/regions/360100-nanchang/",
    "anhui": "/regions/340000-anhui/",
}
PRINTED = "/regions/442000-zhongshan/"
A4_PAGES_AT_MOST = 2


def open_page(phone: Phone, path: str, site_dir) -> Page:
    if not (site_dir / path.strip("/") / "index.html").is_file():
        pytest.fail(f"the built site has no page {path}", pytrace=False)
    page = phone.new_page()
    page.goto(phone.url(path), wait_until="load")
    return page


def within_first_screen(page: Page, selector: str) -> bool:
    """True when the element is laid out entirely inside the first 844 px of the page."""
    box = page.locator(selector).first.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("pinyin", list(FIRST_SCREEN))
def test_first_screen_answers_the_three_questions(pinyin: str, phone: Phone, site_dir) -> None:
    """Cost worked out (or the national minimum, labelled), a tap-to-call number and the hospital
    stay (or the sentence saying it is unknown), all on the first screen of a phone."""
    page = open_page(phone, FIRST_SCREEN[pinyin], site_dir)
    answers = page.locator(".yb-answers")
    expect(answers).to_be_visible()
    path = screenshot(page, f"first-screen-{pinyin}", full_page=False)
    assert path.is_file()

    cost = ".yb-costs li, .yb-costs__minimum"
    assert re.search(
        r"每年 ?(不低于 )?[\d,]+(\.\d\d)? 元", answers.locator(cost).first.inner_text()
    )
    assert within_first_screen(page, cost), "the yearly cost is below the first screen"

    call = answers.locator('a.yb-call[href^="tel:"]')
    expect(call).to_be_visible()
    digits = re.sub(r"\D", "", call.inner_text())
    assert digits and call.get_attribute("href") == "tel:" + digits
    assert within_first_screen(page, 'a.yb-call[href^="tel:"]'), "the call button is off screen"

    stay = "#stay + table.yb-stay, #stay + p"
    stay_text = page.locator(stay).first.inner_text()
    assert re.search(r"报 [\d,]+ 元", stay_text) or "还不知道" in stay_text
    assert within_first_screen(page, stay), "the hospital-stay answer is below the first screen"


def test_a_folded_topic_opens_to_its_local_items_and_the_national_guide(
    phone: Phone, site_dir
) -> None:
    """中山's 异地就医备案: tapping the item shows 广东's and 中山's own ways and the guide's link."""
    page = open_page(phone, FIRST_SCREEN["zhongshan"], site_dir)
    item = page.locator("details#topic-remote-care-filing")
    expect(item.locator("ul.yb-diff")).to_be_hidden()
    item.locator("summary").click()
    expect(item.locator("ul.yb-diff")).to_contain_text("粤医保")
    expect(item.locator("ul.yb-diff")).to_contain_text("中山参保人到珠海住院")
    link = item.get_by_role("link", name=re.compile("全国通用的步骤和材料"))
    assert link.evaluate("a => a.href").endswith("/guides/remote-care-filing/?region=442000")
    screenshot(page, "region-topic-open", full_page=False)


# A CJK font may map a glyph back to a radical rather than the character (门 as ⻔): NFKC folds the
# Kangxi radicals, these simplified-form radicals from the supplement it leaves alone.
RADICALS = str.maketrans("⻔⺠⻅⻚⻓", "门民见页长")


def pdf_text(data: bytes) -> tuple[int, str]:
    """(number of pages, text) of a PDF, with radicals read back as the characters they stand for."""
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    return len(reader.pages), unicodedata.normalize("NFKC", text).translate(RADICALS)


def test_region_page_prints_its_essentials_on_two_a4_pages(make_phone, site_dir) -> None:
    """中山 printed to PDF by Chromium: ≤ 2 A4 pages, the hotline number written out, the local
    items, the sources and the disclaimer; no calculator form and no navigation."""
    printer = make_phone(viewport={"width": 1024, "height": 1400}, is_mobile=False)
    page = open_page(printer, PRINTED, site_dir)
    number = page.locator(".yb-answers a.yb-call").first.inner_text()
    number = re.sub(r"[^\d-]", "", number)
    assert number
    pages, text = pdf_text(page.pdf(format="A4"))
    assert pages <= A4_PAGES_AT_MOST, f"{PRINTED} prints on {pages} A4 pages"
    assert number in text, f"the hotline {number} is not in the printed text"
    assert "以当地医保部门最新政策为准" in text
    assert "来源" in text and "中山市" in text
    assert "粤医保" in text  # the folded local items print open
    for screen_only in ("总费用", "计算", "大字模式", "报告错误"):
        assert screen_only not in text, f"{screen_only!r} is printed"


def test_guide_prints_its_checklist_with_boxes(make_phone, site_dir, site_pages) -> None:
    """A guide on paper: the materials checklist keeps a box per item, tel: links show the number."""
    topic = site_pages.topic("异地就医")
    printer = make_phone(viewport={"width": 1024, "height": 1400}, is_mobile=False)
    page = open_page(printer, topic, site_dir)
    page.emulate_media(media="print")
    box = page.locator("ul.yb-checklist input[type=checkbox]").first
    style = box.evaluate(
        "el => { const s = getComputedStyle(el); "
        "return [s.display, s.borderTopStyle, parseFloat(s.width)]; }"
    )
    assert style[0] != "none" and style[1] == "solid" and style[2] > 0
    assert page.locator("header.md-header").evaluate("el => getComputedStyle(el).display") == "none"
    pages, text = pdf_text(page.pdf(format="A4"))
    assert pages >= 1 and "以当地医保部门最新政策为准" in text
    assert "12393" in text
