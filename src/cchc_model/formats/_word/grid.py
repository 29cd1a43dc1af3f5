"""The table grid of a .docx document: cells on the grid, paragraph text, the header.

Works on python-docx's XML elements (``CT_Tbl``, ``CT_Row``, ``CT_Tc``); every
walk here is linear in the size of the element it is given.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import attrs

from cchc_model._text import nfc
from cchc_model.errors import FormatError
from cchc_model.formats import _layout as layout


@attrs.frozen
class _Cell:
    """One ``w:tc``: where it sits on the grid, its vertical merge and its paragraphs."""

    start: int
    span: int
    vmerge: str | None  # None, "restart" or "continue"
    paragraphs: tuple[tuple[str, str | None], ...]  # (text, style id)

    @property
    def text(self) -> str:
        return "\n".join(text for text, _ in self.paragraphs).strip()

    def covers(self, column: int) -> bool:
        return self.start <= column < self.start + self.span


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
# Subtrees whose text is not the paragraph's own: deleted revisions, text boxes,
# drawings and the fallback copy of alternate content.
_SKIP = frozenset({f"{_W}del", f"{_W}txbxContent", f"{_W}drawing", f"{_W}pict", f"{_MC}Fallback"})


def paragraph_text(p: Any) -> str:
    """The text of a ``w:p``: runs, hyperlinks, fields' results and inserted revisions.

    python-docx's ``Paragraph.text`` leaves out text inside ``w:ins`` (tracked
    insertions) and content controls, which real documents have.
    """
    parts: list[str] = []

    def walk(element: Any) -> None:
        for child in element:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag == f"{_W}tab":
                parts.append("\t")
            elif tag == f"{_W}br":
                kind = child.get(f"{_W}type")
                parts.append("\n" if kind in (None, "textWrapping") else "")
            elif tag == f"{_W}cr":
                parts.append("\n")
            elif tag != f"{_W}pPr":
                walk(child)

    walk(p)
    return nfc("".join(parts))  # NFC at the boundary, as every reader


def _cell_paragraphs(tc: Any) -> Iterator[Any]:
    """The paragraphs of a cell, including those inside content controls (``w:sdt``)."""
    for child in tc:
        if child.tag == f"{_W}p":
            yield child
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                yield from _cell_paragraphs(content)


def _cells(tr: Any) -> list[_Cell]:
    cells = []
    column = tr.grid_before
    for tc in tr.tc_lst:
        paragraphs = tuple((paragraph_text(p), p.style) for p in _cell_paragraphs(tc))
        cells.append(_Cell(column, tc.grid_span, tc.vMerge, paragraphs))
        column += tc.grid_span
    return cells


def _cell_at(cells: Sequence[_Cell], column: int | None) -> _Cell | None:
    if column is None:
        return None
    return next((c for c in cells if c.covers(column)), None)


#: The longest text a header cell may hold ("Tiến độ (hoàn thành/đang triển khai)"
#: is 36 characters): longer cells are data, and are not folded.
_TITLE_MAX = 200


def _header(cells: Sequence[_Cell]) -> dict[str, int]:
    """Field name → grid column of the header cells recognised in a row."""
    found = layout.header([_title_text(cell) for cell in cells])
    return {field: cells[i].start for field, i in found.items()}


def _title_text(cell: _Cell) -> str:
    # A data cell is longer: not folded to be compared with column titles.
    return cell.text if len(cell.text) <= _TITLE_MAX else ""


@attrs.frozen
class _Table:
    element: Any
    index: int  # 1-based among the document's tables
    header_row: int  # 0-based
    columns: dict[str, int]


def _describe_tables(tables: Sequence[Any]) -> str:
    if not tables:
        return "the document has no table"
    parts = []
    for i, tbl in enumerate(tables[:5], 1):
        rows = tbl.tr_lst
        first = [" ".join(c.text.split()) for c in _cells(rows[0])] if rows else []
        shown = " | ".join(t[:30] for t in first if t) or "(empty)"
        parts.append(f"table {i} ({len(rows)} rows) starts with: {shown}")
    more = f"; and {len(tables) - 5} more" if len(tables) > 5 else ""
    return f"the document has {len(tables)} table(s): " + "; ".join(parts) + more


def _sub_header(cells: Sequence[_Cell]) -> dict[str, int] | None:
    """The columns a second header row names, or ``None`` when ``cells`` is not one.

    Official tables often put a group title over two columns ("Kết quả thực
    hiện" over Tiến độ and Sản phẩm) and merge the other titles down: the row
    under it holds only column titles (and empty or merged-down cells).
    """
    texts = [c.text for c in cells if c.text]
    if not texts or not all(layout.header_field(t) is not None for t in texts):
        return None
    return _header(cells)


def refuse_ambiguous_titles(
    cells: Sequence[_Cell], where: str, titled_below: Iterable[int] = ()
) -> None:
    """A :class:`FormatError` when two header cells name one column equally well (see
    :func:`cchc_model.formats._layout.ambiguous_titles`); ``titled_below``: the
    grid columns a second header row names, whose group title is left out."""
    below = set(titled_below)
    texts = [_title_text(c) for c in cells]
    skip = [i for i, c in enumerate(cells) if c.start in below]
    ambiguous = layout.ambiguous_titles(texts, skip)
    if ambiguous is not None:
        field, first, second = ambiguous
        shown = " and ".join(repr(" ".join(texts[i].split())) for i in (first, second))
        raise layout.ambiguous_error(field, shown, where)


def find_table(tables: Sequence[Any]) -> _Table:
    """The first table with an appendix header row among its first rows.

    Header rows under it that only name columns (a header on two rows) refine
    the columns and are part of the header.
    """
    best: tuple[int, _Table] | None = None
    for index, tbl in enumerate(tables, 1):
        for r, tr in enumerate(tbl.tr_lst[:6]):
            columns = _header(_cells(tr))
            if all(f in columns for f in layout.REQUIRED):
                last, titled = r, set[int]()
                for tr_below in tbl.tr_lst[r + 1 : r + 3]:
                    below = _sub_header(_cells(tr_below))
                    if below is None:
                        break
                    refuse_ambiguous_titles(_cells(tr_below), f"table {index}, row {last + 2}")
                    # The titles below a group title name its columns.
                    columns = layout.refine(columns, below)
                    titled.update(below.values())
                    last += 1
                refuse_ambiguous_titles(_cells(tr), f"table {index}, row {r + 1}", titled)
                layout.missing_after_refining(columns, f"table {index}, row {r + 1}")
                return _Table(tbl, index, last, columns)
            if len(columns) >= 2 and (best is None or len(columns) > best[0]):
                best = (len(columns), _Table(tbl, index, r, columns))
    titles = dict(layout.COLUMNS)
    if best is not None:
        table = best[1]
        missing = [titles[f] for f in layout.REQUIRED if f not in table.columns]
        seen = [titles[f] for f in table.columns]
        raise FormatError(
            f"table {table.index}, row {table.header_row + 1} looks like an appendix header "
            f"({', '.join(seen)}) but has no column {', '.join(repr(m) for m in missing)}; "
            f"{_describe_tables(tables)}"
        )
    raise FormatError(
        "no appendix table found: no table has a header row with the columns "
        f"{', '.join(repr(titles[f]) for f in layout.REQUIRED)}; {_describe_tables(tables)}"
    )
