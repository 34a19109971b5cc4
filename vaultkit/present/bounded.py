"""Jinja's sandbox with bounds: loop ranges, repetition, sizes, output and wall-clock time.

The sandbox blocks attribute escapes but bounds nothing (docs/reliability.md): a
nested `range()` runs for ever and `'x' * 10**10` allocates 10 GB. Here every range, string
and list a template makes is bounded, numbers that size a result (`center(10**9)`) are
refused, the output is counted as it is generated, and a render has a wall-clock budget:
checked at every call, attribute, operator, filter and loop step, and, on the main thread,
enforced by a timer signal even in a loop that calls nothing. Exceeding any of them raises
`RenderLimit`, which `templates.Templates` turns into `TemplateError("NAME:LINE: …")`.
"""

from __future__ import annotations

import contextlib
import re
import signal
import threading
import time
from collections.abc import Iterator

from jinja2.compiler import CodeGenerator
from jinja2.sandbox import SandboxedEnvironment

MAX_RANGE = 10_000  # items of one range()
MAX_STRING = 1_000_000  # characters of any string (or items of any list) a template makes
MAX_OUTPUT = 10_000_000  # characters of a whole render
MAX_INT_BITS = 100_000  # a number larger than about 10**30000 is refused
DEFAULT_SECONDS = 3.0
_WIDE = re.compile(r"\d{7,}")  # a width or precision of a million or more in a format


class RenderLimit(Exception):
    """A template went past one of the bounds above; `where` is `NAME:LINE` when known
    from outside the template's frames (the output limit)."""

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.where = where


class _Generator(CodeGenerator):
    """`a ~ b` through the environment, so that a doubling string is stopped."""

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.bounded(")
        super().visit_Concat(node, frame)
        self.write(")")


class BoundedEnvironment(SandboxedEnvironment):
    code_generator_class = _Generator
    intercepted_binops = frozenset(["*", "**", "+", "%", "//", "-"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.deadline = float("inf")
        self.globals["range"] = self._range
        self.globals.pop("lipsum", None)  # lipsum(n=10**9): text by the gigabyte

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise RenderLimit("the render took longer than its time budget "
                              "([templates] render_seconds)")

    def bounded(self, value):
        self.tick()
        if isinstance(value, (str, list, tuple, bytes)) and len(value) > MAX_STRING:
            raise RenderLimit(f"a value of {len(value):,} characters or items "
                              f"(at most {MAX_STRING:,})")
        if isinstance(value, int) and value.bit_length() > MAX_INT_BITS:
            raise RenderLimit("a number too large for a template")
        return value

    def _range(self, *args) -> Iterator[int]:
        _numbers(args)
        rng = range(*args)
        if len(rng) > MAX_RANGE:
            raise RenderLimit(f"range() of {len(rng):,} items (at most {MAX_RANGE:,})")
        return self._ticking(rng)

    def _ticking(self, items) -> Iterator:
        for n, item in enumerate(items):
            if n % 256 == 0:
                self.tick()
            yield item

    def call_binop(self, context, operator, left, right):
        self.tick()
        if operator == "*":
            _repetition(left, right)
        elif operator == "**" and isinstance(left, int) and isinstance(right, int):
            if abs(left) > 1 and right * max(abs(left).bit_length(), 1) > MAX_INT_BITS:
                raise RenderLimit("a power too large for a template")
        elif operator == "%" and isinstance(left, str):
            _formatting(left, right if isinstance(right, tuple) else (right,), {})
        return self.bounded(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's signature)
        __self.tick()
        _numbers(args, kwargs)
        owner = getattr(__obj, "__self__", None)
        if isinstance(owner, str):
            _method(owner, getattr(__obj, "__name__", ""), args, kwargs)
        return __self.bounded(super().call(__context, __obj, *args, **kwargs))

    def getattr(self, obj, attribute):
        self.tick()
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        self.tick()
        return super().getitem(obj, argument)


def bound_filters(env: BoundedEnvironment) -> None:
    """Every filter checked before (its numbers) and after (its result's size)."""
    for name, func in list(env.filters.items()):
        env.filters[name] = _bounded_filter(env, name, func)


def _bounded_filter(env: BoundedEnvironment, name: str, func):
    def checked(*args, **kwargs):
        env.tick()
        values = list(args[1:] if hasattr(func, "jinja_pass_arg") else args)
        _numbers(values[1:], kwargs)
        if name == "format" and values and isinstance(values[0], str):
            _formatting(values[0], tuple(values[1:]), kwargs)
        if name == "join" and values:
            _joined(values[0], values[1] if len(values) > 1 else kwargs.get("d", ""))
        if name == "replace" and len(values) >= 3 and isinstance(values[0], str):
            _method(values[0], "replace", tuple(values[1:]), kwargs)
        return env.bounded(func(*args, **kwargs))

    for attr in ("jinja_pass_arg",):  # keep @pass_context / @pass_environment
        if hasattr(func, attr):
            setattr(checked, attr, getattr(func, attr))
    return checked


def _numbers(args, kwargs=None) -> None:
    for value in [*args, *(kwargs or {}).values()]:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_STRING:
            raise RenderLimit(f"the number {value:.3g} is too large an argument for a template")


def _size(value, depth: int = 0) -> int:
    """About the characters `value` prints as: strings and items, nested lists and
    dictionaries counted too (`[['x' * 10**6]] * 1000` prints a gigabyte); the count stops
    soon after MAX_STRING."""
    if isinstance(value, (str, bytes)):
        return len(value)
    if not isinstance(value, (list, tuple, dict)) or depth > 8:
        return 0
    total = len(value)
    for item in (value.items() if isinstance(value, dict) else value):
        total += _size(item, depth + 1)
        if total > MAX_STRING:
            break
    return total


def _repetition(left, right) -> None:
    for seq, times in ((left, right), (right, left)):
        if isinstance(times, int) and _size(seq) * max(times, 0) > MAX_STRING:
            raise RenderLimit(f"a repetition of {_size(seq) * times:.3g} characters or "
                              f"items (at most {MAX_STRING:,})")


def _formatting(fmt: str, args: tuple, kwargs: dict) -> None:
    if _WIDE.search(fmt):
        raise RenderLimit("a format width of a million or more")
    _numbers(args, kwargs)


def _method(text: str, name: str, args: tuple, kwargs: dict) -> None:
    if name in ("format", "format_map"):
        _formatting(text, args, kwargs)
    if name == "replace" and len(args) >= 2 and all(isinstance(a, str) for a in args[:2]):
        grows = (text.count(args[0]) if args[0] else len(text) + 1) * len(args[1])
        if len(text) + grows > MAX_STRING:
            raise RenderLimit(f"replace() would make {len(text) + grows:.3g} characters")


def _joined(items, sep) -> None:
    if isinstance(items, (list, tuple)):
        size = sum(_size(i) or len(str(i)) if not isinstance(i, (list, tuple)) else _size(i)
                   for i in items)
        if size + len(items) * len(str(sep)) > MAX_STRING:
            raise RenderLimit(f"join() would make more than {MAX_STRING:,} characters")


def generate(env: BoundedEnvironment, template, data: dict, seconds: float) -> str:
    """Render within `seconds` and MAX_OUTPUT characters."""
    parts: list[str] = []
    total = 0
    with _budget(env, seconds):
        chunks = template.generate(**data)
        for chunk in chunks:
            total += len(chunk)
            if total > MAX_OUTPUT:
                raise RenderLimit(f"the output passed {MAX_OUTPUT:,} characters",
                                  _suspended_at(chunks))
            parts.append(chunk)
            env.tick()
    return "".join(parts)


def _suspended_at(gen) -> str | None:
    """`NAME:LINE` where the innermost template generator of `gen` is paused."""
    where = None
    while gen is not None and getattr(gen, "gi_frame", None) is not None:
        template = gen.gi_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(gen.gi_frame.f_lineno)
            where = f"{template.name or template.filename}:{line}"
        gen = gen.gi_yieldfrom
    return where


@contextlib.contextmanager
def _budget(env: BoundedEnvironment, seconds: float):
    env.deadline = time.monotonic() + seconds
    timer = (threading.current_thread() is threading.main_thread()
             and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, signal.SIG_IGN, None))
    if timer:
        previous = signal.signal(signal.SIGALRM, _alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds + 0.05)
    try:
        yield
    finally:
        env.deadline = float("inf")
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


def _alarm(signum, frame):
    raise RenderLimit("the render took longer than its time budget ([templates] render_seconds)")
