"""Text folding shared by the matchers (status phrases, column titles, ...).

Vietnamese text reaches the library in many spellings of the same words: NFC or
NFD, old or new tone placement (hoá/hóa, UỶ/ỦY), look-alike letters from PDF
extraction (Ð, Ɖ, ð, Ƣ, ǎ), a full-width ％, any case and any whitespace. :func:`fold` maps all
of them to one key for *matching*; the verbatim text is always kept beside it.
"""

from __future__ import annotations

import unicodedata

__all__ = ["LOOKALIKE_LETTERS", "fold", "nfc", "squash"]

#: Letters that PDF extraction substitutes for Vietnamese ones (one for one, so
#: positions do not move); the document parser maps them too.
LOOKALIKE_LETTERS: dict[str, str] = {
    "Ð": "Đ",  # U+00D0 LATIN CAPITAL LETTER ETH
    "Ɖ": "Đ",  # U+0189 LATIN CAPITAL LETTER AFRICAN D
    "ð": "đ",  # U+00F0 LATIN SMALL LETTER ETH
    "ɖ": "đ",  # U+0256 LATIN SMALL LETTER D WITH TAIL
    "Ƣ": "Ư",  # U+01A2 LATIN CAPITAL LETTER OI
    "ƣ": "ư",  # U+01A3 LATIN SMALL LETTER OI
    "ǎ": "ă",  # U+01CE a with caron, printed for a with breve
    "Ǎ": "Ă",  # U+01CD
}
# For matching: those letters, and a full-width ％ from East Asian input methods
# (the letters whose base form is not reached by removing combining marks: đ has none).
_LOOKALIKES = str.maketrans({**LOOKALIKE_LETTERS, "％": "%"})
# The five tone marks. Only they are dropped: the marks that make a different
# letter (ă â ê ô ơ ư, đ) stay, so "đang" and "đăng" keep different keys.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_DROP_TONES = dict.fromkeys(map(ord, _TONE_MARKS))


def squash(text: str) -> str:
    """Collapse every run of whitespace (line breaks included) into one space.

    >>> squash("Đang triển \\nkhai  thực hiện ")
    'Đang triển khai thực hiện'
    """
    return " ".join(text.split())


def fold(text: str) -> str:
    """Fold ``text`` to a matching key: NFC, no tone marks, lower case, single spaces.

    Tone marks are dropped so that old and new tone placement (hoá/hóa,
    UỶ/ỦY) and missing tones give the same key; the other diacritics are kept,
    since they make different letters.

    >>> fold("HOÀN THÀNH")
    'hoan thanh'
    >>> fold("Số hoá") == fold("số hóa") == fold(unicodedata.normalize("NFD", "Số hóa"))
    True
    >>> fold("Ðã và  đang\\nthực hiện")
    'đa va đang thưc hiên'
    >>> fold("Đăng") == fold("Đang")
    False
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_LOOKALIKES))
    toneless = decomposed.translate(_DROP_TONES)  # in C: linear, and fast on a long text
    return squash(unicodedata.normalize("NFC", toneless).casefold())


def nfc(text: str) -> str:
    """``text`` in Unicode NFC, as every reader gives it (typed and decomposed text equal).

    >>> nfc(unicodedata.normalize("NFD", "Hoàn thành")) == "Hoàn thành"
    True
    """
    # Text already in NFC (nearly all of it) is recognised by a quick scan, not copied.
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
