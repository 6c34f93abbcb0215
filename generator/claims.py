"""The ledger of source claims (tests/source_claims.yaml): every claim is transcribed or rejected.

Each claim names where it was read (a seed article or the reference file), quotes it, and says
what became of it: `transcribed: {at: data/<file>#<path>, date, value | contains}` — the data entry
that holds it — or `rejected: <id>` — a record of data/rejected.yaml.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .load import Dataset

__all__ = ["CLAIMS_FILE", "account", "load_claims", "problems"]

CLAIMS_FILE = Path("tests") / "source_claims.yaml"


def load_claims(path: Path) -> list[dict]:
    """The claims of a ledger file ([] when there is none)."""
    path = Path(path)
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [c for c in data.get("claims") or [] if isinstance(c, dict)]


def _walk(node: Any, path: str) -> tuple[Any, str | None]:
    for key in path.split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return None, f"没有字段 {key}"
    return node, None


def _same(a: Any, b: Any) -> bool:
    """Equal as data: numbers by value, lists and mappings item by item, text as text."""
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    if isinstance(a, int | float) and isinstance(b, int | float):
        return abs(float(a) - float(b)) < 1e-9
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return str(a) == str(b)


def _words(node: Any) -> str:
    """Every text and number of a node, for `contains` checks."""
    if isinstance(node, dict):
        return " ".join(_words(v) for v in node.values())
    if isinstance(node, list):
        return " ".join(_words(v) for v in node)
    return "" if node is None else str(node)


def _check_transcribed(t: dict, docs: dict) -> str | None:
    """What is wrong with a `transcribed:` entry (None when the data holds the claim)."""
    at = str(t.get("at") or "")
    file, _, path = at.partition("#")
    doc = docs.get(file)
    if doc is None:
        return f"{file} 不存在"
    node, problem = _walk(doc.data, path) if path else (doc.data, None)
    if problem:
        return f"{at}：{problem}"
    if "date" in t:
        values = node.get("values") if isinstance(node, dict) else None
        if not isinstance(values, dict) or str(t["date"]) not in values:
            return f"{at} 没有 {t['date']} 的数值"
        node = values[str(t["date"])]
        if "value" in t and not _same(node.get("value"), t["value"]):
            return f"{at} 在 {t['date']} 的数值是 {node.get('value')!r}，不是 {t['value']!r}"
    elif "value" in t:
        numbers = (
            [h.get("number") for h in node if isinstance(h, dict)] if isinstance(node, list) else []
        )
        if not (_same(node, t["value"]) or str(t["value"]) in numbers):
            return f"{at} 里没有 {t['value']!r}"
    if "contains" in t and str(t["contains"]) not in _words(node):
        return f"{at} 里没有写“{t['contains']}”"
    if not any(k in t for k in ("value", "contains")):
        return f"{at}：写明 value 或 contains，说明数据里记的是什么"
    return None


def problems(claims: list[dict], dataset: Dataset) -> list[str]:
    """Every claim neither transcribed nor rejected, or whose data or record does not exist."""
    docs = {d.repo_path: d for d in dataset.docs}
    rejected_doc = dataset.one("rejected")
    rejected_ids = {
        r.get("id")
        for r in ((rejected_doc.data or {}).get("rejected") or [] if rejected_doc else [])
        if isinstance(r, dict)
    }
    out, seen = [], set()
    for claim in claims:
        cid = claim.get("id") or "（没有 id）"
        if cid in seen:
            out.append(f"{cid}：id 重复")
        seen.add(cid)
        t, r = claim.get("transcribed"), claim.get("rejected")
        if bool(t) == bool(r):
            out.append(
                f"{cid}：要么写 transcribed（收录到哪里），要么写 rejected（不采用的记录），只能写一个"
            )
            continue
        if r and r not in rejected_ids:
            out.append(f"{cid}：data/rejected.yaml 里没有 id 为 {r} 的记录")
        if t:
            for item in t if isinstance(t, list) else [t]:
                problem = _check_transcribed(item, docs) if isinstance(item, dict) else "写法不对"
                if problem:
                    out.append(f"{cid}：{problem}")
    return out


def account(claims: list[dict], found: list[str]) -> dict:
    """Counts for the summary: claims, transcribed, rejected, not accounted for."""
    broken = {p.split("：", 1)[0] for p in found}
    return {
        "claims": len(claims),
        "transcribed": sum(1 for c in claims if c.get("transcribed") and not c.get("rejected")),
        "rejected": sum(1 for c in claims if c.get("rejected") and not c.get("transcribed")),
        "unaccounted": len(broken),
    }
