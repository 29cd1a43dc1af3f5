"""Reconciliation: the figures a report published against those its own table yields."""

from __future__ import annotations

import attrs

from cchc_model.figures._progress import FIGURES, _check_arguments, progress
from cchc_model.model import Plan, Tally
from cchc_model.model.rules import TaskRuleLike, at_least_half

__all__ = ["Discrepancy", "reconcile"]


@attrs.frozen(kw_only=True)
class Discrepancy:
    """A figure a report published that its own table does not yield."""

    figure: str
    label: str
    published: int | float
    computed: int | float

    def __str__(self) -> str:
        return (
            f"{self.figure} ({self.label}): the report says {self.published}, "
            f"its table gives {self.computed}"
        )


#: How a report counts: of all tasks and activities ("all"), or of those due
#: ("due": completed of the tasks due, the ones not yet due left out of the totals
#: and of the percents' denominators).
BASES = ("all", "due")


def _printed_decimals(printed: int | float) -> int:
    """How many decimals a percent was printed with (98.62 → 2, 80 → 0)."""
    return 0 if isinstance(printed, int) else len(repr(printed).partition(".")[2])


def _percent_as_printed(printed: int | float, part: int, whole: int) -> int | float:
    """``part / whole`` as a percent at the precision of ``printed``: the value
    printed when the report rounded it half up or cut it short, else rounded."""
    if whole <= 0:
        return 0
    scale: int = 10 ** _printed_decimals(printed)
    exact = 100 * part * scale  # over whole: the percent times scale
    rounded, truncated = (2 * exact + whole) // (2 * whole), exact // whole
    shown = round(printed * scale)
    value = shown if shown in (rounded, truncated) else rounded
    return value if scale == 1 else value / scale


def reconcile(
    plan: Plan, task_rule: TaskRuleLike = at_least_half, *, basis: str = "all"
) -> tuple[Discrepancy, ...]:
    """Compare the figures ``plan``'s report published with those its table yields.

    Returns one :class:`Discrepancy` per figure that differs (figures the
    report did not state are skipped); an empty tuple when all agree, or when
    nothing was published. A percent is compared at the precision printed
    (98.62 to two decimals), rounded half up or cut short: either agrees.
    ``basis="due"`` reads a report that counts completed of the tasks and
    activities due: those not due yet are left out of its totals and percents.

    >>> from cchc_model import reconcile, rules
    >>> from cchc_model.examples import thanh_xa_2023
    >>> reconcile(thanh_xa_2023())
    ()
    >>> for d in reconcile(thanh_xa_2023(), task_rule=rules.strict):
    ...     print(d)
    tasks_completed (nhiệm vụ hoàn thành): the report says 20, its table gives 18
    tasks_percent (tỷ lệ nhiệm vụ hoàn thành (%)): the report says 80, its table gives 72
    """
    task_rule = _check_arguments("reconcile", plan, task_rule)
    if basis not in BASES:
        raise ValueError(f"basis must be 'all' or 'due' (of the tasks due), not {basis!r}")
    if plan.published is None:
        return ()
    computed = progress(plan, task_rule)
    found = []
    for name, label, tally_name, attribute in FIGURES:
        published = getattr(plan.published, name)
        if published is None:
            continue
        tally: Tally = getattr(computed, tally_name)
        whole = tally.total - (tally.not_due if basis == "due" else 0)
        if attribute == "total":
            value: int | float = whole
        elif attribute == "percent":
            value = _percent_as_printed(published, tally.completed, whole)
        else:
            value = getattr(tally, attribute)
        if value != published:
            found.append(Discrepancy(figure=name, label=label, published=published, computed=value))
    return tuple(found)
