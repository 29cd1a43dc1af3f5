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
  summary lines below it give :class:`~cchc_model.PublishedFigures`
  (:func:`parse_summary`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import attrs

from cchc_model._text import fold
from cchc_model.documents._match import find_document_refs, refs_in
from cchc_model.errors import FormatError, InvalidPlan
from cchc_model.figures._progress import progress, render_summary
from cchc_model.formats._common import OVERRIDE_COLUMN
from cchc_model.model import Plan, PublishedFigures, Status
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


def header_field(text: str) -> str | None:
    """The field a header cell's text names, or ``None``.

    >>> header_field("Tiến độ\\n(hoàn thành/đang triển khai)")
    'status'
    >>> header_field("STT"), header_field("Họ và tên"), header_field("  GHI CHU ")
    ('number', None, 'note')
    >>> header_field("Products"), header_field("#")
    ('products', 'number')
    """
    if len(text) > _TITLE_CELL_MAX or not text.strip():
        return None
    key = fold(text)
    if key.rstrip(".") in _NUMBER_TITLES:
        return "number"
    if key in OVERRIDE_KEYS:
        return None
    m = _TITLES.match(key)
    return m.lastgroup if m is not None else None


def header(texts: Sequence[str]) -> dict[str, int]:
    """Field name → position of the header cells recognised among ``texts``.

    >>> header(["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Ghi chú"])
    {'number': 0, 'task': 1, 'activity': 2, 'status': 3, 'note': 4}
    """
    found: dict[str, int] = {}
    for i, text in enumerate(texts):
        field = header_field(text)
        if field is not None and field not in found:
            found[field] = i
    return found


def repeated_titles(texts: Sequence[str]) -> tuple[str, int, int] | None:
    """The first field two header cells name, with their positions, or ``None``.

    The appendix has one column of each kind: with two ("Tiến độ dự kiến" and
    "Tiến độ thực hiện", or "Kết quả thực hiện" and "Tiến độ"), taking either
    would read the other's text as nothing, without a word.

    >>> repeated_titles(["TT", "Nội dung", "Hoạt động", "Tiến độ dự kiến", "Tiến độ thực hiện"])
    ('status', 3, 4)
    >>> repeated_titles(["TT", "Nội dung", "Hoạt động", "Tiến độ", "Sản phẩm"]) is None
    True
    """
    seen: dict[str, int] = {}
    for i, text in enumerate(texts):
        field = header_field(text)
        if field is None:
            continue
        if field in seen:
            return field, seen[field], i
        seen[field] = i
    return None


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

    It starts "Kèm theo", and is in brackets or goes on with a citation: a title
    that starts with the same words is a title.

    >>> is_report_line("(Kèm theo Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã)")
    True
    >>> is_report_line("KÈM THEO BÁO CÁO SỐ 73/BC-UBND NGÀY 11/9/2023")
    True
    >>> is_report_line("(Kèm theo Báo cáo ngày 11/9/2023 của UBND xã Thanh Xá)")
    True
    >>> is_report_line("Kèm theo kế hoạch cải cách hành chính năm 2023")
    False
    """
    stripped = text.strip()
    words = stripped.lstrip("(").split(maxsplit=2)
    if len(words) < 2 or (fold(words[0]), fold(words[1]).rstrip(":")) != ("kem", "theo"):
        return False
    if stripped.startswith("("):
        return True
    found = find_document_refs(words[2]) if len(words) == 3 else []
    return bool(found) and found[0].span[0] == 0


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


# --------------------------------------------------------------------------- #
# Reading a summary block into PublishedFigures
# --------------------------------------------------------------------------- #

_N = r"(\d{1,4})"
# A percent as printed: whole, or with a decimal comma (or point): "98,62%".
_P = r"(\d{1,3}(?:[,.]\d{1,2})?)"


def _pattern(vietnamese: str) -> re.Pattern[str]:
    # Patterns are written in Vietnamese and folded like the text they run on.
    return re.compile(fold(vietnamese).replace("{n}", _N).replace("{p}", _P))


def _number(printed: str) -> int | float:
    """A figure as printed: "30" → 30, "98,62" → 98.62, "80,0" → 80."""
    value = float(printed.replace(",", "."))
    return int(value) if value.is_integer() else value


# Each pattern runs on the folded text of the whole block (line breaks are spaces, so
# statements wrapped over two lines still match). A percent belongs to the
# statement it follows: no "/" (the next statement's "30/38"), "%" or other
# statement's count ("…, trong đó 02 nhiệm vụ đạt 50%") in between; other figures
# may come between ("… trong 6 tháng đầu năm 2023, đạt 80%").
# What is not completed ("chưa hoàn thành 05/25 nhiệm vụ") is not what is.
_DONE = "(?<!chưa )(?<!không )hoàn thành"
_PERCENT_AFTER = r"(?:(?:(?!\d{1,4} (?:nhiệm vụ|hoạt động))[^/%])*?{p} ?%)?"
# A clause of a report's paragraph starts the text or follows ";", ":" or "." (so
# that "… khắc phục 02 hoạt động chậm tiến độ" in running text is no count).
_CLAUSE = "(?:^|[;:.] )"
# Late (overdue) counts both delayed and not started activities: only the
# wording that says both ("chậm tiến độ, chưa thực hiện") states that figure.
_LATE = "chậm tiến độ,? chưa thực hiện"
_SUMMARY_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_pattern("tổng số {n} nhiệm vụ"), ("tasks_total",)),
    (_pattern("tổng số (?:{n} nhiệm vụ,? (?:và )?)?{n} hoạt động"), ("", "activities_total")),
    (
        _pattern(_DONE + " {n} ?/ ?{n} nhiệm vụ" + _PERCENT_AFTER),
        ("tasks_completed", "tasks_total", "tasks_percent"),
    ),
    (
        # "…, và 30/38 hoạt động" after the tasks, in a report's paragraph
        _pattern("(?:" + _DONE + "|, và) {n} ?/ ?{n} hoạt động" + _PERCENT_AFTER),
        ("activities_completed", "activities_total", "activities_percent"),
    ),
    (
        _pattern("(?:đã và )?đang (?:triển khai|thực hiện)(?: thực hiện)? {n} hoạt động"),
        ("activities_in_progress",),
    ),
    (
        _pattern("chưa đến (?:thời điểm|hạn)(?: thực hiện| báo cáo)? {n} hoạt động"),
        ("activities_not_due",),
    ),
    (_pattern("(?<!không )" + _LATE + " {n} hoạt động"), ("activities_overdue",)),
    # The same as a report's paragraph words them ("; 06 hoạt động đã và đang …").
    (
        _pattern(_CLAUSE + "{n} hoạt động (?:đã và )?đang (?:triển khai|thực hiện)"),
        ("activities_in_progress",),
    ),
    (_pattern(_CLAUSE + "{n} hoạt động chưa đến (?:thời điểm|hạn)"), ("activities_not_due",)),
    (_pattern(_CLAUSE + "{n} hoạt động " + _LATE), ("activities_overdue",)),
)


def parse_summary(text: str) -> PublishedFigures | None:
    """The figures a summary block states, or ``None`` when it states none.

    >>> f = parse_summary("Tổng số 25 nhiệm vụ và 38 hoạt động — Thực hiện hoàn thành\\n"
    ...                   "20/25 nhiệm vụ đạt 80% kế hoạch — Thực hiện hoàn thành 30/38 hoạt\\n"
    ...                   "động, đạt 79% kế hoạch — Chưa đến thời điểm thực hiện 2 hoạt động")
    >>> f.tasks_total, f.activities_total, f.tasks_completed, f.tasks_percent
    (25, 38, 20, 80)
    >>> f.activities_completed, f.activities_percent, f.activities_not_due
    (30, 79, 2)
    >>> g = parse_summary("Hoàn thành 3/4 nhiệm vụ. Hoàn thành 5/8 hoạt động, đạt 63%")
    >>> g.tasks_percent is None, g.activities_percent
    (True, 63)
    >>> parse_summary("Hoàn thành 30/38 hoạt động, đạt 120%")
    Traceback (most recent call last):
    ...
    cchc_model.errors.FormatError: summary: the summary states 120%, which is no share ...
    ...
    """
    found: dict[str, Any] = {}  # counts (int) and percents as printed (int or float)
    key = fold(text)
    for pattern, fields in _SUMMARY_PATTERNS:
        m = pattern.search(key)
        if m is None:
            continue
        for field, value in zip(fields, m.groups(), strict=True):
            if field and value is not None and field not in found:
                found[field] = _number(value)
    if not found:
        return None
    for field, value in found.items():
        if field.endswith("_percent") and value > 100:
            raise _impossible_percent(text, value)
    try:
        return PublishedFigures(text=text, **found)
    except InvalidPlan as exc:
        raise FormatError(
            f"the summary lines state a figure that cannot be: {exc.reason}; correct the "
            "summary lines under the table (or delete them: the figures are computed anyway)",
            text=text,
            where="summary lines",
        ) from exc


def _impossible_percent(text: str, value: int) -> FormatError:
    """A summary stating more than 100 % of the plan: a FormatError naming its line.

    The figures are kept as printed and checked against the table by
    :func:`~cchc_model.reconcile`, but a percent over 100 is no share of a plan
    and cannot be kept as one: the reader stops and says which line to correct.
    """
    printed = re.compile(rf"(?<!\d){value} ?%")
    found = [line.strip() for line in text.splitlines() if line.strip()]
    line = next((ln for ln in found if printed.search(fold(ln))), " ".join(found))
    return FormatError(
        f"the summary states {value}%, which is no share of the plan (0 to 100%): "
        f"correct the line {line!r} in the summary under the table",
        text=line,
        where="summary",
    )
