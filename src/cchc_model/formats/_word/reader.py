"""Reading an appendix table from a Word .docx document (python-docx, imported lazily).

The reader works in three steps:

1. open the package within its limits (:mod:`cchc_model.formats._word.opening`) and find
   the table: the first one with a header row whose cells carry the appendix's
   column titles (:mod:`cchc_model.formats._word.grid`);
2. read its rows into a *raw* table (sections, tasks, activities, all text
   verbatim), following merged cells through the table grid
   (:mod:`cchc_model.formats._word.rows`);
3. build the :class:`~cchc_model.Plan` (here): statuses classified, products
   parsed, the heading and the summary block read. When the document carries
   the plan as the library's JSON (documents written by
   :func:`cchc_model.write_docx`) and the visible table still says the same, the
   embedded plan is used, so the round trip is exact; any edit made in Word wins
   over it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from cchc_model.errors import CCHCError, FormatError, InvalidPlan, UnknownStatus
from cchc_model.formats import _layout as layout
from cchc_model.formats._summary_lines import parse_summary
from cchc_model.formats._word import layout as L
from cchc_model.formats._word.grid import find_table, paragraph_text
from cchc_model.formats._word.opening import Source, damage_errors, open_document
from cchc_model.formats._word.rows import (
    _plan_key,
    _RawActivity,
    _RawSection,
    _table_key,
    read_rows,
)
from cchc_model.formats._zipguard import ZipLimits
from cchc_model.model import Activity, Plan, PublishedFigures, Section, Status, Task

if TYPE_CHECKING:
    from docx.document import Document

    from cchc_model.model.status import StatusRules

__all__ = ["Source", "read"]


# --------------------------------------------------------------------------- #
# Around the table: heading, summary, embedded plan
# --------------------------------------------------------------------------- #


def _paragraph_texts(blocks: Sequence[Any]) -> list[tuple[str, str | None]]:
    return [(paragraph_text(p), p.style) for p in blocks]


def read_heading(before: Sequence[Any], ours: bool) -> tuple[str, str | None]:
    """The title lines above the table and the "(Kèm theo ...)" line."""
    paragraphs = _paragraph_texts(before)
    if ours:
        title_id, report_id = L.style_id(L.STYLE_TITLE), L.style_id(L.STYLE_REPORT)
        title = "\n".join(t for t, s in paragraphs if s == title_id)
        report = next((t.strip() for t, s in paragraphs if s == report_id), None)
        return title, report
    return layout.heading([t for t, _ in paragraphs])


def read_summary(after: Sequence[Any], ours: bool) -> str | None:
    """The summary block under the table.

    In a document :func:`cchc_model.write_docx` wrote: the run of lines in its
    summary style (a blank one included) and of lines that state figures as a
    summary does, retyped or pasted in another style; it ends at any other line,
    such as the text of a report the appendix is part of. Elsewhere: the first run
    of lines that are not blank.
    """
    paragraphs = _paragraph_texts(after)
    if not ours:
        return layout.summary_block([t for t, _ in paragraphs])
    summary_id = L.style_id(L.STYLE_SUMMARY)
    lines: list[str] = []
    for text, style in paragraphs:
        if style == summary_id or (text.strip() and _states_figures(text)):
            lines.append(text)
        elif text.strip() or lines:
            break
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) if lines else None


def _states_figures(text: str) -> bool:
    try:
        return parse_summary(text) is not None
    except FormatError:  # a figure that cannot be: a summary line all the same
        return True


def read_embedded(document: Document, status_rules: StatusRules | None = None) -> Plan | None:
    """The plan stored in the document's custom XML by :func:`write_docx`, if any.

    The part is parsed without entities (python-docx's parser), and its JSON is
    read by the ``json`` format (nesting, size and text checks included), its
    statuses classified with ``status_rules`` as the visible table's are. A
    damaged copy is ignored: the visible table is read instead.
    """
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml  # lxml without entities or network access

    from cchc_model.formats._registry import loads

    for rel in document.part.rels.values():
        if rel.reltype != RT.CUSTOM_XML or rel.is_external:
            continue
        try:
            root = parse_xml(rel.target_part.blob)
        except (SyntaxError, ValueError):  # lxml's XMLSyntaxError is a SyntaxError
            continue
        if root.tag != f"{{{L.EMBED_NS}}}plan" or not root.text:
            continue
        try:
            plan = loads(root.text, format="json", status_rules=status_rules)
        except CCHCError:
            return None
        return plan if isinstance(plan, Plan) else None
    return None


# --------------------------------------------------------------------------- #
# Building the plan
# --------------------------------------------------------------------------- #


def _status(raw: _RawActivity, rules: StatusRules | None) -> Status:
    try:
        return Status.parse(raw.status, status_rules=rules)
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


_meta_from_text = layout.plan_meta


def make_plan(**fields: Any) -> Plan:
    """The plan a document's table and text make; an invalid one is a FormatError."""
    try:
        return Plan(**fields)
    except InvalidPlan as exc:
        raise FormatError(
            f"the document does not make a valid plan: {exc.reason}", text=exc.text, where=exc.where
        ) from exc


#: How many paragraphs above and below the table may hold its heading and summary.
_WINDOW = 200


def _blocks(document: Document) -> Iterator[tuple[str, Any]]:
    from docx.oxml.ns import qn

    paragraph, table = qn("w:p"), qn("w:tbl")
    for child in document.element.body.iterchildren():
        if child.tag == paragraph:
            yield "p", child
        elif child.tag == table:
            yield "tbl", child


def _is_ours(document: Document) -> bool:
    from docx.oxml.ns import qn

    wanted = L.style_id(L.STYLE_LABEL)
    return any(
        s.get(qn("w:styleId")) == wanted
        for s in document.styles.element.iterchildren(qn("w:style"))
    )


def read(
    source: Source, *, status_rules: StatusRules | None = None, limits: ZipLimits | None = None
) -> Plan:
    """Read the appendix table of a .docx document into a plan."""
    document = open_document(source, limits)
    try:
        return _read(document, status_rules)
    except CCHCError:
        raise
    except damage_errors() as exc:
        # XML that python-docx opened but that breaks the schema (a cell without
        # its grid span, a bad attribute value, ...).
        raise FormatError(
            f"damaged .docx document (word/document.xml): {type(exc).__name__}: {exc}; "
            "open it in Word (or LibreOffice) and save it again as a .docx document"
        ) from exc


def _read(document: Document, status_rules: StatusRules | None) -> Plan:
    blocks = list(_blocks(document))
    tables = [element for kind, element in blocks if kind == "tbl"]
    table = find_table(tables)
    ours = _is_ours(document)
    raw, summary_row = read_rows(table, ours=ours)
    position = next(i for i, (_, element) in enumerate(blocks) if element is table.element)
    start = max((i + 1 for i, (k, _) in enumerate(blocks[:position]) if k == "tbl"), default=0)
    end = next((i for i in range(position + 1, len(blocks)) if blocks[i][0] == "tbl"), len(blocks))
    # The heading and the summary are the paragraphs next to the table: a window
    # keeps a document of a million paragraphs from being read one by one.
    start, end = max(start, position - _WINDOW), min(end, position + 1 + _WINDOW)
    before = [element for _, element in blocks[start:position]]
    after = [element for _, element in blocks[position + 1 : end]]
    title, report_line = read_heading(before, ours)
    summary = read_summary(after, ours)
    if summary is None or (not ours and parse_summary(summary) is None):
        summary = summary_row

    embedded = read_embedded(document, status_rules) if ours else None
    if embedded is not None and _table_key(raw) == _plan_key(embedded):
        sections = embedded.sections
    else:
        sections = build_sections(raw, status_rules)

    title = title.strip() or (embedded.title if embedded is not None else "")
    if embedded is not None and title == layout.visible(embedded.title):
        title = embedded.title  # exactly: line endings and outer spaces included
    title = title or (document.core_properties.title or "").strip()
    if not title:
        raise FormatError(
            "no title: the document has no heading line above the appendix table "
            "and no title in its properties"
        )
    if embedded is not None and layout.report_line(embedded) == report_line:
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
        and (summary.strip() == layout.summary_text(embedded).strip())
    ):
        published = embedded.published
    else:
        published = parse_summary(summary) if summary else None
    return make_plan(title=title, sections=sections, published=published, **meta)
