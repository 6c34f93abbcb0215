"""Every concrete claim of the seeds and the reference file is transcribed into data/ or rejected."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from fixtures.datasets import ROOT, make_dataset

from generator import claims
from generator.load import load_dir

LEDGER = ROOT / claims.CLAIMS_FILE
# The seeds and the reference file live beside the repository on the project's machines; CI has
# only the ledger. Set YIBAO_SOURCES to check the quotes elsewhere.
SOURCES = Path(os.environ.get("YIBAO_SOURCES", ROOT.parent.parent / "shared"))
SEED_FILES = {"seed-000": "000_", "seed-001": "001_", "seed-002": "002_", "seed-003": "003_"}
# The data sources that are the seed articles; records quoting other sources (claims met while
# researching regions) are not seed or reference claims and are not listed in the ledger.
SEED_SOURCES = {
    "seed-000-resident-online": "seed-000",
    "seed-001-personal-enrolment": "seed-001",
    "seed-002-family-sharing": "seed-002",
    "seed-003-hotlines": "seed-003",
}


def _from_seed_or_reference(record: dict) -> bool:
    where = record["where"]
    return "file" in where or where.get("source") in SEED_SOURCES


@pytest.fixture(scope="module")
def ledger() -> list[dict]:
    return claims.load_claims(LEDGER)


@pytest.fixture(scope="module")
def dataset():
    return load_dir(ROOT / "data")


def test_every_claim_is_transcribed_or_rejected(ledger, dataset):
    """Each claim has exactly one outcome; its data entry holds it, or its record exists."""
    assert len(ledger) > 200
    assert claims.problems(ledger, dataset) == []
    counts = claims.account(ledger, [])
    assert counts["transcribed"] + counts["rejected"] == counts["claims"]
    assert counts["transcribed"] > 100 and counts["rejected"] > 50


def test_every_rejected_record_comes_from_a_listed_claim(ledger, dataset):
    """No rejection stands alone: each record of a seed or the reference file accounts for a
    listed claim, and every listed claim's record quotes a seed or the reference file."""
    records = dataset.one("rejected").data["rejected"]
    from_sources = {r["id"] for r in records if _from_seed_or_reference(r)}
    used = {c["rejected"] for c in ledger if c.get("rejected")}
    assert from_sources == used


@pytest.mark.parametrize(
    ("claim_id", "record"),
    [
        ("s003-tier2-775", "seed-003-resident-tier2-775"),
        ("s003-inpatient-85", "seed-003-inpatient-ratios"),
        ("s003-inpatient-75", "seed-003-inpatient-ratios"),
        ("s003-inpatient-65", "seed-003-inpatient-ratios"),
        ("s003-critical-75", "seed-003-critical-75-85-95"),
        ("s003-critical-85", "seed-003-critical-75-85-95"),
        ("s003-critical-95", "seed-003-critical-75-85-95"),
        ("s003-pooling-deductible-50", "seed-003-outpatient-pooling-50-150"),
        ("s003-pooling-ratio-50", "seed-003-outpatient-pooling-50-150"),
        ("s003-pooling-limit-150", "seed-003-outpatient-pooling-50-150"),
        ("s003-two-diseases-375", "seed-003-two-diseases-375-220"),
        ("s003-two-diseases-220", "seed-003-two-diseases-375-220"),
        ("s003-childbirth-1000", "seed-003-childbirth-1000-2000"),
        ("s003-childbirth-2000", "seed-003-childbirth-1000-2000"),
        ("s003-accident-2000", "seed-003-accident-2000"),
        ("s000-zhejiang-late-1070", "seed-000-zhejiang-late-1070"),
        ("s002-flexible-484", "seed-002-flexible-484-132"),
        ("s002-flexible-132", "seed-002-flexible-484-132"),
        ("s002-flexible-108", "seed-002-flexible-deadline-108"),
    ],
)
def test_the_facts_once_out_of_sight_are_rejected_on_record(ledger, claim_id, record):
    """The seed facts that were neither in data/ nor recorded as rejected now are, with a reason."""
    claim = next(c for c in ledger if c["id"] == claim_id)
    assert claim["rejected"] == record


def _problems_for(tmp_path, claim: dict) -> list[str]:
    make_dataset(tmp_path)
    return claims.problems([claim], load_dir(tmp_path / "data"))


@pytest.mark.parametrize(
    ("claim", "problem"),
    [
        ({"id": "x", "quote": "q"}, "要么写 transcribed"),
        ({"id": "x", "transcribed": {"at": "data/national.yaml#hotlines", "value": "12393"},
          "rejected": "r"}, "只能写一个"),
        ({"id": "x", "rejected": "nope"}, "没有 id 为 nope 的记录"),
        ({"id": "x", "transcribed": {"at": "data/nowhere.yaml#a", "value": 1}}, "不存在"),
        ({"id": "x", "transcribed": {"at": "data/national.yaml#waiting_period.fixed", "value": 3}},
         "没有字段 fixed"),
        ({"id": "x", "transcribed": {"at": "data/national.yaml#waiting_period.fixed_months",
                                     "date": "2025-01-01", "value": 4}}, "不是 4"),
        ({"id": "x", "transcribed": {"at": "data/national.yaml#waiting_period.fixed_months",
                                     "date": "2024-01-01", "value": 3}}, "没有 2024-01-01 的数值"),
        ({"id": "x", "transcribed": {"at": "data/national.yaml#hotlines", "value": "12345"}},
         "里没有 '12345'"),
        ({"id": "x", "transcribed": {"at": "data/national.yaml#hotlines.0.department",
                                     "contains": "人社"}}, "里没有写“人社”"),
    ],
)  # fmt: skip
def test_the_ledger_check_catches_each_kind_of_mistake(tmp_path, claim, problem):
    """A claim with no outcome, two outcomes, a missing record, path or value is reported."""
    found = _problems_for(tmp_path, claim)
    assert len(found) == 1 and problem in found[0], found


def test_a_correct_transcription_passes(tmp_path):
    """The checker accepts the data it describes (value at a date, a hotline number, words)."""
    good = [
        {"id": "a", "transcribed": {"at": "data/national.yaml#waiting_period.fixed_months",
                                    "date": "2025-01-01", "value": 3}},
        {"id": "b", "transcribed": {"at": "data/national.yaml#hotlines", "value": "12393"}},
        {"id": "c", "transcribed": {"at": "data/national.yaml#hotlines.0.department",
                                    "contains": "热线"}},
    ]  # fmt: skip
    make_dataset(tmp_path)
    assert claims.problems(good, load_dir(tmp_path / "data")) == []


def _normal(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.skipif(not (SOURCES / "seeds").is_dir(), reason="the seed articles are not here")
def test_every_quote_is_in_its_source(ledger, dataset):
    """Each claim's quote, and each rejected record's quote, is the source's own words."""
    seeds = {
        key: _normal(next((SOURCES / "seeds").glob(prefix + "*.txt")).read_text("utf-8"))
        for key, prefix in SEED_FILES.items()
    }
    facts = _normal((SOURCES / "reference" / "policy-facts.md").read_text("utf-8"))
    missing = [
        c["id"]
        for c in ledger
        if _normal(c["quote"]) not in (facts if c["from"] == "policy-facts" else seeds[c["from"]])
    ]
    assert missing == []
    for rec in dataset.one("rejected").data["rejected"]:
        if not _from_seed_or_reference(rec):
            continue  # a research source that is not beside the repository
        where = rec["where"]
        text = seeds[SEED_SOURCES[where["source"]]] if "source" in where else facts
        quote = where.get("quote") or where["row"]
        assert _normal(quote) in text, rec["id"]


def test_the_ledger_names_every_seed_and_the_reference_file(ledger):
    """Claims come from all four seeds and from policy-facts.md, each with a quote."""
    assert {c["from"] for c in ledger} == {*SEED_FILES, "policy-facts"}
    assert all(isinstance(c.get("quote"), str) and c["quote"].strip() for c in ledger)
    ids = [c["id"] for c in ledger]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)
    assert yaml.safe_load(LEDGER.read_text(encoding="utf-8"))["claims"]
