"""Numbers in prose come from data: the `{{…}}` reference syntax, its resolution and the number check.

A topic, FAQ or glossary text never writes a figure itself. It names the dated data entry that holds
it, and the model step replaces the reference with the entry's value in force on the build date
(before any template runs, so templates receive plain text):

    {{waiting_period.fixed_months}}                  a param of the national file      → 3 个月
    {{上海:employee_contribution.tiers.一档.flexible_rate}}  a region's param (code, 简称 or pinyin)
    {{figure.hotline_mohrss}}                        a figure (`figures:` in any data file) → 12333
    {{hotline.main}} / {{深圳:hotline.投诉举报}}         a hotline of a file, by `main` or purpose
    {{rejected.seed-000-waiting-3-6-months}}         the claim of a record in data/rejected.yaml
    {{… | plain}}  without 不低于/不超过   {{… | number}}  the bare number   {{… | year}}  the year it took effect

A region's value is the one it states or inherits. A reference whose entry is flagged (存疑), or
that has no value on the build date, is an error with FILE:LINE.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from . import facts, labels
from .errors import DataError, format_path
from .load import Dataset, Doc
from .resolve import NATIONAL_CODE, collect_sources, convert_fact, merge, own_params

__all__ = [
    "PROSE_KINDS",
    "REFERENCE",
    "Lookup",
    "number_errors",
    "reference_errors",
    "resolve_text",
    "unreferenced_numbers",
    "with_references_resolved",
]

REFERENCE = re.compile(r"\{\{([^{}]*)\}\}")
PROSE_KINDS = ("topic", "faq", "glossary")
FORMATS = ("", "plain", "number", "year")
DURATIONS = (
    "个月",
    "年",
    "天",
    "个工作日",
)  # a lower bound of a duration reads 不少于, of an amount 不低于
# Keys whose strings are identifiers, not prose.
NOT_PROSE = {"slug", "order", "url", "region", "source", "sources", "kind", "topics", "corrects"}
NOT_PROSE |= {"hotline_purposes", "see_also", "unknown"}

# ---------------------------------------------------------------- what counts as a number

CN_NUMERALS = "零〇一二三四五六七八九十百千万亿两半壹贰叁肆伍陆柒捌玖拾佰仟"
# A Chinese numeral is a number when a unit of time, money, age, share or count follows it
# (三个月, 一年, 两千元, 五成, 一次). Tier and grade names (一档, 二级医院, 三类) and words such as
# 一般, 统一, 一段时间, 两病 are not quantities and are not followed by these units.
CN_UNITS = "个工作日|工作日|个百分点|百分点|个月|个星期|星期|小时|分钟|周岁|岁|年|月|周|天|日|元|块|倍|成|次"
CN_QUANTITY = re.compile(
    rf"(?<![第{CN_NUMERALS}])(?!(?<=[下上这那每同当])一)[{CN_NUMERALS}]+[多余]?(?:{CN_UNITS})"
)
# Exceptions, each a citation or a position rather than a figure:
#   第五十八条, 第 2 款, 第一步 — an article of a law or a step's place in a list;
#   下一年, 这一次, 每一年 — 一 after 下/上/这/那/每/同/当 points at a year or a time, it is no length;
#   a list marker at the very start of a text: "1. ", "（一）", "①".
ORDINAL = re.compile(rf"第\s*[0-9０-９{CN_NUMERALS}]+")
LIST_MARKER = re.compile(
    r"^\s*(?:[0-9０-９]{1,2}[.．、)）]\s|[（(][一二三四五六七八九十]{1,3}[)）]|[①-⑳])"
)


def _is_digit_char(ch: str) -> bool:
    """Any digit or numeric symbol that is not a Chinese numeral: 7, ７, ①, Ⅳ, ½, ²."""
    if ch in CN_NUMERALS or unicodedata.category(ch) not in ("Nd", "Nl", "No"):
        return False
    return not unicodedata.name(ch, "").startswith("CJK")


def unreferenced_numbers(text: str) -> list[str]:
    """The numbers written in `text` outside `{{…}}` references (empty when there are none)."""
    if not isinstance(text, str):
        return []
    bare = REFERENCE.sub(" ", text)
    bare = LIST_MARKER.sub(" ", bare, count=1)
    bare = ORDINAL.sub(" ", bare)
    found = []
    run = ""
    for ch in bare:
        if _is_digit_char(ch) or (run and ch in ".,，．%％"):
            run += ch
            continue
        if run:
            found.append(run.rstrip(".,，．"))
            run = ""
    if run:
        found.append(run.rstrip(".,，．"))
    found.extend(m.group(0) for m in CN_QUANTITY.finditer(bare))
    return [f for f in found if f]


def prose_strings(doc: Doc) -> Iterator[tuple[tuple, str]]:
    """Every prose string of a topic, FAQ or glossary file, with its path."""

    def walk(node: Any, path: tuple):
        if isinstance(node, dict):
            for key, sub in node.items():
                if key in NOT_PROSE or (not path and key == "sources"):
                    continue
                yield from walk(sub, (*path, key))
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                yield from walk(sub, (*path, i))
        elif isinstance(node, str):
            yield path, node

    data = doc.data if isinstance(doc.data, dict) else {}
    yield from walk({k: v for k, v in data.items() if k != "sources"}, ())


def number_errors(dataset: Dataset) -> list[DataError]:
    """A number written in topic, FAQ or glossary prose instead of a data reference."""
    errors = []
    for doc in dataset.docs:
        if doc.kind not in PROSE_KINDS:
            continue
        for path, text in prose_strings(doc):
            found = unreferenced_numbers(text)
            if found:
                shown = "、".join(dict.fromkeys(found))
                errors.append(
                    DataError(
                        doc.rel,
                        doc.line(path),
                        format_path(path),
                        f"正文里直接写了数字（{shown}）；改成引用数据里的条目，例如 "
                        "{{figure.<id>}}，见 DEVELOPERS.md 的“正文里的数字”",
                    )
                )
    return errors


# ---------------------------------------------------------------- looking references up


@dataclass
class Found:
    """What one reference resolved to."""

    text: str
    source: str | None = None
    grade: str | None = None
    derived: str | None = None


@dataclass
class Lookup:
    """Facts, figures, hotlines and rejected records of a dataset, resolved lazily by region."""

    dataset: Dataset
    as_of: str
    sources: dict = field(default_factory=dict)
    docs: dict[str, Doc] = field(default_factory=dict)
    names: dict[str, set] = field(default_factory=dict)
    figures: dict[str, tuple[dict, Doc]] = field(default_factory=dict)
    rejected: dict[str, dict] = field(default_factory=dict)
    _params: dict[str, dict] = field(default_factory=dict)

    def __post_init__(self):
        self.sources = collect_sources(self.dataset)
        for doc in self.dataset.of_kind("national") + self.dataset.of_kind("region"):
            data = doc.data if isinstance(doc.data, dict) else {}
            code = str(data.get("code", ""))
            self.docs.setdefault(code, doc)
            for key in ("short_name", "pinyin", "name"):
                if isinstance(data.get(key), str):
                    self.names.setdefault(data[key], set()).add(code)
        for doc in self.dataset.docs:
            data = doc.data if isinstance(doc.data, dict) else {}
            for fid, fig in (data.get("figures") or {}).items():
                if isinstance(fig, dict):
                    self.figures.setdefault(fid, (fig, doc))
            if doc.kind == "rejected":
                for rec in data.get("rejected") or []:
                    if isinstance(rec, dict) and isinstance(rec.get("id"), str):
                        self.rejected.setdefault(rec["id"], rec)

    def region(self, name: str) -> tuple[str | None, str | None]:
        """(code, error) for a region named by its code, 简称, name or pinyin."""
        if name in self.docs:
            return name, None
        codes = self.names.get(name) or set()
        if len(codes) == 1:
            return next(iter(codes)), None
        if codes:
            return None, f"地区“{name}”不止一个（{'、'.join(sorted(codes))}）；改用 6 位代码"
        return None, f"没有叫“{name}”的地区；写 data/regions/ 里已有地区的代码、简称或拼音"

    def params(self, code: str) -> dict:
        """A region's params after inheritance (national → … → code)."""
        if code not in self._params:
            chain, cur = [], code
            while cur in self.docs and cur not in chain:
                chain.append(cur)
                parent = (self.docs[cur].data or {}).get("parent")
                cur = str(parent) if parent and cur != NATIONAL_CODE else None
            merged: dict = {}
            for c in reversed(chain):
                merged = merge(merged, own_params(self.docs[c], self.sources))
            self._params[code] = merged
        return self._params[code]

    def hotline(self, code: str, which: str) -> tuple[dict | None, str | None]:
        doc = self.docs.get(code)
        lines = [h for h in ((doc.data or {}).get("hotlines") or []) if isinstance(h, dict)]
        pick = (
            [h for h in lines if h.get("main")]
            if which == "main"
            else sorted(
                (h for h in lines if h.get("purpose") == which), key=lambda h: not h.get("main")
            )
        )
        if not pick:
            return None, f"{_name(doc)}的数据文件里没有{'主要' if which == 'main' else which}电话"
        return pick[0], None

    def figure(self, fid: str) -> tuple[dict | None, str | None]:
        found = self.figures.get(fid)
        if found is None:
            return None, f"没有 id 为 {fid} 的数字；先在某个数据文件的 figures: 下写上它"
        fig, doc = found
        return convert_fact(fig, doc, ("figures", fid), self.sources) | {
            "unit": fig.get("unit"),
            "label": fig.get("label"),
        }, None


def _name(doc: Doc | None) -> str:
    return ((doc.data or {}).get("name") if doc else None) or "全国"


def _format(value: Any, unit: str | None, path: str | None, bound: str | None, fmt: str) -> str:
    """A value for prose: "3 个月", "不低于 400 元", "最多降低 10 个百分点", "60%", "12393"."""
    if fmt == "number":
        if isinstance(value, int | float | Decimal) and unit in ("比例", "百分点"):
            return format((Decimal(str(value)) * 100).normalize(), "f")
        return labels.format_number(value) if isinstance(value, int | float) else str(value)
    if unit == "百分点":
        points = format((Decimal(str(value)) * 100).normalize(), "f")
        if value == 0:
            return "不降低"
        return f"{'最多' if bound == 'max' and fmt != 'plain' else ''}降低 {points} 个百分点"
    if isinstance(value, list) and len(value) == 2 and path is None:
        low, high = (_format(v, unit, None, None, "number") for v in value)
        text = f"{low}%–{high}%" if unit == "比例" else f"{low}–{high} {unit}"
    elif path is not None:
        text = labels.format_value(path, value)
    elif unit == "比例":
        text = format((Decimal(str(value)) * 100).normalize(), "f") + "%"
    elif unit == "电话" or unit is None:
        text = str(value)
    else:
        text = f"{labels.format_number(value)} {unit}"
    if fmt != "plain" and bound == "min":
        text = ("不少于 " if (unit or labels.unit(path or "")) in DURATIONS else "不低于 ") + text
    elif fmt != "plain" and bound == "max":
        text = "不超过 " + text
    return text


def resolve_reference(body: str, lookup: Lookup, default_code: str) -> tuple[Found | None, str]:
    """One reference body ("上海:…|plain") → (Found, "") or (None, what is wrong)."""
    body, _, fmt = body.partition("|")
    body, fmt = body.strip(), fmt.strip()
    if fmt not in FORMATS:
        return None, f"不认识的格式“{fmt}”；可以写 plain、number 或 year，或者不写"
    code = default_code
    if ":" in body:
        name, _, body = body.partition(":")
        code, problem = lookup.region(name.strip())
        if code is None:
            return None, problem
        body = body.strip()
    kind, _, rest = body.partition(".")
    if not rest:
        return (
            None,
            f"引用“{body}”不完整；写成 参数路径、figure.<id>、hotline.main 或 rejected.<id>",
        )
    if kind == "rejected":
        rec = lookup.rejected.get(rest)
        if rec is None:
            return None, f"data/rejected.yaml 里没有 id 为 {rest} 的记录"
        return Found(text=str(rec.get("claim", ""))), ""
    if kind == "hotline":
        line, problem = lookup.hotline(code, rest)
        if line is None:
            return None, problem
        if line.get("flag"):
            return None, f"电话 {line.get('number')} 带有存疑标记；正文不能引用存疑的电话"
        text = str(line.get("since", ""))[:4] if fmt == "year" else str(line.get("number"))
        grade = facts.worst_grade(
            (lookup.sources.get(line.get("source")) or {}).get("grade"), line.get("grade")
        )
        return Found(text=text, source=line.get("source"), grade=grade), ""
    if kind == "figure":
        fact, problem = lookup.figure(rest)
        if fact is None:
            return None, problem
        unit, path = fact["unit"], None
    else:
        fact, path = lookup.params(code), body
        for key in body.split("."):
            fact = fact.get(key) if isinstance(fact, dict) else None
        if not facts.is_fact(fact):
            where = "全国" if code == NATIONAL_CODE else _name(lookup.docs.get(code))
            return None, f"{where}的数据里没有参数 {body}（本地区和上级地区都没有写）"
        unit = labels.unit(body)
    entry = facts.current(fact, lookup.as_of)
    if entry is None:
        return None, f"{body} 在 {lookup.as_of} 没有生效的数值；检查日期，或引用有数值的参数"
    if entry.get("flag"):
        return (
            None,
            f"{body} 在 {lookup.as_of} 的数值带有存疑标记（{entry['flag']}）；正文不能引用存疑的数字",
        )
    if fmt == "year":
        text = entry["from"][:4]
    else:
        text = _format(entry["value"], unit, path, fact.get("bound"), fmt)
        if entry.get("derived") and fmt != "number":
            text += "（推算）"
    return Found(
        text=text,
        source=entry.get("source"),
        grade=entry.get("grade"),
        derived=entry.get("derived"),
    ), ""


def resolve_text(text: str, lookup: Lookup, default_code: str = NATIONAL_CODE):
    """(plain text, [Found], [problems]) for one prose string."""
    used: list[Found] = []
    problems: list[str] = []

    def replace(m: re.Match) -> str:
        found, problem = resolve_reference(m.group(1), lookup, default_code)
        if found is None:
            problems.append(f"{{{{{m.group(1)}}}}}：{problem}")
            return m.group(0)
        used.append(found)
        return found.text

    return REFERENCE.sub(replace, text), used, problems


# ---------------------------------------------------------------- whole files


def doc_prose(doc: Doc) -> Iterator[tuple[tuple, str]]:
    """Prose strings that may hold references: topics, FAQ and glossary, and regions' topic blocks."""
    if doc.kind in PROSE_KINDS:
        yield from prose_strings(doc)
    elif doc.kind in ("national", "region") and isinstance((doc.data or {}).get("topics"), dict):
        sub = Doc(rel=doc.rel, kind="topic", data=doc.data["topics"])
        for path, text in prose_strings(sub):
            yield ("topics", *path), text


def _default_code(doc: Doc) -> str:
    """References without a region name the national file, or the region whose file holds them."""
    if doc.kind == "region":
        return str((doc.data or {}).get("code"))
    return NATIONAL_CODE


def reference_errors(dataset: Dataset, as_of: str) -> list[DataError]:
    """Every reference that cannot be resolved on `as_of`, with FILE:LINE."""
    lookup = Lookup(dataset, as_of)
    errors = []
    for doc in dataset.docs:
        for path, text in doc_prose(doc):
            if "{{" not in text and "}}" not in text:
                continue
            if text.count("{{") != text.count("}}"):
                errors.append(
                    DataError(
                        doc.rel,
                        doc.line(path),
                        format_path(path),
                        "引用的 {{ 和 }} 没有配对；每个引用写成 {{参数路径}}",
                    )
                )
                continue
            _, _, problems = resolve_text(text, lookup, _default_code(doc))
            errors.extend(
                DataError(doc.rel, doc.line(path), format_path(path), p) for p in problems
            )
    return errors


def _cite(item: dict, used: list[Found], extra: list[str]) -> None:
    """Give an item the source of the figures it states; the other sources go to `extra`."""
    sources = [f.source for f in used if f.source]
    if not sources:
        return
    own = item.get("source")
    if own is None:
        item["source"] = sources[0]
        if any(f.grade == "C" for f in used if f.source == sources[0]):
            item.setdefault("grade", "C")
    extra.extend(s for s in sources if s != item["source"])


def _resolve_in(node: Any, lookup: Lookup, code: str, extra: list[str], top: bool = False):
    """A copy of `node` with every reference replaced; items get their figures' sources.

    `top`: the node is a whole topic or a FAQ question, whose figures' sources go to `extra`
    rather than to a `source` of its own.
    """
    if isinstance(node, dict):
        out: dict = {}
        used_here: list[Found] = []
        for key, sub in node.items():
            if key in NOT_PROSE:
                out[key] = copy.deepcopy(sub)
            elif isinstance(sub, str) and "{{" in sub:
                out[key], used, _ = resolve_text(sub, lookup, code)
                used_here.extend(used)
            else:
                out[key] = _resolve_in(sub, lookup, code, extra)
        if used_here:
            if top or "unknown" in node:
                extra.extend(f.source for f in used_here if f.source)
            else:
                _cite(out, used_here, extra)
        return out
    if isinstance(node, list):
        out_list: list = []
        for sub in node:
            if isinstance(sub, str) and "{{" in sub:
                text, used, _ = resolve_text(sub, lookup, code)
                item = {"text": text}
                _cite(item, used, extra)
                out_list.append(item)
            else:
                out_list.append(_resolve_in(sub, lookup, code, extra))
        return out_list
    return copy.deepcopy(node)


def _with_sources(data: dict, key: str, extra: list[str]) -> None:
    if not extra:
        return
    listed = list(data.get(key) or [])
    listed.extend(s for s in dict.fromkeys(extra) if s not in listed)
    data[key] = listed


def with_references_resolved(dataset: Dataset, as_of: str) -> Dataset:
    """The dataset with every prose reference replaced by its value on `as_of` (files untouched).

    Items that state a referenced figure get its source; FAQ answers and topics list the sources
    of the figures they state. Call after validation: a reference that cannot be resolved is left
    as written.
    """
    if not any("{{" in text for doc in dataset.docs for _, text in doc_prose(doc)):
        return dataset
    lookup = Lookup(dataset, as_of)
    docs = []
    for doc in dataset.docs:
        if doc.kind in PROSE_KINDS and isinstance(doc.data, dict):
            data = _resolve_doc(doc, lookup)
        elif doc.kind in ("national", "region") and isinstance(
            (doc.data or {}).get("topics"), dict
        ):
            data = dict(doc.data)
            topics = {}
            for slug, block in doc.data["topics"].items():
                extra: list[str] = []
                resolved = _resolve_in(block, lookup, _default_code(doc), extra, top=True)
                if isinstance(resolved, dict):
                    _with_sources(resolved, "sources", extra)
                topics[slug] = resolved
            data["topics"] = topics
        else:
            docs.append(doc)
            continue
        docs.append(
            Doc(
                rel=doc.rel,
                kind=doc.kind,
                data=data,
                lines=doc.lines,
                text=doc.text,
                inner=doc.inner,
            )
        )
    return Dataset(docs, dataset.data_rel)


def _resolve_doc(doc: Doc, lookup: Lookup) -> dict:
    data = doc.data
    if doc.kind == "topic":
        extra: list[str] = []
        out = _resolve_in(data, lookup, NATIONAL_CODE, extra, top=True)
        _with_sources(out, "sources", extra)
        return out
    key = "questions" if doc.kind == "faq" else "terms"
    out = {k: copy.deepcopy(v) for k, v in data.items() if k != key}
    items = []
    for item in data.get(key) or []:
        extra = []
        resolved = _resolve_in(item, lookup, NATIONAL_CODE, extra, top=doc.kind == "faq")
        if isinstance(resolved, dict) and extra:
            if doc.kind == "faq":
                _with_sources(resolved, "sources", extra)
            else:  # a glossary term shows `sources` when it has them, else its `source`
                resolved["sources"] = [
                    s for s in dict.fromkeys([resolved.get("source"), *extra]) if s
                ]
        items.append(resolved)
    out[key] = items
    return out
