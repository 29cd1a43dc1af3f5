"""Reading one citation into plain :class:`Parts` (or raising
:class:`~cchc_model.errors.InvalidDocumentRef`): the intro, the layout of the
symbol, the number as printed, the date, the subject. Knows nothing of the public
types: ``DocumentRef._trusted`` (:mod:`._ref`) builds a reference from the parts."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import NamedTuple

from cchc_model.documents._grammar import _regexes
from cchc_model.documents._normalize import Normalized, _name_key, _new, normalize, squash
from cchc_model.documents._tables import MAX_YEAR, MIN_YEAR, STYLES, tables
from cchc_model.errors import InvalidDocumentRef

__all__ = ["MAX_LENGTH", "Parts", "format_date", "parse"]

#: Longest text :func:`parse` accepts: a citation with a long subject fits easily.
MAX_LENGTH = 1000


class Parts(NamedTuple):
    """A reference read from text; positions in the normalised text."""

    number: int | None
    type_code: str | None
    issuer: str
    style: str
    year: int | None
    unit: str | None
    issued_on: _dt.date | None
    subject: str | None
    start: int
    end: int
    #: The number as printed, when that is not its canonical form: "005", "30c", "66.1".
    number_text: str | None = None
    #: The type name of a legal number without a type code ("Luật" 80/2015/QH13).
    law_type: str | None = None


class _Intro(NamedTuple):
    start: int
    name: tuple[int, int] | None  # span of the type name or its abbreviation
    kw: tuple[int, int] | None  # span of "số"
    allowed: frozenset[tuple[str, str]] | None  # what the name allows; None: anything


class _Reject(Exception):
    """Not a valid reference, for ``reason``, at ``span`` of the normalised text."""

    def __init__(self, reason: str, span: tuple[int, int]) -> None:
        super().__init__(reason)
        self.reason = reason
        self.span = span


def _allowed_by_name(name: str) -> frozenset[tuple[str, str]] | None:
    return tables().intros.get(_name_key(name), frozenset())


@functools.lru_cache(maxsize=256)
def _allowed_by_abbreviation(code: str) -> frozenset[tuple[str, str]]:
    t = tables()
    allowed = {(style, code) for style in STYLES if code in t.codes[style]}
    if code == "CV":  # "CV số 123/UBND-VP": the common abbreviation of công văn
        allowed.add(("cong_van", "-"))
    return frozenset(allowed)


def _intro_at(text: str, pos: int) -> tuple[_Intro | None, int]:
    """The intro at ``pos`` (parse: the text starts with it) and where it ends."""
    m = _regexes().intro.match(text, pos)
    if m is None:
        return None, pos
    if m.group("name") is not None:
        kw = m.span("kw") if m.group("kw") is not None else None
        return _new(_Intro, (pos, m.span("name"), kw, _allowed_by_name(m["name"]))), m.end()
    if m.group("abbr") is not None:
        allowed = _allowed_by_abbreviation(m["abbr"])
        return _new(_Intro, (pos, m.span("abbr"), m.span("akw"), allowed)), m.end()
    return _new(_Intro, (pos, None, m.span("skw"), None)), m.end()


def _split_codes(codes: str) -> list[str]:
    # A line break may follow a dash; "." and "/" stand for it in older symbols.
    return _CODE_SEPARATOR.split("".join(codes.split()))


_CODE_SEPARATOR = re.compile(r"[-./]")


def _symbol_end(m: re.Match[str]) -> int:
    for group in ("lcodes", "pcodes", "codes"):
        if m.group(group) is not None:
            return m.end(group)
    raise AssertionError("unreachable: the symbol pattern always has codes")  # pragma: no cover


class _Layout(NamedTuple):
    """What the codes of a symbol say, whatever its number."""

    style: str
    type_code: str | None
    issuer: str
    year: int | None
    unit: str | None
    #: What a type name in front must allow: (style, type code or "-").
    kind: tuple[str, str]


def _layout(
    year_text: str | None, lcodes: str | None, ptype: str | None, pcodes: str | None, plain: str
) -> _Layout | tuple[str, str]:
    """The layout of a symbol from its groups, or (reason, group) when it is not valid.

    Depends on the groups' text only, so callers cache it (:data:`_LAYOUTS`).
    """
    t = tables()
    if year_text is not None:
        year = int(year_text)
        if not MIN_YEAR <= year <= MAX_YEAR:
            return f"implausible year {year} in the number", "year"
        codes = _split_codes(lcodes or "")
        if len(codes) == 1:
            if codes[0] in t.codes["legal"]:
                return f"no issuer after the type code '{codes[0]}'", "lcodes"
            return _new(_Layout, ("legal", None, codes[0], year, None, ("legal", "-")))
        issuer = "-".join(codes[1:])
        return _new(_Layout, ("legal", codes[0], issuer, year, None, ("legal", codes[0])))
    if ptype is not None:
        issuer = "-".join(_split_codes(pcodes or ""))
        return _new(_Layout, ("party", ptype, issuer, None, None, ("party", ptype)))
    codes = _split_codes(plain)
    if codes[0] in t.codes["administrative"]:
        if len(codes) == 1:
            return f"no issuer after the type code '{codes[0]}'", "codes"
        issuer = "-".join(codes[1:])
        kind = ("administrative", codes[0])
        return _new(_Layout, ("administrative", codes[0], issuer, None, None, kind))
    unit = "-".join(codes[1:]) or None
    return _new(_Layout, ("cong_van", None, codes[0], None, unit, ("cong_van", "-")))


#: Layouts already worked out, by the groups of the symbol (a few hundred
#: distinct symbols make up most real text). Emptied when it grows too big.
_LAYOUTS: dict[tuple[str | None, ...], _Layout | tuple[str, str]] = {}

_CACHE_SIZE = 4096


def _interpret(
    text: str, m: re.Match[str], intro: _Intro | None
) -> tuple[int | None, str, str | None, str, int | None, str | None]:
    """(number, style, type_code, issuer, year, unit) of a symbol match, or _Reject."""
    number_text, year_text, lcodes, ptype, pcodes, plain = m.group(
        "number", "year", "lcodes", "ptype", "pcodes", "codes"
    )
    if number_text is None:
        if intro is None or intro.kw is None:
            raise _Reject("no number before the symbol", (m.start("symbol"), _symbol_end(m)))
        number = None
    elif number_text[0] in ".…":
        number = None
    else:
        number = number_value(number_text)
        if number == 0:
            raise _Reject("document numbers start at 01, not 0", m.span("number"))
    key = (year_text, lcodes, ptype, pcodes, plain)
    layout = _LAYOUTS.get(key)
    if layout is None:
        if len(_LAYOUTS) >= _CACHE_SIZE:
            _LAYOUTS.clear()
        layout = _LAYOUTS[key] = _layout(year_text, lcodes, ptype, pcodes, plain)
    if not isinstance(layout, _Layout):
        reason, group = layout
        raise _Reject(reason, m.span(group))
    style, type_code, issuer, year, unit, kind = layout
    if (
        intro is not None
        and intro.name is not None
        and intro.allowed is not None
        and kind not in intro.allowed
    ):
        name = squash(text[intro.name[0] : intro.name[1]])
        symbol = "".join(text[m.start("symbol") : _symbol_end(m)].split())
        raise _Reject(f"'{name}' does not match the symbol '{symbol}'", intro.name)
    return number, style, type_code, issuer, year, unit


_NUMBER_DIGITS = re.compile(r"\d+")


def number_value(printed: str) -> int:
    """The int of a number as printed: ``"005"`` → 5, ``"30c"`` → 30, ``"66.1"`` → 66."""
    m = _NUMBER_DIGITS.match(printed)
    return 0 if m is None else int(m.group())


def printed_number(printed: str | None) -> str | None:
    """The number as printed, or None when it is the canonical form (``"05"``, ``"5"``).

    Kept: leading zeros beyond the canonical two digits ("005"), a letter ("30c")
    or a dotted sub-number ("66.1"). A number below 10 printed without its zero
    ("5") is read as the canonical "05".
    """
    if printed is None or printed[0] in ".…":
        return None
    if printed.isdigit() and printed.isascii():
        # Canonical: no leading zero ("5", "63", "0"), or two digits ("05", "00").
        return None if printed[0] != "0" or len(printed) <= 2 else printed
    if printed.isdigit():
        n = int(printed)
        return None if printed in (str(n), f"{n:02d}") else printed
    return printed


def law_type(text: str, intro: _Intro | None, style: str, type_code: str | None) -> str | None:
    """The type name in front of a legal number without a type code ("Luật")."""
    if style != "legal" or type_code is not None or intro is None or intro.name is None:
        return None
    return tables().law_types.get(_name_key(text[intro.name[0] : intro.name[1]]))


_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(month: int, year: int) -> int:
    """The days in ``month`` (1-12) of ``year``, by the Gregorian calendar."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS[month - 1]


def _date(m: re.Match[str]) -> _dt.date | None:
    """The date of a symbol match, or None when none is given; _Reject when impossible."""
    on, text = m.group("on", "date")
    if on is None:
        return None
    date = _DATES.get(text)
    if date is None:
        if len(_DATES) >= _CACHE_SIZE:
            _DATES.clear()
        date = _DATES[text] = _read_date(m)
    if type(date) is str:
        raise _Reject(date, m.span("date"))
    return date  # type: ignore[return-value]  # a date, not the reason


#: Dates already read, by their text as matched (a date or why it is impossible).
_DATES: dict[str, _dt.date | str] = {}


def _read_date(m: re.Match[str]) -> _dt.date | str:
    """The date of a symbol match, or the reason it is impossible (for _date)."""
    d, mo, y, wd, wm, wy = m.group("day", "month", "dyear", "wday", "wmonth", "wyear")
    if d is not None:
        day, month, year = int(d), int(mo), int(y)
        shown = "".join(m.group("date").split())
    else:
        day, month, year = int(wd), int(wm), int(wy)
        shown = squash(m.group("date"))
    return check_date(day, month, year, shown)


def check_date(day: int, month: int, year: int, shown: str) -> _dt.date | str:
    """The date, or why it is impossible (quoting ``shown``, the date as written)."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        return f"implausible year in the date '{shown}' (from {MIN_YEAR} to {MAX_YEAR})"
    if not 1 <= month <= 12:
        return f"impossible date '{shown}': there is no month {month}"
    if day < 1:
        return f"impossible date '{shown}': there is no day {day}"
    last = _last_day(month, year)
    if not 1 <= day <= last:
        return f"impossible date '{shown}': month {month} of {year} has {last} days"
    return _dt.date(year, month, day)


def format_date(date: _dt.date) -> str:
    """A date as Nghị định 30/2020/NĐ-CP pads it: day to two digits, month only below 3.

    >>> format_date(_dt.date(2023, 3, 9)), format_date(_dt.date(2023, 2, 5))
    ('09/3/2023', '05/02/2023')
    """
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def _error(text: str, norm: Normalized, reason: str, span: tuple[int, int]) -> InvalidDocumentRef:
    return InvalidDocumentRef(reason, text=text, span=norm.span(*span))


def _intro_of(m: re.Match[str]) -> _Intro | None:
    """The intro captured by the whole-reference pattern."""
    name, kw, abbr, skw = m.group("name", "kw", "abbr", "skw")
    if name is not None:
        kw_span = None if kw is None else m.span("kw")
        return _new(_Intro, (m.start("name"), m.span("name"), kw_span, _allowed_by_name(name)))
    if abbr is not None:
        allowed = _allowed_by_abbreviation(abbr)
        return _new(_Intro, (m.start("abbr"), m.span("abbr"), m.span("akw"), allowed))
    if skw is not None:
        return _new(_Intro, (m.start("skw"), None, m.span("skw"), None))
    return None


def parse(text: str) -> Parts:
    """Read exactly one reference from ``text``, or raise InvalidDocumentRef.

    One match of the whole-reference pattern reads valid text; only when it
    fails are the parts matched one by one, to say where and why.
    """
    if not isinstance(text, str):
        raise TypeError(f"expected a str, got {type(text).__name__}")
    norm = normalize(text)
    t = norm.text
    rx = _regexes()
    m = rx.reference.fullmatch(t) if len(t) <= MAX_LENGTH else None
    if m is None:
        return _parse_slowly(text, norm)
    intro = _intro_of(m)
    try:
        number, style, type_code, issuer, year, unit = _interpret(t, m, intro)
        issued_on = _date(m)
    except _Reject as reject:
        raise _error(text, norm, reject.reason, reject.span) from None
    subject = m.group("subject")
    return _new(Parts, (
        number, type_code, issuer, style, year, unit, issued_on,
        None if subject is None else squash(subject), 0, len(text),
        printed_number(m.group("number")), law_type(t, intro, style, type_code),
    ))  # fmt: skip


def _parse_slowly(text: str, norm: Normalized) -> Parts:
    """Match the parts of a reference one by one, to report what is wrong."""
    t = norm.text
    rx = _regexes()
    start = len(t) - len(t.lstrip())
    stop = len(t.rstrip())
    if start == len(t):
        raise InvalidDocumentRef(
            "empty text: expected a document number such as '63/KH-UBND'", text=text
        )
    if len(t) > MAX_LENGTH:
        raise InvalidDocumentRef(
            f"text too long for one document reference ({len(t)} characters, at most {MAX_LENGTH})",
            text=text,
        )
    intro, at = _intro_at(t, start)
    m = rx.symbol.match(t, at)
    if m is None:
        if intro is not None and intro.kw is not None:
            word = t[intro.kw[0] : intro.kw[1]]
            raise _error(text, norm, f"no symbol after '{word}'", intro.kw)
        if intro is not None and intro.name is not None:
            word = squash(t[intro.name[0] : intro.name[1]])
            raise _error(text, norm, f"no symbol after '{word}'", intro.name)
        later = rx.scan.search(t, start)
        if later is not None and rx.symbol.match(t, later.start()) is not None:
            before = (start, len(t[: later.start()].rstrip()))
            raise _error(text, norm, "unexpected text before the document number", before)
        raise _error(
            text, norm, "no document number (số, ký hiệu) such as '63/KH-UBND'", (start, stop)
        )
    tail = rx.tail.fullmatch(t, m.end())
    if tail is None:
        on = rx.on.match(t, m.end()) if m.group("on") is None else None
        if on is not None:
            reason = f"expected a date such as 30/12/2022 after '{on['on']}'"
            raise _error(text, norm, reason, (on.start("on"), stop))
        rest = len(t) - len(t[m.end() :].lstrip())
        raise _error(text, norm, "unexpected text after the document number", (rest, stop))
    try:
        number, style, type_code, issuer, year, unit = _interpret(t, m, intro)
        issued_on = _date(m)
    except _Reject as reject:
        raise _error(text, norm, reject.reason, reject.span) from None
    subject = tail.group("subject")
    return Parts(
        number=number,
        type_code=type_code,
        issuer=issuer,
        style=style,
        year=year,
        unit=unit,
        issued_on=issued_on,
        subject=None if subject is None else squash(subject),
        start=0,
        end=len(text),
        number_text=printed_number(m.group("number")),
        law_type=law_type(t, intro, style, type_code),
    )
