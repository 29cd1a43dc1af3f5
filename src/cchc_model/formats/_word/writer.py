"""Writing a plan as a Word appendix in the official layout (python-docx, imported lazily)."""

from __future__ import annotations

import json
import os
import uuid
from typing import IO, TYPE_CHECKING, Any
from xml.etree import ElementTree

from cchc_model.errors import FormatError
from cchc_model.formats import _layout as layout
from cchc_model.formats._common import require_extra
from cchc_model.formats._word import layout as L
from cchc_model.formats.converters import to_document
from cchc_model.model import Plan

if TYPE_CHECKING:
    from docx.document import Document
    from docx.table import _Cell


def write(plan: Plan, target: str | os.PathLike[str] | IO[bytes], *, embed: bool = True) -> None:
    """Write ``plan`` to ``target`` (a path, written atomically, or a binary file)."""
    document = build(plan, embed=embed)
    if isinstance(target, (str, os.PathLike)):
        from cchc_model.formats._files import write_with

        write_with(target, document.save)
    else:
        document.save(target)


def build(plan: Plan, *, embed: bool = True) -> Document:
    """The python-docx document of ``plan``."""
    require_extra("docx", "docx", "writing a .docx document")
    import docx

    document = docx.Document()
    _page_setup(document)
    _styles(document)
    _content(document, plan)
    if embed:
        _embed(document, plan)
    document.core_properties.title = " ".join(plan.title.split())
    document.core_properties.author = "cchc-model"
    return document


def insert(plan: Plan, document: Document, *, after: Any = None, embed: bool = False) -> None:
    """Add the appendix of ``plan`` to an open ``document``: at its end, or after the
    paragraph (or table) ``after`` of its body. The document's own styles are left as
    they are; the appendix brings its styles (added once, when missing) and fits its
    table to the width of the page it lands on."""
    body = document.element.body
    anchor = None
    if after is not None:
        anchor = getattr(after, "_element", None)
        if anchor is None or anchor.getparent() is not body:
            raise ValueError(
                "after= must be a paragraph or table of the document's body "
                "(e.g. document.paragraphs[3]), not one inside a table or another document"
            )
    before = set(body)
    _styles(document, own_normal=False)
    _content(document, plan, width=_text_width(document, anchor), cell_style=STYLE_CELL)
    if embed:
        _embed(document, plan)
    if anchor is not None:
        added = [element for element in body if element not in before and element.tag != _SECT]
        for element in reversed(added):
            anchor.addnext(element)


#: The style of plain cell text in an appendix added to another document (whose
#: Normal style may carry spacing and a font the appendix does not want).
STYLE_CELL = "CCHC Cell"
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_SECT = f"{_W}sectPr"


def _text_width(document: Document, anchor: Any) -> int:
    """The text width (EMU) of the section ``anchor`` is in (the last one for the end)."""
    body = list(document.element.body)
    section = document.sections[-1]
    if anchor is not None:
        # A section other than the last ends at a paragraph whose properties carry a sectPr.
        position = body.index(anchor)
        ends = [i for i, e in enumerate(body) if e.find(f"./{_W}pPr/{_SECT}") is not None]
        later = [n for n, i in enumerate(ends) if i >= position]
        if later:
            section = document.sections[later[0]]
    width = (section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
    return int(width)


def _content(
    document: Document, plan: Plan, *, width: int | None = None, cell_style: str | None = None
) -> None:
    try:
        for line in layout.lines(plan.title):
            _paragraph(document, line, L.STYLE_TITLE)
        report = layout.report_line(plan)
        if report is not None:
            _paragraph(document, report, L.STYLE_REPORT)
        _table(document, plan, width=width, cell_style=cell_style)
        for line in layout.lines(layout.summary_text(plan)):
            _paragraph(document, line, L.STYLE_SUMMARY)
    except ValueError as exc:
        # lxml refuses text that XML cannot carry (control characters, lone surrogates).
        raise FormatError(f"the plan has text a Word document cannot hold: {exc}") from exc


def _paragraph(document: Document, text: str, style: str) -> None:
    # The style is set by id on the XML: python-docx's lookup by name is slow.
    document.add_paragraph(text)._p.style = L.style_id(style)


def _page_setup(document: Document) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Mm(20))
    for side in ("top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))


def _font(style: Any, *, size: float, bold: bool = False, italic: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style.font
    font.name = L.FONT
    font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    # Vietnamese text needs the font for every script slot, not only ASCII.
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        rfonts.set(qn(slot), L.FONT)


def _styles(document: Document, *, own_normal: bool = True) -> None:
    """The appendix's paragraph styles; ``own_normal`` also sets the Normal style (a new
    document), else the document's Normal is left alone and missing styles are added."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    styles = document.styles
    normal = styles["Normal"]
    if own_normal:
        _font(normal, size=12)
        normal.paragraph_format.space_after = Pt(0)
        normal.paragraph_format.space_before = Pt(0)
    existing = {style.name for style in styles}
    for name, size, bold, italic, centred in (
        (L.STYLE_TITLE, 13, True, False, True),
        (L.STYLE_REPORT, 13, False, True, True),
        (L.STYLE_HEADER, 12, True, False, True),
        (L.STYLE_LABEL, 12, True, False, False),
        (L.STYLE_SUMMARY, 13, False, False, False),
        *(() if own_normal else ((STYLE_CELL, 12, False, False, False),)),
    ):
        if name in existing:
            continue  # added by an earlier appendix, or restyled by the document's author
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        _font(style, size=size, bold=bold, italic=italic)
        if centred:
            style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if not own_normal:
            fmt = style.paragraph_format
            fmt.space_after, fmt.space_before, fmt.line_spacing = Pt(0), Pt(0), 1.0
            if not centred:
                fmt.alignment = WD_ALIGN_PARAGRAPH.LEFT
        if name == L.STYLE_SUMMARY:
            style.paragraph_format.space_before = Pt(3)


def _fill(
    cell: _Cell,
    text: str,
    *,
    style: str | None = None,
    append: bool = False,
) -> None:
    """Write ``text`` into ``cell``, one paragraph per line."""
    # Styles are set by id on the XML: python-docx's lookup by name is slow.
    style_id = L.style_id(style) if style is not None else None
    for i, line in enumerate(layout.lines(text)):
        paragraph = cell.paragraphs[0] if i == 0 and not append else cell.add_paragraph()
        if line:
            paragraph.add_run(line)
        if style_id is not None:
            paragraph._p.style = style_id


def _table(
    document: Document, plan: Plan, *, width: int | None = None, cell_style: str | None = None
) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Emu, Mm
    from docx.table import _Cell

    rows = 1 + sum(1 + sum(len(t.activities) for t in s.tasks) for s in plan.sections)
    table = document.add_table(rows=rows, cols=len(layout.COLUMNS))
    if "Table Grid" in {style.name for style in document.styles}:
        table.style = "Table Grid"
    else:
        _borders(table)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    widths = [Emu(Mm(w)) for w in L.WIDTHS_MM]
    if width is not None and 0 < width < sum(widths):
        # A narrower page (portrait, wide margins): the columns keep their proportions.
        widths = [Emu(w * width // sum(widths)) for w in widths]
    for column, column_width in zip(table.columns, widths, strict=True):
        column.width = column_width
    # Cells are taken straight from each row's XML: python-docx's table.cell() and
    # row.cells walk the whole table on every call.
    grid = []
    for tr in table._tbl.tr_lst:
        cells = [_Cell(tc, table) for tc in tr.tc_lst]
        for cell, cell_width in zip(cells, widths, strict=True):
            cell.width = cell_width
        grid.append(cells)

    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for cell, (_, title) in zip(grid[0], layout.COLUMNS, strict=True):
        _fill(cell, title, style=L.STYLE_HEADER)

    r = 1
    for section in plan.sections:
        cells = grid[r]
        _fill(cells[0], section.numeral, style=L.STYLE_HEADER)
        _fill(cells[1].merge(cells[-1]), section.title, style=L.STYLE_HEADER)
        r += 1
        for task in section.tasks:
            first = r
            for act in task.activities:
                cells = grid[r]
                _fill(cells[0], str(act.number), style=cell_style)
                if act.label:
                    _fill(cells[2], act.label, style=L.STYLE_LABEL)
                _fill(cells[2], act.text, style=cell_style, append=bool(act.label))
                _fill(cells[3], layout.status_text(act.status), style=cell_style)
                _fill(cells[4], act.products, style=cell_style)
                _fill(cells[5], act.explanation, style=cell_style)
                _fill(cells[6], act.note, style=cell_style)
                r += 1
            task_cell = grid[first][1]
            if r - 1 > first:
                task_cell = task_cell.merge(grid[r - 1][1])
            else:
                # A one-row task is marked as the start of a (one-row) merge, so that
                # two neighbouring tasks with the same title stay two tasks.
                task_cell._tc.vMerge = "restart"
            _fill(task_cell, task.title, style=cell_style)


def _borders(table: Any) -> None:
    """Single borders on every edge and between every cell (what "Table Grid" draws),
    for a document without that style."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (
            ("w:val", "single"),
            ("w:sz", "4"),
            ("w:space", "0"),
            ("w:color", "auto"),
        ):
            element.set(qn(key), value)
        borders.append(element)
    table._tbl.tblPr.append(borders)


_DATASTORE_NS = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"


def _embed(document: Document, plan: Plan) -> None:
    """Store the plan as the library's JSON in a custom XML part of the package.

    The part is laid out as Word lays out its own custom XML (an item and its
    properties part with an item id), so that Word keeps it when it saves the file.
    """
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.part import Part

    root = ElementTree.Element(f"{{{L.EMBED_NS}}}plan")
    # ASCII-only JSON: every character XML cannot carry is escaped by json.
    text = json.dumps(to_document(plan), ensure_ascii=True, separators=(",", ":"))
    root.text = text
    blob = ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)
    package = document.part.package
    partname = package.next_partname("/customXml/item%d.xml")
    item = Part(partname, "application/xml", blob, package)
    document.part.relate_to(item, RT.CUSTOM_XML)

    # The same plan always gets the same item id: the output is reproducible.
    item_id = "{" + str(uuid.uuid5(uuid.NAMESPACE_URL, L.EMBED_NS + text)).upper() + "}"
    props = ElementTree.Element(
        f"{{{_DATASTORE_NS}}}datastoreItem", {f"{{{_DATASTORE_NS}}}itemID": item_id}
    )
    ElementTree.SubElement(props, f"{{{_DATASTORE_NS}}}schemaRefs")
    props_name = package.next_partname("/customXml/itemProps%d.xml")
    props_blob = ElementTree.tostring(props, encoding="utf-8", xml_declaration=True)
    props_part = Part(props_name, CT.OFC_CUSTOM_XML_PROPERTIES, props_blob, package)
    item.relate_to(props_part, RT.CUSTOM_XML_PROPS)
