"""Word documents: fixtures built in code with python-docx, in the layouts real appendices use."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from typing import Any

import attrs
import pytest
from hypothesis import given, settings

from cchc_model import (
    Activity,
    DocumentRef,
    Plan,
    PublishedFigures,
    Section,
    Status,
    StatusKind,
    Task,
    progress,
    read_docx,
    reconcile,
    write_docx,
)
from cchc_model.cli._io import for_the_command_line
from cchc_model.documents import find_document_refs
from cchc_model.errors import FormatError, UnknownStatus
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats import dumps, loads
from cchc_model.model.status import ADD_A_PHRASE, DEFAULT_RULES, StatusRule

from .strategies import plans

docx = pytest.importorskip("docx")

from docx.enum.section import WD_ORIENT  # noqa: E402 - after the importorskip
from docx.oxml.ns import qn  # noqa: E402

# --------------------------------------------------------------------------- #
# The appendix the fixtures encode, in logical form
# --------------------------------------------------------------------------- #

TITLES = {
    "number": "TT",
    "task": "Nội dung thực hiện",
    "activity": "Hoạt động",
    "status": "Tiến độ\n(hoàn thành/đang triển khai)",
    "products": "Sản phẩm/sản phẩm dự kiến",
    "explanation": "Giải trình\n(đối với trường hợp chậm, muộn)",
    "note": "Ghi chú",
}
ORDER = ("number", "task", "activity", "status", "products", "explanation", "note")

PRODUCTS = (
    "- Kế hoạch số 63/KH-UBND ngày \n30/12/2022 về cải cách hành chính nhà nước năm 2023;\n"
    "-Nghị quyết số 27-NQ/ĐU ngày 03/02/2023 về tăng cường sự lãnh đạo của Đảng"
)
#: The references in PRODUCTS, as the document-number parser reads them.
DOCUMENTS = (
    DocumentRef.parse(
        "Kế hoạch số 63/KH-UBND ngày 30/12/2022 về cải cách hành chính nhà nước năm 2023"
    ),
    DocumentRef.parse("Nghị quyết số 27-NQ/ĐU ngày 03/02/2023 về tăng cường sự lãnh đạo của Đảng"),
)

# (numeral, title, [(task title, [(number, label, text, status, products, explanation, note)])])
ROWS: list[tuple[str, str, list[tuple[str, list[tuple[Any, ...]]]]]] = [
    (
        "I",
        "Công tác chỉ đạo điều hành",
        [
            (
                "Ban hành các văn bản lãnh đạo, chỉ đạo về công tác CCHC",
                [
                    (
                        1,
                        "1. Hoạt động 1",
                        "Xây dựng Kế hoạch CCHC nhà nước xã năm 2023",
                        "Hoàn thành",
                        PRODUCTS,
                        "",
                        "",
                    ),
                ],
            ),
            (
                "Ban hành các văn bản triển khai công tác tự kiểm tra CCHC",
                [
                    (2, "2. Hoạt động 2", "Xây dựng KH tự kiểm tra", "Hoàn thành", "", "", ""),
                    (
                        3,
                        "3. Hoạt động 3",
                        "Thành lập Đoàn tự kiểm tra",
                        "Đang triển khai",
                        "",
                        "",
                        "",
                    ),
                    (
                        4,
                        "4. Hoạt động 4",
                        "Thông báo kết luận kiểm tra",
                        "Chưa đến thời điểm báo cáo",
                        "",
                        "",
                        "Thực hiện\nQuý 4/2023",
                    ),
                ],
            ),
        ],
    ),
    (
        "II",
        "Cải cách thể chế",
        [
            (
                "Nâng cao chất lượng xây dựng văn bản quy phạm pháp luật",
                [
                    (
                        5,
                        "1. Hoạt động 1",
                        "Xây dựng văn bản QPPL",
                        "Đã và đang thực hiện",
                        "",
                        "",
                        "",
                    ),
                    (
                        6,
                        "2. Hoạt động 2",
                        "Rà soát văn bản",
                        "Chậm tiến độ",
                        "",
                        "Thiếu cán bộ",
                        "",
                    ),
                ],
            ),
        ],
    ),
]

HEADING = [
    "PHỤ LỤC 1",
    "ĐÁNH GIÁ TIẾN ĐỘ KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ CCHC NĂM 2023",
    "THEO KẾ HOẠCH SỐ 63/KH-UBND NGÀY 30/12/2022 CỦA UỶ BAN NHÂN DÂN XÃ THANH XÁ",
    "(Kèm theo Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã Thanh Xá)",
]
SUMMARY = [
    "Tổng số 03 nhiệm vụ và 06 hoạt động",
    "Thực hiện hoàn thành 02/03 nhiệm vụ, đạt 67% kế hoạch",
    "Thực hiện hoàn thành 03/06 hoạt động, đạt 50% kế hoạch",
    "Đã và đang triển khai thực hiện 01 hoạt động",
    "Chưa đến thời điểm thực hiện 01 hoạt động",
]


def expected(*, explanation: bool = True) -> Plan:
    """The plan every fixture layout must read to."""
    return Plan(
        title="\n".join(HEADING[:3]),
        issuer="UBND xã Thanh Xá",
        year=2023,
        reference=DocumentRef.parse("Kế hoạch số 63/KH-UBND ngày 30/12/2022"),
        report=DocumentRef.parse("Báo cáo số 73/BC-UBND ngày 11/9/2023"),
        sections=tuple(
            Section(
                numeral=numeral,
                title=title,
                tasks=tuple(
                    Task(
                        title=task,
                        activities=tuple(
                            Activity(
                                number=n,
                                label=label,
                                text=text,
                                status=Status.parse(status),
                                products=products,
                                explanation=expl if explanation else "",
                                note=note,
                            )
                            for n, label, text, status, products, expl, note in acts
                        ),
                    )
                    for task, acts in tasks
                ),
            )
            for numeral, title, tasks in ROWS
        ),
        published=PublishedFigures(
            tasks_total=3,
            tasks_completed=2,
            tasks_percent=67,
            activities_total=6,
            activities_completed=3,
            activities_percent=50,
            activities_in_progress=1,
            activities_not_due=1,
            text="\n".join(SUMMARY),
        ),
    )


def same_content(read: Plan, plan: Plan) -> None:
    """Field by field, so that a failure says where (``read == plan`` says only no)."""
    assert (read.title, read.issuer, read.year) == (plan.title, plan.issuer, plan.year)
    assert (read.reference, read.report) == (plan.reference, plan.report)
    assert read.published == plan.published
    assert len(read.sections) == len(plan.sections)
    for got, want in zip(read.sections, plan.sections, strict=True):
        assert (got.numeral, got.title) == (want.numeral, want.title)
        assert [t.title for t in got.tasks] == [t.title for t in want.tasks]
        assert [t.numbers for t in got.tasks] == [t.numbers for t in want.tasks]
        for a, b in zip(got.activities, want.activities, strict=True):
            assert a == b
    assert read == plan


# --------------------------------------------------------------------------- #
# Building foreign documents with python-docx
# --------------------------------------------------------------------------- #


def fill(cell: Any, text: str, *, breaks: bool = False) -> None:
    """One paragraph per line, or one paragraph with line breaks."""
    lines = text.split("\n")
    paragraph = cell.paragraphs[0]
    if breaks:
        run = paragraph.add_run(lines[0])
        for line in lines[1:]:
            run.add_break()
            run.add_text(line)
        return
    paragraph.add_run(lines[0])
    for line in lines[1:]:
        cell.add_paragraph(line)


def header_row(table: Any, columns: Sequence[str]) -> None:
    row = table.add_row()
    for cell, field in zip(row.cells, columns, strict=True):
        fill(cell, TITLES[field])


def unrelated_table(document: Any) -> None:
    table = document.add_table(rows=2, cols=3)
    for cell, text in zip(table.rows[0].cells, ("STT", "Họ và tên", "Chức vụ"), strict=True):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ("1", "Nguyễn Văn A", "Chủ tịch"), strict=True):
        cell.text = text


def build(
    *,
    columns: Sequence[str] = ORDER,
    tasks: str = "merged",
    tt: str = "{}",
    section: str = "split",
    header_every: int | None = None,
    numbering_row: bool = False,
    empty_rows: bool = False,
    tables_before: int = 0,
    tables_after: int = 0,
    breaks: bool = False,
    label_inline: bool = False,
    heading: Sequence[str] = HEADING,
    summary: Sequence[str] = SUMMARY,
    statuses: dict[int, str] | None = None,
) -> bytes:
    """A .docx appendix of :data:`ROWS` in the layout the arguments describe.

    :param tasks: "merged" (w:vMerge), "repeated" (the title on every row) or "blank"
        (the title on the first row only).
    :param tt: how TT is written ("{}", "{}.").
    :param section: "split" (numeral in TT, title merged across the rest) or "one"
        ("I. Title" in one cell merged across the whole row).
    """
    document = docx.Document()
    document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    document.add_paragraph("")
    for _ in range(tables_before):
        unrelated_table(document)
        document.add_paragraph("")
    for line in heading:
        document.add_paragraph(line)
    table = document.add_table(rows=0, cols=len(columns))
    table.style = "Table Grid"
    header_row(table, columns)
    if numbering_row:
        row = table.add_row()
        for i, cell in enumerate(row.cells, 1):
            cell.text = f"({i})"
    index = {field: i for i, field in enumerate(columns)}
    emitted = 0
    for numeral, title, task_list in ROWS:
        row = table.add_row()
        cells = row.cells
        if section == "split":
            fill(cells[index["number"]], numeral)
            others = [c for i, c in enumerate(cells) if i != index["number"]]
            merged = others[0].merge(others[-1]) if index["number"] in (0, len(cells) - 1) else None
            fill(merged if merged is not None else others[0], title)
        else:
            fill(cells[0].merge(cells[-1]), f"{numeral}. {title}")
        for task_title, acts in task_list:
            first_row = None
            for k, (n, label, text, status, products, expl, note) in enumerate(acts):
                if header_every and emitted and emitted % header_every == 0:
                    header_row(table, columns)
                if empty_rows and n == 3:
                    table.add_row()
                row = table.add_row()
                emitted += 1
                cells = row.cells
                if first_row is None:
                    first_row = row
                values = {
                    "number": tt.format(n),
                    "activity": f"{label}: {text}" if label_inline else f"{label}\n{text}",
                    "status": (statuses or {}).get(n, status),
                    "products": products,
                    "explanation": expl,
                    "note": note,
                }
                for field, value in values.items():
                    if field in index and value:
                        fill(cells[index[field]], value, breaks=breaks)
                if tasks == "repeated" or (k == 0 and tasks in ("blank", "merged")):
                    fill(cells[index["task"]], task_title, breaks=breaks)
                if tasks == "merged" and k > 0:
                    tc = cells[index["task"]]._tc
                    tc.vMerge = "continue"
                    if k == 1:
                        first_tc = first_row.cells[index["task"]]._tc
                        first_tc.vMerge = "restart"
    if empty_rows:
        table.add_row()
    document.add_paragraph("")
    for line in summary:
        document.add_paragraph(line)
    document.add_paragraph("")
    for _ in range(tables_after):
        unrelated_table(document)  # a signature block, say
        document.add_paragraph("")
    document.add_paragraph("CHỦ TỊCH")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --------------------------------------------------------------------------- #
# Reading foreign layouts
# --------------------------------------------------------------------------- #

LAYOUTS = {
    "merged task cells": {},
    "repeated task cells": {"tasks": "repeated"},
    "blank continued task cells": {"tasks": "blank"},
    "TT with a dot": {"tt": "{}."},
    "section in one merged cell": {"section": "one"},
    "header repeated on each page": {"header_every": 2},
    "column numbering row": {"numbering_row": True},
    "extra empty rows": {"empty_rows": True},
    "unrelated table before": {"tables_before": 1},
    "unrelated tables around": {"tables_before": 2, "tables_after": 1},
    "line breaks in cells": {"breaks": True},
    "label and text on one line": {"label_inline": True},
    "columns reordered": {
        "columns": ("number", "activity", "task", "note", "status", "products", "explanation")
    },
    "TT last": {
        "columns": ("task", "activity", "status", "products", "explanation", "note", "number")
    },
    "everything at once": {
        "tasks": "blank",
        "tt": "{}.",
        "section": "one",
        "header_every": 3,
        "numbering_row": True,
        "empty_rows": True,
        "tables_before": 1,
        "tables_after": 1,
        "breaks": True,
    },
}


@pytest.mark.parametrize("layout", LAYOUTS.values(), ids=LAYOUTS.keys())
def test_read_layout(layout: dict[str, Any]) -> None:
    data = build(**layout)
    plan = read_docx(data)
    if layout.get("label_inline"):
        # "1. Hoạt động 1: text" on one line: the label keeps its colon.
        want = expected()
        acts = {a.number: a for a in plan.activities}
        for act in want.activities:
            assert acts[act.number].label == act.label + ":"
            assert acts[act.number].text == act.text
        return
    same_content(plan, expected())


def test_read_missing_explanation_column() -> None:
    columns = ("number", "task", "activity", "status", "products", "note")
    plan = read_docx(build(columns=columns))
    same_content(plan, expected(explanation=False))


def test_read_without_tt_numbers_rows_in_order() -> None:
    columns = ("task", "activity", "status", "products", "explanation", "note")
    plan = read_docx(build(columns=columns, section="one"))
    same_content(plan, expected())


def test_read_figures_reconcile() -> None:
    plan = read_docx(build())
    assert reconcile(plan) == ()
    p = progress(plan)
    assert (p.tasks.completed, p.tasks.total, p.activities.completed) == (2, 3, 3)


def test_read_summary_disagreeing_with_table() -> None:
    summary = ["Tổng số 03 nhiệm vụ và 06 hoạt động — Thực hiện hoàn thành 05/06 hoạt động"]
    plan = read_docx(build(summary=summary))
    assert plan.published is not None
    assert plan.published.activities_completed == 5
    assert [d.figure for d in reconcile(plan)] == ["activities_completed"]


def test_read_no_summary_no_heading() -> None:
    plan = read_docx(build(summary=[], heading=["Phụ lục"]))
    assert plan.published is None
    assert plan.title == "Phụ lục"
    assert plan.issuer == ""
    assert plan.year is None
    assert plan.reference is None
    assert plan.report is None


def test_read_path(tmp_path: Any) -> None:
    path = tmp_path / "phu_luc.docx"
    path.write_bytes(build())
    same_content(read_docx(path), expected())
    same_content(read_docx(str(path)), expected())
    with path.open("rb") as f:
        same_content(read_docx(f), expected())


def test_read_with_custom_status_rules() -> None:
    data = build(statuses={2: "Tạm dừng"})
    rules = DEFAULT_RULES.prepend(StatusRule("Tạm dừng", StatusKind.DELAYED))
    plan = read_docx(data, status_rules=rules)
    assert plan.activity(2).status == Status(kind=StatusKind.DELAYED, text="Tạm dừng")


@pytest.mark.parametrize("fmt", ["docx", "xlsx", "json", "csv"])
def test_own_status_rules_count_a_file_the_library_wrote(fmt: str) -> None:
    # A Word file of ours carries the plan as JSON too: its statuses are
    # classified with the caller's rules, as the visible table's would be.
    # (Written with the built-in rules: its stated kinds give way to the rules.)
    rules = DEFAULT_RULES.prepend(StatusRule("Đã và đang thực hiện", StatusKind.IN_PROGRESS))
    plan = thanh_xa_2023()
    again = loads(dumps(plan, format=fmt), format=fmt, status_rules=rules)
    kinds = [rules.classify(a.status.text) for a in plan.activities]
    assert [a.status.kind for a in again.activities] == kinds
    assert kinds != [a.status.kind for a in plan.activities]  # the rules changed some
    assert progress(again).activities.completed == kinds.count(StatusKind.COMPLETED) == 27


def test_read_tracked_changes_and_content_controls() -> None:
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document(io.BytesIO(build()))
    table = document.tables[0]
    # Activity 1 (row 3): a tracked insertion and deletion in its text, and its
    # Tiến độ wrapped in a content control.
    paragraph = table.rows[2].cells[2].paragraphs[-1]
    paragraph._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="1" w:author="VP"><w:r><w:t xml:space="preserve">'
            " (bổ sung)</w:t></w:r></w:ins>"
        )
    )
    paragraph._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="VP"><w:r><w:delText> (bỏ)'
            "</w:delText></w:r></w:del>"
        )
    )
    status_tc = table.rows[2].cells[3]._tc
    status_p = status_tc.findall(qn("w:p"))[0]
    sdt = parse_xml(f"<w:sdt {nsdecls('w')}><w:sdtPr/><w:sdtContent/></w:sdt>")
    status_tc.replace(status_p, sdt)
    sdt.find(qn("w:sdtContent")).append(status_p)
    plan = read_docx(_document_bytes(document))
    assert plan.activity(1).text == "Xây dựng Kế hoạch CCHC nhà nước xã năm 2023 (bổ sung)"
    assert plan.activity(1).status == Status.parse("Hoàn thành")


# --------------------------------------------------------------------------- #
# Errors
# --------------------------------------------------------------------------- #


def test_error_unknown_status_names_row_and_text() -> None:
    data = build(statuses={3: "Tạm dừng"})
    with pytest.raises(UnknownStatus) as info:
        read_docx(data)
    # header row 1, section row 2, activities 1 and 2 on rows 3 and 4.
    assert info.value.where == "row 5"
    assert info.value.text == "Tạm dừng"
    assert "activity 3" in str(info.value)


def test_error_empty_status() -> None:
    with pytest.raises(UnknownStatus, match="empty") as info:
        read_docx(build(statuses={1: ""}))
    assert info.value.where == "row 3"


@pytest.mark.parametrize(
    ("data", "found"),
    [
        (b"", "an empty file"),
        (b"{\\rtf1\\ansi hello}", "an RTF document"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest", "old binary Word .doc"),
        (b"%PDF-1.7", "a PDF document"),
        (b"hello world", "not a zip package"),
    ],
)
def test_error_not_a_docx(data: bytes, found: str) -> None:
    with pytest.raises(FormatError, match=r"not a Word \.docx document") as info:
        read_docx(data)
    assert found in str(info.value)


def test_error_zip_but_not_word() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "xin chào")
    with pytest.raises(FormatError, match=r"not a Word \.docx document"):
        read_docx(buffer.getvalue())


@pytest.mark.parametrize("at", [49, 200, 1000])
def test_error_damaged_docx(at: int) -> None:
    data = written(expected())
    damaged = data[:at] + b"\x00\xff\x00" + data[at + 3 :]  # inside a compressed member
    with pytest.raises(
        FormatError, match=r"damaged \.docx document: member '.*' cannot be unpacked "
    ):
        read_docx(damaged)


def test_error_truncated_docx() -> None:
    data = written(expected())
    with pytest.raises(FormatError, match=r"\.docx document"):
        read_docx(data[: len(data) // 2])


def _document_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_cell_merged_down_activities_gives_its_text_to_each() -> None:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=5, cols=5)
    rows = [
        ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Sản phẩm"),
        ("I", "Khu vực", "", "", ""),
        ("1", "Việc", "Làm", "Hoàn thành", "Kế hoạch số 05/KH-UBND"),
        ("2", "", "Làm nữa", "", ""),
        ("3", "", "Làm thêm", "Đang triển khai", ""),
    ]
    for r, values in enumerate(rows):
        for cell, text in zip(table.rows[r].cells, values, strict=True):
            cell.text = text
    table.cell(2, 1).merge(table.cell(4, 1))
    table.cell(2, 3).merge(table.cell(3, 3))
    buffer = io.BytesIO()
    document.save(buffer)
    plan = read_docx(buffer.getvalue())
    assert [a.status.text for a in plan.activities] == [
        "Hoàn thành",
        "Hoàn thành",
        "Đang triển khai",
    ]
    assert progress(plan).activities.completed == 2


def test_group_title_beside_the_tien_do_column() -> None:
    # Tiến độ merged down both header rows, "Kết quả thực hiện" over Sản phẩm and
    # Ghi chú: the group title names no column (it was refused as a second Tiến độ).
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    table = document.add_table(rows=4, cols=6)
    rows = [
        ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Kết quả thực hiện", ""),
        ("", "", "", "", "Sản phẩm", "Ghi chú"),
        ("I", "Khu vực", "", "", "", ""),
        ("1", "Việc", "Làm", "Hoàn thành", "Kế hoạch số 05/KH-UBND", "x"),
    ]
    for r, values in enumerate(rows):
        for cell, text in zip(table.rows[r].cells, values, strict=True):
            cell.text = text
    for column in range(4):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(0, 4).merge(table.cell(0, 5))
    buffer = io.BytesIO()
    document.save(buffer)
    [act] = read_docx(buffer.getvalue()).activities
    assert (act.status.text, act.products, act.note) == (
        "Hoàn thành",
        "Kế hoạch số 05/KH-UBND",
        "x",
    )


def test_error_two_columns_with_one_title() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=6)
    titles = ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ dự kiến", "Tiến độ thực hiện", "")
    for r, values in enumerate(
        [titles, ("I", "Khu vực", "", "", "", ""), ("1", "nv", "hđ", "Quý 4", "Hoàn thành", "")]
    ):
        for cell, text in zip(table.rows[r].cells, values, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(FormatError, match="'Tiến độ dự kiến' and 'Tiến độ thực hiện'") as info:
        read_docx(buffer.getvalue())
    assert info.value.where == "table 1, row 1"


@pytest.mark.parametrize("repeated", [False, True])
def test_read_header_on_two_rows(repeated: bool) -> None:
    # "Kết quả thực hiện" spans Tiến độ and Sản phẩm; the other titles are merged
    # down both header rows. Common in official tables; at a page break both
    # header rows come again.
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC 1")
    table = document.add_table(rows=0, cols=7)

    def header(tbl: Any) -> None:
        first, second = tbl.add_row(), tbl.add_row()
        top = ("TT", "Nội dung thực hiện", "Hoạt động", "Kết quả thực hiện", "", "Giải trình")
        for cell, text in zip(first.cells, (*top, "Ghi chú"), strict=True):
            cell.text = text
        second.cells[3].text, second.cells[4].text = "Tiến độ", "Sản phẩm"
        for column in (0, 1, 2, 5, 6):
            first.cells[column].merge(second.cells[column])
        first.cells[3].merge(first.cells[4])

    def rows(tbl: Any, data: Sequence[Sequence[str]]) -> None:
        for values in data:
            for cell, text in zip(tbl.add_row().cells, values, strict=True):
                cell.text = text

    header(table)
    rows(table, [("I", "Cải cách thể chế", "", "", "", "", "")])
    rows(table, [("1", "Rà soát", "HĐ 1", "Hoàn thành", "Kế hoạch số 63/KH-UBND", "", "")])
    if repeated:
        header(table)
    rows(table, [("2", "Tuyên truyền", "HĐ 2", "Đang triển khai", "Bài viết", "Chậm", "x")])
    plan = read_docx(_document_bytes(document))
    assert [(a.number, a.text, a.status.kind, a.products) for a in plan.activities] == [
        (1, "HĐ 1", StatusKind.COMPLETED, "Kế hoạch số 63/KH-UBND"),
        (2, "HĐ 2", StatusKind.IN_PROGRESS, "Bài viết"),
    ]
    assert plan.activity(2).explanation == "Chậm"
    assert plan.activity(2).note == "x"
    assert [t.title for t in plan.tasks] == ["Rà soát", "Tuyên truyền"]


def test_error_write_something_that_is_not_a_plan(tmp_path: Any) -> None:
    with pytest.raises(TypeError, match=r"write_docx\(\) takes a Plan, got str"):
        write_docx("plan.json", tmp_path / "out.docx")  # type: ignore[arg-type]
    assert not (tmp_path / "out.docx").exists()
    with pytest.raises(TypeError, match=r"the 'docx' format writes a Plan, got str"):
        dumps("plan.json", format="docx")


def test_error_no_table() -> None:
    document = docx.Document()
    document.add_paragraph("Báo cáo không có bảng")
    with pytest.raises(FormatError) as info:
        read_docx(_document_bytes(document))
    assert "no appendix table found" in str(info.value)
    assert "the document has no table" in str(info.value)


def test_error_unmatched_header_says_what_was_found() -> None:
    document = docx.Document()
    unrelated_table(document)
    with pytest.raises(FormatError) as info:
        read_docx(_document_bytes(document))
    message = str(info.value)
    assert "no appendix table found" in message
    assert "table 1 (2 rows) starts with: STT | Họ và tên | Chức vụ" in message


def test_error_header_without_required_column() -> None:
    data = build(columns=("number", "task", "activity", "products", "note"))
    with pytest.raises(FormatError) as info:
        read_docx(data)
    message = str(info.value)
    assert "table 1, row 1 looks like an appendix header" in message
    assert "no column 'Tiến độ'" in message


def test_error_bad_tt() -> None:
    data = build(tt="{}a")
    with pytest.raises(FormatError, match="cannot read TT '1a'") as info:
        read_docx(data)
    assert info.value.where == "row 3"


def test_error_activity_before_section() -> None:
    document = docx.Document()
    document.add_paragraph("Phụ lục")
    table = document.add_table(rows=0, cols=len(ORDER))
    header_row(table, ORDER)
    row = table.add_row().cells
    for cell, text in zip(row, ("1", "Nhiệm vụ", "Hoạt động", "Hoàn thành"), strict=False):
        cell.text = text
    with pytest.raises(FormatError, match="before any section row") as info:
        read_docx(_document_bytes(document))
    assert info.value.where == "row 2"


def test_error_decreasing_numbers() -> None:
    document = docx.Document()
    document.add_paragraph("Phụ lục")
    table = document.add_table(rows=0, cols=len(ORDER))
    header_row(table, ORDER)
    table.add_row().cells[0].text = "I"
    table.rows[-1].cells[1].text = "Lĩnh vực"
    for n in ("2", "1"):
        cells = table.add_row().cells
        for cell, text in zip(cells, (n, "Nhiệm vụ", "Hoạt động", "Hoàn thành"), strict=False):
            cell.text = text
    with pytest.raises(FormatError, match="TT 1 follows 2") as info:
        read_docx(_document_bytes(document))
    assert info.value.where == "row 4"


# --------------------------------------------------------------------------- #
# Writing, and the round trip
# --------------------------------------------------------------------------- #


def written(plan: Plan, **kwargs: Any) -> bytes:
    buffer = io.BytesIO()
    write_docx(plan, buffer, **kwargs)
    return buffer.getvalue()


def test_written_layout() -> None:
    plan = expected()
    document = docx.Document(io.BytesIO(written(plan)))
    section = document.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)
    assert document.styles["Normal"].font.name == "Times New Roman"
    [table] = document.tables
    header = table.rows[0]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in header.cells] == [
        "TT",
        "Nội dung thực hiện",
        "Hoạt động",
        "Tiến độ",
        "Sản phẩm/sản phẩm dự kiến",
        "Giải trình",
        "Ghi chú",
    ]
    # Section rows: the numeral, then one cell merged across the other six columns.
    section_tcs = table.rows[1]._tr.tc_lst
    assert [tc.grid_span for tc in section_tcs] == [1, 6]
    # The task of activities 2-4 is one cell merged down three rows.
    merges = [table.rows[r]._tr.tc_lst[1].vMerge for r in (3, 4, 5)]
    assert merges == ["restart", "continue", "continue"]
    texts = [p.text for p in document.paragraphs]
    assert texts[:4] == HEADING
    assert texts[-len(SUMMARY) :] == SUMMARY


def test_written_summary_computed_when_nothing_published() -> None:
    plan = Plan(title="Phụ lục", sections=expected().sections)
    document = docx.Document(io.BytesIO(written(plan)))
    assert "Thực hiện hoàn thành 03/06 hoạt động, đạt 50% kế hoạch" in [
        p.text for p in document.paragraphs
    ]
    assert read_docx(written(plan)) == plan


def test_round_trip_expected() -> None:
    plan = expected()
    assert read_docx(written(plan)) == plan


def test_round_trip_bundled_example() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    data = written(plan)
    assert read_docx(data) == plan
    # Without the embedded JSON, the page alone gives everything back but the year,
    # which its title does not state: cells, statuses, documents parsed from the
    # products, the plan and report numbers from the heading, the published figures.
    visible = read_docx(written(plan, embed=False))
    assert visible.year is None
    same_content(visible, attrs.evolve(plan, year=None))
    assert reconcile(visible) == ()


def test_round_trip_of_windows_line_endings() -> None:
    # Text from Windows tools ends its lines with CRLF (or, rarely, a lone CR).
    crlf = "dòng 1\r\ndòng 2\rdòng 3"
    plan = expected()
    plan = attrs.evolve(plan.with_activity(1, note=crlf, text=crlf), title="PHỤ LỤC 1\r\nĐÁNH GIÁ")
    data = written(plan)
    assert read_docx(data) == plan
    # On the page, each line is one paragraph: no empty line where the CR was.
    table = docx.Document(io.BytesIO(data)).tables[0]
    notes = [row.cells[-1] for row in table.rows if row.cells[0].text.strip() == "1"]
    assert [p.text for p in notes[0].paragraphs] == ["dòng 1", "dòng 2", "dòng 3"]


@settings(max_examples=30)
@given(plans())
def test_round_trip_property(plan: Plan) -> None:
    assert read_docx(written(plan)) == plan


@settings(max_examples=30)
@given(plans())
def test_round_trip_visible_table(plan: Plan) -> None:
    back = read_docx(written(plan, embed=False))
    assert back.title == plan.title

    assert back.sections == plan.sections
    # The documents are what the parser finds in the products, nothing else.
    for act in back.activities:
        assert act.documents == tuple(m.ref for m in find_document_refs(act.products))


def test_edits_in_word_win_over_the_embedded_plan() -> None:
    plan = expected()
    document = docx.Document(io.BytesIO(written(plan)))
    table = document.tables[0]
    # Activity 3 (table row 5) is now completed.
    status_cell = table.rows[4].cells[3]
    status_cell.paragraphs[0].runs[0].text = "Hoàn thành"
    back = read_docx(_document_bytes(document))
    assert back.activity(3).status.kind is StatusKind.COMPLETED
    assert back.activity(4) == plan.activity(4)
    # The summary block was not edited: the report's figures stay as published,
    # and now disagree with the table.
    assert back.published == plan.published
    assert [d.figure for d in reconcile(back)] == [  # in the order of the headline figures
        "tasks_completed",
        "tasks_percent",
        "activities_completed",
        "activities_in_progress",
        "activities_percent",
    ]


def test_summary_retyped_in_word_is_read_whatever_its_style() -> None:
    # Lines pasted in the Normal style, one figure retyped, one line added: the
    # edit counts, as an edit of the table does.
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(written(thanh_xa_2023())))
    after_table = [
        Paragraph(element, document._body)
        for element in document.tables[0]._tbl.itersiblings(qn("w:p"))
    ]
    summary = [p for p in after_table if p.text.strip()]
    line = next(p for p in summary if "20/25" in p.text)
    text = line.text.replace("20/25", "22/25")
    for paragraph in summary:
        paragraph.style = document.styles["Normal"]
    for run in line.runs:
        run.text = ""
    line.runs[0].text = text
    summary[-1]._p.addnext(document.add_paragraph("Chậm tiến độ, chưa thực hiện 03 hoạt động")._p)
    back = read_docx(_document_bytes(document))
    assert back.published is not None
    assert (back.published.tasks_completed, back.published.activities_overdue) == (22, 3)
    assert {d.figure for d in reconcile(back)} >= {"tasks_completed", "activities_overdue"}


def test_written_status_kind_without_text() -> None:
    act = Activity(number=1, text="Hoạt động", status=Status(kind=StatusKind.NOT_DUE))
    plan = Plan(
        title="Phụ lục",
        sections=(
            Section(numeral="I", title="Lĩnh vực", tasks=(Task(title="T", activities=(act,)),)),
        ),
    )
    assert read_docx(written(plan)) == plan
    visible = read_docx(written(plan, embed=False))
    assert visible.activity(1).status.kind is StatusKind.NOT_DUE


def test_error_text_word_cannot_hold() -> None:
    act = Activity(number=1, text="bad \x01 text", status=Status.parse("Hoàn thành"))
    plan = Plan(
        title="Phụ lục",
        sections=(
            Section(numeral="I", title="Lĩnh vực", tasks=(Task(title="T", activities=(act,)),)),
        ),
    )
    with pytest.raises(FormatError, match="text a Word document cannot hold"):
        written(plan)


def test_format_registry() -> None:
    from cchc_model.formats import available_formats, dumps, loads

    plan = expected()
    assert "docx" in available_formats()
    data = dumps(plan, format="docx")
    assert isinstance(data, bytes)
    assert loads(data, format="docx") == plan
    visible = loads(dumps(plan, format="docx", embed=False), format="docx")
    assert visible.sections == plan.sections
    rules = DEFAULT_RULES.prepend(StatusRule("Tạm dừng", StatusKind.DELAYED))
    custom = loads(build(statuses={2: "Tạm dừng"}), format="docx", status_rules=rules)
    assert custom.activity(2).status.kind is StatusKind.DELAYED


def test_error_format_registry_text_input() -> None:
    from cchc_model.formats import loads

    with pytest.raises(FormatError, match="binary: pass bytes, not str"):
        loads("PK...", format="docx")


def test_cli_reads_docx(tmp_path: Any) -> None:
    from cchc_model.examples import thanh_xa_2023

    path = tmp_path / "phu_luc_1.docx"
    write_docx(thanh_xa_2023(), path)
    run = [sys.executable, "-m", "cchc_model"]
    out = subprocess.run(
        [*run, "progress", str(path)], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch" in out
    shown = subprocess.run(
        [*run, "show", str(path)], capture_output=True, text=True, encoding="utf-8", check=True
    ).stdout
    assert "Công tác chỉ đạo điều hành" in shown
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"%PDF-1.7")
    failed = subprocess.run(
        [*run, "show", str(bad)], capture_output=True, text=True, encoding="utf-8", check=False
    )
    assert failed.returncode != 0
    assert "not a Word .docx document: it is a PDF document: rename it to .pdf" in failed.stderr


def test_cli_unknown_status_quoted_once(tmp_path: Any) -> None:
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC 1")
    table = document.add_table(rows=0, cols=4)
    for values in (
        ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ"),
        ("I", "Cải cách thể chế", "", ""),
        ("1", "Rà soát", "HĐ 1", "Xong xuôi rồi"),
    ):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    path = tmp_path / "phu_luc.docx"
    document.save(str(path))
    failed = subprocess.run(
        [sys.executable, "-m", "cchc_model", "progress", str(path)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert failed.returncode == 1
    assert failed.stderr == (
        f"cchc: error: {path}: row 3: activity 1: no status rule matches 'Xong xuôi rồi'; "
        f"{for_the_command_line(ADD_A_PHRASE)}\n"
    )
    assert "pass --status-rules FILE" in failed.stderr  # the option, not Python


def test_import_does_not_load_python_docx() -> None:
    code = "import sys, cchc_model; cchc_model.read_docx; print('docx' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "False"


def test_error_a_macro_enabled_document_named_docx() -> None:
    data = written(thanh_xa_2023())
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            part = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                part = part.replace(
                    b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml"
                ).replace(
                    b"application/vnd.openxmlformats-officedocument.ms-word",
                    b"application/vnd.ms-word",
                )
            target.writestr(item, part)
    with pytest.raises(FormatError, match="a Word package of another kind") as info:
        read_docx(out.getvalue())
    assert "BytesIO" not in str(info.value)
