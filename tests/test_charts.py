"""Charts: Agg-safe figure, PNG/SVG written, Vietnamese labels present."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import matplotlib as mpl
import pytest
from hypothesis import given, settings
from matplotlib.figure import Figure

import cchc_model
from cchc_model import Plan, progress, rules
from cchc_model.display.charts import FONT_FAMILY, plot_progress
from cchc_model.examples import thanh_xa_2023

from .strategies import plans


@pytest.fixture(autouse=True)
def _agg() -> None:
    mpl.use("Agg")


def _labels(fig: object) -> list[str]:
    ax = fig.axes[0]  # type: ignore[attr-defined]
    return [t.get_text() for t in ax.get_yticklabels()]


def test_reexported() -> None:
    assert cchc_model.plot_progress is plot_progress


def test_png_written(tmp_path: Path) -> None:
    out = tmp_path / "tien-do.png"
    fig = plot_progress(thanh_xa_2023(), path=out)
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert out.stat().st_size > 10_000
    assert isinstance(fig, Figure)


def test_figure_displays_itself_as_png() -> None:
    # Without pyplot, IPython's inline backend has no formatter for figures: the
    # figure brings its own _repr_png_.
    png = plot_progress(thanh_xa_2023())._repr_png_()  # type: ignore[attr-defined]
    assert png[:8] == b"\x89PNG\r\n\x1a\n"


def test_labels_sections_and_overall() -> None:
    plan = thanh_xa_2023()
    fig = plot_progress(plan)
    labels = _labels(fig)
    assert labels[0] == "Toàn bộ kế hoạch"
    assert [label.split(".")[0] for label in labels[1:]] == [s.numeral for s in plan.sections]
    ax = fig.axes[0]
    assert ax.get_title() == "Tiến độ thực hiện: 30/38 hoạt động hoàn thành (79%)"
    texts = [t.get_text().strip() for t in ax.texts]
    assert texts[0] == "30/38 (79%)"
    assert texts[4] == "0/2 (0%)"  # section IV
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert legend == ["Hoàn thành", "Đang triển khai", "Chưa đến thời điểm"]


def test_stacks_add_up_to_totals() -> None:
    p = progress(thanh_xa_2023())
    fig = plot_progress(p)
    ax = fig.axes[0]
    widths: dict[float, float] = {}
    for container in ax.containers:
        for bar in container:
            widths[round(bar.get_y(), 3)] = widths.get(round(bar.get_y(), 3), 0) + bar.get_width()
    assert sorted(widths.values()) == sorted(
        [float(p.activities.total)] + [float(s.activities.total) for s in p.sections]
    )


def test_tasks_unit_and_strict_rule() -> None:
    fig = plot_progress(thanh_xa_2023(), unit="tasks", task_rule=rules.strict)
    assert fig.axes[0].get_title() == "Tiến độ thực hiện: 18/25 nhiệm vụ hoàn thành (72%)"
    assert fig.axes[0].get_xlabel() == "Số nhiệm vụ"


def test_progress_and_rollup_are_drawn_with_their_own_rule() -> None:
    strict = progress(thanh_xa_2023(), task_rule=rules.strict)
    fig = plot_progress(strict, unit="tasks")
    assert fig.axes[0].get_title() == "Tiến độ thực hiện: 18/25 nhiệm vụ hoàn thành (72%)"
    twice = cchc_model.rollup([thanh_xa_2023(), thanh_xa_2023()])
    fig = plot_progress(twice)
    assert fig.axes[0].get_title() == "Tiến độ thực hiện: 60/76 hoạt động hoàn thành (79%)"


@pytest.mark.parametrize("source", ["progress", "rollup"])
def test_error_task_rule_with_a_counted_source(source: str) -> None:
    counted = (
        progress(thanh_xa_2023()) if source == "progress" else cchc_model.rollup([thanh_xa_2023()])
    )
    with pytest.raises(ValueError, match=r"task_rule applies to a Plan; this .* was counted with"):
        plot_progress(counted, task_rule=rules.strict)


def test_svg_keeps_vietnamese_text(tmp_path: Path) -> None:
    out = tmp_path / "tien-do.svg"
    with warnings.catch_warnings():
        # A glyph missing from the font is a UserWarning: fail on it.
        warnings.simplefilter("error")
        plot_progress(thanh_xa_2023(), path=out, title="Tiến độ — Thanh Xá ỹ Ậ đ")
    svg = out.read_text(encoding="utf-8")
    assert "Tiến độ — Thanh Xá ỹ Ậ đ" in svg
    assert "Chưa đến thời điểm" in svg
    assert FONT_FAMILY in svg


def test_font_does_not_leak_into_global_rc() -> None:
    before = list(mpl.rcParams["font.family"])
    plot_progress(thanh_xa_2023())
    assert list(mpl.rcParams["font.family"]) == before


@settings(max_examples=10)
@given(plans())
def test_overdue_shown_only_when_present(plan: Plan) -> None:
    fig = plot_progress(plan)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert ("Chậm, chưa thực hiện" in legend) == (progress(plan).activities.overdue > 0)


def test_error_unknown_unit() -> None:
    with pytest.raises(ValueError, match="unit must be 'activities' or 'tasks'"):
        plot_progress(thanh_xa_2023(), unit="rows")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("plan.json", "got str: read the file first, e.g. cchc_model.loads"),
        (Path("plan.json"), "got PosixPath: read the file first, e.g. cchc_model.loads"),
        (None, "got NoneType"),
    ],
)
def test_error_not_a_plan(source: object, message: str) -> None:
    if isinstance(source, Path) and sys.platform == "win32":  # pragma: no cover
        message = message.replace("PosixPath", "WindowsPath")
    with pytest.raises(
        TypeError, match=r"plot_progress\(\) takes a Plan, a Progress or a Rollup, " + message
    ):
        plot_progress(source)  # type: ignore[arg-type]


def test_plot_does_not_import_pyplot() -> None:
    code = (
        "import sys; from cchc_model import plot_progress; from cchc_model.examples import "
        "thanh_xa_2023; plot_progress(thanh_xa_2023()); print('matplotlib.pyplot' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
