"""Reading an appendix table from a PDF document (pdfplumber, imported lazily).

The reader works on the table as drawn:

1. every page's ruled tables are found from their ruling lines, and every
   character is put in the cell it falls in (:mod:`cchc_model.formats._pdf.table`);
2. the appendix is the first table with the appendix's header row (the titles
   of :data:`cchc_model.formats._layout.HEADER_TITLES`, matched folded); the tables
   at the top of the following pages with the same columns continue it: their
   repeated header rows are dropped, a row split by the page break is joined to
   its first part, and a task cell left blank at the bottom of a page takes its
   text from its continuation;
3. the rows become cells as the Word reader sees them (a cell spanning rows is a
   vertical merge) and are read by the Word reader's row reader, so that section
   rows, task spans, labels and the text of every cell are read the same way;
   the lines above the table give the title and the report, those under it the
   published figures.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cchc_model._text import fold
from cchc_model.errors import CCHCError, FormatError, UnknownStatus
from cchc_model.formats import _layout as layout
from cchc_model.formats._common import require_extra
from cchc_model.formats._pdf.table import (
    Box,
    Line,
    Piece,
    lines_of,
    merge_box,
    outside,
    pieces_of,
    same_columns,
)
from cchc_model.formats._sniff import mismatch
from cchc_model.formats._summary_lines import parse_summary
from cchc_model.formats._word import grid as G
from cchc_model.formats._word import layout as L
from cchc_model.formats._word import opening as O
from cchc_model.formats._word import reader as W
from cchc_model.formats._word import rows as R
from cchc_model.model import Plan

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules

Source = O.Source

#: The most pages read: a longer document is refused before its pages are parsed.
MAX_PAGES = 500
#: The most characters on one page (an A4 page of small print holds about 6,000).
MAX_PAGE_CHARS = 100_000
#: The most ruling lines and rectangles on one page (finding a table's cells is
#: quadratic in them; a ruled page of a large table draws a few hundred).
MAX_PAGE_RULES = 20_000
#: How many lines under the table are searched for the summary block.
_SUMMARY_LINES = 40

_AUTHOR = "cchc-model"  # documents written by write_docx, converted to PDF


def _open(data: bytes, name: str | None) -> Any:
    require_extra("pdfplumber", "pdf", "reading a .pdf document", where=name)
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    if b"%PDF-" not in data[:1024]:
        what = mismatch(data, "pdf") or (
            "an empty file" if not data else f"it starts with {data[:8]!r}"
        )
        raise FormatError(f"not a PDF document: {what}", where=name)
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        count = len(pdf.pages)
    except Exception as exc:  # pdfminer raises many kinds on damaged input
        cause = _cause(exc)
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise FormatError(
                "the PDF is encrypted and needs a password to open: save an unprotected "
                "copy (or print it to PDF) and read that",
                where=name,
            ) from exc
        raise FormatError(
            f"damaged PDF document: {type(cause).__name__}: {cause}", where=name
        ) from exc
    if count > MAX_PAGES:
        pdf.close()
        raise FormatError(
            f"the PDF has {count} pages, more than the {MAX_PAGES} this reader takes", where=name
        )
    return pdf


def _cause(exc: BaseException) -> BaseException:
    """The pdfminer exception pdfplumber wrapped, else ``exc``."""
    inner = exc.args[0] if exc.args else None
    return inner if isinstance(inner, BaseException) else exc


def read(source: Source, *, status_rules: StatusRules | None = None) -> Plan:
    """Read the appendix table of a PDF document into a plan."""
    data, name = O.read_bytes(source)
    pdf = _open(data, name)
    try:
        pages = _pages(pdf, name)
        ours = (pdf.metadata or {}).get("Author") == _AUTHOR
        title_fallback = str((pdf.metadata or {}).get("Title") or "")
    except CCHCError:
        raise
    except Exception as exc:  # pdfminer on a damaged page
        cause = _cause(exc)
        raise FormatError(
            f"damaged PDF document: {type(cause).__name__}: {cause}", where=name
        ) from exc
    finally:
        pdf.close()
    return _read(pages, ours=ours, title_fallback=title_fallback, name=name, rules=status_rules)


def _pages(pdf: Any, name: str | None) -> list[tuple[list[Piece], list[Line]]]:
    """Each page's tables and the lines of text outside them."""
    pages = []
    images = 0
    for number, page in enumerate(pdf.pages, 1):
        chars = page.chars
        if len(chars) > MAX_PAGE_CHARS:
            raise FormatError(
                f"page {number} has {len(chars)} characters, more than the "
                f"{MAX_PAGE_CHARS} this reader takes",
                where=name,
            )
        rules = len(page.lines) + len(page.rects)
        if rules > MAX_PAGE_RULES:
            raise FormatError(
                f"page {number} draws {rules} lines and rectangles, more than the "
                f"{MAX_PAGE_RULES} this reader takes (a drawing, not a table?)",
                where=name,
            )
        images += len(page.images)
        pieces = pieces_of(page, number, chars) if chars else []
        pages.append((pieces, lines_of(outside(chars, pieces))))
        page.close()
    if not any(pieces or lines for pieces, lines in pages):
        if images:
            raise FormatError(
                "the PDF has no text layer, only images (a scan?): run OCR on it first "
                "(for example ocrmypdf) and read the result",
                where=name,
            )
        raise FormatError("the PDF has no text", where=name)
    return pages


# --------------------------------------------------------------------------- #
# The table across pages
# --------------------------------------------------------------------------- #


def _cells(grid: Sequence[Sequence[Box]], r: int, label_column: int | None = None) -> list[G._Cell]:
    """Row ``r`` of a grid as the Word reader's cells; in the cell over ``label_column``,
    the leading bold lines carry the label style (documents this library wrote)."""
    row = grid[r]
    cells = []
    c = 0
    while c < len(row):
        box = row[c]
        span = 1
        while c + span < len(row) and row[c + span] is box:
            span += 1
        vmerge: str | None = None
        paragraphs: tuple[tuple[str, str | None], ...] = ()
        if r > 0 and grid[r - 1][c] is box:
            vmerge = "continue"
        else:
            if r + 1 < len(grid) and grid[r + 1][c] is box:
                vmerge = "restart"
            over = label_column is not None and c <= label_column < c + span
            style = L.style_id(L.STYLE_LABEL) if over else None
            labels = True
            items = []
            for line in box.lines:
                labels = labels and line.bold
                items.append((line.text, style if labels else None))
            paragraphs = tuple(items)
        cells.append(G._Cell(c, span, vmerge, paragraphs))
        c += span
    return cells


def _wrapped_label(cell: G._Cell) -> G._Cell:
    """``cell`` with the lines its label was wrapped over joined into one.

    The Word reader finds a label ("2.1. Hoạt động 1:") at the start of a cell's
    first paragraph; a narrow PDF column may have wrapped it ("2.1. Hoạt" /
    "động 1: Xây dựng ...").
    """
    texts = [t for t, _ in cell.paragraphs]
    head = "\n".join(texts[:4])
    m = layout.LABEL.match(fold(head))
    if m is None:
        return cell
    label = m.group(1).rstrip()
    # fold() squashes whitespace to one space: count the lines the label covers.
    n, covered = 0, len(fold(texts[0]))
    while covered < len(label) and n + 1 < len(texts):
        n += 1
        covered += 1 + len(fold(texts[n]))
    if n == 0:
        return cell
    joined = " ".join(texts[: n + 1])
    rest = tuple((t, None) for t in texts[n + 1 :])
    return G._Cell(cell.start, cell.span, cell.vmerge, ((joined, None), *rest))


def _find(pieces: Sequence[Piece]) -> tuple[int, int, dict[str, int]]:
    """Index of the piece with the appendix header, the header's last row, the columns."""
    best: tuple[int, Piece, dict[str, int]] | None = None
    for i, piece in enumerate(pieces):
        for r in range(min(6, len(piece.grid))):
            columns = G._header(_cells(piece.grid, r))
            if all(f in columns for f in layout.REQUIRED):
                last, titled = r, set[int]()
                for below_r in range(r + 1, min(r + 3, len(piece.grid))):
                    below = G._sub_header(_cells(piece.grid, below_r))
                    if below is None:
                        break
                    where = f"page {piece.page}, table row {below_r + 1}"
                    G.refuse_ambiguous_titles(_cells(piece.grid, below_r), where)
                    columns = layout.refine(columns, below)
                    titled.update(below.values())
                    last = below_r
                where = f"page {piece.page}, table row {r + 1}"
                G.refuse_ambiguous_titles(_cells(piece.grid, r), where, titled)
                layout.missing_after_refining(columns, where)
                return i, last, columns
            if len(columns) >= 2 and (best is None or len(columns) > best[0]):
                best = (len(columns), piece, columns)
    titles = dict(layout.COLUMNS)
    if best is not None:
        _, piece, columns = best
        missing = [titles[f] for f in layout.REQUIRED if f not in columns]
        raise FormatError(
            f"the table on page {piece.page} looks like an appendix header "
            f"({', '.join(titles[f] for f in columns)}) but has no column "
            f"{', '.join(repr(m) for m in missing)}"
        )
    raise FormatError(
        "no appendix table found: no ruled table has a header row with the columns "
        f"{', '.join(repr(titles[f]) for f in layout.REQUIRED)}"
        f"; {_describe(pieces)}"
    )


def _unruled(pages: Sequence[tuple[list[Piece], list[Line]]]) -> str:
    """Where the column titles stand as text outside any ruled table, said for an error."""
    # The first two words of each title: a narrow column wraps the rest.
    titles = [" ".join(fold(dict(layout.COLUMNS)[f]).split()[:2]) for f in layout.REQUIRED]
    for number, (_, lines) in enumerate(pages, 1):
        texts = [fold(line.text) for line in lines]
        for i in range(len(texts)):
            # A header row may wrap its titles over a few lines.
            window = " ".join(texts[i : i + 3])
            if all(t in window for t in titles):
                return (
                    f"; page {number} has the column titles as text outside any ruled table "
                    "(a table printed without ruling lines?): only tables drawn with ruling "
                    "lines are read"
                )
    return ""


def _describe(pieces: Sequence[Piece]) -> str:
    if not pieces:
        return "the PDF has no table drawn with ruling lines"
    shown = ", ".join(f"page {p.page} ({len(p.grid)} rows)" for p in pieces[:5])
    return f"the PDF has {len(pieces)} ruled table(s): {shown}"


def _is_header(cells: Sequence[G._Cell]) -> bool:
    texts = [c.text for c in cells if c.text]
    return (
        not texts
        or all(f in G._header(cells) for f in layout.REQUIRED)
        or G._sub_header(cells) is not None
        or R._is_numbering_row(cells)
    )


def _continues(cells: Sequence[G._Cell], cols: dict[str, int]) -> bool:
    """Whether the first row under a page break is the rest of the row above it: its
    TT cell is blank (or there is no TT column), and it is neither a total row
    ("Tổng số ...") nor a row whose Hoạt động cell starts with a label."""
    texts = [c.text for c in cells if c.text]
    if not texts or layout.is_total_row(texts[0]):
        return False
    activity = G._cell_at(cells, cols["activity"])
    first = activity.text.partition("\n")[0] if activity is not None else ""
    if layout.LABEL.fullmatch(fold(first)) is not None:
        return False
    number = G._cell_at(cells, cols.get("number"))
    return number is None or not number.text


def _page_number(text: str) -> bool:
    """Whether a line is a page number ("6", "Trang 6", "6/15", "- 6 -")."""
    return _PAGE_NUMBER.fullmatch(fold(text)) is not None


_PAGE_NUMBER = re.compile(r"[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*")


def _join(
    pieces: Sequence[Piece],
    start: int,
    cols: dict[str, int],
    lines: Sequence[Sequence[Line]] = (),
) -> tuple[list[list[Box]], list[int], int]:
    """The grid of the whole table, the page of each row, and the last piece's index."""
    first = pieces[start]
    grid = [list(row) for row in first.grid]
    rows_page = [first.page] * len(grid)
    end = start
    task = cols["task"]
    for j in range(start + 1, len(pieces)):
        previous, piece = pieces[j - 1], pieces[j]
        if piece.page != previous.page + 1 or not same_columns(first, piece):
            break
        after = lines[previous.page - 1] if previous.page <= len(lines) else ()
        if any(line.top >= previous.bottom and not _page_number(line.text) for line in after):
            break  # text follows the table on its page: the table ended there
        if any(p.page == piece.page and p.top < piece.top for p in pieces[start:j]):
            break
        rows = [list(row) for row in piece.grid]
        while rows and _is_header(_cells(rows, 0)):
            rows.pop(0)
        if rows:
            last = grid[-1]
            if _continues(_cells(rows, 0), cols):
                for c, box in enumerate(rows[0]):
                    merge_box(rows, box, last[c])
                rows.pop(0)
            elif not last[task].text and grid_span(grid, last[task]) > 1 and rows[0][task].text:
                # A task cell merged down to the page break, with its text on this page.
                merge_box(rows, rows[0][task], last[task])
        grid.extend(rows)
        rows_page.extend([piece.page] * len(rows))
        end = j
    return grid, rows_page, end


def grid_span(grid: Sequence[Sequence[Box]], box: Box) -> int:
    """How many rows of ``grid`` ``box`` covers."""
    return sum(1 for row in grid if any(b is box for b in row))


# --------------------------------------------------------------------------- #
# The plan
# --------------------------------------------------------------------------- #


def _with_page(exc: CCHCError, rows_page: Sequence[int]) -> CCHCError:
    """``exc`` with ``where="row N"`` said as the page and row of the PDF's table."""
    where = exc.where or ""
    if where.startswith("row ") and where[4:].isdigit():
        n = int(where[4:])
        if 1 <= n <= len(rows_page):
            where = f"page {rows_page[n - 1]}, table row {n}"
    return type(exc)(exc.reason, text=exc.text, span=exc.span, where=where)


def _heading(lines: Sequence[str]) -> tuple[str, str | None]:
    """Title and report line; a report line wrapped over several lines is joined."""
    joined: list[str] = []
    open_report = False
    for text in lines:
        if open_report:
            joined[-1] += " " + text
        else:
            joined.append(text)
        if open_report or (text.lstrip().startswith("(") and layout.is_report_line(text)):
            open_report = not joined[-1].rstrip().endswith(")")
    return layout.heading(joined)


def _read(
    pages: Sequence[tuple[list[Piece], list[Line]]],
    *,
    ours: bool,
    title_fallback: str,
    name: str | None,
    rules: StatusRules | None,
) -> Plan:
    pieces = [p for page_pieces, _ in pages for p in page_pieces]
    try:
        start, header_row, cols = _find(pieces)
    except FormatError as exc:
        raise FormatError(exc.reason + _unruled(pages), where=name) from exc
    grid, rows_page, end = _join(pieces, start, cols, [lines for _, lines in pages])
    label_column = cols["activity"] if ours else None
    rows = [_cells(grid, r, label_column) for r in range(len(grid))]
    if not ours:
        rows = [[_wrapped_label(c) if c.covers(cols["activity"]) else c for c in r] for r in rows]
    try:
        raw, summary_row = R.read_cell_rows(rows, header_row, cols, ours=ours)
        sections = W.build_sections(raw, rules)
    except (FormatError, UnknownStatus) as exc:
        raise _with_page(exc, rows_page) from exc

    first, last = pieces[start], pieces[end]
    before = _lines_before(pages, pieces, first)
    title, report_line = _heading([line.text for line in before])
    after = _lines_after(pages, last)
    summary = layout.summary_block([t for t in after if not _page_number(t)])
    if summary is None or parse_summary(summary) is None:
        summary = summary_row
    title = title.strip() or " ".join(title_fallback.split())
    if not title:
        raise FormatError(
            "no title: the PDF has no heading line above the appendix table "
            "and no title in its properties",
            where=name,
        )
    meta = layout.plan_meta(title, report_line)
    published = parse_summary(summary) if summary else None
    return W.make_plan(title=title, sections=sections, published=published, **meta)


def _lines_before(
    pages: Sequence[tuple[list[Piece], list[Line]]], pieces: Sequence[Piece], table: Piece
) -> list[Line]:
    """The lines above the table on its page, after any table above it; on the page
    before when the table starts its page."""
    page_pieces, lines = pages[table.page - 1]
    above = [p.bottom for p in page_pieces if p.bottom <= table.top]
    floor = max(above, default=float("-inf"))
    found = [line for line in lines if floor <= line.top and line.bottom <= table.top]
    if not found and table.page > 1 and not above:
        previous_pieces, previous_lines = pages[table.page - 2]
        floor = max((p.bottom for p in previous_pieces), default=float("-inf"))
        found = [line for line in previous_lines if line.top >= floor]
    return found


def _lines_after(pages: Sequence[tuple[list[Piece], list[Line]]], table: Piece) -> list[str]:
    """The lines under the table, up to the next table, on its page and the next ones."""
    out: list[str] = []
    for number in range(table.page, len(pages) + 1):
        page_pieces, lines = pages[number - 1]
        floor = table.bottom if number == table.page else float("-inf")
        ceiling = min((p.top for p in page_pieces if p.top >= floor), default=float("inf"))
        out.extend(line.text for line in lines if floor <= line.top and line.bottom <= ceiling)
        if ceiling != float("inf") or len(out) >= _SUMMARY_LINES:
            break
    return out[:_SUMMARY_LINES]
