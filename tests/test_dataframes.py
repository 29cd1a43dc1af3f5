"""pandas: to_dataframe / from_dataframe round trip, progress_frame, errors."""

from __future__ import annotations

from pathlib import Path

import attrs
import pandas as pd
import pytest
from hypothesis import given

import cchc_model
from cchc_model import Plan, progress, rules
from cchc_model.errors import FormatError, UnknownStatus
from cchc_model.examples import thanh_xa_2023
from cchc_model.formats.dataframes import (
    ATTRS_KEY,
    COLUMNS,
    from_dataframe,
    progress_frame,
    to_dataframe,
)

from .strategies import plans


def test_reexported() -> None:
    assert cchc_model.to_dataframe is to_dataframe
    assert cchc_model.from_dataframe is from_dataframe


def test_example_one_row_per_activity() -> None:
    plan = thanh_xa_2023()
    df = to_dataframe(plan)
    assert list(df.columns) == list(COLUMNS)
    assert len(df) == 38
    assert df["number"].tolist() == list(range(1, 39))
    assert df["task"].nunique() == 25
    assert df.groupby("task")["number"].apply(tuple).tolist() == [t.numbers for t in plan.tasks]
    assert df["bucket"].value_counts().to_dict() == {
        "completed": 30,
        "in_progress": 6,
        "not_due": 2,
    }
    assert df.loc[df["number"] == 9, "status_text"].item() == plan.activity(9).status.text
    # Parsed references travel as objects, and as their canonical text.
    with_docs = df[df["documents"].map(len) > 0]
    assert len(with_docs) > 0
    for docs, refs in zip(with_docs["documents"], with_docs["references"], strict=True):
        assert refs == tuple(str(d) for d in docs)


def test_example_round_trip() -> None:
    plan = thanh_xa_2023()
    assert from_dataframe(to_dataframe(plan)) == plan


@given(plans())
def test_round_trip_any_plan(plan: Plan) -> None:
    assert from_dataframe(to_dataframe(plan)) == plan


def test_round_trip_survives_copy_and_filtering_columns() -> None:
    plan = thanh_xa_2023()
    df = to_dataframe(plan).drop(columns=["bucket", "references"]).copy()
    assert from_dataframe(df) == plan


def test_hand_made_frame_classifies_status_text() -> None:
    df = pd.DataFrame(
        {
            "section": ["I", "I", "II"],
            "section_title": ["A", "A", "B"],
            "task": [1, 1, 2],
            "task_title": ["t1", "t1", "t2"],
            "number": [1, 2, 3],
            "text": ["x", "y", "z"],
            "status_text": ["Hoàn thành", "Chưa đến thời điểm báo cáo", "Đã và đang thực hiện"],
        }
    )
    plan = from_dataframe(df, title="Thử")
    assert plan.title == "Thử"
    assert [a.status.kind.value for a in plan.activities] == ["completed", "not_due", "ongoing"]
    assert [t.numbers for t in plan.tasks] == [(1, 2), (3,)]
    assert progress(plan).activities.completed == 2


def _frame() -> pd.DataFrame:
    return to_dataframe(thanh_xa_2023())


def test_error_missing_column() -> None:
    with pytest.raises(FormatError, match=r"missing column\(s\) \['status_text'\]"):
        from_dataframe(_frame().drop(columns=["status_text"]))


def test_error_no_plan_fields() -> None:
    df = _frame()
    df.attrs.clear()
    with pytest.raises(FormatError, match="pass title="):
        from_dataframe(df)


def test_error_unknown_status_kind() -> None:
    df = _frame()
    df.loc[0, "status_override"] = "finished"
    with pytest.raises(FormatError, match="row 0: 'finished' is not a status kind"):
        from_dataframe(df)


def test_edit_the_text_and_empty_its_kind_and_the_figures_follow() -> None:
    df = _frame()
    row = df.index[df["number"] == 16][0]
    assert df.loc[row, "status_kind"] == "in_progress"
    df.loc[row, ["status_text", "status_kind"]] = ["Hoàn thành", ""]
    before = cchc_model.progress(thanh_xa_2023()).activities.completed
    assert cchc_model.progress(from_dataframe(df)).activities.completed == before + 1


@pytest.mark.parametrize(
    ("edit", "column"),
    [
        ({"status_text": "Hoàn thành"}, "status_kind"),  # the text, its kind left stale
        ({"status_kind": "completed"}, "status_kind"),  # the kind, not its text
        ({"bucket": "completed"}, "bucket"),  # the bucket, not its text
    ],
)
def test_error_a_kind_that_disagrees_with_its_text(edit: dict[str, str], column: str) -> None:
    # Never silently ignored: the figures would not be those the frame shows.
    df = _frame()
    row = df.index[df["number"] == 16][0]
    for name, value in edit.items():
        df.loc[row, name] = value
    with pytest.raises(FormatError, match=f"row {row}, column {column}: {column} is "):
        from_dataframe(df)


def test_override_only_where_the_kind_differs() -> None:
    assert set(_frame()["status_override"]) == {""}
    from cchc_model import Status, StatusKind

    plan = thanh_xa_2023()
    s, t = plan.sections[0], plan.sections[0].tasks[0]
    act = attrs.evolve(t.activities[0], status=Status(kind=StatusKind.DELAYED, text="Hoàn thành"))
    task = attrs.evolve(t, activities=(act, *t.activities[1:]))
    section = attrs.evolve(s, tasks=(task, *s.tasks[1:]))
    edited = attrs.evolve(plan, sections=(section, *plan.sections[1:]))
    df = cchc_model.to_dataframe(edited)
    assert list(df["status_override"][df["status_override"] != ""]) == ["delayed"]
    assert from_dataframe(df) == edited


def test_error_unknown_status_text() -> None:
    df = _frame()
    df.loc[3, "status_text"] = "Tạm dừng"
    with pytest.raises(UnknownStatus, match="row 3: no status rule matches 'Tạm dừng'") as info:
        from_dataframe(df)
    assert info.value.reason.startswith("no status rule matches 'Tạm dừng'; to count it, add")
    assert "; or write a known phrase in status_text, or put the kind in a" in info.value.reason
    assert str(info.value).endswith("status_override column\n    Tạm dừng\n    ^^^^^^^^")


def test_status_text_classified_with_the_callers_rules() -> None:
    from cchc_model import StatusKind
    from cchc_model.model.status import DEFAULT_RULES, StatusRule

    df = _frame()
    df.loc[3, "status_kind"] = ""
    df.loc[3, "status_text"] = "Tạm dừng"
    rules = DEFAULT_RULES.prepend(StatusRule("Tạm dừng", StatusKind.DELAYED))
    plan = from_dataframe(df, status_rules=rules)
    assert plan.activity(int(df.loc[3, "number"])).status.kind is StatusKind.DELAYED


def test_error_rows_are_named_by_their_index_label() -> None:
    # A filtered frame keeps its labels: the error names the one df.loc finds.
    df = _frame()
    part = df[df["section"] == df["section"].iloc[-1]].copy()
    label = part.index[-1]
    part.loc[label, "status_override"] = "finished"
    with pytest.raises(FormatError, match=f"row {label}: 'finished' is not a status kind"):
        from_dataframe(part, title="x")
    assert label != len(part) - 1  # a position would have named another row


def test_error_section_not_contiguous() -> None:
    df = _frame()
    df = pd.concat([df.iloc[:2], df.iloc[12:13], df.iloc[2:3]])
    with pytest.raises(FormatError, match="section 'I' is not contiguous"):
        from_dataframe(df)


def test_error_two_titles_for_one_task() -> None:
    df = _frame()
    first = df.index[df["task"] == 5][1]
    df.loc[first, "task_title"] = "khác"
    with pytest.raises(FormatError, match="task 5 has two titles"):
        from_dataframe(df)


def test_frame_of_text_read_back_from_a_file() -> None:
    # pd.read_csv(..., dtype=str) / read_excel(dtype=str): every cell is text.
    import io

    plan = thanh_xa_2023()
    df = to_dataframe(plan).drop(columns=["documents", "references"])
    text = df.to_csv(index=False)
    read = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    read.attrs = df.attrs
    # Without a documents column, the references are read from the products again.
    assert from_dataframe(read) == plan


@pytest.mark.parametrize("bad", ["3.5", "x", "", "-1", "٣"])
def test_error_number_text_that_is_not_a_whole_number(bad: str) -> None:
    df = _frame().astype({"number": "object"})
    df.loc[2, "number"] = bad
    with pytest.raises(FormatError, match=r"row 2: column 'number' must hold integers"):
        from_dataframe(df)


def test_error_non_integer_number() -> None:
    df = _frame().astype({"number": "float64"})
    df.loc[2, "number"] = 3.5
    with pytest.raises(FormatError, match=r"row 2: column 'number' must hold integers, got 3\.5"):
        from_dataframe(df)


def test_error_invalid_plan_names_row() -> None:
    df = _frame()
    df.loc[4, "number"] = 4  # duplicates activity 4
    with pytest.raises(FormatError, match="TT 4 appears twice"):
        from_dataframe(df)


def test_progress_frame_matches_progress() -> None:
    plan = thanh_xa_2023()
    for rule in (rules.at_least_half, rules.strict):
        p = progress(plan, task_rule=rule)
        frame = progress_frame(p)
        assert frame.index.tolist() == ["I", "II", "III", "IV", "V", "VI", "VII"]
        assert int(frame["tasks_completed"].sum()) == p.tasks.completed
        assert int(frame["activities_completed"].sum()) == p.activities.completed
        assert int(frame["activities_total"].sum()) == 38
        assert frame.attrs["rule"] == p.rule
        for s in p.sections:
            assert frame.loc[s.numeral, "activities_percent"] == s.activities.percent
    assert progress_frame(progress(plan, task_rule=rules.strict))["tasks_completed"].sum() == 18


def test_attrs_hold_plan_fields_as_json() -> None:
    fields = to_dataframe(thanh_xa_2023()).attrs[ATTRS_KEY]
    assert fields["title"] == thanh_xa_2023().title
    assert "sections" not in fields


def test_error_arguments_of_the_wrong_type() -> None:
    plan = thanh_xa_2023()
    with pytest.raises(TypeError, match=r"to_dataframe\(\) takes a Plan, got str"):
        to_dataframe("plan.json")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"from_dataframe\(\) takes a pandas DataFrame, got Plan"):
        from_dataframe(plan)  # type: ignore[arg-type]
    with pytest.raises(
        TypeError, match=r"progress_frame\(\) takes a Progress \(cchc_model.progress\(plan\)\)"
    ):
        progress_frame(plan)  # type: ignore[arg-type]


def test_a_frame_read_back_from_a_csv_is_checked_too(tmp_path: Path) -> None:
    # df.attrs does not survive a CSV file: such a frame is checked under the
    # built-in rules, so an edit of status_kind alone is not silently dropped.
    df = _frame().drop(columns=["documents", "references"])
    df.to_csv(tmp_path / "p.csv", index=False)
    back = pd.read_csv(tmp_path / "p.csv", dtype=str, keep_default_na=False)
    row = back.index[back["number"] == "16"][0]
    back.loc[row, "status_kind"] = "completed"
    with pytest.raises(FormatError, match=f"row {row}, column status_kind"):
        from_dataframe(back, title="x")
    back.loc[row, "status_kind"] = "done"
    with pytest.raises(FormatError, match="which is no status_kind"):
        from_dataframe(back, title="x")
