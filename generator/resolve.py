"""Inheritance national → province → city → district, dated facts and effective grades."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from .facts import is_fact, is_raw_fact, iter_facts, worst_grade
from .load import Dataset, Doc

__all__ = [
    "META_KEYS",
    "NATIONAL_CODE",
    "collect_sources",
    "expected_params",
    "merge",
    "resolve_dataset",
    "topic_for_region",
]

NATIONAL_CODE = "100000"
# Top-level region keys that are not calculator params.
META_KEYS = {
    "code",
    "name",
    "short_name",
    "pinyin",
    "parent",
    "level",
    "hospital_levels",
    "insurance_year_start",
    "sources",
    "hotlines",
    "topics",
    "missing_notes",
    "aliases",
    "notes",
    "note",
    "links",
    "population",
    "website",
    "figures",
}
INHERITED_META = ("hospital_levels", "insurance_year_start")
# Topic fields that are plain text or bookkeeping, never lists of region-tagged items.
TOPIC_TEXT_FIELDS = frozenset(
    [
        "slug",
        "title",
        "official_name",
        "order",
        "summary",
        "disclaimer",
        "file",
        "url",
        "overrides",
        "sources",
        "hotline_purposes",
    ]
)
SOURCE_FIELDS = ("title", "publisher", "url", "document", "date", "grade", "note")


def collect_sources(dataset: Dataset) -> dict[str, dict]:
    """Every declared source by id: its fields plus file and line (first declaration wins)."""
    out: dict[str, dict] = {}
    for doc in dataset.docs:
        declared = doc.data.get("sources") if isinstance(doc.data, dict) else None
        if not isinstance(declared, dict):
            continue
        for sid, src in declared.items():
            if sid in out or not isinstance(src, dict):
                continue
            entry = {k: src.get(k) for k in SOURCE_FIELDS}
            entry["file"] = doc.repo_path
            entry["line"] = doc.line(("sources", sid))
            out[sid] = entry
    return out


def _entry_grade(entry: dict, sources: dict) -> str | None:
    src = sources.get(entry.get("source"), {})
    return worst_grade(src.get("grade"), entry.get("grade"))


def convert_fact(raw: dict, doc: Doc, path: tuple, sources: dict) -> dict:
    """A fact as written → {"values": [entries sorted by "from"], "bound", "note"}."""
    values = []
    for date in sorted(raw["values"]):
        e = raw["values"][date] or {}
        values.append(
            {
                "from": date,
                "value": copy.deepcopy(e.get("value")),
                "source": e.get("source"),
                "grade": _entry_grade(e, sources),
                "verified": e.get("verified"),
                "flag": e.get("flag"),
                "derived": e.get("derived"),
                "note": e.get("note"),
                "file": doc.repo_path,
                "line": doc.line((*path, "values", date)),
            }
        )
    return {"values": values, "bound": raw.get("bound"), "note": raw.get("note")}


def convert_tree(tree: Any, doc: Doc, path: tuple, sources: dict) -> Any:
    """Every raw fact in a tree converted; other values copied."""
    if is_raw_fact(tree):
        return convert_fact(tree, doc, path, sources)
    if isinstance(tree, dict):
        return {k: convert_tree(v, doc, (*path, k), sources) for k, v in tree.items()}
    return copy.deepcopy(tree)


def merge(base: Any, over: Any) -> Any:
    """Mappings merge key by key; a fact, a list or a scalar replaces the inherited one whole."""
    if (
        isinstance(base, dict)
        and isinstance(over, dict)
        and not is_fact(base)
        and not is_fact(over)
    ):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return over


def own_params(doc: Doc, sources: dict) -> dict:
    data = doc.data or {}
    return {
        k: convert_tree(v, doc, (k,), sources)
        for k, v in data.items()
        if k not in META_KEYS and isinstance(v, dict)
    }


def _hotlines(doc: Doc, region: dict, sources: dict) -> list[dict]:
    out = []
    for i, h in enumerate((doc.data or {}).get("hotlines") or []):
        if not isinstance(h, dict):
            continue
        item = copy.deepcopy(h)
        item["grade"] = _entry_grade(h, sources)
        item["region"] = region["code"]
        item["region_name"] = region["name"]
        item["file"] = doc.repo_path
        item["line"] = doc.line(("hotlines", i))
        out.append(item)
    return out


def _latest_verified(tree: Any) -> str | None:
    found: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "verified" and isinstance(v, str):
                    found.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(tree)
    return max(found) if found else None


def _source_refs(tree: Any, into: set) -> set:
    if isinstance(tree, dict):
        for k, v in tree.items():
            if k == "source" and isinstance(v, str):
                into.add(v)
            elif k == "sources" and isinstance(v, list):
                into.update(x for x in v if isinstance(x, str))
            else:
                _source_refs(v, into)
    elif isinstance(tree, list):
        for v in tree:
            _source_refs(v, into)
    return into


def _is_unknown(v: Any) -> bool:
    return isinstance(v, dict) and v.get("unknown") is True


def _append(cur: Any, new: Any) -> Any:
    if isinstance(cur, list) and isinstance(new, list):
        return cur + new
    if isinstance(cur, dict) and isinstance(new, dict) and not _is_unknown(cur):
        out = dict(cur)
        for k, v in new.items():
            out[k] = _append(cur.get(k), v) if k in cur else v
        return out
    return new


def apply_override(topic: dict, override: dict, region: dict, doc: Doc, slug: str) -> dict:
    """One region's `topics: {slug: …}` block applied: fields replace, `add:` appends."""
    out = dict(topic)
    changes = dict(out.get("overrides") or {})
    for field, value in override.items():
        if field == "add":
            for f, items in (value or {}).items():
                items = copy.deepcopy(items)
                for item in items if isinstance(items, list) else []:
                    if isinstance(item, dict) and "region" not in item:
                        item["region"] = region["code"]
                out[f] = _append(out.get(f), items)
                changes.setdefault(f, []).append(
                    {
                        "region": region["code"],
                        "mode": "add",
                        "file": doc.repo_path,
                        "line": doc.line(("topics", slug, "add", f)),
                    }
                )
        else:
            out[field] = copy.deepcopy(value)
            changes.setdefault(field, []).append(
                {
                    "region": region["code"],
                    "mode": "replace",
                    "file": doc.repo_path,
                    "line": doc.line(("topics", slug, field)),
                }
            )
    out["overrides"] = changes
    return out


def _belongs(item: Any, chain: set[str]) -> bool:
    """False for an item tied (`region:`) to a region outside `chain`; True otherwise."""
    return not (isinstance(item, dict) and item.get("region") and item["region"] not in chain)


def _kept(items: Any, chain: set[str]) -> Any:
    """A list without the items tied to other regions (steps and material groups filtered inside)."""
    if not isinstance(items, list):
        return items
    out = []
    for item in items:
        if not _belongs(item, chain):
            continue
        if isinstance(item, dict) and isinstance(item.get("or"), list):
            item = {**item, "or": _kept(item["or"], chain)}
        if isinstance(item, dict) and isinstance(item.get("items"), list):  # a material group
            item = {**item, "items": _kept(item["items"], chain)}
            if not item["items"]:
                continue
        out.append(item)
    return out


def topic_for_region(topic: dict, chain: list[str]) -> dict:
    """A topic as one region sees it: items tied to a region outside its chain are left out.

    A channel, step, alternative, material, tip or time limit with `region: "<code>"` belongs to that
    region and its descendants; `chain` is the region's own code, its parents' and 100000.
    """
    allowed = set(chain)
    out = dict(topic)
    for field, value in topic.items():
        if field in TOPIC_TEXT_FIELDS:
            continue
        if isinstance(value, list):
            out[field] = _kept(value, allowed)
        elif isinstance(value, dict) and not _is_unknown(value):
            if not _belongs(value, allowed):  # a field that is one region's own, e.g. a time limit
                out[field] = {"unknown": True}
            elif field == "materials":
                out[field] = {k: _kept(v, allowed) for k, v in value.items()}
    return out


def expected_params(schema_dir: Path) -> list[str]:
    """Dotted paths of every calculator param the region schema defines (facts with fixed names)."""
    path = Path(schema_dir) / "region.schema.json"
    if not path.exists():
        return []
    schemas = {}
    for p in Path(schema_dir).glob("*.json"):
        try:
            schemas[p.name] = json.loads(p.read_text(encoding="utf-8"))
        except ValueError:
            continue
    root = schemas["region.schema.json"]
    out: list[str] = []

    def deref(s, base, seen):
        chain, todo = [], [(s, base)]
        while todo:
            s, b = todo.pop(0)
            if not isinstance(s, dict) or id(s) in seen:
                continue
            seen = seen | {id(s)}
            chain.append((s, b))
            ref = s.get("$ref")
            if isinstance(ref, str):
                doc, _, ptr = ref.partition("#")
                doc = doc.rsplit("/", 1)[-1] or b
                node = schemas.get(doc)
                for part in [x for x in ptr.split("/") if x]:
                    node = node.get(part) if isinstance(node, dict) else None
                if isinstance(node, dict):
                    todo.append((node, doc))
            for kw in ("allOf",):
                todo.extend((x, b) for x in s.get(kw, []) or [])
        return chain

    def is_fact_schema(chain):
        for s, _ in chain:
            ref = s.get("$ref", "")
            if isinstance(ref, str) and ref.endswith(("_fact", "/fact")):
                return True
            props = s.get("properties")
            if isinstance(props, dict) and "values" in props and "bound" in props:
                return True
        return False

    def walk(s, base, prefix, depth):
        chain = deref(s, base, frozenset())
        if is_fact_schema(chain):
            out.append(prefix)
            return
        if depth > 8:
            return
        for c, b in chain:
            for k, sub in (c.get("properties") or {}).items():
                if prefix == "" and k in META_KEYS:
                    continue
                walk(sub, b, f"{prefix}.{k}" if prefix else k, depth + 1)

    walk(root, "region.schema.json", "", 0)
    return list(dict.fromkeys(out))


# Params a region can do without: optional refinements, or stated another way (retiree_uplift vs
# retiree_ratio, flexible_rate vs flexible_monthly_amount).
OPTIONAL_PARAMS = re.compile(
    r"(^resident_contribution_minimum\.|\.incentive\.|\.hardship\.|repeat_admission_deductible_factor$"
    r"|retiree_annual_limit$|^inpatient\.resident\.retiree_uplift$|^outpatient\.\w+\.retiree_ratio$)"
)


def _missing(params: dict, expected: list[str], hospital_levels: list[str]) -> list[str]:
    """Calculator params that neither the region nor its parents state (in schema order)."""
    present = {p for p, _ in iter_facts(params)}

    def has_under(prefix: str) -> bool:
        return any(p.startswith(prefix + ".") for p in present)

    missing: list[str] = []
    expanded: list[str] = []
    for path in expected:
        m = re.match(r"^inpatient\.(\w+)\.retiree_uplift$", path)
        if m:  # the first inpatient param of a scheme: the per-level rules come before it
            for level in hospital_levels:
                expanded.append(f"inpatient.{m.group(1)}.levels.{level}.deductible")
                expanded.append(f"inpatient.{m.group(1)}.levels.{level}.ratio")
        if OPTIONAL_PARAMS.search(path):
            continue
        expanded.append(path)
        if path == "employee_contribution.base_cap":
            expanded.append("employee_contribution.tiers")
    if expected:
        expanded.insert(0, "resident_contribution.tiers")
    for path in expanded:
        if path in present:
            continue
        if path.endswith(".tiers"):
            if path == "resident_contribution.tiers" and has_under("resident_contribution.tiers"):
                continue
            if path == "employee_contribution.tiers" and has_under("employee_contribution.tiers"):
                continue
        if path == "inpatient.employee.retiree_uplift" and any(
            p.startswith("inpatient.employee.levels.") and p.endswith(".retiree_ratio")
            for p in present
        ):
            continue
        missing.append(path)
    return missing


def resolve_dataset(dataset: Dataset, schema_dir: Path | None = None) -> dict:
    """Sources, national and every region resolved, topics with overrides, glossary and faq."""
    from . import labels

    sources = collect_sources(dataset)
    docs_by_code: dict[str, Doc] = {}
    for doc in dataset.of_kind("national") + dataset.of_kind("region"):
        code = str((doc.data or {}).get("code", ""))
        docs_by_code.setdefault(code, doc)
    national_doc = dataset.one("national")

    topics: dict[str, dict] = {}
    for doc in dataset.of_kind("topic"):
        t = copy.deepcopy(doc.data) if isinstance(doc.data, dict) else {}
        slug = t.get("slug") or doc.stem
        t["file"] = doc.repo_path
        t["url"] = f"guides/{slug}/"
        t["overrides"] = {}
        topics[slug] = t
    topics = dict(sorted(topics.items(), key=lambda kv: (kv[1].get("order", 0), kv[0])))

    expected = expected_params(schema_dir) if schema_dir else []

    def base_region(doc: Doc) -> dict:
        d = doc.data or {}
        code = str(d.get("code"))
        pinyin = d.get("pinyin") or (
            "national" if code == NATIONAL_CODE else doc.stem.partition("-")[2]
        )
        return {
            "code": code,
            "name": d.get("name"),
            "short_name": d.get("short_name") or d.get("name"),
            "pinyin": pinyin,
            "level": d.get("level") or ("national" if code == NATIONAL_CODE else None),
            "parent": None
            if code == NATIONAL_CODE
            else str(d.get("parent"))
            if d.get("parent")
            else None,
            "file": doc.repo_path,
            "url": f"regions/{code}-{pinyin}/",
        }

    regions: dict[str, dict] = {}
    for code, doc in docs_by_code.items():
        regions[code] = base_region(doc)

    def chain_of(code: str) -> list[str]:
        """[code, parent, …, 100000] (stops on a cycle or an unknown code)."""
        out = [code]
        while regions.get(out[-1], {}).get("parent") and regions[out[-1]]["parent"] in regions:
            nxt = regions[out[-1]]["parent"]
            if nxt in out:
                break
            out.append(nxt)
        return out

    own: dict[str, dict] = {code: own_params(doc, sources) for code, doc in docs_by_code.items()}

    for code, r in regions.items():
        doc = docs_by_code[code]
        d = doc.data or {}
        chain = chain_of(code)
        r["parents"] = chain[1:]
        for key in INHERITED_META:
            r[key] = next(
                (
                    copy.deepcopy(docs_by_code[c].data.get(key))
                    for c in chain
                    if docs_by_code[c].data.get(key) is not None
                ),
                None,
            )
        params: dict = {}
        for c in reversed(chain):
            params = merge(params, own[c])
        r["params"] = params
        r["own_params"] = own[code]
        hotlines = []
        for c in chain:
            hotlines.extend(_hotlines(docs_by_code[c], regions[c], sources))
        r["hotlines"] = hotlines
        region_topics = {}
        overridden = []
        for slug, topic in topics.items():
            t = topic
            for c in reversed(chain):
                ov = (docs_by_code[c].data.get("topics") or {}).get(slug)
                if isinstance(ov, dict):
                    t = apply_override(t, ov, regions[c], docs_by_code[c], slug)
            region_topics[slug] = topic_for_region(t, chain)
            if isinstance((d.get("topics") or {}).get(slug), dict):
                overridden.append(slug)
        r["topics"] = region_topics
        r["overridden_topics"] = overridden
        r["verified"] = _latest_verified({k: v for k, v in d.items() if k != "sources"})
        hl = r.get("hospital_levels") or []
        r["missing"] = [
            {"param": p, "label": labels.label(p)} for p in _missing(params, expected, hl)
        ]
        r["missing_notes"] = copy.deepcopy(d.get("missing_notes") or [])
        refs = _source_refs({"p": params, "h": hotlines}, set())
        for slug in overridden:
            _source_refs(d["topics"][slug], refs)
        r["sources"] = {sid: sources[sid] for sid in sorted(refs) if sid in sources}

    for code, r in regions.items():
        r["children"] = sorted(c for c, x in regions.items() if x["parent"] == code and c != code)
        prov = next(
            (c for c in [code, *r["parents"]] if regions.get(c, {}).get("level") == "province"),
            None,
        )
        r["province"] = prov

    national = regions.pop(NATIONAL_CODE, None)
    if national is None and national_doc is None:
        national = None

    def listed(kind: str, key: str) -> list:
        doc = dataset.one(kind)
        if doc is None:
            return []
        data = doc.data
        if isinstance(data, dict):
            data = data.get(key, next((v for k, v in data.items() if isinstance(v, list)), []))
        items = copy.deepcopy(data) if isinstance(data, list) else []
        for i, item in enumerate(items):
            if isinstance(item, dict):
                item.setdefault("file", doc.repo_path)
                item.setdefault(
                    "line", doc.line((key, i)) if isinstance(doc.data, dict) else doc.line((i,))
                )
        return items

    regions = dict(sorted(regions.items()))
    return {
        "sources": sources,
        "national": national,
        "regions": regions,
        "topics": topics,
        "glossary": listed("glossary", "terms"),
        "faq": listed("faq", "questions"),
    }
