"""The fast path of parsing: a citation already written cleanly.

Speed: most citations are written the way ``str(ref)`` writes them. For those,
:func:`parse_clean` (what ``DocumentRef.parse`` tries first) and ``find`` in
:mod:`._scan` read the symbol and date with small patterns, then look the parts up
in caches filled by the same functions the full reading of :mod:`._parse` uses
(``_layout``, the date checks), so that both readings give the same fields;
whatever is not clean goes the full way. The tests compare the two readings.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from typing import Any

from cchc_model.documents._grammar import _CODE
from cchc_model.documents._normalize import _SPECIAL, _name_key
from cchc_model.documents._parse import (
    _CACHE_SIZE,
    MAX_LENGTH,
    _allowed_by_abbreviation,
    _allowed_by_name,
    _last_day,
    _Layout,
    _layout,
    printed_number,
)
from cchc_model.documents._tables import MAX_YEAR, MIN_YEAR, tables

__all__ = ["parse_clean"]

# A citation written the way str(ref) writes it, with single spaces: what parse()
# meets most. Loose on purpose, and cheap: the words in front, the symbol after
# the number and the date are then looked up in tables and caches built from the
# same patterns parse() matches, so that whatever this path accepts, it reads as
# the whole-reference pattern would (tests compare the two on every example).
_CLEAN = re.compile(
    r"""
    (?:(?P<intro>[^\W\d_]+(?:\ [^\W\d_]+){0,6})\ )?  # "Kế hoạch số", "QĐ số", "Số", "Luật"
    (?P<number>[0-9]{1,6})                            # 63
    (?P<rest>[/-]\S+)                                 # /KH-UBND, /2020/NĐ-CP, -NQ/ĐU
    (?:\ ngày\ (?P<date>\S+))?                        # ngày 30/12/2022
    (?:\ về\ (?P<subject>[^\s.,;]\S*(?:\ \S+)*(?<![.,;])))?  # về <subject>, single-spaced
    """,
    re.VERBOSE,
)

# Codes as _SYMBOL reads them, without whitespace (see _clean_rest_pattern).
_TIGHT_CODES = rf"{_CODE}(?:-{_CODE}){{0,6}}"

# The date, exactly as _SYMBOL reads it, without whitespace.
_CLEAN_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})")

#: Clean symbols (the text after the number) and dates already read; () when
#: they are not valid (parse() then reads the text the slow way, and says why).
_CLEAN_RESTS: dict[str, _Layout | tuple[()]] = {}

_CLEAN_DATES: dict[str, _dt.date | tuple[()]] = {}

_MISSING: Any = object()

#: What parse_clean() accepts in front of a number (filled by _clean_intros).
_CLEAN_INTROS: dict[str, frozenset[tuple[str, str]] | None] = {}


def _clean_intros() -> dict[str, frozenset[tuple[str, str]] | None]:
    """The words that may come before a clean number, and what each allows.

    The type names as the tables write them, with or without "số"; an
    abbreviation followed by "số"; "số" alone. Built with the functions the
    slow path uses, so that both allow the same symbols.
    """
    t = tables()
    intros: dict[str, frozenset[tuple[str, str]] | None] = {}
    for code in sorted({r.code for r in t.types if r.code}):
        intros[f"{code} số"] = _allowed_by_abbreviation(code)
    for name in sorted({r.name for r in t.types}):
        intros[name] = intros[f"{name} số"] = _allowed_by_name(name)
    intros["số"] = intros["Số"] = None
    _CLEAN_INTROS.update(intros)
    return _CLEAN_INTROS


@functools.cache
def _clean_rest_pattern() -> re.Pattern[str]:
    """The symbol after its number, exactly as _SYMBOL reads it, without whitespace."""
    return re.compile(
        rf"""
            /(?P<year>\d{{4}})/(?P<lcodes>{_TIGHT_CODES})
          | -(?P<ptype>{_CODE})/(?P<pcodes>{_TIGHT_CODES})
          | /(?P<codes>{_TIGHT_CODES})
        """,
        re.VERBOSE,
    )


def _clean_rest(rest: str) -> _Layout | tuple[()]:
    m = _clean_rest_pattern().fullmatch(rest)
    layout = () if m is None else _layout(*m.group("year", "lcodes", "ptype", "pcodes", "codes"))
    if not isinstance(layout, _Layout):
        layout = ()
    if len(_CLEAN_RESTS) >= _CACHE_SIZE:
        _CLEAN_RESTS.clear()
    _CLEAN_RESTS[rest] = layout
    return layout


def _clean_date(text: str) -> _dt.date | tuple[()]:
    m = _CLEAN_DATE.fullmatch(text)
    date: _dt.date | tuple[()] = ()
    if m is not None:
        day, month, year = int(m[1]), int(m[3]), int(m[4])
        if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12 and 1 <= day <= _last_day(month, year):
            date = _dt.date(year, month, day)
    if len(_CLEAN_DATES) >= _CACHE_SIZE:
        _CLEAN_DATES.clear()
    _CLEAN_DATES[text] = date
    return date


def parse_clean(
    text: str,
) -> (
    tuple[
        int,
        str | None,
        str,
        str,
        int | None,
        str | None,
        _dt.date | None,
        str | None,
        str | None,
        str | None,
    ]
    | None
):
    """What :func:`parse` returns for a cleanly written citation, or None.

    None says only that the fast path does not apply: the text may be valid
    (other spacing, upper case, a place, "của ...", NFD, ...) or not; then
    :func:`parse` reads it, and explains what is wrong. The fields come in the
    order of :class:`Parts`, without the span: (number, type_code, issuer, style,
    year, unit, issued_on, subject, number_text, law_type).

    >>> parse_clean("Kế hoạch số 63/KH-UBND ngày 30/12/2022")
    (63, 'KH', 'UBND', 'administrative', None, None, datetime.date(2022, 12, 30), None, None, None)
    >>> parse_clean("SỐ 63/KH-UBND") is None
    True
    """
    if not isinstance(text, str) or len(text) > MAX_LENGTH:  # parse() says why
        return None
    m = _CLEAN.fullmatch(text)
    if m is None:
        return None
    intro, number, rest, date, subject = m.groups()
    layout = _CLEAN_RESTS.get(rest) or _clean_rest(rest)
    if not layout:
        return None
    style, type_code, issuer, year, unit, kind = layout
    if intro is not None:
        allowed = (_CLEAN_INTROS or _clean_intros()).get(intro, _MISSING)
        if allowed is not None and (allowed is _MISSING or kind not in allowed):
            return None
    on: _dt.date | tuple[()] | None = None
    if date is not None:
        on = _CLEAN_DATES.get(date) or _clean_date(date)
        if not on:
            return None
    if (
        subject is not None
        and not subject.isascii()
        and (_SPECIAL.search(subject) or not unicodedata.is_normalized("NFC", subject))
    ):
        return None
    n = int(number)
    if not n:
        return None
    law = None
    if intro is not None and style == "legal" and type_code is None:
        name = intro[:-3] if intro.endswith(" số") else intro
        law = tables().law_types.get(_name_key(name))
    printed = printed_number(number)
    return n, type_code, issuer, style, year, unit, on, subject, printed, law  # type: ignore[return-value]  # on is a date or None here
