"""The Jinja sandbox letter templates render in: bounded in loops, arithmetic, output and time.

Jinja's own sandbox keeps a template from reaching Python's internals, but not from
working for ever: two nested `range(100000)` loops are 10 billion rounds, `'x' * 10**9`
a gigabyte. A `BoundedSandbox` is made per rendering and holds its budget:

- `range` yields at most `MAX_ROUNDS` items over the whole rendering (nested loops spend
  from the same budget), and each item checks the deadline;
- `*`, `**`, `+` and `//` may not make a number beyond `MAX_DIGITS` digits nor a string or
  list beyond `MAX_VALUE` items;
- the rendered XML is counted while it is produced: at most `MAX_OUTPUT_PER_LETTER`
  characters per letter (all parts together), and the deadline (`SECONDS` plus
  `SECONDS_PER_LETTER` per letter) is checked per piece.

Going over raises `TemplateTooCostly` (a Jinja SecurityError).
"""

from __future__ import annotations

import operator
import time

from jinja2.environment import Template
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

MAX_ROUNDS = 10_000
MAX_DIGITS = 100
MAX_VALUE = 100_000
MAX_OUTPUT_PER_LETTER = 1_000_000
SECONDS, SECONDS_PER_LETTER = 30.0, 0.1


class TemplateTooCostly(SecurityError):
    """The template asks for more rounds, a larger value, more output or more time than allowed."""


class _BoundedTemplate(Template):
    def render(self, *args, **kwargs) -> str:
        """Render piece by piece, counting the output against the environment's budget."""
        environment = self.environment
        pieces = []
        for piece in self.generate(*args, **kwargs):
            environment.spend_output(len(piece))
            pieces.append(piece)
        return "".join(pieces)


class BoundedSandbox(SandboxedEnvironment):
    """A sandboxed Jinja environment for one rendering of `letters` letters."""

    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "//"})

    def __init__(self, letters: int = 1, **options) -> None:
        super().__init__(**options)
        self.rounds = 0
        self.output = 0
        self.max_output = MAX_OUTPUT_PER_LETTER * max(1, letters)
        self.deadline = time.monotonic() + SECONDS + SECONDS_PER_LETTER * max(1, letters)
        self.globals["range"] = self.bounded_range

    def _check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TemplateTooCostly("time")

    def bounded_range(self, *args: int):
        """range(), spending one round of the rendering's budget per item."""
        for value in range(*args):
            self.rounds += 1
            if self.rounds > MAX_ROUNDS:
                raise TemplateTooCostly("rounds")
            self._check_time()
            yield value

    def spend_output(self, size: int) -> None:
        self.output += size
        if self.output > self.max_output:
            raise TemplateTooCostly("output")
        self._check_time()

    def call_binop(self, context, operator_name: str, left, right):
        """The operator, refused when its result would be too large (checked before when it can be)."""
        _refuse_before(operator_name, left, right)
        try:
            result = _OPERATORS[operator_name](left, right)
        except (ArithmeticError, MemoryError):  # a float that overflows, a division by zero
            raise TemplateTooCostly("arithmetic") from None
        if isinstance(result, str | list | tuple) and len(result) > MAX_VALUE:
            raise TemplateTooCostly("size")
        if isinstance(result, int) and result.bit_length() > MAX_DIGITS * 4:
            raise TemplateTooCostly("digits")
        return result


def _refuse_before(operator_name: str, left, right) -> None:
    """Refuse a power or a repetition whose result would be huge, without computing it."""
    numbers = all(isinstance(side, int | float) for side in (left, right))
    if operator_name == "**" and numbers and abs(right) > MAX_DIGITS * 4 and abs(left) not in (0, 1):
        raise TemplateTooCostly("power")
    if operator_name == "*":
        sizes = [len(side) for side in (left, right) if isinstance(side, str | list | tuple)]
        counts = [abs(side) for side in (left, right) if isinstance(side, int)]
        if sizes and counts and sizes[0] * counts[0] > MAX_VALUE:
            raise TemplateTooCostly("repeat")


_OPERATORS = {"*": operator.mul, "**": operator.pow, "+": operator.add, "//": operator.floordiv}
