"""``DocumentRef``: one reference to an official document, validated when built,
parsed from a citation (``DocumentRef.parse``), written back as it is cited."""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Callable
from typing import Any

import attrs

from cchc_model.documents import _parse, _tables
from cchc_model.documents._clean import parse_clean
from cchc_model.documents._grammar import is_codes
from cchc_model.documents._normalize import squash
from cchc_model.documents._parse import Parts, format_date, number_value, printed_number
from cchc_model.documents._tables import MAX_YEAR, MIN_YEAR, tables
from cchc_model.errors import InvalidDocumentRef

__all__ = ["DocumentRef", "DocumentStyle"]


class DocumentStyle(str, enum.Enum):
    """How a document number is laid out."""

    #: ``63/KH-UBND``: number/type-issuer (Nghị định 30/2020/NĐ-CP).
    ADMINISTRATIVE = "administrative"
    #: ``30/2020/NĐ-CP``, ``80/2015/QH13``: number/year/type-issuer (Luật Ban hành VBQPPL).
    LEGAL = "legal"
    #: ``27-NQ/ĐU``: number-type/issuer (Quy định 66-QĐ/TW, Hướng dẫn 36-HD/VPTW).
    PARTY = "party"
    #: ``123/UBND-VP``: number/issuer-unit, no type code (công văn, thư công).
    CONG_VAN = "cong_van"


_STYLES = {style.value: style for style in DocumentStyle}

#: A number as printed: digits, then maybe a letter or a dotted sub-number.
_PRINTED = re.compile(r"[0-9]{1,6}(?:[a-zđ]|\.[0-9]{1,3})?")

_parse_clean = parse_clean


def _check(ref: DocumentRef) -> None:
    """The invariants that make ``str(ref)`` parse back to ``ref``."""

    def fail(reason: str) -> InvalidDocumentRef:
        return InvalidDocumentRef(reason, where="DocumentRef")

    if not isinstance(ref.style, DocumentStyle):
        raise fail(f"style must be a DocumentStyle, got {ref.style!r}")
    number = ref.number
    if number is not None and (
        type(number) is not int or not 1 <= number <= 999_999  # bool is not a number
    ):
        raise fail(f"number must be an int from 1 to 999999 or None, got {number!r}")
    for field in ("type_code", "issuer", "unit"):
        value = getattr(ref, field)
        if value is not None and (not isinstance(value, str) or not is_codes(value)):
            raise fail(f"{field} must be codes such as 'KH' or 'BNV-VPCP', got {value!r}")
    if ref.type_code is not None and "-" in ref.type_code:
        raise fail(f"type_code must be one code, got {ref.type_code!r}")
    if ref.issuer is None:
        raise fail("issuer is required")
    year = ref.year
    if year is not None and (type(year) is not int or not MIN_YEAR <= year <= MAX_YEAR):
        raise fail(f"year must be an int from {MIN_YEAR} to {MAX_YEAR} or None, got {year!r}")
    on = ref.issued_on
    if on is not None and (type(on) is not _dt.date or not MIN_YEAR <= on.year <= MAX_YEAR):
        raise fail(f"issued_on must be a date from {MIN_YEAR} on, got {on!r}")
    subject = ref.subject
    if subject is not None and (
        not isinstance(subject, str)
        or not subject
        or subject != squash(subject)
        or subject[0] in ".,;"
        or subject[-1] in ".,;"
        or len(subject) > 800
    ):
        raise fail(
            "subject must be non-empty single-spaced text of at most 800 characters,"
            f" not starting or ending with punctuation, got {subject!r}"
        )
    if not isinstance(ref.source, str):
        raise fail(f"source must be a str, got {ref.source!r}")
    _check_as_printed(ref, fail)
    codes = tables().codes
    style = ref.style
    if style is not DocumentStyle.LEGAL and year is not None:
        raise fail(f"only legal normative numbers carry a year, not {style.value}")
    if style is not DocumentStyle.CONG_VAN and ref.unit is not None:
        raise fail(f"only a công văn has a drafting unit, not {style.value}")
    if style is DocumentStyle.ADMINISTRATIVE:
        if ref.type_code not in codes["administrative"]:
            raise fail(
                f"{ref.type_code!r} is not an administrative type code of the tables"
                " (a first code outside them reads as the issuer of a công văn)"
            )
    elif style is DocumentStyle.LEGAL:
        if year is None:
            raise fail("a legal normative number needs its year")
        if ref.type_code is None and ("-" in ref.issuer or ref.issuer in codes["legal"]):
            raise fail(f"{ref.issuer!r} is not a single issuer code (QH13, UBTVQH15)")
    elif style is DocumentStyle.PARTY:
        if ref.type_code is None:
            raise fail("a Party number needs its type code")
    else:
        if ref.type_code is not None:
            raise fail("a công văn has no type code")
        if "-" in ref.issuer or ref.issuer in codes["administrative"]:
            raise fail(f"{ref.issuer!r} cannot be the issuer of a công văn")


def _check_as_printed(ref: DocumentRef, fail: Callable[[str], InvalidDocumentRef]) -> None:
    """The number as printed and the law type agree with the other fields."""
    number = ref.number
    printed = ref.number_text
    if printed is not None and (
        not isinstance(printed, str)
        or _PRINTED.fullmatch(printed) is None
        or number_value(printed) != number
        or printed_number(printed) is None
    ):
        raise fail(
            "number_text must be the number as printed when that is not its canonical form"
            f" ('005', '30c', '66.1'), with number {number!r}; got {printed!r}"
        )
    law = ref.law_type
    if law is not None and (
        ref.style is not DocumentStyle.LEGAL
        or ref.type_code is not None
        or law not in tables().law_types.values()
    ):
        names = ", ".join(sorted(tables().law_types.values()))
        raise fail(
            f"law_type must be one of {names}, for a legal number without a type code"
            f" (Luật số 80/2015/QH13); got {law!r}"
        )


@attrs.frozen(kw_only=True, eq=False, order=False, repr=False)
class DocumentRef:
    """One reference to an official document: "Kế hoạch số 63/KH-UBND ngày 30/12/2022".

    Build one from text with :meth:`parse` or from fields with the constructor;
    both validate. Equal references are equal whatever text they came from:
    ``source`` is kept verbatim but does not take part in equality, hashing or
    ordering, which go by the fields (dated references first, by date).

    >>> import datetime
    >>> a = DocumentRef.parse("SỐ 63/KH-UBND NGÀY 30/12/2022")
    >>> on = datetime.date(2022, 12, 30)
    >>> b = DocumentRef(number=63, type_code="KH", issuer="UBND", issued_on=on)
    >>> a == b, a.source, b.source, a == "63/KH-UBND"
    (True, 'SỐ 63/KH-UBND NGÀY 30/12/2022', '', False)
    >>> a
    <DocumentRef('Kế hoạch số 63/KH-UBND ngày 30/12/2022')>

    :param number: the number; None when not assigned yet ("Báo cáo số …/BC-UBND").
    :param type_code: the type abbreviation (KH, QĐ, NQ, TTr, QĐi, ...); None for a
        công văn and for laws and resolutions numbered like 80/2015/QH13.
    :param issuer: the issuer's code (UBND, ĐU, CP, QH13); joint issuers as printed,
        joined by ``-`` (BNV-VPCP).
    :param style: the layout of the number.
    :param year: the year printed in a legal normative number (30/2020/NĐ-CP), else None.
    :param unit: the drafting unit or field of a công văn (123/UBND-VP → VP), else None.
    :param issued_on: the date of issue, when cited.
    :param subject: the "về ..." text, whitespace collapsed, when cited.
    :param number_text: the number as printed when that is not its canonical
        two-digit form: with more leading zeros ("005"), a letter ("30c/NQ-CP")
        or a dotted sub-number ("66.1/2025/NQ-CP"); else None. ``number`` is its
        int (5, 30, 66) and :attr:`symbol` prints it as it was printed.
    :param law_type: the type name of a legal number without a type code, as
        cited in front of it: "Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh"
        ("Luật số 80/2015/QH13"); else None.
    :param source: the text the reference was read from, verbatim. ``attrs.evolve``
        copies it unchanged: when you change a field, pass ``source=""`` too
        unless the new reference still is what that text says.
    """

    number: int | None
    type_code: str | None
    issuer: str | None
    style: DocumentStyle = DocumentStyle.ADMINISTRATIVE
    year: int | None = None
    unit: str | None = None
    issued_on: _dt.date | None = None
    subject: str | None = None
    number_text: str | None = None
    law_type: str | None = None
    source: str = attrs.field(default="", eq=False, order=False)

    def __attrs_post_init__(self) -> None:
        _check(self)

    @classmethod
    def parse(cls, text: str) -> DocumentRef:
        """Read exactly one reference from ``text``.

        Accepts the type name or its abbreviation in front ("Quyết định số", "QĐ
        số", "Số:", or nothing), any case, line breaks and stray spaces anywhere,
        the date as "ngày 30/12/2022", "ngày 30 tháng 12 năm 2022", "30-12-2022"
        (and the typo "này"), then "xã ...", "của ..." and "về <subject>".

        >>> r = DocumentRef.parse("Quyết định số 76/QĐ-UBND này \\n04/5/2023 về việc công nhận")
        >>> r.symbol, r.issued_on, r.subject
        ('76/QĐ-UBND', datetime.date(2023, 5, 4), 'việc công nhận')
        >>> DocumentRef.parse("Báo cáo số …./BC-UBND ngày 11/09/ \\n2023").number is None
        True
        >>> DocumentRef.parse("Kế hoạch số 12/QĐ-UBND")
        Traceback (most recent call last):
        ...
        cchc_model.errors.InvalidDocumentRef: 'Kế hoạch' does not match the symbol '12/QĐ-UBND'
            Kế hoạch số 12/QĐ-UBND
            ^^^^^^^^

        :raises InvalidDocumentRef: naming the text, the span and the reason.
        """
        # Clean citations take a fast path that reads them as parse
        # would (tests compare the two); anything else is read in full.
        fields: tuple[Any, ...] | None = _parse_clean(text)
        if fields is None:
            p = _parse.parse(text)
            fields = (*p[:8], p.number_text, p.law_type)
        number, type_code, issuer, style, year, unit, issued_on, subject, printed, law = fields
        ref = _new_object(cls)
        _set_number(ref, number)
        _set_type_code(ref, type_code)
        _set_issuer(ref, issuer)
        _set_style(ref, _STYLES[style])
        _set_year(ref, year)
        _set_unit(ref, unit)
        _set_issued_on(ref, issued_on)
        _set_subject(ref, subject)
        _set_number_text(ref, printed)
        _set_law_type(ref, law)
        _set_source(ref, text)
        return ref

    @classmethod
    def _trusted(cls, p: Parts, source: str) -> DocumentRef:
        # The parser only produces valid parts (tests check them against the
        # constructor's validation): skipping it is what keeps parsing fast.
        ref = _new_object(cls)
        _set_number(ref, p[0])
        _set_type_code(ref, p[1])
        _set_issuer(ref, p[2])
        _set_style(ref, _STYLES[p[3]])
        _set_year(ref, p[4])
        _set_unit(ref, p[5])
        _set_issued_on(ref, p[6])
        _set_subject(ref, p[7])
        _set_number_text(ref, p[10])
        _set_law_type(ref, p[11])
        _set_source(ref, source)
        return ref

    # -- derived facts ------------------------------------------------------

    @property
    def symbol(self) -> str:
        """The canonical "số, ký hiệu": ``63/KH-UBND``, ``03/BC-TKT``, ``27-NQ/ĐU``.

        Numbers below 10 take a leading zero; an unassigned number is ``…``; a
        number printed otherwise keeps its form (:attr:`~DocumentRef.number_text`).

        >>> DocumentRef.parse("Số: 3 / BC-TKT").symbol, DocumentRef.parse("005/CT-UBND").symbol
        ('03/BC-TKT', '005/CT-UBND')
        """
        if self.number_text is not None:
            number = self.number_text
        else:
            number = "…" if self.number is None else f"{self.number:02d}"
        style = self.style
        if style is DocumentStyle.ADMINISTRATIVE:
            return f"{number}/{self.type_code}-{self.issuer}"
        if style is DocumentStyle.LEGAL:
            if self.type_code is None:
                return f"{number}/{self.year}/{self.issuer}"
            return f"{number}/{self.year}/{self.type_code}-{self.issuer}"
        if style is DocumentStyle.PARTY:
            return f"{number}-{self.type_code}/{self.issuer}"
        return f"{number}/{self.issuer}" + ("" if self.unit is None else f"-{self.unit}")

    @property
    def type_name(self) -> str | None:
        """The full type name ("Kế hoạch", "Công văn"), or None when not known.

        >>> DocumentRef.parse("27-NQ/ĐU").type_name, DocumentRef.parse("27-QĐi/TU").type_name
        ('Nghị quyết', 'Quy định')
        >>> DocumentRef.parse("Luật số 80/2015/QH13").type_name
        'Luật'
        """
        if self.law_type is not None:
            return self.law_type
        return _tables.type_name(self.style.value, self.type_code)

    @property
    def issuers(self) -> tuple[str, ...]:
        """The issuer codes, several for a joint document."""
        return () if self.issuer is None else tuple(self.issuer.split("-"))

    @property
    def issuer_names(self) -> tuple[str | None, ...]:
        """The full name of each issuer code, None where the tables do not know it.

        >>> DocumentRef.parse("80/2015/QH13").issuer_names
        ('Quốc hội khóa 13',)
        """
        return tuple(_tables.issuer_name(code) for code in self.issuers)

    @property
    def codes_known(self) -> bool:
        """Whether the type code and every issuer code are in the bundled tables.

        The code lists are open sets: a reference with an unknown issuer still
        parses. The drafting unit of a công văn is never checked.

        >>> DocumentRef.parse("03/BC-TKT").codes_known, DocumentRef.parse("03/BC-UBND").codes_known
        (False, True)
        """
        if self.type_code is not None and self.type_name is None:
            return False
        return all(name is not None for name in self.issuer_names)

    def same_document(self, other: DocumentRef) -> bool:
        """Whether ``self`` and ``other`` cite the same document, however fully.

        Equality compares every field; two citations of one document often
        differ in what they add to the symbol: one gives the date, the other
        the subject too. They cite the same document when the symbol's fields
        agree (number, codes, layout, year of a legal number, unit) and so do
        their dates where both give one; the subject is left out. (Numbers
        restart every year, so two dated citations of ``63/KH-UBND`` from
        different days are different documents.)

        >>> a = DocumentRef.parse("Kế hoạch số 63/KH-UBND")
        >>> b = DocumentRef.parse("Kế hoạch số 63/KH-UBND ngày 30/12/2022 về CCHC")
        >>> a == b, a.same_document(b)
        (False, True)
        >>> b.same_document(DocumentRef.parse("63/KH-UBND ngày 10/11/2023"))
        False
        """
        if not isinstance(other, DocumentRef):
            raise TypeError(f"same_document() takes a DocumentRef, got {type(other).__name__}")
        return (
            self.number == other.number
            and _suffix(self.number_text) == _suffix(other.number_text)
            and self.type_code == other.type_code
            and self.issuer == other.issuer
            and self.style is other.style
            and self.year == other.year
            and self.unit == other.unit
            and (
                self.issued_on is None
                or other.issued_on is None
                or self.issued_on == other.issued_on
            )
        )

    def __str__(self) -> str:
        """The canonical citation, which :meth:`parse` reads back to an equal ref."""
        name = self.type_name
        text = self.symbol if name is None else f"{name} số {self.symbol}"
        if self.issued_on is not None:
            text += f" ngày {format_date(self.issued_on)}"
        if self.subject is not None:
            text += f" về {self.subject}"
        return text

    def __repr__(self) -> str:
        return f"<DocumentRef({str(self)!r})>"

    def _repr_html_(self) -> str:
        from cchc_model.display._render import html

        return html(self)

    # -- equality, hashing and ordering by one explicit key ------------------

    @property
    def _key(self) -> tuple[Any, ...]:
        def opt(value: object) -> tuple[Any, ...]:
            return (1,) if value is None else (0, value)

        return (
            opt(self.issued_on),
            self.style.value,
            opt(self.issuer),
            opt(self.year),
            opt(self.type_code),
            opt(self.number),
            opt(self.number_text),
            opt(self.unit),
            opt(self.subject),
            opt(self.law_type),
        )

    def __hash__(self) -> int:
        return hash(self._key)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocumentRef):
            return NotImplemented
        return self._key == other._key

    def __lt__(self, other: DocumentRef) -> bool:
        if not isinstance(other, DocumentRef):
            return NotImplemented
        return self._key < other._key

    def __le__(self, other: DocumentRef) -> bool:
        if not isinstance(other, DocumentRef):
            return NotImplemented
        return self._key <= other._key

    def __gt__(self, other: DocumentRef) -> bool:
        if not isinstance(other, DocumentRef):
            return NotImplemented
        return self._key > other._key

    def __ge__(self, other: DocumentRef) -> bool:
        if not isinstance(other, DocumentRef):
            return NotImplemented
        return self._key >= other._key


# Setting a frozen instance's slots directly, for the parser's trusted path: each
# is the slot's own setter, which skips attrs' frozen __setattr__ (and is faster
# than object.__setattr__, which looks the slot up by name every time).
_new_object = object.__new__


(
    _set_number,
    _set_type_code,
    _set_issuer,
    _set_style,
    _set_year,
    _set_unit,
    _set_issued_on,
    _set_subject,
    _set_number_text,
    _set_law_type,
    _set_source,
) = (
    DocumentRef.__dict__[name].__set__
    for name in (
        "number",
        "type_code",
        "issuer",
        "style",
        "year",
        "unit",
        "issued_on",
        "subject",
        "number_text",
        "law_type",
        "source",
    )
)


def _suffix(printed: str | None) -> str:
    """What follows the digits of a number as printed ("c" of "30c", ".1" of "66.1")."""
    return "" if printed is None else printed.lstrip("0123456789")
