"""Lighthouse mobile scores (npm `lighthouse`, Debian's Chromium), pointed at 127.0.0.1 only."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

from .chromium import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run_lighthouse(url: str, timeout: int = 180) -> dict:
    """Scores (0-100) per category, the failed audits, and any request that left 127.0.0.1."""
    if not LIGHTHOUSE.exists():
        return {"url": url, "error": f"{LIGHTHOUSE} is missing: run `make setup`"}
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        out = Path(tmp) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_ARGS]).replace(
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            '"--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"',
        )
        cmd = [
            str(LIGHTHOUSE),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            f"--chrome-flags={flags}",
        ]
        env = {**os.environ, "CHROME_PATH": CHROMIUM}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        if proc.returncode != 0 or not out.exists():
            return {"url": url, "error": (proc.stderr or proc.stdout).strip()[-500:]}
        report = json.loads(out.read_text(encoding="utf-8"))
    scores = {
        c: round((report["categories"][c]["score"] or 0) * 100)
        for c in CATEGORIES
        if c in report["categories"]
    }
    failed: dict[str, list[str]] = {}
    for c in CATEGORIES:
        for ref in report["categories"].get(c, {}).get("auditRefs", []):
            audit = report["audits"].get(ref["id"], {})
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 0.9:
                failed.setdefault(c, []).append(
                    f"{ref['id']} ({audit.get('displayValue') or audit['score']})"
                )
    items = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    outside = sorted(
        {
            i["url"]
            for i in items
            if urllib.parse.urlsplit(i.get("url", "")).hostname not in ("127.0.0.1", None)
            and not i.get("url", "").startswith(("data:", "blob:"))
        }
    )
    metrics = {
        k: report["audits"][k].get("displayValue")
        for k in (
            "first-contentful-paint",
            "largest-contentful-paint",
            "total-blocking-time",
            "cumulative-layout-shift",
            "speed-index",
        )
        if k in report["audits"]
    }
    return {
        "url": url,
        "scores": scores,
        "failed_audits": failed,
        "metrics": metrics,
        "outside_requests": outside,
        "requests": len(items),
        "lighthouse": report.get("lighthouseVersion"),
    }
