"""Where every figure comes from: rejected claims, derived values and prose references.

The checks here return lists of DataError (FILE:LINE) and are registered in validate.py;
`model_parts` adds the rejected claims and the prose figures to the site model.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import claims, prose
from .errors import DataError, format_path
from .load import Dataset, Doc
from .resolve import collect_sources, convert_fact

__all__ = [
    "REASONS",
    "check",
    "derived_errors",
    "derived_values",
    "figure_errors",
    "model_parts",
    "rejected_errors",
    "rejected_records",
    "undeclared_inferences",
]

REASONS = {
    "no_region": "没有说是哪个地区",
    "contradicts": "和更可靠的来源不一致",
    "implausible": "不合常理",
    "out_of_scope": "不属于基本医疗保险",
    "not_a_rule": "是个案、统计数字或建议，不是规定",
    "unclear": "说法含糊或被截断，读不出确定的数字",
    "superseded": "已被后来的规定取代",
    "not_modelled": "本站的数据还没有这一项",
    "unsupported": "引用的来源里没有这个说法",
}
DATA_PATH = re.compile(r"^data/(?P<file>[^#\s]+\.yaml)#(?P<path>\S+)$")
# Words in a note that say a value was worked out rather than read.
INFERRED = re.compile(r"推算|换算|推断|估算")
# A `derived:` that only repeats the word says nothing about how the value was derived.
EMPTY_DERIVED = re.compile(r"^\s*(推算|推断|估算|计算|派生|derived|是|yes)?\s*[。.]?\s*$", re.I)


def check(dataset: Dataset, as_of: str, others: list | None = None) -> list[DataError]:
    """Every provenance problem: rejected records, derived values, prose numbers and references.

    References are looked up only in data that passed the other checks (`others` empty): a
    reference into a broken file would report the same mistake twice.
    """
    found = [
        *rejected_errors(dataset),
        *figure_errors(dataset),
        *derived_errors(dataset),
        *prose.number_errors(dataset),
    ]
    if not others and not found:
        found.extend(prose.reference_errors(dataset, as_of))
    return found


def figure_errors(dataset: Dataset) -> list[DataError]:
    """A figure id declared twice (prose names figures by id alone)."""
    errors, seen = [], {}
    for doc in dataset.docs:
        figures = (doc.data or {}).get("figures") if isinstance(doc.data, dict) else None
        for fid in figures if isinstance(figures, dict) else {}:
            if fid in seen:
                errors.append(
                    DataError(
                        doc.rel,
                        doc.line(("figures", fid)),
                        f"figures.{fid}",
                        f"数字 id “{fid}” 重复了；{seen[fid]} 已经用过，换一个 id",
                    )
                )
            else:
                seen[fid] = f"{doc.rel}:{doc.line(('figures', fid))}"
    return errors


# ---------------------------------------------------------------- rejected claims


def _rejected_doc(dataset: Dataset) -> Doc | None:
    return dataset.one("rejected")


def rejected_errors(dataset: Dataset) -> list[DataError]:
    """Duplicate ids, `contradicts` paths that do not exist, FAQ corrections of unknown records."""
    errors = []
    doc = _rejected_doc(dataset)
    ids: dict[str, int] = {}
    records = (doc.data or {}).get("rejected") if doc and isinstance(doc.data, dict) else None
    by_inner = {d.inner: d for d in dataset.docs}
    for i, rec in enumerate(records if isinstance(records, list) else []):
        if not isinstance(rec, dict):
            continue
        rid = rec.get("id")
        if isinstance(rid, str):
            if rid in ids:
                errors.append(
                    DataError(
                        doc.rel,
                        doc.line(("rejected", i, "id")),
                        format_path(("rejected", i, "id")),
                        f"id “{rid}” 重复了（第 {ids[rid]} 行已经用过）；每条记录的 id 都不一样",
                    )
                )
            else:
                ids[rid] = doc.line(("rejected", i, "id"))
        for j, target in enumerate(rec.get("contradicts") or []):
            m = DATA_PATH.match(target) if isinstance(target, str) else None
            if m is None:
                continue
            problem = _missing_data_path(by_inner.get(m["file"]), m["path"])
            if problem:
                where = ("rejected", i, "contradicts", j)
                errors.append(DataError(doc.rel, doc.line(where), format_path(where), problem))
    faq = dataset.one("faq")
    questions = (faq.data or {}).get("questions") if faq and isinstance(faq.data, dict) else None
    for i, q in enumerate(questions if isinstance(questions, list) else []):
        corrects = q.get("corrects") if isinstance(q, dict) else None
        for j, rid in enumerate(corrects if isinstance(corrects, list) else []):
            if isinstance(rid, str) and rid not in ids:
                where = ("questions", i, "corrects", j)
                errors.append(
                    DataError(
                        faq.rel,
                        faq.line(where),
                        format_path(where),
                        f"data/rejected.yaml 里没有 id 为 {rid} 的记录；先在那里记下这条说法和不采用的原因",
                    )
                )
    return errors


def _missing_data_path(doc: Doc | None, path: str) -> str | None:
    """What is wrong with `data/<file>#<dotted path>` (None when it names a field that exists)."""
    if doc is None:
        return "没有这个数据文件；写成 data/<文件>#<字段路径>，例如 data/national.yaml#waiting_period.fixed_months"
    node = doc.data
    for key in path.split("."):
        node = node.get(key) if isinstance(node, dict) else None
        if node is None:
            return f"{doc.repo_path} 里没有字段 {path}；检查拼写"
    return None


def rejected_records(dataset: Dataset) -> list[dict]:
    """The rejected claims with their reason in words, file and line, in file order."""
    doc = _rejected_doc(dataset)
    if doc is None or not isinstance(doc.data, dict):
        return []
    sources = collect_sources(dataset)
    out = []
    for i, rec in enumerate(doc.data.get("rejected") or []):
        if not isinstance(rec, dict):
            continue
        where = rec.get("where") or {}
        src = sources.get(where.get("source")) or {}
        out.append(
            {
                **rec,
                "reason_text": REASONS.get(rec.get("reason"), rec.get("reason")),
                "source_title": src.get("title") or where.get("file"),
                "file": doc.repo_path,
                "line": doc.line(("rejected", i)),
            }
        )
    return out


# ---------------------------------------------------------------- derived values


def _entries(doc: Doc):
    """Every dated entry of a data file: (path of the entry, entry)."""

    def walk(node, path):
        if isinstance(node, dict):
            values = node.get("values")
            if isinstance(values, dict):
                for date, entry in values.items():
                    if isinstance(entry, dict):
                        yield (*path, "values", date), entry
            for key, sub in node.items():
                if key not in ("values", "sources"):
                    yield from walk(sub, (*path, key))
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                yield from walk(sub, (*path, i))

    yield from walk(doc.data, ())


def derived_errors(dataset: Dataset) -> list[DataError]:
    """A `derived:` that does not say how the value was derived."""
    errors = []
    for doc in dataset.docs:
        for path, entry in _entries(doc):
            how = entry.get("derived")
            if isinstance(how, str) and EMPTY_DERIVED.match(how):
                where = (*path, "derived")
                errors.append(
                    DataError(
                        doc.rel,
                        doc.line(where),
                        format_path(where),
                        "derived 要写明是怎么推算的，例如“来源只写了一个起付线，本站用于所有医院等级”",
                    )
                )
    return errors


def undeclared_inferences(dataset: Dataset) -> list[str]:
    """FILE:LINE of entries whose note says the value was computed or inferred but that carry
    no `derived` (written before the field existed; to be marked)."""
    found = []
    for doc in dataset.docs:
        if doc.kind not in ("national", "region"):
            continue
        for path, entry in _entries(doc):
            note = entry.get("note")
            if not entry.get("derived") and isinstance(note, str) and INFERRED.search(note):
                found.append(f"{doc.rel}:{doc.line(path)}")
    return found


def derived_values(model: dict) -> list[dict]:
    """Every derived entry of the site (regions' own params and prose figures), for the status page."""
    from . import labels
    from .facts import iter_facts

    rows = []
    regions = [model["national"]] if model.get("national") else []
    regions += [model["regions"][c] for c in sorted(model.get("regions", {}))]
    for region in regions:
        for path, fact in iter_facts(region.get("own_params") or {}):
            for entry in fact["values"]:
                if entry.get("derived"):
                    rows.append(
                        {
                            "region": region,
                            "what": labels.label(path) or path,
                            "path": path,
                            "fact": fact,
                            "entry": entry,
                        }
                    )
    for fid, fig in (model.get("figures") or {}).items():
        for entry in fig["values"]:
            if entry.get("derived"):
                rows.append(
                    {"region": None, "what": fig["label"], "path": fid, "fact": fig, "entry": entry}
                )
    return rows


# ---------------------------------------------------------------- the model


def prose_checks(dataset: Dataset, as_of: str) -> dict:
    """Numbers written in prose instead of referenced: in topics, FAQ and glossary (errors, so 0
    once the data validates) and in regions' topic blocks (not yet checked, counted)."""
    in_regions = [
        f"{doc.rel}:{doc.line(path)}"
        for doc in dataset.docs
        if doc.kind in ("national", "region")
        for path, text in prose.doc_prose(doc)
        if prose.unreferenced_numbers(text)
    ]
    return {
        "contradictions": len(prose.number_errors(dataset))
        + len(prose.reference_errors(dataset, as_of)),
        "region_topic_numbers": in_regions,
        "undeclared_inferences": undeclared_inferences(dataset),
    }


def claims_account(dataset: Dataset, data_dir: Path | None) -> dict | None:
    """The ledger of source claims (tests/source_claims.yaml) counted against the data."""
    if data_dir is None:
        return None
    path = Path(data_dir).resolve().parent / claims.CLAIMS_FILE
    ledger = claims.load_claims(path)
    if not ledger:
        return None
    found = claims.problems(ledger, dataset)
    return {**claims.account(ledger, found), "problems": found}


def model_parts(dataset: Dataset, data_dir: Path | None = None, as_of: str | None = None) -> dict:
    """For the model: `rejected` (claims not used), `figures` (numbers prose cites) and `checks`
    (prose numbers not referenced, the ledger of source claims)."""
    sources = collect_sources(dataset)
    figures = {}
    for doc in dataset.docs:
        data = doc.data if isinstance(doc.data, dict) else {}
        for fid, fig in (data.get("figures") or {}).items():
            if isinstance(fig, dict) and fid not in figures:
                figures[fid] = convert_fact(fig, doc, ("figures", fid), sources) | {
                    "id": fid,
                    "label": fig.get("label"),
                    "unit": fig.get("unit"),
                    "region": fig.get("region"),
                    "file": doc.repo_path,
                    "line": doc.line(("figures", fid)),
                }
    checks = prose_checks(dataset, as_of) if as_of else {}
    checks["claims"] = claims_account(dataset, data_dir)
    return {"rejected": rejected_records(dataset), "figures": figures, "checks": checks}
