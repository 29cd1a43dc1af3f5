"""What the built-in formats share: decoding input, checking what they are given."""

from __future__ import annotations

from typing import Any

from cchc_model.errors import FormatError
from cchc_model.model import Plan


def as_text(data: str | bytes, format: str) -> str:
    """``data`` as text: bytes are decoded as UTF-8, a leading byte-order mark dropped."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    if not isinstance(data, bytes):
        raise TypeError(f"expected str or bytes, got {type(data).__name__}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # The position is counted in bytes; give the line too, which is what an editor shows.
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1]
        raise FormatError(
            f"not UTF-8 text: byte {exc.start} (line {line}) is {bad!r}",
            where=f"{format} input, line {line}",
        ) from None


def expect_plan(obj: Any, format: str) -> Plan:
    """``obj`` if it is a plan; a clear :class:`TypeError` otherwise."""
    if not isinstance(obj, Plan):
        raise TypeError(f"the {format!r} format writes a Plan, got {type(obj).__name__}")
    return obj


def dump_only(format: str) -> FormatError:
    """The error a format that only writes raises from ``loads``."""
    return FormatError(
        f"the {format!r} format only writes: it cannot be read back; use 'json' or 'csv'",
        where=f"{format} input",
    )
