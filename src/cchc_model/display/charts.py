"""Progress charts (optional extra ``cchc-model[plot]``).

matplotlib is imported when :func:`plot_progress` is called, never by
``import cchc_model``. The figure is built with :class:`matplotlib.figure.Figure`
directly, not through ``pyplot``: it needs no display, works under the Agg
backend and leaves pyplot's global state alone. Text uses DejaVu Sans, which
ships with matplotlib and has every Vietnamese letter.

>>> import cchc_model
>>> from cchc_model.examples import thanh_xa_2023
>>> fig = cchc_model.plot_progress(thanh_xa_2023())
>>> ax = fig.axes[0]
>>> [t.get_text() for t in ax.get_yticklabels()][:2]
['Toàn bộ kế hoạch', 'I. Công tác chỉ đạo điều hành']
"""

from __future__ import annotations

import functools
import io
import os
from typing import TYPE_CHECKING, Literal

from cchc_model.display._render import BAR_COLOURS, BUCKET_LABELS
from cchc_model.figures._progress import Progress, progress
from cchc_model.figures._rollup import Rollup
from cchc_model.model import Plan, Tally
from cchc_model.model._kinds import Bucket
from cchc_model.model.rules import TaskRuleLike, at_least_half

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from cchc_model.figures._rollup import Rollup

__all__ = ["FONT_FAMILY", "plot_progress"]

#: The font of every chart: bundled with matplotlib, covers Vietnamese.
FONT_FAMILY = "DejaVu Sans"

_UNITS = {"activities": "hoạt động", "tasks": "nhiệm vụ"}
_BUCKETS = (Bucket.COMPLETED, Bucket.IN_PROGRESS, Bucket.NOT_DUE, Bucket.OVERDUE)


def _count(tally: Tally, bucket: Bucket) -> int:
    return int(getattr(tally, bucket.value))


def _short(text: str, width: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@functools.cache
def _figure_class() -> type[Figure]:
    from matplotlib.figure import Figure

    class ProgressFigure(Figure):
        """A Figure that shows itself as PNG in a notebook, even when pyplot was
        never imported (the inline backend registers its formatter only then)."""

        def _repr_png_(self) -> bytes:
            buffer = io.BytesIO()
            self.savefig(buffer, format="png", dpi=100)
            return buffer.getvalue()

    return ProgressFigure


def plot_progress(
    source: Plan | Progress | Rollup,
    *,
    unit: Literal["activities", "tasks"] = "activities",
    task_rule: TaskRuleLike | None = None,
    title: str | None = None,
    path: str | os.PathLike[str] | None = None,
    label_width: int = 45,
) -> Figure:
    """A horizontal stacked bar per section, and one for the whole plan.

    Each bar splits the section's activities (or tasks, with ``unit="tasks"``)
    into completed, in progress, not due and — when there are any — overdue,
    and is labelled with its completion percent.

    :param source: a plan (its progress is computed with ``task_rule``, by
        default :func:`~cchc_model.model.rules.at_least_half`), a
        :class:`~cchc_model.Progress` or a :class:`~cchc_model.Rollup` (their
        rule is already applied: giving ``task_rule`` with them is a
        :class:`ValueError`); anything else is a :class:`TypeError`.
    :param title: the chart title; by default the overall figure in Vietnamese.
    :param path: when given, the figure is also saved there; the format follows
        the extension (``.png``, ``.svg``, ``.pdf``).
    :param label_width: section titles longer than this are shortened with "…".
    :returns: the :class:`matplotlib.figure.Figure`; in a notebook it displays
        itself, elsewhere call ``fig.savefig(...)``.
    """
    try:
        import matplotlib as mpl
        from matplotlib.ticker import MaxNLocator
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "cchc_model.display.charts needs matplotlib: pip install 'cchc-model[plot]'"
        ) from exc

    given: object = source  # checked at run time: callers need not be typed
    if not isinstance(given, Plan | Progress | Rollup):
        hint = (
            ": read the file first, e.g. cchc_model.loads(data, format=...)"
            if isinstance(given, str | os.PathLike)
            else ""
        )
        raise TypeError(
            f"plot_progress() takes a Plan, a Progress or a Rollup, "
            f"got {type(given).__name__}{hint}"
        )
    if task_rule is not None and not isinstance(given, Plan):
        raise ValueError(
            f"task_rule applies to a Plan; this {type(given).__name__} was counted with"
            f" {given.rule!r} already: pass the plan, or count it again with the rule"
        )
    if unit not in _UNITS:
        raise ValueError(f"unit must be 'activities' or 'tasks', got {unit!r}")

    if isinstance(given, Plan):
        p = progress(given, at_least_half if task_rule is None else task_rule)
    else:
        p = given if isinstance(given, Progress) else given.as_progress()
    rows: list[tuple[str, Tally]] = [("Toàn bộ kế hoạch", getattr(p, unit))]
    rows += [(_short(f"{s.numeral}. {s.title}", label_width), getattr(s, unit)) for s in p.sections]
    buckets = [b for b in _BUCKETS if b is not Bucket.OVERDUE or _count(rows[0][1], b)]
    total = getattr(p, unit)
    heading = title or (
        f"Tiến độ thực hiện: {total.completed}/{total.total} {_UNITS[unit]} "
        f"hoàn thành ({total.percent}%)"
    )

    with mpl.rc_context({"font.family": FONT_FAMILY, "svg.fonttype": "none"}):
        fig = _figure_class()(figsize=(9, 0.45 * len(rows) + 1.6), layout="constrained")
        ax = fig.add_subplot()
        # The overall bar on top, a gap, then the sections in order.
        ys = [0.0] + [1.5 + i for i in range(len(rows) - 1)]
        lefts = [0] * len(rows)
        for bucket in buckets:
            widths = [_count(t, bucket) for _, t in rows]
            ax.barh(
                ys,
                widths,
                left=lefts,
                color=BAR_COLOURS[bucket],
                label=BUCKET_LABELS[bucket],
                height=0.7,
            )
            lefts = [a + b for a, b in zip(lefts, widths, strict=True)]
        for y, (_, tally) in zip(ys, rows, strict=True):
            ax.text(
                tally.total,
                y,
                f" {tally.completed}/{tally.total} ({tally.percent}%)",
                va="center",
                ha="left",
                fontsize=9,
            )
        ax.set_yticks(ys, [label for label, _ in rows])
        ax.invert_yaxis()
        widest = max((t.total for _, t in rows), default=0)
        ax.set_xlim(0, max(widest, 1) * 1.25)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.set_xlabel(f"Số {_UNITS[unit]}")
        ax.set_title(heading)
        ax.spines[["top", "right"]].set_visible(False)
        fig.legend(loc="outside lower center", fontsize=8, frameon=False, ncols=len(buckets))
        if path is not None:
            fig.savefig(path, dpi=120)
    return fig
