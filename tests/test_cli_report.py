"""cchc compare and reconcile, --task-rule, --chart, and show fitting the terminal."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import cchc_model
from cchc_model import PublishedFigures, Status
from cchc_model.cli import main
from cchc_model.examples import thanh_xa_2023

from .test_cli import fails, ok


def _write(path: Path, plan: cchc_model.Plan) -> str:
    path.write_text(str(cchc_model.dumps(plan)), encoding="utf-8")
    return str(path)


@pytest.fixture
def reports(tmp_path: Path) -> tuple[str, str]:
    old = thanh_xa_2023()
    new = old.with_activity(16, status=Status.parse("Hoàn thành"))
    new = new.with_activity(24, explanation="Chờ hướng dẫn của huyện")
    return _write(tmp_path / "q2.json", old), _write(tmp_path / "q3.json", new)


def test_compare_prints_figures_statuses_and_text_changes(reports: tuple[str, str]) -> None:
    out = ok("compare", *reports)
    assert "hoạt động hoàn thành: 30 → 31 (+1)" in out
    assert "(in_progress → completed)" in out
    assert "24. giải trình / explanation: '' → 'Chờ hướng dẫn của huyện'" in out
    assert out == str(cchc_model.compare(*map(_read, reports))) + "\n"


def _read(path: str) -> cchc_model.Plan:
    return cchc_model.loads(Path(path).read_bytes(), format="json")


def test_compare_task_rule_and_html(reports: tuple[str, str]) -> None:
    strict = ok("compare", *reports, "--task-rule", "strict")
    assert "nhiệm vụ hoàn thành: 18 → 19 (+1)" in strict
    assert ok("compare", *reports, "--rule", "strict") == strict
    page = ok("compare", *reports, "--format", "html")
    assert page.startswith("<!DOCTYPE html>")
    assert "cchc-comparison" in page


def test_compare_same_file_no_changes(reports: tuple[str, str]) -> None:
    assert "Không có thay đổi / no changes" in ok("compare", reports[0], reports[0])


def test_reconcile_agrees(reports: tuple[str, str]) -> None:
    out = ok("reconcile", reports[0])
    assert out == f"{reports[0]}: the published figures agree with the table (at_least_half)\n"


def test_reconcile_exit_1_and_each_line(reports: tuple[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cchc_model", "reconcile", reports[0], "--task-rule", "strict"],
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONWARNINGS": "error"},
    )
    assert done.returncode == 1
    assert done.stderr == b""
    assert done.stdout.decode("utf-8").splitlines() == [
        f"{reports[0]}: 2 published figure(s) differ from the table:",
        "- tasks_completed (nhiệm vụ hoàn thành): the report says 20, its table gives 18",
        "  dòng / line 2: Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch",
        "- tasks_percent (tỷ lệ nhiệm vụ hoàn thành (%)): the report says 80, its table gives 72",
        "  dòng / line 2: Thực hiện hoàn thành 20/25 nhiệm vụ đạt 80% kế hoạch",
    ]


def test_reconcile_finds_each_figure_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan = thanh_xa_2023()
    import attrs

    assert plan.published is not None
    wrong = attrs.evolve(
        plan.published,
        activities_total=40,
        activities_in_progress=7,
        activities_not_due=3,
        activities_percent=80,
        text=plan.published.text.replace("38 hoạt động", "40 hoạt động")
        .replace("06 hoạt động", "07 hoạt động")
        .replace("2 hoạt động", "3 hoạt động")
        .replace("79%", "80%"),
    )
    path = _write(tmp_path / "p.json", attrs.evolve(plan, published=wrong))
    assert main(["reconcile", path]) == 1
    out = capsys.readouterr().out
    assert "Tổng số 25 nhiệm vụ và 40 hoạt động" in out
    assert "Đã và đang triển khai thực hiện 07 hoạt động" in out
    assert "Chưa đến thời điểm thực hiện 3 hoạt động" in out
    assert out.count("dòng / line") == 4


def test_reconcile_a_wrong_late_count(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # It used to end in a KeyError after printing the discrepancy.
    import attrs

    plan = thanh_xa_2023().with_activity(24, status=Status.parse("Chậm tiến độ"))
    assert plan.published is not None
    text = plan.published.text + "\nChậm tiến độ, chưa thực hiện 03 hoạt động"
    stated = attrs.evolve(plan.published, activities_overdue=3, text=text)
    path = _write(tmp_path / "p.json", attrs.evolve(plan, published=stated))
    assert main(["reconcile", path]) == 1
    out = capsys.readouterr().out
    assert "activities_overdue" in out
    assert "Chậm tiến độ, chưa thực hiện 03 hoạt động" in out


def test_reconcile_without_a_published_summary(tmp_path: Path) -> None:
    import attrs

    path = _write(tmp_path / "p.json", attrs.evolve(thanh_xa_2023(), published=None))
    assert "no published summary to check" in ok("reconcile", path)


def test_published_line_not_found() -> None:
    from cchc_model.cli._report import published_line

    pub = PublishedFigures(tasks_total=25, text="Tổng số 24 nhiệm vụ")
    assert published_line(pub, "tasks_total", 25) is None


def test_progress_task_rule_alias_and_chart(tmp_path: Path) -> None:
    assert ok("progress", "--example", "--task-rule", "strict") == ok(
        "progress", "--example", "--rule", "strict"
    )
    chart = tmp_path / "chart.png"
    ok("progress", "--example", "--chart", str(chart))
    assert chart.read_bytes().startswith(b"\x89PNG")
    assert "give a .png, .svg or .pdf file" in fails(
        "progress", "--example", "--chart", str(tmp_path / "c.gif")
    )
    assert "cannot write" in fails(
        "progress", "--example", "--chart", str(tmp_path / "missing" / "c.png")
    )


def _on_a_terminal(*args: str, columns: int) -> str:
    """Run ``cchc ARGS`` with standard output on a pseudo-terminal and $COLUMNS set."""
    import pty

    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONWARNINGS": "error"}
    with subprocess.Popen(
        [sys.executable, "-m", "cchc_model", *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        env=env,
    ) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed: the command ended
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=120) == 0
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.parametrize("columns", [60, 80, 100, 160])
def test_show_fits_the_terminal(columns: int) -> None:
    out = _on_a_terminal("show", "--example", columns=columns)
    table = [line for line in out.splitlines() if line.startswith(("+", "|"))]
    assert max(len(line) for line in table) <= columns
    assert max(len(line) for line in table) >= columns - 10  # the columns share the width
    assert out == ok("show", "--example", "--width", str(columns))


def test_show_width_options() -> None:
    text = ok("show", "--example", "-f", "text", "-w", "70")
    assert max(len(line) for line in text.splitlines()) <= 70
    assert "--width applies to the grid and text formats" in fails(
        "show", "--example", "-f", "markdown", "--width", "70"
    )
    assert "--width must be 0 or more" in fails("show", "--example", "--width", "-3")


def test_show_to_a_pipe_keeps_the_fixed_widths(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "70")  # exported by a parent: not for a pipe
    assert ok("show", "--example") == ok("show", "--example", "--width", "0")


def test_progress_as_a_paragraph() -> None:
    out = ok("progress", "--example", "--style", "paragraph")
    assert out.startswith("Tổng số 25 nhiệm vụ và 38 hoạt động; đã thực hiện hoàn thành 20/25")
    assert out.count("\n") == 1


def test_show_summary_task_rule() -> None:
    strict = ok("show", "--example", "-f", "summary", "--task-rule", "strict")
    assert "Thực hiện hoàn thành 18/25 nhiệm vụ, đạt 72% kế hoạch" in strict
    assert "--task-rule applies to the summary format, not 'grid'" in fails(
        "show", "--example", "--task-rule", "strict"
    )
