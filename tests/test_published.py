"""Published figures as reports print them: decimal percents, cut short or rounded,
and counts of the tasks due (issue 12)."""

from __future__ import annotations

import attrs
import pytest

import cchc_model
from cchc_model import PublishedFigures, reconcile
from cchc_model.errors import InvalidPlan
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats._summary_lines import parse_summary


def _with(**figures: object) -> cchc_model.Plan:
    plan = thanh_xa_2023()
    assert plan.published is not None
    return attrs.evolve(plan, published=attrs.evolve(plan.published, **figures))


@pytest.mark.parametrize(
    ("text", "tasks_percent", "activities_percent"),
    [
        ("hoàn thành 20/25 nhiệm vụ, đạt 80% — hoàn thành 30/38 hoạt động, đạt 79%", 80, 79),
        ("hoàn thành 20/25 nhiệm vụ, đạt 80,00%; hoàn thành 30/38 hoạt động: 78,95%", 80, 78.95),
        ("hoàn thành 20/25 nhiệm vụ đạt 80 % — hoàn thành 30/38 hoạt động đạt 78,9 %", 80, 78.9),
        ("hoàn thành 20/25 nhiệm vụ — hoàn thành 30/38 hoạt động, đạt 78.94%", None, 78.94),
    ],
)  # fmt: skip
def test_summary_percents_as_printed(
    text: str, tasks_percent: float | None, activities_percent: float
) -> None:
    figures = parse_summary(text)
    assert figures is not None
    assert figures.tasks_percent == tasks_percent
    assert figures.activities_percent == activities_percent
    assert type(figures.activities_percent) is type(activities_percent)
    assert figures.text == text


@pytest.mark.parametrize(
    ("text", "completed", "percent"),
    [
        # What is not completed is not read as completed.
        ("Chưa hoàn thành 05/25 nhiệm vụ", None, None),
        ("KHÔNG HOÀN THÀNH 3/25 nhiệm vụ; hoàn thành 22/25 nhiệm vụ, đạt 88%", 22, 88),
        # Another figure's percent is not the statement's; other numbers may come between.
        ("hoàn thành 20/25 nhiệm vụ, trong đó 02 nhiệm vụ mới đạt 50% khối lượng", 20, None),
        ("hoàn thành 20/25 nhiệm vụ trong 6 tháng đầu năm 2023, đạt 80%", 20, 80),
        # Nor the percent of the next sentence.
        (
            "hoàn thành 20/25 nhiệm vụ.\nTỷ lệ hồ sơ giải quyết đúng hạn năm 2023 đạt 98,5%",
            20,
            None,
        ),
    ],
)
def test_summary_reads_only_what_the_statement_says(
    text: str, completed: int | None, percent: int | None
) -> None:
    figures = parse_summary(text)
    if completed is None:
        assert figures is None
        return
    assert figures is not None
    assert (figures.tasks_completed, figures.tasks_percent) == (completed, percent)


@pytest.mark.parametrize(
    "printed",
    [79, 78, 78.9, 78.95, 78.94, 78.947],
)
def test_reconcile_accepts_a_percent_rounded_or_cut_short(printed: float) -> None:
    # 30/38 = 78.947...%: 79 rounded, 78 cut short; 78.9; 78.95 rounded, 78.94 cut short.
    if printed == 78.947:  # three decimals: no report prints them
        with pytest.raises(InvalidPlan, match="activities_percent must be a percent"):
            _with(activities_percent=printed)
        return
    assert reconcile(_with(activities_percent=printed)) == ()


@pytest.mark.parametrize(("printed", "computed"), [(77, 79), (78.8, 78.9), (79.5, 78.9)])
def test_reconcile_reports_a_percent_neither_rounded_nor_cut_short(
    printed: float, computed: float
) -> None:
    [d] = reconcile(_with(activities_percent=printed))
    assert (d.figure, d.published, d.computed) == ("activities_percent", printed, computed)
    assert str(d) == (
        f"activities_percent (tỷ lệ hoạt động hoàn thành (%)): the report says {printed},"
        f" its table gives {computed}"
    )


def test_reconcile_completed_of_the_tasks_due() -> None:
    # Activities 9 and 10 are not due (one task): 20 of 24 tasks due, 30 of 36 activities.
    plan = _with(tasks_total=24, tasks_percent=83.33, activities_total=36, activities_percent=83.33)
    assert reconcile(plan, basis="due") == ()
    assert [d.figure for d in reconcile(plan)] == [
        "tasks_total",
        "tasks_percent",
        "activities_total",
        "activities_percent",
    ]
    assert reconcile(thanh_xa_2023(), basis="due") != ()  # its report counts all


def test_error_reconcile_unknown_basis() -> None:
    with pytest.raises(ValueError, match="basis must be 'all' or 'due'"):
        reconcile(thanh_xa_2023(), basis="some")


@pytest.mark.parametrize("value", [101, 100.5, -1, 80.0, True, "80"])
def test_error_percent_not_as_printed(value: object) -> None:
    with pytest.raises(InvalidPlan, match="tasks_percent must be a percent from 0 to 100"):
        PublishedFigures(tasks_percent=value)  # type: ignore[arg-type]  # the error under test


def test_decimal_percents_round_trip_json_and_csv() -> None:
    plan = _with(activities_percent=78.95)
    for fmt in ("json", "csv"):
        back = cchc_model.loads(cchc_model.dumps(plan, format=fmt), format=fmt)
        assert back == plan
        assert back.published is not None
        assert back.published.activities_percent == 78.95


def test_the_overdue_count_is_read_and_checked() -> None:
    # render_summary prints it ("Chậm tiến độ, chưa thực hiện 01 hoạt động"); a report
    # that states a wrong one is flagged like any other figure.
    plan = thanh_xa_2023().with_activity(24, status=cchc_model.Status.parse("Chậm tiến độ"))
    computed = cchc_model.progress(plan)
    assert computed.activities.overdue == 1
    for style in ("lines", "paragraph"):
        figures = parse_summary(cchc_model.render_summary(computed, style=style))
        assert figures is not None
        assert figures.activities_overdue == 1, style
    stated = parse_summary("Chậm tiến độ, chưa thực hiện 05 hoạt động")
    assert stated is not None
    [d] = reconcile(attrs.evolve(plan, published=stated))
    assert (d.figure, d.published, d.computed) == ("activities_overdue", 5, 1)
    assert parse_summary("Không chậm tiến độ 02 hoạt động") is None


@pytest.mark.parametrize(
    "text",
    [
        # The late figure counts delayed and not started together: a report that
        # states them apart, or activities completed late, states no such figure.
        "Chậm tiến độ 02 hoạt động; chưa thực hiện 01 hoạt động",
        "trong đó hoàn thành chậm tiến độ 02 hoạt động",
        # Running text is no count ("… khắc phục 02 hoạt động chậm tiến độ").
        "Phấn đấu khắc phục 02 hoạt động chậm tiến độ, chưa thực hiện trong quý tới",
        "Tổng số 38 hoạt động đã và đang triển khai thực hiện",
    ],
)
def test_summary_reads_no_late_or_running_count(text: str) -> None:
    figures = parse_summary(text)
    assert figures is None or (figures.activities_overdue, figures.activities_in_progress) == (
        None,
        None,
    )


def test_paragraph_summary_reads_every_figure() -> None:
    computed = cchc_model.progress(
        thanh_xa_2023().with_activity(24, status=cchc_model.Status.parse("Chậm tiến độ"))
    )
    lines = parse_summary(cchc_model.render_summary(computed))
    paragraph = parse_summary(cchc_model.render_summary(computed, style="paragraph"))
    assert lines is not None
    assert paragraph is not None
    assert attrs.evolve(paragraph, text="") == attrs.evolve(lines, text="")
    assert paragraph.activities_completed == computed.activities.completed
