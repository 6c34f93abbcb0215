"""`stale`: facts not checked for twelve months, or whose newest value is for a past year."""

from __future__ import annotations

import datetime as _dt
import sys
from pathlib import Path

from . import labels
from .facts import benefit_year, iter_facts
from .model import model_from_dataset
from .validate import load_valid

__all__ = ["benefit_year", "fact_reasons", "stale_command", "stale_items", "summary_lines"]


def _date(s: str) -> _dt.date:
    return _dt.date.fromisoformat(s)


def _year_ago(day: _dt.date) -> _dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def fact_reasons(fact: dict, as_of: str, year_start: str = "01-01") -> list[str]:
    """Why a resolved fact is stale on as_of (empty when it is not)."""
    values = sorted(fact.get("values") or [], key=lambda e: e["from"])
    if not values:
        return []
    reasons = []
    verified = max((e["verified"] for e in values if e.get("verified")), default=None)
    if verified and _date(verified) < _year_ago(_date(as_of)):
        reasons.append(f"上次核对是 {verified}，超过 12 个月")
    newest = values[-1]
    if newest.get("value") is not None:
        year = benefit_year(newest["from"], year_start)
        now = benefit_year(as_of, year_start)
        if year < now:
            reasons.append(f"最新的数值是 {year} 年度的（{newest['from']} 起），{now} 年度的还没写")
    return reasons


def hotline_reasons(hotline: dict, as_of: str) -> list[str]:
    verified = hotline.get("verified")
    if verified and _date(verified) < _year_ago(_date(as_of)):
        return [f"上次核对是 {verified}，超过 12 个月"]
    return []


def stale_items(model: dict) -> list[dict]:
    """Every stale fact and hotline of every region's own file, oldest check first."""
    as_of = model["as_of"]
    items = []
    regions = ([model["national"]] if model.get("national") else []) + list(
        model["regions"].values()
    )
    for region in regions:
        name = region.get("short_name") or region["name"]
        year_start = region.get("insurance_year_start") or "01-01"
        for path, fact in iter_facts(region["own_params"]):
            reasons = fact_reasons(fact, as_of, year_start)
            if not reasons:
                continue
            newest = max(fact["values"], key=lambda e: e["from"])
            verified = max((e["verified"] for e in fact["values"] if e.get("verified")), default="")
            items.append(
                {
                    "region": region["code"],
                    "name": name,
                    "param": path,
                    "what": f"{name} · {labels.label(path) or path}",
                    "value": labels.format_value(path, newest.get("value")),
                    "from": newest["from"],
                    "verified": verified,
                    "reasons": reasons,
                    "file": newest["file"],
                    "line": newest["line"],
                    "edit": f"{model['edit_base']}{newest['file']}"
                    if model.get("edit_base")
                    else newest["file"],
                }
            )
        for h in region["hotlines"]:
            if h["region"] != region["code"]:
                continue
            reasons = hotline_reasons(h, as_of)
            if reasons:
                items.append(
                    {
                        "region": region["code"],
                        "name": name,
                        "param": "hotlines",
                        "what": f"{name} · 电话 {h['number']}（{h['department']}）",
                        "value": h["number"],
                        "from": h.get("since") or "",
                        "verified": h.get("verified") or "",
                        "reasons": reasons,
                        "file": h["file"],
                        "line": h["line"],
                        "edit": f"{model['edit_base']}{h['file']}"
                        if model.get("edit_base")
                        else h["file"],
                    }
                )
    items.sort(
        key=lambda i: (
            i["verified"] or "0000",
            min(i["from"] or "9999", i["verified"] or "9999"),
            i["file"],
            i["line"],
        )
    )
    return items


def _age(verified: str, as_of: str) -> str:
    if not verified:
        return "从未核对"
    days = (_date(as_of) - _date(verified)).days
    return f"{days // 30} 个月前" if days >= 60 else f"{days} 天前"


def render(items: list[dict], as_of: str, fmt: str = "text") -> str:
    if fmt == "markdown":
        out = [f"### 需要重新核对的数据（{as_of}，共 {len(items)} 项）", ""]
        if not items:
            return "\n".join([*out, "没有过期的数据。"]) + "\n"
        out += [
            "按核对日期从早到晚排列。改好一项：打开编辑链接，对照来源改数字，把 verified "
            "改成核对当天。",
            "",
            "| 项目 | 现在写的 | 生效 | 上次核对 | 原因 | 位置 |",
            "|---|---|---|---|---|---|",
        ]
        for i in items:
            cells = [
                i["what"],
                i["value"],
                i["from"],
                f"{i['verified'] or '—'}（{_age(i['verified'], as_of)}）",
                "；".join(i["reasons"]),
                f"[{i['file']}:{i['line']}]({i['edit']})",
            ]
            out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        return "\n".join(out) + "\n"
    lines = [
        f"{i['file']}:{i['line']}: {i['what']}: {i['value']}（{i['from']} 起）；"
        f"{'；'.join(i['reasons'])}；编辑：{i['edit']}"
        for i in items
    ]
    return "\n".join(lines) + ("\n" if lines else "")


def summary_lines(model: dict) -> list[str]:
    """The data's own account of itself: prose against data, source claims, complete sets."""
    from . import coverage, provenance

    checks = model.get("checks") or {}
    ledger = checks.get("claims")
    sets = coverage.complete_sets(model)
    complete = [r for r in sets if r["complete"]]
    derived = provenance.derived_values(model)
    lines = [
        f"数据自查（{model['as_of']}）",
        f"正文与数据不一致（正文里直接写的数字、引用不到的数据）：{checks.get('contradictions', 0)}",
    ]
    in_regions = checks.get("region_topic_numbers") or []
    if in_regions:
        lines.append(
            f"地区文件的事项补充里直接写的数字：{len(in_regions)} 处（还没改成引用：{'、'.join(in_regions)}）"
        )
    if ledger:
        lines.append(
            f"来源说法：共 {ledger['claims']} 条，收录 {ledger['transcribed']} 条，不采用 "
            f"{ledger['rejected']} 条，既没收录也没记为不采用 {ledger['unaccounted']} 条"
        )
        lines.extend(f"  {p}" for p in ledger.get("problems") or [])
    else:
        lines.append("来源说法：没有找到 tests/source_claims.yaml，没有核对")
    lines.append(f"没有采用的说法（data/rejected.yaml）：{len(model.get('rejected') or [])} 条")
    lines.append(f"推算的数值：{len(derived)} 个")
    undeclared = checks.get("undeclared_inferences") or []
    if undeclared:
        lines.append(
            f"说明里写了推算或换算、却没有标 derived 的数值：{len(undeclared)} 个（{'、'.join(undeclared)}）"
        )
    names = "、".join(r["name"] for r in complete) or "无"
    lines.append(f"有完整一套数据的地区：{len(complete)} 个（{names}）")
    lines.append("  完整一套 = " + "；".join(label for _, label in coverage.PARTS))
    capitals = set(coverage.capital_codes(model))
    for r in sets:
        if r["code"] in capitals and not r["complete"]:
            lines.append(f"  {r['name']}还缺：{'；'.join(r['missing'])}")
    return lines


def stale_command(data_dir: Path, as_of: str, fmt: str = "text", summary: bool = False) -> int:
    """Print the stale facts, oldest check first, or with `summary` the data's self-check;
    always exit 0 when the data validates (a report, not a check)."""
    dataset = load_valid(data_dir, as_of, "列过期数据")
    if dataset is None:
        return 1
    model = model_from_dataset(dataset, Path(data_dir), as_of)
    if summary:
        sys.stdout.write("\n".join(summary_lines(model)) + "\n")
        return 0
    items = stale_items(model)
    sys.stdout.write(render(items, as_of, fmt))
    print(f"共 {len(items)} 项需要重新核对（{as_of}）", file=sys.stderr)
    return 0
