"""医保指南 generator: data/*.yaml → validated, resolved model → pages and JSON under docs/."""

__all__ = ["SCHEMA_VERSION"]

SCHEMA_VERSION = 1
