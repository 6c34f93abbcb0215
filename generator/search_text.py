"""The text a built page contributes to search: its own words only, in sections under its headings.

The theme marks each page's own content with `data-search-body` (generator/theme/partials/
content.html; the header, navigation, edit button and footer are outside it). Inside it, what is not
the page's own is left out: heading anchors (¶), source markers and grade badges, breadcrumbs and
lists of links to other pages, the calculator form, the disclaimer every page repeats, source lists,
help and edit links; any element can also opt out with `data-search-ignore`, and a heading with
`data-search-exclude` (or `data-search-ignore`) leaves out its whole section.

The site's HTML comes from Markdown and templates, so it is well formed: a tag scanner with a stack
is enough, and several times faster than html.parser on 3,000 pages.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

__all__ = ["IGNORED_CLASSES", "Page", "Section", "page_text"]

# An element is left out when its class list holds all the classes of one of these entries.
IGNORED_CLASSES: tuple[frozenset[str], ...] = tuple(
    frozenset(c.split())
    for c in (
        "headerlink",  # ¶ after each heading
        "yb-src",  # [1] source markers
        "yb-src-meta",
        "yb-grade",  # A 级 / 待核实 badges
        "yb-crumbs",  # 各地指南 › 全国 › 广东省 (navigation)
        "yb-jump",  # in-page contents
        "yb-children",  # links to a region's districts
        "yb-same",  # links to the national guides a region follows unchanged
        "yb-same__intro",
        "yb-topic__links",  # 全国通用的步骤和材料：<guide>
        "yb-topic__count",  # 本地不同 4 处
        "yb-stay__more",  # 更多例子、自己算：见费用估算
        "yb-topic-links",
        "yb-region-list",  # the home page's list of every region (navigation)
        "yb-picker",  # the region picker form
        "yb-cards",  # cards linking to the guides (their summaries are on the guides)
        "yb-here",  # the guides' "choose your region" box
        "yb-calc",  # the calculator form
        "yb-facts",  # the detailed list of figures (the answers above say them)
        "yb-how",  # the arithmetic behind an answer
        "yb-disclaimer",  # 以当地医保部门最新政策为准 (on every page)
        "admonition warning",  # the same disclaimer on guide and hand-written pages
        "yb-help",  # 这里还缺…帮我们补上
        "yb-sources",  # source lists
        "yb-edit",  # edit and report links
    )
)
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    ]
)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)([^>]*)>|<!--.*?-->", re.S)
_CLASS = re.compile(r'\bclass="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_BODY_START = re.compile(r"<div[^>]*\sdata-search-body[\s>=]")
_SPACES = re.compile(r"\s+")
_BREAKS = frozenset(["p", "li", "div", "br", "tr", "td", "th", "dd", "dt", "table", "ul", "ol"])
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])


@dataclass
class Section:
    """A part of a page: the heading it sits under (with its anchor) and its text."""

    anchor: str
    heading: str
    text: str = ""
    level: int = 1  # 1 for the page's top (its h1), 2 and 3 for the sections under h2 and h3


@dataclass
class Page:
    title: str
    sections: list[Section] = field(default_factory=list)
    subheadings: str = ""  # h4-h6 text, weighed like headings but kept in its section


def _ignored(attrs: str) -> bool:
    if "data-search-ignore" in attrs:
        return True
    found = _CLASS.search(attrs)
    if not found:
        return False
    classes = set(found.group(1).split())
    return any(rule <= classes for rule in IGNORED_CLASSES)


def _body(document: str) -> str | None:
    """The page's own content: from its data-search-body element to that element's end."""
    start = _BODY_START.search(document)
    if not start:
        return None
    depth = 0
    for m in _TAG.finditer(document, start.start()):
        slash, name = m.group(1), (m.group(2) or "").lower()
        if name != "div":
            continue
        depth += -1 if slash else 1
        if depth == 0:
            return document[start.end() : m.start()]
    return document[start.end() :]


def page_text(document: str, site_name: str = "") -> Page | None:
    """The title and own text of a built page, or None when it is not searchable."""
    body = _body(document)
    if body is None:
        return None
    title_match = _TITLE.search(document)
    title = _clean(title_match.group(1)) if title_match else ""
    if site_name and title.endswith(f" - {site_name}"):
        title = title[: -len(site_name) - 3]
    reader = _Reader(title or site_name)
    reader.read(body)
    return reader.page


class _Reader:
    """Walks a page body's tags and text once, sorting the text into sections.

    A section starts at an h2 or h3 with an id, and at a <details> with an id (its <summary> is its
    heading; after it closes, the text goes back to the section around it). A heading marked
    data-search-exclude or data-search-ignore leaves out everything up to the next heading of its
    level or above; an ignored element leaves out itself and what it holds.
    """

    def __init__(self, title: str) -> None:
        self.page = Page(title)
        self.current = Section("", title)
        self.page.sections.append(self.current)
        self.parts: list[str] = []
        self.subheadings: list[str] = []
        self.heading: list[str] | None = None  # the text of the heading or summary being read
        self.heading_tag = ""
        self.heading_anchor = ""
        self.heading_excluded = False
        self.skip_depth = 0  # inside an ignored element
        self.excluded_level = 0  # inside a section whose heading is excluded
        self.details: list[Section | None] = []  # open <details>: the section each one left

    def read(self, body: str) -> None:
        pos = 0
        for m in _TAG.finditer(body):
            self.text(body[pos : m.start()])
            pos = m.end()
            if m.group(2) is not None:  # not a comment
                self.tag(bool(m.group(1)), m.group(2).lower(), m.group(3))
        self.text(body[pos:])
        self.flush()
        self.page.subheadings = " ".join(self.subheadings)
        self.page.sections = [s for s in self.page.sections if s.text or s.level == 1]

    def text(self, text: str) -> None:
        if text and not self.skip_depth:
            if self.heading is not None:
                self.heading.append(text)
            elif not self.excluded_level:
                self.parts.append(text)

    def flush(self) -> None:
        words = _clean("".join(self.parts))
        if words:
            self.current.text = f"{self.current.text} {words}".strip()
        self.parts.clear()

    def start_section(self, anchor: str, heading: str, level: int) -> Section:
        self.flush()
        self.current = Section(anchor, heading, level=level)
        self.page.sections.append(self.current)
        return self.current

    def tag(self, closing: bool, name: str, attrs: str) -> None:
        void = name in _VOID or attrs.endswith("/")
        if self.skip_depth:
            if not void:
                self.skip_depth += -1 if closing else 1
            return
        if name in _HEADINGS:
            self.heading_tag_seen(closing, name, attrs)
        elif not closing and not void and _ignored(attrs):
            self.skip_depth = 1
        elif name == "details" and not self.excluded_level:
            self.details_seen(closing, attrs)
        elif name == "summary" and self.details and self.details[-1] is not None:
            if not closing:
                self.heading, self.heading_tag = [], "summary"
            elif self.heading is not None and self.heading_tag == "summary":
                self.current.heading = _clean("".join(self.heading))
                self.heading = None
        elif name in _BREAKS:
            self.text(" ")

    def heading_tag_seen(self, closing: bool, name: str, attrs: str) -> None:
        level = int(name[1])
        if not closing:
            if self.excluded_level and level <= self.excluded_level:
                self.excluded_level = 0
            anchor = _ID.search(attrs)
            self.heading, self.heading_tag = [], name
            self.heading_anchor = anchor.group(1) if anchor else ""
            self.heading_excluded = "data-search-exclude" in attrs or "data-search-ignore" in attrs
            return
        if self.heading is None or name != self.heading_tag:
            return
        words = _clean("".join(self.heading))
        self.heading = None
        if self.heading_excluded:
            self.flush()
            self.excluded_level = level
        elif self.excluded_level:
            pass
        elif level == 1:
            self.current.heading = words or self.current.heading
        elif level <= 3 and self.heading_anchor:
            self.start_section(self.heading_anchor, words, level)
        else:
            self.subheadings.append(words)
            self.parts.append(f" {words} ")

    def details_seen(self, closing: bool, attrs: str) -> None:
        if not closing:
            anchor = _ID.search(attrs)
            if anchor:
                parent = self.current
                self.start_section(anchor.group(1), "", 3)
                self.details.append(parent)
            else:
                self.details.append(None)
        elif self.details:
            parent = self.details.pop()
            if parent is not None:
                self.flush()
                self.current = parent


def _clean(text: str) -> str:
    if "&" in text:
        text = html.unescape(text)
    return _SPACES.sub(" ", text).strip()
