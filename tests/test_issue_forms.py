"""Issue forms: a wrong estimate, a missing region, an accessibility problem, a data error."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest
import yaml

from generator.pages import estimate_issue_url

FORMS = Path(__file__).resolve().parents[1] / ".github" / "ISSUE_TEMPLATE"


def form(name: str) -> dict:
    return yaml.safe_load((FORMS / name).read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "name", ["wrong-estimate.yml", "missing-region.yml", "accessibility.yml", "data-error.yml"]
)
def test_form_is_complete(name: str):
    """Each form has a name, a label, and fields with unique ids; some field is required."""
    doc = form(name)
    assert doc["name"] and doc["description"] and doc["labels"]
    fields = [f for f in doc["body"] if f["type"] != "markdown"]
    ids = [f["id"] for f in fields]
    assert len(ids) == len(set(ids))
    assert any(f.get("validations", {}).get("required") for f in fields)


def test_estimate_link_fills_region_and_leaves_share_to_the_calculator():
    """The 估算不对？ link opens the wrong-estimate form; its query names the form's field ids."""
    model = {"issue_base": "https://github.com/o/r/issues/new"}
    url = estimate_issue_url(model, {"code": "440300", "name": "深圳市"})
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(url).query)
    assert query == {
        "template": ["wrong-estimate.yml"],
        "title": ["[估算有误] 深圳市"],
        "region": ["深圳市 440300"],
    }
    ids = {f.get("id") for f in form("wrong-estimate.yml")["body"]}
    assert {"share", "region"} <= ids
    assert set(query) - {"template", "title"} <= ids
