"""Reading an appendix table from a Word .docx document (python-docx, imported lazily).

The reader works in three steps:

1. find the table: the first one with a header row whose cells carry the
   appendix's column titles (:data:`cchc_model._word_layout.HEADER_TITLES`);
2. read its rows into a *raw* table (sections, tasks, activities, all text
   verbatim), following merged cells through the table grid;
3. build the :class:`~cchc_model.Plan`: statuses classified, products parsed,
   the heading and the summary block read. When the document carries the plan
   as the library's JSON (documents written by :func:`cchc_model.write_docx`)
   and the visible table still says the same, the embedded plan is used, so the
   round trip is exact; any edit made in Word wins over it.
"""

from __future__ import annotations

import io
import json
import os
import re
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any
from xml.etree import ElementTree

import attrs

from cchc_model import _word_layout as L
from cchc_model._text import fold
from cchc_model.converters import from_document
from cchc_model.documents import _refs_in
from cchc_model.errors import CCHCError, FormatError, InvalidPlan, UnknownStatus
from cchc_model.model import Activity, Plan, PublishedFigures, Section, Status, Task

if TYPE_CHECKING:
    from docx.document import Document

    from cchc_model.status import StatusRules

Source = str | os.PathLike[str] | bytes | bytearray | IO[bytes]

# --------------------------------------------------------------------------- #
# Opening the file
# --------------------------------------------------------------------------- #

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0", "an OLE2 compound file (an old binary Word .doc?)"),
    (b"{\\rtf", "an RTF document"),
    (b"%PDF", "a PDF document"),
    (b"<", "an XML or HTML file"),
    (b"\xef\xbb\xbf<", "an XML or HTML file"),
)


def _read_bytes(source: Source) -> tuple[bytes, str | None]:
    # The name is where errors say the data came from: none for bare bytes.
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), None
    if isinstance(source, (str, os.PathLike)):
        return Path(source).read_bytes(), os.fspath(source)
    data = source.read()
    if not isinstance(data, bytes):
        raise TypeError(f"expected a binary file, got one that reads {type(data).__name__}")
    return data, str(getattr(source, "name", "<file>"))


def open_document(source: Source) -> Document:
    """Open ``source`` as a python-docx document, or raise a FormatError saying what it is."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    data, name = _read_bytes(source)
    if not data.startswith(b"PK\x03\x04"):
        what = next((w for magic, w in _MAGIC if data.startswith(magic)), None)
        if not data:
            what = "an empty file"
        elif what is None:
            what = f"not a zip package (it starts with {data[:8]!r})"
        raise FormatError(f"not a Word .docx document: {what}", where=name)
    try:
        return docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise FormatError(f"not a Word .docx document: {exc}", where=name) from exc
    except _damage_errors() as exc:
        raise FormatError(
            f"damaged .docx document: {type(exc).__name__}: {exc}", where=name
        ) from exc


def _damage_errors() -> tuple[type[BaseException], ...]:
    """What python-docx, zipfile, zlib and lxml raise on a damaged package."""
    from docx.exceptions import PythonDocxError

    return (
        PythonDocxError,
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        SyntaxError,  # lxml's XMLSyntaxError
        KeyError,
        ValueError,
        TypeError,
        AttributeError,
        IndexError,
        LookupError,
    )


# --------------------------------------------------------------------------- #
# Table grid
# --------------------------------------------------------------------------- #


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
    return "".join(parts)


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


def _header(cells: Sequence[_Cell]) -> dict[str, int]:
    """Field name → grid column of the header cells recognised in a row."""
    found: dict[str, int] = {}
    for cell in cells:
        field = L.header_field(cell.text)
        if field is not None and field not in found:
            found[field] = cell.start
    return found


# --------------------------------------------------------------------------- #
# Raw table
# --------------------------------------------------------------------------- #


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
    v = L.visible
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
                            v(L.status_text(a.status)),
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


_ROMAN = re.compile(
    r"""
    (?P<numeral>(?=[IVXLCDM])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3}))
    (?:\s*[.):\-–—]\s*|\s+|$)     # a separator after the numeral, or nothing more
    (?P<rest>.*)
    """,
    re.VERBOSE | re.DOTALL,
)
_TOTAL_ROW = (fold("Tổng số"), fold("Tổng cộng"))
_NUMBER = re.compile(r"(\d{1,4})\s*[.)]?")
_NUMBERING = re.compile(r"\(?(\d{1,2})\)?")
# "1. Hoạt động 1", "2.1. Hoạt động 1:", alone or followed by the text on the same line.
_LABEL = re.compile(r"(\d+(?:\.\d+)*\.?\s*" + fold("hoạt động") + r"\s*\d*\s*[:.]?)(.*)", re.DOTALL)


def _roman(text: str) -> tuple[str, str] | None:
    m = _ROMAN.fullmatch(text)
    if m is None or not m.group("numeral"):
        return None
    return m.group("numeral"), m.group("rest").strip()


def _is_numbering_row(cells: Sequence[_Cell]) -> bool:
    """A row "(1) (2) (3) ..." or "1 2 3 ..." that numbers the columns under the header."""
    texts = [c.text for c in cells if c.text]
    if len(texts) < 3:
        return False
    numbers = []
    for text in texts:
        m = _NUMBERING.fullmatch(text)
        if m is None:
            return False
        numbers.append(int(m.group(1)))
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


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
    text = cell.text
    first, _, rest = text.partition("\n")
    m = _LABEL.fullmatch(fold(first))
    if m is None:
        return "", text
    if not m.group(2):
        return first.strip(), rest.strip()
    # The label and the text share the first line: cut the verbatim line where the
    # folded one was cut.
    cut = _label_length(first, len(m.group(1).rstrip()))
    return first[:cut].strip(), (first[cut:] + ("\n" + rest if rest else "")).strip()


def _label_length(line: str, folded_length: int) -> int:
    # Walk the verbatim line until its fold reaches the folded label's length.
    for end in range(len(line) + 1):
        if len(fold(line[:end])) >= folded_length:
            return end
    return len(line)


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
    if not texts or not all(L.header_field(t) is not None for t in texts):
        return None
    return _header(cells)


def find_table(tables: Sequence[Any]) -> _Table:
    """The first table with an appendix header row among its first rows.

    Header rows under it that only name columns (a header on two rows) refine
    the columns and are part of the header.
    """
    best: tuple[int, _Table] | None = None
    for index, tbl in enumerate(tables, 1):
        for r, tr in enumerate(tbl.tr_lst[:6]):
            columns = _header(_cells(tr))
            if all(f in columns for f in L.REQUIRED):
                last = r
                for tr_below in tbl.tr_lst[r + 1 : r + 3]:
                    below = _sub_header(_cells(tr_below))
                    if below is None:
                        break
                    # The titles below a group title name its columns.
                    columns = {f: c for f, c in columns.items() if c not in below.values()} | below
                    last += 1
                return _Table(tbl, index, last, columns)
            if len(columns) >= 2 and (best is None or len(columns) > best[0]):
                best = (len(columns), _Table(tbl, index, r, columns))
    titles = dict(L.COLUMNS)
    if best is not None:
        table = best[1]
        missing = [titles[f] for f in L.REQUIRED if f not in table.columns]
        seen = [titles[f] for f in table.columns]
        raise FormatError(
            f"table {table.index}, row {table.header_row + 1} looks like an appendix header "
            f"({', '.join(seen)}) but has no column {', '.join(repr(m) for m in missing)}; "
            f"{_describe_tables(tables)}"
        )
    raise FormatError(
        "no appendix table found: no table has a header row with the columns "
        f"{', '.join(repr(titles[f]) for f in L.REQUIRED)}; {_describe_tables(tables)}"
    )


def read_rows(table: _Table, *, ours: bool) -> tuple[list[_RawSection], str | None]:
    """The sections of the table, and the text of a summary row inside it, if any."""
    sections: list[_RawSection] = []
    summary: str | None = None
    cols = table.columns
    previous: int | None = None  # the TT above, in this section
    last = 0  # the last TT of the table, for rows without one
    current: _RawTask | None = None
    for r, tr in enumerate(table.element.tr_lst):
        if r <= table.header_row:
            continue
        where = f"row {r + 1}"
        cells = _cells(tr)
        distinct = [c.text for c in cells if c.text]
        if not distinct or _is_numbering_row(cells):
            continue
        if all(f in _header(cells) for f in L.REQUIRED) or _sub_header(cells) is not None:
            continue  # the header (either of its rows), repeated at a page break
        section = _section_row(cells, cols, where)
        if section is not None:
            _close(sections, where)
            sections.append(_RawSection(r + 1, *section))
            current = None
            previous = None  # TT may restart in each section
            continue
        cell = _cell_at(cells, cols.get("number"))
        number_text = cell.text if cell is not None else ""
        if not number_text and fold(distinct[0]).startswith(_TOTAL_ROW):
            summary = "\n".join(distinct)
            continue
        act = _activity_row(cells, cols, r + 1, previous, ours=ours, last=last)
        if not sections:
            raise FormatError(
                f"activity {act.number} comes before any section row (I, II, ...)", where=where
            )
        previous = last = act.number
        task_cell = _cell_at(cells, cols["task"])
        current = _assign(sections[-1], current, task_cell, act, repeats=not ours)
    if sections:
        _close(sections, f"row {len(table.element.tr_lst)}")
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
) -> _RawActivity:
    where = f"row {row}"

    def text(field: str) -> str:
        cell = _cell_at(cells, cols.get(field))
        return cell.text if cell is not None else ""

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
        status=text("status"),
        products=text("products"),
        explanation=text("explanation"),
        note=text("note"),
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


# --------------------------------------------------------------------------- #
# Around the table: heading, summary, embedded plan
# --------------------------------------------------------------------------- #


def _paragraph_texts(blocks: Sequence[Any]) -> list[tuple[str, str | None]]:
    return [(paragraph_text(p), p.style) for p in blocks]


_APPENDIX = fold("Phụ lục")
_ATTACHED = fold("Kèm theo")


def read_heading(before: Sequence[Any], ours: bool) -> tuple[str, str | None]:
    """The title lines above the table and the "(Kèm theo ...)" line."""
    paragraphs = _paragraph_texts(before)
    if ours:
        title_id, report_id = L.style_id(L.STYLE_TITLE), L.style_id(L.STYLE_REPORT)
        title = "\n".join(t for t, s in paragraphs if s == title_id)
        report = next((t.strip() for t, s in paragraphs if s == report_id), None)
        return title, report
    texts = [t.strip() for t, _ in paragraphs]
    start = max((i for i, t in enumerate(texts) if fold(t).startswith(_APPENDIX)), default=None)
    if start is None:
        start = len(texts)
        while start > 0 and texts[start - 1]:
            start -= 1
    lines, report = [], None
    for t in texts[start:]:
        if fold(t).lstrip("(").startswith(_ATTACHED):
            report = t
        elif t:
            lines.append(t)
    return "\n".join(lines), report


def read_summary(after: Sequence[Any], ours: bool) -> str | None:
    """The summary block under the table."""
    paragraphs = _paragraph_texts(after)
    if ours:
        summary_id = L.style_id(L.STYLE_SUMMARY)
        lines = [t for t, s in paragraphs if s == summary_id]
        return "\n".join(lines) if lines else None
    lines = []
    for t, _ in paragraphs:
        if t.strip():
            lines.append(t.strip())
        elif lines:
            break
    return "\n".join(lines) if lines else None


def read_embedded(document: Document) -> Plan | None:
    """The plan stored in the document's custom XML by :func:`write_docx`, if any."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    for rel in document.part.rels.values():
        if rel.reltype != RT.CUSTOM_XML or rel.is_external:
            continue
        try:
            root = ElementTree.fromstring(rel.target_part.blob)
        except ElementTree.ParseError:
            continue
        if root.tag != f"{{{L.EMBED_NS}}}plan" or not root.text:
            continue
        try:
            return from_document(json.loads(root.text))
        except (ValueError, CCHCError):
            # A damaged copy is ignored: the visible table is read instead.
            return None
    return None


# --------------------------------------------------------------------------- #
# Building the plan
# --------------------------------------------------------------------------- #


def _status(raw: _RawActivity, rules: StatusRules | None) -> Status:
    try:
        return Status.parse(raw.status, rules=rules)
    except UnknownStatus as exc:
        raise UnknownStatus(
            f"activity {raw.number}: {exc.reason}",
            text=exc.text,
            span=exc.span,
            where=f"row {raw.row}",
        ) from exc


def build_sections(raw: Sequence[_RawSection], rules: StatusRules | None) -> tuple[Section, ...]:
    try:
        return tuple(
            Section(
                numeral=s.numeral,
                title=s.title,
                tasks=tuple(
                    Task(
                        title=t.title,
                        activities=tuple(
                            Activity(
                                number=a.number,
                                label=a.label,
                                text=a.text,
                                status=_status(a, rules),
                                products=a.products,
                                explanation=a.explanation,
                                note=a.note,
                            )
                            for a in t.activities
                        ),
                    )
                    for t in s.tasks
                ),
            )
            for s in raw
        )
    except InvalidPlan as exc:
        raise FormatError(
            f"the table does not make a valid plan: {exc.reason}", text=exc.text, where=exc.where
        ) from exc


_YEAR = re.compile(fold("năm") + r" (\d{4})\b")


def _meta_from_text(title: str, report_line: str | None) -> dict[str, Any]:
    meta: dict[str, Any] = {"issuer": "", "year": None, "reference": None, "report": None}
    m = _YEAR.search(fold(title))
    if m is not None:
        meta["year"] = int(m.group(1))
    plans = [r for r in _refs_in(title) if r.type_code == "KH"]
    if plans:
        meta["reference"] = plans[0]
    if report_line:
        reports = _refs_in(report_line)
        if reports:
            meta["report"] = reports[0]
        _, sep, issuer = report_line.rpartition(" của ")
        if sep:
            meta["issuer"] = issuer.strip().rstrip(")").strip()
    return meta


def _blocks(document: Document) -> Iterator[tuple[str, Any]]:
    from docx.oxml.ns import qn

    for child in document.element.body.iterchildren():
        if child.tag == qn("w:p"):
            yield "p", child
        elif child.tag == qn("w:tbl"):
            yield "tbl", child


def _is_ours(document: Document) -> bool:
    from docx.oxml.ns import qn

    wanted = L.style_id(L.STYLE_LABEL)
    return any(
        s.get(qn("w:styleId")) == wanted
        for s in document.styles.element.iterchildren(qn("w:style"))
    )


def read(source: Source, *, status_rules: StatusRules | None = None) -> Plan:
    """Read the appendix table of a .docx document into a plan."""
    document = open_document(source)
    try:
        return _read(document, status_rules)
    except CCHCError:
        raise
    except _damage_errors() as exc:
        # XML that python-docx opened but that breaks the schema (a cell without
        # its grid span, a bad attribute value, ...).
        raise FormatError(f"damaged .docx document: {type(exc).__name__}: {exc}") from exc


def _read(document: Document, status_rules: StatusRules | None) -> Plan:
    blocks = list(_blocks(document))
    tables = [element for kind, element in blocks if kind == "tbl"]
    table = find_table(tables)
    ours = _is_ours(document)
    raw, summary_row = read_rows(table, ours=ours)
    position = next(i for i, (_, element) in enumerate(blocks) if element is table.element)
    start = max((i + 1 for i, (k, _) in enumerate(blocks[:position]) if k == "tbl"), default=0)
    end = next((i for i in range(position + 1, len(blocks)) if blocks[i][0] == "tbl"), len(blocks))
    before = [element for _, element in blocks[start:position]]
    after = [element for _, element in blocks[position + 1 : end]]
    title, report_line = read_heading(before, ours)
    summary = read_summary(after, ours)
    if summary is None or (not ours and L.parse_summary(summary) is None):
        summary = summary_row

    embedded = read_embedded(document) if ours else None
    if embedded is not None and _table_key(raw) == _plan_key(embedded):
        sections = embedded.sections
    else:
        sections = build_sections(raw, status_rules)

    title = title.strip() or (embedded.title if embedded is not None else "")
    if embedded is not None and title == L.visible(embedded.title):
        title = embedded.title  # exactly: line endings and outer spaces included
    title = title or (document.core_properties.title or "").strip()
    if not title:
        raise FormatError(
            "no title: the document has no heading line above the appendix table "
            "and no title in its properties"
        )
    if embedded is not None and L.report_line(embedded) == report_line:
        meta: dict[str, Any] = {
            "issuer": embedded.issuer,
            "year": embedded.year,
            "reference": embedded.reference,
            "report": embedded.report,
        }
    else:
        meta = _meta_from_text(title, report_line)
    published: PublishedFigures | None
    if (
        embedded is not None
        and summary is not None
        and (summary.strip() == L.summary_text(embedded).strip())
    ):
        published = embedded.published
    else:
        published = L.parse_summary(summary) if summary else None
    try:
        return Plan(title=title, sections=sections, published=published, **meta)
    except InvalidPlan as exc:
        raise FormatError(
            f"the document does not make a valid plan: {exc.reason}", text=exc.text, where=exc.where
        ) from exc
