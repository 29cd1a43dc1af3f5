"""The bundled Thanh Xá 2023 appendix: a faithful transcription of the seed."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from cchc_model import StatusKind, find_document_refs
from cchc_model._text import squash
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats.converters import to_document
from cchc_model.model.status import classify

SPANS = [
    ("I", [(1,), (2,), (3,), (4,), (5, 6, 7), (8,), (9, 10)]),
    ("II", [(11, 12), (13, 14, 15, 16, 17)]),
    ("III", [(18,), (19,), (20, 21), (22,), (23,)]),
    ("IV", [(24,), (25,)]),
    ("V", [(26,), (27,)]),
    ("VI", [(28, 29), (30,), (31, 32), (33, 34)]),
    ("VII", [(35, 36), (37,), (38,)]),
]

TITLES = {
    "I": "Công tác chỉ đạo điều hành",
    "II": "Cải cách thể chế",
    "III": "Cải cách thủ tục hành chính",
    "IV": "Cải cách tổ chức bộ máy nhà nước",
    "V": "Cải cách chế độ công vụ",
    "VI": "Cải cách tài chính công",
    "VII": "Xây dựng chính quyền điện tử, chính quyền số",
}


def test_sections_and_task_spans() -> None:
    plan = thanh_xa_2023()
    assert [(s.numeral, [t.numbers for t in s.tasks]) for s in plan.sections] == SPANS
    assert {s.numeral: s.title for s in plan.sections} == TITLES
    assert [a.number for a in plan.activities] == list(range(1, 39))


def test_metadata() -> None:
    plan = thanh_xa_2023()
    assert plan.year == 2023
    assert plan.issuer == "UBND xã Thanh Xá"
    assert plan.reference is not None
    assert plan.report is not None
    assert (plan.reference.symbol, plan.reference.issued_on) == (
        "63/KH-UBND",
        dt.date(2022, 12, 30),
    )
    assert (plan.report.symbol, plan.report.issued_on) == ("73/BC-UBND", dt.date(2023, 9, 11))
    assert plan.title.startswith("PHỤ LỤC 1\nĐÁNH GIÁ TIẾN ĐỘ")
    assert [m.ref.symbol for m in find_document_refs(plan.title)] == ["63/KH-UBND"]


def test_published_figures_as_printed() -> None:
    published = thanh_xa_2023().published
    assert published is not None
    assert (published.tasks_total, published.tasks_completed, published.tasks_percent) == (
        25,
        20,
        80,
    )
    assert (
        published.activities_total,
        published.activities_completed,
        published.activities_percent,
    ) == (
        38,
        30,
        79,
    )
    assert (published.activities_in_progress, published.activities_not_due) == (6, 2)
    assert published.text.splitlines() == [
        "Tổng số 25 nhiệm vụ và 38 hoạt động",
        "Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch",
        "Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch",
        "Đã và đang triển khai thực hiện 06 hoạt động",
        "Chưa đến thời điểm thực hiện 2 hoạt động",
    ]


def test_every_status_is_what_the_rules_say() -> None:
    # The stored kinds are not hand-picked: they are what the default rules give.
    for act in thanh_xa_2023().activities:
        assert classify(act.status.text) is act.status.kind, act.number


@pytest.mark.parametrize(
    ("number", "field", "fragment"),
    [
        (1, "label", "1. Hoạt động 1"),
        (2, "text", "Ban hành báo cáo qúy I, 6 tháng, quý 3 và năm 2023"),
        (9, "label", "9. Hoạt động 9:"),
        (12, "label", "2.2. Hoạt động 2"),
        (18, "label", "2.1. Hoạt động 1"),
        (18, "text", "một cửa liên thông năm 2022 trên địa bàn xã"),
        (17, "products", "Quyết định số 76/QĐ-UBND này 04/5/2023"),
        (16, "text", "trong công tác tổ chức thi hành pháp luật"),
        (11, "products", "tỉnh Hải Dương gia đoạn 2021-2025"),
        (4, "products", "Các tin bài trên Trang TTĐT của xã"),
        (10, "note", "Thực hiện Quý 4/2023"),
        (36, "note", "Chưa đến thời điểm báo cáo"),
    ],
)
def test_verbatim_text(number: int, field: str, fragment: str) -> None:
    # Line breaks of wrapped cells are kept; compare with whitespace squashed.
    assert fragment in squash(getattr(thanh_xa_2023().activity(number), field))


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        (12, "Tăng cường kiểm tra, ra soát, văn bản quy phạm pháp luật"),
        (29, "phân bổ ngân sách nhà nước tập trung, sử dụng hiệu quả"),
        (36, "ứng dụng CNTT trên địa bàn xã"),
        (10, "Thực hiện đánh giá chỉ số CCHC của xã, đo lường mức độ hài lòng"),
    ],
)
def test_task_text_reassembled_across_rows_and_pages(number: int, fragment: str) -> None:
    assert fragment in squash(thanh_xa_2023().task_of(number).title)


def test_no_extraction_artefacts_in_cells() -> None:
    for act in thanh_xa_2023().activities:
        for field in ("label", "text", "products", "explanation", "note"):
            value = getattr(act, field)
            assert "Tổng số 25 nhiệm vụ" not in value
            assert value.strip() != "6" or field == "label"
            assert value == value.strip()


def test_statuses() -> None:
    plan = thanh_xa_2023()
    assert squash(plan.activity(9).status.text) == "Thực hiện khi có KH, Hướng dẫn của huyện"
    assert plan.activity(9).status.kind is StatusKind.AWAITING_GUIDANCE
    assert squash(plan.activity(10).status.text) == "Chưa đến thời điểm báo cáo"
    assert squash(plan.activity(23).status.text) == "Đã và đang thực hiện"


# --------------------------------------------------------------------------- #
# Document references in the products
# --------------------------------------------------------------------------- #


def test_documents_are_those_found_in_the_products() -> None:
    for act in thanh_xa_2023().activities:
        assert act.documents == tuple(m.ref for m in find_document_refs(act.products)), act.number


def test_document_counts() -> None:
    plan = thanh_xa_2023()
    assert sum(len(a.documents) for a in plan.activities) == 52
    assert len(plan.activity(22).documents) == 7
    two = plan.activity(2).documents
    assert [d.number for d in two] == [16, 44, None]
    assert [d.symbol for d in plan.activity(1).documents] == ["63/KH-UBND", "27-NQ/ĐU"]
    first = plan.activity(1).documents[0]
    assert (first.symbol, first.issued_on) == (plan.reference.symbol, plan.reference.issued_on)


def test_documents_keep_their_source_text() -> None:
    for act in thanh_xa_2023().activities:
        for doc in act.documents:
            assert doc.source in act.products


# --------------------------------------------------------------------------- #
# The data file
# --------------------------------------------------------------------------- #


def test_data_file_is_in_canonical_form() -> None:
    # The file is exactly what the library writes: nothing is lost or added on load.
    raw = (
        resources.files("cchc_model")
        .joinpath("_data/thanh_xa_2023.json")
        .read_text(encoding="utf-8")
    )
    assert json.loads(raw) == to_document(thanh_xa_2023())


def test_same_object_every_call() -> None:
    assert thanh_xa_2023() is thanh_xa_2023()
