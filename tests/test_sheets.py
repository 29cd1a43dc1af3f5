"""The appendix layout as CSV/TSV and .xlsx sheets; read() and write(); the atomic writer."""

from __future__ import annotations

import csv
import io
import os
import stat
import unicodedata
from pathlib import Path

import attrs
import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import cchc_model
from cchc_model import Plan, Status, StatusKind, progress
from cchc_model.errors import FormatError, UnknownStatus
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats._common import MAX_CELL
from cchc_model.formats._layout import is_report_line, plan_meta

from .strategies import plans

DATA = Path(__file__).parent / "data"


# --------------------------------------------------------------------------- #
# A hand-typed sheet
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", ["phu_luc_go_tay.csv", "phu_luc_go_tay.xlsx"])
def test_hand_typed_sheet(name: str) -> None:
    plan = cchc_model.read(DATA / name)
    assert plan.title == "PHỤ LỤC 1\nĐÁNH GIÁ TIẾN ĐỘ THỰC HIỆN KẾ HOẠCH CCHC NĂM 2024"
    assert plan.year == 2024
    assert str(plan.report) == "Báo cáo số 12/BC-UBND ngày 15/6/2024"
    assert plan.issuer == "UBND xã Thanh Xá"
    assert [s.numeral for s in plan.sections] == ["I", "II"]
    first, second = plan.sections[0].tasks[0].activities
    assert (first.label, first.text) == ("1. Hoạt động 1", "Xây dựng Kế hoạch CCHC năm 2024")
    assert (second.label, second.text) == ("2. Hoạt động 2:", "Ban hành báo cáo quý")
    assert [str(d) for d in first.documents] == [
        "Kế hoạch số 05/KH-UBND ngày 10/01/2024 về CCHC năm 2024"
    ]
    assert len(plan.sections[1].tasks) == 2
    p = progress(plan)
    assert (p.activities.completed, p.activities.total, p.tasks.total) == (1, 4, 3)
    assert plan.published is not None
    assert plan.published.activities_percent == 25


def test_hand_typed_csv_and_xlsx_agree() -> None:
    assert cchc_model.read(DATA / "phu_luc_go_tay.csv") == cchc_model.read(
        DATA / "phu_luc_go_tay.xlsx"
    )


# --------------------------------------------------------------------------- #
# Round trips
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("ext", ["csv", "tsv", "xlsx"])
def test_example_round_trip(tmp_path: Path, ext: str) -> None:
    plan = thanh_xa_2023()
    path = tmp_path / f"phu-luc.{ext}"
    cchc_model.write(plan, path)
    # The example's title does not say the year: a sheet keeps what its heading says.
    assert cchc_model.read(path) == attrs.evolve(plan, year=None)


def test_csv_for_excel_has_bom_and_tsv_tabs(tmp_path: Path) -> None:
    cchc_model.write(thanh_xa_2023(), tmp_path / "a.csv")
    cchc_model.write(thanh_xa_2023(), tmp_path / "a.tsv")
    assert (tmp_path / "a.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "TT\tNội dung thực hiện\tHoạt động" in (tmp_path / "a.tsv").read_text("utf-8-sig")


def _distinct_titles(plan: Plan) -> Plan:
    # Two neighbouring tasks with one title read as one task in a sheet: number them.
    sections = []
    for s in plan.sections:
        tasks = [attrs.evolve(t, title=f"{t.title} ({k})") for k, t in enumerate(s.tasks, 1)]
        sections.append(attrs.evolve(s, tasks=tuple(tasks)))
    return attrs.evolve(plan, sections=tuple(sections))


@st.composite
def sheet_plans(draw: st.DrawFn) -> Plan:
    """Plans whose every field a sheet shows: labels as printed, metadata from the heading."""
    plan = _distinct_titles(draw(plans()))
    # A title line that reads as the "(Kèm theo Báo cáo …)" line under the heading
    # (in brackets, or "Kèm theo" and a citation) cannot come back as the title.
    assume(not any(is_report_line(line) for line in plan.title.splitlines()))
    sections = []
    for s in plan.sections:
        tasks = []
        for t in s.tasks:
            acts = []
            for a in t.activities:
                label = draw(st.sampled_from(["", f"{a.number}. Hoạt động {a.number}"]))
                status = a.status
                if draw(st.booleans()):  # a deliberate override: another kind than the text's
                    kind = draw(st.sampled_from(list(StatusKind)))
                    status = Status(kind=kind, text=draw(st.sampled_from([status.text, ""])))
                    if not status.text and kind == a.status.kind:
                        status = a.status
                acts.append(attrs.evolve(a, label=label, status=status))
            tasks.append(attrs.evolve(t, activities=tuple(acts)))
        sections.append(attrs.evolve(s, tasks=tuple(tasks)))
    return Plan(title=plan.title, sections=tuple(sections), **plan_meta(plan.title, None))


_SLOW = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SLOW
@given(sheet_plans(), st.sampled_from([",", ";", "\t"]))
def test_csv_sheet_round_trip(plan: Plan, delimiter: str) -> None:
    text = cchc_model.dumps(plan, format="sheet", delimiter=delimiter)
    assert cchc_model.loads(text, format="sheet") == plan


@_SLOW
@given(sheet_plans())
def test_xlsx_round_trip(plan: Plan) -> None:
    data = cchc_model.dumps(plan, format="xlsx")
    assert cchc_model.loads(data, format="xlsx") == plan


def test_numbering_restarted_in_each_section_round_trips() -> None:
    # TT as many appendices print it: 1, 2, 3 | 1, 2 | ... (section, TT) is an activity.
    plan = thanh_xa_2023()
    restarted = attrs.evolve(
        plan,
        sections=tuple(
            attrs.evolve(
                s,
                tasks=tuple(
                    attrs.evolve(
                        t,
                        activities=tuple(
                            attrs.evolve(a, number=a.number - s.activities[0].number + 1)
                            for a in t.activities
                        ),
                    )
                    for t in s.tasks
                ),
            )
            for s in plan.sections
        ),
    )
    assert [a.number for a in restarted.section("II").activities] == [1, 2, 3, 4, 5, 6, 7]
    for fmt in ("sheet", "xlsx", "csv", "json"):
        back = cchc_model.loads(cchc_model.dumps(restarted, format=fmt), format=fmt)
        assert back.sections == restarted.sections, fmt
        figures, expected = cchc_model.progress(back), cchc_model.progress(plan)
        assert (figures.tasks, figures.activities) == (expected.tasks, expected.activities), fmt
    assert restarted.activity("II.3").text == plan.activity(13).text


def test_override_column_only_where_needed() -> None:
    plan = thanh_xa_2023()
    assert "status_override" not in str(cchc_model.dumps(plan, format="sheet"))
    act = plan.sections[0].tasks[0].activities[0]
    changed = attrs.evolve(act, status=Status(kind=StatusKind.DELAYED, text="Hoàn thành"))
    edited = _replace(plan, changed)
    text = str(cchc_model.dumps(edited, format="sheet"))
    header = next(line for line in text.splitlines() if line.startswith("TT,"))
    assert header.endswith(",status_override")
    assert text.count(",delayed\r\n") == 1
    assert cchc_model.loads(text, format="sheet") == attrs.evolve(edited, year=None)


def _replace(plan: Plan, act: cchc_model.Activity) -> Plan:
    s, t = plan.sections[0], plan.sections[0].tasks[0]
    task = attrs.evolve(t, activities=(act, *t.activities[1:]))
    section = attrs.evolve(s, tasks=(task, *s.tasks[1:]))
    return attrs.evolve(plan, sections=(section, *plan.sections[1:]))


def test_edit_the_text_only_figures_change() -> None:
    plan = thanh_xa_2023()
    before = progress(plan).activities.completed
    text = str(cchc_model.dumps(plan, format="sheet"))
    # Activity 16 is in progress: a clerk types "Hoàn thành" in its Tiến độ.
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    row = next(r for r in rows if r[0] == "16")
    assert row[3] != "Hoàn thành"
    row[3] = "Hoàn thành"
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    after = cchc_model.loads(out.getvalue(), format="sheet")
    assert progress(after).activities.completed == before + 1


# --------------------------------------------------------------------------- #
# CSV for Excel: formulas, limits, NFC
# --------------------------------------------------------------------------- #


def _one_activity(**fields: str) -> Plan:
    act = cchc_model.Activity(
        number=1, text=fields.pop("text", "Làm"), status=Status.parse("Hoàn thành"), **fields
    )
    task = cchc_model.Task(title="Nhiệm vụ", activities=(act,))
    return Plan(
        title="Phụ lục", sections=(cchc_model.Section(numeral="I", title="A", tasks=(task,)),)
    )


@pytest.mark.parametrize("value", ["=HYPERLINK(A1)", "+1", "-2", "@SUM(A1)", "'=x", "- Kế hoạch"])
def test_formula_cells_neutralised_and_read_back(value: str) -> None:
    plan = _one_activity(products=value, note=value)
    text = str(cchc_model.dumps(plan, format="sheet"))
    assert f",{value}," not in text
    assert f"'{value}" in text
    assert cchc_model.loads(text, format="sheet") == plan
    kept = str(cchc_model.dumps(plan, format="sheet", keep_formulas=True))
    assert f",{value}," in kept


def test_formula_text_is_text_in_xlsx() -> None:
    plan = _one_activity(products="=1+1")
    wb = openpyxl.load_workbook(io.BytesIO(bytes(cchc_model.dumps(plan, format="xlsx"))))
    cell = next(c for row in wb.active.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s"


def test_cell_limit_agrees_between_writer_and_reader() -> None:
    plan = _one_activity(products="x" * MAX_CELL)
    assert cchc_model.loads(cchc_model.dumps(plan, format="sheet"), format="sheet") == plan
    with pytest.raises(FormatError, match="longer than the CSV limit"):
        cchc_model.dumps(_one_activity(products="x" * (MAX_CELL + 1)), format="sheet")


def test_nfc_at_the_boundary() -> None:
    text = str(cchc_model.dumps(_one_activity(text="Rà soát thủ tục"), format="sheet"))
    decomposed = unicodedata.normalize("NFD", text)
    plan = cchc_model.loads(decomposed, format="sheet")
    assert plan.sections[0].tasks[0].activities[0].text == "Rà soát thủ tục"


# --------------------------------------------------------------------------- #
# Bad sheets
# --------------------------------------------------------------------------- #

_HEADER = "TT,Nội dung thực hiện,Hoạt động,Tiến độ\r\n"


@pytest.mark.parametrize(
    ("text", "where", "message"),
    [
        ("Phụ lục\r\nmột,hai,ba\r\n", "dòng 1", "no header row found"),
        ("Phụ lục\r\n" + _HEADER + "1,Việc,Làm,Hoàn thành\r\n", "dòng 3", "before any section"),
        (
            "Phụ lục\r\n" + _HEADER + "I,Khu vực\r\n1,Việc,Làm,\r\n",
            "dòng 4, cột Tiến độ",
            "Tiến độ of activity 1 is blank",
        ),
        (
            "Phụ lục\r\n" + _HEADER + "I,Khu vực\r\n2,Việc,Làm,Hoàn thành\r\n1,,Làm,Hoàn thành\r\n",
            "dòng 5, cột TT",
            "TT 1 follows TT 2",
        ),
        ("Phụ lục\r\n" + _HEADER + "I,Khu vực\r\n", "dòng 3", "section I has no activity"),
        ("Phụ lục\r\nTT,Hoạt động,Tiến độ\r\n", "dòng 2", "no column 'Nội dung thực hiện'"),
    ],
)
def test_error_bad_csv_sheet(text: str, where: str, message: str) -> None:
    with pytest.raises(FormatError, match=message) as info:
        cchc_model.loads(text, format="sheet")
    assert info.value.where == where


def test_error_unknown_status_names_the_cell() -> None:
    text = "Phụ lục\r\n" + _HEADER + "I,Khu vực\r\n1,Việc,Làm,Tạm dừng\r\n"
    with pytest.raises(UnknownStatus, match="status_override") as info:
        cchc_model.loads(text, format="sheet")
    assert info.value.where == "dòng 4, cột Tiến độ"


def _workbook(rows: list[list[object]]) -> openpyxl.Workbook:
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    return wb


def _bytes(wb: openpyxl.Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_header_on_two_rows_reads_every_column() -> None:
    # "Kết quả thực hiện" merged over Tiến độ and Sản phẩm, as official tables
    # have it: the Sản phẩm column was lost without a word.
    wb = _workbook(
        [
            ["PHỤ LỤC"],
            [],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Kết quả thực hiện", None, "Ghi chú"],
            [None, None, None, "Tiến độ", "Sản phẩm", None],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Hoàn thành", "Kế hoạch số 05/KH-UBND", "x"],
        ]
    )
    wb.active.merge_cells("D3:E3")
    [act] = cchc_model.loads(_bytes(wb), format="xlsx").activities
    assert (act.status.text, act.products, act.note) == (
        "Hoàn thành",
        "Kế hoạch số 05/KH-UBND",
        "x",
    )


def test_a_cell_merged_down_activities_gives_its_text_to_each() -> None:
    # A clerk merges the Tiến độ (and Sản phẩm) of two activities that share them:
    # it was "Tiến độ of activity 2 is blank".
    wb = _workbook(
        [
            ["PHỤ LỤC"],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Sản phẩm"],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Hoàn thành", "Kế hoạch số 05/KH-UBND"],
            ["2", None, "Làm nữa", None, None],
            ["3", None, "Làm thêm", "Đang triển khai", ""],
        ]
    )
    wb.active.merge_cells("B4:B6")
    wb.active.merge_cells("D4:D5")
    wb.active.merge_cells("E4:E5")
    plan = cchc_model.loads(_bytes(wb), format="xlsx")
    assert [(a.status.text, a.products) for a in plan.activities] == [
        ("Hoàn thành", "Kế hoạch số 05/KH-UBND"),
        ("Hoàn thành", "Kế hoạch số 05/KH-UBND"),
        ("Đang triển khai", ""),
    ]
    assert cchc_model.progress(plan).activities.completed == 2


@pytest.mark.parametrize(
    ("titles", "status", "products"),
    [
        # The closer title is the column: the usual one over another of its titles,
        # the title itself over a longer one starting with it.
        (["Kết quả thực hiện", "Tiến độ", "Sản phẩm"], "Đang triển khai", "KH"),
        (["Tiến độ", "Kết quả thực hiện", "Sản phẩm"], "Hoàn thành trong quý 4", "KH"),
        (["Tiến độ", "Sản phẩm", "Kết quả đầu ra"], "Hoàn thành trong quý 4", "Đang triển khai"),
        # Beside a closer Tiến độ title, "Kết quả thực hiện" is the results: Sản phẩm.
        (
            ["Tiến độ thực hiện", "Kết quả thực hiện", "Ghi chú"],
            "Hoàn thành trong quý 4",
            "Đang triển khai",
        ),
    ],
)
def test_two_titles_of_one_column_the_closer_one_is_read(
    titles: list[str], status: str, products: str
) -> None:
    wb = _workbook(
        [
            ["PHỤ LỤC"],
            ["TT", "Nội dung thực hiện", "Hoạt động", *titles],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Hoàn thành trong quý 4", "Đang triển khai", "KH"],
        ]
    )
    [act] = cchc_model.loads(_bytes(wb), format="xlsx").activities
    assert (act.status.text, act.products) == (status, products)


def test_group_title_beside_the_tien_do_column() -> None:
    # Tiến độ merged down both header rows, "Kết quả thực hiện" over Sản phẩm and
    # Ghi chú: the group title names no column (it was refused as a second Tiến độ).
    wb = _workbook(
        [
            ["PHỤ LỤC"],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ", "Kết quả thực hiện", None],
            [None, None, None, None, "Sản phẩm", "Ghi chú"],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Hoàn thành", "Kế hoạch số 05/KH-UBND", "x"],
        ]
    )
    wb.active.merge_cells("E2:F2")
    [act] = cchc_model.loads(_bytes(wb), format="xlsx").activities
    assert (act.status.text, act.products, act.note) == (
        "Hoàn thành",
        "Kế hoạch số 05/KH-UBND",
        "x",
    )


@pytest.mark.parametrize(
    ("titles", "cells"),
    [
        (
            ["Tiến độ dự kiến", "Tiến độ thực hiện"],
            "D1 'Tiến độ dự kiến' and E1 'Tiến độ thực hiện'",
        ),
        (["Tiến độ (kế hoạch)", "Tiến độ (thực tế)"], "D1 'Tiến độ (kế hoạch)' and E1"),
    ],
)
def test_error_two_columns_with_one_title(titles: list[str], cells: str) -> None:
    # Either would have been taken and the other's text dropped without a word.
    wb = _workbook(
        [
            ["TT", "Nội dung thực hiện", "Hoạt động", *titles, "Sản phẩm"],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Hoàn thành trong quý 4", "Đang triển khai", "KH"],
        ]
    )
    with pytest.raises(FormatError, match="name the Tiến độ column equally well") as info:
        cchc_model.loads(_bytes(wb), format="xlsx")
    assert cells in info.value.reason
    assert info.value.where == "Sheet!E1 (dòng 1, cột Tiến độ)"


def test_error_xlsx_merged_task_cell_across_sections() -> None:
    wb = _workbook(
        [
            ["Phụ lục"],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ"],
            ["I", "Khu vực"],
            [1, "Việc", "Làm", "Hoàn thành"],
            ["II", "Khu vực khác"],
            [2, None, "Làm", "Hoàn thành"],
        ]
    )
    wb.active.merge_cells("B4:B6")
    with pytest.raises(FormatError, match="runs across the section row") as info:
        cchc_model.loads(_bytes(wb), format="xlsx")
    assert info.value.where == "Sheet!B5 (dòng 5, cột Nội dung thực hiện)"


def test_error_xlsx_blank_status_names_the_cell() -> None:
    wb = _workbook(
        [
            ["Phụ lục"],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ"],
            ["I", "A"],
            [1, "B", "C"],
        ]
    )
    with pytest.raises(FormatError, match="is blank") as info:
        cchc_model.loads(_bytes(wb), format="xlsx")
    assert info.value.where == "Sheet!D4 (dòng 4, cột Tiến độ)"


def test_error_xlsx_chart_sheet_only() -> None:
    from openpyxl.chart import BarChart, Reference

    wb = openpyxl.Workbook()
    data = wb.create_sheet("Số liệu")
    data.append([1])
    chart = BarChart()
    chart.add_data(Reference(data, min_col=1, min_row=1, max_row=1))
    wb.create_chartsheet("Biểu đồ").add_chart(chart)
    wb.remove(wb.active)
    wb.remove(data)
    with pytest.raises(FormatError, match="only a chart"):
        cchc_model.loads(_bytes(wb), format="xlsx")


def test_error_not_a_workbook_and_bomb() -> None:
    with pytest.raises(FormatError, match="old binary Excel"):
        cchc_model.loads(b"\xd0\xcf\x11\xe0" + b"\0" * 20, format="xlsx")
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    with pytest.raises(FormatError, match="decompression bomb"):
        cchc_model.loads(buffer.getvalue(), format="xlsx")


def test_template_is_an_empty_appendix(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    cchc_model.write(thanh_xa_2023(), path, template=True)
    ws = openpyxl.load_workbook(path).active
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c]
    assert "Tiến độ" in values
    assert "Cải cách thể chế" in values
    assert "Hoàn thành" not in values
    assert ws.freeze_panes == "A5"


# --------------------------------------------------------------------------- #
# read(), write() and the atomic writer
# --------------------------------------------------------------------------- #


def test_read_write_formats_by_extension(tmp_path: Path) -> None:
    plan = thanh_xa_2023()
    for ext in ("json", "docx"):
        cchc_model.write(plan, tmp_path / f"k.{ext}")
        assert cchc_model.read(str(tmp_path / f"k.{ext}")) == plan
    cchc_model.write(plan, tmp_path / "k.md")
    assert "| TT " in (tmp_path / "k.md").read_text("utf-8")
    machine = tmp_path / "machine.csv"
    cchc_model.write(plan, machine, format="csv")
    assert cchc_model.read(machine) == plan  # the csv format's header is recognised


@pytest.mark.parametrize("ext", ["xlsx", "csv"])
@pytest.mark.parametrize(
    "title",
    [
        "Kèm theo kế hoạch cải cách hành chính năm 2023",
        "KÈM THEO\nĐÁNH GIÁ TIẾN ĐỘ NĂM 2023",
        "PHỤ LỤC 1\nKèm theo: các nhiệm vụ năm 2023",
        "Kèm theo kế hoạch cải cách hành chính năm 2023 của UBND xã Thanh Xá",
    ],
)
def test_a_title_that_starts_kem_theo_stays_the_title(tmp_path: Path, ext: str, title: str) -> None:
    # It used to be read as the report line: the title fell back to the file's
    # name and its year was lost.
    plan = attrs.evolve(thanh_xa_2023(), title=title, reference=None)
    cchc_model.write(plan, tmp_path / f"p.{ext}")
    back = cchc_model.read(tmp_path / f"p.{ext}")
    assert (back.title, back.year, back.report, back.issuer) == (
        title,
        2023,
        plan.report,
        plan.issuer,
    )


@pytest.mark.parametrize(
    ("line", "report", "issuer"),
    [
        (
            "(Kèm theo Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã Thanh Xá)",
            "73/BC-UBND",
            "UBND xã Thanh Xá",
        ),
        (
            "Kèm theo Báo cáo số 73/BC-UBND ngày 11/9/2023 của UBND xã Thanh Xá",
            "73/BC-UBND",
            "UBND xã Thanh Xá",
        ),
        ("(Kèm theo Báo cáo ngày 11/9/2023 của UBND xã Thanh Xá)", None, "UBND xã Thanh Xá"),
        ("Kèm theo Báo cáo ngày 11/9/2023 của UBND xã Thanh Xá", None, "UBND xã Thanh Xá"),
    ],
)
def test_report_line_with_or_without_brackets(line: str, report: str | None, issuer: str) -> None:
    sheet = f"PHỤ LỤC 1\r\nĐÁNH GIÁ TIẾN ĐỘ NĂM 2023\r\n{line}\r\n\r\n" + _HEADER
    plan = cchc_model.loads(sheet + "I,Khu vực\r\n1,Việc,Làm,Hoàn thành\r\n", format="sheet")
    assert plan.title == "PHỤ LỤC 1\nĐÁNH GIÁ TIẾN ĐỘ NĂM 2023"
    assert (plan.report.symbol if plan.report else None, plan.issuer) == (report, issuer)


def test_title_from_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach-2024.csv"
    path.write_text(_HEADER + "I,Khu vực\r\n1,Việc,Làm,Hoàn thành\r\n", encoding="utf-8")
    assert cchc_model.read(path).title == "ke-hoach-2024"


def test_error_loads_given_a_path(tmp_path: Path) -> None:
    with pytest.raises(FormatError, match=r"use cchc_model.read\(path\)"):
        cchc_model.loads("ke-hoach.json")
    with pytest.raises(TypeError, match=r"use cchc_model.read\(path\)"):
        cchc_model.loads(tmp_path / "ke-hoach.json")  # type: ignore[arg-type]


def test_error_read_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\r\n", encoding="utf-8")
    with pytest.raises(FormatError) as info:
        cchc_model.read(path)
    assert str(info.value.where).startswith(str(path))


def test_write_keeps_mode_and_same_file_convert(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    cchc_model.write(thanh_xa_2023(), path)
    os.chmod(path, 0o640)
    cchc_model.write(cchc_model.read(path), path)  # `cchc convert a.csv a.csv`
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert cchc_model.read(path) == attrs.evolve(thanh_xa_2023(), year=None)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_write_refuses_fifo_and_folder(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(FormatError, match="FIFO"):
        cchc_model.write(thanh_xa_2023(), fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    folder = tmp_path / "dir.json"
    folder.mkdir()
    with pytest.raises(FormatError, match="folder"):
        cchc_model.write(thanh_xa_2023(), folder)


def test_nothing_written_on_failure(tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_bytes(b"old")
    with pytest.raises(FormatError):
        cchc_model.write(_one_activity(products="x" * (MAX_CELL + 1)), path)
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv"]


def test_write_docx_to_a_path_is_atomic(tmp_path: Path) -> None:
    path = tmp_path / "a.docx"
    path.write_bytes(b"old")
    os.chmod(path, 0o600)
    cchc_model.write_docx(thanh_xa_2023(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cchc_model.read_docx(path) == thanh_xa_2023()


def test_word_reader_gives_nfc(tmp_path: Path) -> None:
    import docx

    buffer = io.BytesIO()
    cchc_model.write_docx(thanh_xa_2023(), buffer, embed=False)
    document = docx.Document(io.BytesIO(buffer.getvalue()))
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
    for t in document.element.body.iter(w):
        if t.text:
            t.text = unicodedata.normalize("NFD", t.text)
    path = tmp_path / "nfd.docx"
    document.save(str(path))
    plan = cchc_model.read(path)
    expected = thanh_xa_2023().sections[0].tasks[0].activities[0].text
    assert plan.sections[0].tasks[0].activities[0].text == expected


def test_error_xlsx_pivot_table(monkeypatch: pytest.MonkeyPatch) -> None:
    # openpyxl cannot build a pivot table; it keeps the ones it reads in `_pivots`.
    wb = _workbook([["Phụ lục"], ["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ"]])
    data = _bytes(wb)
    load = openpyxl.load_workbook

    def with_pivot(*args: object, **kwargs: object) -> openpyxl.Workbook:
        book = load(*args, **kwargs)  # type: ignore[arg-type]
        book.active._pivots = [object()]
        return book

    monkeypatch.setattr(openpyxl, "load_workbook", with_pivot)
    with pytest.raises(FormatError, match="pivot table: copy the appendix table as values"):
        cchc_model.loads(data, format="xlsx")


# --------------------------------------------------------------------------- #
# Any grid: a plan or one of the library's errors, never another exception
# --------------------------------------------------------------------------- #

_CELLS = st.sampled_from(
    [
        "",
        "",
        "TT",
        "Nội dung thực hiện",
        "Hoạt động",
        "Tiến độ",
        "Ghi chú",
        "status_override",
        "completed",
        "I",
        "II. Cải cách",
        "1",
        "2.",
        "1. Hoạt động 1\nLàm",
        "Hoàn thành",
        "Đang thực hiện",
        "Tổng số 2 nhiệm vụ",
        "Phụ lục",
        "(Kèm theo Báo cáo số 1/BC-UBND)",
        "=1+1",
        "'-x",
        "(1)",
    ]
) | st.text(max_size=6)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_CELLS, max_size=8), max_size=12), st.sampled_from([",", ";", "\t"]))
def test_any_csv_grid_reads_or_fails_cleanly(rows: list[list[str]], delimiter: str) -> None:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    try:
        plan = cchc_model.loads(out.getvalue(), format="sheet")
    except cchc_model.CCHCError:
        return
    assert isinstance(plan, Plan)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(st.lists(_CELLS, max_size=6), max_size=8),
    st.lists(st.tuples(st.integers(1, 8), st.integers(1, 6), st.integers(0, 3)), max_size=3),
)
def test_any_workbook_reads_or_fails_cleanly(
    rows: list[list[str]], merges: list[tuple[int, int, int]]
) -> None:
    # Control characters cannot be typed into a workbook at all.
    printable = [["".join(ch for ch in c if ch >= " " or ch == "\n") for c in r] for r in rows]
    wb = _workbook([[c or None for c in row] for row in printable])
    ws = wb.active
    for row, column, down in merges:
        if not any(
            r.min_row <= row + down and row <= r.max_row and r.min_col <= column <= r.max_col
            for r in ws.merged_cells.ranges
        ):
            ws.merge_cells(
                start_row=row, start_column=column, end_row=row + down, end_column=column
            )
    try:
        plan = cchc_model.loads(_bytes(wb), format="xlsx")
    except cchc_model.CCHCError:
        return
    assert isinstance(plan, Plan)


def test_error_summary_with_an_impossible_percent() -> None:
    text = str(cchc_model.dumps(thanh_xa_2023(), format="sheet"))
    bad = text.replace("đạt 79% kế hoạch", "đạt 120% kế hoạch")
    with pytest.raises(FormatError, match="correct the line") as info:
        cchc_model.loads(bad, format="sheet")
    assert info.value.where == "summary"


def test_error_workbook_with_several_appendix_sheets(tmp_path: Path) -> None:
    # A clerk keeps each quarter in a sheet of one workbook: which one is meant must be
    # said, never guessed (the first one would give last quarter's figures).
    path = tmp_path / "ca-nam.xlsx"
    cchc_model.write(thanh_xa_2023(), path)
    wb = openpyxl.load_workbook(path)
    wb.copy_worksheet(wb.worksheets[0]).title = "Quý 3"
    wb.save(path)
    with pytest.raises(FormatError, match="2 appendix sheets") as info:
        cchc_model.read(path)
    assert "sheet='Quý 3'" in str(info.value)
    assert cchc_model.read(path, sheet="Quý 3").sections == thanh_xa_2023().sections
    from cchc_model.cli import main

    assert main(["progress", str(path), "--sheet", "Quý 3"]) == 0
    assert main(["progress", str(path)]) == 1


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
@pytest.mark.parametrize("gap", [0, 8])
def test_error_an_activity_added_below_the_summary(tmp_path: Path, suffix: str, gap: int) -> None:
    """A clerk adds a row at the bottom of the sheet, under the summary lines: it
    would not be counted, so reading refuses it and names the row."""
    path = tmp_path / f"pl{suffix}"
    cchc_model.write(thanh_xa_2023(), path)
    new_row = ["39", "Nhiệm vụ mới", "Hoạt động mới", "Hoàn thành"]
    if suffix == ".xlsx":
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        assert ws is not None
        row = ws.max_row + 1 + gap
        for column, value in zip("ABCD", new_row, strict=True):
            ws[f"{column}{row}"] = value
        wb.save(path)
    else:
        with path.open("a", encoding="utf-8", newline="") as f:
            f.write("\r\n" * gap + ",".join(new_row) + "\r\n")
    with pytest.raises(FormatError, match=r"an activity row \(TT 39\) below the summary") as info:
        cchc_model.read(path)
    assert "move it into the table" in str(info.value)


@pytest.mark.parametrize(
    ("suffix", "fmt", "what"),
    [(".docx", "xlsx", "an Excel .xlsx workbook"), (".xlsx", "docx", "a Word .docx document")],
)
def test_error_a_file_named_as_another_kind(
    tmp_path: Path, suffix: str, fmt: str, what: str
) -> None:
    # A workbook saved (or renamed) with a Word document's name, and the reverse.
    path = tmp_path / f"bao-cao{suffix}"
    path.write_bytes(cchc_model.dumps(thanh_xa_2023(), format=fmt))
    with pytest.raises(FormatError, match=f"it is {what}: rename it to \\.{fmt}, or read it"):
        cchc_model.read(path)
    assert cchc_model.read(path, format=fmt).title == thanh_xa_2023().title


def test_error_no_tt_column_says_where_the_numeral_goes() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(cchc_model.dumps(thanh_xa_2023(), format="xlsx")))
    wb.active.delete_cols(1)
    with pytest.raises(FormatError, match="the sheet has no TT column"):
        cchc_model.loads(_bytes(wb), format="xlsx")


def test_error_a_status_merged_across_a_section_row() -> None:
    # It gave its text to the next section's activity without a word.
    wb = _workbook(
        [
            ["PHỤ LỤC"],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ"],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Hoàn thành"],
            ["II", "Khu vực khác"],
            ["1", "Việc khác", "Làm nữa", None],
        ]
    )
    wb.active.merge_cells("D4:D6")
    with pytest.raises(FormatError, match="runs across the section row II") as info:
        cchc_model.loads(_bytes(wb), format="xlsx")
    assert info.value.where == "Sheet!D6 (dòng 6, cột Tiến độ)"


def test_error_a_group_title_over_no_tien_do_column() -> None:
    # "Kết quả thực hiện" over Sản phẩm and Ghi chú, and no Tiến độ: it said
    # "Tiến độ of activity 1 is blank".
    wb = _workbook(
        [
            ["PHỤ LỤC"],
            ["TT", "Nội dung thực hiện", "Hoạt động", "Kết quả thực hiện", None],
            [None, None, None, "Sản phẩm", "Ghi chú"],
            ["I", "Khu vực"],
            ["1", "Việc", "Làm", "Kế hoạch số 05/KH-UBND", "x"],
        ]
    )
    wb.active.merge_cells("D2:E2")
    with pytest.raises(FormatError, match="the header names no Tiến độ column"):
        cchc_model.loads(_bytes(wb), format="xlsx")
