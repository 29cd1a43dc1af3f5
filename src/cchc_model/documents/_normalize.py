"""Normalisation at the boundary.

Text is normalised once, at the boundary (:func:`normalize`): look-alike letters
and dashes, NFC, invisible characters. Every position is mapped back to the
caller's text, so spans and ``source`` always refer to what the caller passed.
Old and new tone placement (hoá/hóa) only matter to the type names, whose
patterns accept both.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from itertools import compress, repeat
from typing import NamedTuple

from cchc_model._text import LOOKALIKE_LETTERS

__all__ = ["Normalized", "normalize", "squash"]

# Builds a named tuple in C, skipping the Python-level __new__ of NamedTuple
# classes: the hot paths build several per reference.
_new = tuple.__new__

# One character for one character, so positions do not move.
_TRANSLATION = str.maketrans(
    {
        **LOOKALIKE_LETTERS,  # Ð Ɖ ð ɖ → Đ đ, Ƣ ƣ → Ư ư, ǎ Ǎ → ă Ă
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
