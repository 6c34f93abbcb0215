"""api/local/<code>.json: what is local to each region, fetched by the topic guides for a reader's region."""

from __future__ import annotations

from pathlib import Path

from . import SCHEMA_VERSION
from .answers import answers
from .emit import dump_json
from .local import topic_differences

__all__ = ["local_json", "short_names", "write_local_json"]


def short_names(model: dict) -> dict[str, str]:
    """Region code → the short name readers see (全国 for the national baseline)."""
    return {model["national"]["code"]: "全国"} | {
        c: r.get("short_name") or r["name"] for c, r in model["regions"].items()
    }


def local_json(model: dict, region: dict, names: dict[str, str] | None = None) -> dict:
    """A region's own answers and topic differences, small enough for a phone to fetch on a guide.
    `names` (short_names(model)) is worked out once when writing every region's file."""
    found = answers(model, region)
    names = names if names is not None else short_names(model)
    cited: list[str] = []

    def cite(source: str | None) -> str | None:
        if source and source not in cited:
            cited.append(source)
        return source

    topics = {}
    for slug in region.get("topics", {}):
        diff = topic_differences(model, region, slug)
        if not diff["count"]:
            continue
        topics[slug] = {
            "items": [
                {
                    "label": i["label"],
                    "text": i["text"],
                    "note": i["note"],
                    "url": i["url"],
                    "grade": i["grade"],
                    "flag": i["flag"],
                    "region": i["region"],
                    "region_name": names.get(i["region"], i["region"]),
                    "source": cite(i["source"]),
                }
                for i in diff["items"]
            ],
            "hotlines": [
                {"department": h["department"], "number": h["number"], "hours": h.get("hours")}
                for h in diff["hotlines"]
            ],
            "figures": [
                {"label": f["label"], "value": f["value"], "from": f["from"], "grade": f["grade"]}
                for f in diff["figures"]
            ],
        }
    cost = found["cost"]
    call = found["call"]
    sources = {**model.get("sources", {}), **region.get("sources", {})}
    return {
        "schema_version": SCHEMA_VERSION,
        "code": region["code"],
        "name": region["name"],
        "short_name": region.get("short_name") or region["name"],
        "url": region["url"],
        "as_of": model["as_of"],
        "cost": {
            "kind": cost["kind"],
            "rows": [
                {k: row[k] for k in ("who", "per", "amount", "least", "from")}
                for row in cost["rows"]
            ],
            "minimum": {k: cost["minimum"][k] for k in ("amount", "from")}
            if cost["minimum"]
            else None,
        },
        "call": {k: call.get(k) for k in ("department", "number", "hours")} if call else None,
        "stay": found["stay"],
        "topics": topics,
        "sources": {
            sid: {k: sources[sid].get(k) for k in ("title", "url", "grade")}
            for sid in cited
            if sid in sources
        },
    }


def write_local_json(model: dict, out: Path) -> list[Path]:
    """api/local/<code>.json for every region (the national baseline has nothing local)."""
    names = short_names(model)
    return [
        dump_json(out / "local" / f"{code}.json", local_json(model, region, names))
        for code, region in model["regions"].items()
    ]
