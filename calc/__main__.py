"""`python -m calc < request.json`: one estimate, JSON in on stdin and JSON out on stdout."""

import json
import sys

from . import run

__all__ = ["main"]


def main():
    """Read a request from stdin, print the result; exit 0 when ok, 2 otherwise."""
    raw = sys.stdin.buffer.read()
    try:
        request = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        result = {
            "ok": False,
            "errors": [{"field": "request", "message": f"请求不是有效的 JSON：{exc}"}],
        }
    except RecursionError:
        result = {
            "ok": False,
            "errors": [{"field": "request", "message": "请求不是有效的 JSON：嵌套太深"}],
        }
    else:
        result = run(request)
    sys.stdout.buffer.write(
        (json.dumps(result, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )
    return 0 if result.get("ok") else 2


if __name__ == "__main__":
    sys.exit(main())
