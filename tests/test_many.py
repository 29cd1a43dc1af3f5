"""read_many: many plan files in parallel, and `cchc rollup` on top of it."""

from __future__ import annotations

import copy
import csv
import io
import json
import multiprocessing
import os
import pickle
import sys
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest

import cchc_model
from cchc_model import PlanStream, ReadFailure, ReadResult, iter_many, read_many, rollup
from cchc_model.cli import main
from cchc_model.cli._rollup_table import COLUMNS, render, table_rows, terminal_table
from cchc_model.errors import CCHCError
from cchc_model.examples import thanh_xa_2023
from cchc_model.model import Plan

PLAN = thanh_xa_2023()


def _with_issuer(issuer: str) -> Plan:
    import attrs

    return attrs.evolve(PLAN, issuer=issuer)


@pytest.fixture
def district(tmp_path: Path) -> Path:
    """A district's folder: one commune per format, a sub-folder, and a note."""
    root = tmp_path / "huyen"
    (root / "quy-3").mkdir(parents=True)
    (root / "xa-a.json").write_text(
        cchc_model.dumps(_with_issuer("UBND xã A"), format="json"), encoding="utf-8"
    )
    (root / "quy-3" / "xa-b.csv").write_text(
        cchc_model.dumps(_with_issuer("UBND xã B"), format="csv"), encoding="utf-8"
    )
    cchc_model.write_docx(_with_issuer("UBND xã C"), root / "quy-3" / "xa-c.docx")
    (root / "ghi-chu.txt").write_text("not a plan", encoding="utf-8")
    return root


def _library_error(data: bytes, fmt: str) -> str:
    """The message the library gives for ``data`` read as ``fmt``."""
    with pytest.raises(CCHCError) as info:
        cchc_model.loads(data, format=fmt)
    return str(info.value)


# --------------------------------------------------------------------------- #
# read_many
# --------------------------------------------------------------------------- #


def test_mixed_formats_in_nested_folders(district: Path) -> None:
    result = read_many([district], jobs=2)
    # A folder's own files first, then its sub-folders, each in sorted order.
    assert list(result) == [
        str(district / "xa-a.json"),
        str(district / "quy-3" / "xa-b.csv"),
        str(district / "quy-3" / "xa-c.docx"),
    ]
    assert [p.issuer for p in result.values()] == ["UBND xã A", "UBND xã B", "UBND xã C"]
    assert result.failures == ()
    assert result.ignored == (str(district / "ghi-chu.txt"),)
    assert all(p == _with_issuer(p.issuer) for p in result.values())


def test_rollup_accepts_the_result_and_names_plans_by_file(district: Path) -> None:
    result = read_many([district], jobs=2)
    r = rollup(result)
    assert [p.name for p in r.plans] == list(result)
    assert (r.tasks.completed, r.tasks.total) == (60, 75)
    assert (r.activities.completed, r.activities.total) == (90, 114)


def test_jobs_1_equals_the_parallel_result(district: Path) -> None:
    (district / "broken.docx").write_bytes(b"not a zip")
    parallel = read_many([district], jobs=2)
    alone = read_many([district], jobs=1)
    assert alone == parallel
    assert list(alone) == list(parallel)
    assert alone.failures == parallel.failures
    assert len(parallel) == 3
    assert len(parallel.failures) == 1


def test_any_executor_can_read(district: Path) -> None:
    # The interface a Dask cluster's client.get_executor() offers: submit() and
    # concurrent.futures futures. The executor is the caller's: left running.
    from concurrent.futures import ThreadPoolExecutor

    (district / "broken.docx").write_bytes(b"")
    with ThreadPoolExecutor(max_workers=2) as pool:
        result = read_many([district], jobs=1, executor=pool)
        assert pool.submit(len, "still open").result() == 10
    assert result == read_many([district], jobs=1)
    assert len(result) == 3


@pytest.mark.parametrize("jobs", [1, 2])
def test_iter_many_streams_what_read_many_returns(district: Path, jobs: int) -> None:
    (district / "broken.docx").write_bytes(b"not a zip")
    result = read_many([district / "missing.json", district], jobs=1)
    stream = iter_many([district / "missing.json", district], jobs=jobs)
    assert isinstance(stream, PlanStream)
    assert stream.ignored == result.ignored
    assert stream.files == (str(district / "broken.docx"), *result)
    assert [f.path for f in stream.failures] == [str(district / "missing.json")]  # known at once
    assert list(stream) == list(result.items())
    assert stream.failures == result.failures
    assert list(stream) == []  # one pass
    assert repr(stream) == "<PlanStream of 4 files, 2 failures so far, 1 ignored>"


@pytest.mark.parametrize("jobs", [1, 2])
def test_rollup_of_a_stream_equals_rollup_of_the_result(district: Path, jobs: int) -> None:
    # With jobs=2 the workers count each plan and send back its figures only.
    (district / "broken.json").write_text("{", encoding="utf-8")
    expected = rollup(read_many([district], jobs=1), task_rule="strict", by="title")
    stream = iter_many([district], jobs=jobs)
    assert rollup(stream, task_rule="strict", by="title") == expected
    assert [f.path for f in stream.failures] == [str(district / "broken.json")]
    assert [(p.title, p.issuer) for p in expected.plans] == [
        (PLAN.title, "UBND xã A"),
        (PLAN.title, "UBND xã B"),
        (PLAN.title, "UBND xã C"),
    ]


def test_rollup_of_a_stream_with_a_rule_that_cannot_be_sent(district: Path) -> None:
    # A lambda cannot be pickled to a worker: the workers send the plans and
    # the rule is applied here, with the same figures.
    def rule(task: cchc_model.Task) -> bool:
        return cchc_model.rules.strict(task)

    expected = rollup(read_many([district], jobs=1), task_rule=rule)
    assert rollup(iter_many([district], jobs=2), task_rule=rule) == expected
    assert rollup(iter_many([district], jobs=2), task_rule=lambda t: True).tasks.percent == 100


def test_a_stream_already_started_rolls_up_the_plans_left(district: Path) -> None:
    stream = iter_many([district], jobs=2)
    first, _ = next(stream)
    rest = rollup(stream)
    assert [p.name for p in rest.plans] == list(read_many([district], jobs=1))[1:]
    assert first == str(district / "xa-a.json")
    stream.close()


def test_a_stream_closed_early_stops_its_workers(district: Path) -> None:
    stream = iter_many([district], jobs=2)
    assert next(stream)[0] == str(district / "xa-a.json")
    stream.close()
    assert list(stream) == []


def test_a_broken_file_does_not_stop_the_others(district: Path) -> None:
    broken_docx = district / "quy-3" / "hong.docx"
    broken_docx.write_bytes(b"PK\x03\x04 half a zip")
    broken_json = district / "cat-ngang.json"
    text = cchc_model.dumps(PLAN, format="json")
    broken_json.write_text(text[: len(text) // 2], encoding="utf-8")
    result = read_many([district], jobs=2)
    assert len(result) == 3
    assert [f.path for f in result.failures] == [str(broken_json), str(broken_docx)]
    # The reason is the library's own message, without the path repeated.
    assert result.failures[0].reason == _library_error(broken_json.read_bytes(), "json")
    assert result.failures[1].reason == _library_error(broken_docx.read_bytes(), "docx")
    assert str(result.failures[0]) == f"{broken_json}: {result.failures[0].reason}"


@pytest.mark.skipif(
    multiprocessing.get_context().get_start_method() != "fork",
    reason="the patched reader reaches the workers only when they are forked",
)
def test_a_worker_that_dies_is_a_failure_not_a_crash(
    district: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A reader that kills its process (as the system does to one out of memory):
    # the forked workers inherit the patched reader.
    import os

    from cchc_model.formats import _many

    read = _many._read

    def killing(path: str, **options: object) -> Plan:
        if path.endswith("xa-b.csv"):
            os._exit(1)
        return read(path, **options)

    monkeypatch.setattr(_many, "_read", killing)
    # More files than are handed out at first (4 per worker): the pool is broken
    # when the next ones are handed out.
    text = (district / "xa-a.json").read_text(encoding="utf-8")
    (district / "quy-4").mkdir()
    for i in range(10):
        (district / "quy-4" / f"xa-{i}.json").write_text(text, encoding="utf-8")
    result = read_many([district], jobs=2)
    # Every file is accounted for: read, or failed with the reason.
    assert len(result) + len(result.failures) == 13
    dead = str(district / "quy-3" / "xa-b.csv")
    assert dead in [f.path for f in result.failures]
    assert all(f.reason.startswith("the reading process stopped") for f in result.failures)


def test_a_file_that_is_not_a_plan(tmp_path: Path) -> None:
    (tmp_path / "config.json").write_text('{"name": "not a plan"}', encoding="utf-8")
    (tmp_path / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = read_many([tmp_path], jobs=2)
    assert len(result) == 0
    assert [Path(f.path).name for f in result.failures] == ["config.json", "table.csv"]
    data = (tmp_path / "config.json").read_bytes()
    assert result.failures[0].reason == _library_error(data, "json")
    assert result.ignored == (str(tmp_path / "notes.txt"),)


def test_a_file_named_explicitly_is_read_whatever_its_extension(tmp_path: Path) -> None:
    notes = tmp_path / "notes.xyz"
    notes.write_text("hello", encoding="utf-8")
    result = read_many([notes], jobs=1)
    assert [f.path for f in result.failures] == [str(notes)]
    assert result.failures[0].reason.startswith("cannot read '.xyz' files: cchc-model reads")
    assert result.ignored == ()


def test_an_empty_folder(tmp_path: Path) -> None:
    result = read_many([tmp_path], jobs=2)
    assert (len(result), result.failures, result.ignored) == (0, (), ())
    assert rollup(result).activities.total == 0


def test_the_same_plan_twice_counts_twice(tmp_path: Path) -> None:
    for name in ("a.json", "ban-sao.json"):
        (tmp_path / name).write_text(cchc_model.dumps(PLAN, format="json"), encoding="utf-8")
    result = read_many([tmp_path], jobs=2)
    assert list(result.values()) == [PLAN, PLAN]
    r = rollup(result)
    assert r.activities.completed == 60
    assert r.duplicates == ((str(tmp_path / "a.json"), str(tmp_path / "ban-sao.json")),)


def test_cli_notes_a_report_that_looks_copied(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("a.json", "ban-sao.json", "khac.json"):
        plan = PLAN if name != "khac.json" else attrs.evolve(PLAN, issuer="UBND xã Khác")
        (tmp_path / name).write_text(cchc_model.dumps(plan, format="json"), encoding="utf-8")
    assert main(["rollup", str(tmp_path), "--jobs", "1"]) == 0  # a note, not a failure
    err = capsys.readouterr().err
    assert err == (
        f"note: {tmp_path / 'a.json'}, {tmp_path / 'ban-sao.json'}: the same report (title,"
        " issuer and every figure), counted once per file; remove a copy if it is one\n"
    )


def test_a_file_reached_twice_is_read_once(district: Path) -> None:
    result = read_many([district, district / "xa-a.json", district / "quy-3"], jobs=1)
    assert len(result) == 3


def test_missing_paths_are_failures(tmp_path: Path) -> None:
    result = read_many([tmp_path / "khong-co"], jobs=1)
    assert result.failures == (
        ReadFailure(path=str(tmp_path / "khong-co"), reason="no such file or folder"),
    )


def test_hidden_and_lock_files_are_ignored(tmp_path: Path) -> None:
    (tmp_path / "~$xa-a.docx").write_bytes(b"owner file of an open document")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.json").write_text("{", encoding="utf-8")
    result = read_many([tmp_path], jobs=1)
    assert (len(result), result.failures) == (0, ())
    assert result.ignored == (str(tmp_path / "~$xa-a.docx"),)


def test_error_jobs_must_be_positive(tmp_path: Path) -> None:
    for jobs in (0, -1, 1.5, True):
        with pytest.raises(ValueError, match="jobs must be a whole number"):
            read_many([tmp_path], jobs=jobs)  # type: ignore[arg-type]


def test_error_a_single_path_must_be_in_a_list(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="wrap a single path in a list"):
        read_many(str(tmp_path))


def test_results_and_failures_pickle(district: Path) -> None:
    (district / "broken.json").write_text("{", encoding="utf-8")
    result = read_many([district], jobs=1)
    assert pickle.loads(pickle.dumps(result.failures)) == result.failures
    again = pickle.loads(pickle.dumps(result))  # the read-only mapping, too
    assert again == result == copy.deepcopy(result)
    with pytest.raises(TypeError):
        again.plans["x"] = next(iter(again.values()))  # type: ignore[index]
    assert isinstance(result, ReadResult)
    assert repr(result) == "ReadResult(3 plans, 1 failure, 1 ignored)"


def test_status_rules_reach_the_readers(tmp_path: Path) -> None:
    from cchc_model.model.status import DEFAULT_RULES, StatusRule

    # Only the Tiến độ texts (the kind column left blank), in a wording of our own.
    rows = list(csv.DictReader(io.StringIO(cchc_model.dumps(PLAN, format="csv"))))
    for row in rows:
        row["status_kind"] = ""
        row["status_text"] = row["status_text"].replace("Hoàn thành", "Xong xuôi")
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    (tmp_path / "a.csv").write_text(buffer.getvalue(), encoding="utf-8")
    assert "Xong xuôi" in read_many([tmp_path], jobs=1).failures[0].reason
    rules = DEFAULT_RULES.prepend(StatusRule("Xong xuôi", "completed"))
    for jobs in (1, 2):
        result = read_many([tmp_path, tmp_path / "a.csv"], jobs=jobs, status_rules=rules)
        assert result.failures == ()
        assert cchc_model.progress(result[str(tmp_path / "a.csv")]).activities.completed == 30


def test_progress_bar(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    read_many([district], jobs=1)
    assert capsys.readouterr().err == ""  # not a terminal: no bar
    read_many([district], jobs=2, show_progress=True)
    assert "/3 [" in capsys.readouterr().err  # tqdm's "n/3 [time, rate]"


def test_notebooks_are_told_from_other_ipython_shells(monkeypatch: pytest.MonkeyPatch) -> None:
    import types

    from cchc_model.formats._workers import _in_notebook

    class ZMQInteractiveShell:  # the shell of a Jupyter kernel
        pass

    class TerminalInteractiveShell:
        pass

    fake = types.ModuleType("IPython")
    monkeypatch.setitem(sys.modules, "IPython", fake)
    for shell, expected in ((ZMQInteractiveShell(), True), (TerminalInteractiveShell(), False)):
        fake.get_ipython = lambda shell=shell: shell  # type: ignore[attr-defined]
        assert _in_notebook() is expected
    monkeypatch.delitem(sys.modules, "IPython")
    assert _in_notebook() is False


def test_error_progress_bar_without_tqdm(
    district: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "tqdm.auto", None)
    with pytest.raises(ImportError, match=r"cchc-model\[progress\]"):
        read_many([district], jobs=1, show_progress=True)
    assert len(read_many([district], jobs=1)) == 3  # no bar asked for: none, no error
    assert capsys.readouterr().err == ""


# --------------------------------------------------------------------------- #
# The table
# --------------------------------------------------------------------------- #


def test_table_has_one_row_per_plan_and_a_total(district: Path) -> None:
    result = read_many([district], jobs=1)
    rows = table_rows(rollup(result))
    assert [r["file"] for r in rows] == [*result, ""]
    assert rows[0]["issuer"] == "UBND xã A"
    assert "\n" not in rows[0]["title"]
    assert rows[-1] == {
        "file": "",
        "title": "Tổng cộng",
        "issuer": "",
        "tasks_total": 75,
        "tasks_completed": 60,
        "tasks_percent": 80,
        "activities_total": 114,
        "activities_completed": 90,
        "activities_in_progress": 18,
        "activities_not_due": 6,
        "activities_overdue": 0,
        "activities_percent": 79,
    }


@pytest.mark.parametrize("width", [60, 80, 100, 140, 200])
def test_terminal_table_fits_the_width(district: Path, width: int) -> None:
    result = read_many([district], jobs=1)
    table = terminal_table(table_rows(rollup(result)), width)
    # The nine figures and "Tổng cộng" take 69 columns: narrower terminals wrap.
    assert max(len(line) for line in table.splitlines()) <= max(width, 69)
    assert "Tổng cộng" in table
    assert "a-c.docx" in table  # a path is shortened from its start


def test_error_unknown_table_extension(district: Path) -> None:
    result = read_many([district], jobs=1)
    with pytest.raises(CCHCError, match=r"extension '\.txt'"):
        render(".txt", rollup(result))


# --------------------------------------------------------------------------- #
# cchc rollup
# --------------------------------------------------------------------------- #


def test_cli_prints_the_table(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rollup", str(district)]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 2 + 3 + 1
    assert "UBND xã A" in out
    assert lines[-1].split()[:3] == ["Tổng", "cộng", "75"]


def test_cli_jobs_1_equals_parallel(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (district / "broken.docx").write_bytes(b"")
    assert main(["rollup", str(district), "--jobs", "1"]) == 1
    alone = capsys.readouterr()
    assert main(["rollup", str(district), "--jobs", "2"]) == 1
    assert capsys.readouterr() == alone


def test_cli_failures_and_exit_status(district: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = district / "broken.json"
    broken.write_text("{", encoding="utf-8")
    assert main(["rollup", str(district), "-v"]) == 1
    out, err = capsys.readouterr()
    reason = " ".join(_library_error(b"{", "json").split())
    assert err.splitlines() == [
        f"ignored (not a plan file): {district / 'ghi-chu.txt'}",
        f"{broken}: {reason}",
        "cchc: error: 1 of 4 files could not be read (listed above); the others are rolled up",
    ]
    assert out.splitlines()[-1].split()[:3] == ["Tổng", "cộng", "75"]


def test_cli_empty_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rollup", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"cchc: error: no plan file found under {str(tmp_path)!r}\n"


def test_cli_task_rule_and_by(district: Path, tmp_path: Path) -> None:
    target = tmp_path / "out.json"
    assert main(["rollup", str(district), "--task-rule", "strict", "--to", str(target)]) == 0
    strict = json.loads(target.read_text(encoding="utf-8"))
    assert (strict["task_rule"], strict["total"]["tasks_completed"]) == ("strict", 54)
    assert main(["rollup", str(district), "--by", "title", "--to", str(target)]) == 0
    by_title = json.loads(target.read_text(encoding="utf-8"))
    assert by_title["by"] == "title"
    assert by_title["sections"][0]["plans"] == 3


def test_cli_to_json_keeps_the_text_and_lists_failures(district: Path, tmp_path: Path) -> None:
    (district / "broken.json").write_text("{", encoding="utf-8")
    target = tmp_path / "rollup.json"
    assert main(["rollup", str(district), "--to", str(target)]) == 1
    document = json.loads(target.read_text(encoding="utf-8"))
    assert [p["file"] for p in document["plans"]] == list(read_many([district], jobs=1))
    assert document["plans"][0]["title"] == PLAN.title  # verbatim, line breaks kept
    assert document["total"]["activities_completed"] == 90
    assert [s["numeral"] for s in document["sections"]][:2] == ["I", "II"]
    assert document["failures"] == [
        {"path": str(district / "broken.json"), "reason": _library_error(b"{", "json")}
    ]


def test_cli_to_csv(district: Path, tmp_path: Path) -> None:
    target = tmp_path / "rollup.csv"
    assert main(["rollup", str(district), "--to", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    assert [r["issuer"] for r in rows] == ["UBND xã A", "UBND xã B", "UBND xã C", ""]
    assert (rows[-1]["title"], rows[-1]["activities_percent"]) == ("Tổng cộng", "79")


def test_cli_to_xlsx(district: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "rollup.xlsx"
    assert main(["rollup", str(district), "--to", str(target)]) == 0
    sheet = load_workbook(target).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == COLUMNS
    assert values[-1][1:6] == ("Tổng cộng", "", 75, 60, 80) or values[-1][1:6] == (
        "Tổng cộng",
        None,
        75,
        60,
        80,
    )


def test_error_cli_xlsx_without_openpyxl(
    district: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    target = tmp_path / "rollup.xlsx"
    assert main(["rollup", str(district), "--to", str(target)]) == 1
    assert "pip install 'cchc-model[xlsx]'" in capsys.readouterr().err
    assert not target.exists()


def test_cli_to_html_and_markdown(district: Path, tmp_path: Path) -> None:
    (district / "x.json").write_text(
        cchc_model.dumps(_with_issuer("UBND <xã> | D"), format="json"), encoding="utf-8"
    )
    assert main(["rollup", str(district), "--to", str(tmp_path / "r.html")]) == 0
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<td>UBND &lt;xã&gt; | D</td>" in page
    assert '<meta charset="utf-8">' in page
    assert main(["rollup", str(district), "--to", str(tmp_path / "r.md")]) == 0
    lines = (tmp_path / "r.md").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    assert len(lines) == 2 + 4 + 1
    assert any("UBND &lt;xã&gt; \\| D" in line for line in lines)  # as the plan's Markdown


def test_cli_table_text_is_never_a_formula(district: Path, tmp_path: Path) -> None:
    # A title a spreadsheet would run ("=…") stays text in .xlsx and gets a "'" in
    # .csv; a control character, which no workbook holds, shows as U+FFFD.
    (district / "x.json").write_text(
        cchc_model.dumps(_with_issuer('=HYPERLINK("http://x","a")\x01'), format="json"),
        encoding="utf-8",
    )
    assert main(["rollup", str(district), "--to", str(tmp_path / "r.csv")]) == 0
    text = (tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert ',"\'=HYPERLINK(""http://x"",""a"")\x01",' in text
    assert main(["rollup", str(district), "--to", str(tmp_path / "r.xlsx")]) == 0
    sheet = openpyxl.load_workbook(tmp_path / "r.xlsx").active
    [cell] = [c for row in sheet.iter_rows() for c in row if str(c.value).startswith("=")]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://x","a")\ufffd', "s")


def test_error_cli_unknown_output_extension(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["rollup", str(district), "--to", "rollup.txt"]) == 1
    assert capsys.readouterr().err == (
        "cchc: error: cannot tell the table format of 'rollup.txt' from its extension "
        "(one of .csv, .xlsx, .html, .md, .json)\n"
    )


def test_cli_chart(district: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chart = tmp_path / "rollup.png"
    assert main(["rollup", str(district), "--chart", str(chart)]) == 0
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "Tổng cộng" in capsys.readouterr().out


def test_cli_in_a_subprocess(district: Path) -> None:
    # The console script as a user runs it: parallel workers, plain C locale.
    from tests.test_cli import cchc

    (district / "broken.docx").write_bytes(b"%PDF-1.4")
    done = cchc("rollup", str(district))
    assert done.returncode == 1
    err = done.stderr.decode("utf-8").splitlines()
    assert err[0].startswith(f"{district / 'broken.docx'}: ")
    assert err[1].startswith("cchc: error: 1 of 4 files")
    assert "Tổng cộng" in done.stdout.decode("utf-8")


def test_rollup_table_written_into_the_folder_is_not_read_next_time(tmp_path: Path) -> None:
    # `cchc rollup FOLDER --to FOLDER/tong-hop.csv` run twice: the table of the first
    # run is no report, and must not become a failure of the second.
    from cchc_model.cli import main

    cchc_model.write(thanh_xa_2023(), tmp_path / "xa-a.json")
    table = tmp_path / "tong-hop.csv"
    assert main(["rollup", str(tmp_path), "--jobs", "1", "--to", str(table)]) == 0
    assert main(["rollup", str(tmp_path), "--jobs", "1", "--to", str(table)]) == 0
    result = cchc_model.read_many([tmp_path], jobs=1, exclude=[table])
    assert list(result) == [str(tmp_path / "xa-a.json")]
    assert str(table) in result.ignored


# --------------------------------------------------------------------------- #
# Your own status phrases, a rules file kept beside the reports
# --------------------------------------------------------------------------- #

_PAUSED = "Tạm dừng do thiếu kinh phí"


def _with_an_unknown_phrase(folder: Path) -> Path:
    """A commune's sheet where a clerk typed a phrase the built-in table does not
    know, and the district's rules file for it, side by side in ``folder``."""
    path = folder / "xa-moi.csv"
    cchc_model.write(thanh_xa_2023(), path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(",Hoàn thành,", f",{_PAUSED},", 1), encoding="utf-8")
    rules = folder / "cum-tu.json"
    rules.write_text(
        json.dumps({"rules": [{"phrase": "Tạm dừng", "match": "prefix", "kind": "delayed"}]}),
        encoding="utf-8",
    )
    return rules


def test_a_rules_file_path_works_in_read_many_and_is_not_read_as_a_report(tmp_path: Path) -> None:
    rules = _with_an_unknown_phrase(tmp_path)
    result = read_many([tmp_path], jobs=1, status_rules=rules)
    assert result.failures == ()
    assert [Path(p).name for p in result.plans] == ["xa-moi.csv"]
    assert rollup(result).activities.overdue == 1
    # Without it, the phrase is unknown, and the failure is one line naming the cell.
    (failure,) = read_many([tmp_path / "xa-moi.csv"], jobs=1).failures
    assert "\n" not in failure.reason
    assert f"no status rule matches {_PAUSED!r}" in failure.reason


def test_cli_rollup_says_the_option_to_pass(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rules = _with_an_unknown_phrase(tmp_path)
    assert main(["rollup", str(tmp_path / "xa-moi.csv")]) == 1
    err = capsys.readouterr().err
    assert "pass --status-rules FILE" in err
    assert "status_rules=" not in err
    assert main(["rollup", str(tmp_path), "--status-rules", str(rules)]) == 0  # not a report


def test_cli_rollup_refuses_a_missing_output_folder_before_reading(
    district: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = district / "no-such-folder" / "tong-hop.csv"
    assert main(["rollup", str(district), "--to", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"cchc: error: cannot write {str(out)!r}: no folder")
    assert "Traceback" not in err


def test_cli_jobs_must_be_at_least_one(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:  # a wrong command line: status 2, as argparse's
        main(["rollup", ".", "--jobs", "0"])
    assert info.value.code == 2
    assert "give a whole number of processes, at least 1: '0'" in capsys.readouterr().err


@pytest.mark.parametrize("earlier", [".csv", ".xlsx", ".json"])
def test_the_table_of_an_earlier_run_in_the_folder_is_not_a_report(
    district: Path, earlier: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The tables people keep beside the reports (tong-hop.xlsx one quarter,
    tong-hop.csv the next) are ignored, not failed reports."""
    assert main(["rollup", str(district), "--to", str(district / f"tong-hop{earlier}")]) == 0
    capsys.readouterr()
    later = ".md"  # another table: the earlier one is not the current --to
    assert main(["rollup", str(district), "--to", str(district / f"tong-hop{later}"), "-v"]) == 0
    err = capsys.readouterr().err
    assert f"ignored (not a plan file): {district / f'tong-hop{earlier}'}" in err.splitlines()
    result = read_many([district], jobs=2)
    assert str(district / f"tong-hop{earlier}") in result.ignored
    assert result.failures == ()
    assert len(result) == 3


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes and links as on POSIX")
def test_linked_folders_are_read_once_and_pipes_never(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A district's folder links to a commune's folder kept elsewhere, and to
    # itself; a named pipe named like a report would wait for a writer forever.
    top, elsewhere = tmp_path / "huyen", tmp_path / "xa"
    top.mkdir()
    elsewhere.mkdir()
    cchc_model.write(PLAN, top / "a.json")
    cchc_model.write(PLAN, elsewhere / "b.json")
    (top / "xa-link").symlink_to(elsewhere, target_is_directory=True)
    (top / "loop").symlink_to(top, target_is_directory=True)
    os.mkfifo(top / "pipe.csv")
    result = read_many([top], jobs=1)
    assert [Path(p).name for p in result.plans] == ["a.json", "b.json"]
    assert sorted(Path(p).name for p in result.ignored) == ["loop", "pipe.csv"]
    assert main(["rollup", str(top), "-v", "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert "ignored (a link to a folder of the tree, above it, or inside a linked folder" in err
    assert "ignored (not a regular file: a named pipe or a device): " in err


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="links as on POSIX")
def test_links_are_followed_once_never_up_nor_from_a_linked_folder(tmp_path: Path) -> None:
    # A real folder is read where it is, not through a link to it; a link above
    # the folder given, or inside a linked folder, is not followed; a link to
    # nothing is a failure, not a silent skip.
    root, outside = tmp_path / "huyen", tmp_path / "khac"
    (root / "z_real").mkdir(parents=True)
    (outside / "sau").mkdir(parents=True)
    cchc_model.write(PLAN, root / "z_real" / "a.json")
    cchc_model.write(PLAN, outside / "b.json")
    cchc_model.write(PLAN, outside / "sau" / "c.json")
    (root / "a_link").symlink_to(root / "z_real", target_is_directory=True)
    (root / "up").symlink_to(tmp_path, target_is_directory=True)
    (root / "ngoai").symlink_to(outside, target_is_directory=True)
    (outside / "back").symlink_to(root, target_is_directory=True)
    (root / "broken.json").symlink_to(tmp_path / "nothing.json")
    result = read_many([root], jobs=1)
    assert sorted(str(Path(p).relative_to(root)) for p in result.plans) == [
        "ngoai/b.json",
        "ngoai/sau/c.json",
        "z_real/a.json",
    ]
    assert sorted(Path(p).name for p in result.ignored) == ["a_link", "back", "up"]
    assert [Path(f.path).name for f in result.failures] == ["broken.json"]


def test_a_folder_that_cannot_be_listed_is_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # As a folder without read permission behaves for a user who is not root.
    cchc_model.write(PLAN, tmp_path / "a.json")
    (tmp_path / "khoa").mkdir()
    cchc_model.write(PLAN, tmp_path / "khoa" / "b.json")
    scandir = os.scandir

    def refuse(path: Any = ".") -> Any:
        if Path(path).name == "khoa":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", refuse)
    result = read_many([tmp_path], jobs=1)
    assert [Path(p).name for p in result.plans] == ["a.json"]
    assert [Path(f.path).name for f in result.failures] == ["khoa"]
    assert result.failures[0].reason == "cannot list the folder: Permission denied"
