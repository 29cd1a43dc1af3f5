"""The grammar of a reference, as regular expressions built from the code tables.

How a reference is read (``_SYMBOL`` below is the grammar, one comment a line)::

    reference = [intro] symbol [[place | by] date] [place] ["của" ...] ["về" subject]
    by        = "của" words                 (of the issuer: "của UBND xã Thanh Xá")
    intro     = type-name ["số"] | type-abbreviation "số" | "số"      [":"]
    symbol    = number "/" year "/" codes        (legal: 30/2020/NĐ-CP, 80/2015/QH13)
              | number "-" code "/" codes        (Party: 27-NQ/ĐU)
              | number "/" codes                 (administrative 63/KH-UBND, công văn 123/UBND-VP)
    number    = digits | dots | nothing after "số"      (dots or a blank: not assigned yet)
    date      = ("ngày" | "này") dd/mm/yyyy | dd-mm-yyyy | dd.mm.yyyy | dd "tháng" mm "năm" yyyy

Which of administrative and công văn a ``number/A-B`` symbol is depends on the
type-code table only: ``A`` in the table makes an administrative document of type
``A``; any other ``A`` is the issuing body of a công văn. A type name in front
is then checked against the result.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Any, NamedTuple

from cchc_model.documents._normalize import _tone_variants
from cchc_model.documents._tables import tables

__all__ = ["is_code", "is_codes"]

# A code: an upper-case letter, then upper-case letters or digits, each maybe
# followed by one lower-case letter (QĐi, CTr, TTg, QyĐ, QH13; not a word like
# "Thanh"); "&" joins letters inside a unit (TN&MT).
_CODE = r"[A-ZĐ][a-zđ]?(?:(?:[A-ZĐ0-9]|&(?=[A-ZĐ]))[a-zđ]?){0,12}(?!\w)"

# Several codes joined by "-" (a line break may follow the dash).
_CODES = rf"{_CODE}(?:-\s*{_CODE}){{0,6}}"

# The same after a type code and spaces before the dashes, as PDF text has them
# ("KH - UBND", "TTLT - BNV - VPCP"): only there, where the symbol would be incomplete without what
# follows; after a whole symbol (63/KH-UBND - UBND xã) the dash is the sentence's.
# @TYPES@ is the alternation of the type codes, filled in by _regexes().
_SPACED_CODES = rf"(?:@TYPES@)[ \t]+-\s*{_CODE}(?:[ \t]*-\s*{_CODE}){{0,5}}"

# Older symbols with a dot or a slash for the dash after the type code
# ("25/2001/QĐ.UB", "15/CT.UB", "12/QĐ/UB"): only right after a type code.
_OLD_CODES = rf"(?:@TYPES@)[./]{_CODE}(?:-{_CODE}){{0,5}}"

_CODE_RE = re.compile(_CODE)

_CODES_RE = re.compile(r"[^-\s]+(?:-[^-\s]+)*")

_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"

# An administrative unit after the issuer: "xã", "xã Thanh Xá", "UBND huyện ...".
_PLACE = rf"""
    (?i:xã|phường|thị\s+trấn|thị\s+xã|huyện|quận|tỉnh|thành\s+phố)(?![^\W\d_])
    (?:\s+(?!(?i:ngày|này|về|của)(?![^\W\d_]))[{_UPPER}]\w*){{0,4}}
"""

# The issuer named before a date: "của UBND xã Thanh Xá", "của Bộ Nội vụ", "của
# Văn phòng HĐND và UBND". Up to 12 words, none of them "ngày", "này", "về" or a
# word that starts another clause ("gửi", "tại", "đã", ...); never across a full
# stop or ";" (an abbreviation such as "TP." is a word); across a line break only
# to a word that goes on a name (lower case, or a code: "UBND⏎xã Thanh Xá"), not
# to one that starts another item ("⏎Báo cáo sơ kết ngày ..."). So the date of
# another phrase is not taken.
_ISSUER_WORD = rf"""
    (?!(?i:ngày|này|về|gửi|tại|trong|để|đã|được|đến|theo|nhằm|với|từ|cho)(?![^\W\d_]))
    (?:[{_UPPER}]{{1,3}}\.|[^\W\d_][\w&]*(?:-[\w&]+)*)
"""

_BY = rf"""
    (?i:của)
    (?:
        (?:[ \t]+|[ \t]*\n\s*(?=[^\W\d_{_UPPER}]|[{_UPPER}]{{2}}))
        {_ISSUER_WORD}
    ){{1,12}}
"""

# A date after "ngày" (part of _SYMBOL).
_DATE = r"""
        (?P<date>
            (?P<day>\d{1,2})\s*              #   30/12/2022, 03-02-2023, 10/03/ ⏎2023
            (?P<sep>[/.-])\s*
            (?P<month>\d{1,2})\s*
            (?P=sep)\s*
            (?P<dyear>\d{4})
          | (?P<wday>\d{1,2})\s+              #   30 tháng 12 năm 2022
            (?i:tháng)\s+(?P<wmonth>\d{1,2})\s*,?\s+
            (?i:năm)\s+(?P<wyear>\d{4})
        )
        (?!\d)
"""

# After the digits of a number: a letter ("30c/NQ-CP", "12a/QĐ-UBND") or a dotted
# sub-number ("66.1/2025/NQ-CP"), part of the number as printed.
_SUFFIX = r"(?:[a-zđ]|\.\d{1,3})?"

_SYMBOL = rf"""
    (?P<symbol>)                             # (marks where the symbol starts)
    (?P<number>\d{{1,6}}{_SUFFIX}|[.…]{{1,12}})?  # the number (30c, 66.1); unassigned: dots,
                                             #   or none after "số"
    \s*
    (?:
        /\s*(?P<year>\d{{4}})\s*/\s*         # legal normative: the year between slashes,
        (?P<lcodes>{_SPACED_CODES}|{_OLD_CODES}|{_CODES})  # then NĐ-CP, TTLT-BNV-VPCP, QH13
      | -\s*(?P<ptype>{_CODE})\s*/\s*        # Party: "-" and the type,
        (?P<pcodes>{_CODES})                 #   "/" and the issuer (27-NQ/ĐU)
      | /\s*(?P<codes>{_SPACED_CODES}|{_OLD_CODES}|{_CODES})  # KH-UBND, công văn UBND-VP
    )
    (?:                                      # the date, if given:
        (?:\s+(?P<place>{_PLACE}))?          #   maybe after "xã", "xã Thanh Xá"
        (?:(?:\s*,)?\s+{_BY})?               #   or "của UBND xã Thanh Xá" (not kept)
        (?:\s*,)?\s*
        (?P<on>(?i:ngày|này))(?![^\W\d_])\s* #   "ngày", or the typo "này"
        {_DATE}
    )?
"""

# What may follow the symbol and date in a text given to parse().
_TAIL = rf"""
    (?:\s+{_PLACE})?                         # a trailing "xã", "xã Thanh Xá"
    (?:(?:\s*,)?\s*(?i:của)\s+[^\s.,;]       # "của UBND xã Thanh Xá": accepted, not kept,
        (?:(?!(?i:ngày|này)\s*\d).)*?)?         #   unless it holds a date it cannot take
    (?:(?:\s*,)?\s*(?i:về)\s+                    # "về" and the subject
        (?P<subject>[^\s.,;].*?)
    )?
    [\s.,;]*                                 # closing punctuation
"""

# Where find_document_refs() looks: a number (or dots) not glued to a word,
# followed by "/" or "-" and the start of a code or year; or "số" then a blank.
_SCAN = r"""
    [\d.…sSſ]                                  # (a class first: the engine skips to it fast)
    (?:
        (?<=[\d.…])(?<![\w.…/-].)              # a number not glued to a word (its first
        (?:(?<=\d)\d{0,5}(?:[a-zđ]|\.\d{1,3})?  #   character is the one above; 30c, 66.1)
          |(?<=[.…])[.…]{0,11})                #   or dots, then
        (?=\s*(?:                              # (looking ahead only)
            /\s*(?:\d{4}\s*/\s*)?[A-ZĐ]        #   /KH, /2020/NĐ
          | -\s*[A-ZĐ][A-Za-zĐđ0-9]{0,12}\s*/  #   -NQ/
        ))
      | (?<=[sSſ])(?<!\w.)[ốỐ]                 # or "số" ([sSſ][ốỐ] is (?i:số)) then a blank:
        (?:\s*:)?\s*(?P<blank>/)(?=\s*[A-ZĐ])  #   "Số:  /BC-UBND"
    )
"""

# After a symbol or date in free text: "về" opens the subject.
_ABOUT = r"(?:\s*,)?\s*(?i:về)\s+(?=[^\s.,;])"

# Where a subject ends in free text: ";", a full stop, a blank line, a bullet, ")".
_SUBJECT_END = r";|\.(?=\s|$)|\n[ \t\r]*\n|\n[ \t\r]*[-+•*]|\)"

_SUBJECT_MAX = 400


def _names_alternation(names: list[str], *, reverse: bool) -> str:
    """Type names as a case-insensitive pattern, words apart by any whitespace.

    Both tone placements of each word are accepted. ``reverse`` spells every
    name backwards, to match right-to-left from a number (see ``_intro_before`` in :mod:`._scan`).
    The names are merged into a trie, so the engine tries a letter once and not
    once per name; at each node a longer name is tried before a shorter one
    ("Thông tư liên tịch" before "Thông tư").
    """
    trie: dict[str, Any] = {}
    for name in names:
        words = name.lower().split()
        forms: list[list[str]] = [[]]
        for word in words:
            forms = [[*f, v] for f in forms for v in sorted(_tone_variants(word))]
        for form in forms:
            spelt = [w[::-1] for w in reversed(form)] if reverse else form
            node = trie
            for token in _tokens(spelt):
                node = node.setdefault(token, {})
            node[""] = {}  # a name ends here
    return "(?i:" + _trie_pattern(trie) + ")"


def _tokens(words: list[str]) -> Iterator[str]:
    for i, word in enumerate(words):
        if i:
            yield r"\s+"
        yield from (re.escape(ch) for ch in word)


def _trie_pattern(node: dict[str, Any]) -> str:
    branches = [token + _trie_pattern(child) for token, child in sorted(node.items()) if token]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


class _Regexes(NamedTuple):
    reference: re.Pattern[str]
    intro: re.Pattern[str]
    intro_reversed: re.Pattern[str]
    symbol: re.Pattern[str]
    tail: re.Pattern[str]
    scan: re.Pattern[str]
    about: re.Pattern[str]
    subject_end: re.Pattern[str]
    on: re.Pattern[str]


@functools.cache
def _regexes() -> _Regexes:
    t = tables()
    names = sorted({r.name for r in t.types})
    abbrs = "|".join(sorted({r.code for r in t.types if r.code}, key=lambda c: (-len(c), c)))
    forward = _names_alternation(names, reverse=False)
    backward = _names_alternation(names, reverse=True)
    abbrs_reversed = "|".join(
        sorted({r.code[::-1] for r in t.types if r.code}, key=lambda c: (-len(c), c))
    )
    intro = rf"""
        (?:
            (?P<name>{forward})(?![^\W\d_])      # the type name, "Kế hoạch", "QUYẾT ĐỊNH"
            (?:\s+(?P<kw>(?i:số))(?![^\W\d_]))?  #   mostly followed by "số"
          | (?P<abbr>{abbrs})(?!\w)\s+           # an abbreviation, "QĐ", and "số"
            (?P<akw>(?i:số))(?![^\W\d_])
          | (?P<skw>(?i:số))(?![^\W\d_])         # "số" alone, "Số:"
        )
        (?:\s*:)?\s*
    """
    # The same, read backwards from the number (on the reversed text), so that
    # free text is searched for numbers first and only then for what names them.
    # Every name and code ends with a letter: checking for one first saves trying
    # each of them at the usual digit or punctuation.
    ends = [r.name for r in t.types] + [r.code for r in t.types if r.code]
    letter = r"(?=[^\W\d_])" if all(x[-1].isalpha() for x in ends) else ""
    intro_reversed = rf"""
        (?:\s*:)?\s*
        (?:
            (?P<kw>(?i:ốs))(?![^\W\d_])          # "số",
            (?:\s+{letter}(?P<name>{backward})(?!\w)  #   after a type name
              |\s+{letter}(?P<abbr>{abbrs_reversed})(?!\w)  # or an abbreviation
            )?
          | {letter}(?P<name2>{backward})(?!\w)  # a type name right before the number
        )
    """
    symbol = _SYMBOL.replace("@TYPES@", abbrs)
    flags = re.VERBOSE
    return _Regexes(
        # A whole reference: what parse() reads in one match.
        reference=re.compile(rf"\s*(?:{intro})?{symbol}{_TAIL}", flags | re.DOTALL),
        intro=re.compile(intro, flags),
        intro_reversed=re.compile(intro_reversed, flags),
        symbol=re.compile(symbol, flags),
        tail=re.compile(_TAIL, flags | re.DOTALL),
        scan=re.compile(_SCAN, flags),
        about=re.compile(_ABOUT),
        subject_end=re.compile(_SUBJECT_END),
        on=re.compile(rf"(?:\s*,)?\s*(?:{_PLACE}\s*)?(?P<on>(?i:ngày|này))(?![^\W\d_])", flags),
    )


def is_code(text: str) -> bool:
    """Whether ``text`` is one code as the symbols write it (KH, UBND, QĐi, QH13)."""
    return _CODE_RE.fullmatch(text) is not None


def is_codes(text: str) -> bool:
    """Whether ``text`` is codes joined by "-" (BNV-VPCP)."""
    return _CODES_RE.fullmatch(text) is not None and all(map(is_code, text.split("-")))
