"""Roll-ups: totals, per plan, per section across plans, grouping rules and rendering."""

from __future__ import annotations

from collections import Counter
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cchc_model import Activity, Plan, Section, Status, Tally, Task, progress, rollup, rules
from cchc_model._text import fold, squash
from cchc_model.figures._groups import numeral_key, roman_value
from cchc_model.figures._rollup import HEADERS, Rollup

from .strategies import plans

DONE, DOING, LATER, LATE = "Hoàn thành", "Đang triển khai", "Chưa đến thời điểm báo cáo", "Chậm"


def make_plan(
    sections: list[tuple[str, str, list[list[str]]]], *, issuer: str = "UBND xã A"
) -> Plan:
    """A plan from (numeral, title, tasks) where each task is a list of status texts."""
    number = 1
    built = []
    for numeral, title, tasks in sections:
        task_objs = []
        for t, texts in enumerate(tasks):
            acts = []
            for text in texts:
                acts.append(
                    Activity(number=number, text=f"Hoạt động {number}", status=Status.parse(text))
                )
                number += 1
            task_objs.append(Task(title=f"Nhiệm vụ {numeral}.{t + 1}", activities=tuple(acts)))
        built.append(Section(numeral=numeral, title=title, tasks=tuple(task_objs)))
    return Plan(title="Kế hoạch CCHC năm 2023", issuer=issuer, sections=tuple(built))


COMMUNE_A = make_plan(
    [
        ("I", "Công tác chỉ đạo điều hành", [[DONE], [DONE, DOING]]),
        ("II", "Cải cách thể chế", [[DOING, DOING], [LATER]]),
    ],
    issuer="UBND xã A",
)
COMMUNE_B = make_plan(
    [
        ("I.", "CÔNG TÁC CHỈ ĐẠO  ĐIỀU HÀNH", [[DONE, DONE, LATE]]),
        ("II", "Cải cách thể chế", [[DONE]]),
        ("III", "Cải cách thủ tục hành chính", [[LATE]]),
    ],
    issuer="UBND xã B",
)
COMMUNE_C = make_plan(
    [
        ("I", "Công tác chỉ đạo, điều hành", [[DONE]]),
        ("II", "Cải cách thể chế", [[DOING]]),
    ],
    issuer="UBND xã C",
)


def test_totals_are_the_sums_of_each_plans_progress() -> None:
    r = rollup([COMMUNE_A, COMMUNE_B, COMMUNE_C])
    pa, pb, pc = progress(COMMUNE_A), progress(COMMUNE_B), progress(COMMUNE_C)
    assert r.tasks == pa.tasks + pb.tasks + pc.tasks
    assert r.activities == pa.activities + pb.activities + pc.activities
    # Worked by hand: A has 6 activities (2 done), B 5 (3 done), C 2 (1 done).
    assert (r.activities.total, r.activities.completed) == (13, 6)
    assert (r.activities.in_progress, r.activities.not_due, r.activities.overdue) == (4, 1, 2)
    # Tasks (at least half): A 2/4 ([DONE], [DONE, DOING]); B 2/3; C 1/2.
    assert (r.tasks.total, r.tasks.completed) == (9, 5)
    assert r.activities_percent == 46  # 6/13 = 46.2 %
    assert r.activities.count("delayed") == 2


def test_percent_is_recomputed_from_counts_not_averaged() -> None:
    # 1/1 (100 %) and 0/3 (0 %): the average would be 50 %, the roll-up is 1/4 = 25 %.
    one = make_plan([("I", "A", [[DONE]])], issuer="X")
    three = make_plan([("I", "A", [[DOING, DOING, DOING]])], issuer="Y")
    assert rollup([one, three]).activities.percent == 25


def test_the_task_rule_is_applied_to_every_plan() -> None:
    plans_ = [COMMUNE_A, COMMUNE_B]
    strict = rollup(plans_, task_rule=rules.strict)
    assert strict.rule == "strict"
    assert strict.tasks == sum((progress(p, task_rule=rules.strict).tasks for p in plans_), Tally())
    assert strict.tasks.completed < rollup(plans_).tasks.completed
    assert all(p.progress.rule == "strict" for p in strict.plans)


def test_per_plan_rows_keep_the_order_and_the_full_progress() -> None:
    r = rollup([COMMUNE_A, COMMUNE_B])
    assert [p.name for p in r.plans] == ["UBND xã A", "UBND xã B"]
    assert r.plan("UBND xã B").progress == progress(COMMUNE_B)
    assert r.plan("UBND xã A").activities == progress(COMMUNE_A).activities
    with pytest.raises(KeyError):
        r.plan("UBND xã Z")


def test_names_from_a_mapping_and_repeated_issuers_numbered() -> None:
    named = rollup({"Quý 2": COMMUNE_A, "Quý 3": COMMUNE_A})
    assert [p.name for p in named.plans] == ["Quý 2", "Quý 3"]
    repeated = rollup([COMMUNE_A, COMMUNE_A, COMMUNE_A])
    assert [p.name for p in repeated.plans] == ["UBND xã A", "UBND xã A (2)", "UBND xã A (3)"]
    no_issuer = attrs.evolve(COMMUNE_A, issuer="", title="Kế hoạch\n63")
    assert rollup([no_issuer]).plans[0].name == "Kế hoạch 63"


def test_a_generator_of_plans_rolls_up_like_a_list() -> None:
    plans = [COMMUNE_A, COMMUNE_B, COMMUNE_C, COMMUNE_A]
    streamed = rollup(plan for plan in plans)
    assert streamed == rollup(plans)
    assert [p.name for p in streamed.plans] == [
        "UBND xã A",
        "UBND xã B",
        "UBND xã C",
        "UBND xã A (2)",
    ]
    # (name, plan) pairs, as a mapping's items or any generator of them.
    pairs = {"Quý 2": COMMUNE_A, "Quý 3": COMMUNE_B}
    assert rollup(pairs.items()) == rollup(pairs)
    assert rollup((name, plan) for name, plan in pairs.items()) == rollup(pairs)


def test_each_plan_is_let_go_once_counted() -> None:
    # A roll-up keeps each plan's figures, title and issuer, not the plan:
    # a generator of any length rolls up in the memory of one plan.
    import gc
    import weakref

    seen: list[weakref.ref[Plan]] = []

    def commune_plans() -> Any:
        for i in range(5):
            plan = attrs.evolve(COMMUNE_B, issuer=f"UBND xã {i}", title=f"Kế hoạch {i}")
            seen.append(weakref.ref(plan))
            yield plan

    r = rollup(commune_plans())
    gc.collect()
    assert len(seen) == 5
    assert [ref() for ref in seen] == [None] * 5
    assert [(p.name, p.title, p.issuer) for p in r.plans][-1] == (
        "UBND xã 4",
        "Kế hoạch 4",
        "UBND xã 4",
    )
    assert r.activities.total == 5 * progress(COMMUNE_B).activities.total


def test_sections_group_by_numeral_with_the_most_common_wording() -> None:
    r = rollup([COMMUNE_A, COMMUNE_B, COMMUNE_C])
    assert [s.numeral for s in r.sections] == ["I", "II", "III"]
    first = r.section("I")
    # "I." and "I" are one group; the upper-case, double-spaced title folds to
    # the same wording as A's; C's "chỉ đạo, điều hành" is a different wording.
    assert first.plans == 3
    assert first.title == "Công tác chỉ đạo điều hành"
    assert first.titles == ("Công tác chỉ đạo điều hành", "Công tác chỉ đạo, điều hành")
    assert (first.activities.total, first.activities.completed) == (3 + 3 + 1, 2 + 2 + 1)
    assert r.section("i.") is first
    assert r.section("III").plans == 1
    with pytest.raises(KeyError):
        r.section("IV")


def test_section_groups_add_up_to_the_totals() -> None:
    r = rollup([COMMUNE_A, COMMUNE_B, COMMUNE_C])
    assert sum((s.activities for s in r.sections), Tally()) == r.activities
    assert sum((s.tasks for s in r.sections), Tally()) == r.tasks


def test_roman_order_even_when_a_later_plan_brings_an_earlier_numeral() -> None:
    late = make_plan([("I", "A", [[DONE]]), ("IV", "D", [[DONE]])], issuer="X")
    early = make_plan([("II", "B", [[DONE]]), ("IX", "I9", [[DONE]])], issuer="Y")
    assert [s.numeral for s in rollup([late, early]).sections] == ["I", "II", "IV", "IX"]


def test_non_roman_keys_keep_their_first_appearance_order() -> None:
    a = make_plan([("B", "Bee", [[DONE]]), ("A", "Ay", [[DONE]])], issuer="X")
    assert [s.numeral for s in rollup([a]).sections] == ["B", "A"]


def test_group_by_title_folds_the_wording_and_ignores_numerals() -> None:
    a = make_plan([("I", "Cải cách thể chế", [[DONE]]), ("II", "Số hoá", [[DOING]])], issuer="X")
    b = make_plan([("III", "CẢI CÁCH THỂ CHẾ", [[DOING]]), ("IV", "Số hóa", [[DONE]])], issuer="Y")
    c = make_plan([("I", "cải  cách\nthể chế", [[DONE]])], issuer="Z")
    r = rollup([a, b, c], by="title")
    assert r.by == "title"
    assert [s.title for s in r.sections] == ["Cải cách thể chế", "Số hoá"]
    reform = r.section("CẢI CÁCH THỂ CHẾ")
    assert (reform.plans, reform.activities.total, reform.activities.completed) == (3, 3, 2)
    assert reform.numeral == "I"  # two plans of three number it I
    assert r.section("SỐ HÓA").titles == ("Số hoá",)  # hoá/hóa fold together
    # By numeral the same plans give four groups, mixing wordings under I.
    assert len(rollup([a, b, c]).sections) == 4


def test_empty_rollup() -> None:
    r = rollup([])
    assert r.plans == ()
    assert r.sections == ()
    assert r.tasks == Tally()
    assert r.activities_percent == 0
    assert r.rule == "at_least_half"
    assert r.rows()[-1] == ("", "Tổng cộng", 0, 0, 0, 0, 0, 0, 0, 0, 0)


def test_error_bad_arguments() -> None:
    with pytest.raises(ValueError, match="by must be 'numeral' or 'title', got 'name'"):
        rollup([COMMUNE_A], by="name")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"plan 'x' \(#2\) is a str, not a Plan"):
        rollup({"a": COMMUNE_A, "x": "not a plan"})  # type: ignore[dict-item]
    with pytest.raises(TypeError, match=r"plan #2 is a NoneType, not a Plan"):
        rollup([COMMUNE_A, None])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"plan #2 is a tuple, not a Plan"):
        rollup([("a", COMMUNE_A), ("b", "not a plan")])  # type: ignore[list-item]
    for wrong in (None, COMMUNE_A, "plans.json"):
        with pytest.raises(TypeError, match="rollup\\(\\) takes an iterable of Plans or a mapping"):
            rollup(wrong)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="task_rule must be a function of a Task"):
        rollup([COMMUNE_A], task_rule=1)  # type: ignore[arg-type]
    assert rollup([COMMUNE_A], task_rule="strict") == rollup([COMMUNE_A], task_rule=rules.strict)
    with pytest.raises(ValueError, match="of must be 'sections' or 'plans'"):
        rollup([COMMUNE_A]).rows("tasks")  # type: ignore[arg-type]


def test_result_is_frozen() -> None:
    r = rollup([COMMUNE_A])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        r.tasks = Tally()  # type: ignore[misc]
    assert isinstance(r.sections, tuple)
    assert isinstance(r.plans, tuple)


def test_rows_and_tables() -> None:
    r = rollup([COMMUNE_A, COMMUNE_B])
    rows = r.rows()
    assert len(rows[0]) == len(HEADERS)
    # Section I: A's 3 activities (2 done, 1 in progress), B's 3 (2 done, 1 late).
    assert rows[0] == ("I", "Công tác chỉ đạo điều hành", 3, 3, 100, 4, 6, 67, 1, 0, 1)
    assert rows[-1][:2] == ("", "Tổng cộng")
    assert r.rows("plans")[1][:2] == ("2", "UBND xã B")
    table = r.to_table("github")
    assert table.splitlines()[0].startswith("| TT   | Tên ")
    assert "| Tổng cộng" in table
    assert "UBND xã B" in r.to_table("grid", of="plans")
    text = str(r)
    assert text.startswith("Tổng hợp 2 kế hoạch / roll-up of 2 plans (task rule: at_least_half")
    assert "Cải cách thể chế" in text


def test_summary_uses_the_reports_wording() -> None:
    lines = rollup([COMMUNE_A, COMMUNE_B, COMMUNE_C]).summary().splitlines()
    assert lines[0] == "Tổng số 09 nhiệm vụ và 13 hoạt động"
    assert lines[2] == "Thực hiện hoàn thành 06/13 hoạt động, đạt 46% kế hoạch"
    assert lines[-1] == "Chậm tiến độ, chưa thực hiện 02 hoạt động"
    as_progress = rollup([COMMUNE_A]).as_progress()
    assert as_progress.tasks == progress(COMMUNE_A).tasks
    assert as_progress.section("II").activities == progress(COMMUNE_A).section("II").activities


def test_html_escapes_every_cell() -> None:
    hostile = make_plan([("I", "<script>alert(1)</script> & co", [[DONE]])], issuer="<b>xã</b>")
    page = rollup([hostile])._repr_html_()
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in page
    assert page.startswith(
        '<div class="cchc-rollup-caption">Tổng hợp 1 kế hoạch (nhóm mục theo số La Mã)</div>'
    )
    assert page.count('<tr class="cchc-section-progress">') == 1
    assert page.count('<tr class="cchc-total">') == 1


def test_the_bundled_example_rolls_up_to_its_own_figures() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    r = rollup([plan])
    p = progress(plan)
    assert (r.tasks, r.activities) == (p.tasks, p.activities)
    assert [(s.numeral, s.title, s.activities) for s in r.sections] == [
        (s.numeral, " ".join(s.title.split()), s.activities) for s in p.sections
    ]
    ten = rollup([plan] * 10)
    assert (ten.tasks.completed, ten.tasks.total) == (200, 250)
    assert (ten.activities.completed, ten.activities.total, ten.activities_percent) == (
        300,
        380,
        79,
    )


@given(st.lists(plans(), max_size=4), st.sampled_from(["numeral", "title"]))
def test_property_rollup_is_the_sum_of_progresses(plan_list: list[Plan], by: str) -> None:
    r: Rollup = rollup(plan_list, by=by)  # type: ignore[arg-type]
    expected = [progress(p) for p in plan_list]
    assert r.tasks == sum((p.tasks for p in expected), Tally())
    assert r.activities == sum((p.activities for p in expected), Tally())
    assert sum((s.activities for s in r.sections), Tally()) == r.activities
    assert sum((s.tasks for s in r.sections), Tally()) == r.tasks
    assert sum(s.plans for s in r.sections) == sum(len(p.sections) for p in plan_list)
    assert [p.progress for p in r.plans] == expected


@given(st.lists(plans(max_sections=3), min_size=1, max_size=4), st.randoms())
def test_property_totals_do_not_depend_on_plan_order(plan_list: list[Plan], rnd: object) -> None:
    shuffled = list(plan_list)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = rollup(plan_list), rollup(shuffled)
    assert (a.tasks, a.activities) == (b.tasks, b.activities)
    assert {s.numeral: s.activities for s in a.sections} == {
        s.numeral: s.activities for s in b.sections
    }


def _reference_sections(plan_list: list[Plan], by: str) -> list[tuple[object, ...]]:
    """The section groups counted the plain way, by adding up each plan's progress()."""
    groups: dict[str, dict[str, Any]] = {}
    for plan in plan_list:
        for s in progress(plan).sections:
            key = numeral_key(s.numeral) if by == "numeral" else fold(s.title).rstrip(" .:;,")
            g = groups.setdefault(
                key,
                {"tasks": Tally(), "acts": Tally(), "numerals": Counter(), "titles": {}, "n": 0},
            )
            g["tasks"] += s.tasks
            g["acts"] += s.activities
            g["numerals"][s.numeral.strip()] += 1
            g["titles"].setdefault(fold(s.title), [0, squash(s.title)])[0] += 1
            g["n"] += 1
    keys = list(groups)
    if by == "numeral" and all(roman_value(k) is not None for k in keys):
        keys.sort(key=lambda k: roman_value(k) or 0)
    return [
        (
            groups[k]["numerals"].most_common(1)[0][0],
            max(groups[k]["titles"].values(), key=lambda e: e[0])[1],
            tuple(e[1] for e in groups[k]["titles"].values()),
            groups[k]["n"],
            groups[k]["tasks"],
            groups[k]["acts"],
        )
        for k in keys
    ]


def _groups(r: Rollup) -> list[tuple[object, ...]]:
    return [(s.numeral, s.title, s.titles, s.plans, s.tasks, s.activities) for s in r.sections]


def test_groups_of_the_communes_match_the_plain_reference() -> None:
    communes = [COMMUNE_A, COMMUNE_B, COMMUNE_C, COMMUNE_A]
    for by in ("numeral", "title"):
        assert _groups(rollup(communes, by=by)) == _reference_sections(communes, by)  # type: ignore[arg-type]


@given(
    st.lists(plans(max_sections=3), max_size=4),
    st.sampled_from(["numeral", "title"]),
    st.sampled_from([rules.at_least_half, rules.strict]),
)
def test_property_groups_match_the_reference_and_called_rules_agree(
    plan_list: list[Plan], by: str, rule: rules.TaskRule
) -> None:
    r: Rollup = rollup(plan_list, by=by, task_rule=rule)  # type: ignore[arg-type]
    if rule is rules.at_least_half:
        assert _groups(r) == _reference_sections(plan_list, by)

    def called(task: Task) -> bool:
        return rule(task)

    slow: Rollup = rollup(plan_list, by=by, task_rule=called)  # type: ignore[arg-type]
    assert slow.rule == "called"
    assert (slow.tasks, slow.activities, _groups(slow)) == (r.tasks, r.activities, _groups(r))
    assert [p.progress.open_tasks for p in slow.plans] == [p.progress.open_tasks for p in r.plans]


def test_large_rollups_count_exactly() -> None:
    # Counts are plain ints: no counter width to overflow, however many plans.
    r = rollup([COMMUNE_A] * 500)
    assert r.activities.total == 500 * rollup([COMMUNE_A]).activities.total
    one = rollup([COMMUNE_A])
    assert r.tasks == sum((one.tasks for _ in range(499)), one.tasks)


def test_by_title_ignores_a_colon_or_full_stop_at_the_end() -> None:
    """The docs' example wordings of one title are one group."""
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    head, second, rest = plan.sections[:1], plan.sections[1], plan.sections[2:]
    variants = [
        attrs.evolve(plan, sections=(*head, attrs.evolve(second, title=title), *rest))
        for title in ("Cải cách thể chế", "CẢI CÁCH  THỂ CHẾ:", "Cải cách thể chế.")
    ]
    r = rollup(variants, by="title")
    assert r.section("cải cách thể chế").plans == 3
    assert len(r.sections) == len(plan.sections)


def test_to_dataframe_of_plans_is_one_row_per_plan() -> None:
    pytest.importorskip("pandas")
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    r = rollup({"Quý 2": plan, "Quý 3": plan}, task_rule="strict")
    frame = r.to_dataframe(of="plans")
    assert list(frame.index) == ["Quý 2", "Quý 3"]
    expected = progress(plan, task_rule="strict")
    assert frame.loc["Quý 3", "tasks_completed"] == expected.tasks.completed
    assert frame["activities_total"].sum() == r.activities.total
    assert frame.attrs["rule"] == "strict"
    assert len(r.to_dataframe()) == len(r.sections)  # the default: section groups
    with pytest.raises(ValueError, match="of must be 'sections' or 'plans'"):
        r.to_dataframe(of="tasks")  # type: ignore[arg-type]
