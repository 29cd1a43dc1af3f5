"""Tests of cchc_model.documents: DocumentRef.parse, str(), find_document_refs."""

from __future__ import annotations

import datetime as dt
import itertools
import pickle
import sys
import unicodedata
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc_model.documents import (
    DocumentMatch,
    DocumentRef,
    DocumentStyle,
    _clean,
    _grammar,
    _normalize,
    _parse,
    _scan,
    find_document_refs,
)
from cchc_model.errors import InvalidDocumentRef
from tests.adversarial import DOCUMENT_ADVERSARIAL
from tests.strategies import ALPHABET, document_refs

#: The raw text of the seed document (see tests/data/README.md).
SEED = Path(__file__).resolve().parent / "data" / "thanh_xa_2023_seed.txt"

A, L, P, C = (
    DocumentStyle.ADMINISTRATIVE,
    DocumentStyle.LEGAL,
    DocumentStyle.PARTY,
    DocumentStyle.CONG_VAN,
)

# --------------------------------------------------------------------------- #
# parse: valid text -> canonical citation
# --------------------------------------------------------------------------- #

VALID = [
    # (text, str(ref))
    ("63/KH-UBND", "Kế hoạch số 63/KH-UBND"),
    ("  63/KH-UBND \n", "Kế hoạch số 63/KH-UBND"),
    ("Kế hoạch số 63/KH-UBND ngày 30/12/2022", "Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
    (
        "SỐ 63/KH-UBND NGÀY 30/12/2022 CỦA UỶ BAN NHÂN DÂN XÃ THANH XÁ",
        "Kế hoạch số 63/KH-UBND ngày 30/12/2022",
    ),
    (
        "Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã Thanh Xá",
        "Báo cáo số 73/BC-UBND ngày 11/9/2023",
    ),
    # The issuer named before the date: the date is kept, the name stays in `source`.
    (
        "Kế hoạch số 05/KH-UBND của UBND xã ngày 11/01/2023 về CCHC",
        "Kế hoạch số 05/KH-UBND ngày 11/01/2023 về CCHC",
    ),
    (
        "Quyết định số 12/QĐ-UBND của Chủ tịch UBND xã Thanh Xá, ngày 11/01/2023",
        "Quyết định số 12/QĐ-UBND ngày 11/01/2023",
    ),
    ("Kế hoạch số 05/KH-UBND của UBND xã về CCHC", "Kế hoạch số 05/KH-UBND về CCHC"),
    ("Nghị quyết số 27-NQ/ĐU ngày \n03/02/2023", "Nghị quyết số 27-NQ/ĐU ngày 03/02/2023"),
    ("Nghị quyết số 27-NQ/ĐU ngày 03-02-2023", "Nghị quyết số 27-NQ/ĐU ngày 03/02/2023"),
    ("Báo cáo số 03/BC-TKT ngày 27/8/ \n2023", "Báo cáo số 03/BC-TKT ngày 27/8/2023"),
    ("QĐ số 18/QĐ-\nBCĐ ngày 10/02/2023", "Quyết định số 18/QĐ-BCĐ ngày 10/02/2023"),
    # Spaces before a dash, as text extracted from a PDF has them.
    ("Kế hoạch số 63/KH - UBND ngày 30/12/2022", "Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
    ("63/KH -UBND", "Kế hoạch số 63/KH-UBND"),
    ("Nghị định số 30/2020/NĐ - CP", "Nghị định số 30/2020/NĐ-CP"),
    (
        "55/2005/TTLT - BNV - VPCP ngày 01/01/2005",
        "Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP ngày 01/01/2005",
    ),
    # Issuer names with words of any case, an abbreviation, a wrapped line.
    (
        "Quyết định số 1149/QĐ-BNV của Bộ Nội vụ ngày 30/12/2020",
        "Quyết định số 1149/QĐ-BNV ngày 30/12/2020",
    ),
    (
        "Thông báo số 40/TB-UBND của Văn phòng HĐND và UBND xã ngày 10/03/2023",
        "Thông báo số 40/TB-UBND ngày 10/3/2023",
    ),
    (
        "Kế hoạch số 63/KH-UBND của UBND TP. Hải Dương ngày 30/12/2022",
        "Kế hoạch số 63/KH-UBND ngày 30/12/2022",
    ),
    (
        "Kế hoạch số 63/KH-UBND của UBND\nxã Thanh Xá ngày 30/12/2022",
        "Kế hoạch số 63/KH-UBND ngày 30/12/2022",
    ),
    ("Báo cáo số …./BC-UBND ngày 11/09/ \n2023", "Báo cáo số …/BC-UBND ngày 11/9/2023"),
    ("Số: 31  /BC-UBND", "Báo cáo số 31/BC-UBND"),
    ("Số:  /BC-UBND", "Báo cáo số …/BC-UBND"),
    ("Số:\n63/KH-UBND", "Kế hoạch số 63/KH-UBND"),
    ("số63/KH-UBND ngày30/12/2022", "Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
    ("Kế hoạch số 63 / KH-UBND ngày 30 / 12 / 2022", "Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
    ("Kế hoạch số 63/KH-UBND ngày 30 tháng 12 năm 2022", "Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
    ("Kế hoạch số 63/KH-UBND, ngày 30/12/2022", "Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
    ("Kế hoạch số 5/KH-UBND ngày 5/3/2023", "Kế hoạch số 05/KH-UBND ngày 05/3/2023"),
    (
        "Quyết định số 76/QĐ-UBND này \n04/5/2023 về việc công nhận tuyên \ntruyền viên",
        "Quyết định số 76/QĐ-UBND ngày 04/5/2023 về việc công nhận tuyên truyền viên",
    ),
    (
        "Thông báo số 40/TB-UBND xã ngày \n05/9/2023 về Kết quả tự kiểm tra;",
        "Thông báo số 40/TB-UBND ngày 05/9/2023 về Kết quả tự kiểm tra",
    ),
    ("Thông báo số 40/TB-UBND xã", "Thông báo số 40/TB-UBND"),
    ("Thông báo số 40/TB-UBND xã Thanh Xá", "Thông báo số 40/TB-UBND"),
    ("Thông báo số 09/TB-\nUBND ngày 08/3/2023;", "Thông báo số 09/TB-UBND ngày 08/3/2023"),
    (
        "Báo cáo số 58/BC-UBND ngày 07/7  \n/2023 về rà soát",
        "Báo cáo số 58/BC-UBND ngày 07/7/2023 về rà soát",
    ),
    ("Báo cáo số 41/BC-UBND ngày 05/6/ \n 2023", "Báo cáo số 41/BC-UBND ngày 05/6/2023"),
    ("Nghị định 30/2020/NĐ-CP", "Nghị định số 30/2020/NĐ-CP"),
    (
        "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư",
        "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 về công tác văn thư",
    ),
    ("Thông tư số 01/2011/TT-BNV ngày 19/01/2011", "Thông tư số 01/2011/TT-BNV ngày 19/01/2011"),
    ("05/2021/QĐ-UBND", "Quyết định số 05/2021/QĐ-UBND"),
    ("Nghị quyết số 15/2023/NQ-HĐND", "Nghị quyết số 15/2023/NQ-HĐND"),
    ("Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP", "Thông tư liên tịch số 55/2005/TTLT-BNV-VPCP"),
    ("Luật số 80/2015/QH13", "Luật số 80/2015/QH13"),
    ("Nghị quyết 35/2023/UBTVQH15", "Nghị quyết số 35/2023/UBTVQH15"),
    ("76/NQ-CP", "Nghị quyết số 76/NQ-CP"),
    ("03/VBHN-VPQH", "Văn bản hợp nhất số 03/VBHN-VPQH"),
    ("Công văn số 123/UBND-VP", "Công văn số 123/UBND-VP"),
    ("123/UBND-TN&MT", "Công văn số 123/UBND-TN&MT"),
    ("CV số 456/SNV-CCVC", "Công văn số 456/SNV-CCVC"),
    ("Văn bản số 123/UBND-VP", "Công văn số 123/UBND-VP"),
    ("Thư công số 12/UBND", "Công văn số 12/UBND"),
    ("Hướng dẫn 36-HD/VPTW", "Hướng dẫn số 36-HD/VPTW"),
    ("Quy định 66-QĐ/TW", "Quyết định số 66-QĐ/TW"),
    ("Quy định số 01-QĐi/TU", "Quy định số 01-QĐi/TU"),
    ("Chỉ thị 05-CT/TW", "Chỉ thị số 05-CT/TW"),
    ("Kết luận số 14-KL/TW", "Kết luận số 14-KL/TW"),
    ("Nghị quyết số …-NQ/ĐU", "Nghị quyết số …-NQ/ĐU"),
    ("Tờ trình số 12/TTr-UBND ngày 29/02/2024", "Tờ trình số 12/TTr-UBND ngày 29/02/2024"),
    ("Chương trình số 3/CTr-UBND", "Chương trình số 03/CTr-UBND"),
    ("Quy định số 2/QyĐ-UBND", "Quy định số 02/QyĐ-UBND"),
    # Look-alike letters, fancy dashes, old tone placement, upper case.
    ("Quyết định số 10/QÐ-UBND", "Quyết định số 10/QĐ-UBND"),  # Ð U+00D0
    ("Quyết định số 10/QƉ-UBND", "Quyết định số 10/QĐ-UBND"),  # Ɖ U+0189
    ("Nghị quyết số 27‑NQ/ĐU", "Nghị quyết số 27-NQ/ĐU"),  # U+2011
    ("Nghị quyết số 27–NQ/ĐU", "Nghị quyết số 27-NQ/ĐU"),  # U+2013
    ("Hƣớng dẫn số 36-HD/VPTW", "Hướng dẫn số 36-HD/VPTW"),  # ƣ U+01A3
    ("Bản thoả thuận số 01/BTT-UBND", "Bản thỏa thuận số 01/BTT-UBND"),
    ("GIẤY UỶ QUYỀN SỐ 02/GUQ-UBND", "Giấy ủy quyền số 02/GUQ-UBND"),
]


@pytest.mark.parametrize(("text", "canonical"), VALID)
def test_parse_valid(text: str, canonical: str) -> None:
    ref = DocumentRef.parse(text)
    assert str(ref) == canonical
    assert ref.source == text
    again = DocumentRef.parse(canonical)
    assert again == ref
    assert str(again) == canonical


def test_parse_nfd_text() -> None:
    text = "Quyết định số 10/QĐ-UBND ngày 11/01/2023 về việc phê duyệt dự toán"
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    ref = DocumentRef.parse(nfd)
    assert ref == DocumentRef.parse(text)
    assert ref.subject == "việc phê duyệt dự toán"
    assert ref.source == nfd


FIELDS = [
    # (text, number, style, type_code, issuer, year, unit, issued_on, subject)
    ("63/KH-UBND", 63, A, "KH", "UBND", None, None, None, None),
    (
        "Kế hoạch số 63/KH-UBND ngày 30/12/2022 về cải cách \nhành chính",
        *(63, A, "KH", "UBND", None, None, dt.date(2022, 12, 30), "cải cách hành chính"),
    ),
    ("Báo cáo số …./BC-UBND", None, A, "BC", "UBND", None, None, None, None),
    ("30/2020/NĐ-CP", 30, L, "NĐ", "CP", 2020, None, None, None),
    ("80/2015/QH13", 80, L, None, "QH13", 2015, None, None, None),
    ("55/2005/TTLT-BNV-VPCP", 55, L, "TTLT", "BNV-VPCP", 2005, None, None, None),
    ("27-NQ/ĐU", 27, P, "NQ", "ĐU", None, None, None, None),
    ("123/UBND-VP", 123, C, None, "UBND", None, "VP", None, None),
    ("123/UBND", 123, C, None, "UBND", None, None, None, None),
    ("123/UBND-VP-TH", 123, C, None, "UBND", None, "VP-TH", None, None),
    ("01/KH-UBND-MTTQ", 1, A, "KH", "UBND-MTTQ", None, None, None, None),
]


@pytest.mark.parametrize(
    ("text", "number", "style", "type_code", "issuer", "year", "unit", "issued_on", "subject"),
    FIELDS,
)
def test_parse_fields(  # noqa: PLR0917 - one parameter per column of the table
    text: str,
    number: int | None,
    style: DocumentStyle,
    type_code: str | None,
    issuer: str,
    year: int | None,
    unit: str | None,
    issued_on: dt.date | None,
    subject: str | None,
) -> None:
    ref = DocumentRef.parse(text)
    assert (ref.number, ref.style, ref.type_code, ref.issuer) == (number, style, type_code, issuer)
    assert (ref.year, ref.unit, ref.issued_on, ref.subject) == (year, unit, issued_on, subject)


@pytest.mark.parametrize(
    ("text", "symbol", "type_name", "issuers", "issuer_names", "known"),
    [
        ("63/KH-UBND", "63/KH-UBND", "Kế hoạch", ("UBND",), ("Ủy ban nhân dân",), True),
        ("3/BC-TKT", "03/BC-TKT", "Báo cáo", ("TKT",), (None,), False),
        ("18/QĐ-BCĐ", "18/QĐ-BCĐ", "Quyết định", ("BCĐ",), ("Ban Chỉ đạo",), True),
        ("27-QĐi/TU", "27-QĐi/TU", "Quy định", ("TU",), ("Tỉnh ủy, Thành ủy",), True),
        ("27-XY/TU", "27-XY/TU", None, ("TU",), ("Tỉnh ủy, Thành ủy",), False),
        (
            "55/2005/TTLT-BNV-VPCP",
            "55/2005/TTLT-BNV-VPCP",
            "Thông tư liên tịch",
            ("BNV", "VPCP"),
            ("Bộ Nội vụ", "Văn phòng Chính phủ"),
            True,
        ),
        ("80/2015/QH13", "80/2015/QH13", None, ("QH13",), ("Quốc hội khóa 13",), True),
        ("35/2023/UBTVQH15", "35/2023/UBTVQH15", None, ("UBTVQH15",), None, True),
        ("7/SXD-QLN", "07/SXD-QLN", "Công văn", ("SXD",), (None,), False),
        ("Số: …/BC-UBND", "…/BC-UBND", "Báo cáo", ("UBND",), None, True),
        ("Thông tư 01/2011/TT-BNV", "01/2011/TT-BNV", "Thông tư", ("BNV",), None, True),
        ("Thông tri 01-TT/TW", "01-TT/TW", "Thông tri", ("TW",), None, True),
    ],
)
def test_derived_facts(  # noqa: PLR0917 - one parameter per column of the table
    text: str,
    symbol: str,
    type_name: str | None,
    issuers: tuple[str, ...],
    issuer_names: tuple[str | None, ...] | None,
    known: bool,
) -> None:
    ref = DocumentRef.parse(text)
    assert ref.symbol == symbol
    assert ref.type_name == type_name
    assert ref.issuers == issuers
    if issuer_names is not None:
        assert ref.issuer_names == issuer_names
    assert ref.codes_known is known


# --------------------------------------------------------------------------- #
# parse: invalid text -> exact messages and spans
# --------------------------------------------------------------------------- #

NO_NUMBER = "no document number (số, ký hiệu) such as '63/KH-UBND'"
INVALID = [
    # (text, reason, span)
    ("", "empty text: expected a document number such as '63/KH-UBND'", None),
    ("  \n ", "empty text: expected a document number such as '63/KH-UBND'", None),
    ("Kế hoạch số ngày 30/12/2022", "no symbol after 'số'", (9, 11)),
    ("Kế hoạch CCHC năm 2023", "no symbol after 'Kế hoạch'", (0, 8)),
    ("Nghị quyết kỳ họp thứ 5 HĐND xã Khoá XXII", "no symbol after 'Nghị quyết'", (0, 10)),
    ("Số hoá kết quả", "no symbol after 'Số'", (0, 2)),
    ("chỉ số CCHC", NO_NUMBER, (0, 11)),
    ("20/25", NO_NUMBER, (0, 5)),
    ("Tổng số 25 nhiệm vụ", NO_NUMBER, (0, 19)),
    ("1234567/KH-UBND", NO_NUMBER, (0, 15)),
    ("theo 63/KH-UBND", "unexpected text before the document number", (0, 4)),
    (
        "63/KH-UBND ngày 31/02/2023",
        "impossible date '31/02/2023': month 2 of 2023 has 28 days",
        (16, 26),
    ),
    (
        "63/KH-UBND ngày 10/13/ \n2023",
        "impossible date '10/13/2023': there is no month 13",
        (16, 28),
    ),
    (
        "63/KH-UBND ngày 00/12/2023",
        "impossible date '00/12/2023': there is no day 0",
        (16, 26),
    ),
    (
        "63/KH-UBND ngày 01/01/1850",
        "implausible year in the date '01/01/1850' (from 1945 to 2199)",
        (16, 26),
    ),
    ("63/KH-UBND ngày 30/12", "expected a date such as 30/12/2022 after 'ngày'", (11, 21)),
    ("63/KH-UBND xã ngày 30/12", "expected a date such as 30/12/2022 after 'ngày'", (14, 24)),
    ("63/KH-UBND abc", "unexpected text after the document number", (11, 14)),
    ("63/KH-UBND ngày 30/12/2022 ngày", "unexpected text after the document number", (27, 31)),
    ("Kế hoạch số 12/QĐ-UBND", "'Kế hoạch' does not match the symbol '12/QĐ-UBND'", (0, 8)),
    ("Công văn số 12/KH-UBND", "'Công văn' does not match the symbol '12/KH-UBND'", (0, 8)),
    ("KH số 12/QĐ-UBND", "'KH' does not match the symbol '12/QĐ-UBND'", (0, 2)),
    ("Luật số 12/KH-UBND", "'Luật' does not match the symbol '12/KH-UBND'", (0, 4)),
    ("/BC-UBND", "no number before the symbol", (0, 8)),
    ("00/KH-UBND", "document numbers start at 01, not 0", (0, 2)),
    ("12/KH", "no issuer after the type code 'KH'", (3, 5)),
    ("30/2020/NĐ", "no issuer after the type code 'NĐ'", (8, 10)),
    ("30/1800/NĐ-CP", "implausible year 1800 in the number", (3, 7)),
    ("x" * 1001, "text too long for one document reference (1001 characters, at most 1000)", None),
]


@pytest.mark.parametrize(("text", "reason", "span"), INVALID)
def test_error_parse(text: str, reason: str, span: tuple[int, int] | None) -> None:
    with pytest.raises(InvalidDocumentRef) as info:
        DocumentRef.parse(text)
    assert info.value.reason == reason
    assert info.value.span == span
    assert info.value.text == text
    assert isinstance(info.value, ValueError)


def test_error_message_has_a_caret_line() -> None:
    with pytest.raises(InvalidDocumentRef) as info:
        DocumentRef.parse("63/KH-UBND ngày 31/02/2023")
    assert str(info.value) == (
        "impossible date '31/02/2023': month 2 of 2023 has 28 days\n"
        "    63/KH-UBND ngày 31/02/2023\n"
        "                    ^^^^^^^^^^"
    )


def test_error_spans_refer_to_the_callers_text() -> None:
    nfd = unicodedata.normalize("NFD", "Kế hoạch số ngày 30/12/2022")
    with pytest.raises(InvalidDocumentRef) as info:
        DocumentRef.parse(nfd)
    assert info.value.span is not None
    start, end = info.value.span
    assert unicodedata.normalize("NFC", nfd[start:end]) == "số"


def test_error_survives_pickling() -> None:
    with pytest.raises(InvalidDocumentRef) as info:
        DocumentRef.parse("Kế hoạch số 12/QĐ-UBND")
    copy = pickle.loads(pickle.dumps(info.value))
    assert (copy.reason, copy.text, copy.span) == (
        info.value.reason,
        info.value.text,
        info.value.span,
    )


def test_error_parse_needs_a_str() -> None:
    with pytest.raises(TypeError, match="expected a str, got bytes"):
        DocumentRef.parse(b"63/KH-UBND")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# The constructor validates
# --------------------------------------------------------------------------- #

CONSTRUCTOR_ERRORS = [
    ({"number": 0}, "number must be an int from 1 to 999999 or None, got 0"),
    ({"number": True}, "number must be an int from 1 to 999999 or None, got True"),
    ({"style": "administrative"}, "style must be a DocumentStyle, got 'administrative'"),
    ({"type_code": "K H"}, "type_code must be codes such as 'KH' or 'BNV-VPCP', got 'K H'"),
    ({"type_code": "KH-BC"}, "type_code must be one code, got 'KH-BC'"),
    ({"issuer": None}, "issuer is required"),
    ({"issuer": "ubnd"}, "issuer must be codes such as 'KH' or 'BNV-VPCP', got 'ubnd'"),
    (
        {"type_code": "XYZ"},
        "'XYZ' is not an administrative type code of the tables"
        " (a first code outside them reads as the issuer of a công văn)",
    ),
    ({"year": 2020}, "only legal normative numbers carry a year, not administrative"),
    ({"year": 1800}, "year must be an int from 1945 to 2199 or None, got 1800"),
    ({"unit": "VP"}, "only a công văn has a drafting unit, not administrative"),
    ({"style": DocumentStyle.LEGAL}, "a legal normative number needs its year"),
    (
        {"style": DocumentStyle.LEGAL, "year": 2020, "type_code": None, "issuer": "BNV-VPCP"},
        "'BNV-VPCP' is not a single issuer code (QH13, UBTVQH15)",
    ),
    ({"style": DocumentStyle.PARTY, "type_code": None}, "a Party number needs its type code"),
    ({"style": DocumentStyle.CONG_VAN}, "a công văn has no type code"),
    (
        {"style": DocumentStyle.CONG_VAN, "type_code": None, "issuer": "KH"},
        "'KH' cannot be the issuer of a công văn",
    ),
    (
        {"issued_on": dt.datetime(2023, 1, 1)},
        "issued_on must be a date from 1945 on, got datetime.datetime(2023, 1, 1, 0, 0)",
    ),
    (
        {"subject": "cải cách  hành chính"},
        "subject must be non-empty single-spaced text of at most 800 characters,"
        " not starting or ending with punctuation, got 'cải cách  hành chính'",
    ),
    (
        {"subject": "cải cách;"},
        "subject must be non-empty single-spaced text of at most 800 characters,"
        " not starting or ending with punctuation, got 'cải cách;'",
    ),
    ({"source": None}, "source must be a str, got None"),
]


@pytest.mark.parametrize(("changes", "reason"), CONSTRUCTOR_ERRORS)
def test_error_constructor(changes: dict[str, object], reason: str) -> None:
    fields: dict[str, object] = {"number": 63, "type_code": "KH", "issuer": "UBND"}
    fields.update(changes)
    with pytest.raises(InvalidDocumentRef) as info:
        DocumentRef(**fields)  # type: ignore[arg-type]
    assert info.value.reason == reason
    assert str(info.value).startswith("DocumentRef: ")


# --------------------------------------------------------------------------- #
# Equality, hashing, ordering, pickling, serialization
# --------------------------------------------------------------------------- #


def test_equality_ignores_source_and_never_equals_a_str() -> None:
    a = DocumentRef.parse("Kế hoạch số 63/KH-UBND")
    b = DocumentRef.parse("SỐ 63/KH-UBND")
    assert a == b
    assert hash(a) == hash(b)
    assert a.source != b.source
    assert a != "63/KH-UBND"
    assert a != str(a)
    assert len({a, b}) == 1


def test_ordering_is_by_date_then_symbol() -> None:
    refs = [
        DocumentRef.parse(text)
        for text in (
            "64/KH-UBND",
            "63/KH-UBND ngày 30/12/2022",
            "12/KH-UBND ngày 06/02/2023",
            "09/KH-UBND ngày 03/02/2023",
            "63/KH-UBND",
        )
    ]
    assert [r.symbol for r in sorted(refs)] == [
        "63/KH-UBND",
        "09/KH-UBND",
        "12/KH-UBND",
        "63/KH-UBND",
        "64/KH-UBND",
    ]
    assert refs[1] < refs[0]
    assert refs[0] > refs[1]
    assert refs[4] <= refs[0]
    assert refs[0] >= refs[4]
    with pytest.raises(TypeError):
        _ = refs[0] < "63/KH-UBND"  # type: ignore[operator]


def test_repr_shows_the_canonical_citation() -> None:
    ref = DocumentRef.parse("QĐ số 18/QĐ-BCĐ ngày 10/02/2023")
    assert repr(ref) == "<DocumentRef('Quyết định số 18/QĐ-BCĐ ngày 10/02/2023')>"


def test_pickle_round_trip() -> None:
    ref = DocumentRef.parse("Nghị quyết số 27-NQ/ĐU ngày 03/02/2023 về cải cách")
    copy = pickle.loads(pickle.dumps(ref))
    assert copy == ref
    assert copy.source == ref.source


def test_json_converter_round_trip() -> None:
    from cchc_model.formats.converters import make_converter

    converter = make_converter()
    ref = DocumentRef.parse("Báo cáo số …./BC-UBND ngày 11/09/2023 về tình hình")
    data = converter.unstructure(ref)
    assert data == {
        "number": None,
        "type_code": "BC",
        "issuer": "UBND",
        "style": "administrative",
        "year": None,
        "unit": None,
        "issued_on": "2023-09-11",
        "subject": "tình hình",
        "source": "Báo cáo số …./BC-UBND ngày 11/09/2023 về tình hình",
    }
    assert converter.structure(data, DocumentRef) == ref


# --------------------------------------------------------------------------- #
# find_document_refs
# --------------------------------------------------------------------------- #

SEED_SYMBOLS = [
    # The heading: the plan and the report.
    "63/KH-UBND", "73/BC-UBND",
    # The products column, in source order (52).
    "63/KH-UBND", "27-NQ/ĐU",  # 1
    "16/BC-UBND", "44/BC-UBND", "…/BC-UBND",  # 2
    "12/KH-UBND", "27/KH-UBND",  # 3
    "11/KH-UBND",  # 5
    "137/QĐ-UBND",  # 6
    "40/TB-UBND",  # 7
    "03/BC-TKT",  # 8
    "09/KH-UBND",  # 11
    "08/KH-UBND", "05/KH-UBND",  # 13
    "17/KH-UBND",  # 14
    "08/KH-UBND", "05/KH-UBND",  # 15
    "17/KH-UBND", "76/QĐ-UBND",  # 17
    "25/KH-UBND", "27/KH-UBND",  # 18
    "35/KH-UBND",  # 20
    "23/BC-UBND", "41/BC-UBND",  # 21
    "09/TB-UBND", "19/TB-UBND", "22/TB-UBND", "37/TB-UBND",  # 22
    "72/BC-UBND", "30/TB-UBND", "58/BC-UBND",
    "13/KH-UBND",  # 24
    "21/KH-UBND",  # 27
    "10/QĐ-UBND",  # 28
    "10/QĐ-UBND", "120/BC-UBND", "56/BC-UBND",  # 29
    "03/QĐ-UBND",  # 30
    "45/QĐ-UBND", "46/QĐ-UBND",  # 31
    "06/BC-UBND",  # 32
    "190/QĐ-UBND", "10/QĐ-UBND", "102/QĐ-UBND", "103/QĐ-UBND", "104/QĐ-UBND",  # 33
    "120/BC-UBND", "55/BC-UBND",  # 34
    "64/KH-UBND", "16/QĐ-UBND", "18/QĐ-BCĐ", "19/QĐ-UBND",  # 35
]  # fmt: skip


@pytest.fixture(scope="module")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


def test_find_on_the_seed(seed_text: str) -> None:
    matches = find_document_refs(seed_text)
    assert len(SEED_SYMBOLS) == 54
    assert [m.ref.symbol for m in matches] == SEED_SYMBOLS
    for m in matches:
        start, end = m.span
        assert seed_text[start:end] == m.ref.source
        assert DocumentRef.parse(m.ref.source) == m.ref
    heading = matches[0]
    assert heading.ref.source == "KẾ HOẠCH\n\n SỐ 63/KH-UBND NGÀY 30/12/2022"
    assert heading.ref.issued_on == dt.date(2022, 12, 30)
    assert matches[1].ref == DocumentRef.parse("Báo cáo số 73/BC-UBND ngày 11/9/2023")
    dated = [m for m in matches if m.ref.issued_on is not None]
    assert len(dated) == 54
    assert sum(m.ref.number is None for m in matches) == 1


ACTIVITY_2 = """Báo cáo số 16/BC-UBND ngày 10/03/ 
2023 về tình hình cải cách hành chính 
quý 1 năm 2023;
Báo cáo số 44/BC-UBND ngày 10/06/ 
2023 về tình hình cải cách hành chính 
6 tháng năm 2023;
Báo cáo số …./BC-UBND ngày 11/09/ 
2023 về tình hình cải cách hành chính 
quý 3 năm 2023;"""  # noqa: W291 - trailing spaces are the seed's

ACTIVITY_22 = """Bảng niêm yết công khai TTHC tại bộ 
phận tiếp nhận và trả kết quả của xã. 
Cập nhật, công khai TTHC trên Trang 
TTĐT của xã; Thông báo số 09/TB-
UBND ngày 08/3/2023; Thông báo số 
19/TB-UBND ngày 27/4/2023;  Thông 
báo số 22/TB-UBND ngày 23/5/2023;  
Thông báo số 37/TB-UBND ngày 
21/8/2023 ban hành danh mục thủ tục 
hành chính thực hiện tại Bộ phận Tiếp 
nhận và Trả kết quả xã 
Báo cáo số 72/BC-UBND ngày 
25/8/2023 về thống kê TTHC có khai 
thác thông tin trong cơ sở dữ liệu quốc 
gia về dân cư.
Thông báo số 30/TB-UBND ngày 
27/7/2023 về công khai Danh mục 
TTHC quy định mức thu lệ phí đối với 
hoạt động  cung cấp dịch vụ công trực 
tuyến tại Bộ phận tiếp nhận và trả kết 
quả xã Thanh Xá
Báo cáo số 58/BC-UBND ngày 07/7  
/2023 về rà soát danh mục các TTHC đủ 
điều kiện cung cấp qua dịch vụ bưu 
chính công ích"""  # noqa: W291 - trailing spaces are the seed's


def test_find_in_the_products_of_activity_2() -> None:
    refs = [m.ref for m in find_document_refs(ACTIVITY_2)]
    assert [str(r) for r in refs] == [
        "Báo cáo số 16/BC-UBND ngày 10/3/2023 về tình hình cải cách hành chính quý 1 năm 2023",
        "Báo cáo số 44/BC-UBND ngày 10/6/2023 về tình hình cải cách hành chính 6 tháng năm 2023",
        "Báo cáo số …/BC-UBND ngày 11/9/2023 về tình hình cải cách hành chính quý 3 năm 2023",
    ]
    assert refs[2].number is None


def test_find_in_the_products_of_activity_22() -> None:
    matches = find_document_refs(ACTIVITY_22)
    assert [m.ref.symbol for m in matches] == [
        "09/TB-UBND",
        "19/TB-UBND",
        "22/TB-UBND",
        "37/TB-UBND",
        "72/BC-UBND",
        "30/TB-UBND",
        "58/BC-UBND",
    ]
    assert matches[0].ref.source == "Thông báo số 09/TB-\nUBND ngày 08/3/2023"
    assert matches[3].ref.subject is None  # "ban hành ...": no "về"
    assert matches[4].ref.subject == (
        "thống kê TTHC có khai thác thông tin trong cơ sở dữ liệu quốc gia về dân cư"
    )
    assert matches[6].ref.issued_on == dt.date(2023, 7, 7)


@pytest.mark.parametrize(
    "text",
    [
        "chỉ số CCHC của xã",
        "Thực hiện số hoá hồ sơ, số hóa kết quả",
        "Công khai số liệu dự toán NSĐP",
        "Tăng cường áp dụng CNTT, Công nghệ số trong công tác",
        "Tổng số 25 nhiệm vụ và 38 hoạt động",
        "Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch",
        "Thực hiện Quý 4/2023",
        "giai đoạn 2021-2025",
        "Nghị quyết kỳ họp thứ 5 HĐND xã Khoá XXII; Nghị quyết HĐND xã Khoá XXII",
        "(hết ngày 31/12/2\n023",
        "Bộ phận TN&TKQ 1 cửa",
        "Số: ",
        "ngày 30/12/2022",
        "trang 1/Trang 5",
        "Kế hoạch số 12/KH",
        "/BC-UBND",
        "",
    ],
)
def test_find_no_false_positives(text: str) -> None:
    assert find_document_refs(text) == []


def test_find_several_per_sentence_with_spans() -> None:
    text = "Căn cứ Nghị định 30/2020/NĐ-CP, Thông tư 01/2011/TT-BNV và 123/UBND-VP."
    matches = find_document_refs(text)
    assert [(text[m.span[0] : m.span[1]], m.ref.style) for m in matches] == [
        ("Nghị định 30/2020/NĐ-CP", L),
        ("Thông tư 01/2011/TT-BNV", L),
        ("123/UBND-VP", C),
    ]
    assert matches[0] == DocumentMatch(ref=DocumentRef.parse("30/2020/NĐ-CP"), span=(7, 30))


@pytest.mark.parametrize("wrong", [None, b"63/KH-UBND", 63])
def test_find_error_not_a_string(wrong: object) -> None:
    with pytest.raises(TypeError, match="find_document_refs\\(\\) takes a str, got "):
        find_document_refs(wrong)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # After a whole symbol, a spaced dash belongs to the sentence.
        ("Kế hoạch số 63/KH-UBND - UBND xã Thanh Xá", ["63/KH-UBND"]),
        ("Kế hoạch 63/KH-UBND - QĐ số 12/QĐ-UBND", ["63/KH-UBND", "12/QĐ-UBND"]),
        ("Quyết định số 18/QĐ-BCĐ - TB kết quả", ["18/QĐ-BCĐ"]),
        ("27-NQ/ĐU - ĐU xã", ["27-NQ/ĐU"]),
        # Inside one, after its type code, it joins the symbol.
        ("Kế hoạch số 63/KH - UBND ngày 30/12/2022", ["63/KH-UBND"]),
        # A công văn is whole without its unit: "123/UBND - VP" stays ambiguous.
        ("Công văn 123/UBND - VP", ["123/UBND"]),
    ],
)
def test_find_spaced_dashes(text: str, found: list[str]) -> None:
    assert [m.ref.symbol for m in find_document_refs(text)] == found


@pytest.mark.parametrize(
    "text",
    [
        "Thực hiện Kế hoạch số 63/KH-UBND của UBND xã. Hội nghị tổng kết ngày 05/9/2023",
        "Kế hoạch số 63/KH-UBND của UBND xã\nBáo cáo sơ kết ngày 15/6/2023",
        "Kế hoạch số 63/KH-UBND của UBND xã gửi Hội nghị ngày 05/9/2023",
    ],
)
def test_find_takes_no_date_of_another_phrase_after_the_issuer_name(text: str) -> None:
    (match,) = find_document_refs(text)
    assert match.ref.source == "Kế hoạch số 63/KH-UBND"
    assert match.ref.issued_on is None
    # parse() reads one reference: a date it cannot take is an error, not dropped.
    if "." not in text:
        with pytest.raises(InvalidDocumentRef, match="unexpected text after the document number"):
            DocumentRef.parse(text)


def test_find_keeps_a_date_after_the_issuer_name() -> None:
    text = "Thực hiện Kế hoạch số 05/KH-UBND của UBND xã Thanh Xá ngày 11/01/2023; và 06/KH-UBND."
    first, second = find_document_refs(text)
    assert first.ref.source == "Kế hoạch số 05/KH-UBND của UBND xã Thanh Xá ngày 11/01/2023"
    assert first.ref.issued_on == dt.date(2023, 1, 11)
    assert str(second.ref) == "Kế hoạch số 06/KH-UBND"
    # Without a date, "của ..." is not part of the reference.
    (only,) = find_document_refs("Kế hoạch số 05/KH-UBND của UBND xã Thanh Xá.")
    assert only.ref.source == "Kế hoạch số 05/KH-UBND"


def test_find_drops_a_type_name_that_disagrees() -> None:
    text = "theo Kế hoạch số 12/QĐ-UBND ngày 31/02/2023 về việc X"
    (match,) = find_document_refs(text)
    assert match.ref.source == "số 12/QĐ-UBND"  # the name disagrees, the date is impossible
    assert match.ref.issued_on is None
    assert match.ref.type_name == "Quyết định"


@pytest.mark.parametrize(
    ("text", "subject"),
    [
        ("Kế hoạch số 05/KH-UBND về CCHC năm 2023 và Kế hoạch số 06/KH-UBND", "CCHC năm 2023"),
        ("Kế hoạch số 05/KH-UBND về CCHC, và các Kế hoạch số 06/KH-UBND", "CCHC"),
        ("Kế hoạch số 05/KH-UBND về Hội Cựu chiến binh hoặc 07-NQ/ĐU", "Hội Cựu chiến binh"),
        # "và" inside the subject stays: only the words joining the next reference go.
        ("Kế hoạch số 05/KH-UBND về văn thư và lưu trữ; 06/KH-UBND", "văn thư và lưu trữ"),
    ],
)
def test_find_subject_leaves_the_words_joining_the_next_reference(text: str, subject: str) -> None:
    first, _ = find_document_refs(text)
    assert first.ref.subject == subject
    assert first.ref.source.endswith(subject)


def test_find_subject_ends_at_the_next_reference() -> None:
    text = (
        "Kế hoạch số 08/KH-UBND ngày 03/02/2023 về theo dõi thi hành pháp luật\n"
        "Kế hoạch số 05/KH-UBND ngày 19/01/2023 Công tác thi hành pháp luật"
    )
    first, second = find_document_refs(text)
    assert first.ref.subject == "theo dõi thi hành pháp luật"
    assert second.ref.source == "Kế hoạch số 05/KH-UBND ngày 19/01/2023"


def test_find_on_nfd_and_look_alikes_maps_spans_back() -> None:
    clean = "Xem Quyết định số 10/QĐ-UBND ngày 11/01/2023 về dự toán; Hướng dẫn 36-HD/VPTW."
    messy = unicodedata.normalize("NFD", clean).replace("Đ", "Ð", 1).replace("-", "–")
    matches = find_document_refs(messy)
    assert [m.ref for m in matches] == [m.ref for m in find_document_refs(clean)]
    for m in matches:
        assert messy[m.span[0] : m.span[1]] == m.ref.source
        assert DocumentRef.parse(m.ref.source) == m.ref
    assert len(matches) == 2


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #


@given(document_refs())
def test_property_parse_of_str_round_trips(ref: DocumentRef) -> None:
    again = DocumentRef.parse(str(ref))
    assert again == ref
    assert str(again) == str(ref)
    assert hash(again) == hash(ref)


@given(document_refs(subjects=False), st.data())
def test_property_find_sees_a_citation_broken_across_lines(
    ref: DocumentRef, data: st.DataObject
) -> None:
    citation = str(ref)
    breakable = [i + 1 for i, ch in enumerate(citation) if ch in " -/"]
    cuts = data.draw(st.sets(st.sampled_from(breakable), max_size=3)) if breakable else set()
    broken = "".join(ch + ("\n" if i + 1 in cuts else "") for i, ch in enumerate(citation))
    text = f"Căn cứ {broken}; chỉ số 20/25."
    matches = find_document_refs(text)
    assert [m.ref for m in matches] == [ref]
    assert DocumentRef.parse(broken) == ref


HOSTILE = st.text(alphabet=ALPHABET + "ÐƉðƢƣǎ‐–—−\u0301\u0323\u200b…/-", max_size=200)


@given(HOSTILE | st.text(max_size=200))
def test_property_parse_raises_only_invalid_document_ref(text: str) -> None:
    error: InvalidDocumentRef | None = None
    try:
        ref = DocumentRef.parse(text)
    except InvalidDocumentRef as caught:
        error = caught
    if error is None:
        assert DocumentRef.parse(str(ref)) == ref
    else:
        assert error.text == text
        if error.span is not None:
            assert 0 <= error.span[0] <= error.span[1] <= len(text)


@given(HOSTILE | st.text(max_size=300))
def test_property_find_never_raises(text: str) -> None:
    last = 0
    for span, group in itertools.groupby(find_document_refs(text), key=lambda m: m.span):
        matches = list(group)
        start, end = span
        assert last <= start < end <= len(text)
        for m in matches:
            assert text[start:end] == m.ref.source
        if len(matches) == 1:
            assert DocumentRef.parse(matches[0].ref.source) == matches[0].ref
        else:  # numbers sharing one symbol: "Quyết định số 12, 13/QĐ-UBND"
            assert len({attrs.evolve(m.ref, number=1, number_text=None) for m in matches}) == 1
        last = end


@given(document_refs(subjects=False), st.sampled_from(["NFD", "NFC"]))
@settings(max_examples=30)
def test_property_unicode_forms_and_eth(ref: DocumentRef, form: str) -> None:
    text = unicodedata.normalize(form, str(ref)).replace("Đ", "Ð")
    assert DocumentRef.parse(text) == ref
    assert [m.ref for m in find_document_refs(f"- {text}\n")] == [ref]


# --------------------------------------------------------------------------- #
# No backtracking blow-up
# --------------------------------------------------------------------------- #

# The inputs live in tests/adversarial.py, shared with the benchmark suite,
# which times them (make bench); here they must only finish, correctly.


@pytest.mark.parametrize("name", sorted(DOCUMENT_ADVERSARIAL))
def test_adversarial_megabyte(name: str) -> None:
    text = DOCUMENT_ADVERSARIAL[name]
    for match in find_document_refs(text):
        assert text[match.span[0] : match.span[1]] == match.ref.source
    with pytest.raises(InvalidDocumentRef):
        DocumentRef.parse(text)


def test_dense_references() -> None:
    # Not backtracking but real work: 100 kB holding 3000 references.
    text = "Kế hoạch số 63/KH-UBND ngày 30/12/" * 3000
    assert len(find_document_refs(text)) == 3000


# --------------------------------------------------------------------------- #
# The fast path of parse() reads exactly as the full parser
# --------------------------------------------------------------------------- #


def _full(text: str) -> tuple[object, ...] | None:
    """What the full parser (no fast path) reads from ``text``: the fields, or None."""
    try:
        p = _parse.parse(text)
    except InvalidDocumentRef:
        return None
    return (*p[:8], p.number_text, p.law_type)


def _same_as_full(text: str) -> bool:
    """Whether the fast path took ``text``; asserts it then read it as the full parser."""
    fast = _clean.parse_clean(text)
    if fast is None:
        return False
    assert fast == _full(text), text
    ref = DocumentRef.parse(text)
    assert attrs.evolve(ref) == ref  # the fields pass the constructor's validation
    return True


SYMBOLS = ["63/KH-UBND", "30/2020/NĐ-CP", "80/2015/QH13", "27-NQ/ĐU", "123/UBND-VP", "5/VBHN-VPQH"]


@pytest.mark.parametrize("text", sorted({t for pair in VALID for t in pair}))
def test_fast_path_on_valid_text(text: str) -> None:
    _same_as_full(text)


@pytest.mark.parametrize(("text", "reason", "span"), INVALID)
def test_fast_path_leaves_errors_to_the_full_parser(
    text: str, reason: str, span: tuple[int, int] | None
) -> None:
    assert _clean.parse_clean(text) is None


def test_fast_path_on_every_intro() -> None:
    taken = 0
    for intro in _clean._clean_intros():
        for symbol in SYMBOLS:
            for tail in ("", " ngày 29/02/2024", " ngày 31/4/2023", " về việc thi đua"):
                taken += _same_as_full(f"{intro} {symbol}{tail}")
    assert taken > 100  # most combinations are valid and clean


def test_fast_path_takes_the_benchmark_citations() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
    try:
        import bench_documents
    finally:
        sys.path.pop(0)
    texts = bench_documents.references(600)
    assert all(_same_as_full(text) for text in texts)


@given(document_refs())
def test_property_fast_path_reads_str_as_the_full_parser(ref: DocumentRef) -> None:
    text = str(ref)
    _same_as_full(text)
    _same_as_full(text.upper())
    _same_as_full(text.lower())


@given(document_refs(), st.data())
def test_property_fast_path_on_damaged_citations(ref: DocumentRef, data: st.DataObject) -> None:
    text = str(ref)
    at = data.draw(st.integers(min_value=0, max_value=len(text)))
    junk = data.draw(
        st.text(alphabet=ALPHABET + "ÐƉðƢƣǎ‐–—−\u0301\u0323\u200b…/-,.; \n", max_size=3)
    )
    cut = data.draw(st.integers(min_value=0, max_value=2))
    _same_as_full(text[:at] + junk + text[at + cut :])


@given(HOSTILE | st.text(max_size=200))
def test_property_fast_path_on_any_text(text: str) -> None:
    _same_as_full(text)


# --------------------------------------------------------------------------- #
# Normalisation, block by block, gives what one cluster at a time gives
# --------------------------------------------------------------------------- #


def _normalize_one_cluster_at_a_time(text: str) -> tuple[str, list[int] | None]:
    """The plain definition of _normalize.normalize (its first version, kept as the reference)."""
    if text.isascii():
        return text, None
    text = text.translate(_normalize._TRANSLATION)
    if unicodedata.is_normalized("NFC", text) and not _normalize._INVISIBLE.search(text):
        return text, None
    out: list[str] = []
    index: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        for ch in unicodedata.normalize("NFC", _normalize._INVISIBLE.sub("", text[i:j])):
            out.append(ch)
            index.append(i)
        i = j
    index.append(n)
    return "".join(out), index


def _assert_normalizes_as_the_reference(text: str) -> None:
    got = _normalize.normalize(text)
    want_text, want_origin = _normalize_one_cluster_at_a_time(text)
    assert got.text == want_text
    identity = list(range(len(text) + 1))
    assert (got.origin or identity) == (want_origin or identity)


UNICODE_PIECES = [
    "Quyết định số 10/QĐ-UBND ngày 11/01/2023 về việc phê duyệt dự toán; ",
    unicodedata.normalize("NFD", "Thông báo số 09/TB-UBND về kết quả kiểm tra; "),
    "x\u0301 q\u0323\u0302 ",  # marks with no precomposed letter
    "\u200b\u00ad\u200d\u0301 ",  # invisible characters, one before a mark
    "\u1100\u1161\u11a8 \u0b47\u0b3e \u0958 \u0f73 \u212b ",  # compose across clusters, expand
    "a" + "\u0301" * 40 + " ",  # more marks than real text has
    "QÐ–UBND Ƣ ǎ ",  # look-alikes and dashes
]


@pytest.mark.parametrize("piece", UNICODE_PIECES)
def test_normalize_long_text_block_by_block(piece: str) -> None:
    clean = UNICODE_PIECES[0]
    for text in [
        piece,
        "\u0301" + piece,  # a mark first
        piece * 500,  # several blocks of the same
        clean * 200 + piece + clean * 200,  # one irregular block among regular ones
        (clean * 61)[:4095] + piece + clean * 100,  # across a block boundary
    ]:
        _assert_normalizes_as_the_reference(text)


@given(st.lists(st.sampled_from(UNICODE_PIECES) | HOSTILE, max_size=60), st.integers(0, 5000))
@settings(max_examples=40)
def test_property_normalize_as_the_reference(pieces: list[str], pad: int) -> None:
    _assert_normalizes_as_the_reference("a" * pad + "".join(pieces))


# --------------------------------------------------------------------------- #
# find() with its fast path finds what the plain loop finds
# --------------------------------------------------------------------------- #


def _find_plainly(text: str) -> list[tuple[object, ...]]:
    """find_document_refs' definition: every scan candidate read by the full symbol regex."""
    norm = _normalize.normalize(text)
    t = norm.text
    rx = _grammar._regexes()
    last = 0
    found: list[tuple[object, ...]] = []
    for cand in rx.scan.finditer(t):
        at = cand.start("blank") if cand.group("blank") is not None else cand.start()
        if at < last:
            continue
        m = rx.symbol.match(t, at)
        if m is None:
            continue
        intro = _scan._intro_before(t, at, last)
        shared = _scan._shared_numbers(t, at, last) if intro is None and at > last else None
        if shared is not None:
            intro = shared[0]
        try:
            fields = _parse._interpret(t, m, intro)
        except _parse._Reject:
            if intro is None or intro.name is None:
                continue
            kw = intro.kw
            intro = None if kw is None else _parse._Intro(kw[0], None, kw, None)
            try:
                fields = _parse._interpret(t, m, intro)
            except _parse._Reject:
                continue
        end = m.end()
        try:
            issued_on = _parse._date(m)
        except _parse._Reject:
            issued_on, end = None, _parse._symbol_end(m)
        about = _scan._subject(t, end)
        subject = None
        if about is not None:
            subject, end = about
        number, style, type_code, issuer, year, unit = fields
        begin = at if intro is None else intro.start
        last = end
        law = _parse.law_type(t, intro, style, type_code)
        numbers = [(number, _parse.printed_number(m.group("number")))]
        if shared is not None and intro is not None and intro.kw is not None:
            numbers[:0] = [
                (_parse.number_value(t[a:b]), _parse.printed_number(t[a:b])) for a, b in shared[1]
            ]
        for value, printed in numbers:
            found.append(
                (
                    value,
                    type_code,
                    issuer,
                    style,
                    year,
                    unit,
                    issued_on,
                    subject,
                    *norm.span(begin, end),
                    printed,
                    law,
                )
            )
    return found


FIND_PIECES = [
    "Kế hoạch số 63/KH-UBND ngày 30/12/2022 về cải cách hành chính; ",
    "số 63/KH-UBND ngày 31/02/",
    "số 63/KH-UBND ngày 30/12/2022 ",
    "63/KH-UBND ngày 30 tháng 12 năm 2022, ",
    "63/KH-UBND  ngày 30/12/2022 ",
    "63/KH-UBND, ngày 30/12/ \n2022 ",
    "63/KH-UBND xã ngày 05/9/2023 ",
    "63/KH-UBND của UBND xã Thanh Xá ngày 05/9/2023 ",
    "63/KH-UBND, của UBND xã, ngày 05/9/2023 về rà soát; ",
    "63/KH-UBND của UBND xã. ",
    "63/KH - UBND ngày 30/12/2022 ",
    "123/UBND - VP; ",
    "63/KH-UBND\n- UBND xã ",
    "63/KH-UBND ngàyx ",
    "63/KH-UBND ngày 30/12/20223 ",
    "63/KH-UBND ngày 30/12/2022٣ ",
    "Thông báo số 09/TB-\nUBND ngày 08/3/2023; ",
    "Quyết định số 12/KH-UBND ngày 01/01/2023 ",
    "Luật số 80/2015/QH13 ",
    "30/2020/NĐ ",
    "00/KH-UBND ",
    "27-NQ/ĐU, ",
    "123/UBND-VP). ",
    "Số:  /BC-UBND ",
    "…./BC-UBND ngày 11/09/ \n2023 ",
    "chỉ số 20/25, Tổng số 25 ",
    "63/KH-UBND/abc 63/KH-UBND_x 63/TN&MT-UBND ",
    "x\u0301 \u200b",
]


@pytest.mark.parametrize("piece", FIND_PIECES)
def test_find_as_the_plain_loop(piece: str) -> None:
    for text in [piece, piece * 3, "".join(FIND_PIECES), piece.upper()]:
        assert [tuple(p) for p in _scan.find(text)] == _find_plainly(text)


def test_find_on_the_seed_as_the_plain_loop(seed_text: str) -> None:
    assert [tuple(p) for p in _scan.find(seed_text)] == _find_plainly(seed_text)


@given(st.lists(st.sampled_from(FIND_PIECES) | HOSTILE | document_refs().map(str), max_size=12))
def test_property_find_as_the_plain_loop(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert [tuple(p) for p in _scan.find(text)] == _find_plainly(text)


# --------------------------------------------------------------------------- #
# same_document: one document, cited more or less fully
# --------------------------------------------------------------------------- #


@given(document_refs(), st.booleans(), st.booleans())
def test_same_document_whatever_the_citation_adds(
    ref: DocumentRef, drop_date: bool, drop_subject: bool
) -> None:
    shorter = attrs.evolve(
        ref,
        issued_on=None if drop_date else ref.issued_on,
        subject=None if drop_subject else ref.subject,
    )
    assert ref.same_document(ref)
    assert ref.same_document(shorter)
    assert shorter.same_document(ref)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("63/KH-UBND", "64/KH-UBND"),
        ("63/KH-UBND", "63/KH-HĐND"),
        ("63/KH-UBND", "63/TB-UBND"),
        ("63/KH-UBND ngày 30/12/2022", "63/KH-UBND ngày 10/11/2023"),
        ("30/2020/NĐ-CP", "30/2021/NĐ-CP"),
        ("123/UBND-VP", "123/UBND-TH"),
        ("…/BC-UBND", "01/BC-UBND"),
    ],
)
def test_not_the_same_document(a: str, b: str) -> None:
    assert not DocumentRef.parse(a).same_document(DocumentRef.parse(b))
    assert not DocumentRef.parse(b).same_document(DocumentRef.parse(a))


def test_error_same_document_of_text() -> None:
    with pytest.raises(TypeError, match="same_document\\(\\) takes a DocumentRef, got str"):
        DocumentRef.parse("63/KH-UBND").same_document("63/KH-UBND")  # type: ignore[arg-type]


# --------------------------------------------------------------------------- #
# Forms of real texts (issue 12): exact fields
# --------------------------------------------------------------------------- #

A, LG, P, CV = (
    DocumentStyle.ADMINISTRATIVE,
    DocumentStyle.LEGAL,
    DocumentStyle.PARTY,
    DocumentStyle.CONG_VAN,
)

# text, symbol, number, number_text, type_code, issuer, style, year, law_type, type_name
REAL_FORMS = [
    # a letter suffix, a dotted sub-number, the number as printed
    ("Nghị quyết số 30c/NQ-CP", "30c/NQ-CP", 30, "30c", "NQ", "CP", A, None, None, "Nghị quyết"),
    ("12a/QĐ-UBND", "12a/QĐ-UBND", 12, "12a", "QĐ", "UBND", A, None, None, "Quyết định"),
    ("66.1/2025/NQ-CP", "66.1/2025/NQ-CP", 66, "66.1", "NQ", "CP", LG, 2025, None, "Nghị quyết"),
    ("Nghị quyết số 66.2/2025/NQ-CP", "66.2/2025/NQ-CP", 66, "66.2", "NQ", "CP", LG, 2025, None,
     "Nghị quyết"),
    ("005/CT-UBND", "005/CT-UBND", 5, "005", "CT", "UBND", A, None, None, "Chỉ thị"),
    ("Số: 05/CT-UBND", "05/CT-UBND", 5, None, "CT", "UBND", A, None, None, "Chỉ thị"),
    ("Số: 5/CT-UBND", "05/CT-UBND", 5, None, "CT", "UBND", A, None, None, "Chỉ thị"),
    # older symbols: a dot or a slash for the dash after the type code
    ("25/2001/QĐ.UB", "25/2001/QĐ-UB", 25, None, "QĐ", "UB", LG, 2001, None, "Quyết định"),
    ("15/CT.UB", "15/CT-UB", 15, None, "CT", "UB", A, None, None, "Chỉ thị"),
    ("12/QĐ/UB", "12/QĐ-UB", 12, None, "QĐ", "UB", A, None, None, "Quyết định"),
    ("183/2010/TTLT/BTC-BNN", "183/2010/TTLT-BTC-BNN", 183, None, "TTLT", "BTC-BNN", LG, 2010,
     None, "Thông tư liên tịch"),
    # compound type names
    ("Thông báo kết luận số 87-TB/HU", "87-TB/HU", 87, None, "TB", "HU", P, None, None,
     "Thông báo"),
    ("Báo cáo thẩm định số 42/BCTĐ-STP", "42/BCTĐ-STP", 42, None, "BCTĐ", "STP", A, None, None,
     "Báo cáo thẩm định"),
    ("Kế hoạch hành động số 12/KH-UBND", "12/KH-UBND", 12, None, "KH", "UBND", A, None, None,
     "Kế hoạch"),
    ("Công văn hỏa tốc số 123/UBND-VP", "123/UBND-VP", 123, None, None, "UBND", CV, None, None,
     "Công văn"),
    ("CÔNG VĂN HOẢ TỐC SỐ 123/UBND-VP", "123/UBND-VP", 123, None, None, "UBND", CV, None, None,
     "Công văn"),
    # HTML entities of scraped pages
    ("15&#x002F;QĐ-UBND", "15/QĐ-UBND", 15, None, "QĐ", "UBND", A, None, None, "Quyết định"),
    ("Quyết&nbsp;định số 15&#47;QĐ-UBND", "15/QĐ-UBND", 15, None, "QĐ", "UBND", A, None, None,
     "Quyết định"),
    ("Công văn số 2231/SNV-CCHC&amp;PC", "2231/SNV-CCHC&PC", 2231, None, None, "SNV", CV, None,
     None, "Công văn"),
    # a law keeps its type
    ("Luật số 80/2015/QH13", "80/2015/QH13", 80, None, None, "QH13", LG, 2015, "Luật", "Luật"),
    ("BỘ LUẬT SỐ 91/2015/QH13", "91/2015/QH13", 91, None, None, "QH13", LG, 2015, "Bộ luật",
     "Bộ luật"),
    ("Nghị quyết số 43/2022/QH15", "43/2022/QH15", 43, None, None, "QH15", LG, 2022,
     "Nghị quyết", "Nghị quyết"),
    ("Pháp lệnh số 02/2022/UBTVQH15", "02/2022/UBTVQH15", 2, None, None, "UBTVQH15", LG, 2022,
     "Pháp lệnh", "Pháp lệnh"),
    ("Văn bản số 80/2015/QH13", "80/2015/QH13", 80, None, None, "QH13", LG, 2015, None, None),
]  # fmt: skip


@pytest.mark.parametrize(
    (
        "text",
        "symbol",
        "number",
        "number_text",
        "type_code",
        "issuer",
        "style",
        "year",
        "law_type",
        "type_name",
    ),
    REAL_FORMS,
)
def test_real_forms(  # noqa: PLR0917 - one parameter per column of the table
    text: str,
    symbol: str,
    number: int,
    number_text: str | None,
    type_code: str | None,
    issuer: str,
    style: DocumentStyle,
    year: int | None,
    law_type: str | None,
    type_name: str | None,
) -> None:
    ref = DocumentRef.parse(text)
    assert ref.symbol == symbol
    assert (ref.number, ref.number_text, ref.type_code, ref.issuer) == (
        number,
        number_text,
        type_code,
        issuer,
    )
    assert (ref.style, ref.year, ref.law_type, ref.type_name) == (style, year, law_type, type_name)
    assert ref.source == text
    assert DocumentRef.parse(str(ref)) == ref
    assert attrs.evolve(ref) == ref  # the constructor's validation agrees
    [match] = find_document_refs(f"theo {text}; ")
    assert match.ref == ref
    assert match.span == (5, 5 + len(text))


def test_number_as_printed_is_part_of_equality_but_not_of_the_document() -> None:
    printed, plain = DocumentRef.parse("005/CT-UBND"), DocumentRef.parse("05/CT-UBND")
    assert printed != plain
    assert printed.same_document(plain)
    assert not DocumentRef.parse("30c/NQ-CP").same_document(DocumentRef.parse("30/NQ-CP"))
    assert not DocumentRef.parse("66.1/2025/NQ-CP").same_document(
        DocumentRef.parse("66.2/2025/NQ-CP")
    )


def test_html_entities_spans_point_into_the_original_text() -> None:
    text = "Căn cứ Quyết định số 15&#x002F;QĐ-UBND ngày 01&#x2F;02&#x2F;2023 &amp; 16/QĐ-UBND."
    matches = find_document_refs(text)
    assert [m.ref.symbol for m in matches] == ["15/QĐ-UBND", "16/QĐ-UBND"]
    assert matches[0].ref.issued_on == dt.date(2023, 2, 1)
    assert matches[0].ref.source == "Quyết định số 15&#x002F;QĐ-UBND ngày 01&#x2F;02&#x2F;2023"
    assert [text[slice(*m.span)] for m in matches] == [m.ref.source for m in matches]


def test_an_unknown_entity_is_kept_as_text() -> None:
    text = "&bogus; Quyết định số 15/QĐ-UBND"
    [match] = find_document_refs(text)
    assert match.span == (8, len(text))


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        ("Quyết định số 12, 13/QĐ-UBND", ["12/QĐ-UBND", "13/QĐ-UBND"]),
        ("các Quyết định số 12/QĐ-UBND, 13/QĐ-UBND", ["12/QĐ-UBND", "13/QĐ-UBND"]),
        ("Quyết định số 12, 13 và 14a/QĐ-UBND ngày 01/02/2023", ["12/QĐ-UBND", "13/QĐ-UBND",
                                                                 "14a/QĐ-UBND"]),
        ("Luật số 01, 02/2015/QH13", ["01/2015/QH13", "02/2015/QH13"]),
        # "số" in prose, or a count before a symbol, shares nothing
        ("chỉ số 20, 25/KH-UBND", ["25/KH-UBND"]),
        ("Tổng số 25, 63/KH-UBND", ["63/KH-UBND"]),
    ],
)  # fmt: skip
def test_find_numbers_sharing_a_symbol(text: str, symbols: list[str]) -> None:
    matches = find_document_refs(text)
    assert [m.ref.symbol for m in matches] == symbols
    if len({m.span for m in matches}) == 1 and len(matches) > 1:
        assert all(m.ref.source == text[slice(*m.span)] for m in matches)
        assert all(m.ref.issued_on == matches[-1].ref.issued_on for m in matches)
        assert all(m.ref.law_type == matches[-1].ref.law_type for m in matches)


def test_error_parse_of_numbers_sharing_a_symbol() -> None:
    with pytest.raises(InvalidDocumentRef, match="no symbol after 'số'"):
        DocumentRef.parse("Quyết định số 12, 13/QĐ-UBND")


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"number_text": "5"}, "number_text must be the number as printed"),
        ({"number_text": "06"}, "number_text must be the number as printed"),
        ({"number_text": "5x!"}, "number_text must be the number as printed"),
        ({"law_type": "Luật"}, "law_type must be one of Bộ luật, Luật, Nghị quyết, Pháp lệnh"),
    ],
)
def test_error_constructor_of_the_new_fields(changes: dict[str, object], reason: str) -> None:
    base = DocumentRef.parse("05/CT-UBND")
    with pytest.raises(InvalidDocumentRef, match=reason):
        attrs.evolve(base, **changes)


def _real_citations() -> list[tuple[str, str, str]]:
    path = Path(__file__).parent / "data" / "real_citations.tsv"
    lines = [
        line.split("\t")
        for line in path.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    assert lines[0] == ["url", "text", "expected"]
    return [(url, text.replace("\\n", "\n"), expected) for url, text, expected in lines[1:]]


@pytest.mark.parametrize(("url", "text", "expected"), _real_citations())
def test_real_citations(url: str, text: str, expected: str) -> None:
    assert url.startswith("https://")
    found = [
        f"{m.ref.type_name}|{m.ref.symbol}|{m.ref.issued_on or '-'}"
        for m in find_document_refs(text)
    ]
    assert found == expected.split(" ; ")
