"""Finding every reference in free text (:func:`find`): numbers not glued to a word,
the intro before them, shared symbols ("số 12, 13/QĐ-UBND"), the date and subject
after; clean citations through :mod:`._clean`, the rest the full way."""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Iterator

from cchc_model.documents._clean import _CLEAN_DATES, _CLEAN_RESTS, _clean_date, _clean_rest
from cchc_model.documents._grammar import _DATE, _SUBJECT_MAX, _regexes
from cchc_model.documents._normalize import _new, normalize, squash
from cchc_model.documents._parse import (
    Parts,
    _allowed_by_abbreviation,
    _allowed_by_name,
    _date,
    _interpret,
    _Intro,
    _Reject,
    _symbol_end,
    law_type,
    number_value,
    printed_number,
)

__all__ = ["find"]


def _next_start(text: str, pos: int, limit: int) -> int:
    """Where the next reference after ``pos`` starts (its intro included), or ``limit``."""
    rx = _regexes()
    for cand in rx.scan.finditer(text, pos, limit):
        at = cand.start("blank") if cand.group("blank") is not None else cand.start()
        if rx.symbol.match(text, at) is not None:
            intro = _intro_before(text, at, pos)
            return min(limit, at if intro is None else intro.start)
    return limit


def _subject(text: str, pos: int) -> tuple[str, int] | None:
    """The "về ..." subject right after ``pos`` in free text, and where it ends."""
    rx = _regexes()
    about = rx.about.match(text, pos)
    if about is None:
        return None
    begin = about.end()
    cap = min(len(text), begin + _SUBJECT_MAX)
    stop = rx.subject_end.search(text, begin, cap)
    end = stop.start() if stop is not None else cap
    if stop is None and cap < len(text):  # too long: end at a word boundary
        space = max(text.rfind(" ", begin, cap), text.rfind("\n", begin, cap))
        end = space if space > begin else cap
    cut = _next_start(text, begin, end)
    joined = cut < end  # the next reference starts inside: "... 2023 và Kế hoạch số 06/..."
    end = cut
    while True:
        while end > begin and (text[end - 1].isspace() or text[end - 1] in ".,;"):
            end -= 1
        if not joined:
            break
        # Leave out a word that joins the subject to the next reference, and
        # look again before it ("và các"): each step moves back, so linear.
        word = end
        while word > begin and not text[word - 1].isspace():
            word -= 1
        if word == end or text[word:end].lower() not in _JOINING_WORDS:
            break
        end = word
    if end <= begin:
        return None
    return squash(text[begin:end]), end


#: The words that join a subject to the next reference ("và", "và các", "cùng với").
_JOINING_WORDS = frozenset({"và", "hoặc", "cùng", "với", "các"})

# In free text, a symbol written cleanly (and its date), read without _SYMBOL's
# regex: the text after the number is checked as parse_clean() checks it.
# (Compiled on first use, with the others: see _find_patterns.)
_FIND_CLEAN = (
    r"(?P<number>[0-9]{1,6})(?P<rest>[/-][\w&/-]+)"
    r"(?:\ ngày\ (?P<date>[0-9]{1,2}/[0-9]{1,2}/[0-9]{4})(?!\d))?"
)

# What a date after a symbol starts with, as _SYMBOL reads it: after spaces and
# a comma, "ngày", "này", a place ("xã", "phường", "thị trấn", "huyện", ...) or
# "của" and the issuer. (A spaced dash needs no look: _SYMBOL reads one only
# right after a type code, where the clean text "/KH" is no symbol on its own.)
_DATE_AHEAD = r"(?:\s*,)?\s*(?:[nNxXpPtThHqQ]|[cC](?i:ủa)(?!\w))"

# After " ngày": a date as _SYMBOL reads it.
_AFTER_ON = r"(?![^\W\d_])\s*" + _DATE


@functools.cache
def _find_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """(_FIND_CLEAN, _DATE_AHEAD, _AFTER_ON) compiled, on first use."""
    return (
        re.compile(_FIND_CLEAN),
        re.compile(_DATE_AHEAD),
        re.compile(_AFTER_ON, re.VERBOSE),
    )


def find(text: str) -> Iterator[Parts]:  # noqa: PLR0915 - the hot loop, kept in one piece
    """Every reference in free text, in order; ``start`` and ``end`` refer to ``text``.

    The scan finds the next number that may start a symbol; the intro is then
    read backwards from it, the symbol, date and subject forwards.
    """
    norm = normalize(text)
    t = norm.text
    origin = norm.origin
    rx = _regexes()
    scan = rx.scan.search
    symbol = rx.symbol.match
    find_clean, date_ahead, after_on = _find_patterns()
    clean = find_clean.match
    rests = _CLEAN_RESTS
    last = 0  # where the last reference ended: the next one's intro starts after it
    pos = 0  # where to look for the next number
    number: int | None
    issued_on: _dt.date | None
    while True:
        cand = scan(t, pos)
        if cand is None:
            return
        pos = cand.end()
        at = cand.start() if cand.start("blank") < 0 else cand.start("blank")
        intro = _intro_before(t, at, last)
        shared = None
        if intro is None and at > last and t[at - 1] in ", \t\nà" and _after_a_number(t, at, last):
            shared = _shared_numbers(t, at, last)
            if shared is not None:
                intro = shared[0]
        # A symbol written cleanly is read without _SYMBOL's regex, to the same
        # fields, when that is sure: the text after the number is a valid clean
        # symbol, the intro allows it, and a date is either written cleanly or
        # surely absent (tests compare with the plain reading).
        c = clean(t, at)
        printed: str | None
        if c is not None:
            number_text, rest, date_text = c.groups()
            layout = rests.get(rest) or _clean_rest(rest)
            number = int(number_text)
            # As printed_number() reads digits: kept only with more zeros than "05".
            printed = number_text if number_text[0] == "0" and len(number_text) > 2 else None
            if not layout or not number:
                c = None
            else:
                style, type_code, issuer, year, unit, kind = layout
                if (
                    intro is not None
                    and intro.name is not None
                    and intro.allowed is not None
                    and kind not in intro.allowed
                ):
                    c = None
                elif date_text is None:
                    issued_on, end = None, c.end()
                    if t.startswith(" ngày", end):  # a date in another form, or none
                        if after_on.match(t, end + 5) is not None:
                            c = None
                    elif date_ahead.match(t, end) is not None:  # maybe a date
                        c = None
                else:
                    on = _CLEAN_DATES.get(date_text) or _clean_date(date_text)
                    if on:
                        issued_on, end = on, c.end()
                    else:  # an impossible date is not part of the reference
                        issued_on, end = None, c.end("rest")
        if c is None:
            m = symbol(t, at)
            fields = _read_fully(t, m, intro)
            if fields is None:
                continue
            number, style, type_code, issuer, year, unit, issued_on, end, intro = fields
            printed = printed_number(m.group("number"))  # type: ignore[union-attr]  # m matched
        subject = None
        about = _subject(t, end)
        if about is not None:
            subject, end = about
        begin = at if intro is None else intro.start
        pos = last = end
        if origin is not None:
            begin, end = origin[begin], origin[end]
        law = law_type(t, intro, style, type_code) if type_code is None else None
        if shared is not None and intro is not None and intro.kw is not None:
            for first, stop in shared[1]:  # "số 12, 13/QĐ-UBND": 12 first, in the same span
                yield _new(Parts, (
                    number_value(t[first:stop]), type_code, issuer, style, year, unit,
                    issued_on, subject, begin, end, printed_number(t[first:stop]), law,
                ))  # fmt: skip
        yield _new(Parts, (
            number, type_code, issuer, style, year, unit, issued_on, subject, begin, end,
            printed, law,
        ))  # fmt: skip


# Read on the reversed text before a number: ", " or " và " and another number
# (a number reversed: its digits, after a letter or a dotted sub-number), not
# glued to a word or a symbol.
_SHARED_REVERSED = re.compile(r"[ \t]*(?:,|\s+àv)\s*((?:[a-zđ]|\d{1,3}\.)?\d{1,6})(?![\w.…/-])")


def _after_a_number(text: str, at: int, floor: int) -> bool:
    """Whether ", " or " và " right before ``at`` follows a number (a cheap first look)."""
    j = at - 1
    while j > floor and text[j] in " \t\n":
        j -= 1
    if text[j] == ",":
        j -= 1
    elif text[j] == "à" and j - 1 > floor and text[j - 1] in "vV":
        j -= 2
    else:
        return False
    while j > floor and text[j] in " \t\n":
        j -= 1
    return j >= floor and (text[j].isdigit() or (j > floor and text[j - 1].isdigit()))


def _shared_numbers(text: str, at: int, floor: int) -> tuple[_Intro, list[tuple[int, int]]] | None:
    """The numbers that share the symbol at ``at`` ("Quyết định số 12, 13/QĐ-UBND"):
    a type name (or its abbreviation), "số", then a list of numbers ending right
    before ``at``. The intro and the numbers' spans, in order; else None."""
    start = max(floor, at - 200)
    window = text[start:at][::-1]
    spans: list[tuple[int, int]] = []
    pos = 0
    while len(spans) < 20:
        m = _SHARED_REVERSED.match(window, pos)
        if m is None:
            break
        first, stop = m.span(1)
        if number_value(window[first:stop][::-1]) == 0:
            return None
        spans.append((at - stop, at - first))
        pos = stop
    if not spans:
        return None
    intro = _intro_before(text, spans[-1][0], floor)
    if intro is None or intro.kw is None or intro.name is None:  # "Quyết định số", not "chỉ số"
        return None
    return intro, spans[::-1]


def _read_fully(
    text: str, m: re.Match[str] | None, intro: _Intro | None
) -> (
    tuple[
        int | None,
        str,
        str | None,
        str,
        int | None,
        str | None,
        _dt.date | None,
        int,
        _Intro | None,
    ]
    | None
):
    """A symbol match read in full: the fields, its date, where it ends and its intro."""
    if m is None:
        return None
    try:
        number, style, type_code, issuer, year, unit = _interpret(text, m, intro)
    except _Reject:
        if intro is None or intro.name is None:
            return None
        # The name in front disagrees with the symbol: keep "số" only.
        kw = intro.kw
        intro = None if kw is None else _new(_Intro, (kw[0], None, kw, None))
        try:
            number, style, type_code, issuer, year, unit = _interpret(text, m, intro)
        except _Reject:
            return None
    end = m.end()
    try:
        issued_on = _date(m)
    except _Reject:  # an impossible date is not part of the reference
        issued_on, end = None, _symbol_end(m)
    return number, style, type_code, issuer, year, unit, issued_on, end, intro


def _intro_before(text: str, pos: int, floor: int) -> _Intro | None:
    """The intro ending at ``pos`` (find: the number comes first).

    Matching the reversed pattern on the reversed text tries one position, where
    a forward search would try every position of the window.
    """
    m = _regexes().intro_reversed.match(text[max(floor, pos - 120) : pos][::-1])
    if m is None:
        return None
    # All the spans at once, reversed: (whole, kw, name, abbr, name2).
    _, (kw_s, kw_e), (name_s, name_e), (abbr_s, abbr_e), (name2_s, name2_e) = m.regs
    kw = None if kw_s < 0 else (pos - kw_e, pos - kw_s)
    if name_s >= 0 or name2_s >= 0:
        name = (pos - name_e, pos - name_s) if name_s >= 0 else (pos - name2_e, pos - name2_s)
        allowed = _allowed_by_name(text[name[0] : name[1]])
        return _new(_Intro, (pos - m.end(), name, kw, allowed))
    if abbr_s >= 0:
        abbr = (pos - abbr_e, pos - abbr_s)
        allowed = _allowed_by_abbreviation(text[abbr[0] : abbr[1]])
        return _new(_Intro, (pos - m.end(), abbr, kw, allowed))
    return _new(_Intro, (pos - m.end(), None, kw, None))
