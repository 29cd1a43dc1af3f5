"""The ``sheet`` format: the appendix laid out as in Word, as CSV or TSV text.

The rows, as a clerk types them in a spreadsheet::

    PHỤ LỤC 1 ... (the title, one or more rows)
    (Kèm theo Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã Thanh Xá)

    TT | Nội dung thực hiện | Hoạt động | Tiến độ | Sản phẩm/sản phẩm dự kiến | Giải trình | Ghi chú
    I  | Cải cách thể chế
    1  | Xây dựng ...       | 1. Hoạt động 1⏎Xây dựng ... | Hoàn thành | Kế hoạch số ... | |
    2  |                    | ...  (a blank task cell continues the task above)

    Tổng số 25 nhiệm vụ và 38 hoạt động ... (the summary lines)

See ``docs/formats.md`` for what is read and the errors. The ``xlsx`` format
(:mod:`cchc_model.formats._xlsx`) writes and reads the same layout as a workbook.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from cchc_model._text import nfc
from cchc_model.errors import FormatError
from cchc_model.formats._common import (
    MAX_CELL,
    as_text,
    check_cell,
    expect_plan,
    neutralise,
    unneutralise,
)
from cchc_model.formats._grid import Grid, layout_plan, read_grid
from cchc_model.model import Plan

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules

__all__ = ["SheetSerializer", "read_rows", "sniff_delimiter"]

_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(text: str) -> str:
    """The delimiter under which some early row has the most appendix column titles."""
    from cchc_model.formats import _layout as layout

    head = text[:65536]
    best, score = ",", -1
    for delimiter in _DELIMITERS:
        reader = csv.reader(io.StringIO(head, newline=""), delimiter=delimiter)
        found = 0
        try:
            for i, row in enumerate(reader):
                found = max(found, len(layout.header(row)))
                if i > 40:
                    break
        except csv.Error:
            continue
        if found > score:
            best, score = delimiter, found
    return best


def read_rows(text: str, delimiter: str | None = None) -> list[list[str]]:
    """The rows of CSV ``text``, cells in NFC with the formula guard removed."""
    delimiter = delimiter or sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows = []
    try:
        for row in reader:
            rows.append([nfc(unneutralise(cell)) for cell in row])
    except csv.Error as exc:
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a cell is longer than the limit of {MAX_CELL:,} characters"
        raise FormatError(f"malformed CSV: {message}", where=f"dòng {reader.line_num}") from None
    return rows


def write_rows(rows: list[list[str]], *, delimiter: str, bom: bool, keep_formulas: bool) -> str:
    """CSV text of ``rows``: CRLF line ends, formula-leading cells guarded unless kept."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for r, row in enumerate(rows):
        cells = [check_cell(c, f"dòng {r + 1}") for c in row]
        writer.writerow(cells if keep_formulas else [neutralise(c) for c in cells])
    return ("\ufeff" if bom else "") + buffer.getvalue()


class SheetSerializer:
    """The appendix layout as CSV (or TSV) text, for spreadsheets.

    ``dumps`` options: ``delimiter`` (``","``, ``";"`` or ``"\\t"``; default
    ``","``), ``bom`` (default ``True``: a UTF-8 byte-order mark, so that Excel
    reads Vietnamese text right), ``keep_formulas`` (default ``False``: a cell
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    ``'`` in front, so that Excel shows it as text instead of running it; the
    reader takes the ``'`` off again), ``status_rules`` (which kinds need the
    ``status_override`` column). ``loads`` options: ``status_rules``, ``title``
    (used when the sheet has no heading line).
    """

    extensions: tuple[str, ...] = (".csv", ".tsv")
    binary = False
    description = "the appendix table laid out as in Word, as CSV for spreadsheets"

    def dumps(
        self,
        plan: Plan,
        /,
        *,
        delimiter: str = ",",
        bom: bool = True,
        keep_formulas: bool = False,
        status_rules: StatusRules | None = None,
        template: bool = False,
    ) -> str:
        if delimiter not in _DELIMITERS:
            choices = ", ".join(repr(d) for d in _DELIMITERS)
            raise ValueError(f"delimiter must be one of {choices}, got {delimiter!r}")
        grid = layout_plan(expect_plan(plan, "sheet"), status_rules, template=template)
        return write_rows(grid.rows, delimiter=delimiter, bom=bom, keep_formulas=keep_formulas)

    def loads(
        self,
        data: str | bytes,
        /,
        *,
        status_rules: StatusRules | None = None,
        title: str | None = None,
    ) -> Plan:
        rows = read_rows(as_text(data, "csv"))
        return read_grid(Grid(rows=rows), status_rules=status_rules, title=title)
