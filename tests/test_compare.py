"""Comparison of two reports of one plan: status changes, products, figures."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given

from cchc_model import Activity, DocumentRef, Plan, Section, Status, Task, compare, progress, rules
from cchc_model.errors import InvalidPlan
from cchc_model.figures._compare import Comparison

from .strategies import plans

PLAN_REF = DocumentRef(number=63, type_code="KH", issuer="UBND", issued_on=dt.date(2022, 12, 30))
KH_05 = DocumentRef(number=5, type_code="KH", issuer="UBND", source="Kế hoạch số 05/KH-UBND")
QD_18 = DocumentRef(number=18, type_code="QĐ", issuer="BCĐ", source="Quyết định số 18/QĐ-BCĐ")
TB_40 = DocumentRef(number=40, type_code="TB", issuer="UBND", source="Thông báo số 40/TB-UBND")


def act(number: int, status: str, products: str = "") -> Activity:
    return Activity(
        number=number,
        label=f"{number}. Hoạt động {number}",
        text=f"Nội dung hoạt động {number}",
        status=Status.parse(status),
        products=products,
    )


def report(*activities: Activity, number: int, day: dt.date, ref: DocumentRef = PLAN_REF) -> Plan:
    first, rest = activities[:2], activities[2:]
    return Plan(
        title="Phụ lục 1",
        issuer="UBND xã A",
        year=2023,
        reference=ref,
        report=DocumentRef(number=number, type_code="BC", issuer="UBND", issued_on=day),
        sections=(
            Section(
                numeral="I",
                title="Công tác chỉ đạo điều hành",
                tasks=(Task(title="Nhiệm vụ 1", activities=first),),
            ),
            Section(
                numeral="II",
                title="Cải cách thể chế",
                tasks=(Task(title="Nhiệm vụ 2", activities=rest),),
            ),
        ),
    )


Q2 = report(
    act(1, "Hoàn thành", "Kế hoạch số 05/KH-UBND"),
    act(2, "Đang triển khai"),
    act(3, "Chưa đến thời điểm báo cáo"),
    act(4, "Đang thực hiện", "Quyết định số 18/QĐ-BCĐ"),
    number=40,
    day=dt.date(2023, 6, 15),
)
Q3 = report(
    act(1, "Hoàn thành", "Kế hoạch số 05/KH-UBND"),
    act(2, "Hoàn thành", "Thông báo số 40/TB-UBND"),
    act(3, "Đang triển khai thực hiện"),
    act(4, "Đang triển khai", "Báo cáo kết quả"),
    act(5, "Chưa thực hiện"),
    number=73,
    day=dt.date(2023, 9, 11),
)


def test_status_changes_are_kind_changes() -> None:
    c = compare(Q2, Q3)
    assert [(s.number, s.old.text, s.new.text) for s in c.status_changes] == [
        (2, "Đang triển khai", "Hoàn thành"),
        (3, "Chưa đến thời điểm báo cáo", "Đang triển khai thực hiện"),
    ]
    # Activity 4 was reworded ("Đang thực hiện" → "Đang triển khai"): same kind, no change.
    assert 4 not in {s.number for s in c.status_changes}


def test_products_added_and_removed() -> None:
    c = compare(Q2, Q3)
    by_number = {p.number: p for p in c.product_changes}
    assert set(by_number) == {2, 4}
    assert by_number[2].added == (TB_40,)
    assert by_number[2].removed == ()
    assert by_number[4].added == ()
    assert by_number[4].removed == (QD_18,)
    assert by_number[4].new_products == "Báo cáo kết quả"


def test_products_text_changes_beyond_whitespace_only() -> None:
    wrapped = attrs.evolve(
        Q2.sections[0].tasks[0].activities[0], products="Kế hoạch số\n05/KH-UBND"
    )
    again = _replace_activity(Q2, wrapped)
    assert compare(Q2, again).product_changes == ()
    reworded = attrs.evolve(wrapped, products="Kế hoạch số 05/KH-UBND và báo cáo")
    (change,) = compare(Q2, _replace_activity(Q2, reworded)).product_changes
    assert (change.added, change.removed) == ((), ())
    assert "sản phẩm / products:" in str(change)


def test_a_citation_made_fuller_is_not_a_new_document() -> None:
    # Quarter 3 adds the date and the subject to quarter 2's "Kế hoạch số 05/KH-UBND".
    fuller = DocumentRef.parse("Kế hoạch số 05/KH-UBND ngày 19/01/2023 về thi hành pháp luật")
    first = Q2.sections[0].tasks[0].activities[0]
    later = attrs.evolve(first, products=fuller.source)
    (change,) = compare(Q2, _replace_activity(Q2, later)).product_changes
    assert (change.added, change.removed) == ((), ())
    assert change.new_products == fuller.source
    # Another dated 05/KH-UBND than the one cited is another document (numbers restart yearly).
    dated = later
    other = DocumentRef.parse("Kế hoạch số 05/KH-UBND ngày 20/01/2024")
    newer = attrs.evolve(later, products=other.source)
    (change,) = compare(_replace_activity(Q2, dated), _replace_activity(Q2, newer)).product_changes
    assert (change.added, change.removed) == ((other,), (fuller,))


def test_other_columns_that_changed() -> None:
    first = Q2.sections[0].tasks[0].activities[0]
    edited = attrs.evolve(
        first, explanation="Chậm do thiếu kinh phí", note="x", label=first.label + "\n"
    )
    c = compare(Q2, _replace_activity(Q2, edited))
    assert [(t.number, t.field, t.old, t.new) for t in c.text_changes] == [
        (1, "explanation", "", "Chậm do thiếu kinh phí"),
        (1, "note", "", "x"),
    ]  # the label only gained a line break: not a change
    assert c
    assert "Nội dung khác / other text (2):" in str(c)
    assert "  I.1. giải trình / explanation: '' → 'Chậm do thiếu kinh phí'" in str(c)
    assert compare(Q2, Q2).text_changes == ()


def test_repeated_document_counts_as_a_new_product() -> None:
    twice = attrs.evolve(
        Q2.sections[0].tasks[0].activities[0],
        products="Kế hoạch số 05/KH-UBND; Kế hoạch số 05/KH-UBND",
    )
    (change,) = compare(Q2, _replace_activity(Q2, twice)).product_changes
    assert change.added == (KH_05,)


def test_added_and_removed_activities() -> None:
    c = compare(Q2, Q3)
    assert c.added == (("II", 5),)
    assert c.removed == ()
    assert compare(Q3, Q2).removed == (("II", 5),)


def test_restarted_numbering_is_matched_within_each_section() -> None:
    # TT restarts in section II: activity II.1 is not I.1.
    def restarted(status: str) -> Plan:
        def act(n: int, text: str, s: str = "Hoàn thành") -> Activity:
            return Activity(number=n, text=text, status=Status.parse(s))

        return Plan(
            title="Kế hoạch",
            sections=(
                Section(
                    numeral="I", title="A", tasks=(Task(title="a", activities=(act(1, "x"),)),)
                ),
                Section(
                    numeral="II",
                    title="B",
                    tasks=(Task(title="b", activities=(act(1, "y", status),)),),
                ),
            ),
        )

    c = compare(restarted("Đang triển khai"), restarted("Hoàn thành"))
    assert [(s.section, s.number) for s in c.status_changes] == [("II", 1)]
    assert "  II.1. y: Đang triển khai → Hoàn thành (in_progress → completed)" in str(c)


def test_a_numeral_written_with_a_full_stop_is_the_same_section() -> None:
    # "II" in one report, "II." in the next (typed by hand, or another reader):
    # still one section, as rollup() counts it.
    sections = list(Q3.sections)
    sections[1] = attrs.evolve(sections[1], numeral="II.")
    c = compare(Q2, attrs.evolve(Q3, sections=tuple(sections)))
    assert [(s.section, s.number) for s in c.status_changes] == [("I", 2), ("II.", 3)]
    assert (c.added, c.removed) == ((("II.", 5),), ())
    assert {m.section for m in c.section_figures} == {"I", "II."}


def test_figures_move() -> None:
    c = compare(Q2, Q3)
    p2, p3 = progress(Q2), progress(Q3)
    assert [f.name for f in c.figures] == [  # the headline figures, in their order
        "tasks_total",
        "tasks_completed",
        "tasks_percent",
        "activities_total",
        "activities_completed",
        "activities_in_progress",
        "activities_not_due",
        "activities_overdue",
        "activities_percent",
    ]
    done = c.figure("activities_completed")
    assert (done.old, done.new, done.delta) == (1, 2, 1)
    assert (done.old, done.new) == (p2.activities.completed, p3.activities.completed)
    assert c.figure("activities_percent").old == 25
    assert c.figure("activities_percent").new == 40
    assert c.figure("activities_overdue").delta == 1
    assert c.figure("tasks_total").delta == 0
    assert (c.old, c.new) == (p2, p3)


def test_section_figures_only_when_they_moved() -> None:
    c = compare(Q2, Q3)
    moved = {(f.section, f.name): (f.old, f.new) for f in c.section_figures}
    assert moved[("I", "activities_completed")] == (1, 2)
    assert moved[("II", "activities_total")] == (2, 3)
    assert all(f.delta for f in c.section_figures)
    assert c.figure("activities_completed", section="I").delta == 1
    # A section figure that did not move is not listed, but figure() gives it.
    unmoved = c.figure("tasks_total", section="I")  # one task before and after
    assert (unmoved.old, unmoved.new, unmoved.delta, unmoved.section) == (1, 1, 0, "I")
    assert ("I", "tasks_total") not in moved
    with pytest.raises(KeyError, match="no figure 'no_such_figure': the figures are tasks_total"):
        c.figure("no_such_figure")
    with pytest.raises(KeyError, match="no section 'IX' in both reports: the sections are I"):
        c.figure("tasks_total", section="IX")


def test_task_rule_applies_to_both_reports() -> None:
    c = compare(Q2, Q3, task_rule=rules.strict)
    assert c.old.rule == c.new.rule == "strict"
    assert c.figure("tasks_completed").new == progress(Q3, task_rule=rules.strict).tasks.completed


def test_readable_text_in_both_languages() -> None:
    text = str(compare(Q2, Q3))
    lines = text.splitlines()
    assert lines[0] == (
        "So sánh / comparison: Báo cáo số 40/BC-UBND ngày 15/6/2023"
        " → Báo cáo số 73/BC-UBND ngày 11/9/2023"
    )
    assert "  hoạt động hoàn thành: 1 → 2 (+1)" in lines
    assert "  tổng số nhiệm vụ: 2 → 2 (±0)" in lines
    assert "  mục I: hoạt động hoàn thành: 1 → 2 (+1)" in lines
    assert "Thay đổi tiến độ / status changes (2):" in lines
    assert (
        "  I.2. Nội dung hoạt động 2: Đang triển khai → Hoàn thành (in_progress → completed)"
        in lines
    )
    assert "  I.2. Nội dung hoạt động 2: thêm / added: Thông báo số 40/TB-UBND" in lines
    assert "  II.4. Nội dung hoạt động 4: bớt / removed: Quyết định số 18/QĐ-BCĐ" in lines
    assert lines[-1] == "Hoạt động mới / activities added: II.5"


def test_no_changes() -> None:
    c = compare(Q2, Q2)
    assert not c
    assert c.status_changes == c.product_changes == c.section_figures == ()
    assert all(f.delta == 0 for f in c.figures)
    assert str(c).splitlines()[1] == "Không có thay đổi / no changes"


def test_result_is_frozen() -> None:
    c = compare(Q2, Q3)
    assert isinstance(c, Comparison)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.added = ()  # type: ignore[misc]


def test_error_reports_of_different_plans() -> None:
    other = report(
        act(1, "Hoàn thành"),
        act(2, "Hoàn thành"),
        act(3, "Hoàn thành"),
        number=50,
        day=dt.date(2023, 9, 1),
        ref=DocumentRef(number=64, type_code="KH", issuer="UBND", source="64/KH-UBND"),
    )
    with pytest.raises(InvalidPlan, match="the two reports belong to different plans") as err:
        compare(Q2, other)
    assert "64/KH-UBND" in str(err.value)
    # A plan without a reference cannot be checked: it is compared as given.
    unnamed = compare(attrs.evolve(Q2, reference=None), other)
    assert [s.number for s in unnamed.status_changes] == [2, 3]


@given(plans(max_sections=3))
def test_property_a_report_compared_with_itself_has_no_changes(plan: Plan) -> None:
    c = compare(plan, plan)
    assert not c
    assert [f.old for f in c.figures] == [f.new for f in c.figures]


@given(plans(max_sections=3), plans(max_sections=3))
def test_property_figures_agree_with_progress(old: Plan, new: Plan) -> None:
    c = compare(old, new)
    p_old, p_new = progress(old), progress(new)
    assert c.figure("activities_completed").delta == (
        p_new.activities.completed - p_old.activities.completed
    )
    assert c.figure("tasks_percent").new == p_new.tasks.percent

    def places(plan: Plan) -> set[tuple[str, int]]:
        return {(s.numeral, a.number) for s in plan.sections for a in s.activities}

    shared = places(old) & places(new)
    assert {(s.section, s.number) for s in c.status_changes} <= shared
    assert set(c.added).isdisjoint(shared)
    assert set(c.removed).isdisjoint(shared)
    assert str(c).startswith("So sánh / comparison: old → new\n")


def _replace_activity(plan: Plan, new: Activity) -> Plan:
    sections = []
    for section in plan.sections:
        tasks = []
        for task in section.tasks:
            acts = tuple(new if a.number == new.number else a for a in task.activities)
            tasks.append(attrs.evolve(task, activities=acts))
        sections.append(attrs.evolve(section, tasks=tuple(tasks)))
    return attrs.evolve(plan, sections=tuple(sections))


@pytest.mark.parametrize("other", ["report.json", None])
def test_error_compare_needs_two_plans(other: object) -> None:
    plan = _plan_for_type_errors()
    message = rf"compare\(\) takes two Plans, got Plan and {type(other).__name__}"
    with pytest.raises(TypeError, match=message):
        compare(plan, other)  # type: ignore[arg-type]
    message = rf"compare\(\) takes two Plans, got {type(other).__name__} and Plan"
    with pytest.raises(TypeError, match=message):
        compare(other, plan)  # type: ignore[arg-type]


def _plan_for_type_errors() -> Plan:
    from cchc_model.examples import thanh_xa_2023

    return thanh_xa_2023()
