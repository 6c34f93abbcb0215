"""The rules a JSON Schema cannot state: one small function each, all listed in RULES.

A rule takes a `Context` (the dataset, the date, and lookups shared by every rule) and yields
`DataError`s built with `ctx.error(doc, path, message)`. To add a rule, write a function with that
signature and list it in RULES (or in a RULES list of a module of its own that validate.py adds).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from calc import limits

from .errors import DataError, format_path
from .facts import GRADES
from .load import Dataset, Doc
from .resolve import NATIONAL_CODE

__all__ = ["RULES", "Context", "Rule", "display_path", "run_rules"]

DATE_RX = re.compile(r"^\d{4}-\d{2}-\d{2}$")
LEVEL_RANK = {"national": 0, "province": 1, "city": 2, "district": 3}


def display_path(path) -> str:
    """The field path as readers see it: `.values.<date>.value` folded into the fact's path."""
    parts = list(path)
    out = []
    i = 0
    while i < len(parts):
        if (
            parts[i] == "values"
            and i + 1 < len(parts)
            and isinstance(parts[i + 1], str)
            and DATE_RX.match(parts[i + 1])
        ):
            i += 2
            if i == len(parts) - 1 and parts[i] == "value":
                i += 1
            continue
        out.append(parts[i])
        i += 1
    return format_path(out)


def walk(node: Any, path: tuple = ()) -> Iterator[tuple[tuple, dict]]:
    """Every (path, mapping) in a tree, depth first."""
    if isinstance(node, dict):
        yield path, node
        for k, v in node.items():
            yield from walk(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, (*path, i))


def real_date(s: str) -> bool:
    """True for a YYYY-MM-DD string that names a day of the calendar."""
    try:
        _dt.date.fromisoformat(s)
        return True
    except ValueError:
        return False


def _region_code(data: Any) -> str | None:
    """A region's code; a number is counted as text (the schema reports it) so children still pass."""
    code = data.get("code") if isinstance(data, dict) else None
    if isinstance(code, int) and not isinstance(code, bool):
        return str(code)
    return code if isinstance(code, str) else None


def _did_you_mean(word: str, choices: Iterable[str], cutoff: float) -> str:
    close = difflib.get_close_matches(word, [c for c in choices if c], n=1, cutoff=cutoff)
    return f'（是不是 "{close[0]}"？）' if close else ""


@dataclass
class Context:
    """What every rule may look at: the dataset, the date, and lookups computed once."""

    dataset: Dataset
    as_of: str

    def error(self, doc: Doc, path: tuple, message: str) -> DataError:
        """One error at the line of `path` in `doc`."""
        return DataError(doc.rel, doc.line(path), display_path(path), message)

    @cached_property
    def content_docs(self) -> list[Doc]:
        """Files with content of a known kind (unknown and empty files are reported on their own)."""
        return [d for d in self.dataset.docs if d.kind != "other" and d.data is not None]

    @cached_property
    def nodes(self) -> list[tuple[Doc, tuple, dict]]:
        """Every mapping of every content file, with its path."""
        return [(doc, path, node) for doc in self.content_docs for path, node in walk(doc.data)]

    @cached_property
    def declarations(self) -> list[tuple[str, Any, Doc]]:
        """Every (source id, source, file) declared under `sources:`, in file order."""
        out = []
        for doc in self.dataset.docs:
            declared = doc.data.get("sources") if isinstance(doc.data, dict) else None
            if isinstance(declared, dict):
                out.extend((sid, src, doc) for sid, src in declared.items())
        return out

    @cached_property
    def sources(self) -> dict[str, tuple[dict, Doc]]:
        """Source id → (its first declaration, the file declaring it)."""
        out: dict[str, tuple[dict, Doc]] = {}
        for sid, src, doc in self.declarations:
            out.setdefault(sid, (src if isinstance(src, dict) else {}, doc))
        return out

    @cached_property
    def by_code(self) -> dict[str, Doc]:
        """Region code → the first file with that code (the national file is 100000)."""
        out: dict[str, Doc] = {}
        national = self.dataset.one("national")
        if national is not None and isinstance(national.data, dict):
            out[NATIONAL_CODE] = national
        for doc in self.dataset.of_kind("region"):
            code = _region_code(doc.data)
            if code is not None:
                out.setdefault(code, doc)
        return out

    @cached_property
    def slugs(self) -> set:
        """The slugs of every topic."""
        return {
            d.data.get("slug") for d in self.dataset.of_kind("topic") if isinstance(d.data, dict)
        }

    def hospital_levels(self, code: str, depth: int = 0) -> list | None:
        """A region's hospital levels, its own or inherited."""
        doc = self.by_code.get(code)
        if doc is None or depth > 10 or not isinstance(doc.data, dict):
            return None
        own = doc.data.get("hospital_levels")
        if isinstance(own, list):
            return own
        parent = doc.data.get("parent")
        if isinstance(parent, str) and code != NATIONAL_CODE:
            return self.hospital_levels(parent, depth + 1)
        return None

    def outside_source_declarations(self) -> Iterator[tuple[Doc, tuple, dict]]:
        """The mappings that state facts (not the `sources:` declarations themselves)."""
        for doc, path, node in self.nodes:
            if not (path and path[0] == "sources" and isinstance(doc.data.get("sources"), dict)):
                yield doc, path, node


Rule = Callable[[Context], Iterable[DataError]]


# ---------------------------------------------------------------- files


def known_file_kinds(ctx: Context) -> Iterator[DataError]:
    """Every data file is national, a region, a topic, the glossary or the FAQ."""
    for doc in ctx.dataset.docs:
        if doc.kind == "other":
            yield ctx.error(
                doc,
                (),
                "不认识的数据文件；地区放在 data/regions/，事项放在 data/topics/，"
                "文件名以 .yaml 结尾",
            )


def files_not_empty(ctx: Context) -> Iterator[DataError]:
    """A data file has content."""
    for doc in ctx.dataset.docs:
        if doc.kind != "other" and doc.data is None:
            yield ctx.error(doc, (), "文件是空的；参照同类文件写上内容")


# ---------------------------------------------------------------- dates


def dates_are_real(ctx: Context) -> Iterator[DataError]:
    """Effective dates, `verified`, `since` and `date` name real days (no 2026-02-30)."""
    for doc, path, node in ctx.nodes:
        if path and path[-1] == "values":
            for key in node:
                if isinstance(key, str) and DATE_RX.match(key) and not real_date(key):
                    yield ctx.error(
                        doc, (*path, key), f'"{key}" 不是真实存在的日期；检查月份和日子'
                    )
        for key in ("verified", "since", "date"):
            v = node.get(key)
            if isinstance(v, str) and DATE_RX.match(v) and not real_date(v):
                yield ctx.error(doc, (*path, key), f'"{v}" 不是真实存在的日期；检查月份和日子')


def _verified(node: dict) -> str | None:
    v = node.get("verified")
    return v if isinstance(v, str) and DATE_RX.match(v) and real_date(v) else None


def verified_not_in_future(ctx: Context) -> Iterator[DataError]:
    """Nobody checked a value after today."""
    for doc, path, node in ctx.outside_source_declarations():
        verified = _verified(node)
        if verified and verified > ctx.as_of:
            yield ctx.error(
                doc,
                (*path, "verified"),
                f"核对日期 {verified} 晚于今天（{ctx.as_of}）；verified "
                "写你实际对照来源核对的那一天",
            )


def verified_not_before_source(ctx: Context) -> Iterator[DataError]:
    """A value cannot have been checked before its source was published."""
    for doc, path, node in ctx.outside_source_declarations():
        verified, sid = _verified(node), node.get("source")
        if not verified or not isinstance(sid, str):
            continue
        src_date = ctx.sources.get(sid, ({}, None))[0].get("date")
        if (
            isinstance(src_date, str)
            and DATE_RX.match(src_date)
            and real_date(src_date)
            and verified < src_date
        ):
            yield ctx.error(
                doc,
                (*path, "verified"),
                f'核对日期 {verified} 早于来源 "{sid}" 的发布日期 {src_date}；'
                "核对日期不能早于来源发布的日子",
            )


# ---------------------------------------------------------------- sources


def source_ids_unique(ctx: Context) -> Iterator[DataError]:
    """A source id is declared once across data/."""
    seen: set[str] = set()
    for sid, _src, doc in ctx.declarations:
        if sid not in seen:
            seen.add(sid)
            continue
        first = ctx.sources[sid][1]
        yield ctx.error(
            doc,
            ("sources", sid),
            f'来源 id "{sid}" 重复了；{first.rel}:{first.line(("sources", sid))} '
            "已经声明过，换一个 id 或直接引用那一个",
        )


def source_references_exist(ctx: Context) -> Iterator[DataError]:
    """Every `source:` and `sources: [...]` names a declared source."""
    for doc, path, node in ctx.outside_source_declarations():
        refs = []
        if isinstance(node.get("source"), str):
            refs.append(((*path, "source"), node["source"]))
        if isinstance(node.get("sources"), list):
            refs.extend(
                ((*path, "sources", i), s)
                for i, s in enumerate(node["sources"])
                if isinstance(s, str)
            )
        for rpath, sid in refs:
            if sid not in ctx.sources:
                hint = _did_you_mean(sid, ctx.sources, 0.75)
                yield ctx.error(
                    doc,
                    rpath,
                    f'未知来源 "{sid}"{hint}；先在 sources: 里声明它（title、url 或 document、'
                    "date、grade），或检查拼写",
                )


def grade_not_above_source(ctx: Context) -> Iterator[DataError]:
    """A value may grade itself lower than its source, never higher."""
    for doc, path, node in ctx.outside_source_declarations():
        sid, grade = node.get("source"), node.get("grade")
        if not isinstance(sid, str) or grade not in GRADES:
            continue
        src_grade = ctx.sources.get(sid, ({}, None))[0].get("grade")
        if src_grade in GRADES and GRADES.index(grade) < GRADES.index(src_grade):
            yield ctx.error(
                doc,
                (*path, "grade"),
                f'等级 {grade} 比来源 "{sid}" 的等级 {src_grade} 高；'
                f"一个数字的等级不能高于它的来源，删掉 grade 或写 {src_grade}",
            )


# ---------------------------------------------------------------- regions and topics


def region_file_named_by_code(ctx: Context) -> Iterator[DataError]:
    """A region file is named <code>-<pinyin>.yaml."""
    for doc in ctx.dataset.of_kind("region"):
        code = _region_code(doc.data)
        pinyin = doc.data.get("pinyin") if isinstance(doc.data, dict) else None
        if code is None or not isinstance(pinyin, str):
            continue
        want, have = f"{code}-{pinyin}.yaml", doc.rel.rsplit("/", 1)[-1]
        if have != want:
            yield ctx.error(
                doc,
                ("code",),
                f"文件名应该是 {want}（代码-拼音.yaml），现在是 {have}；改文件名，或改 code / pinyin",
            )


def region_codes_unique(ctx: Context) -> Iterator[DataError]:
    """Two region files never share a code."""
    for doc in ctx.dataset.of_kind("region"):
        code = _region_code(doc.data)
        first = ctx.by_code.get(code) if code is not None else None
        if first is not None and first is not doc:
            yield ctx.error(doc, ("code",), f'代码 "{code}" 重复了；{first.rel} 用的也是这个代码')


def topic_file_named_by_slug(ctx: Context) -> Iterator[DataError]:
    """A topic file is named <slug>.yaml."""
    for doc in ctx.dataset.of_kind("topic"):
        slug = doc.data.get("slug") if isinstance(doc.data, dict) else None
        have = doc.rel.rsplit("/", 1)[-1]
        if isinstance(slug, str) and have != f"{slug}.yaml":
            yield ctx.error(
                doc,
                ("slug",),
                f"文件名应该是 {slug}.yaml（和 slug 一致），现在是 {have}；改文件名或改 slug",
            )


def topic_titles_unique(ctx: Context) -> Iterator[DataError]:
    """Two topics never share a title (their guide pages and search results would look the same)."""
    seen: dict[str, Doc] = {}
    for doc in ctx.dataset.of_kind("topic"):
        title = doc.data.get("title") if isinstance(doc.data, dict) else None
        if not isinstance(title, str):
            continue
        first = seen.setdefault(title, doc)
        if first is not doc:
            yield ctx.error(
                doc,
                ("title",),
                f'标题 "{title}" 和 {first.rel}:{first.line(("title",))} 重复了；'
                "每个事项的标题要不同，改成能区分开的说法",
            )


def _regions_with_parent(ctx: Context) -> Iterator[tuple[Doc, str, str]]:
    """(file, code, parent) of every region counted under its code, whose parent exists."""
    for doc in ctx.dataset.of_kind("region"):
        code = _region_code(doc.data)
        parent = doc.data.get("parent") if isinstance(doc.data, dict) else None
        if code is None or ctx.by_code.get(code) is not doc or not isinstance(parent, str):
            continue
        yield doc, code, parent


def parent_exists(ctx: Context) -> Iterator[DataError]:
    """A region's parent is the national file or another region file."""
    for doc, _code, parent in _regions_with_parent(ctx):
        if parent not in ctx.by_code:
            yield ctx.error(
                doc,
                ("parent",),
                f'上级地区 "{parent}" 不存在；parent 写上一级地区的 6 位代码，'
                "并确认 data/regions/ 里有它的文件",
            )


def parents_have_no_cycle(ctx: Context) -> Iterator[DataError]:
    """Following `parent` from any region reaches the national file."""
    for doc, code, parent in _regions_with_parent(ctx):
        seen, cur = [code], parent
        while cur != NATIONAL_CODE and cur in ctx.by_code:
            if cur in seen:
                yield ctx.error(
                    doc,
                    ("parent",),
                    f"上级地区形成了循环（{' → '.join([*seen, cur])}）；"
                    "每个地区的 parent 要写比它高一级的地区",
                )
                break
            seen.append(cur)
            nxt = ctx.by_code[cur].data
            cur = nxt.get("parent") if isinstance(nxt, dict) else None
            if not isinstance(cur, str):
                break  # reported on that file


def parent_is_higher_level(ctx: Context) -> Iterator[DataError]:
    """A city's parent is a province, a district's a city or a province."""
    for doc, _code, parent in _regions_with_parent(ctx):
        if parent not in ctx.by_code:
            continue
        pdata = ctx.by_code[parent].data
        plevel = "national" if parent == NATIONAL_CODE else (pdata or {}).get("level")
        level = doc.data.get("level")
        if level in LEVEL_RANK and plevel in LEVEL_RANK and LEVEL_RANK[plevel] >= LEVEL_RANK[level]:
            yield ctx.error(
                doc,
                ("parent",),
                f'上级地区 "{parent}" 的层级（{plevel}）不比本地区（{level}）高；'
                "parent 写上一级地区的代码",
            )


def region_references_exist(ctx: Context) -> Iterator[DataError]:
    """A `region: "<code>"` tag names a region that has a file."""
    for doc, path, node in ctx.nodes:
        if path and path[0] == "sources":
            continue
        code = node.get("region")
        if isinstance(code, str) and re.fullmatch(r"\d{6}", code) and code not in ctx.by_code:
            yield ctx.error(
                doc,
                (*path, "region"),
                f'地区代码 "{code}" 不存在；写 data/regions/ 里已有的地区代码',
            )


def _unknown_topic(slug: str, ctx: Context) -> str:
    hint = _did_you_mean(slug, ctx.slugs, 0.6)
    return f'未知事项 "{slug}"{hint}；写 data/topics/ 里已有事项的文件名（不带 .yaml）'


def faq_topics_exist(ctx: Context) -> Iterator[DataError]:
    """The topics an FAQ answer links to exist."""
    for doc, path, node in ctx.nodes:
        topics = node.get("topics")
        if doc.kind != "faq" or not isinstance(topics, list):
            continue
        for i, slug in enumerate(topics):
            if isinstance(slug, str) and slug not in ctx.slugs:
                yield ctx.error(doc, (*path, "topics", i), _unknown_topic(slug, ctx))


def topic_overrides_exist(ctx: Context) -> Iterator[DataError]:
    """A region's `topics:` block changes topics that exist."""
    for doc in ctx.content_docs:
        topics = doc.data.get("topics") if isinstance(doc.data, dict) else None
        if doc.kind not in ("national", "region") or not isinstance(topics, dict):
            continue
        for slug in topics:
            if slug not in ctx.slugs:
                yield ctx.error(doc, ("topics", slug), _unknown_topic(slug, ctx))


def hospital_levels_known(ctx: Context) -> Iterator[DataError]:
    """Inpatient rules name only the hospital levels the region uses."""
    for code, doc in ctx.by_code.items():
        levels = ctx.hospital_levels(code)
        block = doc.data.get("inpatient")
        if not levels or not isinstance(block, dict):
            continue
        for scheme, rules in block.items():
            named = rules.get("levels") if isinstance(rules, dict) else None
            for name in named if isinstance(named, dict) else ():
                if name not in levels:
                    yield ctx.error(
                        doc,
                        ("inpatient", scheme, "levels", name),
                        f'医院等级 "{name}" 不在本地区的 '
                        f"hospital_levels（{', '.join(map(str, levels))}）里；"
                        "改用其中之一，或在本文件写上 hospital_levels",
                    )


def _facts(ctx: Context) -> Iterator[tuple[Doc, tuple, dict]]:
    """Every policy figure (a mapping with dated `values`) of the national and region files."""
    for doc, path, node in ctx.nodes:
        values = node.get("values")
        if (
            doc.kind in ("national", "region")
            and path
            and path[0] not in ("sources", "topics", "hotlines")
            and isinstance(values, dict)
        ):
            yield doc, path, values


def amounts_within_bounds(ctx: Context) -> Iterator[DataError]:
    """A figure stays under the plausible bound for its kind (calc.limits, which calc also applies).

    A value carrying a `flag` is already marked doubtful (shown as 存疑, never used by calc): it is
    recorded as its source wrote it, so it is not refused here.
    """
    for doc, path, values in _facts(ctx):
        param = ".".join(str(p) for p in path)
        bound = limits.bound_for(param)
        if bound is None or bound[1] == "比例":  # fractions: the schema already says 0 to 1
            continue
        for date, entry in values.items():
            if not isinstance(entry, dict) or entry.get("flag"):
                continue
            problem = limits.problem(param, entry.get("value"))
            if problem:
                yield ctx.error(doc, (*path, "values", date, "value"), problem)


RULES: list[Rule] = [
    known_file_kinds,
    files_not_empty,
    dates_are_real,
    verified_not_in_future,
    verified_not_before_source,
    source_ids_unique,
    source_references_exist,
    grade_not_above_source,
    region_file_named_by_code,
    region_codes_unique,
    topic_file_named_by_slug,
    topic_titles_unique,
    parent_exists,
    parents_have_no_cycle,
    parent_is_higher_level,
    region_references_exist,
    faq_topics_exist,
    topic_overrides_exist,
    hospital_levels_known,
    amounts_within_bounds,
]


def run_rules(dataset: Dataset, as_of: str, rules: Iterable[Rule] = RULES) -> list[DataError]:
    """Every error every rule finds."""
    ctx = Context(dataset, as_of)
    return [error for rule in rules for error in rule(ctx)]
