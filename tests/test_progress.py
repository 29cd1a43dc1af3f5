"""The progress calculator, the summary text and reconciliation."""

from __future__ import annotations

import collections
import copy
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import cchc_model
from cchc_model import (
    Bucket,
    Discrepancy,
    Plan,
    Progress,
    PublishedFigures,
    Status,
    StatusKind,
    Tally,
    Task,
    progress,
    reconcile,
    render_summary,
    rules,
)
from cchc_model.errors import InvalidPlan
from cchc_model.examples import thanh_xa_2023
from cchc_model.model._tally import percent

from .strategies import plans

# --------------------------------------------------------------------------- #
# The published figures of the Thanh Xá appendix, from its table
# --------------------------------------------------------------------------- #


def test_published_figures_come_out_of_the_table() -> None:
    p = progress(thanh_xa_2023())
    assert (p.tasks.completed, p.tasks.total, p.tasks.percent) == (20, 25, 80)
    assert (p.activities.completed, p.activities.total, p.activities.percent) == (30, 38, 79)
    assert (p.tasks_percent, p.activities_percent) == (80, 79)
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
    in_progress = [a.number for a in plan.activities if a.status.kind is StatusKind.IN_PROGRESS]
    assert in_progress == [16, 24, 25, 26, 30, 36]
    ongoing = [a.number for a in plan.activities if a.status.kind is StatusKind.ONGOING]
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
    assert s.activities_percent == percent(ac, at)
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


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: progress(None), "progress() takes a Plan, got NoneType"),
        (
            lambda: progress("plan.json"),
            "progress() takes a Plan, got str (read the file first: cchc_model.loads(",
        ),
        (lambda: reconcile({}), "reconcile() takes a Plan, got dict"),
        (
            lambda: progress(thanh_xa_2023(), task_rule=3),
            "task_rule must be a function of a Task or the name of a registered rule"
            " (see cchc_model.model.rules), got int",
        ),
        (
            lambda: render_summary(thanh_xa_2023()),
            "render_summary() takes a Progress or a Rollup, got Plan (pass progress(plan))",
        ),
    ],
)
def test_error_wrong_argument_types(call: Any, message: str) -> None:
    with pytest.raises(TypeError) as info:
        call()
    assert str(info.value).startswith(message)


def test_error_tally_must_add_up() -> None:
    with pytest.raises(InvalidPlan, match=r"tally does not add up: 1 \+ 0 \+ 0 \+ 0 != 2"):
        Tally(total=2, completed=1)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (
            lambda: Tally(total=-1, overdue=-1),
            "a tally counts with ints >= 0, got (-1, 0, 0, 0, -1)",
        ),
        (
            lambda: Tally(total=1.0, completed=1.0),
            "a tally counts with ints >= 0, got (1.0, 1.0, 0, 0, 0)",
        ),
        (lambda: Tally(kinds={"done": 1}), "kinds: unknown status kind 'done'"),
        (
            lambda: Tally(total=1, completed=1, kinds={"not_due": 5}),
            "kinds do not add up to the buckets: 0 activities of the kinds in completed,"
            " but completed=1",
        ),
        (
            lambda: Tally(kinds={"completed": "1"}),
            "kinds['completed'] must be an int >= 0, got '1'",
        ),
        (lambda: Tally().count("done"), "unknown status kind 'done'"),
    ],
)
def test_error_tally_values(build: Any, message: str) -> None:
    with pytest.raises(InvalidPlan) as info:
        build()
    assert info.value.reason.startswith(message)
    assert isinstance(info.value, ValueError)


def test_tally_count_and_equality() -> None:
    t = Tally.of_activities(thanh_xa_2023().activities)
    assert t.count("ongoing") == 3
    assert t.count(StatusKind.DELAYED) == 0
    assert t != (38, 30)
    assert hash(t) == hash(Tally.of_activities(thanh_xa_2023().activities))


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
    assert p.activities.total == len(plan.activities)
    assert p.tasks.total == len(plan.tasks)
    assert len(p.open_tasks) == p.tasks.total - p.tasks.completed


@given(plans(), st.data(), st.sampled_from([rules.at_least_half, rules.strict]))
def test_completing_an_activity_never_lowers_a_figure(
    plan: Plan, data: st.DataObject, rule: rules.TaskRule
) -> None:
    numbers = [a.number for a in plan.activities]
    number = data.draw(st.sampled_from(numbers))
    before = progress(plan, rule)
    after = progress(
        _with_status(plan, number, Status(kind=StatusKind.COMPLETED, text="Hoàn thành")), rule
    )
    assert after.tasks.completed >= before.tasks.completed
    assert after.activities.completed >= before.activities.completed
    assert after.tasks.percent >= before.tasks.percent
    assert after.activities_percent >= before.activities_percent
    for b, a in zip(before.sections, after.sections, strict=True):
        assert a.activities.completed >= b.activities.completed
        assert a.tasks.completed >= b.tasks.completed


@given(plans())
def test_strict_never_exceeds_at_least_half(plan: Plan) -> None:
    assert progress(plan, rules.strict).tasks.completed <= progress(plan).tasks.completed


# --------------------------------------------------------------------------- #
# The fast counting path against a plain reference
# --------------------------------------------------------------------------- #

_FIELDS = ("completed", "in_progress", "not_due", "overdue")


def _reference_task_bucket(task: Task, rule: rules.TaskRule) -> Bucket:
    # The definition, spelled out with sets as the documentation states it.
    if rule(task):
        return Bucket.COMPLETED
    buckets = {a.status.kind.bucket for a in task.activities}
    if buckets == {Bucket.NOT_DUE}:
        return Bucket.NOT_DUE
    if Bucket.OVERDUE in buckets:
        return Bucket.OVERDUE
    return Bucket.IN_PROGRESS


def _reference_counts(kinds: collections.Counter[StatusKind]) -> tuple[object, ...]:
    buckets: collections.Counter[str] = collections.Counter()
    for kind, n in kinds.items():
        buckets[kind.bucket.value] += n
    return (sum(kinds.values()), *(buckets[f] for f in _FIELDS), dict(kinds))


def _reference(plan: Plan, rule: rules.TaskRule) -> tuple[object, ...]:
    """Everything progress() reports, counted the plain way (Counters and sets)."""
    sections = []
    open_tasks = []
    all_kinds: collections.Counter[StatusKind] = collections.Counter()
    all_tasks: collections.Counter[str] = collections.Counter()
    for section in plan.sections:
        kinds = collections.Counter(a.status.kind for a in section.activities)
        tasks: collections.Counter[str] = collections.Counter()
        for task in section.tasks:
            bucket = _reference_task_bucket(task, rule)
            tasks[bucket.value] += 1
            if bucket is not Bucket.COMPLETED:
                open_tasks.append(tuple(a.number for a in task.activities))
        all_kinds.update(kinds)
        all_tasks.update(tasks)
        sections.append(
            (
                section.numeral,
                section.title,
                (sum(tasks.values()), *(tasks[f] for f in _FIELDS), {}),
                _reference_counts(kinds),
            )
        )
    return (
        (sum(all_tasks.values()), *(all_tasks[f] for f in _FIELDS), {}),
        _reference_counts(all_kinds),
        tuple(sections),
        tuple(open_tasks),
    )


def _as_plain(p: Progress) -> tuple[object, ...]:
    def tally(t: Tally) -> tuple[object, ...]:
        return (t.total, t.completed, t.in_progress, t.not_due, t.overdue, dict(t.kinds))

    return (
        tally(p.tasks),
        tally(p.activities),
        tuple((s.numeral, s.title, tally(s.tasks), tally(s.activities)) for s in p.sections),
        p.open_tasks,
    )


def _called(rule: rules.TaskRule) -> rules.TaskRule:
    # Not the built-in function itself: progress() has to call it per task.
    def wrapper(task: Task) -> bool:
        return rule(task)

    return wrapper


@pytest.mark.parametrize("rule", [rules.at_least_half, rules.strict])
def test_example_matches_the_plain_reference(rule: rules.TaskRule) -> None:
    plan = thanh_xa_2023()
    assert _as_plain(progress(plan, rule)) == _reference(plan, rule)
    assert _as_plain(progress(plan, _called(rule))) == _reference(plan, rule)


@given(plans(max_tasks=3, max_activities=4), st.sampled_from([rules.at_least_half, rules.strict]))
def test_property_fast_path_matches_the_plain_reference(plan: Plan, rule: rules.TaskRule) -> None:
    expected = _reference(plan, rule)
    fast, called = progress(plan, rule), progress(plan, _called(rule))
    assert _as_plain(fast) == expected
    assert _as_plain(called) == expected
    assert (fast.tasks, fast.activities, fast.sections) == (
        called.tasks,
        called.activities,
        called.sections,
    )
    assert called.rule == "wrapper"


@given(plans(max_tasks=3, max_activities=4))
def test_property_a_custom_rule_is_called_once_per_task(plan: Plan) -> None:
    seen: list[tuple[int, ...]] = []

    def first_done(task: Task) -> bool:
        seen.append(task.numbers)
        return task.activities[0].status.kind.bucket is Bucket.COMPLETED

    p = progress(plan, first_done)
    assert seen == [t.numbers for t in plan.tasks]
    assert _as_plain(p) == _reference(plan, first_done)


def test_counted_tallies_equal_validated_ones() -> None:
    p = progress(thanh_xa_2023())
    tallies = [p.tasks, p.activities, *(t for s in p.sections for t in (s.tasks, s.activities))]
    for t in tallies:
        public = Tally(
            total=t.total,
            completed=t.completed,
            in_progress=t.in_progress,
            not_due=t.not_due,
            overdue=t.overdue,
            kinds=dict(t.kinds),
        )
        assert public == t
        assert t == public
        assert hash(public) == hash(t)
        assert repr(public) == repr(t)


def test_kind_counts_read_like_a_frozen_dict() -> None:
    kinds = progress(thanh_xa_2023()).activities.kinds
    assert kinds[StatusKind.ONGOING] == 3
    assert kinds["ongoing"] == 3  # kinds are str enums: their values work as keys
    assert kinds.get(StatusKind.DELAYED) is None
    assert StatusKind.DELAYED not in kinds
    assert StatusKind.NOT_DUE in kinds
    with pytest.raises(KeyError):
        kinds[StatusKind.DELAYED]
    with pytest.raises(KeyError):
        kinds["no such kind"]
    assert len(kinds) == 5
    assert list(kinds) == [k for k in StatusKind if k in dict(kinds)]
    assert kinds == dict(kinds)
    assert kinds != {**dict(kinds), StatusKind.DELAYED: 1}
    assert kinds == Tally(total=38, completed=30, in_progress=6, not_due=2, kinds=kinds).kinds
    assert repr(kinds) == repr(dict(kinds))
    with pytest.raises(TypeError):
        kinds[StatusKind.DELAYED] = 1  # type: ignore[index]
    with pytest.raises(TypeError):
        hash(kinds)


def test_progress_pickles_and_copies() -> None:
    p = progress(thanh_xa_2023())
    assert pickle.loads(pickle.dumps(p)) == p
    assert copy.deepcopy(p) == p


def test_tally_addition_matches_validated_construction() -> None:
    p = progress(thanh_xa_2023())
    total = Tally()
    kinds: collections.Counter[StatusKind] = collections.Counter()
    for s in p.sections:
        total += s.activities
        kinds.update(s.activities.kinds)
    assert total == p.activities
    assert dict(total.kinds) == dict(kinds)
    assert total + Tally() == total
    with pytest.raises(TypeError):
        total + 1  # type: ignore[operator]


def test_counts_follow_evolve() -> None:
    # A task, a section and a plan count their activities once; a changed copy
    # (attrs.evolve, with_activity) counts its own.
    plan = thanh_xa_2023()
    assert progress(plan).activities.completed == 30
    later = plan.with_activity(16, status=Status.parse("Hoàn thành"))
    assert later.activity_tally.completed == 31
    before, after = plan.task_of(16).activity_tally, later.task_of(16).activity_tally
    assert after.completed == before.completed + 1
    assert progress(later).activities.completed == 31
    assert progress(plan).activities.completed == 30


def test_sections_are_built_on_first_use_and_equal_either_way() -> None:
    p, q = progress(thanh_xa_2023()), progress(thanh_xa_2023())
    assert p.sections == q.sections  # built on first use
    assert p == q
    assert pickle.loads(pickle.dumps(q)).sections == p.sections


@pytest.mark.parametrize("function", [progress, reconcile])
def test_task_rule_by_name(function: Any) -> None:
    plan = thanh_xa_2023()
    assert function(plan, task_rule="strict") == function(plan, task_rule=rules.strict)
    assert function(plan, "at_least_half") == function(plan)


def test_registered_task_rule_works_everywhere(monkeypatch: pytest.MonkeyPatch) -> None:
    from cchc_model import compare, rollup

    monkeypatch.setattr(rules, "_REGISTRY", dict(rules._REGISTRY))  # leave no rule behind

    def nothing(task: Task) -> bool:
        return False

    rules.register("nothing_done", nothing)
    assert "nothing_done" in rules.names()
    plan = thanh_xa_2023()
    assert progress(plan, task_rule="nothing_done").tasks.completed == 0
    assert rollup([plan], task_rule="nothing_done").tasks.completed == 0
    assert compare(plan, plan, task_rule="nothing_done").new.tasks.completed == 0
    assert rules.get("nothing_done") is nothing
    # A name means one rule: replacing it is asked for, the built-in ones never change.
    with pytest.raises(ValueError, match="already registered; pass replace=True"):
        rules.register("nothing_done", rules.strict)
    rules.register("nothing_done", rules.strict, replace=True)
    assert rules.get("nothing_done") is rules.strict
    with pytest.raises(ValueError, match="'strict' is a built-in task rule"):
        rules.register("strict", nothing, replace=True)
    rules.unregister("nothing_done")
    assert "nothing_done" not in rules.names()
    with pytest.raises(ValueError, match="cannot be unregistered"):
        rules.unregister("at_least_half")
    with pytest.raises(ValueError, match="no task rule named 'nothing_done'"):
        rules.unregister("nothing_done")


def test_error_unknown_task_rule_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"unknown task rule 'most': use one of .*at_least_half"):
        progress(thanh_xa_2023(), task_rule="most")
    with pytest.raises(TypeError, match="a task rule's name must be a non-empty str"):
        rules.register("", rules.strict)
    with pytest.raises(TypeError, match="a task rule must be a function of a Task"):
        rules.register("x", "strict")  # type: ignore[arg-type]


def test_status_parse_takes_status_rules() -> None:
    from cchc_model.model.status import DEFAULT_RULES, StatusRule

    mine = DEFAULT_RULES.prepend(StatusRule(phrase="Xong", kind=StatusKind.COMPLETED))
    assert Status.parse("Xong", status_rules=mine).kind is StatusKind.COMPLETED
    with pytest.warns(DeprecationWarning, match="status_rules"):  # the former name
        assert Status.parse("Xong", rules=mine) == Status.parse("Xong", status_rules=mine)


def test_results_share_their_conveniences() -> None:
    import json

    from cchc_model import compare, rollup

    plan = thanh_xa_2023()
    later = plan.with_activity(16, status=Status.parse("Hoàn thành"))
    p, r, c = progress(plan), rollup([plan]), compare(plan, later)
    for result in (p, r, c):
        assert isinstance(result.summary(), str)
        json.dumps(result.to_dict())  # JSON-ready
        assert result._repr_html_().startswith("<")
    assert p.summary() == r.summary() == render_summary(p) == render_summary(r)
    assert (p.tasks_percent, p.activities_percent) == (80, 79)
    assert (r.tasks_percent, r.activities_percent) == (80, 79)
    assert p.section("I").activities_percent == p.sections[0].activities.percent
    assert p.to_dict()["sections"][1]["activities"]["total"] == 7
    assert r.to_dict()["plans"][0]["activities"] == p.to_dict()["activities"]
    moved = c.to_dict()["status_changes"]
    assert [(m["section"], m["number"], m["new"]["kind"]) for m in moved] == [
        ("II", 16, "completed")
    ]
    assert "II.16" in c.summary()
    assert not hasattr(p, "percent")


def test_results_as_dataframes() -> None:
    pytest.importorskip("pandas")
    from cchc_model import compare, rollup

    plan = thanh_xa_2023()
    later = plan.with_activity(16, status=Status.parse("Hoàn thành"))
    assert progress(plan).to_dataframe().index.tolist() == [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
    ]
    assert int(rollup([plan, plan]).to_dataframe()["activities_completed"].sum()) == 60
    frame = compare(plan, later).to_dataframe()
    row = frame[(frame["name"] == "activities_completed") & frame["section"].isna()]
    assert row["delta"].tolist() == [1]


def test_the_rule_is_named_as_registered() -> None:
    rules.register("every_task_done", lambda task: True)
    try:
        plan = thanh_xa_2023()
        assert progress(plan, "every_task_done").rule == "every_task_done"
        assert cchc_model.rollup([plan], task_rule="every_task_done").rule == "every_task_done"
        assert progress(plan, lambda task: True).rule == "<lambda>"  # not registered
    finally:
        rules.unregister("every_task_done")
