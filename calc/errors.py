"""The three ways an estimate can fail: a bad request, missing data, malformed data."""

__all__ = ["CalcError", "DataError", "FieldErrors", "Missing"]


class CalcError(Exception):
    """Base class: carries a list of plain-Chinese items for the response."""

    def __init__(self, items):
        super().__init__(items)
        self.items = list(items)


class FieldErrors(CalcError):
    """The request is wrong: items are {"field", "message"}."""


class Missing(CalcError):
    """The data lacks a parameter or has only a flagged one: items are {param, message, where}."""


class DataError(CalcError):
    """The region's data is malformed: items are {"field", "message"}, like field errors."""
