"""The progress calculator, the summary text and reconciliation."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_model import (
    Discrepancy,
    Plan,
    Progress,
    PublishedFigures,
    Status,
    StatusKind,
    Tally,
    progress,
    reconcile,
    render_summary,
    rules,
)
from cchc_model._progress import percent
from cchc_model.examples import thanh_xa_2023

from .strategies import plans

# --------------------------------------------------------------------------- #
# The published figures of the Thanh Xá appendix, from its table
# --------------------------------------------------------------------------- #


def test_published_figures_come_out_of_the_table() -> None:
    p = progress(thanh_xa_2023())
    assert (p.tasks.completed, p.tasks.total, p.tasks.percent) == (20, 25, 80)
    assert (p.activities.completed, p.activities.total, p.activities.percent) == (30, 38, 79)
    assert p.percent == 79
    assert (p.activities.in_progress, p.activities.not_due, p.activities.overdue) == (6, 2, 0)
    assert p.open_tasks == ((9, 10), (24,), (25,), (26,), (30,))
    assert p.rule == "at_least_half"


def test_activity_kinds_of_the_example() -> None:
    kinds = progress(thanh_xa_2023()).activities.kinds
    assert dict(kinds) == {
        StatusKind.COMPLETED: 27,
        StatusKind.ONGOING: 3,
        StatusKind.IN_PROGRESS: 6,
        StatusKind.NOT_DUE: 1,
        StatusKind.AWAITING_GUIDANCE: 1,
    }
    plan = thanh_xa_2023()
    in_progress = [a.number for a in plan.activities() if a.status.kind is StatusKind.IN_PROGRESS]
    assert in_progress == [16, 24, 25, 26, 30, 36]
    ongoing = [a.number for a in plan.activities() if a.status.kind is StatusKind.ONGOING]
    assert ongoing == [4, 23, 38]


def test_strict_rule() -> None:
    p = progress(thanh_xa_2023(), task_rule=rules.strict)
    assert (p.tasks.completed, p.tasks.total, p.tasks.percent) == (18, 25, 72)
    assert p.open_tasks == ((9, 10), (13, 14, 15, 16, 17), (24,), (25,), (26,), (30,), (35, 36))
    assert p.activities == progress(thanh_xa_2023()).activities
    assert p.rule == "strict"


def test_custom_rule_is_any_callable() -> None:
    p = progress(thanh_xa_2023(), task_rule=lambda task: len(task.activities) > 1)
    assert p.tasks.completed == 9
    assert p.rule == "<lambda>"


# Per section: (tasks completed, tasks, activities completed, activities, in progress, not due)
SECTIONS = {
    "I": (6, 7, 8, 10, 0, 2),
    "II": (2, 2, 6, 7, 1, 0),
    "III": (5, 5, 6, 6, 0, 0),
    "IV": (0, 2, 0, 2, 2, 0),
    "V": (1, 2, 1, 2, 1, 0),
    "VI": (3, 4, 6, 7, 1, 0),
    "VII": (3, 3, 3, 4, 1, 0),
}


@pytest.mark.parametrize("numeral", SECTIONS)
def test_per_section(numeral: str) -> None:
    s = progress(thanh_xa_2023()).section(numeral)
    tc, tt, ac, at, ip, nd = SECTIONS[numeral]
    assert (s.tasks.completed, s.tasks.total) == (tc, tt)
    assert (s.activities.completed, s.activities.total) == (ac, at)
    assert (s.activities.in_progress, s.activities.not_due) == (ip, nd)
    assert s.percent == percent(ac, at)
    assert s.title == thanh_xa_2023().section(numeral).title


def test_sections_add_up_to_the_plan() -> None:
    p = progress(thanh_xa_2023())
    assert sum((s.activities for s in p.sections), Tally()) == p.activities
    assert sum((s.tasks for s in p.sections), Tally()) == p.tasks


def test_error_unknown_section() -> None:
    with pytest.raises(KeyError):
        progress(thanh_xa_2023()).section("VIII")


# --------------------------------------------------------------------------- #
# Percent and tallies
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("part", "whole", "expected"),
    [
        (30, 38, 79),
        (20, 25, 80),
        (18, 25, 72),
        (1, 8, 13),
        (1, 200, 1),
        (1, 201, 0),
        (0, 0, 0),
        (5, 5, 100),
    ],
)
def test_percent_rounds_half_up(part: int, whole: int, expected: int) -> None:
    assert percent(part, whole) == expected


def test_error_tally_must_add_up() -> None:
    with pytest.raises(ValueError, match=r"tally does not add up: 1 \+ 0 \+ 0 \+ 0 != 2"):
        Tally(total=2, completed=1)


def test_tally_count_and_equality() -> None:
    t = Tally.of_activities(thanh_xa_2023().activities())
    assert t.count("ongoing") == 3
    assert t.count(StatusKind.DELAYED) == 0
    assert t != (38, 30)
    assert hash(t) == hash(Tally.of_activities(thanh_xa_2023().activities()))


# --------------------------------------------------------------------------- #
# Summary and reconciliation
# --------------------------------------------------------------------------- #


def test_render_summary_matches_the_report() -> None:
    assert render_summary(progress(thanh_xa_2023())).splitlines() == [
        "Tổng số 25 nhiệm vụ và 38 hoạt động",
        "Thực hiện hoàn thành 20/25 nhiệm vụ, đạt 80% kế hoạch",
        "Thực hiện hoàn thành 30/38 hoạt động, đạt 79% kế hoạch",
        "Đã và đang triển khai thực hiện 06 hoạt động",
        "Chưa đến thời điểm thực hiện 02 hoạt động",
    ]


def test_render_summary_adds_overdue_line_only_when_needed() -> None:
    plan = thanh_xa_2023()
    late = _with_status(plan, 26, Status(kind=StatusKind.DELAYED, text="Chậm tiến độ"))
    lines = render_summary(progress(late)).splitlines()
    assert lines[-1] == "Chậm tiến độ, chưa thực hiện 01 hoạt động"
    assert lines[3] == "Đã và đang triển khai thực hiện 05 hoạt động"


def test_reconcile_example_agrees() -> None:
    assert reconcile(thanh_xa_2023()) == ()


def test_reconcile_reports_each_difference() -> None:
    plan = thanh_xa_2023()
    assert plan.published is not None
    wrong = attrs.evolve(
        plan, published=attrs.evolve(plan.published, activities_completed=31, tasks_total=None)
    )
    assert reconcile(wrong) == (
        Discrepancy(
            figure="activities_completed", label="hoạt động hoàn thành", published=31, computed=30
        ),
    )
    assert reconcile(attrs.evolve(plan, published=None)) == ()
    assert reconcile(attrs.evolve(plan, published=PublishedFigures())) == ()


# --------------------------------------------------------------------------- #
# Properties
# --------------------------------------------------------------------------- #


def _with_status(plan: Plan, number: int, status: Status) -> Plan:
    def fix_task(task):  # type: ignore[no-untyped-def]
        acts = tuple(
            attrs.evolve(a, status=status) if a.number == number else a for a in task.activities
        )
        return attrs.evolve(task, activities=acts)

    sections = tuple(
        attrs.evolve(s, tasks=tuple(fix_task(t) for t in s.tasks)) for s in plan.sections
    )
    return attrs.evolve(plan, sections=sections)


def _check_adds_up(p: Progress) -> None:
    for tally in (
        p.tasks,
        p.activities,
        *(s.tasks for s in p.sections),
        *(s.activities for s in p.sections),
    ):
        assert tally.completed + tally.in_progress + tally.not_due + tally.overdue == tally.total
        assert 0 <= tally.percent <= 100
    assert sum(p.activities.kinds.values()) == p.activities.total


@given(plans(), st.sampled_from([rules.at_least_half, rules.strict]))
def test_buckets_always_add_up(plan: Plan, rule: rules.TaskRule) -> None:
    p = progress(plan, rule)
    _check_adds_up(p)
    assert p.activities.total == sum(1 for _ in plan.activities())
    assert p.tasks.total == sum(1 for _ in plan.tasks())
    assert len(p.open_tasks) == p.tasks.total - p.tasks.completed


@given(plans(), st.data(), st.sampled_from([rules.at_least_half, rules.strict]))
def test_completing_an_activity_never_lowers_a_figure(
    plan: Plan, data: st.DataObject, rule: rules.TaskRule
) -> None:
    numbers = [a.number for a in plan.activities()]
    number = data.draw(st.sampled_from(numbers))
    before = progress(plan, rule)
    after = progress(
        _with_status(plan, number, Status(kind=StatusKind.COMPLETED, text="Hoàn thành")), rule
    )
    assert after.tasks.completed >= before.tasks.completed
    assert after.activities.completed >= before.activities.completed
    assert after.tasks.percent >= before.tasks.percent
    assert after.percent >= before.percent
    for b, a in zip(before.sections, after.sections, strict=True):
        assert a.activities.completed >= b.activities.completed
        assert a.tasks.completed >= b.tasks.completed


@given(plans())
def test_strict_never_exceeds_at_least_half(plan: Plan) -> None:
    assert progress(plan, rules.strict).tasks.completed <= progress(plan).tasks.completed
