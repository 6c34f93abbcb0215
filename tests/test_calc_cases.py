"""The hand-computed cases in tests/calc/cases/*.yaml give exactly the expected results."""

import json
from pathlib import Path

import pytest
import yaml

import calc

HERE = Path(__file__).parent / "calc"
CASE_KEYS = {"name", "region", "date", "kind", "inputs", "request", "expect"}


def load_region(name):
    """A hand-written fixture region in the resolved-JSON shape."""
    return json.loads((HERE / "regions" / f"{name}.json").read_text(encoding="utf-8"))


def load_cases():
    """Every case of every YAML file, with an id naming the file and the case."""
    cases = []
    for path in sorted((HERE / "cases").glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            unknown = set(case) - CASE_KEYS
            assert not unknown, f"{path.name}: {case.get('name')}: unknown keys {unknown}"
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return cases


def build_request(case):
    """The request a case describes: given whole, or kind + date + region fixture + inputs."""
    if "request" in case:
        return case["request"]
    request = {"kind": case["kind"], "date": case["date"], "inputs": case["inputs"]}
    request["params"] = load_region(case["region"]) if case.get("region") else {}
    return request


def match_line(expected, line):
    """Whether a breakdown line has every expected key (text_contains: a substring of text)."""
    for key, value in expected.items():
        if key == "text_contains":
            if value not in line["text"]:
                return False
        elif line.get(key) != value:
            return False
    return True


def check(expect, result):
    """Compare a result with a case's expectation; return a list of differences."""
    problems = []
    if result["ok"] != expect["ok"]:
        return [f"ok is {result['ok']}: {json.dumps(result, ensure_ascii=False)[:2000]}"]
    for key in ("errors", "missing"):
        if key in expect and result.get(key) != expect[key]:
            problems.append(f"{key}: got {result.get(key)}, want {expect[key]}")
    problems.extend(check_part(expect, result, ""))
    bills = result.get("bills", [])
    if "bills" in expect and len(expect["bills"]) != len(bills):
        problems.append(f"bills: got {len(bills)}, want {len(expect['bills'])}")
    for index, (wanted, bill) in enumerate(zip(expect.get("bills", []), bills, strict=False)):
        problems.extend(check_part(wanted, bill, f"bills.{index}."))
    for text in expect.get("notes_contain", []):
        if not any(text in note for note in result.get("notes", [])):
            problems.append(f"no note contains {text!r}: {result.get('notes')}")
    return problems


def check_part(expect, result, where):
    """Compare the summary fields and the ordered breakdown lines a case names."""
    problems = []
    for key, value in expect.get("summary", {}).items():
        if result["summary"].get(key) != value:
            got = result["summary"].get(key)
            problems.append(f"{where}summary.{key}: got {got!r}, want {value!r}")
    lines = iter(result.get("breakdown", []))
    for wanted in expect.get("breakdown", []):  # an ordered subsequence of the lines
        if not any(match_line(wanted, line) for line in lines):
            problems.append(f"{where}: no breakdown line (in order) matching {wanted}")
            break
    return problems


@pytest.mark.parametrize("case", load_cases())
def test_case(case):
    """One hand-computed case."""
    result = calc.run(build_request(case))
    assert check(case["expect"], result) == []


def test_enough_cases():
    """At least 25 hand-computed cases."""
    assert len(load_cases()) >= 25


def test_every_ok_result_adds_up():
    """In every ok bill and year, fund + 大病保险 + you pay equals the total to the fen."""
    from decimal import Decimal

    def adds_up(s):
        parts = Decimal(s["fund"]) + Decimal(s["critical_illness"]) + Decimal(s["you_pay"])
        return parts == Decimal(s["total"])

    checked = 0
    for param in load_cases():
        result = calc.run(build_request(param.values[0]))
        if result["ok"] and result["kind"] in ("reimbursement", "year"):
            summaries = [result["summary"]] + [b["summary"] for b in result.get("bills", [])]
            assert all(adds_up(s) for s in summaries), param.id
            checked += 1
    assert checked >= 30
