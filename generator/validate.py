"""Validate the data files: JSON Schema plus the rules a schema cannot state, in plain Chinese."""

from __future__ import annotations

import difflib
import json
import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource

from . import provenance
from .errors import DataError
from .load import Dataset, Doc, load_dir
from .resolve import NATIONAL_CODE
from .rules import DATE_RX, RULES, Rule, display_path, run_rules

__all__ = ["RULES", "SCHEMA_FOR_KIND", "Rule", "display_path", "validate"]

SCHEMA_FOR_KIND = {
    "national": "national.schema.json",
    "region": "region.schema.json",
    "topic": "topic.schema.json",
    "glossary": "glossary.schema.json",
    "faq": "faq.schema.json",
    "rejected": "rejected.schema.json",
}

TYPE_ZH = {
    "number": "数字",
    "integer": "整数",
    "string": "文字",
    "object": "一组字段（名称: 值）",
    "array": "列表（每项以 - 开头）",
    "boolean": "true 或 false",
    "null": "空（null）",
}
REQUIRED_HINT = {
    "source": "每个数字都要写明来源的 id（在 sources: 里声明）",
    "verified": "写上你对照来源核对的日期，例如 2026-11-24",
    "value": "写上数值；从这天起不再适用时写 value: null",
    "values": "按生效日期写数值，例如 values: {2026-01-01: {value: …, source: …, verified: …}}",
    "title": "写上标题",
    "date": "写上来源的发布日期，例如 2025-03-27",
    "grade": "写上可靠等级 A、B 或 C",
    "since": "写上电话开始使用或第一次见到的日期，例如 2025-03-27",
    "number": '写上电话号码，例如 "12393"',
    "department": "写上部门名称",
    "code": '写上 6 位行政区划代码，两边加引号，例如 "440300"',
    "parent": '写上上一级地区的 6 位代码，两边加引号，例如 "440000"',
    "name": "写上全称，例如 深圳市",
    "short_name": "写上简称，例如 深圳",
    "pinyin": "写上拼音（小写字母），例如 shenzhen",
    "level": "写上层级：province（省级）、city（市级）或 district（区县）",
    "text": "写上内容",
    "tiers": "写上缴费档次，例如 一档",
    "groups": "写上人群，例如 全体",
}


# ---------------------------------------------------------------- schema loading


def _signature(schema_dir: Path) -> tuple:
    """The schema files and their modification times: a changed schema is read again."""
    return tuple((p.name, p.stat().st_mtime_ns) for p in sorted(Path(schema_dir).glob("*.json")))


@lru_cache(maxsize=8)
def _validators(schema_dir: str, signature: tuple = ()) -> dict[str, Draft202012Validator]:
    schemas = {}
    for p in sorted(Path(schema_dir).glob("*.json")):
        schemas[p.name] = json.loads(p.read_text(encoding="utf-8"))
    resources = []
    for name, schema in schemas.items():
        res = Resource.from_contents(schema)
        resources.append((name, res))
        if schema.get("$id") and schema["$id"] != name:
            resources.append((schema["$id"], res))
    registry = Registry().with_resources(resources)
    return {
        name: Draft202012Validator(schema, registry=registry) for name, schema in schemas.items()
    }


# ---------------------------------------------------------------- messages


def describe(v: Any) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        short = v if len(v) <= 30 else v[:30] + "…"
        return f'文字 "{short}"'
    if isinstance(v, int | float):
        return f"数字 {v}"
    if v is None:
        return "空的"
    if isinstance(v, list):
        return "一个列表"
    if isinstance(v, dict):
        return "一组字段"
    return str(v)


def _num(v: Any) -> str:
    return str(int(v)) if isinstance(v, float) and v.is_integer() else str(v)


_PATTERN_MESSAGES = [
    (
        r"^\^\\d\{4\}-\(0\[1-9\]",
        lambda v: f'"{v}" 不是日期的写法；日期写成 YYYY-MM-DD，例如 2026-01-01',
    ),
    (
        r"\\d\{5,8\}",
        lambda v: (
            f'"{v}" 不是电话号码的写法；写成 12393、0755-88366831、010 6500 6161、'
            "400-123-4567 或 11 位手机号，分机写成 0755-88366831 转 8001"
        ),
    ),
    (
        r"^\^\[a-z0-9\]\[a-z0-9-\]\*\$$",
        lambda v: f'"{v}" 只能用小写英文字母、数字和 -，例如 shenzhen-2025-inpatient',
    ),
    (r"0000\$$", lambda v: f'"{v}" 不是省级代码；省级地区的代码以 0000 结尾，例如 "440000"'),
    (
        r"^\^(\[1-8\]\\d\{5\}|\\d\{6\})\$$",
        lambda v: f'"{v}" 不是 6 位行政区划代码；写 6 位数字并加引号，例如 "440300"',
    ),
    (
        r"^\^\[a-z\]\+\(-\[a-z\]\+\)\*\$$",
        lambda v: f'"{v}" 不是拼音的写法；只用小写字母，多个词用 - 连接，例如 shenzhen',
    ),
    (
        r"^\^\(0\[1-9\]\|1\[0-2\]\)-",
        lambda v: f'"{v}" 不是 月-日 的写法；写成例如 "01-01"，两边加引号',
    ),
    (r"https\?", lambda v: f'"{v}" 不是网址；网址要以 http:// 或 https:// 开头'),
    (
        r"^\^\[\^0-9",
        lambda v: "这段文字里有数字；带数字或时间的内容要写成 {text: …, source: …}，注明来源",
    ),
    (r"^\^\[a-z\]\[a-z0-9\]\*", lambda v: f'"{v}" 只能用小写英文字母、数字和 -'),
]


def _pattern_message(pattern: str, value: Any) -> str:
    for rx, make in _PATTERN_MESSAGES:
        if re.search(rx, pattern):
            return make(value)
    return f'"{value}" 的格式不对；应符合 {pattern}'


def _type_message(error: ValidationError) -> str:
    expected = error.validator_value
    types = [expected] if isinstance(expected, str) else list(expected)
    shown = [t for t in types if t != "null"] or types
    want = "或".join(TYPE_ZH.get(t, t) for t in shown)
    now = describe(error.instance)
    if shown == ["integer"] and isinstance(error.instance, float):
        now = f"小数 {error.instance}"
    msg = f"这里应该是{want}，现在是{now}"
    if (
        "string" in shown
        and isinstance(error.instance, int | float)
        and not isinstance(error.instance, bool)
    ):
        msg += f'；在两边加上引号，写成 "{_num(error.instance)}"'
    elif "string" in shown and isinstance(error.instance, bool):
        msg += "；在两边加上引号"
    elif (
        {"number", "integer"} & set(shown)
        and isinstance(error.instance, str)
        and re.fullmatch(r"\s*[-\d,，.]+\s*(元|%|％|万元|个月|年)?\s*", error.instance)
    ):
        msg += "；只写数字，不加逗号、单位或百分号（85% 写 0.85）"
    elif (
        "object" in shown
        and isinstance(error.instance, str)
        and re.search(r"^[\w-]+:\S", error.instance)
    ):
        msg += "；冒号后面要有一个空格，例如 value: 800"
    elif "array" in shown and not isinstance(error.instance, list):
        msg += "；列表的每一项另起一行，以 - 开头"
    return msg


def _ratio_name(path) -> str:
    names = [
        p
        for p in path
        if isinstance(p, str) and p not in ("values", "value") and not DATE_RX.match(p)
    ]
    last = names[-1] if names else ""
    if last.endswith("ratio") or last == "segments":
        return "报销比例"
    if last.endswith("rate"):
        return "费率"
    if "cuts" in names:
        return "降低的比例"
    return "比例"


def _messages(error: ValidationError, doc: Doc) -> list[tuple[tuple, str]]:
    """(instance path, message) pairs for one jsonschema error, digging into anyOf / oneOf."""
    path = tuple(error.absolute_path)
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}

    if kind in ("anyOf", "oneOf"):
        if not error.context:
            return [(path, "同时符合了几种写法；只能选其中一种写法")]
        branches: dict[int, list[ValidationError]] = {}
        for sub in error.context:
            branches.setdefault(sub.relative_schema_path[0], []).append(sub)
        if all(all(e.validator == "required" for e in errs) for errs in branches.values()):
            names = []
            for errs in branches.values():
                for e in errs:
                    names.extend(k for k in e.validator_value if k not in (e.instance or {}))
            names = list(dict.fromkeys(names))
            return [(path, f"缺少 {' 或 '.join(names)}；至少要写其中一个")]

        def score(errs):
            type_fail = any(
                e.validator == "type" and len(e.absolute_path) == len(path) for e in errs
            )
            return (not type_fail, max(len(e.absolute_path) for e in errs), -len(errs))

        best = max(branches.values(), key=score)
        out = []
        for e in best:
            out.extend(_messages(e, doc))
        return out

    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = list((schema.get("properties") or {}).keys())
        patterns = list((schema.get("patternProperties") or {}).keys())
        inst = error.instance if isinstance(error.instance, dict) else {}
        extras = [
            k for k in inst if k not in allowed and not any(re.search(p, k) for p in patterns)
        ]
        out = []
        for key in extras:
            if allowed and difflib.get_close_matches(key, allowed, n=1, cutoff=0.6):
                msg = f'未知字段 "{key}"；可用的字段有 {", ".join(allowed)}（是不是拼错了？）'
            elif allowed:
                msg = (
                    f'未知字段 "{key}"；这里可用的字段有 {", ".join(allowed)}（用不上就删掉这一项）'
                )
            else:
                msg = f'未知字段 "{key}"；这里不能写字段'
            out.append(((*path, key), msg))
        return out or [(path, "有不认识的字段；检查拼写")]

    if kind == "required":
        inst = error.instance if isinstance(error.instance, dict) else {}
        out = []
        for key in error.validator_value:
            if key in inst:
                continue
            title = _title_of(schema, key)
            hint = REQUIRED_HINT.get(key) or f"这里必须写 {key}" + (f"（{title}）" if title else "")
            out.append((path, f"缺少 {key}；{hint}"))
        return out

    if kind == "type":
        return [(path, _type_message(error))]

    if kind in ("minimum", "exclusiveMinimum"):
        v, limit = error.instance, error.validator_value
        rule = "不能小于" if kind == "minimum" else "要大于"
        return [(path, f"{_num(v)} 太小了；{rule} {_num(limit)}")]

    if kind in ("maximum", "exclusiveMaximum"):
        v, limit = error.instance, error.validator_value
        if limit == 1 and schema.get("minimum") == 0:
            name = _ratio_name(path)
            return [(path, f"{_num(v)} 太大了；{name}写成 0 到 1 之间的小数，例如 85% 写 0.85")]
        rule = "不能大于" if kind == "maximum" else "要小于"
        return [(path, f"{_num(v)} 太大了；{rule} {_num(limit)}")]

    if kind == "enum":
        opts = "、".join(str(o) for o in error.validator_value)
        shown = (
            f'"{error.instance}"' if isinstance(error.instance, str) else describe(error.instance)
        )
        return [(path, f"{shown} 不是可选的值；只能写 {opts} 之一")]

    if kind == "const":
        want = error.validator_value
        want_s = f'"{want}"' if isinstance(want, str) else json.dumps(want, ensure_ascii=False)
        if path and path[-1] == "parent" and want == NATIONAL_CODE:
            return [(path, f"省级地区的 parent 应该写 {want_s}（全国）")]
        return [(path, f"这里应该写 {want_s}，现在是{describe(error.instance)}")]

    if kind == "not":
        if path and path[-1] == "parent":
            return [
                (
                    path,
                    f'parent 不能是 "{NATIONAL_CODE}"；只有省级地区（level: '
                    "province）直接属于全国，"
                    "市、区县写上一级地区的代码",
                )
            ]
        return [(path, "这里不能这样写")]

    if kind == "pattern":
        in_names = "propertyNames" in error.absolute_schema_path
        where = (*path, error.instance) if in_names else path
        return [(where, _pattern_message(error.validator_value, error.instance))]

    if kind == "minLength":
        return [(path, "不能是空的；写上内容，或删掉这个字段")]
    if kind == "maxLength":
        return [(path, f"太长了；最多 {error.validator_value} 个字")]
    if kind == "minItems":
        return [(path, f"至少要写 {error.validator_value} 项")]
    if kind == "maxItems":
        return [(path, f"最多只能写 {error.validator_value} 项")]
    if kind == "minProperties":
        return [(path, f"至少要写 {error.validator_value} 项内容；不需要时删掉这个字段")]
    if kind == "uniqueItems":
        return [(path, "列表里有重复的项；删掉重复的那一项")]
    if kind == "dependentRequired":
        return [(path, f"缺少相关字段；{error.message}")]
    if kind == "propertyNames":
        return [(path, "字段名的写法不对")]
    if kind == "False":
        return [(path, "这里不能写这个字段")]
    return [(path, f"写法不对（{kind}）；对照同类文件检查这一项")]


def _title_of(schema: dict, key: str) -> str | None:
    prop = (schema.get("properties") or {}).get(key)
    return prop.get("title") if isinstance(prop, dict) else None


def _schema_errors(doc: Doc, validator: Draft202012Validator) -> list[DataError]:
    out = []
    for error in validator.iter_errors(doc.data):
        for path, message in _messages(error, doc):
            out.append(DataError(doc.rel, doc.line(path), display_path(path), message))
    return out


def validate(dataset: Dataset, schema_dir: Path, as_of: str) -> list[DataError]:
    """Every problem in the dataset, sorted by file and line; [] when the data is good."""
    schema_dir = Path(schema_dir)
    validators = (
        _validators(str(schema_dir.resolve()), _signature(schema_dir))
        if schema_dir.is_dir()
        else {}
    )
    errors: list[DataError] = []
    for doc in dataset.docs:
        name = SCHEMA_FOR_KIND.get(doc.kind)
        validator = validators.get(name) if name else None
        if validator is not None and doc.data is not None:
            errors.extend(_schema_errors(doc, validator))
    errors.extend(run_rules(dataset, as_of, RULES))
    # rejected records, derived values and prose references (prose looked up in clean data only)
    errors.extend(provenance.check(dataset, as_of, others=errors))
    return sorted(set(errors), key=lambda e: (e.file, e.line, e.path, e.message))


def load_valid(data_dir, as_of: str, purpose: str):
    """data/ loaded and validated, or None after printing its errors (for diff and stale)."""
    dataset = load_dir(Path(data_dir))
    errors = validate(dataset, Path(data_dir) / "schema", as_of)
    if not errors:
        return dataset
    for e in errors:
        print(e.text(), file=sys.stderr)
    print(f"data/ 有 {len(errors)} 处错误，先改好再{purpose}", file=sys.stderr)
    return None
