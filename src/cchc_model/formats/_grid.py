"""The appendix as a grid of cells: what the CSV/TSV and .xlsx sheet formats share.

Writing lays a plan out as rows of text (:func:`layout_plan`); reading turns rows of
text, and the merged ranges of a workbook, back into a plan (:func:`read_grid`).
The layout itself (titles, section rows, label and text in one cell, heading and
summary lines) is :mod:`cchc_model.formats._layout`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from cchc_model._text import fold
from cchc_model.errors import CCHCError, FormatError
from cchc_model.formats import _layout as layout
from cchc_model.formats._common import OVERRIDE_COLUMN, override_for, status_from
from cchc_model.formats._summary_lines import parse_summary
from cchc_model.model import Activity, Plan, Section, Task

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules

#: The column letters of a sheet, for places such as "Sheet1!D7".
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: How far down a sheet the header row is looked for.
HEADER_SEARCH = 40


def column_letter(index: int) -> str:
    """``0`` → ``"A"``, ``27`` → ``"AB"``."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = _LETTERS[rest] + letters
    return letters


# --------------------------------------------------------------------------- #
# Writing
# --------------------------------------------------------------------------- #


@attrs.frozen
class Layout:
    """A plan laid out as rows of cells, and where its parts are (rows 0-based)."""

    rows: list[list[str]]
    header_row: int
    #: Per row: "title", "report", "blank", "header", "section", "activity" or "summary".
    kinds: list[str]
    #: (first row, last row) of each task's activities.
    task_spans: list[tuple[int, int]]


def layout_plan(plan: Plan, rules: StatusRules | None = None, *, template: bool = False) -> Layout:
    """The rows of ``plan`` in the appendix layout.

    The ``status_override`` column is added only when a status's kind is not the
    one the rules give its text. With ``template``, the plan's sections are
    written without activities (an empty appendix to fill in).
    """
    overrides = {
        id(a): override_for(a.status, rules)
        for s in plan.sections
        for t in s.tasks
        for a in t.activities
    }
    extra = any(overrides.values())
    width = len(layout.COLUMNS) + (1 if extra else 0)

    def row(*cells: str) -> list[str]:
        return [*cells, *[""] * (width - len(cells))]

    rows: list[list[str]] = [row(plan.title)]
    kinds = ["title"]
    report = layout.report_line(plan)
    if report is not None:
        rows.append(row(report))
        kinds.append("report")
    rows.append(row())
    kinds.append("blank")
    header_row = len(rows)
    titles = [title for _, title in layout.COLUMNS]
    rows.append(titles + ([OVERRIDE_COLUMN] if extra else []))
    kinds.append("header")
    spans = []
    for section in plan.sections:
        rows.append(row(section.numeral, section.title))
        kinds.append("section")
        if template:
            continue
        for task in section.tasks:
            first = len(rows)
            for i, act in enumerate(task.activities):
                cells = [
                    str(act.number),
                    task.title if i == 0 else "",
                    layout.activity_cell(act.label, act.text),
                    act.status.text,
                    act.products,
                    act.explanation,
                    act.note,
                ]
                if extra:
                    cells.append(overrides[id(act)])
                rows.append(cells)
                kinds.append("activity")
            spans.append((first, len(rows) - 1))
    if plan.published is not None and plan.published.text.strip():
        rows.append(row())
        kinds.append("blank")
        rows.append(row(plan.published.text))
        kinds.append("summary")
    return Layout(rows=rows, header_row=header_row, kinds=kinds, task_spans=spans)


# --------------------------------------------------------------------------- #
# Reading
# --------------------------------------------------------------------------- #


@attrs.frozen
class Grid:
    """The cells of one sheet as text, and its merged ranges.

    ``merges`` are ``(first row, first column, last row, last column)``, 0-based
    and inclusive; the text of a merged range is in its first cell.
    """

    rows: list[list[str]]
    sheet: str | None = None  # a workbook's sheet name; None for CSV
    merges: list[tuple[int, int, int, int]] = attrs.Factory(list)

    def place(self, row: int, column: int | None = None, title: str | None = None) -> str:
        """Where a cell is, as a spreadsheet user sees it: "Sheet1!D7 (dòng 7, cột Tiến độ)"."""
        words = f"dòng {row + 1}" + (f", cột {title}" if title else "")
        if self.sheet is None or column is None:
            return words
        return f"{self.sheet}!{column_letter(column)}{row + 1} ({words})"


@attrs.define
class _Task:
    row: int
    title: str
    merged_to: int | None  # last row of a vertical merge of its cell, if any
    activities: list[Activity] = attrs.Factory(list)


@attrs.define
class _Section:
    row: int
    numeral: str
    title: str
    tasks: list[_Task] = attrs.Factory(list)
    pending: list[tuple[int, Activity]] = attrs.Factory(list)


def _find_header(grid: Grid) -> tuple[int, dict[str, int]]:
    best: tuple[int, dict[str, int]] | None = None
    for r, cells in enumerate(grid.rows[:HEADER_SEARCH]):
        found = layout.header(cells)
        if all(f in found for f in layout.REQUIRED):
            # A second header row names the columns under a group title; the group
            # title itself names none of them.
            belows = []
            for below in range(r + 1, min(r + 3, len(grid.rows))):
                if not layout.is_sub_header(grid.rows[below]):
                    break
                belows.append(below)
            titled = {c for b in belows for c in layout.header(grid.rows[b]).values()}
            _refuse_ambiguous_titles(grid, r, titled)
            for below in belows:
                _refuse_ambiguous_titles(grid, below, set())
                found = layout.refine(found, layout.header(grid.rows[below]))
            layout.missing_after_refining(found, grid.place(r))
            for c, text in enumerate(cells):
                if fold(text) in layout.OVERRIDE_KEYS:
                    found[OVERRIDE_COLUMN] = c
            return r, found
        if len(found) >= 2 and (best is None or len(found) > len(best[1])):
            best = (r, found)
    required = ", ".join(repr(layout.TITLES[f]) for f in layout.REQUIRED)
    if best is not None:
        r, found = best
        missing = [repr(layout.TITLES[f]) for f in layout.REQUIRED if f not in found]
        raise FormatError(
            f"this row looks like the header but has no column {', '.join(missing)}: "
            f"the header row needs the columns {required}; see `cchc template`",
            where=grid.place(r),
        )
    shown = next((" | ".join(c for c in cells if c)[:80] for cells in grid.rows if any(cells)), "")
    raise FormatError(
        f"no header row found in the first {HEADER_SEARCH} rows: type the column titles "
        f"{required} (and TT, Sản phẩm, Giải trình, Ghi chú) in one row above the table; "
        "`cchc template --to mau.xlsx` writes an empty appendix to fill in"
        + (f" (the sheet starts with: {shown})" if shown else " (the sheet is empty)"),
        where=grid.place(0) if grid.sheet is None else grid.sheet,
    )


def _refuse_ambiguous_titles(grid: Grid, r: int, skip: set[int]) -> None:
    ambiguous = layout.ambiguous_titles(grid.rows[r], skip)
    if ambiguous is None:
        return
    field, first, second = ambiguous
    names = f"{_cell_name(grid, r, first)} and {_cell_name(grid, r, second)}"
    raise layout.ambiguous_error(field, names, grid.place(r, second, layout.TITLES[field]))


def _cell_name(grid: Grid, r: int, c: int) -> str:
    text = " ".join(grid.rows[r][c].split())
    where = f"{column_letter(c)}{r + 1}" if grid.sheet is not None else f"cột {c + 1}"
    return f"{where} {text!r}"


def _row_text(cells: Sequence[str]) -> str:
    return " ".join(c.strip() for c in cells if c.strip())


def read_grid(
    grid: Grid,
    *,
    status_rules: StatusRules | None = None,
    title: str | None = None,
) -> Plan:
    """The plan in an appendix sheet; ``title`` is used when no heading line gives one."""
    header_row, cols = _find_header(grid)
    reader = _Reader(grid, cols, status_rules)
    summary: list[str] = []
    summary_row: int | None = None  # where the lines under the table start
    summary_ended = False  # at the first blank line after them (signatures follow)
    for r in range(header_row + 1, len(grid.rows)):
        cells = grid.rows[r]
        if not any(c.strip() for c in cells):
            summary_ended = summary_row is not None
            continue
        if summary_row is not None:
            reader.refuse_an_activity_below(r, summary_row)
            if not summary_ended:
                summary.append(_row_text(cells))
            continue
        if reader.is_summary_line(r):
            summary_row = r
            summary.append(_row_text(cells))
            continue
        reader.add_row(r)
    sections = reader.finish()
    heading, report = layout.heading([_row_text(cells) for cells in grid.rows[:header_row]])
    plan_title = heading or (title or "").strip()
    if not plan_title:
        raise FormatError(
            "no title: type the appendix's title in the first row, above the header row",
            where=grid.place(0, 0, None),
        )
    text = "\n".join(summary)
    published = parse_summary(text) if text else None
    try:
        return Plan(
            title=plan_title,
            sections=sections,
            published=published,
            **layout.plan_meta(heading, report),
        )
    except CCHCError as exc:
        raise FormatError(
            f"the sheet does not make a valid plan: {exc.reason}", where=grid.place(header_row)
        ) from exc


class _Reader:
    def __init__(self, grid: Grid, cols: dict[str, int], rules: StatusRules | None) -> None:
        self.grid = grid
        self.cols = cols
        self.rules = rules
        self.sections: list[_Section] = []
        self.task: _Task | None = None
        self.previous: int | None = None  # the last TT in the current section
        self.last_number = 0  # the last TT in the plan
        # Merged ranges by their first cell; and every cell a vertical merge covers
        # below its first row → that first row.
        self.merge_at = {(m[0], m[1]): m for m in grid.merges}
        self.merged_from = {
            (r, left): top
            for top, left, bottom, _ in grid.merges
            for r in range(top + 1, bottom + 1)
        }

    def cell(self, r: int, field: str) -> str:
        c = self.cols.get(field)
        if c is None:
            return ""
        cells = self.grid.rows[r]
        return cells[c].strip() if c < len(cells) else ""

    def activity_cell(self, r: int, field: str) -> str:
        """A cell of an activity's own columns (Tiến độ, Sản phẩm, Giải trình, Ghi
        chú): one merged down several activities gives its text to each of them."""
        c = self.cols.get(field)
        top = self.merged_from.get((r, c)) if c is not None else None
        if top is None:
            return self.cell(r, field)
        if field == "status" and self.sections and top < self.sections[-1].row:
            # A status from the section above would count in this one; a note may
            # well span sections ("Số liệu tính đến 30/6/2023").
            title = layout.TITLES[field]
            raise FormatError(
                f"the merged {title} cell from {self.grid.place(top)} runs across the section "
                f"row {self.sections[-1].numeral}: unmerge it, and merge each section's own "
                "cells",
                where=self.place(r, field),
            )
        return self.cell(top, field)

    def place(self, r: int, field: str) -> str:
        title = layout.TITLES.get(field, field)
        return self.grid.place(r, self.cols.get(field), title)

    def is_summary_line(self, r: int) -> bool:
        """A line of text below the table: no TT number or numeral, not an activity."""
        if not self.sections or not self.sections[-1].tasks:
            return False
        number = self.cell(r, "number")
        cells = [c.strip() for c in self.grid.rows[r]]
        nonblank = [c for c in cells if c]
        if not number and layout.is_total_row(nonblank[0]):
            return True
        first = next(i for i, c in enumerate(cells) if c)
        alone = len(nonblank) == 1 and first == min(self.cols.values())
        return alone and layout.activity_number(number) is None and layout.roman(number) is None

    def refuse_an_activity_below(self, r: int, summary_row: int) -> None:
        """Row ``r``, below the summary lines, must not be an activity: it would not
        be counted (a clerk adds a row at the bottom of the sheet)."""
        number = self.cell(r, "number")
        filled = sum(1 for c in self.grid.rows[r] if c.strip())
        if layout.activity_number(number) is not None and filled > 1:
            raise FormatError(
                f"an activity row (TT {number}) below the summary under the table "
                f"({self.grid.place(summary_row)}): move it into the table, above the "
                "summary, so that it is counted",
                where=self.place(r, "number"),
            )

    def add_row(self, r: int) -> None:
        texts = self.grid.rows[r]
        if layout.is_numbering_row(texts) or layout.is_sub_header(texts):
            return  # "(1) (2) (3) ..." under the header, or the header repeated
        number = self.cell(r, "number")
        first = number if "number" in self.cols else _row_text(texts)
        section = layout.roman(first)
        if section is not None and layout.activity_number(number) is None:
            self._section(r, *section)
            return
        self._activity(r, number)

    def _section(self, r: int, numeral: str, rest: str) -> None:
        self._check_task_merge(r)
        title = rest
        if not title:
            skip = self.cols.get("number", -1)
            title = next(
                (c.strip() for i, c in enumerate(self.grid.rows[r]) if i != skip and c.strip()), ""
            )
        if not title:
            raise FormatError(
                f"section {numeral} has no title: type it beside the numeral",
                where=self.grid.place(r),
            )
        self._close()
        self.sections.append(_Section(r, numeral, title))
        self.task = None
        self.previous = None

    def _check_task_merge(self, r: int) -> None:
        c = self.cols["task"]
        for top, left, bottom, right in self.grid.merges:
            if left <= c <= right and top < r <= bottom:
                raise FormatError(
                    f"the merged cell {column_letter(left)}{top + 1}:{column_letter(right)}"
                    f"{bottom + 1} runs across the section row: unmerge it and merge each "
                    "task's cell within its own section",
                    where=self.grid.place(r, c, layout.TITLES["task"]),
                )

    def _activity(self, r: int, number_text: str) -> None:
        number = layout.activity_number(number_text)
        if number_text and number is None:
            raise FormatError(
                f"cannot read TT {number_text!r}: write the activity's number (1, 2, …) or a "
                "section's roman numeral (I, II, …)",
                where=self.place(r, "number"),
            )
        if not self.sections:
            how = (
                "with the roman numeral (I, II, …) in the TT column and the section's title "
                "beside it"
                if "number" in self.cols
                else 'its first cell starting with the roman numeral ("I. Cải cách thể chế"): '
                "the sheet has no TT column, which would hold it"
            )
            raise FormatError(
                f"an activity comes before any section: add a section row above it, {how}",
                where=self.grid.place(r),
            )
        if number is None:
            number = max(self.previous or 0, self.last_number) + 1
        elif self.previous is not None and number <= self.previous:
            raise FormatError(
                f"TT {number} follows TT {self.previous} in section "
                f"{self.sections[-1].numeral}: number the activities of a section 1, 2, 3, … "
                "from top to bottom",
                where=self.place(r, "number"),
            )
        label, text = layout.split_label(self.cell(r, "activity"))
        if not text:
            raise FormatError(
                f"activity {number} has no Hoạt động text: type what the activity does",
                where=self.place(r, "activity"),
            )
        status_text = self.activity_cell(r, "status")
        override = self.cell(r, OVERRIDE_COLUMN)
        if not status_text and not override:
            raise FormatError(
                f"Tiến độ of activity {number} is blank: type its progress (Hoàn thành, "
                "Đang triển khai thực hiện, Chưa đến thời điểm thực hiện, …)",
                where=self.place(r, "status"),
            )
        status = status_from(status_text, override, self.rules, self.place(r, "status"))
        try:
            act = Activity(
                number=number,
                label=label,
                text=text,
                status=status,
                products=self.activity_cell(r, "products"),
                explanation=self.activity_cell(r, "explanation"),
                note=self.activity_cell(r, "note"),
            )
        except CCHCError as exc:
            raise FormatError(exc.reason, where=self.grid.place(r)) from exc
        self.previous = number
        self.last_number = number
        self._assign(r, act)

    def _assign(self, r: int, act: Activity) -> None:
        section = self.sections[-1]
        c = self.cols["task"]
        title = self.cell(r, "task")
        merge = self.merge_at.get((r, c))
        inside = (
            self.task is not None and self.task.merged_to is not None and r <= self.task.merged_to
        )
        repeated = (
            self.task is not None
            and self.task.merged_to is None
            and merge is None
            and title == self.task.title
        )
        if inside or not title or repeated:
            if self.task is None:
                section.pending.append((r, act))
            else:
                self.task.activities.append(act)
            return
        task = _Task(r, title, merge[2] if merge is not None else None)
        task.activities = [a for _, a in section.pending] + [act]
        section.pending.clear()
        section.tasks.append(task)
        self.task = task

    def _close(self) -> None:
        if not self.sections:
            return
        section = self.sections[-1]
        if section.pending:
            r = section.pending[0][0]
            raise FormatError(
                f"activities of section {section.numeral} have no task: type the task "
                "(Nội dung thực hiện) on the first row of its activities",
                where=self.place(r, "task"),
            )
        if not section.tasks:
            raise FormatError(
                f"section {section.numeral} has no activity: add its activities below it, "
                "or delete the section row",
                where=self.grid.place(section.row),
            )

    def finish(self) -> tuple[Section, ...]:
        self._close()
        out = []
        for s in self.sections:
            try:
                tasks = tuple(Task(title=t.title, activities=tuple(t.activities)) for t in s.tasks)
                out.append(Section(numeral=s.numeral, title=s.title, tasks=tasks))
            except CCHCError as exc:
                raise FormatError(exc.reason, where=self.grid.place(s.row)) from exc
        return tuple(out)
