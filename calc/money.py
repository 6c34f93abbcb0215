"""Decimal money: exact parsing, half-up rounding to 0.01 元, and text formats."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

__all__ = [
    "CENT",
    "ONE",
    "ZERO",
    "fmt_money",
    "fmt_number",
    "fmt_percent",
    "fmt_ratio",
    "round_money",
    "to_decimal",
]

CENT = Decimal("0.01")
ONE = Decimal(1)
ZERO = Decimal(0)


def to_decimal(value):
    """Turn an int, float or numeric string into a finite Decimal; raise ValueError otherwise."""
    if isinstance(value, bool) or value is None:
        raise ValueError("not a number")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    elif isinstance(value, str):
        text = value.strip()
        if not text or len(text) > 40:
            raise ValueError("not a number")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError("not a number") from None
    else:
        raise ValueError("not a number")
    if not result.is_finite():
        raise ValueError("not a finite number")
    return result


def round_money(value):
    """Round to 0.01 元, half up (0.005 → 0.01)."""
    result = value.quantize(CENT, rounding=ROUND_HALF_UP)
    return result if result else CENT * 0  # never "-0.00"


def fmt_money(value):
    """Money as a string with exactly two decimals: "1234.50"."""
    return str(round_money(value))


def fmt_number(value):
    """A figure as written, without exponent or trailing zeros: 800, 0.6, 809.76."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def fmt_ratio(value):
    """A ratio as a string with at least two decimals: "0.85", "1.00", "0.055"."""
    text = fmt_number(value)
    whole, _, frac = text.partition(".")
    return whole + "." + frac.ljust(2, "0")


def fmt_percent(value):
    """A fraction as a percentage for prose: 0.6 → "60%", 0.055 → "5.5%"."""
    return fmt_number(value * 100) + "%"
