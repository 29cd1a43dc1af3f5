"""The domain types: construction, invariants, immutability, navigation."""

from __future__ import annotations

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
    assert [a.number for a in plan.activities()] == [1, 2, 3, 4]
    assert [t.title for t in plan.tasks()] == ["A", "B", "C"]
    assert plan.activity(3).text == "Hoạt động 3"
    assert plan.task_of(3).numbers == (2, 3)
    assert plan.section("II").title == "Cải cách thể chế"
    assert [a.number for a in plan.section("I").activities()] == [1, 2, 3]
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
            "activity numbers must increase: 1 follows 2",
        ),
        (lambda: Task(title="A", activities=(act(1), act(1))), "activity number 1 appears twice"),
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
            "activity numbers must increase: 2 follows 3",
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
        (
            lambda: Plan(
                title="P",
                sections=(
                    Section(numeral="I", title="X", tasks=(Task(title="A", activities=(act(5),)),)),
                    Section(
                        numeral="II", title="Y", tasks=(Task(title="B", activities=(act(5),)),)
                    ),
                ),
            ),
            "activity number 5 appears twice",
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
    assert info.value.where == "task 'Ban hành các văn bản lãnh đạo'"
    assert str(info.value).startswith(
        "task 'Ban hành các văn bản lãnh đạo': activity numbers must increase"
    )


def test_with_activity_replaces_one_activity_and_keeps_the_rest() -> None:
    from cchc_model.examples import thanh_xa_2023

    plan = thanh_xa_2023()
    done = Status.parse("Hoàn thành")
    later = plan.with_activity(16, status=done, note="xong quý 3")
    assert later.activity(16).status == done
    assert later.activity(16).note == "xong quý 3"
    assert later.activity(16).text == plan.activity(16).text
    assert [a for a in later.activities() if a.number != 16] == [
        a for a in plan.activities() if a.number != 16
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
    with pytest.raises(InvalidPlan, match="activity number 15 appears twice"):
        plan.with_activity(16, number=15)
