"""The site model handed to the page renderers (see the model contract)."""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from . import prose, provenance
from .errors import DataError, DataErrors
from .load import Dataset, load_dir, printed_path
from .resolve import resolve_dataset

__all__ = ["build_model", "model_from_dataset", "read_repo_url"]


def read_repo_url(root: Path) -> str:
    """repo_url from mkdocs.yml beside the data folder (the one place it is set).

    Every edit and "report an error" link is built on it, so a missing file or line is an error
    rather than pages whose links silently lose the repository.
    """
    cfg = Path(root) / "mkdocs.yml"
    shown = printed_path(cfg)
    if not cfg.is_file():
        raise DataErrors(
            [
                DataError(
                    shown,
                    0,
                    "",
                    "找不到这个文件；编辑链接和报错链接要用它的 repo_url。"
                    "--data-dir 要指向仓库里的 data 文件夹（和 mkdocs.yml 放在一起）",
                )
            ]
        )
    m = re.search(r"^repo_url:\s*['\"]?([^'\"\s#]+)", cfg.read_text(encoding="utf-8"), re.M)
    if not m:
        raise DataErrors(
            [
                DataError(
                    shown,
                    0,
                    "repo_url",
                    "没有写仓库地址；加一行 repo_url: https://github.com/<用户或组织>/<仓库>",
                )
            ]
        )
    return m.group(1).rstrip("/")


def model_from_dataset(dataset: Dataset, data_dir: Path, as_of: str) -> dict:
    """The site model from an already validated dataset."""
    data_dir = Path(data_dir)
    plain = prose.with_references_resolved(dataset, as_of)  # templates get plain text
    resolved = resolve_dataset(plain, data_dir / "schema")
    repo_url = read_repo_url(data_dir.resolve().parent)
    return {
        "as_of": as_of,
        "repo_url": repo_url,
        "edit_base": f"{repo_url}/edit/main/" if repo_url else "",
        "issue_base": f"{repo_url}/issues/new" if repo_url else "",
        **resolved,
        **provenance.model_parts(dataset, data_dir, as_of),
    }


def build_model(data_dir: Path, as_of: str | None = None) -> dict:
    """Load, validate and resolve data_dir; raise DataErrors when the data has errors."""
    from .validate import validate

    as_of = as_of or _dt.date.today().isoformat()
    dataset = load_dir(Path(data_dir))
    errors = validate(dataset, Path(data_dir) / "schema", as_of)
    if errors:
        raise DataErrors(errors)
    return model_from_dataset(dataset, Path(data_dir), as_of)
