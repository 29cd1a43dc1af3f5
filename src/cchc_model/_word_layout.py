"""What the Word reader and writer agree on: column titles, style names, text blocks.

This module does not import python-docx; the reader and the writer do, lazily.
"""

from __future__ import annotations

import re

import attrs

from cchc_model._kinds import StatusKind
from cchc_model._progress import progress, render_summary
from cchc_model._text import fold
from cchc_model.model import Plan, PublishedFigures, Status

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

#: Column widths of the written table, in millimetres (A4 landscape, 2 cm margins).
WIDTHS_MM: tuple[int, ...] = (12, 48, 62, 30, 58, 27, 20)

#: How a header cell is recognised: its folded text equals (``number``) or starts
#: with one of these titles (compared folded: case, tone marks and spacing do not matter).
HEADER_TITLES: dict[str, tuple[str, ...]] = {
    "number": ("TT", "STT", "Số TT", "Số thứ tự"),
    "task": ("Nội dung thực hiện", "Nội dung nhiệm vụ", "Nhiệm vụ", "Nội dung", "Tên nhiệm vụ"),
    "activity": ("Hoạt động", "Các hoạt động"),
    "status": ("Tiến độ", "Kết quả thực hiện", "Tình hình thực hiện", "Mức độ hoàn thành"),
    "products": ("Sản phẩm", "Kết quả đầu ra"),
    "explanation": ("Giải trình", "Lý do"),
    "note": ("Ghi chú",),
}
_FOLDED_TITLES = {field: tuple(fold(t) for t in titles) for field, titles in HEADER_TITLES.items()}

#: Columns a table must have to be read as an appendix.
REQUIRED = ("task", "activity", "status")

#: Paragraph styles the writer gives its own paragraphs, so that the reader
#: finds them exactly in documents this library wrote (style ids: no spaces).
STYLE_TITLE = "CCHC Title"
STYLE_REPORT = "CCHC Report Line"
STYLE_LABEL = "CCHC Activity Label"
STYLE_SUMMARY = "CCHC Summary"
STYLE_HEADER = "CCHC Column Title"
FONT = "Times New Roman"

#: The namespace of the custom XML part that carries the plan as the library's JSON.
EMBED_NS = "urn:cchc-model:plan"


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


def style_id(name: str) -> str:
    """The style id Word and python-docx derive from a style name."""
    return name.replace(" ", "")


def header_field(text: str) -> str | None:
    """The field a header cell's text names, or ``None``.

    >>> header_field("Tiến độ\\n(hoàn thành/đang triển khai)")
    'status'
    >>> header_field("STT"), header_field("Họ và tên")
    ('number', None)
    """
    key = fold(text)
    for field, titles in _FOLDED_TITLES.items():
        for title in titles:
            if field == "number":
                if key.rstrip(".") == title:
                    return field
            elif key == title or (key.startswith(title) and not key[len(title)].isalnum()):
                return field
    return None


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


# --------------------------------------------------------------------------- #
# Reading a summary block into PublishedFigures
# --------------------------------------------------------------------------- #

_N = r"(\d{1,4})"


def _pattern(vietnamese: str) -> re.Pattern[str]:
    # Patterns are written in Vietnamese and folded like the text they run on.
    return re.compile(fold(vietnamese).replace("{n}", _N))


# Each pattern runs on the folded text of the whole block (line breaks are spaces, so
# statements wrapped over two lines still match). A percent belongs to the
# statement it follows: no "/" (the next statement's "30/38") or "%" in between.
_SUMMARY_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_pattern("tổng số {n} nhiệm vụ"), ("tasks_total",)),
    (_pattern("tổng số (?:{n} nhiệm vụ,? (?:và )?)?{n} hoạt động"), ("", "activities_total")),
    (
        _pattern("hoàn thành {n} ?/ ?{n} nhiệm vụ(?:[^/%]*?{n} ?%)?"),
        ("tasks_completed", "tasks_total", "tasks_percent"),
    ),
    (
        _pattern("hoàn thành {n} ?/ ?{n} hoạt động(?:[^/%]*?{n} ?%)?"),
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
    """
    found: dict[str, int] = {}
    key = fold(text)
    for pattern, fields in _SUMMARY_PATTERNS:
        m = pattern.search(key)
        if m is None:
            continue
        for field, value in zip(fields, m.groups(), strict=True):
            if field and value is not None and field not in found:
                found[field] = int(value)
    if not found:
        return None
    return PublishedFigures(text=text, **found)
