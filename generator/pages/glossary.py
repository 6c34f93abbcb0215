"""术语表: the glossary page and the terms for glossary.js (which marks them on every page)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.pages import _extra as x

PAGE = "glossary/index.md"
TERMS_JSON = "glossary/terms.json"


def _one_line(text: object) -> str:
    return " ".join(str(text or "").split())


def terms(model: dict, notes: x.SourceNotes) -> list[dict]:
    """The glossary entries, sorted as written, with an anchor each."""
    out = []
    for n, t in enumerate(model.get("glossary") or [], 1):
        sources = t.get("sources") or ([t["source"]] if t.get("source") else [])
        out.append(
            {
                "n": n,
                "term": t.get("term", ""),
                "en": t.get("en") or "",
                "definition": _one_line(t.get("definition")),
                "aliases": "、".join(_one_line(a) for a in t.get("aliases") or []),
                "src": [notes.ref(s) for s in sources],
            }
        )
    return out


def terms_json(model: dict) -> str:
    """The terms for glossary.js, which marks the first mention of each on a page."""
    data = []
    for t in model.get("glossary") or []:
        words = [_one_line(w) for w in [t.get("term"), *(t.get("aliases") or [])] if _one_line(w)]
        if words and t.get("definition"):
            data.append(
                {
                    "words": words,
                    "term": words[0],
                    "en": t.get("en") or "",
                    "definition": _one_line(t.get("definition")),
                }
            )
    return json.dumps({"terms": data}, ensure_ascii=False, indent=0)


def render(model: dict, env, out: Path) -> list[Path]:
    """Write glossary/index.md and glossary/terms.json."""
    notes = x.SourceNotes(model.get("sources", {}))
    rows = terms(model, notes)
    edit = (
        x.url_attr(model.get("edit_base", "") + "data/glossary.yaml")
        if model.get("edit_base")
        else None
    )
    text = env.get_template("glossary.md.j2").render(
        model=model,
        terms=rows,
        sources=notes.items(),
        edit_url=edit,
    )
    written = [x.write(out, PAGE, text)]
    written.append(x.write(out, TERMS_JSON, terms_json(model)))
    return written
