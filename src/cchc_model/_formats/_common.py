"""What the built-in formats share: decoding input, checking what they are given."""

from __future__ import annotations

from typing import Any

from cchc_model.errors import FormatError
from cchc_model.model import Plan

#: What to say when a CSV file is not UTF-8: Excel's plain "CSV" is the legacy
#: code page (windows-1258 on a Vietnamese Windows).
_CSV_HINT = "; in Excel, save it as 'CSV UTF-8 (Comma delimited)'"


def as_text(data: str | bytes, format: str) -> str:
    """``data`` as text: bytes are decoded as UTF-8, or as UTF-16 after its
    byte-order mark (Excel's and Notepad's "Unicode" text); a leading
    byte-order mark is dropped."""
    if isinstance(data, str):
        return data[1:] if data.startswith("\ufeff") else data
    if not isinstance(data, bytes):
        raise TypeError(f"expected str or bytes, got {type(data).__name__}")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    encoding, name = ("utf-16", "UTF-16") if utf16 else ("utf-8-sig", "UTF-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # The position is counted in bytes; give the line too, which is what an editor shows.
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        bad = data[exc.start : exc.end]
        hint = _CSV_HINT if format == "csv" and not utf16 else ""
        raise FormatError(
            f"not {name} text: byte {exc.start} (line {line}) is {bad!r}{hint}",
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
