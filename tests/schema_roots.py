"""The calculator parameters a region or the national file may state, read from the data schemas."""

from __future__ import annotations

import json
from pathlib import Path

SCHEMAS = Path(__file__).resolve().parent.parent / "data" / "schema"
NOT_PARAMS = {"figures", "topics"}  # also defined in params.schema.json, but not calculator input


def param_roots() -> tuple[str, ...]:
    """Top-level keys of region and national files whose schema lives in params.schema.json."""
    roots: list[str] = []
    for name in ("region.schema.json", "national.schema.json"):
        schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
        for key, prop in schema.get("properties", {}).items():
            ref = prop.get("$ref", "")
            if ref.startswith("params.schema.json") and key not in NOT_PARAMS and key not in roots:
                roots.append(key)
    return tuple(roots)
