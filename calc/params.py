"""Pick a dated fact's value for a date from the region JSON; absent or flagged: Missing."""

import re

from .errors import DataError, Missing
from .labels import label
from .limits import problem
from .money import to_decimal

__all__ = ["Fact", "Params", "path_text"]

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_LIMIT = 10**12  # any figure beyond this is malformed data, not policy


def path_text(path):
    """A parameter path as dotted text: "inpatient.resident.levels.三级.deductible"."""
    return ".".join(path)


class Fact:
    """One picked value with where it came from."""

    __slots__ = ("bound", "entry", "path", "value")

    def __init__(self, path, value, entry, bound):
        self.path = path
        self.value = value
        self.entry = entry
        self.bound = bound

    @property
    def param(self):
        """The dotted parameter path."""
        return path_text(self.path)

    @property
    def grade(self):
        """The effective grade of the picked value (A, B or C)."""
        return self.entry.get("grade")

    @property
    def derived(self):
        """How the value was derived rather than read (plain Chinese), or None if it was read."""
        derived = self.entry.get("derived")
        return derived.strip() if isinstance(derived, str) and derived.strip() else None


class Params:
    """The resolved region JSON read for one date."""

    def __init__(self, region, date):
        self.region = region
        self.date = date
        tree = region.get("params")
        self.tree = tree if isinstance(tree, dict) else {}

    @property
    def name(self):
        """The region's name for messages."""
        name = self.region.get("name")
        return name if isinstance(name, str) and name else "该地区"

    @property
    def file(self):
        """The region's own data file, where missing values are to be added."""
        file = self.region.get("file")
        return file if isinstance(file, str) and file else None

    def node(self, path):
        """The raw subtree at path, or None."""
        node = self.tree
        for part in path:
            if not isinstance(node, dict):
                return None
            node = node.get(part)
        return node

    def has(self, path):
        """Whether the data states anything at path."""
        return self.node(path) is not None

    def keys(self, path):
        """The keys of the mapping at path (empty if none)."""
        node = self.node(path)
        return [k for k in node if isinstance(k, str)] if isinstance(node, dict) else []

    def fact(self, path, kind="number", nullable=False):
        """The value in force on the date; raise Missing if absent, ended or flagged."""
        return self.facts([path], kind=kind, nullable=nullable)[0]

    def facts(self, paths, kind="number", nullable=False):
        """Several facts of one kind at once, so one Missing names every absent one."""
        return self.gather([(path, kind, nullable) for path in paths])

    def gather(self, specs):
        """Facts from (path, kind, nullable) triples; one Missing names every absent one."""
        found, missing = [], []
        for path, kind, nullable in specs:
            try:
                found.append(self._pick(tuple(path), kind, nullable))
            except Missing as exc:
                missing.extend(exc.items)
        if missing:
            raise Missing(missing)
        return found

    def optional(self, path, kind="number", nullable=False):
        """The fact if the data states it, else None (a stated but unusable fact still raises)."""
        return self.fact(path, kind, nullable) if self.has(path) else None

    def missing_item(self, path, problem, line=None):
        """A Missing item for path: the reader's "<region>的数据<problem>：<label>。" and, for
        maintainers, the data file (and line) to edit."""
        item = {
            "param": path_text(path),
            "message": f"{self.name}的数据{problem}：{label(path)}。",
            "where": self.file,
        }
        if line is not None:
            item["line"] = line
        return item

    def _pick(self, path, kind, nullable):
        node = self.node(path)
        if node is None:
            raise Missing([self.missing_item(path, "缺少")])
        field = "params.params." + path_text(path)
        if not isinstance(node, dict) or not isinstance(node.get("values"), list):
            raise DataError([{"field": field, "message": "地区数据格式不对：这里应是带日期的数值"}])
        current = None
        for entry in node["values"]:
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("from"), str)
                or not _DATE.match(entry["from"])
            ):
                raise DataError(
                    [{"field": field, "message": "地区数据格式不对：每个数值都要有生效日期"}]
                )
            if entry["from"] <= self.date and (current is None or entry["from"] >= current["from"]):
                current = entry
        if current is None:
            raise Missing([self.missing_item(path, f"没有 {self.date} 当天有效的数值")])
        if current.get("flag"):
            problem = f"有一个存疑的数值（{current['flag']}），计算器不使用存疑的数值"
            raise Missing([self.missing_item(path, problem, current.get("line"))])
        raw = current.get("value")
        if raw is None:
            if not nullable:
                raise Missing(
                    [self.missing_item(path, f"自 {current['from']} 起已停用，没有新的数值")]
                )
            value = None
        else:
            value = _convert(raw, kind, field)
            _check_plausible(path, value, field)
        bound = node.get("bound")
        return Fact(path, value, current, bound if bound in ("max", "min") else None)

    def source(self, fact):
        """The source of a fact as shown to readers: id, title, url, document, grade, verified."""
        sid = fact.entry.get("source")
        sources = self.region.get("sources")
        info = sources.get(sid) if isinstance(sources, dict) and isinstance(sid, str) else None
        info = info if isinstance(info, dict) else {}
        return {
            "id": sid if isinstance(sid, str) else None,
            "title": _text(info.get("title")),
            "url": _text(info.get("url")),
            "document": _text(info.get("document")),
            "grade": _text(fact.entry.get("grade")) or _text(info.get("grade")),
            "verified": _text(fact.entry.get("verified")),
        }


def _text(value):
    return value if isinstance(value, str) else None


def _check_plausible(path, value, field):
    """Refuse a figure above the plausible bound for its kind (calc.limits)."""
    figures = [start for start, _ in value] if isinstance(value, list) else [value]
    for figure in figures:
        why = problem(path_text(path), figure)
        if why:
            raise DataError([{"field": field, "message": f"地区数据不合理：{label(path)} {why}"}])


def _number(raw, field):
    try:
        value = to_decimal(raw)
    except ValueError:
        raise DataError([{"field": field, "message": "地区数据格式不对：这里应是数字"}]) from None
    if abs(value) > _LIMIT or value < 0:
        raise DataError([{"field": field, "message": "地区数据格式不对：数字超出合理范围"}])
    return value


def _convert(raw, kind, field):
    if kind == "number":
        return _number(raw, field)
    if kind == "ratio":
        value = _number(raw, field)
        if value > 1:
            raise DataError([{"field": field, "message": "地区数据格式不对：比例不能超过 1"}])
        return value
    if kind == "segments":
        if not isinstance(raw, list) or not raw:
            raise DataError(
                [{"field": field, "message": "地区数据格式不对：分段应是 [{from, ratio}] 列表"}]
            )
        segments = []
        for item in raw:
            if not isinstance(item, dict) or "from" not in item or "ratio" not in item:
                raise DataError(
                    [{"field": field, "message": "地区数据格式不对：分段应是 [{from, ratio}] 列表"}]
                )
            segments.append((_number(item["from"], field), _number(item["ratio"], field)))
        segments.sort(key=lambda s: s[0])
        if any(ratio > 1 for _, ratio in segments):
            raise DataError([{"field": field, "message": "地区数据格式不对：报销比例不能超过 1"}])
        return segments
    raise DataError([{"field": field, "message": f"unknown kind {kind}"}])
