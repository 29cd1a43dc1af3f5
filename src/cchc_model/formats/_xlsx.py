"""The ``xlsx`` format: the appendix layout as an Excel workbook (openpyxl, imported lazily).

Needs the optional extra ``xlsx`` (``pip install cchc-model[xlsx]``). Written
workbooks have the task cells merged down their activities, wrapped text, the
column widths of the Word appendix, the header row frozen and repeated on every
printed page, A4 landscape. Reading takes the layout of :mod:`._sheet`, merged
cells included, from the first worksheet that has the header row (or the one
named by ``sheet=``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from cchc_model._text import nfc
from cchc_model.errors import FormatError
from cchc_model.formats import _layout as layout
from cchc_model.formats._common import expect_plan
from cchc_model.formats._grid import HEADER_SEARCH, Grid, Layout, layout_plan, read_grid
from cchc_model.formats._sniff import mismatch
from cchc_model.formats._word.layout import WIDTHS_MM
from cchc_model.model import Plan

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from cchc_model.formats._zipguard import ZipLimits
    from cchc_model.model.status import StatusRules

__all__ = ["XlsxSerializer"]

SHEET_NAME = "Phụ lục"


def _openpyxl() -> Any:
    try:
        import openpyxl
    except ImportError as exc:  # pragma: no cover - the dev extra installs it
        raise FormatError(
            "reading and writing .xlsx needs openpyxl: pip install 'cchc-model[xlsx]'",
            where="xlsx",
        ) from exc
    return openpyxl


# --------------------------------------------------------------------------- #
# Writing
# --------------------------------------------------------------------------- #


def build(grid: Layout) -> bytes:
    """The .xlsx bytes of a laid-out plan."""
    openpyxl = _openpyxl()
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils.exceptions import IllegalCharacterError

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = SHEET_NAME
    width = max(len(r) for r in grid.rows)
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    centre = Alignment(wrap_text=True, vertical="center", horizontal="center")
    for r, (cells, kind) in enumerate(zip(grid.rows, grid.kinds, strict=True), start=1):
        for c, text in enumerate(cells, start=1):
            cell = ws.cell(row=r, column=c)
            if text:
                try:
                    if kind == "activity" and c == 1 and text.isdigit():
                        cell.value = int(text)
                    else:
                        cell.value = text
                        cell.data_type = "s"  # text, never a formula
                except IllegalCharacterError as exc:
                    raise FormatError(
                        f"the plan has text a workbook cannot hold (control characters): {exc}",
                        where=f"{SHEET_NAME}!{cell.coordinate}",
                    ) from exc
            if kind in ("header", "section", "activity"):
                cell.border = box
            cell.alignment = centre if kind == "header" else wrap
            if kind in ("title", "header", "section"):
                cell.font = Font(bold=True)
            if kind == "report":
                cell.font = Font(italic=True)
        if kind in ("title", "report", "summary"):
            ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)
            ws.row_dimensions[r].height = 15 * (1 + cells[0].count("\n"))
        elif kind == "section":
            ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
    for first, last in grid.task_spans:
        if last > first:
            ws.merge_cells(start_row=first + 1, start_column=2, end_row=last + 1, end_column=2)
    from openpyxl.utils import get_column_letter

    for c in range(1, width + 1):
        mm = WIDTHS_MM[c - 1] if c <= len(WIDTHS_MM) else 20
        ws.column_dimensions[get_column_letter(c)].width = round(mm * 0.55, 1)
    _page_setup(ws, grid.header_row + 1)
    wb.properties.creator = "cchc-model"
    wb.properties.created = _EPOCH
    buffer = io.BytesIO()
    wb.save(buffer)
    return _reproducible(buffer.getvalue())


def _page_setup(ws: Any, header: int) -> None:
    """Header row frozen and repeated on every printed page; A4 landscape, one page wide."""
    ws.freeze_panes = ws.cell(row=header + 1, column=1)
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


#: The date stamped on written workbooks: the same plan always gives the same bytes.
_EPOCH = dt.datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(data: bytes) -> bytes:
    """``data`` with the time of writing taken out (file times and the modified date)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            content = src.read(member)
            if member.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            info = zipfile.ZipInfo(member.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, content)
    return out.getvalue()


# --------------------------------------------------------------------------- #
# Reading
# --------------------------------------------------------------------------- #


def check_zip(data: bytes, limits: ZipLimits | None = None) -> None:
    """Refuse what is no workbook, or one whose parts would unpack to too much, before
    anything is unpacked (the checks every zip-based reader makes: see ``ZipLimits``)."""
    if not data.startswith(b"PK\x03\x04"):
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            what: str | None = "an old binary Excel .xls (save it as .xlsx)"
        else:
            what = mismatch(data, "xlsx") or ("not a zip package" if data else "an empty file")
        raise FormatError(f"not an Excel .xlsx workbook: {what}")
    from cchc_model.formats._zipguard import check_zip as check_package

    check_package(data, limits, where="xlsx", kind=".xlsx workbook")
    what = mismatch(data, "xlsx")  # a Word document or a presentation named .xlsx
    if what is not None:
        raise FormatError(f"not an Excel .xlsx workbook: {what}")


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y") if value.time() == dt.time() else str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return nfc(str(value))


def _grid(ws: Worksheet) -> Grid:
    rows = [[_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    merges = [
        (m.min_row - 1, m.min_col - 1, m.max_row - 1, m.max_col - 1) for m in ws.merged_cells.ranges
    ]
    return Grid(rows=rows, sheet=ws.title, merges=merges)


def _has_header(grid: Grid) -> bool:
    return any(
        all(f in layout.header(cells) for f in layout.REQUIRED)
        for cells in grid.rows[:HEADER_SEARCH]
    )


def read(
    data: bytes,
    *,
    sheet: str | None = None,
    status_rules: StatusRules | None = None,
    title: str | None = None,
) -> Plan:
    """The plan in the .xlsx bytes ``data``."""
    check_zip(data)
    openpyxl = _openpyxl()
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged package
        raise FormatError(
            f"damaged .xlsx workbook: {type(exc).__name__}: {exc}", where="xlsx"
        ) from exc
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise FormatError(
                f"no sheet {sheet!r}; the workbook has {', '.join(map(repr, wb.sheetnames))}",
                where="xlsx",
            )
        chosen = wb[sheet]
        if chosen in wb.chartsheets:
            raise FormatError(
                "this sheet is a chart, not a table: name the sheet that holds the appendix",
                where=sheet,
            )
        candidates = [chosen]
    else:
        candidates = list(wb.worksheets)
    grids = [(ws, _grid(ws)) for ws in candidates]
    found = [(ws, g) for ws, g in grids if _has_header(g)]
    if not found:
        charts = [s.title for s in wb.chartsheets]
        pivots = [ws.title for ws in candidates if getattr(ws, "_pivots", None)]
        if (
            sheet is None
            and (charts or pivots)
            and not any(any(map(any, g.rows)) for _, g in grids)
        ):
            kinds = "a chart" if charts else "a pivot table"
            raise FormatError(
                f"the workbook holds only {kinds} ({', '.join(charts + pivots)}): copy the "
                "appendix table as values into a plain sheet",
                where="xlsx",
            )
        ws, grid = grids[0] if grids else (None, Grid(rows=[], sheet="xlsx"))
        return read_grid(grid, status_rules=status_rules, title=title)  # raises: no header
    if len(found) > 1:
        names = ", ".join(repr(ws.title) for ws, _ in found)
        raise FormatError(
            f"the workbook holds {len(found)} appendix sheets ({names}): name the one to "
            f"read, read(path, sheet={found[-1][0].title!r}) (the command line: --sheet "
            f"{found[-1][0].title!r}), or keep one appendix per file",
            where="xlsx",
        )
    ws, grid = found[0]
    if getattr(ws, "_pivots", None):
        raise FormatError(
            "this sheet is a pivot table: copy the appendix table as values (Paste Special → "
            "Values) into a plain sheet and read that one",
            where=ws.title,
        )
    return read_grid(grid, status_rules=status_rules, title=title)


class XlsxSerializer:
    """The appendix layout as an Excel workbook (needs the extra ``xlsx``).

    ``dumps`` options: ``status_rules``, ``template`` (sections without
    activities). ``loads`` options: ``sheet`` (a sheet name; default: the first
    and only worksheet with the header row: a workbook with several is an error
    asking which), ``status_rules``, ``title`` (used when the
    sheet has no heading line).
    """

    extensions: tuple[str, ...] = (".xlsx",)
    binary = True
    description = "the appendix table as an Excel workbook (needs the extra 'xlsx')"

    def dumps(
        self,
        plan: Plan,
        /,
        *,
        status_rules: StatusRules | None = None,
        template: bool = False,
    ) -> bytes:
        return build(layout_plan(expect_plan(plan, "xlsx"), status_rules, template=template))

    def loads(
        self,
        data: bytes | str,
        /,
        *,
        sheet: str | None = None,
        status_rules: StatusRules | None = None,
        title: str | None = None,
    ) -> Plan:
        if isinstance(data, str):
            raise FormatError("an .xlsx workbook is binary: pass bytes, not str", where="xlsx")
        return read(data, sheet=sheet, status_rules=status_rules, title=title)
