"""The table ``cchc rollup`` writes: one row per plan file and a total row.

The columns are data for other tools (a spreadsheet, a script): plain English
names, the figures as numbers. The formats follow the output file's extension:
``.csv`` (UTF-8 with a byte-order mark, so that Excel shows Vietnamese text),
``.xlsx`` (needs openpyxl, the extra ``xlsx``), ``.html``, ``.md`` and
``.json`` (which also carries the section groups and the failures).

>>> from cchc_model import rollup
>>> from cchc_model.examples import thanh_xa_2023
>>> rows = table_rows(rollup({"xa-a.json": thanh_xa_2023(), "xa-b.docx": thanh_xa_2023()}))
>>> [(r["file"], r["activities_completed"], r["activities_percent"]) for r in rows]
[('xa-a.json', 30, 79), ('xa-b.docx', 30, 79), ('', 60, 79)]
>>> rows[-1]["title"]
'Tổng cộng'
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Mapping, Sequence
from typing import Any

from cchc_model._text import squash
from cchc_model.display._render import markdown_cell
from cchc_model.errors import UnknownFormat
from cchc_model.figures._progress import headline_figures
from cchc_model.figures._rollup import TABLE_COLUMNS, Rollup
from cchc_model.formats._common import neutralise

__all__ = ["COLUMNS", "OUTPUT_EXTENSIONS", "render", "table_rows", "terminal_table"]

#: The columns of every row, in order.
COLUMNS = TABLE_COLUMNS

#: Short headings of the terminal table (same order as COLUMNS).
_SHORT = (
    "file",
    "title",
    "issuer",
    "tasks",
    "done",
    "%",
    "activ.",
    "done",
    "in prog.",
    "not due",
    "late",
    "%",
)

# The narrowest a text column of the terminal table gets (file, title, issuer)
# before the table drops a column to make room.
_MIN_TEXT_WIDTH = {0: 24, 1: 20, 2: 12}

OUTPUT_EXTENSIONS = (".csv", ".xlsx", ".html", ".md", ".json")

TOTAL_TITLE = "Tổng cộng"


def table_rows(result: Rollup, *, verbatim: bool = False) -> list[dict[str, Any]]:
    """One row per plan of ``result`` (its name: the file), then the total.

    Titles and issuers are squashed onto one line unless ``verbatim``.
    """
    text = (lambda s: s) if verbatim else squash
    rows: list[dict[str, Any]] = []
    for p in result.plans:
        row: dict[str, Any] = {"file": p.name, "title": text(p.title), "issuer": text(p.issuer)}
        row.update(headline_figures(p.tasks, p.activities))
        rows.append(row)
    total: dict[str, Any] = {"file": "", "title": TOTAL_TITLE, "issuer": ""}
    total.update(headline_figures(result.tasks, result.activities))
    rows.append(total)
    return rows


# --------------------------------------------------------------------------- #
# Files
# --------------------------------------------------------------------------- #


def _csv(rows: Sequence[Mapping[str, Any]]) -> bytes:
    # A text that a spreadsheet would run as a formula ("=…", "+…", "-…") gets a
    # "'" in front, as in the library's own CSV formats (OWASP: CSV injection).
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(
        {c: neutralise(v) if isinstance(v, str) else v for c, v in row.items()} for row in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def _xlsx(rows: Sequence[Mapping[str, Any]]) -> bytes:
    try:
        from openpyxl import Workbook
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
        from openpyxl.styles import Font
    except ImportError:
        raise UnknownFormat(
            "writing .xlsx needs openpyxl: pip install 'cchc-model[xlsx]' "
            "(or write .csv, which Excel opens too)"
        ) from None
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has one sheet
    sheet.title = "rollup"
    sheet.append(list(COLUMNS))
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(COLUMNS, start=1):
            value = row[column]
            if isinstance(value, str):  # a workbook holds no control characters: shown as �
                value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula ("=== PHỤ LỤC ===")
    bold = Font(bold=True)
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = bold
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _html(rows: Sequence[Mapping[str, Any]]) -> bytes:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in COLUMNS)
    body = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(str(row[c]))}</td>" for c in COLUMNS) + "</tr>"
        for row in rows
    )
    page = (
        '<!DOCTYPE html>\n<html lang="vi">\n<head><meta charset="utf-8">'
        "<title>Tổng hợp tiến độ CCHC</title></head>\n<body>\n<table>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _markdown(rows: Sequence[Mapping[str, Any]]) -> bytes:
    def cell(value: Any) -> str:
        return markdown_cell(str(value))  # as the plan's Markdown escapes it

    lines = ["| " + " | ".join(COLUMNS) + " |"]
    lines.append("|" + "|".join("---" if i < 3 else "---:" for i in range(len(COLUMNS))) + "|")
    lines += ["| " + " | ".join(cell(row[c]) for c in COLUMNS) + " |" for row in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _json(result: Rollup, rows: Sequence[Mapping[str, Any]], failures: Sequence[Any]) -> bytes:
    document = {
        "task_rule": result.rule,
        "by": result.by,
        "plans": list(rows[:-1]),
        "total": rows[-1],
        "sections": [
            {
                "numeral": s.numeral,
                "title": s.title,
                "titles": list(s.titles),
                "plans": s.plans,
                **headline_figures(s.tasks, s.activities),
            }
            for s in result.sections
        ],
        "failures": [{"path": f.path, "reason": f.reason} for f in failures],
    }
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def render(extension: str, result: Rollup, failures: Sequence[Any] = ()) -> bytes:
    """The bytes of the roll-up table in the format of ``extension`` (``".csv"``, ...)."""
    extension = extension.lower()
    if extension == ".json":
        return _json(result, table_rows(result, verbatim=True), failures)
    rows = table_rows(result)
    if extension == ".csv":
        return _csv(rows)
    if extension == ".xlsx":
        return _xlsx(rows)
    if extension in (".html", ".htm"):
        return _html(rows)
    if extension in (".md", ".markdown"):
        return _markdown(rows)
    raise UnknownFormat(
        f"cannot tell the table format from the extension {extension or '(none)'!r} "
        f"(one of {', '.join(OUTPUT_EXTENSIONS)})"
    )


# --------------------------------------------------------------------------- #
# The terminal
# --------------------------------------------------------------------------- #


def _shorten(text: str, width: int, *, keep_end: bool = False) -> str:
    if len(text) <= width:
        return text
    if keep_end:  # a file's name is at the end of its path
        return "…" + text[len(text) - max(0, width - 1) :]
    return text[: max(0, width - 1)] + "…"


def terminal_table(rows: Sequence[Mapping[str, Any]], width: int | None = None) -> str:
    """The rows as a plain table; with ``width``, text columns shortened to fit it.

    >>> rows = [{"file": "a/very/long/path/to/xa-thanh-xa.docx", "title": "Phụ lục 1",
    ...          "issuer": "UBND xã Thanh Xá", **dict.fromkeys(COLUMNS[3:], 0)}]
    >>> max(len(line) for line in terminal_table(rows, width=100).splitlines()) <= 100
    True
    """
    cells = [[row[c] for c in COLUMNS] for row in rows]

    def draw(columns: Sequence[int], limits: Mapping[int, int]) -> str:
        shown = [
            [
                _shorten(str(r[i]), limits[i], keep_end=i == 0) if i in limits else r[i]
                for i in columns
            ]
            for r in cells
        ]
        return _simple([_SHORT[i] for i in columns], shown)

    columns = list(range(len(COLUMNS)))
    table = draw(columns, {})
    if width is None or _widest(table) <= width:
        return table
    # Shorten the text columns, longest first, until the table fits; drop the
    # title, then the issuer, when the file name would get too little room.
    for drop in ((), (1,), (1, 2)):
        kept = [i for i in columns if i not in drop]
        if 1 not in kept:  # no title column: label the total row in the first
            for r in cells:
                if r[1] == TOTAL_TITLE and not r[0]:
                    r[0] = TOTAL_TITLE
        limits = {i: max(len(_SHORT[i]), *(len(str(r[i])) for r in cells)) for i in kept if i < 3}
        floor = {i: _MIN_TEXT_WIDTH[i] for i in limits}
        if drop == (1, 2):  # the file name alone: let it shrink further
            floor[0] = len(TOTAL_TITLE)
        table = draw(kept, limits)
        while _widest(table) > width and any(limits[i] > floor[i] for i in limits):
            longest = max(limits, key=lambda i: limits[i] - floor[i])
            limits[longest] = max(floor[longest], limits[longest] - (_widest(table) - width))
            table = draw(kept, limits)
        if _widest(table) <= width:
            break
    return table


def _simple(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Columns two spaces apart, numbers to the right, a dashed line under the headers."""
    widths = [max(len(str(v)) for v in column) for column in zip(headers, *rows, strict=True)]
    numeric = [all(isinstance(r[i], int) for r in rows) for i in range(len(headers))]

    def line(values: Sequence[Any]) -> str:
        cells = (
            str(v).rjust(w) if right else str(v).ljust(w)
            for v, w, right in zip(values, widths, numeric, strict=True)
        )
        return "  ".join(cells).rstrip()

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def _widest(table: str) -> int:
    return max(len(line) for line in table.splitlines())
