"""Reading the appendix from PDF (cchc_model.read_pdf).

Most tests read the fixtures in tests/data/pdf (made by scripts/make_pdf_fixtures.py
with LibreOffice from the library's own Word output); the round trip of generated
plans needs LibreOffice itself and converts all its plans in one call.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings

pytest.importorskip("pdfplumber")

import cchc_model
from cchc_model import Plan, progress, read_pdf, reconcile
from cchc_model.errors import FormatError, UnknownStatus
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats._pdf.table import Box, Line, Piece
from tests import pdf_build
from tests.external import require_program
from tests.strategies import plans

FIXTURES = pdf_build.FIXTURES


def squash(text: str) -> str:
    """``text`` with whitespace aside: every space and line break removed."""
    return "".join(text.split())


def visible(plan: Plan) -> list[object]:
    """What a printed table shows of ``plan``, whitespace aside."""
    return [
        (
            s.numeral,
            squash(s.title),
            [
                (
                    squash(t.title),
                    [
                        (
                            a.number,
                            squash(a.label),
                            squash(a.text),
                            squash(a.status.text) or a.status.kind,
                            a.status.kind,
                            squash(a.products),
                            squash(a.explanation),
                            squash(a.note),
                        )
                        for a in t.activities
                    ],
                )
                for t in s.tasks
            ],
        )
        for s in plan.sections
    ]


def documents(plan: Plan) -> list[tuple[int, tuple[object, ...]]]:
    return [(a.number, a.documents) for s in plan.sections for t in s.tasks for a in t.activities]


@pytest.fixture(scope="module")
def example_pdf() -> Plan:
    return read_pdf(FIXTURES / "thanh_xa_2023.pdf")


def test_example_figures(example_pdf: Plan) -> None:
    result = progress(example_pdf)
    assert (result.tasks.completed, result.tasks.total) == (20, 25)
    assert (result.activities.completed, result.activities.total) == (30, 38)
    assert result.activities.in_progress == 6
    assert result.activities.not_due == 2


def test_example_text_and_references(example_pdf: Plan) -> None:
    expected = thanh_xa_2023()
    assert visible(example_pdf) == visible(expected)
    assert documents(example_pdf) == documents(expected)
    assert sum(len(d) for _, d in documents(example_pdf)) == 52
    # The symbols LibreOffice wrapped after their hyphen are joined back.
    products = example_pdf.sections[0].tasks[0].activities[0].products
    assert "63/KH-UBND" in products


def test_example_heading_and_summary(example_pdf: Plan) -> None:
    expected = thanh_xa_2023()
    assert squash(example_pdf.title) == squash(expected.title)
    assert example_pdf.report == expected.report
    assert example_pdf.issuer == expected.issuer
    assert example_pdf.reference == expected.reference
    assert example_pdf.published is not None
    assert expected.published is not None
    assert example_pdf.published.activities_completed == 30
    assert example_pdf.published.tasks_completed == 20
    assert reconcile(example_pdf) == ()


@pytest.mark.parametrize("name", ["foreign_portrait", "foreign_landscape"])
def test_other_layouts(name: str) -> None:
    # Other column titles, a numbering row, a decoy table before the appendix,
    # task text centred in cells that cross page breaks, rows split over pages.
    plan = read_pdf(FIXTURES / f"{name}.pdf")
    expected = thanh_xa_2023()
    assert visible(plan) == visible(expected)
    result = progress(plan)
    assert (result.tasks.completed, result.activities.completed) == (20, 30)
    assert reconcile(plan) == ()
    assert plan.report == expected.report
    # Narrow columns break a few dates inside their digits ("30/12/202" / "2"):
    # the reference is still found, without its date.
    found = [[d.number for d in docs] for _, docs in documents(plan)]
    assert found == [[d.number for d in docs] for _, docs in documents(expected)]


def test_fixtures_are_laid_out_as_claimed() -> None:
    import pdfplumber

    with pdfplumber.open(FIXTURES / "foreign_portrait.pdf") as pdf:
        first = pdf.pages[0]
        assert first.width < first.height
        assert len(first.find_tables()) == 2  # the decoy and the appendix
    with pdfplumber.open(FIXTURES / "foreign_landscape.pdf") as pdf:
        assert pdf.pages[0].width > pdf.pages[0].height


def test_sources_and_loads() -> None:
    path = FIXTURES / "section_one.pdf"
    data = path.read_bytes()
    by_path = read_pdf(str(path))
    assert visible(by_path) == visible(pdf_build.first_section(thanh_xa_2023()))
    assert read_pdf(data) == by_path
    assert read_pdf(io.BytesIO(data)) == by_path
    assert cchc_model.loads(data, format="pdf") == by_path
    assert "pdf" in cchc_model.available_formats()


def test_status_rules_are_passed_on() -> None:
    from cchc_model.model.status import StatusRules

    rules = StatusRules(rules=())
    with pytest.raises(UnknownStatus) as info:
        read_pdf(FIXTURES / "section_one.pdf", status_rules=rules)
    assert info.value.where is not None
    assert info.value.where.startswith("page 1, table row ")


def test_error_dumps_is_not_supported() -> None:
    with pytest.raises(FormatError, match="read-only"):
        cchc_model.dumps(thanh_xa_2023(), format="pdf")


def test_error_loads_str() -> None:
    with pytest.raises(FormatError, match="binary"):
        cchc_model.loads("%PDF-1.4", format="pdf")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "not a PDF document: an empty file"),
        (b"PK\x03\x04rest", "not a PDF document: it starts with b'PK\\x03\\x04rest'"),
        (b"%PDF-1.4\n1 0 obj broken", "damaged PDF document"),
    ],
)
def test_error_not_a_pdf(data: bytes, message: str) -> None:
    with pytest.raises(FormatError) as info:
        read_pdf(data)
    assert info.value.reason.startswith(message)


def test_error_truncated() -> None:
    data = (FIXTURES / "thanh_xa_2023.pdf").read_bytes()
    with pytest.raises(FormatError):
        read_pdf(data[: len(data) // 3])


def test_error_encrypted() -> None:
    with pytest.raises(FormatError, match="encrypted and needs a password"):
        read_pdf(pdf_build.encrypted())


def test_error_scan_needs_ocr() -> None:
    with pytest.raises(FormatError) as info:
        read_pdf(pdf_build.image_only())
    assert info.value.reason == (
        "the PDF has no text layer, only images (a scan?): run OCR on it first "
        "(for example ocrmypdf) and read the result"
    )


def test_error_no_ruling_lines() -> None:
    with pytest.raises(FormatError) as info:
        read_pdf(FIXTURES / "borderless.pdf")
    assert info.value.reason == (
        "no appendix table found: no ruled table has a header row with the columns "
        "'Nội dung thực hiện', 'Hoạt động', 'Tiến độ'; the PDF has no table drawn "
        "with ruling lines; page 1 has the column titles as text outside any ruled table "
        "(a table printed without ruling lines?): only tables drawn with ruling lines are read"
    )


def test_error_too_many_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_model.formats._pdf import reader as _pdf_read

    monkeypatch.setattr(_pdf_read, "MAX_PAGE_RULES", 5)
    with pytest.raises(FormatError, match=r"^.*page 1 draws \d+ lines and rectangles, more"):
        read_pdf(FIXTURES / "thanh_xa_2023.pdf")


def test_error_too_many_characters(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_model.formats._pdf import reader as _pdf_read

    monkeypatch.setattr(_pdf_read, "MAX_PAGE_CHARS", 100)
    with pytest.raises(FormatError, match=r"page 1 has \d+ characters, more than the 100"):
        read_pdf(FIXTURES / "thanh_xa_2023.pdf")


def test_error_too_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_model.formats._pdf import reader as _pdf_read

    monkeypatch.setattr(_pdf_read, "MAX_PAGES", 3)
    with pytest.raises(FormatError, match="has 15 pages, more than the 3"):
        read_pdf(FIXTURES / "thanh_xa_2023.pdf")


# --------------------------------------------------------------------------- #
# With LibreOffice: generated plans, Word -> PDF -> plan
# --------------------------------------------------------------------------- #


def _generated(count: int) -> list[Plan]:
    """``count`` plans from the hypothesis strategy, the same ones on every run."""
    found: list[Plan] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(plans())
    def collect(plan: Plan) -> None:
        found.append(plan)

    collect()
    return found


def _one_line_labels(plan: Plan) -> list[object]:
    """What the foreign layout shows: the label and the text in one paragraph."""
    return [
        (
            s.numeral,
            squash(s.title),
            [
                (
                    squash(t.title),
                    [
                        (
                            a.number,
                            squash(a.label + a.text),
                            squash(a.status.text),
                            a.status.kind,
                            squash(a.products),
                            squash(a.explanation),
                            squash(a.note),
                        )
                        for a in t.activities
                    ],
                )
                for t in s.tasks
            ],
        )
        for s in plan.sections
    ]


def _repeats_a_title(plan: Plan) -> bool:
    # Neighbouring tasks of one title in cells that are not merged are one task
    # (as in Word documents), so the foreign layout cannot show them as two.
    return any(
        a.title == b.title
        for s in plan.sections
        for a, b in zip(s.tasks, s.tasks[1:], strict=False)
    )


def test_generated_plans_survive_word_pdf_plan() -> None:
    soffice = require_program(
        "soffice", "libreoffice", install="apt-get install libreoffice-writer-nogui"
    )
    generated = _generated(24)
    documents = {f"ours{i}": pdf_build.ours(plan) for i, plan in enumerate(generated)}
    foreign = [i for i in range(8) if not _repeats_a_title(generated[i])]
    for i in foreign:
        documents[f"foreign{i}"] = pdf_build.foreign(generated[i], landscape=i % 2 == 1)
    pdfs = pdf_build.convert(documents, soffice=soffice)  # one LibreOffice call for all
    failures = []
    for i, plan in enumerate(generated):
        back = read_pdf(pdfs[f"ours{i}"])
        if visible(back) != visible(plan) or squash(back.title) != squash(plan.title):
            failures.append(("ours", i, plan))
        if i in foreign:
            other = read_pdf(pdfs[f"foreign{i}"])
            if _one_line_labels(other) != _one_line_labels(plan):
                failures.append(("foreign", i, plan))
    assert failures == []
    assert len({squash(plan.title) for plan in generated}) > 10  # the plans do differ


# --------------------------------------------------------------------------- #
# Following the table across pages, on tables built by hand
# --------------------------------------------------------------------------- #


def _box(*lines: str) -> Box:
    return Box(lines=[Line(text=t, top=0.0, bottom=0.0, bold=False) for t in lines])


def _header() -> list[Box]:
    return [_box(t) for t in ("TT", "Nội dung thực hiện", "Hoạt động", "Tiến độ")]


def _piece(page: int, rows: list[list[Box]]) -> Piece:
    return Piece(page=page, top=50.0, bottom=500.0, xs=(50.0, 80.0, 200.0, 350.0, 450.0), grid=rows)


def _read_pieces(*pieces: Piece, lines: dict[int, list[str]] | None = None) -> Plan:
    from cchc_model.formats._pdf import reader as _pdf_read

    texts = lines or {}
    pages = []
    for piece in pieces:
        below = [
            Line(text=t, top=600.0, bottom=610.0, bold=False) for t in texts.get(piece.page, [])
        ]
        pages.append(([piece], below))
    return _pdf_read._read(pages, ours=False, title_fallback="Phụ lục", name=None, rules=None)


def _shape(plan: Plan) -> list[tuple[str, list[int]]]:
    return [(t.title, [a.number for a in t.activities]) for s in plan.sections for t in s.tasks]


def test_split_row_and_merged_task_across_pages() -> None:
    section_title = _box("Công tác chỉ đạo điều hành")
    task = _box("Tăng cường kiểm")
    page1 = _piece(
        1,
        [
            _header(),
            [_box("I"), section_title, section_title, section_title],
            [_box("1"), task, _box("1. Hoạt động 1", "Rà soát"), _box("Hoàn thành")],
            [_box("2"), task, _box("2. Hoạt động 2", "Ban hành"), _box("Đang")],
        ],
    )
    rest = _box("tra, ra soát")
    page2 = _piece(
        2,
        [
            _header(),
            [_box(), rest, _box("văn bản"), _box("thực hiện")],
            [
                _box("3"),
                _box("Nhiệm vụ khác"),
                _box("3. Hoạt động 3", "Báo cáo"),
                _box("Hoàn thành"),
            ],
        ],
    )
    plan = _read_pieces(page1, page2)
    assert _shape(plan) == [("Tăng cường kiểm\ntra, ra soát", [1, 2]), ("Nhiệm vụ khác", [3])]
    second = plan.sections[0].tasks[0].activities[1]
    assert (second.text, second.status.text) == ("Ban hành\nvăn bản", "Đang\nthực hiện")


def test_centred_task_text_on_the_next_page() -> None:
    # A task cell merged down to the page break, blank there: the text centred in
    # it was printed on the next page, above a new row (not a split one).
    section_title = _box("Cải cách thể chế")
    task = _box()
    page1 = _piece(
        1,
        [
            _header(),
            [_box("II"), section_title, section_title, section_title],
            [_box("1"), task, _box("1. Hoạt động 1", "Một"), _box("Hoàn thành")],
            [_box("2"), task, _box("2. Hoạt động 2", "Hai"), _box("Hoàn thành")],
        ],
    )
    page2 = _piece(
        2,
        [
            _header(),
            [_box("3"), _box("Nhiệm vụ ở giữa ô"), _box("3. Hoạt động 3", "Ba"), _box("Đang")],
        ],
    )
    assert _shape(_read_pieces(page1, page2)) == [("Nhiệm vụ ở giữa ô", [1, 2, 3])]


def test_text_under_a_table_ends_it() -> None:
    section_title = _box("Cải cách thể chế")
    page1 = _piece(
        1,
        [
            _header(),
            [_box("II"), section_title, section_title, section_title],
            [_box("1"), _box("Nhiệm vụ"), _box("1. Hoạt động 1", "Một"), _box("Hoàn thành")],
        ],
    )
    other_title = _box("Khác")
    page2 = _piece(
        2,
        [
            _header(),
            [_box("I"), other_title, other_title, other_title],
            [_box("1"), _box("Nhiệm vụ B"), _box("1. Hoạt động 1", "B"), _box("Hoàn thành")],
        ],
    )
    ended = _read_pieces(page1, page2, lines={1: ["Nơi nhận: - Như trên"]})
    assert _shape(ended) == [("Nhiệm vụ", [1])]
    # A page number under it does not end it: the table goes on with the next page's rows.
    going_on = _read_pieces(page1, page2, lines={1: ["Trang 1/2"]})
    assert _shape(going_on) == [("Nhiệm vụ", [1]), ("Nhiệm vụ B", [1])]
    assert [s.numeral for s in going_on.sections] == ["II", "I"]


def test_a_total_row_at_the_top_of_a_page_is_not_a_continued_row() -> None:
    section_title = _box("Cải cách thể chế")
    page1 = _piece(
        1,
        [
            _header(),
            [_box("II"), section_title, section_title, section_title],
            [_box("1"), _box("Nhiệm vụ"), _box("1. Hoạt động 1", "Một"), _box("Đang")],
        ],
    )
    total = _box("Tổng số 1 nhiệm vụ và 1 hoạt động", "Thực hiện hoàn thành 0/1 hoạt động")
    page2 = _piece(2, [_header(), [_box(), total, total, total]])
    plan = _read_pieces(page1, page2)
    activity = plan.sections[0].tasks[0].activities[0]
    assert (activity.text, activity.status.text) == ("Một", "Đang")
    assert plan.published is not None
    assert (plan.published.activities_total, plan.published.activities_completed) == (1, 0)
