"""Hypothesis strategies, all in one place. Each part of the library adds its own section."""

from __future__ import annotations

import datetime as dt
import functools

from hypothesis import strategies as st

from cchc_model import (
    Activity,
    DocumentRef,
    Plan,
    PublishedFigures,
    Section,
    Status,
    StatusKind,
    Task,
)

# --------------------------------------------------------------------------- #
# Text
# --------------------------------------------------------------------------- #

#: Vietnamese letters (both cases), digits, punctuation the appendices use, and
#: the whitespace that wrapped cells carry.
VIETNAMESE = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
ALPHABET = VIETNAMESE + VIETNAMESE.upper() + "0123456789 .,;:-/()%&\"'…\n"
_CHARS = st.sampled_from(ALPHABET)


# Building a text strategy over a large alphabet is costly: build each one once.
@functools.cache
def vietnamese_text(*, min_size: int = 0, max_size: int = 16) -> st.SearchStrategy[str]:
    """Arbitrary Vietnamese-looking text, possibly multi-line, stripped like a table cell."""
    return st.text(alphabet=_CHARS, min_size=min_size, max_size=max_size).map(str.strip)


@functools.cache
def nonempty_text(max_size: int = 16) -> st.SearchStrategy[str]:
    return vietnamese_text(min_size=1, max_size=max_size).filter(bool)


# --------------------------------------------------------------------------- #
# Statuses
# --------------------------------------------------------------------------- #

#: Real Tiến độ phrases and the kind the default rules give them.
STATUS_PHRASES: dict[str, StatusKind] = {
    "Hoàn thành": StatusKind.COMPLETED,
    "Hoàn thành báo cáo quý\n1, 6 tháng,\nquý 3": StatusKind.COMPLETED,
    "Hoàn thành\nxây dựng\nKH, đang\ntriển khai\nthực hiện": StatusKind.COMPLETED,
    "Đã hoàn thành": StatusKind.COMPLETED,
    "Đã và đang\nthực hiện": StatusKind.ONGOING,
    "Đang triển khai": StatusKind.IN_PROGRESS,
    "Đang triển khai thực hiện": StatusKind.IN_PROGRESS,
    "Đang thực hiện": StatusKind.IN_PROGRESS,
    "Đã và đang triển khai thực hiện": StatusKind.IN_PROGRESS,
    "Cơ bản hoàn thành": StatusKind.IN_PROGRESS,
    "Hoàn thành 80%": StatusKind.IN_PROGRESS,
    "Chưa đến thời điểm báo cáo": StatusKind.NOT_DUE,
    "Chưa đến thời điểm thực hiện": StatusKind.NOT_DUE,
    "Thực hiện khi có KH, Hướng dẫn của huyện": StatusKind.AWAITING_GUIDANCE,
    "Chưa thực hiện": StatusKind.NOT_STARTED,
    "Chậm tiến độ": StatusKind.DELAYED,
    "Không thực hiện": StatusKind.DELAYED,
}


def statuses() -> st.SearchStrategy[Status]:
    """A status with a real phrase and its kind."""
    return st.sampled_from(sorted(STATUS_PHRASES.items())).map(
        lambda item: Status(kind=item[1], text=item[0])
    )


# --------------------------------------------------------------------------- #
# Plans
# --------------------------------------------------------------------------- #

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


#: Citations as products texts have them, for activities that cite documents.
CITATIONS = (
    "Kế hoạch số 63/KH-UBND ngày 30/12/2022",
    "Quyết định số 18/QĐ-BCĐ",
    "Nghị quyết số 27-NQ/ĐU ngày 04/5/2023",
    "Báo cáo số 03/BC-TKT",
    "Thông báo số 09/TB-\nUBND",
    "Luật số 80/2015/QH13",
)


def citing_products() -> st.SearchStrategy[str]:
    """Products texts that cite one or two documents, with free text after them."""
    return st.tuples(
        st.lists(st.sampled_from(CITATIONS), min_size=1, max_size=2), vietnamese_text(max_size=8)
    ).map(lambda parts: "\n".join(filter(None, ["; ".join(parts[0]), parts[1]])))


def products_texts(max_size: int = 30) -> st.SearchStrategy[str]:
    """Products texts: free text, or text that cites documents."""
    return vietnamese_text(max_size=max_size) | citing_products()


@st.composite
def plans(
    draw: st.DrawFn,
    *,
    max_sections: int = 3,
    max_tasks: int = 2,
    max_activities: int = 3,
    products: st.SearchStrategy[str] | None = None,
    restart_numbering: bool | None = None,
) -> Plan:
    """Valid plans of a few sections, tasks and activities.

    Activities are numbered with increasing TT across the plan, or, as many
    appendices print them, restarting in each section (``restart_numbering``;
    drawn when None).
    """
    products_strategy = products if products is not None else products_texts()
    if restart_numbering is None:
        restart_numbering = draw(st.booleans())
    number = draw(st.integers(min_value=1, max_value=5))
    sections = []
    for numeral in ROMAN[: draw(st.integers(min_value=1, max_value=max_sections))]:
        if restart_numbering:
            number = draw(st.integers(min_value=1, max_value=2))
        tasks = []
        for _ in range(draw(st.integers(min_value=1, max_value=max_tasks))):
            activities = []
            for _ in range(draw(st.integers(min_value=1, max_value=max_activities))):
                activities.append(
                    Activity(
                        number=number,
                        label=draw(vietnamese_text(max_size=8)),
                        text=draw(nonempty_text()),
                        status=draw(statuses()),
                        products=draw(products_strategy),
                        explanation=draw(vietnamese_text(max_size=8)),
                        note=draw(vietnamese_text(max_size=8)),
                    )
                )
                number += draw(st.integers(min_value=1, max_value=2))
            tasks.append(Task(title=draw(nonempty_text()), activities=tuple(activities)))
        sections.append(Section(numeral=numeral, title=draw(nonempty_text()), tasks=tuple(tasks)))
    published = draw(
        st.none()
        | st.builds(
            PublishedFigures,
            tasks_total=st.none() | st.integers(0, 99),
            tasks_completed=st.none() | st.integers(0, 99),
            activities_total=st.none() | st.integers(0, 99),
            text=vietnamese_text(),
        )
    )
    return Plan(
        title=draw(nonempty_text()),
        issuer=draw(vietnamese_text(max_size=30)),
        year=draw(st.none() | st.integers(min_value=2000, max_value=2100)),
        sections=tuple(sections),
        published=published,
    )


def dates() -> st.SearchStrategy[dt.date]:
    return st.dates(min_value=dt.date(1945, 9, 2), max_value=dt.date(2100, 12, 31))


# --------------------------------------------------------------------------- #
# Fuzzing (issue 7): hostile text and mutated documents
# --------------------------------------------------------------------------- #

#: Pieces of real document text, so generated strings come close to what the
#: parsers accept (and to the places where they can go wrong).
FUZZ_FRAGMENTS = (
    "số",
    "Số:",
    "SỐ",
    "số ",
    " ",
    "  ",
    "\n",
    "/",
    " / ",
    "-",
    "–",
    "\u2212",
    "…",
    "….",
    "KH",
    "QĐ",
    "QyĐ",
    "NQ",
    "TB",
    "BC",
    "UBND",
    "HĐND",
    "ĐU",
    "Ð",
    "ð",
    "Ɖ",
    "Ƣ",
    "NĐ-CP",
    "QH13",
    "TW",
    "&",
    "ngày",
    "này",
    "tháng",
    "năm",
    "30/12/2022",
    "31/02/2023",
    "07/7 /2023",
    "10/03/ \n2023",
    "05-02-2023",
    "về",
    "Kế hoạch",
    "Quyết định",
    "Hoàn thành",
    "Đang triển khai",
    "Đã và đang",
    "Chưa đến thời điểm",
    "80%",
    "0",
    "01",
    "63",
    "2023",
    "9" * 30,
    "o\u0302\u0301",
    "\u0301",
    "\x00",
    "\ufeff",
    "\u200b",
)


def hostile_text(max_size: int = 40) -> st.SearchStrategy[str]:
    """Text built from document fragments, arbitrary Unicode and control characters."""
    piece = st.sampled_from(FUZZ_FRAGMENTS) | st.text(max_size=3)
    return st.lists(piece, max_size=max_size).map("".join) | st.text(max_size=200)


def json_values(max_leaves: int = 12) -> st.SearchStrategy[object]:
    """Arbitrary JSON values (what ``json.loads`` can return)."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False)
        | hostile_text(8)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(hostile_text(4), inner, max_size=4)
        ),
        max_leaves=max_leaves,
    )


# --------------------------------------------------------------------------- #
# Document references
# --------------------------------------------------------------------------- #


def _doc_type_codes() -> dict[str, frozenset[str]]:
    """The type codes of each style, from the bundled tables."""
    from cchc_model.documents import _tables

    return _tables.tables().codes


#: A code as symbols write it (KH, UBND, QĐi, TTg, QH13), not necessarily a known one.
DOC_CODE = st.from_regex(r"[A-ZĐ][a-zđ]?(?:[A-ZĐ0-9][a-zđ]?){0,4}", fullmatch=True)
#: Issuer codes: mostly known ones, sometimes any code.
DOC_ISSUER = st.sampled_from(["UBND", "HĐND", "ĐU", "CP", "TTg", "BNV", "VPCP", "TU", "BCĐ"])


def document_codes(max_codes: int = 2) -> st.SearchStrategy[str]:
    """One code or a few joined by "-" (a joint issuer: BNV-VPCP)."""
    one = DOC_ISSUER | DOC_CODE
    return st.lists(one, min_size=1, max_size=max_codes).map("-".join)


def document_subjects() -> st.SearchStrategy[str]:
    """A "về ..." subject as DocumentRef keeps it: single-spaced, no closing punctuation."""
    return (
        st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789 ,.;()/-", max_size=40)
        .map(lambda s: " ".join(s.split()).strip(" .,;"))
        .filter(bool)
    )


@st.composite
def document_refs(draw: st.DrawFn, *, subjects: bool = True) -> DocumentRef:
    """Valid document references of every style (any construction error is skipped)."""
    from hypothesis import assume

    from cchc_model import DocumentStyle
    from cchc_model.errors import InvalidDocumentRef

    codes = _doc_type_codes()
    style = draw(st.sampled_from(list(DocumentStyle)))
    number = draw(st.none() | st.integers(min_value=1, max_value=99_999))
    type_code: str | None = None
    unit: str | None = None
    year: int | None = None
    if style is DocumentStyle.ADMINISTRATIVE:
        type_code = draw(st.sampled_from(sorted(codes["administrative"])))
        issuer = draw(document_codes())
    elif style is DocumentStyle.LEGAL:
        year = draw(st.integers(min_value=1945, max_value=2199))
        type_code = draw(st.none() | st.sampled_from(sorted(codes["legal"])))
        issuer = draw(document_codes(1 if type_code is None else 3))
    elif style is DocumentStyle.PARTY:
        type_code = draw(st.sampled_from(sorted(codes["party"])) | DOC_CODE)
        issuer = draw(document_codes())
    else:
        issuer = draw(DOC_ISSUER | DOC_CODE)
        unit = draw(st.none() | document_codes())
    # The number as printed: more zeros, a letter or a dotted sub-number (005, 30c, 66.1).
    number_text = None
    if number is not None:
        number_text = draw(
            st.none()
            | st.sampled_from(["00", "000"]).map(lambda zeros: f"{zeros}{number}")
            | st.sampled_from(["a", "b", "c", "đ", ".1", ".2", ".10"]).map(
                lambda suffix: f"{number}{suffix}"
            )
        )
    law_type = None
    if style is DocumentStyle.LEGAL and type_code is None:
        law_type = draw(st.none() | st.sampled_from(["Luật", "Bộ luật", "Nghị quyết", "Pháp lệnh"]))
    try:
        return DocumentRef(
            number=number,
            type_code=type_code,
            issuer=issuer,
            style=style,
            year=year,
            unit=unit,
            issued_on=draw(st.none() | dates()),
            subject=draw(st.none() | document_subjects()) if subjects else None,
            number_text=number_text,
            law_type=law_type,
        )
    except InvalidDocumentRef:
        assume(False)
        raise  # unreachable: assume(False) stops the example
