"""Read a request's inputs one field at a time, collecting every error with its field path."""

from .limits import input_bound
from .money import CENT, to_decimal

__all__ = ["FieldReader"]


def _options(options):
    return "、".join(options.values() if isinstance(options, dict) else options)


class FieldReader:
    """Reads fields of one input object; errors go to a shared list as {"field", "message"}."""

    def __init__(self, inputs, errors, prefix="inputs."):
        self.inputs = inputs
        self.errors = errors
        self.prefix = prefix

    def fail(self, name, message):
        """Record an error for a field."""
        self.errors.append({"field": self.prefix + name, "message": message})

    def given(self, name):
        """Whether the field has a value (null and blank text count as not given)."""
        value = self.inputs.get(name)
        return not (value is None or (isinstance(value, str) and not value.strip()))

    def unknown(self, allowed):
        """Fail every field that is not in allowed."""
        for key in self.inputs:
            if key not in allowed:
                self.fail(str(key), "不认识的输入项")

    def choice(self, name, options, what, default=None):
        """One of options (a dict's keys or a list); default when not given, else required."""
        if not self.given(name):
            if default is None:
                self.fail(name, f"请选择{what}：" + _options(options))
            return default
        value = self.inputs[name]
        if not isinstance(value, str) or value not in options:
            self.fail(name, f"不认识的{what}，请从这些中选择：" + _options(options))
            return None
        return value

    def text(self, name, what):
        """Short required text, stripped."""
        if not self.given(name):
            self.fail(name, f"请填写{what}")
            return None
        value = self.inputs[name]
        if not isinstance(value, str) or len(value) > 50:
            self.fail(name, f"{what}应是文字，例如“一档”")
            return None
        return value.strip()

    def amount(self, name, what, required=False, positive=False):
        """Money in 元 to the fen, not negative, within its plausible bound; None if not given."""
        if not self.given(name):
            if required:
                self.fail(name, f"请填写{what}（元）")
            return None
        try:
            value = to_decimal(self.inputs[name])
        except ValueError:
            self.fail(name, f"{what}应是数字，例如 50000")
            return None
        maximum, _, ask = input_bound(name) or input_bound("total")
        if value < 0:
            self.fail(name, f"{what}不能小于 0")
        elif positive and value == 0:
            self.fail(name, f"请填写大于 0 的{what}")
        elif value > maximum:
            self.fail(name, f"{what}太大了：请填写不超过 {ask}")
        elif value != value.quantize(CENT):
            self.fail(name, f"{what}最多填到分（两位小数）")
        else:
            return value
        return None

    def whole(self, name, what, default, low):
        """A whole number from low up to the input's bound; default when not given."""
        if not self.given(name):
            return default
        try:
            value = to_decimal(self.inputs[name])
        except ValueError:
            self.fail(name, f"{what}应是整数，例如 {low + 1}")
            return None
        maximum, _, ask = input_bound(name)
        if value != value.to_integral_value():
            self.fail(name, f"{what}应是整数，例如 {low + 1}")
        elif value < low:
            self.fail(name, f"{what}不能小于 {low}")
        elif value > maximum:
            self.fail(name, f"{what}太大了：请填写不超过 {ask}")
        else:
            return int(value)
        return None

    def flag(self, name, what, default=False):
        """true or false (also the texts "true" and "false"); default when not given."""
        if not self.given(name):
            return default
        value = self.inputs[name]
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
        self.fail(name, f"{what}应是“是”或“否”（true / false）")
        return False
