"""The rows of an appendix table: sections, tasks and activities, all text verbatim.

:func:`read_rows` turns the grid of :mod:`cchc_model.formats._word.grid` into a *raw*
table (:class:`_RawSection` → :class:`_RawTask` → :class:`_RawActivity`),
following merged task cells; :mod:`cchc_model.formats._word.reader` builds the plan.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from cchc_model.errors import FormatError
from cchc_model.formats import _layout as layout
from cchc_model.formats._word import layout as L
from cchc_model.formats._word.grid import _Cell, _cell_at, _cells, _header, _sub_header, _Table
from cchc_model.model import Plan


@attrs.define
class _RawActivity:
    row: int
    number: int
    label: str
    text: str
    status: str
    products: str
    explanation: str
    note: str

    def key(self) -> tuple[object, ...]:
        return (
            self.number,
            self.label,
            self.text,
            self.status,
            self.products,
            self.explanation,
            self.note,
        )


@attrs.define
class _RawTask:
    row: int
    title: str
    activities: list[_RawActivity] = attrs.Factory(list)


@attrs.define
class _RawSection:
    row: int
    numeral: str
    title: str
    tasks: list[_RawTask] = attrs.Factory(list)
    pending: list[_RawActivity] = attrs.Factory(list)


def _table_key(sections: Sequence[_RawSection]) -> list[object]:
    return [
        (s.numeral, s.title, [(t.title, [a.key() for a in t.activities]) for t in s.tasks])
        for s in sections
    ]


def _plan_key(plan: Plan) -> list[object]:
    """What the written table of ``plan`` reads back as (cells are stripped)."""
    v = layout.visible
    return [
        (
            v(s.numeral),
            v(s.title),
            [
                (
                    v(t.title),
                    [
                        (
                            a.number,
                            v(a.label),
                            v(a.text),
                            v(layout.status_text(a.status)),
                            v(a.products),
                            v(a.explanation),
                            v(a.note),
                        )
                        for a in t.activities
                    ],
                )
                for t in s.tasks
            ],
        )
        for s in plan.sections
    ]


_roman = layout.roman
_NUMBER = layout.NUMBER


def _is_numbering_row(cells: Sequence[_Cell]) -> bool:
    return layout.is_numbering_row([c.text for c in cells])


def _split_label(cell: _Cell | None, ours: bool) -> tuple[str, str]:
    """The activity label and text of a Hoạt động cell."""
    if cell is None:
        return "", ""
    paragraphs = list(cell.paragraphs)
    if ours:
        label_id = L.style_id(L.STYLE_LABEL)
        n = 0
        while n < len(paragraphs) and paragraphs[n][1] == label_id:
            n += 1
        label = "\n".join(t for t, _ in paragraphs[:n]).strip()
        return label, "\n".join(t for t, _ in paragraphs[n:]).strip()
    return layout.split_label(cell.text)


def read_rows(table: _Table, *, ours: bool) -> tuple[list[_RawSection], str | None]:
    """The sections of the table, and the text of a summary row inside it, if any."""
    rows = [_cells(tr) for tr in table.element.tr_lst]
    return read_cell_rows(rows, table.header_row, table.columns, ours=ours)


def read_cell_rows(
    rows: Sequence[Sequence[_Cell]], header_row: int, cols: dict[str, int], *, ours: bool
) -> tuple[list[_RawSection], str | None]:
    """:func:`read_rows` on the table's rows of cells (also used by the PDF reader)."""
    sections: list[_RawSection] = []
    summary: str | None = None
    previous: int | None = None  # the TT above, in this section
    last = 0  # the last TT of the table, for rows without one
    current: _RawTask | None = None
    merged: dict[str, str] = {}  # an activity column's cell merged down: its text
    for r, cells in enumerate(rows):
        if r <= header_row:
            continue
        where = f"row {r + 1}"
        distinct = [c.text for c in cells if c.text]
        if not distinct or _is_numbering_row(cells):
            continue
        if all(f in _header(cells) for f in layout.REQUIRED) or _sub_header(cells) is not None:
            continue  # the header (either of its rows), repeated at a page break
        section = _section_row(cells, cols, where)
        if section is not None:
            _close(sections, where)
            sections.append(_RawSection(r + 1, *section))
            current = None
            previous = None  # TT may restart in each section
            merged.clear()
            continue
        cell = _cell_at(cells, cols.get("number"))
        number_text = cell.text if cell is not None else ""
        if not number_text and layout.is_total_row(distinct[0]):
            summary = "\n".join(distinct)
            continue
        act = _activity_row(cells, cols, r + 1, previous, ours=ours, last=last, merged=merged)
        if not sections:
            raise FormatError(
                f"activity {act.number} comes before any section row (I, II, ...)", where=where
            )
        previous = last = act.number
        task_cell = _cell_at(cells, cols["task"])
        current = _assign(sections[-1], current, task_cell, act, repeats=not ours)
    if sections:
        _close(sections, f"row {len(rows)}")
    return sections, summary


def _section_row(
    cells: Sequence[_Cell], cols: dict[str, int], where: str
) -> tuple[str, str] | None:
    """``(numeral, title)`` when the row is a section row: TT (or the first cell) is roman."""
    first = _cell_at(cells, cols["number"]) if "number" in cols else cells[0]
    section = _roman(first.text) if first is not None else None
    if section is None:
        return None
    numeral, title = section
    if not title:
        title = next((c.text for c in cells if c is not first and c.text), "")
    if not title:
        raise FormatError(f"section {numeral} has no title", where=where)
    return numeral, title


def _activity_row(
    cells: Sequence[_Cell],
    cols: dict[str, int],
    row: int,
    previous: int | None,
    *,
    ours: bool,
    last: int = 0,
    merged: dict[str, str] | None = None,
) -> _RawActivity:
    where = f"row {row}"
    merged = {} if merged is None else merged

    def text(field: str) -> str:
        cell = _cell_at(cells, cols.get(field))
        return cell.text if cell is not None else ""

    def own(field: str) -> str:
        # An activity's own column: a cell merged down several activities gives
        # its text to each of them.
        cell = _cell_at(cells, cols.get(field))
        if cell is None:
            return ""
        if cell.vmerge == "continue":
            return merged.get(field, "")
        merged[field] = cell.text
        return cell.text

    number_text = text("number")
    m = _NUMBER.fullmatch(number_text)
    if number_text and m is None:
        raise FormatError(
            f"cannot read TT {number_text!r}: expected an activity number (1, 1.) "
            "or a section numeral (I, II, ...)",
            text=number_text,
            where=where,
        )
    # No TT (no column, or a blank cell): the row follows the one above.
    number = int(m.group(1)) if m is not None else max(previous or 0, last) + 1
    if previous is not None and number <= previous:
        raise FormatError(
            f"TT {number} follows {previous}: TT must increase within a section"
            " (it may restart in each section); renumber the rows",
            text=number_text,
            where=where,
        )
    label, activity = _split_label(_cell_at(cells, cols["activity"]), ours)
    if not activity:
        raise FormatError(f"activity {number} has no Hoạt động text", where=where)
    return _RawActivity(
        row=row,
        number=number,
        label=label,
        text=activity,
        status=own("status"),
        products=own("products"),
        explanation=own("explanation"),
        note=own("note"),
    )


def _assign(
    section: _RawSection,
    current: _RawTask | None,
    cell: _Cell | None,
    act: _RawActivity,
    *,
    repeats: bool,
) -> _RawTask | None:
    """Put ``act`` in its task: merged, blank (and, with ``repeats``, repeated) task cells
    continue the task above; a cell that starts a vertical merge always starts a task."""
    title = cell.text if cell is not None else ""
    vmerge = cell.vmerge if cell is not None else None
    repeated = repeats and vmerge is None and current is not None and title == current.title
    if vmerge == "continue" or not title or repeated:
        if current is None:
            section.pending.append(act)  # attached to the next task that has a title
        else:
            current.activities.append(act)
        return current
    task = _RawTask(act.row, title, [*section.pending, act])
    section.pending.clear()
    section.tasks.append(task)
    return task


def _close(sections: list[_RawSection], where: str) -> None:
    if not sections:
        return
    section = sections[-1]
    if section.pending:
        rows = ", ".join(str(a.row) for a in section.pending)
        raise FormatError(
            f"activities of section {section.numeral} have no task (Nội dung thực hiện) "
            f"text: table rows {rows}",
            where=where,
        )
    if not section.tasks:
        raise FormatError(f"section {section.numeral} has no activity", where=f"row {section.row}")
