"""write_docx into an open docx.Document: the appendix inside a report of one's own.

The golden file tests/golden/docx_embed.txt is an outline of the document read
back (paragraph styles and texts, the table's merged cells); regenerate it with
CCHC_REGENERATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

docx = pytest.importorskip("docx")

from cchc_model import progress, read_docx, reconcile, write_docx  # noqa: E402
from cchc_model.examples import thanh_xa_2023  # noqa: E402

from .test_display import _check_golden  # noqa: E402

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _report() -> Any:
    """A report of one's own: its own Normal font and spacing, a heading, two sections."""
    from docx.shared import Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(8)
    document.add_heading("BÁO CÁO Kết quả thực hiện công tác CCHC năm 2023", level=1)
    document.add_paragraph("I. Kết quả thực hiện kế hoạch CCHC")
    document.add_paragraph("II. Phương hướng, nhiệm vụ thời gian tới")
    return document


def _reread(document: Any) -> Any:
    buffer = io.BytesIO()
    document.save(buffer)
    return docx.Document(io.BytesIO(buffer.getvalue())), buffer.getvalue()


def _outline(document: Any) -> str:
    """Body elements in order: paragraphs with their style, tables with their merges."""
    lines = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            style = element.find(f"{W}pPr/{W}pStyle")
            name = style.get(f"{W}val") if style is not None else "Normal"
            text = "".join(t.text or "" for t in element.iter(f"{W}t"))
            lines.append(f"P [{name}] {text}")
        elif element.tag == f"{W}tbl":
            for r, tr in enumerate(element.iter(f"{W}tr")):
                cells = []
                for tc in tr.iter(f"{W}tc"):
                    span = tc.find(f"{W}tcPr/{W}gridSpan")
                    merge = tc.find(f"{W}tcPr/{W}vMerge")
                    text = " / ".join(
                        "".join(t.text or "" for t in p.iter(f"{W}t")) for p in tc.iter(f"{W}p")
                    )
                    mark = ""
                    if span is not None:
                        mark += f"<span {span.get(f'{W}val')}>"
                    if merge is not None:
                        mark += f"<{merge.get(f'{W}val') or 'continue'}>"
                    cells.append(f"{mark}{text[:40]}")
                lines.append(f"  row {r}: " + " | ".join(cells))
        elif element.tag == f"{W}sectPr":
            lines.append("SECTION END")
    return "\n".join(lines) + "\n"


def test_appendix_after_a_paragraph_golden() -> None:
    document = _report()
    write_docx(thanh_xa_2023(), document, after=document.paragraphs[1])
    back, data = _reread(document)
    _check_golden("docx_embed.txt", _outline(back))
    texts = [p.text for p in back.paragraphs]
    # What was there is kept, in order, around the appendix.
    assert texts[0] == "BÁO CÁO Kết quả thực hiện công tác CCHC năm 2023"
    assert texts[1] == "I. Kết quả thực hiện kế hoạch CCHC"
    assert texts[2] == "PHỤ LỤC 1"
    assert texts[-1] == "II. Phương hướng, nhiệm vụ thời gian tới"
    # The appendix reads back: figures, merged task cells, published summary.
    plan = read_docx(data)
    p = progress(plan)
    assert (p.tasks.completed, p.tasks.total, p.activities.completed) == (20, 25, 30)
    assert [len(t.activities) for t in plan.tasks][:7] == [1, 1, 1, 1, 3, 1, 2]
    assert reconcile(plan) == ()


def test_the_report_text_after_the_appendix_is_not_its_summary() -> None:
    # A plan without published figures (the writer prints the computed summary),
    # then the report's own text: that text states no figure of the appendix.
    import attrs

    plan = attrs.evolve(thanh_xa_2023(), published=None)
    document = _report()
    write_docx(plan, document, after=document.paragraphs[1], embed=True)
    document.paragraphs[-1].insert_paragraph_before(
        "Phấn đấu khắc phục 02 hoạt động chậm tiến độ. Nơi nhận: UBND huyện."
    )
    _, data = _reread(document)
    assert read_docx(data).published is None


def test_host_styles_are_kept() -> None:
    document = _report()
    write_docx(thanh_xa_2023(), document)
    back, _ = _reread(document)
    normal = back.styles["Normal"]
    assert normal.font.name == "Arial"
    assert normal.font.size.pt == 11
    assert normal.paragraph_format.space_after.pt == 8
    names = {s.name for s in back.styles}
    assert {"CCHC Title", "CCHC Summary", "CCHC Cell", "CCHC Column Title"} <= names
    cell = back.styles["CCHC Cell"]
    assert cell.font.name == "Times New Roman"
    assert cell.paragraph_format.space_after.pt == 0
    # Cell text uses the appendix's style, not the report's Normal.
    table = back.tables[0]
    assert table.cell(2, 0).paragraphs[0].style.name == "CCHC Cell"
    assert table.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None  # header on every page


def test_appendix_at_the_end_and_twice() -> None:
    document = _report()
    write_docx(thanh_xa_2023(), document)
    write_docx(thanh_xa_2023(), document)
    back, data = _reread(document)
    assert len(back.tables) == 2
    assert [s.name for s in back.styles].count("CCHC Title") == 1
    assert back.paragraphs[2].text == "II. Phương hướng, nhiệm vụ thời gian tới"
    assert back.paragraphs[3].text == "PHỤ LỤC 1"
    assert read_docx(data).activity(38).number == 38


def test_table_fits_a_portrait_page() -> None:
    document = _report()  # python-docx's default: US Letter portrait, 1.25" margins
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    write_docx(thanh_xa_2023(), document)
    back, _ = _reread(document)
    grid = back.tables[0]._tbl.tblGrid
    widths = [int(col.get(f"{W}w")) for col in grid.iter(f"{W}gridCol")]
    assert sum(widths) * 635 <= text_width  # twips → EMU
    assert sum(widths) * 635 > 0.95 * text_width


def test_embed_on_request() -> None:
    document = _report()
    plan = thanh_xa_2023()
    write_docx(plan, document, embed=True)
    _, data = _reread(document)
    assert read_docx(data) == plan
    document = _report()
    write_docx(plan, document)
    back, _ = _reread(document)
    blobs = [part.blob for part in back.part.package.iter_parts()]
    assert not [b for b in blobs if b"urn:cchc-model:plan" in b]


def test_document_without_table_grid_gets_borders() -> None:
    document = _report()
    styles = document.styles.element
    for style in list(styles):
        if style.get(f"{W}styleId") == "TableGrid":
            styles.remove(style)
    write_docx(thanh_xa_2023(), document)
    back, data = _reread(document)
    borders = back.tables[0]._tbl.tblPr.find(f"{W}tblBorders")
    assert borders is not None
    assert [b.get(f"{W}val") for b in borders] == ["single"] * 6
    assert progress(read_docx(data)).activities.completed == 30


def test_error_after_must_be_in_the_body() -> None:
    document = _report()
    other = docx.Document().add_paragraph("x")
    with pytest.raises(ValueError, match="after= must be a paragraph or table"):
        write_docx(thanh_xa_2023(), document, after=other)
    with pytest.raises(TypeError, match="after= places the appendix in an open"):
        write_docx(thanh_xa_2023(), io.BytesIO(), after=document.paragraphs[0])


def test_error_not_a_plan() -> None:
    with pytest.raises(TypeError, match="write_docx\\(\\) takes a Plan"):
        write_docx("plan.json", _report())  # type: ignore[arg-type]
