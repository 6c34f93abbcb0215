"""常见问题: the questions people keep asking, each answer with its sources and related guides."""

from __future__ import annotations

import re
from pathlib import Path

from markupsafe import Markup

from generator.pages import _extra as x

PAGE = "faq/index.md"


def _paragraphs(answer, notes: x.SourceNotes) -> list[dict]:
    """An answer as paragraphs: a string, a list of strings, or items written as {text, source}."""
    items = answer if isinstance(answer, list) else [answer]
    out = []
    for item in items:
        if isinstance(item, dict):
            out.append(
                {
                    "text": item.get("text", ""),
                    "src": notes.ref(item.get("source")),
                    "badge": x.grade_badge(item["grade"]) if item.get("grade") else Markup(""),
                }
            )
        elif item:
            for para in str(item).split("\n\n"):
                if para.strip():
                    out.append({"text": para.strip(), "src": Markup(""), "badge": Markup("")})
    return out


def questions(model: dict, notes: x.SourceNotes) -> list[dict]:
    """The FAQ entries ready for the template."""
    out = []
    for n, q in enumerate(model.get("faq") or [], 1):
        topics = []
        for slug in q.get("topics") or []:
            topic = model.get("topics", {}).get(slug)
            if topic:
                topics.append(
                    {
                        "title": topic.get("title", slug),
                        "link": x.page_link(PAGE, topic.get("url") or f"guides/{slug}/"),
                    }
                )
        sources = [notes.ref(s) for s in q.get("sources") or []]
        grades = [
            model.get("sources", {}).get(s, {}).get("grade") or "C" for s in q.get("sources") or []
        ]
        weakest = (
            max(grades, key=x.grade_rank) if grades else "C"
        )  # an answer is as sure as its weakest source
        out.append(
            {
                "n": n,
                "id": re.sub(r"[^a-z0-9-]+", "-", str(q.get("id") or f"q{n}").lower()).strip("-")
                or f"q{n}",
                "question": q.get("question", ""),
                "paragraphs": _paragraphs(q.get("answer"), notes),
                "topics": topics,
                "sources": sources,
                "badge": x.grade_badge(weakest),
            }
        )
    return out


def render(model: dict, env, out: Path) -> list[Path]:
    """Write faq/index.md."""
    notes = x.SourceNotes(model.get("sources", {}))
    qs = questions(model, notes)
    edit = (
        x.url_attr(model.get("edit_base", "") + "data/faq.yaml") if model.get("edit_base") else None
    )
    text = env.get_template("faq.md.j2").render(
        model=model,
        questions=qs,
        sources=notes.items(),
        edit_url=edit,
    )
    return [x.write(out, PAGE, text)]
