"""Data errors: one line each, naming the file and line, in plain Chinese."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["DataError", "DataErrors", "format_path"]


def format_path(path) -> str:
    """A field path as contributors read it: inpatient.resident.levels.三级, hotlines[0].number."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in one data file."""

    file: str
    line: int
    path: str
    message: str

    def text(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"

    def github(self) -> str:
        body = f"{self.path}: {self.message}" if self.path else self.message
        props = f"file={_prop(self.file)}"
        if self.line:
            props += f",line={self.line}"
        return f"::error {props},title=数据有误::{_data(body)}"

    def format(self, fmt: str = "text") -> str:
        return self.github() if fmt == "github" else self.text()


class DataErrors(Exception):
    """Raised when data cannot be used; carries every error found."""

    def __init__(self, errors: list[DataError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(set(errors), key=_sort_key)


def _sort_key(e: DataError):
    return (e.file, e.line, e.path, e.message)


def _data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _data(s).replace(":", "%3A").replace(",", "%2C")
