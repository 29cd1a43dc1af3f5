"""The ``csv`` format: one row per activity, with its section and task.

The header names the columns; the rows follow the plan's order::

    section,section_title,task,task_title,number,label,text,status_kind,status_text,
    status_override,products,documents,explanation,note,plan_title,plan_issuer,
    plan_year,plan_reference,plan_report,plan_published

* ``section`` is the roman numeral and ``task`` the task's position in its
  section (1, 2, ...): consecutive rows with the same pair are one task, so two
  tasks may share a title. ``section_title`` and ``task_title`` repeat on
  every row of the section or task and must agree.
* Text cells hold the text verbatim: line breaks, leading and trailing spaces,
  quotes; ``status_text`` is the Tiến độ text, the source of the status.
  ``status_kind`` is its kind (``completed``, ``ongoing``, ...) for tools in
  other languages: the reader ignores it and classifies the ``status_text``
  with the status rules in force, so editing the text changes the figures.
  ``status_override`` is filled only where the kind is deliberately not the
  one the rules give the text (or the text gives none); the reader takes the
  kind from it. The column may be left out when reading.
* ``documents`` is a JSON array of the references found in ``products``, in the
  library's JSON form, for tools: output only, the reader ignores it (the
  references are always those of the ``products`` text).
* The plan's own fields are on the first row only (later rows leave them
  empty): ``plan_year`` is empty for None; ``plan_reference``, ``plan_report``
  and ``plan_published`` are empty for None, else a JSON object in the
  library's JSON form. A plan without sections is a single row of plan columns.

Files are RFC 4180 CSV: comma-separated, ``"``-quoted where needed, lines
ending in CRLF, UTF-8; ``dumps(plan, format="csv", bom=True)`` starts the text
with a byte-order mark so that Excel reads it as UTF-8, and ``delimiter=";"``
(or ``"\t"``) separates the cells as Excel does where the list separator is not
a comma (Vietnamese and most European locales). When reading, the delimiter
(``,``, ``;`` or a tab) is the one the header row uses, so a file Excel saved
there reads back. Columns may come in any order when reading; unknown or
missing columns are an error, but columns without a name are skipped as long
as their cells are empty (a spreadsheet saves such columns when cells right of
the table were touched).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import cattrs

from cchc_model._text import nfc
from cchc_model.documents import DocumentRef
from cchc_model.errors import CCHCError, FormatError, UnknownStatus
from cchc_model.formats._common import (
    OVERRIDE_COLUMN,
    as_text,
    check_cell,
    check_stated_kind,
    expect_plan,
    kinds_checked,
    neutralise,
    override_for,
    refuse_no_kind,
    status_from,
    unneutralise,
)
from cchc_model.formats._json import decode
from cchc_model.formats.converters import describe_errors, make_converter
from cchc_model.model import Activity, Plan, PublishedFigures, Section, Status, Task
from cchc_model.model.status import DEFAULT_RULES, load_rules

if TYPE_CHECKING:
    from cchc_model.model.status import StatusRules, StatusRulesSource

__all__ = ["COLUMNS", "DELIMITERS", "CsvSerializer"]

#: The columns, in the order the writer puts them.
COLUMNS = (
    "section",
    "section_title",
    "task",
    "task_title",
    "number",
    "label",
    "text",
    "status_kind",
    "status_text",
    "status_override",
    "products",
    "documents",
    "explanation",
    "note",
    "plan_title",
    "plan_issuer",
    "plan_year",
    "plan_reference",
    "plan_report",
    "plan_published",
    "plan_status_rules",
)
#: Columns a file may leave out.
_OPTIONAL = frozenset({OVERRIDE_COLUMN, "status_kind", "documents", "plan_status_rules"})
_PLAN_COLUMNS = tuple(c for c in COLUMNS if c.startswith("plan_"))
_ROW_COLUMNS = tuple(c for c in COLUMNS if not c.startswith("plan_"))
_CONVERTER = make_converter()
_WHOLE = re.compile(r"[0-9]{1,9}")
#: The delimiters read and written: the format's own, and those of spreadsheets
#: whose list separator is not a comma.
DELIMITERS = (",", ";", "\t")


def _delimiter(text: str) -> str:
    """The delimiter of ``text``'s header row: the one that names the most columns.

    A header row of this format holds column names only (no quotes are
    needed), so splitting its first line is enough; ties go to the comma.
    """
    end = min(
        (i for i in (text.find("\n", 0, 4096), text.find("\r", 0, 4096)) if i >= 0), default=4096
    )
    line = text[:end]

    def named(delimiter: str) -> int:
        return sum(cell.strip('"') in COLUMNS for cell in line.split(delimiter))

    return max(DELIMITERS, key=named)  # max() keeps the first of equals: ","


def _json(value: Any) -> str:
    return json.dumps(_CONVERTER.unstructure(value), ensure_ascii=False, separators=(",", ":"))


def _row(plan: Plan, first: bool, rules: StatusRules | None) -> dict[str, str]:
    if not first:
        return dict.fromkeys(_PLAN_COLUMNS, "")
    # The rules the status_kind column was classified with (their fingerprint).
    fingerprint = (DEFAULT_RULES if rules is None else rules).fingerprint
    return {
        "plan_title": plan.title,
        "plan_issuer": plan.issuer,
        "plan_year": "" if plan.year is None else str(plan.year),
        "plan_reference": "" if plan.reference is None else _json(plan.reference),
        "plan_report": "" if plan.report is None else _json(plan.report),
        "plan_published": "" if plan.published is None else _json(plan.published),
        "plan_status_rules": fingerprint,
    }


def _rows(plan: Plan, rules: StatusRules | None) -> Iterator[dict[str, str]]:
    first = True
    for section in plan.sections:
        for t, task in enumerate(section.tasks, start=1):
            for act in task.activities:
                yield {
                    "section": section.numeral,
                    "section_title": section.title,
                    "task": str(t),
                    "task_title": task.title,
                    "number": str(act.number),
                    "label": act.label,
                    "text": act.text,
                    "status_kind": act.status.kind.value,
                    "status_text": act.status.text,
                    "status_override": override_for(act.status, rules),
                    "products": act.products,
                    "documents": _json(act.documents),
                    "explanation": act.explanation,
                    "note": act.note,
                    **_row(plan, first, rules),
                }
                first = False
    if first:  # no activity at all: one row for the plan's own columns
        yield {**dict.fromkeys(_ROW_COLUMNS, ""), **_row(plan, True, rules)}


# --------------------------------------------------------------------------- #
# Reading
# --------------------------------------------------------------------------- #


class _Cells:
    """One record: its cells by column name, and the line it starts on."""

    def __init__(self, cells: dict[str, str], line: int) -> None:
        self.cells = cells
        self.line = line

    def error(self, column: str, reason: str) -> FormatError:
        return FormatError(reason, where=f"csv line {self.line}, column {column}")

    def text(self, column: str) -> str:
        return self.cells[column]

    def whole(self, column: str) -> int:
        cell = self.cells[column]
        if not _WHOLE.fullmatch(cell):
            raise self.error(column, f"expected a whole number, got {cell!r}")
        return int(cell)

    def structured(self, column: str, type_: Any, *, empty: Any) -> Any:
        cell = self.cells[column]
        if cell == "":
            return empty
        try:
            value = decode(cell)
        except FormatError as exc:
            raise self.error(column, f"not JSON: {exc.reason}") from None
        if empty == () and not isinstance(value, list):
            raise self.error(column, f"expected a JSON array, got {type(value).__name__}")
        try:
            return _CONVERTER.structure(value, type_)
        except CCHCError as exc:
            raise self.error(column, exc.reason) from exc
        except cattrs.BaseValidationError as exc:
            path, reason = describe_errors(exc, column)
            raise self.error(column, reason if path == column else f"{path}: {reason}") from exc
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            raise self.error(column, f"{type(exc).__name__}: {exc}") from exc


def _records(text: str) -> Iterator[_Cells]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    header: list[str] | None = None
    unnamed: list[int] = []
    line = 1
    try:
        for row in reader:
            start, line = line, reader.line_num + 1
            if header is None:
                header = _check_header(row)
                # Unnamed columns: what a spreadsheet saves right of the table
                # when cells there were touched. They must stay empty.
                unnamed = [i for i, name in enumerate(header) if name == ""]
                continue
            if not any(row):
                continue  # blank lines, and rows a spreadsheet left empty
            if len(row) != len(header):
                raise FormatError(
                    f"expected {len(header)} fields as in the header, got {len(row)}",
                    where=f"csv line {start}",
                )
            for i in unnamed:
                if row[i]:
                    shown = row[i] if len(row[i]) <= 40 else row[i][:39] + "…"
                    raise FormatError(
                        f"a column without a name in the header holds {shown!r}",
                        where=f"csv line {start}",
                    )
            cells = [nfc(unneutralise(cell)) for cell in row]
            yield _Cells(dict(zip(header, cells, strict=True)), start)
    except csv.Error as exc:
        raise FormatError(f"malformed CSV: {exc}", where=f"csv line {reader.line_num}") from None
    if header is None:
        raise FormatError("empty input: no header row", where="csv line 1")


def _check_header(row: list[str]) -> list[str]:
    if len(row) > 10 * len(COLUMNS):
        raise FormatError(
            f"not a cchc-model plan CSV: the header has {len(row):,} columns, "
            f"expected {len(COLUMNS)}",
            where="csv line 1",
        )
    names = set(row)
    missing = [c for c in COLUMNS if c not in names and c not in _OPTIONAL]
    unknown = list(dict.fromkeys(c for c in row if c not in COLUMNS and c != ""))
    repeated = sorted(c for c, n in Counter(row).items() if n > 1 and c in COLUMNS)
    problems = []
    if missing:
        problems.append(f"missing column(s) {missing}")
    if unknown:
        shown = [c if len(c) <= 40 else c[:39] + "…" for c in unknown[:5]]
        problems.append(f"unknown column(s) {shown}")
    if repeated:
        problems.append(f"repeated column(s) {repeated}")
    if problems:
        raise FormatError(
            "not a cchc-model plan CSV: "
            + "; ".join(problems)
            + f" (expected {','.join(COLUMNS)})",
            where="csv line 1",
        )
    return row


def _plan_fields(rec: _Cells) -> dict[str, Any]:
    return {
        "title": rec.text("plan_title"),
        "issuer": rec.text("plan_issuer"),
        "year": None if rec.text("plan_year") == "" else rec.whole("plan_year"),
        "reference": rec.structured("plan_reference", DocumentRef | None, empty=None),
        "report": rec.structured("plan_report", DocumentRef | None, empty=None),
        "published": rec.structured("plan_published", PublishedFigures | None, empty=None),
    }


def _status(rec: _Cells, rules: StatusRules | None, check_kinds: bool) -> Status:
    # The text is the source; status_kind is for other tools, and must agree with it
    # when the file's kinds were classified with the rules in use (check_kinds).
    override = rec.cells.get(OVERRIDE_COLUMN, "")
    column = OVERRIDE_COLUMN if override.strip() else "status_text"
    where = f"csv line {rec.line}, column {column}"
    status = status_from(rec.text("status_text"), override, rules, where, column="status_text")
    stated = rec.cells.get("status_kind", "")
    where = f"csv line {rec.line}, column status_kind"
    refuse_no_kind(stated, where, column="status_kind")
    if check_kinds and not override.strip():
        check_stated_kind(status, stated, where, column="status_kind")
    return status


def _activity(rec: _Cells, rules: StatusRules | None, check_kinds: bool) -> Activity:
    number = rec.whole("number")
    try:
        return Activity(
            number=number,
            label=rec.text("label"),
            text=rec.text("text"),
            status=_status(rec, rules, check_kinds),
            products=rec.text("products"),
            explanation=rec.text("explanation"),
            note=rec.text("note"),
        )
    except (FormatError, UnknownStatus):
        raise
    except CCHCError as exc:
        raise FormatError(exc.reason, where=f"csv line {rec.line}, activity {number}") from exc


class _Builder:
    """Groups consecutive rows into tasks and sections, checking they agree."""

    def __init__(self, rules: StatusRules | None, check_kinds: bool) -> None:
        self.rules = rules
        self.check_kinds = check_kinds
        self.sections: list[Section] = []
        self.seen_sections: set[str] = set()
        self.section: tuple[_Cells, list[Task]] | None = None
        self.task: tuple[_Cells, str, list[Activity]] | None = None
        self.seen_tasks: set[str] = set()

    def add(self, rec: _Cells) -> None:
        numeral, task_key = rec.text("section"), rec.text("task")
        if self.section is None or numeral != self.section[0].text("section"):
            self._close_section()
            if numeral in self.seen_sections:
                raise rec.error(
                    "section", f"section {numeral!r} appears again: keep its rows together"
                )
            self.seen_sections.add(numeral)
            self.section = (rec, [])
            self.seen_tasks = set()
        elif rec.text("section_title") != self.section[0].text("section_title"):
            raise rec.error(
                "section_title",
                f"section {numeral!r} has another title on line {self.section[0].line}",
            )
        if self.task is None or task_key != self.task[1]:
            self._close_task()
            rec.whole("task")
            if task_key in self.seen_tasks:
                raise rec.error("task", f"task {task_key} of section {numeral!r} appears again")
            self.seen_tasks.add(task_key)
            self.task = (rec, task_key, [])
        elif rec.text("task_title") != self.task[0].text("task_title"):
            raise rec.error(
                "task_title", f"task {task_key} has another title on line {self.task[0].line}"
            )
        self.task[2].append(_activity(rec, self.rules, self.check_kinds))

    def _close_task(self) -> None:
        if self.task is None or self.section is None:
            return
        first, _, activities = self.task
        try:
            self.section[1].append(Task(title=first.text("task_title"), activities=activities))
        except CCHCError as exc:
            raise FormatError(exc.reason, where=f"csv line {first.line}, task") from exc
        self.task = None

    def _close_section(self) -> None:
        self._close_task()
        if self.section is None:
            return
        first, tasks = self.section
        try:
            self.sections.append(
                Section(
                    numeral=first.text("section"), title=first.text("section_title"), tasks=tasks
                )
            )
        except CCHCError as exc:
            raise FormatError(exc.reason, where=f"csv line {first.line}, section") from exc
        self.section = None

    def finish(self) -> list[Section]:
        self._close_section()
        return self.sections


def read(text: str, status_rules: StatusRulesSource = None) -> Plan:
    records = _records(text)
    first = next(records, None)
    if first is None:
        raise FormatError("no rows under the header: a plan needs at least its title", where="csv")
    plan_fields = _plan_fields(first)
    rules = load_rules(status_rules)
    check_kinds = kinds_checked(first.cells.get("plan_status_rules"), rules)
    builder = _Builder(rules, check_kinds)
    if any(first.cells.get(c) for c in _ROW_COLUMNS):
        builder.add(first)
    else:
        # The row of a plan without activities: nothing may follow it.
        extra = next(records, None)
        if extra is not None:
            raise extra.error("section", "rows after a row without an activity")
    for rec in records:
        for column in _PLAN_COLUMNS:
            if rec.cells.get(column):  # (an optional one may be left out)
                raise rec.error(column, "the plan's columns are read from the first row only")
        builder.add(rec)
    try:
        return Plan(sections=builder.finish(), **plan_fields)
    except CCHCError as exc:
        raise FormatError(exc.reason, where=f"csv line {first.line}, plan") from exc


class CsvSerializer:
    """One row per activity; see the module documentation for the columns.

    ``dumps`` options: ``bom`` (default ``False``) starts the text with a UTF-8
    byte-order mark, for Excel; ``delimiter`` (default ``","``; ``";"`` or
    ``"\t"``) separates the cells; ``keep_formulas`` (default ``False``: a cell
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a
    ``'`` in front, so that a spreadsheet shows it as text; the reader removes
    it); ``status_rules`` decides where ``status_override`` is filled. ``loads``
    reads any of the three delimiters; its option ``status_rules`` classifies the
    Tiến độ texts (default: the built-in table).
    """

    extensions: tuple[str, ...] = (".csv", ".tsv")
    binary = False
    description = "one row per activity with section and task columns, reads and writes"

    def dumps(
        self,
        plan: Plan,
        *,
        bom: bool = False,
        delimiter: str = ",",
        keep_formulas: bool = False,
        status_rules: StatusRules | None = None,
    ) -> str:
        if delimiter not in DELIMITERS:
            choices = ", ".join(repr(d) for d in DELIMITERS)
            raise ValueError(f"delimiter must be one of {choices}, got {delimiter!r}")
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(
            buffer, fieldnames=COLUMNS, delimiter=delimiter, lineterminator="\r\n"
        )
        writer.writeheader()
        for row in _rows(expect_plan(plan, "csv"), status_rules):
            for column, cell in row.items():
                check_cell(cell, f"csv column {column}")
            writer.writerow(row if keep_formulas else {k: neutralise(v) for k, v in row.items()})
        return ("\ufeff" if bom else "") + buffer.getvalue()

    def loads(self, data: str | bytes, *, status_rules: StatusRulesSource = None) -> Plan:
        return read(as_text(data, "csv"), status_rules)
