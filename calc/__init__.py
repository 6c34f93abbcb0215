"""医保指南 estimate calculator: one entry point, `run(request) -> dict`, JSON in and JSON out."""

from .contribution import contribution
from .errors import CalcError, DataError, FieldErrors, Missing
from .params import Params
from .reimbursement import reimbursement
from .request import validate
from .waiting_period import waiting_period
from .year import year

__all__ = ["CalcError", "DataError", "FieldErrors", "Missing", "run"]
__version__ = "0.1.0"

_KINDS = {
    "contribution": contribution,
    "reimbursement": reimbursement,
    "year": year,
    "waiting_period": waiting_period,
}


def run(request):
    """Answer one request; never raises: bad input gives ok false with errors or missing."""
    try:
        return _run(request)
    except Missing as exc:
        return {"ok": False, "missing": exc.items}
    except (FieldErrors, DataError) as exc:
        return {"ok": False, "errors": exc.items}
    except Exception as exc:  # a bug, not the reader's fault: still answer in JSON
        return {
            "ok": False,
            "errors": [
                {
                    "field": "internal",
                    "message": f"计算器内部错误（{type(exc).__name__}），请报告这个问题",
                }
            ],
        }


def _run(request):
    kind, date, region, inputs = validate(request)
    params = Params(region, date)
    summary, bd = _KINDS[kind](params, inputs)
    lines, notes = bd.result()
    code, name = region.get("code"), region.get("name")
    result = {
        "ok": True,
        "kind": kind,
        "date": date,
        "region": {
            "code": code if isinstance(code, str) else None,
            "name": name if isinstance(name, str) else None,
        },
        "summary": summary,
        "breakdown": lines,
        "notes": notes,
    }
    result.update(bd.extra)
    return result
