"""The domain types: construction, invariants, immutability, navigation."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from cchc_model import Activity, Plan, PublishedFigures, Section, Status, StatusKind, Task
from cchc_model.errors import CCHCError, InvalidPlan

DONE = Status(kind=StatusKind.COMPLETED, text="Hoàn thành")


def act(number: int, **fields: object) -> Activity:
    return Activity(number=number, text=f"Hoạt động {number}", status=DONE, **fields)  # type: ignore[arg-type]


def small_plan() -> Plan:
    return Plan(
        title="Kế hoạch CCHC năm 2023",
        sections=(
            Section(
                numeral="I",
                title="Công tác chỉ đạo điều hành",
                tasks=(
                    Task(title="A", activities=(act(1),)),
                    Task(title="B", activities=(act(2), act(3))),
                ),
            ),
            Section(
                numeral="II",
                title="Cải cách thể chế",
                tasks=(Task(title="C", activities=(act(4),)),),
            ),
        ),
    )


def test_navigation() -> None:
    plan = small_plan()
    assert [a.number for a in plan.activities] == [1, 2, 3, 4]
    assert [t.title for t in plan.tasks] == ["A", "B", "C"]
    assert plan.activity(3).text == "Hoạt động 3"
    assert plan.task_of(3).numbers == (2, 3)
    assert plan.section("II").title == "Cải cách thể chế"
    assert [a.number for a in plan.section("I").activities] == [1, 2, 3]
    assert plan.reported_on is None


@pytest.mark.parametrize(("lookup", "key"), [("activity", 9), ("task_of", 9), ("section", "IX")])
def test_error_lookups_raise_key_error(lookup: str, key: object) -> None:
    with pytest.raises(KeyError):
        getattr(small_plan(), lookup)(key)


def test_lists_are_frozen_into_tuples() -> None:
    task = Task(title="A", activities=[act(1), act(2)])  # type: ignore[arg-type]
    assert task.activities == (act(1), act(2))


def test_immutable() -> None:
    plan = small_plan()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.title = "x"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        plan.activity(1).status = DONE  # type: ignore[misc]
    changed = attrs.evolve(plan, title="Kế hoạch mới")
    assert changed.title == "Kế hoạch mới"
    assert plan.title == "Kế hoạch CCHC năm 2023"


def test_keyword_only() -> None:
    with pytest.raises(TypeError):
        Task("A", (act(1),))  # type: ignore[misc]


def test_hashable_and_never_equal_to_foreign_types() -> None:
    plan = small_plan()
    assert hash(plan) == hash(small_plan())
    assert plan == small_plan()
    assert DONE != "Hoàn thành"
    assert act(1) != {"number": 1}


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Task(title="A", activities=()), "a task needs at least one activity"),
        (lambda: Task(title="  ", activities=(act(1),)), "title must not be empty"),
        (
            lambda: Task(title="A", activities=(act(2), act(1))),
            "TT 1 follows TT 2; TT must increase within a section (it may restart in each"
            " section): renumber the rows",
        ),
        (
            lambda: Task(title="A", activities=(act(1), act(1))),
            "TT 1 appears twice; number the rows of the section 1, 2, 3, … once each (TT may"
            " restart in each section)",
        ),
        (lambda: Task(title="A", activities=("x",)), "activities[0] must be Activity, got str"),
        (
            lambda: Task(title="A", activities=None),
            "activities must be a tuple of Activity, got NoneType",
        ),
        (lambda: Section(numeral="I", title="X", tasks=()), "a section needs at least one task"),
        (
            lambda: Section(
                numeral="I",
                title="X",
                tasks=(
                    Task(title="A", activities=(act(3),)),
                    Task(title="B", activities=(act(2),)),
                ),
            ),
            "TT 2 follows TT 3; TT must increase within a section (it may restart in each"
            " section): renumber the rows",
        ),
        (
            lambda: Plan(
                title="P",
                sections=(
                    Section(numeral="I", title="X", tasks=(Task(title="A", activities=(act(1),)),)),
                    Section(numeral="I", title="Y", tasks=(Task(title="B", activities=(act(2),)),)),
                ),
            ),
            "section I appears twice",
        ),
        (lambda: act(0), "activity number must be a positive int, got 0"),
        (lambda: act(True), "activity number must be a positive int, got True"),
        (lambda: Activity(number=1, text="", status=DONE), "text must not be empty"),
        (lambda: act(1, products=None), "products must be a str, got NoneType"),
        (
            lambda: Status(kind="done"),  # type: ignore[arg-type]
            "unknown status kind 'done': use one of completed, ongoing, in_progress,"
            " not_due, awaiting_guidance, not_started, delayed",
        ),
        (lambda: Status(kind="completed", text=5), "text must be a str, got int"),  # type: ignore[arg-type]
        (
            lambda: attrs.evolve(small_plan(), year="2023"),
            "year must be a year from 1945 to 2199 or None, got '2023'",
        ),
        (
            lambda: attrs.evolve(small_plan(), year=23),
            "year must be a year from 1945 to 2199 or None, got 23",
        ),
        (
            lambda: attrs.evolve(small_plan(), reference="63/KH-UBND"),
            "reference must be a DocumentRef or None, got str",
        ),
        (
            lambda: attrs.evolve(small_plan(), report={"number": 73}),
            "report must be a DocumentRef or None, got dict",
        ),
        (
            lambda: attrs.evolve(small_plan(), published=(20, 25)),
            "published must be a PublishedFigures or None, got tuple",
        ),
        (
            lambda: PublishedFigures(tasks_total=True),
            "tasks_total must be a count (an int >= 0) or None, got True",
        ),
        (
            lambda: PublishedFigures(activities_completed=-1),
            "activities_completed must be a count (an int >= 0) or None, got -1",
        ),
        (
            lambda: PublishedFigures(activities_percent=79.0),
            "activities_percent must be a percent from 0 to 100 as printed (80, or 98.62 for"
            " '98,62%'; a whole percent as an int) or None, got 79.0",
        ),
        (
            lambda: PublishedFigures(tasks_percent=180),
            "tasks_percent must be a percent from 0 to 100 as printed (80, or 98.62 for"
            " '98,62%'; a whole percent as an int) or None, got 180",
        ),
        (lambda: PublishedFigures(text=None), "text must be a str, got NoneType"),  # type: ignore[arg-type]
    ],
)
def test_error_invariants(build: object, message: str) -> None:
    with pytest.raises(InvalidPlan) as info:
        build()  # type: ignore[operator]
    assert info.value.reason == message
    assert isinstance(info.value, CCHCError)
    assert isinstance(info.value, ValueError)


def test_published_figures_are_kept_as_printed() -> None:
    # A report may disagree with itself (reconcile() says where): not an error here.
    figures = PublishedFigures(tasks_total=25, tasks_completed=26, tasks_percent=80)
    assert figures.tasks_completed == 26


def test_error_activity_needs_a_status() -> None:
    with pytest.raises(InvalidPlan) as info:
        Activity(number=1, text="x", status="Hoàn thành")  # type: ignore[arg-type]
    assert info.value.reason == "status must be a Status, got str: use Status.parse('Hoàn thành')"
    with pytest.raises(InvalidPlan, match=r"status must be a Status, got NoneType$"):
        Activity(number=1, text="x", status=None)  # type: ignore[arg-type]


def test_error_names_where() -> None:
    with pytest.raises(InvalidPlan) as info:
        Task(title="Ban hành các văn bản lãnh đạo", activities=(act(2), act(1)))
    assert info.value.where == "task 'Ban hành các văn bản lãnh đạo', TT 1"
    assert str(info.value).startswith(
        "task 'Ban hành các văn bản lãnh đạo', TT 1: TT 1 follows TT 2"
    )


def test_with_activity_replaces_one_activity_and_keeps_the_rest() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    done = Status.parse("Hoàn thành")
    later = plan.with_activity(16, status=done, note="xong quý 3")
    assert later.activity(16).status == done
    assert later.activity(16).note == "xong quý 3"
    assert later.activity(16).text == plan.activity(16).text
    assert [a for a in later.activities if a.number != 16] == [
        a for a in plan.activities if a.number != 16
    ]
    assert later.title == plan.title
    assert later.published == plan.published
    assert plan.activity(16).status.kind is StatusKind.IN_PROGRESS  # the original is untouched


def test_with_activity_new_products_bring_their_documents() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    assert len(plan.activity(33).documents) == 5
    assert plan.with_activity(33, products="").activity(33).documents == ()
    text = "Kế hoạch số 99/KH-UBND ngày 01/02/2023;\nBáo cáo số 12/BC-UBND"
    redone = plan.with_activity(1, products=text).activity(1)
    assert [d.symbol for d in redone.documents] == ["99/KH-UBND", "12/BC-UBND"]
    assert redone.documents[0].source == "Kế hoạch số 99/KH-UBND ngày 01/02/2023"
    # Documents are derived, never given.
    with pytest.raises(TypeError, match="documents"):
        plan.with_activity(1, products=text, documents=())


def test_error_with_activity_unknown_number_or_invalid_change() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    with pytest.raises(KeyError):
        plan.with_activity(99, note="x")
    with pytest.raises(InvalidPlan, match="TT 15 appears twice"):
        plan.with_activity(16, number=15)


def _restarted() -> Plan:
    # TT restarting in each section, as many appendices print it.
    def section(numeral: str, *numbers: int) -> Section:
        return Section(
            numeral=numeral,
            title=f"Mục {numeral}",
            tasks=(Task(title="A", activities=tuple(act(n) for n in numbers)),),
        )

    return Plan(title="P", sections=(section("I", 1, 2, 3), section("II", 1, 2), section("III", 5)))


def test_numbering_may_restart_in_each_section() -> None:
    plan = _restarted()
    assert [(s.numeral, a.number) for s in plan.sections for a in s.activities] == [
        ("I", 1),
        ("I", 2),
        ("I", 3),
        ("II", 1),
        ("II", 2),
        ("III", 5),
    ]
    assert plan.activity(3) is plan.sections[0].tasks[0].activities[2]  # unique in the plan
    assert plan.activity(5) is plan.activity("III.5") is plan.activity(5, section="III")
    assert plan.activity("II.2") is plan.sections[1].tasks[0].activities[1]
    assert plan.activity(2, section="ii") is plan.activity("II.2")
    assert plan.task_of("II.1") is plan.sections[1].tasks[0]
    later = plan.with_activity("II.1", note="x")
    assert later.activity("II.1").note == "x"
    assert later.activity("I.1").note == plan.activity("I.1").note == ""
    assert later.with_activity(1, section="I", note="y").activity("I.1").note == "y"


@pytest.mark.parametrize(
    ("key", "section", "message"),
    [
        (
            1,
            None,
            "TT 1 is in sections I, II: ask for one, e.g. plan.activity(1, section='II')"
            " or plan.activity('II.1')",
        ),
        (
            4,
            None,
            "no activity TT 4: activities are numbered 1–3 in section I, 1–2 in section II,"
            " 5 in section III",
        ),
        (3, "II", "no activity TT 3 in section II: activities are numbered 1–2"),
        ("II.9", None, "no activity TT 9 in section II: activities are numbered 1–2"),
        ("IX.1", None, "no section 'IX': the sections are I, II, III (or ask by title)"),
        ("II", None, "'II': name an activity by its TT (9), or by section and TT"),
        ("II.1", "I", "'II.1': name an activity by its TT (9), or by section and TT"),
    ],
)
def test_error_activity_lookup_says_what_exists(
    key: int | str, section: str | None, message: str
) -> None:
    with pytest.raises(KeyError) as info:
        _restarted().activity(key, section=section)
    assert info.value.args[0].startswith(message)


@pytest.mark.parametrize(
    ("numbers", "message"),
    [
        ((1, 3, 3), "section II, TT 3: TT 3 appears twice; number the rows of the section 1, 2,"),
        ((1, 4, 3), "section II, TT 3: TT 3 follows TT 4; TT must increase within a section"),
    ],
)
def test_error_numbering_names_the_row_as_printed(numbers: tuple[int, ...], message: str) -> None:
    with pytest.raises(InvalidPlan) as info:
        Section(
            numeral="II",
            title="X",
            tasks=tuple(Task(title=f"T{n}", activities=(act(n),)) for n in numbers),
        )
    assert str(info.value).startswith(message)


def test_sections_found_by_numeral_or_title() -> None:
    plan = _restarted()
    assert (
        plan.section("II") is plan.section(" ii. ") is plan.section("mục  II") is plan.sections[1]
    )


def test_sequences_are_tuples_with_len() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    section = plan.section("II")
    task = plan.task(13)
    for seq, n in [
        (plan.sections, 7),
        (plan.tasks, 25),
        (plan.activities, 38),
        (section.tasks, 2),
        (section.activities, 7),
        (task.activities, 5),
    ]:
        assert isinstance(seq, tuple)
        assert len(seq) == n
    assert plan.activities[0] is plan.activity(1)
    assert plan.tasks[-1] is plan.task(38)
    assert section.activity(13) is plan.activity(13)
    assert plan.task(task.title.upper()) is task
    assert plan.task(task.title, section="II") is task


@pytest.mark.parametrize(
    ("lookup", "message"),
    [
        (lambda p: p.activity(99), "no activity TT 99: activities are numbered 1–38"),
        (lambda p: p.section("IX"), "no section 'IX': the sections are I, II, III, IV, V, VI, VII"),
        (lambda p: p.task("Không có"), "no task titled 'Không có': there are 25 tasks"),
        (
            lambda p: p.section("II").activity(3),
            "no activity TT 3 in section II: activities are numbered 11–17",
        ),
    ],
)
def test_error_lookups_name_what_exists(lookup: Any, message: str) -> None:
    from cchc_model.examples import thanh_xa_2023

    with pytest.raises(KeyError) as info:
        lookup(thanh_xa_2023())
    assert info.value.args[0].startswith(message)
