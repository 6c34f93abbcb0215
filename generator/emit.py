"""Write the resolved data as JSON under docs/api/: calculator parameters and open data."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from . import SCHEMA_VERSION

__all__ = [
    "INDEX_FIELDS",
    "REGION_JSON_FIELDS",
    "dump_json",
    "region_json",
    "topic_json",
    "write_json",
]

REGION_JSON_FIELDS = (
    "code",
    "name",
    "short_name",
    "pinyin",
    "level",
    "parent",
    "parents",
    "file",
    "url",
    "hospital_levels",
    "insurance_year_start",
    "verified",
    "sources",
    "params",
    "hotlines",
    "missing",
    "missing_notes",
    "overridden_topics",
)
INDEX_FIELDS = ("code", "name", "short_name", "level", "parent", "url")
LICENSE = "内容（data/ 与生成的数据）以 CC BY 4.0 发布；代码以 MIT 发布。详见仓库的 LICENSE 文件。"


_FACT_ENTRY = {
    "type": "object",
    "required": [
        "from",
        "value",
        "source",
        "grade",
        "verified",
        "flag",
        "derived",
        "note",
        "file",
        "line",
    ],
    "properties": {
        "from": {"type": "string", "format": "date", "description": "生效日期（含）"},
        "value": {"description": "数值；null 表示从该日起不再适用。比例为小数，金额单位为元"},
        "source": {"type": "string", "description": "来源 id，见 sources"},
        "grade": {"enum": ["A", "B", "C"], "description": "有效等级：来源等级与本值等级中较低者"},
        "verified": {
            "type": "string",
            "format": "date",
            "description": "最近一次对照来源核对的日期",
        },
        "flag": {"type": ["string", "null"], "description": "已知疑点；计算器不使用"},
        "derived": {
            "type": ["string", "null"],
            "description": "不是来源原文直接写的、由本站推算的数值：写明怎么推算；计算器用到时会说明",
        },
        "note": {"type": ["string", "null"]},
        "file": {"type": "string", "description": "数据文件（仓库内路径）"},
        "line": {"type": "integer", "description": "数据文件中的行号"},
    },
}
REGION_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "region.json",
    "title": "医保指南：一个地区继承之后的数据（api/regions/<code>.json）",
    "type": "object",
    "required": [
        "schema_version",
        "code",
        "name",
        "short_name",
        "level",
        "parents",
        "file",
        "hospital_levels",
        "insurance_year_start",
        "sources",
        "params",
    ],
    "properties": {
        "schema_version": {"const": SCHEMA_VERSION},
        "code": {
            "type": "string",
            "pattern": "^\\d{6}$",
            "description": "GB/T 2260 行政区划代码；全国为 100000",
        },
        "name": {"type": "string"},
        "short_name": {"type": "string"},
        "pinyin": {"type": "string"},
        "level": {"enum": ["national", "province", "city", "district"]},
        "parent": {"type": ["string", "null"]},
        "parents": {
            "type": "array",
            "items": {"type": "string"},
            "description": "上级地区代码，由近到远，最后是 100000",
        },
        "file": {"type": "string"},
        "url": {"type": "string", "description": "网站上的页面路径"},
        "hospital_levels": {"type": ["array", "null"], "items": {"type": "string"}},
        "insurance_year_start": {
            "type": ["string", "null"],
            "description": "医保年度起始日（月-日）",
        },
        "verified": {"type": ["string", "null"], "description": "本地区数据文件里最近的核对日期"},
        "as_of": {"type": "string", "description": "生成数据时所用的日期"},
        "sources": {
            "type": "object",
            "additionalProperties": {"type": "object", "required": ["title", "grade"]},
        },
        "params": {
            "type": "object",
            "description": (
                "计算器参数：结构与 data/schema/params.schema.json 相同，每个叶子是 fact"
            ),
            "additionalProperties": {"$ref": "#/$defs/tree"},
        },
        "hotlines": {
            "type": "array",
            "description": "本地区的电话在前，然后是各上级，全国的在最后",
            "items": {"type": "object", "required": ["department", "number", "region", "grade"]},
        },
        "missing": {
            "type": "array",
            "items": {"type": "object", "required": ["param", "label"]},
            "description": "本地区及各上级都没有写的计算器参数",
        },
        "missing_notes": {"type": "array", "items": {"type": "string"}},
        "overridden_topics": {"type": "array", "items": {"type": "string"}},
    },
    "$defs": {
        "fact": {
            "type": "object",
            "required": ["values", "bound"],
            "properties": {
                "values": {"type": "array", "items": _FACT_ENTRY, "description": "按 from 排序"},
                "bound": {"enum": ["min", "max", None], "description": "max 不超过；min 不低于"},
                "note": {"type": ["string", "null"]},
            },
        },
        "tree": {
            "type": "object",
            "anyOf": [
                {"$ref": "#/$defs/fact"},
                {"not": {"required": ["values"]}, "additionalProperties": {"$ref": "#/$defs/tree"}},
            ],
        },
    },
}


def dump_json(path: Path, data: Any) -> Path:
    """Compact JSON: smaller for phones, and written by the json module's C encoder (indented JSON
    goes through its pure-Python one, a fifth of the build at 3,000 regions)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")
    return path


def region_json(region: dict, as_of: str) -> dict:
    """The resolved region as published: schema_version first, then the fields of DEVELOPERS.md."""
    out: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    for key in REGION_JSON_FIELDS:
        if key in region:
            out[key] = region[key]
    out["as_of"] = as_of
    return out


def topic_json(topic: dict) -> dict:
    out = {"schema_version": SCHEMA_VERSION}
    out.update({k: v for k, v in topic.items() if k != "overrides"})
    return out


def _provenance_json(model: dict, out: Path) -> list[Path]:
    """api/figures.json (numbers prose cites) and api/rejected.json (claims not used)."""
    figures = {
        fid: {k: fig[k] for k in ("label", "unit", "region", "bound", "values") if k in fig}
        for fid, fig in (model.get("figures") or {}).items()
    }
    keep = ("id", "claim", "where", "reason", "reason_text", "why", "contradicts", "checked")
    rejected = [{k: r[k] for k in keep if k in r} for r in model.get("rejected") or []]
    return [
        dump_json(out / "figures.json", {"schema_version": SCHEMA_VERSION, "figures": figures}),
        dump_json(out / "rejected.json", {"schema_version": SCHEMA_VERSION, "rejected": rejected}),
    ]


def _all_regions(model: dict) -> list[dict]:
    regions = list(model["regions"].values())
    return ([model["national"]] if model.get("national") else []) + regions


def write_json(model: dict, out: Path) -> list[Path]:
    """docs/api/: regions/<code>.json, regions/index.json, topics/<slug>.json, index.json."""
    out = Path(out)
    written = []
    regions = _all_regions(model)
    for region in regions:
        written.append(
            dump_json(
                out / "regions" / f"{region['code']}.json", region_json(region, model["as_of"])
            )
        )
    index = [
        {k: r.get(k) for k in INDEX_FIELDS} | {"json": f"api/regions/{r['code']}.json"}
        for r in regions
    ]
    written.append(dump_json(out / "regions" / "index.json", index))
    for slug, topic in model["topics"].items():
        written.append(dump_json(out / "topics" / f"{slug}.json", topic_json(topic)))
    written.append(
        dump_json(
            out / "topics" / "index.json",
            [
                {
                    "slug": s,
                    "title": t.get("title"),
                    "url": t.get("url"),
                    "json": f"api/topics/{s}.json",
                }
                for s, t in model["topics"].items()
            ],
        )
    )
    written.append(dump_json(out / "schema" / "region.json", REGION_SCHEMA))
    written.append(
        dump_json(
            out / "sources.json", {"schema_version": SCHEMA_VERSION, "sources": model["sources"]}
        )
    )
    written.extend(_provenance_json(model, out))
    written.append(
        dump_json(
            out / "index.json",
            {
                "schema_version": SCHEMA_VERSION,
                "title": "医保指南 开放数据",
                "as_of": model["as_of"],
                "license": LICENSE,
                "repository": model.get("repo_url") or None,
                "counts": {
                    "regions": len(regions),
                    "topics": len(model["topics"]),
                    "sources": len(model["sources"]),
                },
                "files": [
                    {
                        "path": "api/regions/index.json",
                        "description": (
                            "所有地区（含全国 100000）："
                            "[{code, name, short_name, level, parent, url, json}]"
                        ),
                    },
                    {
                        "path": "api/regions/<code>.json",
                        "description": (
                            "一个地区继承之后的全部数据：params（计算器参数，"
                            "每个数字带生效日期、来源、等级、核对日期）、"
                            "hotlines（本地区在前，全国最后）、sources、missing（缺少的计算器参数）"
                        ),
                    },
                    {
                        "path": "api/local/<code>.json",
                        "description": (
                            "一个地区和全国不同的地方（办事指南页面选了地区后显示）："
                            "cost（一年交多少）、call（打哪个电话）、stay（住院花 1 万元报多少）、"
                            "topics（每个事项的本地做法、本地电话、本地标准）"
                        ),
                    },
                    {
                        "path": "api/topics/index.json",
                        "description": "所有事项：[{slug, title, url, json}]",
                    },
                    {
                        "path": "api/topics/<slug>.json",
                        "description": "一个事项的全国通用内容（data/topics/<slug>.yaml）",
                    },
                    {
                        "path": "api/schema/region.json",
                        "description": "api/regions/<code>.json 的 JSON Schema（Draft 2020-12）",
                    },
                    {
                        "path": "api/figures.json",
                        "description": "正文里引用的数字（不是计算器参数）：{id: {label, unit, values}}",
                    },
                    {
                        "path": "api/rejected.json",
                        "description": "来源里有、本站没有采用的说法：[{id, claim, where, reason, why}]",
                    },
                    {
                        "path": "api/sources.json",
                        "description": (
                            "所有来源：{id: {title, publisher, url, document, date, grade}}"
                        ),
                    },
                ],
                "fact_format": {
                    "values": (
                        "按 from（生效日期）排序；某日适用的是 from 不晚于该日的最后一项；"
                        "value 为 null 表示从该日起不再适用"
                    ),
                    "grade": (
                        "A 官方页面原文；B 第三方逐字引用并链接官方原文；"
                        "C 汇总或未核实（网站显示为 待核实）"
                    ),
                    "flag": "已知的疑点；计算器不使用带 flag 的数值",
                    "derived": "本站推算的数值（不是来源原文直接写的）：写明怎么推算；没有推算时为 null",
                    "bound": "max 表示 不超过，min 表示 不低于",
                    "units": (
                        "比例、费率写成小数（0.85 即 85%）；金额单位为元；职工缴费基数为 元/月"
                    ),
                },
            },
        )
    )
    return written
