"""Read the YAML data files, keeping the line of every mapping key and list item."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError, DataErrors, format_path

__all__ = [
    "MAX_DEPTH",
    "Dataset",
    "Doc",
    "FastLineLoader",
    "LineLoader",
    "RefusedYAML",
    "classify",
    "load_dir",
    "load_files",
    "needs_line_loader",
    "parse",
    "printed_path",
]


MAX_DEPTH = 40  # real files nest at most 10 levels; deeper is a mistake or an attack


class RefusedYAML(yaml.MarkedYAMLError):
    """YAML that is valid but not allowed in a data file (an anchor, or nesting too deep)."""


class LineLoader(yaml.SafeLoader):
    """SafeLoader that leaves dates as strings and refuses anchors, aliases and deep nesting.

    Data files never need `&anchor` / `*alias`: each fact is written out where it applies. Refusing
    them while composing keeps a file of nested aliases (a "billion laughs" bomb of a few hundred
    bytes) from expanding into gigabytes; a depth limit keeps `[[[[…` from exhausting the stack.
    """

    def compose_node(self, parent, index):
        event = self.peek_event()
        if not isinstance(event, yaml.AliasEvent) and getattr(event, "anchor", None):
            raise RefusedYAML(problem=f"anchor &{event.anchor}", problem_mark=event.start_mark)
        self._depth = getattr(self, "_depth", 0) + 1
        try:
            if self._depth > MAX_DEPTH:
                raise RefusedYAML(problem="nested too deep", problem_mark=event.start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FastLineLoader(getattr(yaml, "CSafeLoader", LineLoader)):
    """LineLoader on libyaml's parser when PyYAML has it: the same nodes and lines, about 6 times
    faster on 3,000 region files. Its error messages differ, so a file that fails is parsed again
    with LineLoader for the message."""


FastLineLoader.yaml_implicit_resolvers = LineLoader.yaml_implicit_resolvers


@dataclass
class Doc:
    """One data file: its parsed content and the line of every key and list item."""

    rel: str  # path as printed in messages, e.g. data/regions/440300-shenzhen.yaml
    kind: str  # national | region | topic | glossary | faq | rejected | other
    data: Any
    lines: dict[tuple, int] = field(default_factory=dict)
    text: str = ""
    inner: str = ""  # path inside the data folder, e.g. regions/440300-shenzhen.yaml

    @property
    def repo_path(self) -> str:
        """The file's path in the repository (for edit links): data/regions/440300-shenzhen.yaml."""
        return f"data/{self.inner}" if self.inner else self.rel

    def line(self, path=()) -> int:
        """The line of the field at `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)

    @property
    def stem(self) -> str:
        return self.rel.rsplit("/", 1)[-1].removesuffix(".yaml")


@dataclass
class Dataset:
    """Every data file, in a stable order."""

    docs: list[Doc]
    data_rel: str = "data"  # the data folder as printed in messages

    def of_kind(self, kind: str) -> list[Doc]:
        return [d for d in self.docs if d.kind == kind]

    def one(self, kind: str) -> Doc | None:
        found = self.of_kind(kind)
        return found[0] if found else None


def classify(inner: str) -> str:
    """The kind of a file from its path inside data/ (regions/x.yaml → region)."""
    if inner == "national.yaml":
        return "national"
    if inner == "glossary.yaml":
        return "glossary"
    if inner == "faq.yaml":
        return "faq"
    if inner == "rejected.yaml":
        return "rejected"
    if inner.startswith("regions/") and inner.count("/") == 1:
        return "region"
    if inner.startswith("topics/") and inner.count("/") == 1:
        return "topic"
    return "other"


_YAML_HINTS = [
    (
        "mapping values are not allowed",
        "这里不能出现冒号",
        "检查这一行和上一行：冒号后面要有空格，缩进要对齐，文字里带冒号时整段加引号",
    ),
    ("could not find expected ':'", "缺少冒号", "每个字段写成 名称: 值，冒号后面要有空格"),
    ("did not find expected key", "缩进没有对齐", "同一层的字段左边要对齐，用空格缩进，不要用 Tab"),
    (
        "did not find expected '-' indicator",
        "列表项没有对齐",
        "同一个列表的每一项都以 - 开头并左对齐",
    ),
    ("found character '\\t'", "出现了 Tab 字符", "缩进只能用空格，把 Tab 换成两个空格"),
    (
        "found character that cannot start any token",
        "出现了不能放在开头的字符",
        "以 @、`、% 等符号开头的文字要加引号",
    ),
    ("found unexpected end of stream", "引号没有配对", "检查这一行的引号是否成对"),
    ("while scanning a quoted scalar", "引号没有配对", "检查这一行的引号是否成对"),
    ("found undefined alias", "用了未定义的别名（*）", "文字里以 * 开头时整段加引号"),
    ("while scanning an alias", "以 * 开头的文字被当成了别名", "文字里以 * 开头时整段加引号"),
    ("while scanning an anchor", "以 & 开头的文字被当成了锚点", "文字里以 & 开头时整段加引号"),
    ("expected <block end>", "缩进没有对齐", "同一层的字段左边要对齐，用空格缩进"),
    ("expected ',' or ']'", "方括号列表没有写完", "检查 [ ] 是否配对、各项之间是否用逗号隔开"),
    ("expected ',' or '}'", "花括号没有写完", "检查 { } 是否配对、各项之间是否用逗号隔开"),
]


def _yaml_message(exc: yaml.YAMLError) -> tuple[int, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else 1
    if isinstance(exc, RefusedYAML) and exc.problem.startswith("anchor &"):
        name = exc.problem.removeprefix("anchor ")
        return line, (
            f"YAML 格式错误：用了锚点 {name}；数据文件里不用锚点（&）和别名（*），"
            "每项内容直接写出来；文字以 & 开头时整段加引号"
        )
    if isinstance(exc, RefusedYAML) and exc.problem == "alias":
        return line, (
            "YAML 格式错误：用了别名（*）；数据文件里不用锚点（&）和别名（*），每项内容直接写出来；"
            "文字以 * 开头时整段加引号"
        )
    if isinstance(exc, RefusedYAML):
        return line, (
            f"YAML 格式错误：嵌套超过 {MAX_DEPTH} 层；检查方括号、花括号是否配对，"
            "或把内容拆成几个字段"
        )
    problem = " ".join(
        str(p) for p in (getattr(exc, "context", None), getattr(exc, "problem", None)) if p
    )
    for needle, what, check in _YAML_HINTS:
        if needle in problem:
            return line, f"YAML 格式错误：{what}，{check}"
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return line, f"YAML 格式错误：{problem}，检查这一行和上一行的缩进、冒号和引号"


def parse(text: str, rel: str, kind: str = "other") -> Doc:
    """Parse one file's text; raise DataErrors (FILE:LINE) on a syntax error or a duplicate key.

    libyaml reads most files; text that `needs_line_loader` (an anchor, deep brackets) goes to
    LineLoader, which refuses them where they are written, as libyaml would expand aliases and
    crash on very deep nesting.
    """
    loader_class = LineLoader if needs_line_loader(text) else FastLineLoader
    try:
        return _parse(text, rel, kind, loader_class)
    except DataErrors:
        if loader_class is LineLoader:
            raise
        return _parse(text, rel, kind, LineLoader)  # the same error, in PyYAML's own words


def _parse(text: str, rel: str, kind: str, loader_class: type) -> Doc:
    """Parse with one loader. Whatever it composes, a node reached twice (an alias) or nested
    deeper than MAX_DEPTH is refused before it is expanded."""
    loader = loader_class(text)
    errors: list[DataError] = []
    lines: dict[tuple, int] = {}
    try:
        node = loader.get_single_node()
        data = _Converter(loader, lines, errors, rel).convert(node) if node is not None else None
        if node is not None:
            lines[()] = node.start_mark.line + 1
    except yaml.YAMLError as exc:
        line, message = _yaml_message(exc)
        raise DataErrors([DataError(rel, line, "", message)]) from None
    finally:
        loader.dispose()
    if errors:
        raise DataErrors(errors)
    return Doc(rel=rel, kind=kind, data=data, lines=lines, text=text)


def needs_line_loader(text: str) -> bool:
    """True when text may hold an anchor or brackets nested past MAX_DEPTH (counted roughly, quotes
    included): only LineLoader refuses those with the right FILE:LINE."""
    if "&" in text:
        return True
    depth = deepest = 0
    for c in re.sub(r"[^\[\]{}]", "", text):
        depth += 1 if c in "[{" else -1
        deepest = max(deepest, depth)
    return deepest > MAX_DEPTH


class _Converter:
    """Composed YAML nodes to Python values, recording the line of every key and list item."""

    def __init__(self, loader, lines: dict, errors: list, rel: str):
        self.loader, self.lines, self.errors, self.rel = loader, lines, errors, rel
        self.seen: set[int] = set()

    def convert(self, node, path: tuple = ()):
        """The value of `node`; an alias (a node met twice) or deep nesting is refused."""
        if id(node) in self.seen:
            raise RefusedYAML(problem="alias", problem_mark=node.start_mark)
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise RefusedYAML(problem="nested too deep", problem_mark=node.start_mark)
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            items = []
            for i, item in enumerate(node.value):
                self.lines[(*path, i)] = item.start_mark.line + 1
                items.append(self.convert(item, (*path, i)))
            return items
        return self.loader.construct_object(node, deep=True)

    def _mapping(self, node, path: tuple) -> dict:
        self.loader.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = self.loader.construct_object(key_node, deep=True)
            if not isinstance(key, str):
                key = (
                    "null"
                    if key is None
                    else str(key).lower()
                    if isinstance(key, bool)
                    else str(key)
                )
            line = key_node.start_mark.line + 1
            if key in out:
                first = self.lines[(*path, key)]
                self.errors.append(
                    DataError(
                        self.rel,
                        line,
                        format_path((*path, key)),
                        f'重复的字段 "{key}"；同一层里每个字段只能写一次（第 {first} 行已经写过）',
                    )
                )
                continue
            self.lines[(*path, key)] = line
            out[key] = self.convert(value_node, (*path, key))
        return out


def printed_path(path: Path) -> str:
    """A path as messages print it: relative to the working folder when inside it."""
    path = Path(path).resolve()
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:
        return path.as_posix()
    return path.as_posix() if rel.startswith("..") else rel.replace(os.sep, "/")


def _rel(path: Path, data_dir: Path) -> str:
    """The path as printed: relative to the working folder when inside it, else data/<inner>."""
    try:
        rel = os.path.relpath(path, Path.cwd())
    except ValueError:
        rel = ".."
    if rel.startswith(".."):
        return (
            f"{data_dir.name}/{path.relative_to(data_dir).as_posix()}"
            if path != data_dir
            else data_dir.name
        )
    return rel.replace(os.sep, "/")


def data_files(data_dir: Path) -> list[Path]:
    """Every YAML data file under data_dir (schemas excluded), in a stable order."""
    found = [p for p in data_dir.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(found, key=lambda p: (_order(p.relative_to(data_dir).as_posix()), p.as_posix()))


def _order(inner: str) -> int:
    return {"national": 0, "region": 1, "topic": 2, "glossary": 3, "faq": 4}.get(classify(inner), 5)


def load_files(files: list[tuple[str, str, str]], data_rel: str = "data") -> Dataset:
    """Parse (inner path, printed path, text) triples; raise DataErrors with every syntax error."""
    docs, errors = [], []
    for inner, rel, text in files:
        try:
            doc = parse(text, rel, classify(inner))
            doc.inner = inner
            docs.append(doc)
        except DataErrors as exc:
            errors.extend(exc.errors)
    if errors:
        raise DataErrors(errors)
    return Dataset(docs, data_rel)


def load_dir(data_dir: Path) -> Dataset:
    """Load every data file under data_dir."""
    data_dir = Path(data_dir)
    files = []
    for p in data_files(data_dir):
        inner = p.relative_to(data_dir).as_posix()
        rel = _rel(p.resolve(), data_dir.resolve())
        try:
            text = p.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise DataErrors(
                [DataError(rel, 1, "", "文件不是 UTF-8 编码；用 UTF-8 保存这个文件")]
            ) from None
        files.append((inner, rel, text))
    return load_files(files, _rel(data_dir.resolve(), data_dir.resolve()))
