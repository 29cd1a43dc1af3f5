"""Reading the appendix from PDF (cchc_model.read_pdf).

Most tests read the fixtures in tests/data/pdf (made by scripts/make_pdf_fixtures.py
with LibreOffice from the library's own Word output); the round trip of generated
plans needs LibreOffice itself and converts all its plans in one call.
"""

from __future__ import annotations

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("pdfplumber")

import cchc_model
from cchc_model import Plan, progress, read_pdf, reconcile
from cchc_model.errors import FormatError, UnknownStatus
from cchc_model.examples import thanh_xa_2023
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
    path = FIXTURES / "thanh_xa_2023.pdf"
    data = path.read_bytes()
    by_path = read_pdf(str(path))
    assert read_pdf(data) == by_path
    assert read_pdf(io.BytesIO(data)) == by_path
    assert cchc_model.loads(data, format="pdf") == by_path
    assert "pdf" in cchc_model.available_formats()


def test_status_rules_are_passed_on() -> None:
    from cchc_model.status import StatusRules

    rules = StatusRules(rules=())
    with pytest.raises(UnknownStatus) as info:
        read_pdf(FIXTURES / "thanh_xa_2023.pdf", status_rules=rules)
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
        "with ruling lines"
    )


def test_error_too_many_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_model import _pdf_read

    monkeypatch.setattr(_pdf_read, "MAX_PAGES", 3)
    with pytest.raises(FormatError, match="has 15 pages, more than the 3"):
        read_pdf(FIXTURES / "thanh_xa_2023.pdf")


# --------------------------------------------------------------------------- #
# With LibreOffice: generated plans, Word -> PDF -> plan
# --------------------------------------------------------------------------- #


@settings(
    max_examples=1,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(plans(documents=st.just(())), min_size=30, max_size=30))
def test_generated_plans_survive_word_pdf_plan(generated: list[Plan]) -> None:
    soffice = require_program(
        "soffice", "libreoffice", install="apt-get install libreoffice-writer-nogui"
    )
    documents = {f"plan{i}": pdf_build.ours(plan) for i, plan in enumerate(generated)}
    pdfs = pdf_build.convert(documents, soffice=soffice)
    for i, plan in enumerate(generated):
        back = read_pdf(pdfs[f"plan{i}"])
        assert visible(back) == visible(plan), i
        assert squash(back.title) == squash(plan.title), i
