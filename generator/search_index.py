"""`python -m generator.search_index [SITE]`: the site's search index, built after `mkdocs build`.

Chinese has no spaces, and a browser's word splitter (Intl.Segmenter, ICU's dictionary) cuts
domain words apart (家庭共济 → 家庭|共|济, 异地就医 → 异|地|就|医), so the index does not depend on
word splitting: it lists every pair of neighbouring characters (家庭, 庭共, 共济), the way CJK search
engines have long done, and a query is cut the same way (docs/javascripts/search/tokens.js mirrors
`keys` here; a test runs both on the same text). Latin words and numbers are whole words.

What is written under SITE/search/ (fetched by the browser only when a reader uses the search box):

- index.json: the format version, the folder of this build's files, the number of shards and pages.
- <build>/k<n>.json: shard n of the postings, {key: [page, score, page step, score, ...]}; a key's
  shard is its first character's code point modulo the number of shards, so one shard also holds
  every key that starts with a given character (a one-character query reads one shard).
- <build>/p<id>.json: a page's title, path, kind and own text by section, for the result list.

Scores are worked out here (BM25 on the text, headings weighing more, a bonus for the title, national
guides a little more): the browser adds them up per page, weighted by how rare each key is.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import unicodedata
from collections import Counter
from pathlib import Path

from .search_text import Page, page_text

__all__ = ["FORMAT", "build_search", "keys", "page_kind", "shard_of"]

ROOT = Path(__file__).resolve().parent.parent
FORMAT = 1
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(f"[{_CJK}]+|[a-z0-9]+")
# How much a key counts where it appears in the text: a section heading, a minor heading, text.
WEIGHT_HEADING = 3
WEIGHT_SUBHEADING = 2
# A key of the page's title adds this on top of what its text gives (the most a text can give is
# K1 + 1), so a page is found first by its title: 深圳 → 深圳市医保指南, 家庭共济 → the guide.
TITLE_BONUS = 2.5
# BM25's usual constants: how fast repeats stop adding up, how much long pages are discounted.
K1 = 1.2
B = 0.75
# Page kinds by path: the label readers see, and how much more the kind weighs (a national guide
# before a region's section on the same item).
KINDS = (("guides/", "办事指南", 1.3), ("regions/", "地区", 1.0))
SHARD_BYTES = 16_000  # about this much JSON per shard, before compression


def normalize(text: str) -> str:
    """Full-width forms folded (ＡＢＣ１２ → abc12), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


def keys(text: str) -> list[str]:
    """The search keys of a text, in order: each pair of neighbouring Chinese characters (a lone
    character stands for itself), and each Latin word or number."""
    out: list[str] = []
    for run in _RUNS.findall(normalize(text)):
        if "a" <= run[0] <= "z" or "0" <= run[0] <= "9" or len(run) == 1:
            out.append(run)
        else:
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def shard_of(key: str, shards: int) -> int:
    return ord(key[0]) % shards


def page_kind(path: str) -> tuple[str, float]:
    """(label, weight) of a page from its path: guides/x/ → 办事指南, regions/x/ → 地区."""
    for prefix, label, weight in KINDS:
        if path.startswith(prefix) and path != prefix:
            return label, weight
    return "", 1.0


def weighted_keys(page: Page) -> Counter:
    """Each key of a page's text with its weighted count (headings count more; not the title)."""
    counts: Counter = Counter()
    for section in page.sections:
        if section.level > 1:
            for key in keys(section.heading):
                counts[key] += WEIGHT_HEADING
        counts.update(keys(section.text))
    for key in keys(page.subheadings):
        counts[key] += WEIGHT_SUBHEADING - 1  # once already in the text
    return counts


def read_pages(site: Path, site_name: str) -> list[tuple[str, Page]]:
    """(path, page) of every searchable page in the built site, in path order."""
    found = []
    for file in sorted(site.rglob("index.html")):
        page = page_text(file.read_text(encoding="utf-8"), site_name)
        if page is None:
            continue
        path = file.parent.relative_to(site).as_posix()
        found.append(("" if path == "." else path + "/", page))
    return found


def postings(pages: list[tuple[str, Page]]) -> dict[str, list[tuple[int, int]]]:
    """key → [(page id, score)], scores from 1 up: (BM25 of the text + the title bonus) × the page
    kind's weight, × 10, rounded."""
    counted = [weighted_keys(page) for _, page in pages]
    lengths = [sum(c.values()) for c in counted]
    average = sum(lengths) / max(len(lengths), 1) or 1
    out: dict[str, list[tuple[int, int]]] = {}
    for page_id, ((path, page), counts, length) in enumerate(
        zip(pages, counted, lengths, strict=True)
    ):
        boost = page_kind(path)[1]
        norm = K1 * (1 - B + B * length / average)
        titled = set(keys(page.title))
        for key in counts.keys() | titled:
            w = counts.get(key, 0)
            score = (w * (K1 + 1) / (w + norm) + (TITLE_BONUS if key in titled else 0)) * boost
            out.setdefault(key, []).append((page_id, max(1, round(score * 10))))
    return out


def encode(entries: list[tuple[int, int]]) -> list[int]:
    """[(page, score), ...] as [page, score, page step, score, ...] (pages ascending)."""
    flat, last = [], 0
    for page_id, score in entries:
        flat += [page_id - last, score]
        last = page_id
    return flat


def site_name() -> str:
    """site_name from mkdocs.yml (read as text: the file has tags PyYAML's safe loader refuses)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    match = re.search(r"^site_name:\s*(.+)$", text, re.M)
    return match.group(1).strip() if match else ""


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_search(site: Path) -> dict:
    """Write SITE/search/; return index.json's content."""
    site = Path(site)
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}/index.html is missing: build the site first (make site)")
    pages = read_pages(site, site_name())
    index = postings(pages)
    size = sum(len(k) * 3 + 8 * len(v) for k, v in index.items())
    shards = 8
    while shards < 1024 and size / shards > SHARD_BYTES:
        shards *= 2
    files: dict[str, str] = {}
    grouped: list[dict[str, list[int]]] = [{} for _ in range(shards)]
    for key in sorted(index):
        grouped[shard_of(key, shards)][key] = encode(index[key])
    for n, group in enumerate(grouped):
        files[f"k{n}.json"] = _json(group)
    for page_id, (path, page) in enumerate(pages):
        files[f"p{page_id}.json"] = _json(
            {
                "t": page.title,
                "u": path,
                "k": page_kind(path)[0],
                "s": [[s.anchor, s.heading, s.text] for s in page.sections],
            }
        )
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name].encode() + b"\0")
    build = digest.hexdigest()[:10]
    out = site / "search"
    if out.exists():
        shutil.rmtree(out)
    (out / build).mkdir(parents=True)
    for name, text in files.items():
        (out / build / name).write_text(text, encoding="utf-8")
    meta = {"version": FORMAT, "build": build, "shards": shards, "pages": len(pages)}
    (out / "index.json").write_text(_json(meta), encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else ROOT / "site"
    try:
        meta = build_search(site)
    except FileNotFoundError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"搜索索引：{meta['pages']} 个页面，{meta['shards']} 个分片", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
