"""Chinese labels and units of param paths, from the JSON Schema titles; value formatting."""

from __future__ import annotations

import json
import re
import time
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["CHANNEL_KINDS", "format_number", "format_value", "label", "set_schema_dir", "unit"]

_SCHEMA_DIR = Path(__file__).resolve().parent.parent / "data" / "schema"

# Used only where the schema gives no title (the schema is the reference).
_FALLBACK_LABELS = {
    "resident_contribution": "居民医保缴费",
    "resident_contribution_minimum": "居民医保最低缴费标准",
    "employee_contribution": "职工医保缴费",
    "individual": "个人缴费",
    "fiscal": "财政补助",
    "amount": "金额",
    "rate": "费率",
    "base": "缴费基数",
    "base_floor": "缴费基数下限",
    "base_cap": "缴费基数上限",
    "employer_rate": "单位费率",
    "employee_rate": "个人费率",
    "flexible_rate": "灵活就业费率",
    "flexible_monthly_amount": "灵活就业每月缴费",
    "inpatient": "住院",
    "resident": "居民医保",
    "employee": "职工医保",
    "deductible": "起付线",
    "ratio": "报销比例",
    "retiree_ratio": "退休人员报销比例",
    "retiree_uplift": "退休人员比例提高",
    "annual_cap": "年度最高支付限额",
    "repeat_admission_deductible_factor": "再次住院起付线系数",
    "outpatient": "普通门诊",
    "annual_limit": "年度限额",
    "retiree_annual_limit": "退休人员年度限额",
    "chronic": "门诊慢特病",
    "two_diseases": "两病",
    "critical_illness": "大病保险",
    "segments": "分段报销比例",
    "cap": "封顶线",
    "hardship": "特困、低保等人员",
    "cross_region": "异地就医",
    "long_term": "长期居住已备案",
    "referral": "转诊",
    "emergency": "急诊抢救",
    "temporary": "临时外出已备案",
    "unfiled": "未备案",
    "waiting_period": "待遇等待期",
    "fixed_months": "固定等待期",
    "variable_months_per_break_year": "每断缴一年增加的等待期",
    "free_break_years": "不增加等待期的断缴年数",
    "payback_months_per_year": "每补缴一年减少的等待期",
    "long_break_years": "长期断缴年数",
    "long_break_min_months": "长期断缴最短等待期",
}
_CONTAINERS = {"levels", "tiers", "groups", "cuts", "limits"}
# Where the schema's generic unit would mislead readers: cuts are percentage points, a factor is 倍.
_FORCED_UNITS = [
    (r"(^|\.)cross_region\.cuts\.", "百分点"),
    (r"(^|\.)repeat_admission_deductible_factor$", "倍"),
]
_FALLBACK_UNITS = [
    (r"(^|\.)cross_region\.cuts\.", "百分点"),
    (r"(^|\.)(base_floor|base_cap|flexible_monthly_amount)$", "元/月"),
    (r"(^|\.)segments$", "分段"),
    (r"_months(_per_\w+)?$", "个月"),
    (r"_years$", "年"),
    (r"(^|\.)(ratio|retiree_ratio|retiree_uplift|rate|\w+_rate)$", "比例"),
    (r"(^|\.)repeat_admission_deductible_factor$", "倍"),
    (
        r"(^|\.)(deductible|annual_cap|cap|annual_limit|retiree_annual_limit|amount|base|高血压|糖尿病)$",
        "元",
    ),
]


def set_schema_dir(path: Path) -> None:
    """Read titles and units from another schema folder (tests, other data folders)."""
    global _SCHEMA_DIR
    _SCHEMA_DIR = Path(path)
    _CACHE.clear()
    _lookup.cache_clear()


def _schemas() -> dict[str, dict]:
    """The schemas, read again when a file in the folder changes (checked at most every second)."""
    now = time.monotonic()
    if "schemas" in _CACHE and now - _CACHE.get("checked", 0.0) < 1.0:
        return _CACHE["schemas"]
    _CACHE["checked"] = now
    signature = (
        tuple((p.name, p.stat().st_mtime_ns) for p in sorted(_SCHEMA_DIR.glob("*.json")))
        if _SCHEMA_DIR.is_dir()
        else ()
    )
    if _CACHE.get("signature") != signature:
        _CACHE["signature"] = signature
        _CACHE["schemas"] = _read_schemas()
        _lookup.cache_clear()
    return _CACHE["schemas"]


_CACHE: dict = {}


def _read_schemas() -> dict[str, dict]:
    out = {}
    if _SCHEMA_DIR.is_dir():
        for p in sorted(_SCHEMA_DIR.glob("*.json")):
            try:
                out[p.name] = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
    return out


def _deref(schema: dict, base: str) -> list[tuple[dict, str]]:
    """The schema and everything it points to through $ref / allOf / anyOf / oneOf, in order."""
    out, todo, seen = [], [(schema, base)], set()
    while todo:
        s, b = todo.pop(0)
        if not isinstance(s, dict) or id(s) in seen:
            continue
        seen.add(id(s))
        out.append((s, b))
        ref = s.get("$ref")
        if isinstance(ref, str):
            target = _resolve_ref(ref, b)
            if target:
                todo.append(target)
        for kw in ("allOf", "anyOf", "oneOf"):
            for sub in s.get(kw, []) or []:
                todo.append((sub, b))
    return out


def _resolve_ref(ref: str, base: str) -> tuple[dict, str] | None:
    doc_name, _, pointer = ref.partition("#")
    doc_name = doc_name.rsplit("/", 1)[-1] or base
    node = _schemas().get(doc_name)
    for part in [p for p in pointer.split("/") if p]:
        if not isinstance(node, dict):
            return None
        node = node.get(part.replace("~1", "/").replace("~0", "~"))
    return (node, doc_name) if isinstance(node, dict) else None


def _child(chain: list[tuple[dict, str]], key: str) -> tuple[dict, str, bool] | None:
    """The subschema for `key` in the chain; the bool: reached through a key the data chooses."""
    for s, b in chain:
        props = s.get("properties")
        if isinstance(props, dict) and key in props:
            return props[key], b, False
    for s, b in chain:
        for rx, sub in (s.get("patternProperties") or {}).items():
            if re.search(rx, key):
                return sub, b, True
    for s, b in chain:
        extra = s.get("additionalProperties")
        if isinstance(extra, dict):
            return extra, b, True
    return None


@lru_cache(maxsize=4096)
def _lookup(path: str, root: str) -> tuple[tuple[str, ...], str | None]:
    """(label parts, unit); params only the national file has are looked up in its schema."""
    first = path.split(".", 1)[0]
    for name in (root, "national.schema.json"):
        schema = _schemas().get(name)
        if schema and first in (schema.get("properties") or {}):
            return _lookup_in(path, name)
    return _lookup_in(path, root)


def _lookup_in(path: str, root: str) -> tuple[tuple[str, ...], str | None]:
    """(label parts, unit) of a dotted param path, from the schema named `root`."""
    keys = [k for k in path.split(".") if k]
    parts: list[str] = []
    schema = _schemas().get(root)
    chain = _deref(schema, root) if schema else []
    prev = ""
    for n, key in enumerate(keys, 1):
        found = _child(chain, key) if chain else None
        if found is None:
            chain, title, dynamic = [], None, prev in _CONTAINERS and key not in _FALLBACK_LABELS
        else:
            sub, base, dynamic = found
            chain = _deref(sub, base)
            title = next((s.get("title") for s, _ in chain if s.get("title")), None)
        if dynamic:
            parts.append(key)
        elif n == len(keys) or not (key in _CONTAINERS or _is_container(chain)):
            parts.append(title or _FALLBACK_LABELS.get(key, key))
        prev = key
    found_unit = next((u for rx, u in _FORCED_UNITS if re.search(rx, path)), None)
    if found_unit is None:
        found_unit = next((s.get("unit") for s, _ in chain if isinstance(s.get("unit"), str)), None)
    if found_unit is None:
        found_unit = next((u for rx, u in _FALLBACK_UNITS if re.search(rx, path)), None)
    return tuple(parts), found_unit


def _is_container(chain) -> bool:
    """A mapping keyed by names the data chooses (hospital levels, tiers, groups)."""
    dynamic = any(
        s.get("patternProperties") or isinstance(s.get("additionalProperties"), dict)
        for s, _ in chain
    )
    return dynamic and not any(s.get("properties") for s, _ in chain)


def label(path: str, root: str = "region.schema.json") -> str:
    """The Chinese label of a param path: "住院 · 居民医保 · 三级 · 起付线"."""
    _schemas()
    return " · ".join(_lookup(path, root)[0])


def unit(path: str, root: str = "region.schema.json") -> str:
    """The unit of a param path: 元, 元/月, 比例, 百分点, 个月, 年, 分段, 倍 ("" when unknown)."""
    _schemas()
    return _lookup(path, root)[1] or ""


def format_number(value: Any) -> str:
    """1000 → "1000", 15000 → "15,000", 0.5 → "0.5" (no float noise)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return str(value)
    d = Decimal(str(value))
    if d == d.to_integral_value():
        d = d.quantize(Decimal(1))
    text = format(d.normalize() if d != d.to_integral_value() else d, "f")
    whole, _, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    if len(whole) > 4:
        whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if frac else "")


def _percent(value: Any) -> str:
    d = (Decimal(str(value)) * 100).normalize()
    text = format(d, "f")
    return text + "%"


def format_value(path: str, value: Any, root: str = "region.schema.json") -> str:
    """A value for readers: "800 元", "85%", "3 个月", "15,000 元以上 60%；30,000 元以上 65%"."""
    u = unit(path, root)
    if value is None:
        return (
            "不设上限" if path.rsplit(".", 1)[-1] in ("cap", "annual_cap", "annual_limit") else "无"
        )
    if isinstance(value, bool):
        return "是" if value else "否"
    if u == "分段" and isinstance(value, list):
        parts = []
        for seg in value:
            if isinstance(seg, dict) and "from" in seg and "ratio" in seg:
                parts.append(f"{format_number(seg['from'])} 元以上 {_percent(seg['ratio'])}")
            else:
                parts.append(str(seg))
        return "；".join(parts)
    if isinstance(value, list):
        return "、".join(format_value(path, v, root) for v in value)
    if not isinstance(value, int | float | Decimal):
        return str(value)
    if u == "比例":
        return _percent(value)
    if u == "百分点":
        return f"{format(((Decimal(str(value)) * 100).normalize()), 'f')} 个百分点"
    if u == "倍":
        return f"{format_number(value)} 倍"
    if u:
        return f"{format_number(value)} {u}"
    return format_number(value)


# How a channel is reached, in words (a topic's and a region's channels).
CHANNEL_KINDS = {
    "app": "国家医保服务平台 App",
    "wechat": "微信",
    "alipay": "支付宝",
    "web": "网站",
    "local_app": "当地 App 或小程序",
    "counter": "窗口办理",
    "phone": "电话",
    "school": "学校或幼儿园代办",
    "bank": "银行",
}
