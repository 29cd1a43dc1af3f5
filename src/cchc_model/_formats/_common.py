"""What the built-in formats share: decoding input, checking what they are given."""

from __future__ import annotations

import re
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
        refuse_surrogates(data, format)
        return data[1:] if data.startswith("\ufeff") else data
    if not isinstance(data, bytes):
        raise TypeError(f"expected str or bytes, got {type(data).__name__}")
    utf16 = data.startswith((b"\xff\xfe", b"\xfe\xff"))
    encoding, name = ("utf-16", "UTF-16") if utf16 else ("utf-8-sig", "UTF-8")
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        # The position is counted in bytes; give the line too, which is what an editor shows.
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        bad = data[exc.start : exc.end]
        hint = _CSV_HINT if format == "csv" and not utf16 else ""
        raise FormatError(
            f"not {name} text: byte {exc.start} (line {line}) is {bad!r}{hint}",
            where=f"{format} input, line {line}",
        ) from None
    refuse_surrogates(text, format)  # a JSON escape can still name one
    return text


# A lone surrogate code point, which no UTF encoding can write; and, in JSON, an
# escape: a surrogate pair (fine), a lone surrogate, or any other escaped character.
_SURROGATE = re.compile("[\ud800-\udfff]")
_JSON_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|(u[dD][89a-fA-F][0-9a-fA-F]{2})|.)",
    re.DOTALL,
)


def refuse_surrogates(text: str, format: str) -> None:
    r"""Refuse a lone surrogate (U+D800 to U+DFFF) in ``text``, or, in JSON, its
    ``\uD800`` escape: text that could be read but never written out again.

    >>> refuse_surrogates('{"title": "\\\\ud800 \\ud83d\\ude00"}', "json")  # a pair is fine
    >>> refuse_surrogates('{"title": "a\\ud800"}', "json")
    Traceback (most recent call last):
    cchc_model.errors.FormatError: json input, line 1, column 13: character 12 is a lone ...
    """
    found = _SURROGATE.search(text)
    position, shown = (found.start(), f"U+{ord(found.group()):04X}") if found else (None, "")
    if format == "json" and "\\" in text:
        for escape in _JSON_ESCAPE.finditer(text):
            if escape.group(1) and (position is None or escape.start() < position):
                position, shown = escape.start(), "\\" + escape.group(1)
                break
    if position is None:
        return
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    raise FormatError(
        f"character {position} is a lone surrogate "
        f"({shown}), which is not text and cannot be written: remove it or put the "
        "character it stands for",
        where=f"{format} input, line {line}, column {column}",
    )


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
