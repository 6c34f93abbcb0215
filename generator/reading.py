"""Reading check: flag sentences that are too long for plain language in generated pages.

A Chinese sentence may have at most 60 characters (spaces not counted); a sentence that is mostly
not Chinese (the English page) at most 25 words. Sentences end at 。！？； (and their ASCII forms),
at a line end, at <br> and at a table cell border. Markup is ignored: front matter, code, HTML tags,
Markdown link targets, bare URLs, emphasis marks, list and heading markers, abbreviation lines.
"""

from __future__ import annotations

import functools
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "MAX_CHARS",
    "MAX_WORDS",
    "Finding",
    "check_pages",
    "check_text",
    "locate",
    "report",
    "sentences",
]

MAX_CHARS = 60
MAX_WORDS = 25
EXCERPT_CHARS = 80  # a warning quotes at most this much of a sentence
LOCATE_CHARS = 200  # and looks up at most this much of it in data/

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1>", re.S | re.I)
_BREAK = re.compile(
    r"<br\s*/?>|</?(p|li|ul|ol|div|details|summary|tr|td|th|table|h\d)\b[^>]*>", re.I
)
_TAG = re.compile(r"<[^>\n]+>")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_REF_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")
_URL = re.compile(r"(?:https?|tel|mailto):[^\s)<>|]+")
_ATTR_LIST = re.compile(r"\{\s*[:#.][^}]*\}")
_ENTITY = re.compile(r"&(#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "nbsp": " ", "apos": "'"}
_ENDS = re.compile(r"[。！？；!?;]|(?<=[A-Za-z0-9)\"'])\.(?=\s|$)")
_ABBREVIATION = re.compile(r"^\s*\*\[[^\]]+\]:")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
_CELLS = re.compile(r"\n|(?<!\\)\|")
_EMPHASIS = re.compile(r"[*_`]{1,3}")
_SPACES = re.compile(r"\s+")
_LINE_MARKERS = re.compile(
    r"^\s*(#{1,6}\s+|[-*+]\s+(\[[ xX]\]\s+)?|\d+[.)]\s+|>\s*|!!!.*$|\?\?\?.*$)"
)


@dataclass(frozen=True)
class Finding:
    """A sentence over the limit: page, line in the page, the sentence and its length."""

    page: str
    line: int
    sentence: str
    length: int
    unit: str  # "字" or "words"

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: 句子太长（{self.length} {self.unit}）：{excerpt(self.sentence)}"


def excerpt(sentence: str, limit: int = EXCERPT_CHARS) -> str:
    """The sentence, or its first `limit` characters and "…" (a warning stays one short line)."""
    return sentence if len(sentence) <= limit else sentence[:limit] + "…"


def _entity(m: re.Match) -> str:
    code = m.group(1)
    if code.startswith("#x"):
        return chr(int(code[2:], 16))
    if code.startswith("#"):
        return chr(int(code[1:]))
    return _ENTITIES.get(code, m.group(0))


def _blank(m: re.Match) -> str:
    """Replace a block by as many newlines, so line numbers stay right."""
    return "\n" * m.group(0).count("\n")


def _without_blocks(markdown: str) -> str:
    """The page with front matter, code, comments and scripts blanked (line numbers kept)."""
    text = _FRONT_MATTER.sub(_blank, markdown)
    text = _FENCE.sub(_blank, text)
    text = _COMMENT.sub(_blank, text)
    return _SCRIPT.sub(_blank, text)


# Region pages repeat most of their lines (the same guide text, table heads, link rows): each
# distinct line is cleaned and measured once per run.
@functools.lru_cache(maxsize=1 << 16)
def _line_segments(line: str) -> tuple[str, ...]:
    """The plain text segments of one line, markup removed."""
    if _ABBREVIATION.match(line):  # abbreviation definitions are tooltips, not prose
        return ()
    if _TABLE_RULE.match(line):  # table delimiter row
        return ()
    # Each pattern runs only where its marker character occurs: pages are long, markup sparse.
    if "<" in line:
        line = _TAG.sub("", _BREAK.sub("\n", line))
    if "[" in line:
        line = _REF_LINK.sub(r"\1", _LINK.sub(r"\1", _IMAGE.sub(r"\1", line)))
    if ":" in line:
        line = _URL.sub("", line)
    if "{" in line:
        line = _ATTR_LIST.sub("", line)
    if "&" in line:
        line = _ENTITY.sub(_entity, line)
    out = []
    for segment in _CELLS.split(line):
        segment = _LINE_MARKERS.sub("", segment)
        segment = _EMPHASIS.sub("", segment).strip()
        if segment:
            out.append(segment)
    return tuple(out)


def plain_lines(markdown: str) -> list[tuple[int, str]]:
    """The page as (line number, plain text segment) pairs, markup removed."""
    out = []
    for n, line in enumerate(_without_blocks(markdown).split("\n"), 1):
        out.extend((n, segment) for segment in _line_segments(line))
    return out


def _split_sentences(segment: str) -> list[str]:
    """The sentences of one text segment."""
    return [s for s in (part.strip() for part in _ENDS.split(segment)) if s]


def sentences(markdown: str) -> list[tuple[int, str]]:
    """Every sentence of a Markdown page as (line, text)."""
    return [(n, s) for n, segment in plain_lines(markdown) for s in _split_sentences(segment)]


@functools.lru_cache(maxsize=1 << 16)
def _long_sentences(line: str) -> tuple[tuple[str, int, str], ...]:
    """The sentences of one line over the limit, as (sentence, length, unit)."""
    out = []
    for segment in _line_segments(line):
        for s in _split_sentences(segment):
            length, unit, limit = measure(s)
            if length > limit:
                out.append((s, length, unit))
    return tuple(out)


def measure(sentence: str) -> tuple[int, str, int]:
    """(length, unit, limit): characters without spaces for Chinese, words for other text.

    A sentence is Chinese when at least a third of its characters (spaces not counted) are Chinese;
    an English sentence quoting a Chinese name is measured in words.
    """
    chars = _SPACES.sub("", sentence)
    if chars and len(_CJK.findall(chars)) * 3 >= len(chars):
        return len(chars), "字", MAX_CHARS
    return len(sentence.split()), "words", MAX_WORDS


def check_text(markdown: str, page: str = "") -> list[Finding]:
    """The sentences of one page that are over the limit."""
    found = []
    for n, line in enumerate(_without_blocks(markdown).split("\n"), 1):
        for s, length, unit in _long_sentences(line):
            found.append(Finding(page, n, s, length, unit))
    return found


def check_pages(paths: Iterable[Path], root: Path | None = None) -> list[Finding]:
    """Check every Markdown page among `paths`; page names are relative to `root` when given."""
    found = []
    for p in paths:
        p = Path(p)
        if p.suffix != ".md" or (
            root and p.is_relative_to(root) and p.relative_to(root).parts[0] == "includes"
        ):
            continue
        name = str(p.relative_to(root)) if root and p.is_relative_to(root) else str(p)
        found.extend(check_text(p.read_text(encoding="utf-8"), name))
    return found


@functools.lru_cache(maxsize=4)
def _data_lines(data_dir: Path) -> tuple[tuple[str, int, str], ...]:
    base = data_dir.parent
    out = []
    for path in sorted(data_dir.rglob("*.yaml")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            out.append((str(path.relative_to(base)), n, re.sub(r"\s+", " ", line)))
    return tuple(out)


@functools.lru_cache(maxsize=1024)
def locate(sentence: str, data_dir: Path) -> str | None:
    """The data file and line a sentence most likely comes from ("data/topics/x.yaml:12").

    Every 8-character piece of the sentence's first LOCATE_CHARS characters is looked up; the line
    holding the most pieces wins, if it holds at least a quarter of them (a sentence that templates
    put together from many data lines, such as a list of titles, has no single data line).
    """
    probe = re.sub(r"\s+", " ", sentence[:LOCATE_CHARS]).strip()
    chunks = {probe[i : i + 8] for i in range(0, max(len(probe) - 7, 1), 4)}
    best, best_score = None, 0
    for file, n, flat in _data_lines(Path(data_dir)):
        score = sum(1 for c in chunks if c in flat)
        if score > best_score:
            best, best_score = f"{file}:{n}", score
    return best if best_score >= 2 and best_score * 4 >= len(chunks) else None


def report(
    paths: Iterable[Path], root: Path | None = None, data_dir: Path | None = None, stream=None
) -> list[Finding]:
    """Print a warning for every long sentence (with the data line it likely comes from)."""
    found = check_pages(paths, root)
    print_findings(found, data_dir, stream)
    return found


def print_findings(found: list[Finding], data_dir: Path | None = None, stream=None) -> None:
    """One warning line per finding, naming the data line it likely comes from."""
    stream = stream or sys.stderr
    for f in found:
        where = locate(f.sentence, data_dir) if data_dir else None
        print(f"warning: {f}" + (f"（数据：{where}）" if where else ""), file=stream)


def main(argv: list[str] | None = None) -> int:
    """`python -m generator.reading [PAGE.md or DIR ...]`: exit 1 on any long sentence."""
    args = argv if argv is not None else sys.argv[1:]
    root = Path(__file__).resolve().parent.parent
    targets = [Path(a) for a in args] or [root / "docs"]
    paths = []
    for t in targets:
        paths.extend(sorted(t.rglob("*.md")) if t.is_dir() else [t])
    found = report(paths, data_dir=root / "data", stream=sys.stdout)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
