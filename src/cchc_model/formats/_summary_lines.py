"""Reading the summary lines under an appendix table into :class:`PublishedFigures`.

The statements a report prints ("Tổng số 25 nhiệm vụ và 38 hoạt động", "Thực hiện
hoàn thành 20/25 nhiệm vụ, đạt 80% kế hoạch", …), as lines or as one paragraph,
written in Vietnamese and matched folded (:func:`cchc_model._text.fold`); what
:func:`~cchc_model.render_summary` writes reads back to the same figures.
"""

from __future__ import annotations

import re
from typing import Any

from cchc_model._text import fold
from cchc_model.errors import FormatError, InvalidPlan
from cchc_model.model import PublishedFigures

__all__ = ["parse_summary"]


_N = r"(\d{1,4})"
# A percent as printed: whole, or with a decimal comma (or point): "98,62%".
_P = r"(\d{1,3}(?:[,.]\d{1,2})?)"


def _pattern(vietnamese: str) -> re.Pattern[str]:
    # Patterns are written in Vietnamese and folded like the text they run on.
    return re.compile(fold(vietnamese).replace("{n}", _N).replace("{p}", _P))


def _number(printed: str) -> int | float:
    """A figure as printed: "30" → 30, "98,62" → 98.62, "80,0" → 80."""
    value = float(printed.replace(",", "."))
    return int(value) if value.is_integer() else value


# Each pattern runs on the folded text of the whole block (line breaks are spaces, so
# statements wrapped over two lines still match). A percent belongs to the
# statement it follows: no "/" (the next statement's "30/38"), "%" or other
# statement's count ("…, trong đó 02 nhiệm vụ đạt 50%") in between; other figures
# may come between ("… trong 6 tháng đầu năm 2023, đạt 80%").
# What is not completed ("chưa hoàn thành 05/25 nhiệm vụ") is not what is.
_DONE = "(?<!chưa )(?<!không )hoàn thành"
# Any character up to the percent but "/" and "%", and never another count of tasks
# or activities ("02 nhiệm vụ") nor a sentence's end (". Tỷ lệ hồ sơ … 98,5%"):
# "hoàn thành 20/25 nhiệm vụ trong 6 tháng đầu năm 2023, đạt 80%" reads 80.
_PERCENT_AFTER = r"(?:(?:(?!\d{1,4} (?:nhiệm vụ|hoạt động)|[.;] )[^/%])*?{p} ?%)?"
# A clause of a report's paragraph starts the text or follows ";", ":" or "." (so
# that "… khắc phục 02 hoạt động chậm tiến độ" in running text is no count).
_CLAUSE = "(?:^|[;:.] )"
# Late (overdue) counts both delayed and not started activities: only the
# wording that says both ("chậm tiến độ, chưa thực hiện") states that figure.
_LATE = "chậm tiến độ,? chưa thực hiện"
_SUMMARY_PATTERNS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = (
    (_pattern("tổng số {n} nhiệm vụ"), ("tasks_total",)),
    (_pattern("tổng số (?:{n} nhiệm vụ,? (?:và )?)?{n} hoạt động"), ("", "activities_total")),
    (
        _pattern(_DONE + " {n} ?/ ?{n} nhiệm vụ" + _PERCENT_AFTER),
        ("tasks_completed", "tasks_total", "tasks_percent"),
    ),
    (
        # "…, và 30/38 hoạt động" after the tasks, in a report's paragraph
        _pattern("(?:" + _DONE + "|, và) {n} ?/ ?{n} hoạt động" + _PERCENT_AFTER),
        ("activities_completed", "activities_total", "activities_percent"),
    ),
    (
        _pattern("(?:đã và )?đang (?:triển khai|thực hiện)(?: thực hiện)? {n} hoạt động"),
        ("activities_in_progress",),
    ),
    (
        _pattern("chưa đến (?:thời điểm|hạn)(?: thực hiện| báo cáo)? {n} hoạt động"),
        ("activities_not_due",),
    ),
    (_pattern("(?<!không )" + _LATE + " {n} hoạt động"), ("activities_overdue",)),
    # The same as a report's paragraph words them ("; 06 hoạt động đã và đang …").
    (
        _pattern(_CLAUSE + "{n} hoạt động (?:đã và )?đang (?:triển khai|thực hiện)"),
        ("activities_in_progress",),
    ),
    (_pattern(_CLAUSE + "{n} hoạt động chưa đến (?:thời điểm|hạn)"), ("activities_not_due",)),
    (_pattern(_CLAUSE + "{n} hoạt động " + _LATE), ("activities_overdue",)),
)


def parse_summary(text: str) -> PublishedFigures | None:
    """The figures a summary block states, or ``None`` when it states none.

    >>> f = parse_summary("Tổng số 25 nhiệm vụ và 38 hoạt động — Thực hiện hoàn thành\\n"
    ...                   "20/25 nhiệm vụ đạt 80% kế hoạch — Thực hiện hoàn thành 30/38 hoạt\\n"
    ...                   "động, đạt 79% kế hoạch — Chưa đến thời điểm thực hiện 2 hoạt động")
    >>> f.tasks_total, f.activities_total, f.tasks_completed, f.tasks_percent
    (25, 38, 20, 80)
    >>> f.activities_completed, f.activities_percent, f.activities_not_due
    (30, 79, 2)
    >>> g = parse_summary("Hoàn thành 3/4 nhiệm vụ. Hoàn thành 5/8 hoạt động, đạt 63%")
    >>> g.tasks_percent is None, g.activities_percent
    (True, 63)
    >>> parse_summary("Hoàn thành 30/38 hoạt động, đạt 120%")
    Traceback (most recent call last):
    ...
    cchc_model.errors.FormatError: summary: the summary states 120%, which is no share ...
    ...
    """
    found: dict[str, Any] = {}  # counts (int) and percents as printed (int or float)
    key = fold(text)
    for pattern, fields in _SUMMARY_PATTERNS:
        m = pattern.search(key)
        if m is None:
            continue
        for field, value in zip(fields, m.groups(), strict=True):
            if field and value is not None and field not in found:
                found[field] = _number(value)
    if not found:
        return None
    for field, value in found.items():
        if field.endswith("_percent") and value > 100:
            raise _impossible_percent(text, value)
    try:
        return PublishedFigures(text=text, **found)
    except InvalidPlan as exc:
        raise FormatError(
            f"the summary lines state a figure that cannot be: {exc.reason}; correct the "
            "summary lines under the table (or delete them: the figures are computed anyway)",
            text=text,
            where="summary lines",
        ) from exc


def _impossible_percent(text: str, value: int) -> FormatError:
    """A summary stating more than 100 % of the plan: a FormatError naming its line.

    The figures are kept as printed and checked against the table by
    :func:`~cchc_model.reconcile`, but a percent over 100 is no share of a plan
    and cannot be kept as one: the reader stops and says which line to correct.
    """
    printed = re.compile(rf"(?<!\d){value} ?%")
    found = [line.strip() for line in text.splitlines() if line.strip()]
    line = next((ln for ln in found if printed.search(fold(ln))), " ".join(found))
    return FormatError(
        f"the summary states {value}%, which is no share of the plan (0 to 100%): "
        f"correct the line {line!r} in the summary under the table",
        text=line,
        where="summary",
    )
