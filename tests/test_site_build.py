"""The built site: the strict MkDocs build, escaping end to end, what every region page carries, and no
resource from another host.

The site is built here from the generated docs/ (run `python -m generator build` first; `make test`
does) into a temporary folder, so the tests never depend on whatever site/ holds.
"""

from __future__ import annotations

import html as html_module
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from generator.render import render_site
from tests.site_fixture import SCRIPT, tiny_model

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONWARNINGS": "ignore"}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """docs/ built strictly into a temporary folder."""
    if not (DOCS / "regions" / "index.md").is_file():
        pytest.fail(
            "docs/regions/ is missing: run `python -m generator build` (or `make test`) first",
            pytrace=False,
        )
    out = tmp_path_factory.mktemp("site")
    result = mkdocs("build", "--strict", "--site-dir", str(out))
    warnings = [line for line in result.stderr.splitlines() if "WARNING" in line]
    assert result.returncode == 0 and not warnings, result.stderr[-4000:]
    return out


def test_strict_build_passes_without_warnings(built_site):
    """`mkdocs build --strict` succeeds with zero warnings and writes the home page."""
    assert (built_site / "index.html").is_file()
    assert (built_site / "regions" / "index.html").is_file()


def region_pages(site: Path) -> list[Path]:
    pages = sorted(p for p in (site / "regions").glob("*/index.html"))
    assert pages, "no region page was built"
    return pages


def test_every_region_page_has_call_link_disclaimer_sources_and_edit_link(built_site):
    """Each region page: a tel: link, the disclaimer, a sources section, an edit link to its data."""
    problems = []
    for page in region_pages(built_site):
        html = page.read_text(encoding="utf-8")
        name = page.parent.name
        code = name.split("-")[0]
        data_file = "data/national.yaml" if code == "100000" else f"data/regions/{name}.yaml"
        checks = {
            "tel: link": 'href="tel:' in html,
            "disclaimer": "以当地医保部门最新政策为准" in html,
            "sources section": 'id="sources"' in html and 'class="yb-sources"' in html,
            "edit link": re.search(
                r'href="https://github\.com/[^"]+/edit/main/' + re.escape(data_file) + '"', html
            )
            is not None,
            "report link": "template=data-error.yml" in html.replace("&#61;", "="),
        }
        problems += [f"{name}: no {what}" for what, ok in checks.items() if not ok]
    assert not problems, "\n".join(problems)


def test_every_region_has_a_page(built_site):
    """A page is built for every region data file."""
    files = sorted(p.stem for p in (ROOT / "data" / "regions").glob("*.yaml"))
    built = {p.parent.name for p in region_pages(built_site)}
    assert [f for f in files if f not in built] == []


# ── no other host ────────────────────────────────────────────────────────────────────────────

# Attributes that make the browser fetch something by itself (a link the reader clicks is fine).
FETCHING = {
    "script": ("src",),
    "img": ("src", "srcset"),
    "iframe": ("src",),
    "frame": ("src",),
    "source": ("src", "srcset"),
    "video": ("src", "poster"),
    "audio": ("src",),
    "track": ("src",),
    "embed": ("src",),
    "object": ("data",),
    "input": ("src",),
    "image": ("href",),
}
FETCHING_LINK_RELS = {
    "stylesheet",
    "icon",
    "preload",
    "prefetch",
    "modulepreload",
    "manifest",
    "apple-touch-icon",
    "preconnect",
    "dns-prefetch",
    "shortcut",
}


def is_remote(url: str) -> bool:
    url = url.strip()
    return url.startswith("//") or urlsplit(url).scheme in ("http", "https")


class ResourceFinder(HTMLParser):
    """Collects every URL a page would fetch without a click."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for attr in FETCHING.get(tag, ()):
            for part in (a.get(attr) or "").split(","):
                if part.strip():
                    self.urls.append(part.strip().split()[0])
        if tag == "link" and set((a.get("rel") or "").lower().split()) & FETCHING_LINK_RELS:
            self.urls.append(a.get("href") or "")
        if a.get("style"):
            self.urls += css_urls(a["style"])
        self.in_style = tag == "style"

    def handle_data(self, data):
        if self.in_style:
            self.urls += css_urls(data)

    def handle_endtag(self, tag):
        if tag == "style":
            self.in_style = False


def css_urls(css: str) -> list[str]:
    urls = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    urls += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return [u for u in urls if not u.startswith("data:")]


def test_no_page_fetches_from_another_host(built_site):
    """Scripts, styles, images, fonts and frames all come from the site itself."""
    remote = []
    for page in sorted(built_site.rglob("*.html")):
        finder = ResourceFinder()
        finder.feed(page.read_text(encoding="utf-8"))
        remote += [f"{page.relative_to(built_site)}: {u}" for u in finder.urls if is_remote(u)]
    for css in sorted(built_site.rglob("*.css")):
        remote += [
            f"{css.relative_to(built_site)}: {u}"
            for u in css_urls(css.read_text(encoding="utf-8"))
            if is_remote(u)
        ]
    assert not remote, "\n".join(remote[:50])


def test_repository_link_does_not_call_the_github_api(built_site):
    """The header's repository link is plain: Material's version fetches api.github.com."""
    html = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'data-md-component="source"' not in html


def test_resource_finder_sees_remote_resources():
    """The scan itself catches a remote script, stylesheet, image and CSS font."""
    finder = ResourceFinder()
    finder.feed(
        '<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
        'href="//fonts.example/css"><img src="http://img.example/a.png">'
        "<style>@font-face{src:url(https://fonts.example/f.woff2)}</style>"
        '<a href="https://www.nhsa.gov.cn/">官方网页</a>'
    )
    assert [u for u in finder.urls if is_remote(u)] == [
        "https://cdn.example/x.js",
        "//fonts.example/css",
        "http://img.example/a.png",
        "https://fonts.example/f.woff2",
    ]


# ── escaping, end to end ─────────────────────────────────────────────────────────────────────


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    """The fixture model with <script> and Markdown in its data, rendered and built by MkDocs."""
    work = tmp_path_factory.mktemp("hostile")
    docs = work / "docs"
    shutil.copytree(
        DOCS,
        docs,
        ignore=shutil.ignore_patterns(
            "regions",
            "guides",
            "api",
            "compare",
            "status",
            "glossary",
            "faq",
            "en",
            "includes",
            "pyodide",
        ),
    )
    render_site(tiny_model(hostile=True), docs)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    config["docs_dir"] = str(docs)
    config["site_dir"] = str(work / "site")
    config["theme"]["custom_dir"] = str(ROOT / "generator" / "theme")
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict) and "pymdownx.snippets" in ext:
            ext["pymdownx.snippets"]["base_path"] = [str(docs / "includes")]
    for key in ("nav", "not_in_nav", "validation", "hooks"):  # the hook would regenerate from data/
        config.pop(key, None)
    (work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = mkdocs("build", "--config-file", str(work / "mkdocs.yml"), cwd=work)
    assert result.returncode == 0, result.stderr[-4000:]
    return work / "site"


def test_script_in_data_is_text_in_the_built_html(hostile_site):
    """A <script> in a hotline department and a tip comes out as &lt;script&gt; in the HTML."""
    html = (hostile_site / "regions" / "440300-shenzhen" / "index.html").read_text(encoding="utf-8")
    assert SCRIPT not in html
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_markdown_in_data_stays_text_in_the_built_html(hostile_site):
    """Markdown syntax in data is not interpreted: no link, no emphasis, no heading, no snippet."""
    html = (hostile_site / "regions" / "440300-shenzhen" / "index.html").read_text(encoding="utf-8")
    assert 'href="http://evil.example"' not in html
    assert "<em>强调</em>" not in html
    shown = html_module.unescape(html)  # character references are how the text is kept literal
    assert "*强调*" in shown
    assert "[链接](http://evil.example)" in shown
    assert "<h1" not in html.split("不是标题")[0].rsplit("</h1>", 1)[-1]
    assert "site_name:" not in html  # the --8<-- line did not pull mkdocs.yml in
