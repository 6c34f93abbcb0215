"""`python -m calc < request.json` prints JSON, exits 0 on ok and 2 otherwise, never a traceback."""

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
REGION = json.loads(
    (REPO / "tests" / "calc" / "regions" / "nanchang.json").read_text(encoding="utf-8")
)


def run_cli(data):
    """Run the CLI from the repository root with bytes on stdin."""
    proc = subprocess.run(
        [sys.executable, "-m", "calc"],
        input=data,
        capture_output=True,
        cwd=REPO,
        timeout=60,
        check=False,
    )
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


def request(**inputs):
    return {
        "kind": "reimbursement",
        "date": "2026-03-01",
        "params": REGION,
        "inputs": {"scheme": "resident", "visit": "inpatient", "level": "三级", **inputs},
    }


def test_a_good_request_prints_the_estimate_and_exits_0():
    """The 50000 元 南昌 case through the CLI: Chinese JSON on stdout, nothing on stderr."""
    code, out, err = run_cli(
        json.dumps(request(total=50000, self_pay=3000, class_b_self_pay=1000)).encode()
    )
    assert code == 0, err
    assert err == ""
    result = json.loads(out)
    assert result["summary"]["you_pay"] == "21704.00"
    assert "起付线 600 元" in out  # ensure_ascii=False: Chinese is printed as is
    assert out.startswith('{\n  "ok": true')  # indent=2


def test_invalid_json_is_a_clear_error_with_exit_2():
    """Broken JSON, or bytes that are not UTF-8, gets one error in JSON and no traceback."""
    for data in (b'{"kind": ', b"\xff\xfe\x00", b""):
        code, out, err = run_cli(data)
        assert code == 2
        assert "Traceback" not in err + out
        result = json.loads(out)
        assert result["ok"] is False
        assert result["errors"][0]["field"] == "request"
        assert result["errors"][0]["message"].startswith("请求不是有效的 JSON")


def test_a_bad_field_names_the_field_with_exit_2():
    """A negative total is reported beside inputs.total."""
    code, out, err = run_cli(json.dumps(request(total=-5), ensure_ascii=False).encode())
    assert code == 2
    assert "Traceback" not in err
    assert json.loads(out)["errors"] == [{"field": "inputs.total", "message": "总费用不能小于 0"}]


def test_missing_data_exits_2_and_names_the_file():
    """A filing type without a cut in the data: exit 2, the missing parameter and its file."""
    code, out, _ = run_cli(json.dumps(request(total=1000, cross_region="unfiled")).encode())
    assert code == 2
    assert json.loads(out)["missing"][0]["where"] == "data/regions/360100-nanchang.yaml"


def test_deeply_nested_json_does_not_crash():
    """A pathologically nested request is answered, not a RecursionError traceback."""
    code, out, err = run_cli(b"[" * 100000 + b"]" * 100000)
    assert code == 2
    assert "Traceback" not in err
    assert json.loads(out)["ok"] is False
