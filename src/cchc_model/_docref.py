"""The machinery behind :mod:`cchc_model.documents`: normalisation, code tables, regexes.

Private. The public types live in :mod:`cchc_model.documents`; this module turns
text into plain :class:`Parts` (or raises
:class:`~cchc_model.errors.InvalidDocumentRef`) and knows nothing of them.

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

Text is normalised once, at the boundary (:func:`normalize`): look-alike letters
and dashes, NFC, invisible characters. Every position is mapped back to the
caller's text, so spans and ``source`` always refer to what the caller passed.
Old and new tone placement (hoá/hóa) only matter to the type names, whose
patterns accept both.

Speed: most citations are written the way ``str(ref)`` writes them. For those,
:func:`parse_clean` (what ``DocumentRef.parse`` tries first) and :func:`find`
read the symbol and date with small patterns, then look the parts up in caches
filled by the same functions the full reading uses (:func:`_layout`, the date
checks), so that both readings give the same fields; whatever is not clean goes
the full way. The tests compare the two readings, and :func:`normalize` with its
plain one-cluster-at-a-time definition.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from collections.abc import Iterator
from itertools import compress, repeat
from typing import Any, NamedTuple

from cchc_model.errors import InvalidDocumentRef

__all__ = [
    "MAX_LENGTH",
    "MAX_YEAR",
    "MIN_YEAR",
    "IssuerRow",
    "Normalized",
    "Parts",
    "TypeRow",
    "find",
    "format_date",
    "is_code",
    "is_codes",
    "issuer_name",
    "known_issuer",
    "normalize",
    "parse",
    "parse_clean",
    "squash",
    "tables",
    "type_name",
]

#: Longest text :func:`parse` accepts: a citation with a long subject fits easily.
MAX_LENGTH = 1000
#: Years accepted in numbers and dates (the first documents of the Democratic
#: Republic of Vietnam are of 1945).
MIN_YEAR, MAX_YEAR = 1945, 2199

STYLES = ("administrative", "legal", "party", "cong_van")

# Builds a named tuple in C, skipping the Python-level __new__ of NamedTuple
# classes: the hot paths build several per reference.
_new = tuple.__new__

# --------------------------------------------------------------------------- #
# Normalisation
# --------------------------------------------------------------------------- #

# One character for one character, so positions do not move.
_TRANSLATION = str.maketrans(
    {
        "Ð": "Đ",  # U+00D0 LATIN CAPITAL LETTER ETH
        "Ɖ": "Đ",  # U+0189 LATIN CAPITAL LETTER AFRICAN D
        "ð": "đ",  # U+00F0 LATIN SMALL LETTER ETH
        "ɖ": "đ",  # U+0256 LATIN SMALL LETTER D WITH TAIL
        "Ƣ": "Ư",  # U+01A2 LATIN CAPITAL LETTER OI
        "ƣ": "ư",  # U+01A3 LATIN SMALL LETTER OI
        "ǎ": "ă",  # U+01CE a with caron, printed for a with breve
        "Ǎ": "Ă",  # U+01CD
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
        **dict.fromkeys("\u2044\u2215\uff0f", "/"),  # fraction, division, full-width slash
    }
)
_NEEDS_TRANSLATION = "[" + "".join(chr(c) for c in _TRANSLATION) + "]"  # in _SPECIAL
# Dropped: soft hyphen, zero-width space/joiners, word joiner, byte-order mark.
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPECIAL = re.compile(_NEEDS_TRANSLATION[:-1] + _INVISIBLE.pattern[1:])


class Normalized(NamedTuple):
    """Normalised text and, when characters moved, where each one came from."""

    text: str
    #: ``origin[i]`` is the position in the original text of normalised
    #: character ``i`` (one extra entry for the end); None when unchanged.
    origin: list[int] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of the normalised text to the original."""
        if self.origin is None:
            return start, end
        return self.origin[start], self.origin[end]


def normalize(text: str) -> Normalized:
    """Normalise ``text`` once, at the boundary.

    Each character with the combining marks after it (a cluster) is composed
    on its own (NFC) and invisible characters are dropped; every character of
    the result remembers where its cluster started in ``text``.

    >>> normalize("Quyết định số 10/QÐ–UBND").text   # Ð U+00D0, en dash
    'Quyết định số 10/QĐ-UBND'
    >>> n = normalize(unicodedata.normalize("NFD", "Số 27-NQ/ĐU"))
    >>> n.text, n.span(3, len(n.text))
    ('Số 27-NQ/ĐU', (5, 13))
    """
    if "&" in text and _ENTITY.search(text) is not None:
        return _unescaped(text)
    return _normalize(text)


def _normalize(text: str) -> Normalized:
    """:func:`normalize` of text with no HTML entity in it."""
    if text.isascii():  # nothing to do, the common case of bare symbols
        return _new(Normalized, (text, None))
    # One pass for the common case, clean NFC text: nothing to translate or drop,
    # no Latin combining marks (NFC is then checked quickly, while with marks the
    # check would cost a full composition, which _compose() does anyway).
    first = _SPECIAL_OR_MARK.search(text)
    if first is None:
        if unicodedata.is_normalized("NFC", text):
            return _new(Normalized, (text, None))
        invisible = False
    else:
        at = first.start()
        if _SPECIAL.search(text, at) is not None:
            text = text.translate(_TRANSLATION)  # one character for one: positions stay
        invisible = _INVISIBLE.search(text, at) is not None
        if (
            not invisible
            and _LATIN_MARKS.search(text, at) is None
            and unicodedata.is_normalized("NFC", text)
        ):
            return _new(Normalized, (text, None))
    composed, origin = _compose(text)
    if not invisible and composed == text:
        return _new(Normalized, (text, None))
    return _new(Normalized, (composed, origin))


# An HTML entity, as text scraped from web pages has them: "15&#x002F;QĐ-UBND",
# "&amp;", "&nbsp;" (named, decimal or hexadecimal; the ";" is required).
_ENTITY = re.compile(r"&(?:#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[A-Za-z][A-Za-z0-9]{1,31});")


def _unescaped(text: str) -> Normalized:
    """:func:`normalize` of text with HTML entities: each is read as the
    character(s) it stands for, which remember where the entity started."""
    from html import unescape  # here, not at import: only scraped text needs it

    out: list[str] = []
    origin: list[int] = []
    last = 0
    for m in _ENTITY.finditer(text):
        start = m.start()
        out.append(text[last:start])
        origin += range(last, start)
        decoded = unescape(m.group())
        out.append(decoded)
        if decoded == m.group():  # not an entity HTML knows: kept as it is
            origin += range(start, m.end())
        else:
            origin += [start] * len(decoded)
        last = m.end()
    out.append(text[last:])
    origin += range(last, len(text) + 1)
    plain = "".join(out)
    inner = _normalize(plain)
    if inner.origin is None:
        return _new(Normalized, (inner.text, origin))
    return _new(Normalized, (inner.text, [origin[i] for i in inner.origin]))


# A character to translate or drop, or a combining mark of the Latin script
# (Vietnamese NFD text uses these).
_SPECIAL_OR_MARK = re.compile(_SPECIAL.pattern[:-1] + "\u0300-\u036f]")
_LATIN_MARKS = re.compile("[\u0300-\u036f]")
_INVISIBLE_CHARS = frozenset(_INVISIBLE.pattern[1:-1])
_DROP_INVISIBLE = dict.fromkeys(map(ord, _INVISIBLE_CHARS))
_nfc = functools.partial(unicodedata.normalize, "NFC")
# Composed a block at a time when it can be (see _compose), else a cluster at a time.
_BLOCK = 4096
# On the combining classes of a text, one byte a character (0 for a starter):
_CLUSTER = re.compile(rb"(?s:.)[^\x00]*")  # a character and the marks after it
_LONG_MARKS = re.compile(rb"[^\x00]{32}")  # more marks in a row than real text has
_STARTS = bytes([1] + [0] * 255)  # for bytes.translate: 1 where a cluster starts


@functools.cache
def _irregular() -> re.Pattern[str]:
    """Starters that make a block compose differently from its clusters one by one.

    A starter that composes with the character before it (Hangul vowels and
    final consonants, some Brahmic vowel signs), and a starter whose canonical
    decomposition starts with a mark. Read from the running Python's Unicode
    database on first use (about 40 ms): every canonical decomposition is in
    planes 0 and 1.
    """
    odd = {chr(c) for c in [*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)]}  # Hangul V, T
    chars = list(map(chr, range(0x20000)))
    for ch, decomposition in zip(chars, map(unicodedata.decomposition, chars), strict=True):
        if not decomposition or decomposition[0] == "<":  # none, or not canonical
            continue
        parts = [chr(int(code, 16)) for code in decomposition.split()]
        if len(parts) == 2 and not unicodedata.combining(parts[1]):
            odd.add(parts[1])
        if not unicodedata.combining(ch) and unicodedata.combining(parts[0]):
            odd.add(ch)
    return re.compile("[" + "".join(sorted(map(re.escape, odd))) + "]")


def _compose(text: str) -> tuple[str, list[int]]:
    """Compose each cluster of ``text`` on its own, dropping invisible characters.

    A cluster is a character and the combining marks after it. Returns the
    composed text and, for each of its characters, where its cluster starts in
    ``text`` (one extra entry for the end). Linear time, mostly in C: a block of
    clusters is composed at once when that gives what one cluster at a time
    would: no starter in it composes across clusters, no invisible character
    comes before a mark, and each cluster composes to one character (as NFD
    Vietnamese does).
    """
    ccc = bytes(map(unicodedata.combining, text))  # one byte a character, 0 for a starter
    irregular = _irregular()
    out: list[str] = []
    index: list[int] = []
    n = len(text)
    start = 0
    while start < n:
        end = ccc.find(0, start + _BLOCK) if start + _BLOCK < n else n
        end = n if end < 0 else end  # a block ends where a cluster starts
        block = text[start:end]
        marks = ccc[start:end]
        if not marks[0] and _LONG_MARKS.search(marks) is None and not irregular.search(block):
            starts = bytearray(marks.translate(_STARTS))
            regular, invisible = True, False
            for m in _INVISIBLE.finditer(block):
                at = m.start()
                if marks[at + 1 : at + 2] not in (b"", b"\x00"):  # a mark after it
                    regular = False
                    break
                starts[at] = 0
                invisible = True
            if regular:
                composed = _nfc(block.translate(_DROP_INVISIBLE) if invisible else block)
                positions = list(compress(range(start, end), starts))
                if len(composed) == len(positions):
                    out.append(composed)
                    index += positions
                    start = end
                    continue
        for c in _CLUSTER.finditer(ccc, start, end):
            at, stop = c.span()
            cluster = text[at:stop]
            if cluster[0] in _INVISIBLE_CHARS:
                cluster = cluster[1:]
            composed = _nfc(cluster)
            out.append(composed)
            index += repeat(at, len(composed))
        start = end
    index.append(n)
    return "".join(out), index


def squash(text: str) -> str:
    """Collapse whitespace runs (line breaks included) to one space, strip the ends."""
    return " ".join(text.split())


# Old ("hoá", "uỷ") and new ("hóa", "ủy") tone placement on a word-final oa, oe, uy.
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}  # fmt: skip
_NEW_TONES = {new: old for old, new in _OLD_TONES.items()}
_OLD_TONE_RE = re.compile("(?<![qQ])(" + "|".join(_OLD_TONES) + r")(?!\w)")
_NEW_TONE_RE = re.compile("(?<![qQ])(" + "|".join(_NEW_TONES) + r")(?!\w)")


def _tone_variants(word: str) -> set[str]:
    """A lower-case word in old, new and its own tone placement."""
    return {
        word,
        _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group()], word),
        _NEW_TONE_RE.sub(lambda m: _NEW_TONES[m.group()], word),
    }


@functools.lru_cache(maxsize=256)
def _name_key(name: str) -> str:
    """The lookup key of a type name: lower case, single spaces, new tone placement."""
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group()], squash(name).lower())


# --------------------------------------------------------------------------- #
# Code tables (data files in cchc_model/_data, read on first use)
# --------------------------------------------------------------------------- #


class TypeRow(NamedTuple):
    """A row of ``_data/document_types.tsv``."""

    style: str  # administrative, legal, party, cong_van or any
    code: str | None  # None: the name introduces a number without a type code
    name: str
    source: str
    note: str


class IssuerRow(NamedTuple):
    """A row of ``_data/issuer_codes.tsv``."""

    code: str  # "{n}" stands for a term number (QH{n})
    name: str
    level: str
    source: str


def _read_tsv(filename: str, columns: tuple[str, ...]) -> list[list[str]]:
    from importlib import resources  # here, not at import: it costs ~10 ms to import

    data = resources.files("cchc_model").joinpath("_data").joinpath(filename)
    rows = [
        line.rstrip("\r\n").split("\t")
        for line in data.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    if tuple(rows[0]) != columns:  # pragma: no cover - guards hand edits of the data
        raise RuntimeError(f"{filename}: expected the columns {columns}, got {rows[0]}")
    return [row + [""] * (len(columns) - len(row)) for row in rows[1:]]


class _Tables(NamedTuple):
    types: tuple[TypeRow, ...]
    issuers: tuple[IssuerRow, ...]
    codes: dict[str, frozenset[str]]  # style -> its type codes
    names: dict[tuple[str, str], str]  # (style, code) -> full type name
    intros: dict[str, frozenset[tuple[str, str]] | None]  # name key -> (style, code or "-")
    issuer_names: dict[str, str]
    issuer_patterns: tuple[tuple[re.Pattern[str], str], ...]
    #: The names of legal normative documents numbered without a type code
    #: (Luật, Bộ luật, Nghị quyết, Pháp lệnh), by their name key.
    law_types: dict[str, str]


@functools.cache
def tables() -> _Tables:
    """The code tables, read from the data files on first use."""
    types = tuple(
        TypeRow(style, None if code == "-" else code, name, source, note)
        for style, code, name, source, note in _read_tsv(
            "document_types.tsv", ("style", "code", "name", "source", "note")
        )
    )
    issuers = tuple(
        IssuerRow(*row)
        for row in _read_tsv("issuer_codes.tsv", ("code", "name", "level", "source"))
    )
    codes = {
        style: frozenset(r.code for r in types if r.style == style and r.code) for style in STYLES
    }
    names: dict[tuple[str, str], str] = {}
    intros: dict[str, set[tuple[str, str]] | None] = {}
    for r in types:
        if r.code is not None:
            names.setdefault((r.style, r.code), r.name)
        key = _name_key(r.name)
        if r.style == "any":
            intros[key] = None  # a generic word: allows every symbol
        elif intros.get(key, set()) is not None:
            intros.setdefault(key, set()).add((r.style, r.code or "-"))  # type: ignore[union-attr]  # narrowed just above
    exact = {r.code: r.name for r in issuers if "{n}" not in r.code}
    patterns = tuple(
        (re.compile(re.escape(r.code).replace(r"\{n\}", r"([1-9][0-9]?)")), r.name)
        for r in issuers
        if "{n}" in r.code
    )
    return _Tables(
        types=types,
        issuers=issuers,
        codes=codes,
        names=names,
        intros={k: None if v is None else frozenset(v) for k, v in intros.items()},
        issuer_names=exact,
        issuer_patterns=patterns,
        law_types={_name_key(r.name): r.name for r in types if r.style == "legal" and not r.code},
    )


def type_name(style: str, code: str | None) -> str | None:
    """The full Vietnamese name of a type code in a style, when the tables know it."""
    if style == "cong_van":
        return "Công văn"
    if code is None:
        return None
    return tables().names.get((style, code))


def issuer_name(code: str) -> str | None:
    """The full name of one issuer code (``QH13`` → ``Quốc hội khóa 13``), or None."""
    t = tables()
    name = t.issuer_names.get(code)
    if name is None:
        for pattern, template in t.issuer_patterns:
            m = pattern.fullmatch(code)
            if m:
                return template.replace("{n}", m.group(1))
    return name


def known_issuer(code: str) -> bool:
    return issuer_name(code) is not None


# --------------------------------------------------------------------------- #
# Regular expressions
# --------------------------------------------------------------------------- #

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
    name backwards, to match right-to-left from a number (see :func:`_intro_before`).
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


# --------------------------------------------------------------------------- #
# Reading
# --------------------------------------------------------------------------- #


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


# --------------------------------------------------------------------------- #
# The fast path of parse(): a citation already written cleanly
# --------------------------------------------------------------------------- #

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
