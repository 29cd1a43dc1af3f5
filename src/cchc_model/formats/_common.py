"""What the built-in formats share: decoding input, checking what they are given."""

from __future__ import annotations

import importlib
import re
from typing import TYPE_CHECKING, Any

from cchc_model.errors import FormatError, UnknownStatus
from cchc_model.formats._sniff import mismatch
from cchc_model.model import Plan, Status
from cchc_model.model._kinds import Bucket, StatusKind
from cchc_model.model.status import DEFAULT_RULES

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules

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
        other = mismatch(data, format)  # a Word document named .json, say
        if other is not None:
            raise FormatError(f"not {name} text: {other}", where=f"{format} input") from None
        # The position is counted in bytes; give the line too, which is what an editor shows.
        line = data[: exc.start].decode(encoding, errors="replace").count("\n") + 1
        bad = data[exc.start : exc.end]
        hint = _CSV_HINT if format == "csv" and not utf16 else ""
        raise FormatError(
            f"not {name} text: byte {exc.start} (line {line}) is {bad!r}{hint}",
            where=f"{format} input, line {line}",
        ) from None
    # Decoded text has no lone surrogate (the codecs refuse one); a JSON escape may name one.
    refuse_surrogates(text, format, decoded=True)
    return text


# In JSON, an escape: a surrogate pair (fine), a lone surrogate, or any other
# escaped character; and what each lone surrogate's escape contains.
_JSON_ESCAPE = re.compile(
    r"\\(?:u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2}"
    r"|(u[dD][89a-fA-F][0-9a-fA-F]{2})|.)",
    re.DOTALL,
)
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
#: Characters encoded at a time to look for a lone surrogate (a bounded copy).
_CHUNK = 1 << 20


def refuse_surrogates(text: str, format: str, *, decoded: bool = False) -> None:
    r"""Refuse a lone surrogate (U+D800 to U+DFFF) in ``text``, or, in JSON, its
    ``\uD800`` escape: text that could be read but never written out again.

    >>> refuse_surrogates('{"title": "\\\\ud800 \\ud83d\\ude00"}', "json")  # a pair is fine
    >>> refuse_surrogates('{"title": "a\\ud800"}', "json")
    Traceback (most recent call last):
    cchc_model.errors.FormatError: json input, line 1, column 13: character 12 is a lone ...
    """
    position: int | None = None
    shown = ""
    if not decoded and not text.isascii():
        # UTF-8 encodes every code point but a surrogate: its encoder finds the first.
        for start in range(0, len(text), _CHUNK):
            try:
                text[start : start + _CHUNK].encode("utf-8")
            except UnicodeEncodeError as exc:
                position = start + exc.start
                shown = f"U+{ord(text[position]):04X}"
                break
    # Only where some escape looks like a surrogate's are the escapes read in order
    # (as the JSON parser reads them: "\\ud800" is an escaped backslash, then text).
    if format == "json" and _SURROGATE_ESCAPE.search(text) is not None:
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


# --------------------------------------------------------------------------- #
# What every reader and writer of tables shares (DESIGN point 2, issue 16)
# --------------------------------------------------------------------------- #


def require_extra(module: str, extra: str, doing: str, where: str | None = None) -> None:
    """Check that ``module`` of an optional extra imports (then import it as usual).

    Without it, a :class:`FormatError` that says which extra to install (one line
    on the command line, a failed file in a roll-up), not a bare
    ``ModuleNotFoundError`` from deep inside.
    """
    try:
        importlib.import_module(module)
    except ImportError as exc:
        raise FormatError(
            f"{doing} needs the {extra!r} extra: pip install 'cchc-model[{extra}]'",
            where=where or extra,
        ) from exc


#: The column that carries a deliberate status override in CSV, sheets and DataFrames.
OVERRIDE_COLUMN = "status_override"


def override_for(status: Status, rules: StatusRules | None = None) -> str:
    """The ``status_override`` cell of ``status``: its kind where the rules give another
    kind for its text (or none), else empty."""
    try:
        if (rules or DEFAULT_RULES).classify(status.text) == status.kind:
            return ""
    except UnknownStatus:
        pass
    return status.kind.value


def status_from(
    text: str, override: str, rules: StatusRules | None, where: str, *, column: str = "Tiến độ"
) -> Status:
    """The status of a Tiến độ ``text``: the rules' kind, or the ``override`` kind when given.

    The text is the source: a kind stored elsewhere without the override mark is
    checked against it (:func:`check_stated_kind`). Raises :class:`FormatError`
    for an override that names no kind and :class:`UnknownStatus` (naming
    ``where``) for a text no rule classifies.
    """
    override = override.strip()
    if override:
        try:
            return Status(kind=StatusKind(override), text=text)
        except ValueError:
            choices = ", ".join(k.value for k in StatusKind)
            raise FormatError(
                f"{override!r} is not a status kind ({choices}); leave {OVERRIDE_COLUMN} "
                "empty to take the kind from the Tiến độ text",
                where=where,
            ) from None
    try:
        return Status.parse(text, status_rules=rules)
    except UnknownStatus as exc:
        raise UnknownStatus(
            f"{exc.reason}; or write a known phrase in {column}, or put the kind in a "
            f"{OVERRIDE_COLUMN} column",
            text=exc.text,
            span=exc.span,
            where=where,
        ) from None


def kinds_checked(written_with: str | None, rules: StatusRules | None) -> bool:
    """Whether a file's stored kinds are checked against its texts when read with
    ``rules``: when the file records the rules its kinds were classified with
    (``written_with``, a :attr:`StatusRules.fingerprint`), only if they are
    ``rules``; when it records none (a file of an earlier version, a frame read
    back from a CSV), only under the built-in rules, whose kinds it most likely has."""
    in_use = (DEFAULT_RULES if rules is None else rules).fingerprint
    if written_with:
        return written_with == in_use
    return in_use == DEFAULT_RULES.fingerprint


def refuse_no_kind(stated: str, where: str, *, column: str) -> None:
    """Refuse a ``status_kind`` (or ``bucket``) that is no kind at all ("done"),
    whatever rules the file was written with."""
    stated = stated.strip()
    values = [b.value for b in Bucket] if column == "bucket" else [k.value for k in StatusKind]
    if stated and stated not in values:
        raise FormatError(
            f"{column} is {stated!r}, which is no {column} ({', '.join(values)}): leave it "
            "empty to take the kind from the Tiến độ text, or put a kind in "
            f"{OVERRIDE_COLUMN} to set it",
            where=where,
        )


def check_stated_kind(status: Status, stated: str, where: str, *, column: str) -> None:
    """Refuse a kind that a file states beside the text (``status_kind``, ``bucket``)
    when it is not the one the row has: an edit there would otherwise be ignored
    without a word, and the figures would not be those the file shows. Empty is
    fine: the column is optional, and a row whose ``status_kind`` is emptied is
    read from its text. Call it only where :func:`kinds_checked`, and for a row
    without a deliberate override."""
    stated = stated.strip()
    has = status.kind.bucket.value if column == "bucket" else status.kind.value
    if not stated or stated == has:
        return
    refuse_no_kind(stated, where, column=column)
    raise FormatError(
        f"{column} is {stated!r}, but the row's Tiến độ text {status.text!r} gives "
        f"{has!r} (with the status rules in use), and the figures follow the text: "
        f"edit the text, or put the kind in {OVERRIDE_COLUMN} to keep it whatever the "
        "text says, or leave status_kind empty to take the kind from the text",
        where=where,
    )


#: Characters that make a spreadsheet read a CSV cell as a formula (OWASP: CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``cell`` with a ``'`` in front when a spreadsheet would read it as a formula.

    A cell that already starts with ``'`` before such a character gets one more,
    so that :func:`unneutralise` gives back exactly what was written.

    >>> neutralise("=1+1"), neutralise("- Kế hoạch"), neutralise("'=x"), neutralise("a=b")
    ("'=1+1", "'- Kế hoạch", "''=x", 'a=b')
    """
    if cell.lstrip("'").startswith(FORMULA_START):
        return "'" + cell
    return cell


def unneutralise(cell: str) -> str:
    """``cell`` as it was before :func:`neutralise`.

    >>> unneutralise("'=1+1"), unneutralise("''=x"), unneutralise("'quoted")
    ('=1+1', "'=x", "'quoted")
    """
    if cell.startswith("'") and cell.lstrip("'").startswith(FORMULA_START):
        return cell[1:]
    return cell


#: The longest CSV cell written or read, in characters: the csv module's own limit,
#: so that what is written always reads back.
MAX_CELL = 131_072


def check_cell(cell: str, where: str) -> str:
    """``cell``, or a :class:`FormatError` when it is longer than :data:`MAX_CELL`."""
    if len(cell) > MAX_CELL:
        raise FormatError(
            f"a cell of {len(cell):,} characters is longer than the CSV limit of "
            f"{MAX_CELL:,}: shorten the text (or use the json format)",
            where=where,
        )
    return cell
