"""to_html: the page, the comparison and roll-up displays, and bounded output of every table.

Golden files: tests/golden/page_*.html and display_comparison.html; regenerate with
CCHC_REGENERATE_GOLDEN=1 (as in test_display.py) and review the diff.
"""

from __future__ import annotations

import re

import pytest

import cchc_model
from cchc_model import Activity, Plan, Section, Status, Task, compare, rollup, to_html
from cchc_model.examples import thanh_xa_2023

from .test_display import _check_golden, _parse, sample_plan


def _later() -> Plan:
    plan = thanh_xa_2023()
    plan = plan.with_activity(16, status=Status.parse("Hoàn thành"))
    return plan.with_activity(24, explanation="Chờ hướng dẫn của huyện")


def test_page_golden() -> None:
    _check_golden("page_thanh_xa_2023.html", to_html(thanh_xa_2023(), page=True))
    _check_golden("page_sample.html", to_html(sample_plan(), page=True))


def test_page_is_a_whole_document() -> None:
    page = to_html(thanh_xa_2023(), page=True)
    assert page.startswith('<!DOCTYPE html>\n<html lang="vi">\n<head>\n<meta charset="utf-8">')
    assert "<title>PHỤ LỤC 1 ĐÁNH GIÁ TIẾN ĐỘ" in page
    assert "@page{size:A4 landscape" in page
    assert "thead{display:table-header-group}" in page  # the header row on every printed page
    body = page[page.index("<body>") :]
    parsed = _parse(body.removesuffix("</html>\n"))
    assert sum(1 for t, a in parsed.tags if t == "td" and a.get("class") == "cchc-task") == 25
    # The summary block, as the report published it.
    assert "Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch" in page


def test_page_summary_is_computed_without_published_text() -> None:
    plan = thanh_xa_2023()
    import attrs

    page = to_html(attrs.evolve(plan, published=None), page=True)
    assert "Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch" in page


def test_html_format_is_the_page_and_the_fragment_on_request() -> None:
    plan = thanh_xa_2023()
    assert cchc_model.dumps(plan, format="html") == to_html(plan, page=True)
    assert cchc_model.dumps(plan, format="html", page=False) == to_html(plan) + "\n"
    assert to_html(plan) == plan._repr_html_()


def test_comparison_display_golden() -> None:
    c = compare(thanh_xa_2023(), _later(), task_rule=cchc_model.rules.at_least_half)
    rendered = c._repr_html_()
    assert rendered == to_html(c)
    _check_golden("display_comparison.html", rendered + "\n")
    parsed = _parse(rendered)
    statuses = [
        a["class"] for t, a in parsed.tags if t == "td" and "cchc-status" in (a.get("class") or "")
    ]
    assert statuses == [
        "cchc-status cchc-bucket-in_progress cchc-kind-in_progress",
        "cchc-status cchc-bucket-completed cchc-kind-completed",
    ]
    assert "Chờ hướng dẫn của huyện" in rendered
    assert ">+1<" in rendered  # activities completed 30 → 31


def test_comparison_without_changes() -> None:
    c = compare(thanh_xa_2023(), thanh_xa_2023())
    assert "Không có thay đổi." in to_html(c)


def test_rollup_display_and_page() -> None:
    r = rollup({"Thanh Xá": thanh_xa_2023(), "Q3": _later()})
    assert to_html(r) == r._repr_html_()
    page = to_html(r, page=True)
    assert "<title>Tổng hợp tiến độ thực hiện</title>" in page
    _parse(page[page.index("<body>") :].removesuffix("</html>\n"))


def test_page_of_other_objects() -> None:
    p = cchc_model.progress(thanh_xa_2023())
    assert "<title>Tiến độ thực hiện</title>" in to_html(p, page=True)
    with pytest.raises(TypeError, match="cannot display int as HTML"):
        to_html(3, page=True)


def test_page_escapes_hostile_text() -> None:
    evil = "</title><script>alert(1)</script>"
    act = Activity(number=1, text=evil, status=Status.parse("Hoàn thành"))
    plan = Plan(
        title=evil,
        sections=(Section(numeral="I", title=evil, tasks=(Task(title=evil, activities=(act,)),)),),
    )
    page = to_html(plan, page=True)
    assert "<script>" not in page
    assert page.count("</title>") == 1


# --------------------------------------------------------------------------- #
# Bounded output: no format pads every row to the widest cell
# --------------------------------------------------------------------------- #


def _plan_with_one_long_cell(size: int, rows: int = 200) -> Plan:
    acts = [
        Activity(number=i, text=f"Hoạt động {i}", status=Status.parse("Hoàn thành"))
        for i in range(1, rows + 1)
    ]
    acts[0] = Activity(number=1, text="x" * (size + 1), status=Status.parse("Hoàn thành"))
    acts[1] = Activity(
        number=2, text=" ".join(["từ"] * (size // 3 + 1)), status=Status.parse("Hoàn thành")
    )
    task = Task(title="Nhiệm vụ", activities=tuple(acts))
    return Plan(title="Phụ lục", sections=(Section(numeral="I", title="Mục", tasks=(task,)),))


@pytest.mark.parametrize("fmt", ["grid", "text", "markdown", "html"])
def test_output_grows_with_the_input_not_with_the_widest_cell(fmt: str) -> None:
    small = len(str(cchc_model.dumps(_plan_with_one_long_cell(0), format=fmt)))
    big = len(str(cchc_model.dumps(_plan_with_one_long_cell(200_000), format=fmt)))
    added = 2 * 200_000  # two long cells
    # Wrapped to a column of 36 characters, a grid line carries 36 of them in ~140.
    assert big - small < 5 * added


@pytest.mark.parametrize("fmt", ["grid", "text"])
def test_unwrapped_tables_cut_long_lines_with_a_marker(fmt: str) -> None:
    out = str(cchc_model.dumps(_plan_with_one_long_cell(10_000), format=fmt, wrap=False))
    assert "x" * 79 + "…" in out
    assert "x" * 81 not in out
    assert max(len(line) for line in out.splitlines()) < 7 * 85


@pytest.mark.parametrize("width", [40, 60, 80, 120, 200])
@pytest.mark.parametrize("fmt", ["grid", "text"])
def test_tables_fit_a_width(fmt: str, width: int) -> None:
    out = str(cchc_model.dumps(thanh_xa_2023(), format=fmt, width=width, title=False))
    widest = max(len(line) for line in out.splitlines())
    assert widest <= max(width, 7 * 4 + 22 + 1)  # never narrower than 4 per column
    if width >= 80:
        assert widest <= width
    assert "Tiến" in out


def test_wide_width_keeps_natural_widths() -> None:
    out = str(cchc_model.dumps(thanh_xa_2023(), format="grid", width=10_000, title=False))
    # No column wider than its longest line: the whole text of each cell fits one line.
    assert "| 1    | Ban hành các văn bản lãnh" in out or re.search(r"\| 1 +\| Ban hành", out)
    assert max(len(line) for line in out.splitlines()) < 10_000
