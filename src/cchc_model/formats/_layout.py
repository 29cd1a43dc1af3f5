"""The appendix layout, one description for every reader and writer (Word, sheets, PDF).

What a printed appendix looks like, as data and small text functions that take
no particular file library:

* the columns (:data:`COLUMNS`) and how a header cell names one
  (:func:`header_field`: titles compared folded — case, tone marks, spacing, a
  longer title that starts with one — Vietnamese or English);
* the rows: a section row ("I" or "I. Cải cách thể chế", :func:`roman`),
  a numbering row "(1) (2) (3) …" (:func:`is_numbering_row`), a "Tổng số" row,
  an activity row with its TT (:func:`activity_number`) and its Hoạt động cell,
  label and text in one cell (:func:`split_label`);
* the lines around the table: the heading lines above it give the title and the
  "(Kèm theo Báo cáo số …)" line (:func:`heading`, :func:`plan_meta`), the
  summary lines below it (:func:`summary_block`; what they state is read by
  :mod:`cchc_model.formats._summary_lines`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from cchc_model._text import fold
from cchc_model.documents._match import find_document_refs, refs_in
from cchc_model.errors import FormatError
from cchc_model.figures._progress import progress, render_summary
from cchc_model.formats._common import OVERRIDE_COLUMN
from cchc_model.model import Plan, Status
from cchc_model.model._kinds import StatusKind

#: The seven columns of the official layout: field name and Vietnamese title.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "TT"),
    ("task", "Nội dung thực hiện"),
    ("activity", "Hoạt động"),
    ("status", "Tiến độ"),
    ("products", "Sản phẩm/sản phẩm dự kiến"),
    ("explanation", "Giải trình"),
    ("note", "Ghi chú"),
)

#: Field name → the title printed in the header.
TITLES: dict[str, str] = dict(COLUMNS)

#: How a header cell is recognised: its folded text equals (``number``) or starts
#: with one of these titles (compared folded: case, tone marks and spacing do not
#: matter). English names are accepted too, for sheets made by other tools.
HEADER_TITLES: dict[str, tuple[str, ...]] = {
    "number": ("TT", "STT", "Số TT", "Số thứ tự", "No", "No.", "#", "Number"),
    "task": (
        "Nội dung thực hiện",
        "Nội dung nhiệm vụ",
        "Nhiệm vụ",
        "Nội dung",
        "Tên nhiệm vụ",
        "Task",
    ),
    "activity": ("Hoạt động", "Các hoạt động", "Activity", "Activities"),
    "status": (
        "Tiến độ",
        "Kết quả thực hiện",
        "Tình hình thực hiện",
        "Mức độ hoàn thành",
        "Status",
        "Progress",
    ),
    "products": ("Sản phẩm", "Kết quả đầu ra", "Products", "Outputs"),
    "explanation": ("Giải trình", "Lý do", "Explanation"),
    "note": ("Ghi chú", "Note", "Notes"),
}
_FOLDED_TITLES = {field: tuple(fold(t) for t in titles) for field, titles in HEADER_TITLES.items()}
#: TT is named by its whole cell ("STT", "No."); every other column by a cell that is
#: its title or starts with it, the title not running on into a longer word.
_NUMBER_TITLES = frozenset(t.rstrip(".") for t in _FOLDED_TITLES["number"])
_TITLES = re.compile(
    "(?:"
    + "|".join(
        f"(?P<{field}>{'|'.join(map(re.escape, titles))})"
        for field, titles in _FOLDED_TITLES.items()
        if field != "number"
    )
    + r")(?![^\W_])"
)

#: The folded titles of the column of deliberate status kinds (``status_override``),
#: which is not the Tiến độ column although it starts with "status".
OVERRIDE_KEYS = (fold(OVERRIDE_COLUMN), fold(OVERRIDE_COLUMN.replace("_", " ")))

#: Columns a table must have to be read as an appendix.
REQUIRED = ("task", "activity", "status")

#: What the Tiến độ cell says for a status that has a kind but no text of its own.
KIND_TEXT: dict[StatusKind, str] = {
    StatusKind.COMPLETED: "Hoàn thành",
    StatusKind.ONGOING: "Đã và đang thực hiện",
    StatusKind.IN_PROGRESS: "Đang triển khai thực hiện",
    StatusKind.NOT_DUE: "Chưa đến thời điểm thực hiện",
    StatusKind.AWAITING_GUIDANCE: "Thực hiện khi có hướng dẫn của cấp trên",
    StatusKind.NOT_STARTED: "Chưa thực hiện",
    StatusKind.DELAYED: "Chậm tiến độ",
}


_LINE_END = re.compile(r"\r\n|\r|\n")


def lines(text: str) -> list[str]:
    r"""The lines of ``text``, one paragraph each in a cell: CRLF and a lone CR end one too.

    >>> lines("một\r\nhai\rba\n")
    ['một', 'hai', 'ba', '']
    """
    return _LINE_END.split(text)


def visible(text: str) -> str:
    """``text`` as a cell written with :func:`lines` reads back (lines joined, stripped)."""
    return "\n".join(lines(text)).strip()


def status_text(status: Status) -> str:
    """The text of the Tiến độ cell: the verbatim text, else the kind's usual phrase."""
    return status.text if status.text.strip() else KIND_TEXT[status.kind]


#: A header cell names its column in a few words (perhaps with a note in brackets):
#: a longer cell is content, not a title, and is not compared (nor folded).
_TITLE_CELL_MAX = 200


def header_match(text: str) -> tuple[str, int] | None:
    """The field a header cell's text names, and how closely: ``(field, rank)``.

    The rank is lower for a better match: the field's usual title before its other
    titles (in the order of :data:`HEADER_TITLES`), and a cell that is the title
    before a longer cell starting with it ("Ghi chú" before "Ghi chú khác").

    >>> [header_match(t) for t in ("Tiến độ", "Tiến độ thực hiện", "Kết quả thực hiện")]
    [('status', 0), ('status', 1), ('status', 2)]
    """
    if len(text) > _TITLE_CELL_MAX or not text.strip():
        return None
    key = fold(text)
    if key.rstrip(".") in _NUMBER_TITLES:
        return "number", 0
    if key in OVERRIDE_KEYS:
        return None
    m = _TITLES.match(key)
    if m is None or m.lastgroup is None:
        return None
    field = m.lastgroup
    # Which of the field's titles the cell is, or starts with (not running on into a
    # longer word, as _TITLES checks).
    ranks = [
        2 * i + (key != title)
        for i, title in enumerate(_FOLDED_TITLES[field])
        if key.startswith(title) and not key[len(title) : len(title) + 1].isalnum()
    ]
    return field, min(ranks)


def header_field(text: str) -> str | None:
    """The field a header cell's text names, or ``None``.

    >>> header_field("Tiến độ\\n(hoàn thành/đang triển khai)")
    'status'
    >>> header_field("STT"), header_field("Họ và tên"), header_field("  GHI CHU ")
    ('number', None, 'note')
    >>> header_field("Products"), header_field("#")
    ('products', 'number')
    """
    match = header_match(text)
    return None if match is None else match[0]


def header(texts: Sequence[str]) -> dict[str, int]:
    """Field name → position of the header cells recognised among ``texts``: for a
    field two cells name, the closer title ("Tiến độ" over "Kết quả thực hiện").

    >>> header(["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Ghi chú"])
    {'number': 0, 'task': 1, 'activity': 2, 'status': 3, 'note': 4}
    >>> header(["TT", "Nội dung", "Hoạt động", "Kết quả thực hiện", "Tiến độ"])
    {'number': 0, 'task': 1, 'activity': 2, 'products': 3, 'status': 4}
    """
    best: dict[str, tuple[int, int]] = {}  # field → (rank, position)
    results: list[int] = []  # "Kết quả thực hiện" cells
    for i, text in enumerate(texts):
        match = header_match(text)
        if match is not None and (match[0] not in best or match[1] < best[match[0]][0]):
            best[match[0]] = (match[1], i)
        if match is not None and fold(text).startswith(_RESULTS):
            results.append(i)
    # Beside a closer Tiến độ title, "Kết quả thực hiện" holds the results: the Sản
    # phẩm column, when there is none (not a column dropped without a word).
    spare = [i for i in results if i != best.get("status", (0, -1))[1]]
    if spare and "products" not in best:
        best["products"] = (0, spare[0])
    return {field: i for field, (_, i) in sorted(best.items(), key=lambda f: f[1][1])}


_RESULTS = fold("Kết quả thực hiện")


def ambiguous_titles(texts: Sequence[str], skip: Iterable[int] = ()) -> tuple[str, int, int] | None:
    """The first field that two header cells name equally well, with their positions
    (``skip``: positions a second header row titles), or ``None``.

    Taking either would read the other's text as nothing, without a word: "Tiến
    độ dự kiến" and "Tiến độ thực hiện" leave no way to know which is the status.

    >>> ambiguous_titles(["TT", "Nội dung", "Hoạt động", "Tiến độ dự kiến", "Tiến độ thực hiện"])
    ('status', 3, 4)
    >>> ambiguous_titles(["TT", "Nội dung", "Hoạt động", "Tiến độ", "Kết quả thực hiện"]) is None
    True
    """
    skipped = set(skip)
    seen: dict[str, tuple[int, int]] = {}  # field → (best rank, its first position)
    tie: dict[str, int] = {}  # field → second position at the best rank
    for i, text in enumerate(texts):
        match = header_match(text) if i not in skipped else None
        if match is None:
            continue
        field, rank = match
        if field not in seen or rank < seen[field][0]:
            seen[field] = (rank, i)
            tie.pop(field, None)
        elif rank == seen[field][0] and field not in tie:
            tie[field] = i
    for field, second in sorted(tie.items(), key=lambda f: f[1]):
        return field, seen[field][1], second
    return None


def ambiguous_error(field: str, cells: str, where: str) -> FormatError:
    """The error for two header ``cells`` (as the reader names them) that name
    ``field`` equally well: which column the appendix has, and what to do."""
    title = TITLES[field]
    return FormatError(
        f"two columns of the header name the {title} column equally well: {cells}; the "
        f"appendix has one {title} column: title the other one so that it names no "
        f'column ("{title} (kế hoạch)" still does), or delete it',
        where=where,
    )


def missing_after_refining(columns: dict[str, int], where: str) -> None:
    """A :class:`FormatError` when a header on two rows lacks a required column once
    its second row is read: a group title ("Kết quả thực hiện") names no column."""
    missing = [TITLES[f] for f in REQUIRED if f not in columns]
    if missing:
        raise FormatError(
            f"the header names no {', '.join(missing)} column: the title over the columns "
            "its second row names is a group title, not a column; give the table a "
            f"{', '.join(missing)} column",
            where=where,
        )


def refine(columns: dict[str, int], below: dict[str, int]) -> dict[str, int]:
    """The columns of a two-row header: those the second row names over the first.

    Official tables put a group title over two columns ("Kết quả thực hiện" over
    Tiến độ and Sản phẩm) and merge the other titles down; the row under it
    names the columns of the group.

    >>> refine({"task": 1, "status": 3}, {"status": 3, "products": 4})
    {'task': 1, 'status': 3, 'products': 4}
    """
    return {f: c for f, c in columns.items() if c not in below.values()} | below


def is_sub_header(texts: Sequence[str]) -> bool:
    """Whether a row holds only column titles (the second row of a two-row header)."""
    nonempty = [t for t in texts if t.strip()]
    return bool(nonempty) and all(
        header_field(t) is not None or fold(t) in OVERRIDE_KEYS for t in nonempty
    )


# --------------------------------------------------------------------------- #
# Rows
# --------------------------------------------------------------------------- #

_ROMAN = re.compile(
    r"""
    (?P<numeral>(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))
    (?:\s*[.):\-–—]\s*|\s+|$)     # a separator after the numeral, or nothing more
    (?P<rest>.*)
    """,
    re.VERBOSE | re.DOTALL,
)
TOTAL_ROW = (fold("Tổng số"), fold("Tổng cộng"))
NUMBER = re.compile(r"(\d{1,4})\s*[.)]?")
_NUMBERING = re.compile(r"\(?(\d{1,2})\)?")
# "1. Hoạt động 1", "2.1. Hoạt động 1:", alone or followed by the text on the same line.
LABEL = re.compile(r"(\d+(?:\.\d+)*\.?\s*" + fold("hoạt động") + r"\s*\d*\s*[:.]?)(.*)", re.DOTALL)


def roman(text: str) -> tuple[str, str] | None:
    """``(numeral, rest)`` when ``text`` starts with a roman numeral, else ``None``.

    >>> roman("II. Cải cách TTHC"), roman("II"), roman("Hoàn thành")
    (('II', 'Cải cách TTHC'), ('II', ''), None)
    """
    m = _ROMAN.fullmatch(text.strip())
    if m is None or not m.group("numeral"):
        return None
    return m.group("numeral"), m.group("rest").strip()


def is_total_row(text: str) -> bool:
    """Whether a row starting with ``text`` (TT empty) is a "Tổng số …" summary row."""
    return fold(text).startswith(TOTAL_ROW)


def is_numbering_row(texts: Sequence[str]) -> bool:
    """A row "(1) (2) (3) ..." or "1 2 3 ..." that numbers the columns under the header.

    >>> is_numbering_row(["(1)", "(2)", "", "(3)"]), is_numbering_row(["1", "2"])
    (True, False)
    """
    nonempty = [t.strip() for t in texts if t.strip()]
    if len(nonempty) < 3:
        return False
    numbers = []
    for text in nonempty:
        m = _NUMBERING.fullmatch(text)
        if m is None:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def activity_number(text: str) -> int | None:
    """The activity number a TT cell holds ("7", "7.", "7)"), ``None`` if it holds none.

    >>> activity_number(" 7. "), activity_number("a")
    (7, None)
    """
    m = NUMBER.fullmatch(text.strip())
    return int(m.group(1)) if m is not None else None


def split_label(text: str) -> tuple[str, str]:
    """The activity label and text of a Hoạt động cell written in one piece.

    The label is the first line when it reads "1. Hoạt động 1" (or "2.1. Hoạt
    động 1:"); it may share its line with the text.

    >>> split_label("1. Hoạt động 1\\nXây dựng kế hoạch")
    ('1. Hoạt động 1', 'Xây dựng kế hoạch')
    >>> split_label("2.1. Hoạt động 1: Rà soát TTHC")
    ('2.1. Hoạt động 1:', 'Rà soát TTHC')
    >>> split_label("Rà soát TTHC")
    ('', 'Rà soát TTHC')
    """
    text = text.strip()
    first, _, rest = text.partition("\n")
    m = LABEL.fullmatch(fold(first))
    if m is None:
        return "", text
    if not m.group(2):
        return first.strip(), rest.strip()
    # The label and the text share the first line: cut the verbatim line where the
    # folded one was cut.
    cut = _label_length(first, len(m.group(1).rstrip()))
    return first[:cut].strip(), (first[cut:] + ("\n" + rest if rest else "")).strip()


def _label_length(line: str, folded_length: int) -> int:
    # Fold a growing prefix by halves: the label is short, the line may be long.
    low, high = 0, len(line)
    while low < high:
        mid = (low + high) // 2
        if len(fold(line[:mid])) >= folded_length:
            high = mid
        else:
            low = mid + 1
    return low


def activity_cell(label: str, text: str) -> str:
    """The Hoạt động cell of a sheet: the label on its own line above the text."""
    return f"{label}\n{text}" if label else text


# --------------------------------------------------------------------------- #
# Around the table: heading and summary lines
# --------------------------------------------------------------------------- #

_APPENDIX = fold("Phụ lục")


def is_report_line(text: str) -> bool:
    """Whether ``text`` is the "(Kèm theo Báo cáo số …)" line under the heading.

    It starts "Kèm theo", and is in brackets, or goes on with a citation, or names a
    report with its date or issuer ("Kèm theo Báo cáo ngày 11/9/2023 của UBND xã"):
    a title that starts with the same words is a title.

    >>> is_report_line("(Kèm theo Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã)")
    True
    >>> is_report_line("KÈM THEO BÁO CÁO SỐ 73/BC-UBND NGÀY 11/9/2023")
    True
    >>> is_report_line("(Kèm theo Báo cáo ngày 11/9/2023 của UBND xã Thanh Xá)")
    True
    >>> is_report_line("Kèm theo Báo cáo kết quả CCHC của UBND xã Thanh Xá")
    True
    >>> is_report_line("Kèm theo kế hoạch cải cách hành chính năm 2023 của UBND xã")
    False
    >>> is_report_line("Kèm theo kế hoạch cải cách hành chính năm 2023")
    False
    """
    stripped = text.strip()
    words = stripped.lstrip("(").split(maxsplit=2)
    if len(words) < 2 or (fold(words[0]), fold(words[1]).rstrip(":")) != ("kem", "theo"):
        return False
    if stripped.startswith("("):
        return True
    rest = words[2] if len(words) == 3 else ""
    found = find_document_refs(rest)
    if found and found[0].span[0] == 0:
        return True
    # A report named without its number: "Báo cáo", maybe its subject (no figure in
    # it), then its date or its issuer.
    return _UNNUMBERED_REPORT.match(fold(rest)) is not None


_UNNUMBERED_REPORT = re.compile(
    fold("báo cáo") + r"(?: [^\d]*?)? (?:" + fold("ngày") + r" \d|" + fold("của") + " )"
)


def heading(texts: Sequence[str]) -> tuple[str, str | None]:
    """The title and the "(Kèm theo …)" line among the lines above the table.

    The title starts at the last line starting "Phụ lục", else after the last
    blank line (blank lines just above the table do not count); blank lines are
    left out.

    >>> heading(["UBND XÃ", "", "PHỤ LỤC 1", "ĐÁNH GIÁ", "(Kèm theo Báo cáo số 73/BC-UBND)"])
    ('PHỤ LỤC 1\\nĐÁNH GIÁ', '(Kèm theo Báo cáo số 73/BC-UBND)')
    """
    texts = [t.strip() for t in texts]
    while texts and not texts[-1]:
        texts.pop()  # blank lines just above the table
    start = max((i for i, t in enumerate(texts) if fold(t).startswith(_APPENDIX)), default=None)
    if start is None:
        start = len(texts)
        while start > 0 and texts[start - 1]:
            start -= 1
    title_lines, report = [], None
    for t in texts[start:]:
        if is_report_line(t):
            report = t
        elif t:
            title_lines.append(t)
    return "\n".join(title_lines), report


def summary_block(texts: Sequence[str]) -> str | None:
    """The summary block among the lines below the table: the first run of non-blank lines."""
    found: list[str] = []
    for t in texts:
        if t.strip():
            found.append(t.strip())
        elif found:
            break
    return "\n".join(found) if found else None


def summary_text(plan: Plan) -> str:
    """The summary block written under the table: the published text, else the computed one."""
    if plan.published is not None and plan.published.text.strip():
        return plan.published.text
    return render_summary(progress(plan))


def report_line(plan: Plan) -> str | None:
    """The "(Kèm theo Báo cáo số ... của ...)" line under the heading, when there is a report."""
    if plan.report is None:
        return None
    # The citation without its subject: "của <issuer>" follows the date.
    parts = ["Kèm theo", str(attrs.evolve(plan.report, subject=None))]
    if plan.issuer:
        parts.append(f"của {plan.issuer}")
    return "(" + " ".join(parts) + ")"


_YEAR = re.compile(fold("năm") + r" (\d{4})\b")


def plan_meta(title: str, report: str | None) -> dict[str, Any]:
    """The plan fields the heading gives: year and plan reference from the title,
    report and issuer from the "(Kèm theo Báo cáo số … của …)" line."""
    meta: dict[str, Any] = {"issuer": "", "year": None, "reference": None, "report": None}
    m = _YEAR.search(fold(title))
    if m is not None:
        meta["year"] = int(m.group(1))
    plans = [r for r in refs_in(title) if r.type_code == "KH"]
    if plans:
        meta["reference"] = plans[0]
    if report:
        reports = refs_in(report)
        if reports:
            meta["report"] = reports[0]
        _, sep, issuer = report.rpartition(" của ")
        if sep:
            meta["issuer"] = issuer.strip().rstrip(")").strip()
    return meta
