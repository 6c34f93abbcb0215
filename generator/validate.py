"""Validation of the data files (schema + cross-file rules); full rules land in the next commit."""

from __future__ import annotations

from pathlib import Path

from .errors import DataError
from .load import Dataset


def validate(dataset: Dataset, schema_dir: Path, as_of: str) -> list[DataError]:
    return []
