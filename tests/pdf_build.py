"""Making PDF documents for the PDF reader's tests.

Word documents come from the library's own writer or, for a layout unlike ours,
from python-docx directly; LibreOffice turns them into PDF, all files in one
call (each start of LibreOffice costs seconds). ``scripts/make_pdf_fixtures.py``
uses this module to write the committed fixtures in ``tests/data/pdf``; the
tests that need LibreOffice call :func:`convert` themselves.

The encrypted and image-only PDFs are written byte by byte (no LibreOffice).
"""

from __future__ import annotations

import io
import subprocess
import tempfile
import zlib
from pathlib import Path

from cchc_model import Plan
from cchc_model.formats import _layout as layout

FIXTURES = Path(__file__).parent / "data" / "pdf"


def convert(documents: dict[str, bytes], soffice: str = "soffice") -> dict[str, bytes]:
    """The PDF bytes of each .docx document, by name, converted in one LibreOffice call."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sources = []
        for name, data in documents.items():
            path = root / f"{name}.docx"
            path.write_bytes(data)
            sources.append(str(path))
        out = root / "out"
        # A profile of its own: LibreOffice refuses to start beside another instance
        # that uses the same one.
        profile = (root / "profile").as_uri()
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                *sources,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return {name: (out / f"{name}.pdf").read_bytes() for name in documents}


def ours(plan: Plan) -> bytes:
    """The .docx bytes :func:`cchc_model.write_docx` writes for ``plan``."""
    from cchc_model import write_docx

    buffer = io.BytesIO()
    write_docx(plan, buffer, embed=False)
    return buffer.getvalue()


def first_section(plan: Plan) -> Plan:
    """``plan`` cut to its first section, without published figures: a short document."""
    import attrs

    return attrs.evolve(plan, sections=plan.sections[:1], published=None)


#: A layout unlike ours: other header titles, a numbering row, narrow columns.
_FOREIGN_TITLES = (
    "STT",
    "Nội dung nhiệm vụ",
    "Các hoạt động",
    "Tình hình thực hiện",
    "Kết quả đầu ra",
    "Lý do",
    "Ghi chú",
)


def foreign(plan: Plan, *, landscape: bool) -> bytes:
    """``plan`` as another office might lay it out (python-docx, no library styles).

    A4 portrait (narrow columns, many rows split over pages) or landscape; a
    header line and a decoy table before the appendix; other column titles and
    a row numbering the columns, both repeated on every page; task text centred
    in its merged cell (so that it may sit on the page after the cell's first
    rows); label and text on one line; the summary under the table.
    """
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.oxml import OxmlElement
    from docx.shared import Mm, Pt

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
        widths = (10, 45, 60, 30, 60, 25, 27)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
        widths = (9, 26, 34, 22, 38, 14, 13)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(18))

    document.add_paragraph("UỶ BAN NHÂN DÂN XÃ THANH XÁ")
    document.add_paragraph("Danh sách Tổ công tác cải cách hành chính")
    decoy = document.add_table(rows=3, cols=3)
    decoy.style = "Table Grid"
    for r, row in enumerate((("TT", "Họ và tên", "Nhiệm vụ"), ("1", "Nguyễn Văn A", "Tổ trưởng"))):
        for cell, text in zip(decoy.rows[r].cells, row, strict=True):
            cell.text = text
    decoy.rows[2].cells[0].text = "2"
    decoy.rows[2].cells[1].text = "Trần Thị B"
    decoy.rows[2].cells[2].text = "Thành viên, theo dõi tiến độ"
    document.add_paragraph("")
    for line in layout.lines(plan.title):
        document.add_paragraph().add_run(line).bold = True
    report = layout.report_line(plan)
    if report is not None:
        document.add_paragraph().add_run(report).italic = True

    rows = 2 + sum(1 + sum(len(t.activities) for t in s.tasks) for s in plan.sections)
    table = document.add_table(rows=rows, cols=7)
    table.style = "Table Grid"
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Mm(width)
    for r in (0, 1):
        table.rows[r]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for c, title in enumerate(_FOREIGN_TITLES):
        table.cell(0, c).text = title
        table.cell(1, c).text = f"({c + 1})"
    r = 2
    for sec in plan.sections:
        table.cell(r, 0).text = sec.numeral
        table.cell(r, 1).merge(table.cell(r, 6)).text = sec.title
        r += 1
        for task in sec.tasks:
            first = r
            for act in task.activities:
                table.cell(r, 0).text = str(act.number)
                table.cell(r, 2).text = f"{act.label} {act.text}".strip()
                table.cell(r, 3).text = layout.status_text(act.status)
                table.cell(r, 4).text = act.products
                table.cell(r, 5).text = act.explanation
                table.cell(r, 6).text = act.note
                r += 1
            merged = table.cell(first, 1).merge(table.cell(r - 1, 1))
            merged.text = task.title
            merged.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for line in layout.lines(layout.summary_text(plan)):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def borderless(plan: Plan) -> bytes:
    """The appendix in a table drawn without ruling lines."""
    import docx

    document = docx.Document()
    document.add_paragraph(layout.lines(plan.title)[0])
    table = document.add_table(rows=2, cols=4)  # the default style draws no lines
    for c, title in enumerate(("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ")):
        table.cell(0, c).text = title
    act = plan.sections[0].tasks[0].activities[0]
    for c, text in enumerate((str(act.number), "Nhiệm vụ", act.text, act.status.text)):
        table.cell(1, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    """A PDF file of ``objects`` (numbered from 1; object 1 is the catalog)."""
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R %s>>\n" % (len(objects) + 1, trailer))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def image_only() -> bytes:
    """A one-page PDF holding only a grey image, as a scanner makes."""
    pixels = zlib.compress(b"\x80" * 64)
    content = b"q 400 0 0 400 100 300 cm /Im1 Do Q"
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /XObject << /Im1 5 0 R >> >> /Contents 4 0 R >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
            b"<< /Type /XObject /Subtype /Image /Width 8 /Height 8 /ColorSpace /DeviceGray "
            b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
            % len(pixels)
            + pixels
            + b"\nendstream",
        ]
    )


def encrypted() -> bytes:
    """A PDF encrypted with a user password (RC4, 40 bits): not the empty one."""
    return _pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
            b"<< /Filter /Standard /V 1 /R 2 /P -4 /O <"
            + b"11" * 32
            + b"> /U <"
            + b"22" * 32
            + b"> >>",
        ],
        trailer=b"/Encrypt 3 0 R /ID [<00112233445566778899aabbccddeeff> "
        b"<00112233445566778899aabbccddeeff>] ",
    )
