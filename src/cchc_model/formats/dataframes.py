"""Plans and progress as pandas DataFrames (optional extra ``cchc-model[pandas]``).

pandas is imported when one of these functions is called, never by
``import cchc_model``.

:func:`to_dataframe` gives one row per activity (the appendix table, flattened);
:func:`from_dataframe` reads such a frame back into an equal
:class:`~cchc_model.Plan`; :func:`progress_frame` gives one row per section.

>>> import cchc_model
>>> from cchc_model.examples import thanh_xa_2023
>>> plan = thanh_xa_2023()
>>> df = cchc_model.to_dataframe(plan)
>>> df.shape[0], df["task"].nunique()
(38, 25)
>>> df.groupby("section")["bucket"].value_counts().unstack(fill_value=0).loc["IV"].to_dict()
{'completed': 0, 'in_progress': 2, 'not_due': 0}
>>> cchc_model.from_dataframe(df) == plan
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from cchc_model._text import nfc
from cchc_model.errors import FormatError, InvalidPlan
from cchc_model.figures._compare import Comparison
from cchc_model.figures._progress import HEADLINE_FIGURES, Progress, headline_figures
from cchc_model.figures._rollup import Rollup
from cchc_model.formats._common import (
    OVERRIDE_COLUMN,
    check_stated_kind,
    kinds_checked,
    override_for,
    refuse_no_kind,
    status_from,
)
from cchc_model.model import Activity, Plan, Section, Status, Task
from cchc_model.model.status import DEFAULT_RULES, load_rules

if TYPE_CHECKING:
    import pandas as pd

    from cchc_model.model.status import StatusRules, StatusRulesSource

__all__ = [
    "COLUMNS",
    "comparison_frame",
    "from_dataframe",
    "plans_frame",
    "progress_frame",
    "to_dataframe",
]

#: The columns of :func:`to_dataframe`, in order.
#:
#: ``section``/``section_title``: the section's roman numeral and title;
#: ``task``: the task's ordinal in the plan (1, 2, ...), which tells apart two
#: neighbouring tasks with the same title; ``task_title``; ``number`` (TT),
#: ``label`` and ``text`` of the activity; ``status_kind`` (a
#: :class:`~cchc_model.StatusKind` value, derived: ignored on the way back),
#: ``status_text`` (the Tiến độ text verbatim, the source of the kind),
#: ``status_override`` (the kind, only where it deliberately differs from what
#: the status rules give the text; else empty) and ``bucket`` (the summary
#: bucket, derived); ``products`` verbatim;
#: ``documents`` (the parsed :class:`~cchc_model.DocumentRef` tuple) and
#: ``references`` (their official forms as strings, derived); ``explanation``
#: and ``note``.
COLUMNS: tuple[str, ...] = (
    "section",
    "section_title",
    "task",
    "task_title",
    "number",
    "label",
    "text",
    "status_kind",
    "status_text",
    "status_override",
    "bucket",
    "products",
    "documents",
    "references",
    "explanation",
    "note",
)

#: The key in ``DataFrame.attrs`` under which the plan's own fields travel.
ATTRS_KEY = "cchc_model.plan"
#: Where ``df.attrs`` keeps the fingerprint of the status rules of ``status_kind``.
RULES_KEY = "cchc_model.status_rules"

_REQUIRED = ("section", "section_title", "task", "task_title", "number", "text", "status_text")
_OPTIONAL_TEXT = ("label", "products", "explanation", "note")


def _require_pandas() -> None:
    try:
        import pandas  # noqa: F401 - only checks that the extra is installed
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "cchc_model.formats.dataframes needs pandas: pip install 'cchc-model[pandas]'"
        ) from exc


def _expect_frame(df: object) -> None:
    _require_pandas()
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"from_dataframe() takes a pandas DataFrame, got {type(df).__name__}")


def _missing(value: Any) -> bool:
    # Empty cells come back as None or NaN depending on the column's dtype.
    return value is None or (isinstance(value, float) and math.isnan(value))


def _plan_fields(plan: Plan) -> dict[str, Any]:
    """The plan's own fields (all but the sections) in the library's JSON form."""
    from cchc_model.formats.converters import make_converter

    body: dict[str, Any] = make_converter().unstructure(plan)
    body.pop("sections")
    return body


def to_dataframe(plan: Plan, *, status_rules: StatusRulesSource = None) -> pd.DataFrame:
    """One row per activity of ``plan``, with its section and task (see :data:`COLUMNS`).

    The plan's own fields (title, issuer, year, document numbers, published
    figures) are kept in ``df.attrs``, so :func:`from_dataframe` can rebuild the
    plan exactly; ``status_kind``, ``bucket``, ``documents`` and ``references``
    are derived and ignored on the way back: the Tiến độ text (with
    ``status_override`` where filled) and the products are the source.
    ``status_rules`` (a table, or the path of a rules file) decides where
    ``status_override`` is filled.

    >>> from cchc_model.examples import thanh_xa_2023
    >>> df = to_dataframe(thanh_xa_2023())
    >>> df.loc[df["number"] == 9, ["task", "status_kind", "bucket"]].to_dict("records")
    [{'task': 7, 'status_kind': 'awaiting_guidance', 'bucket': 'not_due'}]
    """
    given: object = plan  # checked at run time: callers need not be typed
    if not isinstance(given, Plan):
        raise TypeError(f"to_dataframe() takes a Plan, got {type(given).__name__}")
    rules = load_rules(status_rules)
    _require_pandas()
    import pandas as pd

    rows = []
    ordinal = 0
    for section in plan.sections:
        for task in section.tasks:
            ordinal += 1
            for act in task.activities:
                rows.append(
                    (
                        section.numeral,
                        section.title,
                        ordinal,
                        task.title,
                        act.number,
                        act.label,
                        act.text,
                        act.status.kind.value,
                        act.status.text,
                        override_for(act.status, rules),
                        act.status.kind.bucket.value,
                        act.products,
                        (documents := act.documents),
                        tuple(str(d) for d in documents),
                        act.explanation,
                        act.note,
                    )
                )
    df: pd.DataFrame = pd.DataFrame(rows, columns=list(COLUMNS))
    df = df.astype({"task": "int64", "number": "int64"})
    df.attrs[ATTRS_KEY] = _plan_fields(plan)
    # The rules status_kind and bucket were classified with: from_dataframe checks
    # them against the texts only when it reads with the same rules.
    df.attrs[RULES_KEY] = (DEFAULT_RULES if rules is None else rules).fingerprint
    return df


def _shown(value: Any) -> str:
    """A short repr of a cell for a message: never fails, never a page long."""
    try:
        text = repr(value)
    except Exception:  # an int past Python's 4300-digit limit, an odd object
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _cell(value: Any, column: str, row: object) -> str:
    if _missing(value):
        return ""
    if not isinstance(value, str):
        raise FormatError(
            f"column {column!r} must hold text, got {type(value).__name__} {_shown(value)}",
            where=f"row {row}",
        )
    surrogate = next((i for i, c in enumerate(value) if "\ud800" <= c <= "\udfff"), None)
    if surrogate is not None:
        raise FormatError(
            f"column {column!r}: character {surrogate} is a lone surrogate "
            f"(U+{ord(value[surrogate]):04X}), which is not text and cannot be written",
            where=f"row {row}",
        )
    return nfc(value)  # NFC at the boundary, as every reader


#: The largest activity number or task ordinal a frame may hold.
_LARGEST = 10**9


def _integer(value: Any, column: str, row: object) -> int:
    number: int | None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        # a frame of text: read_csv(dtype=str), read_excel(dtype=str)
        number = int(value) if len(value) <= len(str(_LARGEST)) else _LARGEST + 1
    else:
        try:
            number = int(value)
        except (TypeError, ValueError, OverflowError):  # text, NaN, inf, an odd object
            number = None
        if number is None or isinstance(value, bool) or number != value:
            raise FormatError(
                f"column {column!r} must hold integers, got {_shown(value)}", where=f"row {row}"
            )
    if abs(number) > _LARGEST:
        raise FormatError(
            f"column {column!r} holds {_shown(value)}, more than {_LARGEST:,}", where=f"row {row}"
        )
    return number


def _status(
    record: Mapping[Any, Any], row: object, rules: StatusRules | None, check_kinds: bool
) -> Status:
    # The text is the source; status_kind and bucket are derived, and must agree with
    # it where the frame's kinds were classified with the rules in use (check_kinds)
    # and the row has no deliberate override; an emptied status_kind means "from
    # the text".
    text = _cell(record["status_text"], "status_text", row)
    override = _cell(record.get(OVERRIDE_COLUMN), OVERRIDE_COLUMN, row)
    status = status_from(text, override, rules, f"row {row}", column="status_text")
    stated = {c: _cell(record.get(c), c, row) for c in ("status_kind", "bucket")}
    for column, value in stated.items():
        refuse_no_kind(value, f"row {row}, column {column}", column=column)
    if check_kinds and not override.strip() and stated["status_kind"].strip():
        for column, value in stated.items():
            check_stated_kind(status, value, f"row {row}, column {column}", column=column)
    return status


def _activity(
    record: Mapping[Any, Any], row: object, rules: StatusRules | None, check_kinds: bool
) -> Activity:
    try:
        optional = {c: _cell(record.get(c), c, row) for c in _OPTIONAL_TEXT}
        return Activity(
            number=_integer(record["number"], "number", row),
            text=_cell(record["text"], "text", row),
            status=_status(record, row, rules, check_kinds),
            **optional,
        )
    except InvalidPlan as exc:
        raise FormatError(exc.reason, text=exc.text, where=f"row {row}") from exc


def _frame_fields(df: pd.DataFrame, title: str | None) -> dict[str, Any]:
    """The plan's own fields: ``df.attrs[ATTRS_KEY]``, with ``title`` over them."""
    fields: dict[str, Any] | None = df.attrs.get(ATTRS_KEY)
    if fields is not None and (
        not isinstance(fields, dict) or not all(isinstance(k, str) for k in fields)
    ):
        raise FormatError(
            f"df.attrs[{ATTRS_KEY!r}] must be a dict of the plan's fields by name (what "
            f"to_dataframe() keeps there), got {type(fields).__name__} {_shown(fields)}",
            where="DataFrame",
        )
    if title is not None:
        fields = {**(fields or {}), "title": title}
    if not fields:
        raise FormatError(
            f"the frame carries no plan fields in df.attrs[{ATTRS_KEY!r}]: pass title=...",
            where="DataFrame",
        )
    return fields


def _plan(fields: dict[str, Any], sections: list[Section]) -> Plan:
    """The plan of ``fields`` (from ``df.attrs``) and ``sections``."""
    import attrs

    from cchc_model.formats.converters import structure_plan

    where = f"df.attrs[{ATTRS_KEY!r}]"
    try:
        base = structure_plan({**fields, "sections": []}, where=where)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        if isinstance(exc, FormatError):
            raise
        # e.g. an integer past Python's 4300-digit limit, nesting too deep
        raise FormatError(f"cannot read the plan's fields: {exc}", where=where) from None
    try:
        return attrs.evolve(base, sections=tuple(sections))
    except InvalidPlan as exc:
        raise FormatError(exc.reason, text=exc.text, where="DataFrame") from exc


def from_dataframe(
    df: pd.DataFrame, *, title: str | None = None, status_rules: StatusRulesSource = None
) -> Plan:
    """Rebuild a :class:`~cchc_model.Plan` from a frame shaped like :func:`to_dataframe`'s.

    Rows are read in order; consecutive rows with the same ``section`` form a
    section and those with the same ``task`` ordinal a task. The ``status_text``
    gives the kind (classified with ``status_rules``, by default the built-in
    table; ``status_override`` where a kind is set deliberately). ``status_kind``
    and ``bucket`` may be missing; a row's ``status_kind``, unless emptied, and its
    ``bucket`` must agree with its text in a frame :func:`to_dataframe` made with
    the same status rules (``df.attrs`` says which), and in a frame without that
    (read from a file) under the built-in rules.
    ``label``, ``products``, ``explanation`` and ``note`` may be missing;
    ``documents`` and ``references`` are not read: an activity's references are
    always those :func:`~cchc_model.find_document_refs` finds in ``products``. ``task`` and
    ``number`` may be integers or text of ASCII digits (a frame read with
    ``dtype=str``). The plan's own fields come from
    ``df.attrs`` (kept there by :func:`to_dataframe`); for a frame without
    them, pass ``title``.

    Raises :class:`~cchc_model.errors.FormatError` naming the row and column
    when the frame cannot make a valid plan.

    >>> import pandas as pd
    >>> df = pd.DataFrame({
    ...     "section": ["I", "I"], "section_title": ["Cải cách thể chế"] * 2,
    ...     "task": [1, 1], "task_title": ["Rà soát văn bản"] * 2, "number": [1, 2],
    ...     "text": ["Xây dựng kế hoạch", "Tổ chức rà soát"],
    ...     "status_text": ["Hoàn thành", "Đang triển khai"],
    ... })
    >>> plan = from_dataframe(df, title="Kế hoạch thử")
    >>> [a.status.kind.value for a in plan.activities]
    ['completed', 'in_progress']
    """
    _expect_frame(df)
    missing = [c for c in _REQUIRED if c not in df.columns]
    if missing:
        raise FormatError(f"missing column(s) {missing}", where="DataFrame")
    fields = _frame_fields(df, title)

    sections: list[Section] = []
    # (numeral, title, [(task ordinal, task title, [activities])])
    current: tuple[str, str, list[tuple[int, str, list[Activity]]]] | None = None
    seen_sections: set[str] = set()
    seen_tasks: set[int] = set()

    def close_section() -> None:
        if current is None:
            return
        numeral, sec_title, tasks = current
        try:
            sections.append(
                Section(
                    numeral=numeral,
                    title=sec_title,
                    tasks=tuple(Task(title=t, activities=tuple(a)) for _, t, a in tasks),
                )
            )
        except InvalidPlan as exc:
            raise FormatError(exc.reason, text=exc.text, where=f"section {numeral}") from exc

    rules = load_rules(status_rules)
    check_kinds = kinds_checked(df.attrs.get(RULES_KEY), rules)
    # Rows are named by their index label, which is what df.loc[...] finds.
    for row, record in zip(df.index, df.to_dict("records"), strict=True):
        numeral = _cell(record["section"], "section", row)
        sec_title = _cell(record["section_title"], "section_title", row)
        ordinal = _integer(record["task"], "task", row)
        task_title = _cell(record["task_title"], "task_title", row)
        if current is None or current[0] != numeral:
            if numeral in seen_sections:
                raise FormatError(f"section {numeral!r} is not contiguous", where=f"row {row}")
            close_section()
            seen_sections.add(numeral)
            current = (numeral, sec_title, [])
        elif current[1] != sec_title:
            raise FormatError(
                f"section {numeral} has two titles: {current[1]!r} and {sec_title!r}",
                where=f"row {row}",
            )
        tasks = current[2]
        if not tasks or tasks[-1][0] != ordinal:
            if ordinal in seen_tasks:
                raise FormatError(f"task {ordinal} is not contiguous", where=f"row {row}")
            seen_tasks.add(ordinal)
            tasks.append((ordinal, task_title, []))
        elif tasks[-1][1] != task_title:
            raise FormatError(
                f"task {ordinal} has two titles: {tasks[-1][1]!r} and {task_title!r}",
                where=f"row {row}",
            )
        tasks[-1][2].append(_activity(record, row, rules, check_kinds))
    close_section()

    return _plan(fields, sections)


def progress_frame(progress: Progress) -> pd.DataFrame:
    """One row per section of ``progress``: task and activity counts and percents.

    Indexed by the section numeral. Sum the count columns for the plan's
    totals (the percents are those of each section).

    >>> from cchc_model import progress
    >>> from cchc_model.examples import thanh_xa_2023
    >>> frame = progress_frame(progress(thanh_xa_2023()))
    >>> frame.loc["IV", ["tasks_completed", "tasks_total", "activities_in_progress"]].tolist()
    [0, 2, 2]
    >>> int(frame["activities_completed"].sum()), int(frame["tasks_completed"].sum())
    (30, 20)
    """
    given: object = progress  # checked at run time: callers need not be typed
    if not isinstance(given, Progress):
        raise TypeError(
            "progress_frame() takes a Progress (cchc_model.progress(plan)), "
            f"got {type(given).__name__}"
        )
    _require_pandas()
    import pandas as pd

    records = [
        {
            "section": s.numeral,
            "title": s.title,
            **headline_figures(s.tasks, s.activities),
        }
        for s in progress.sections
    ]
    frame: pd.DataFrame = pd.DataFrame(
        records,
        columns=["section", "title", *HEADLINE_FIGURES],
    ).set_index("section")
    frame.attrs["rule"] = progress.rule
    return frame


#: The columns of :func:`comparison_frame`.
_FIGURE_COLUMNS = ("section", "name", "label", "old", "new", "delta")


def comparison_frame(comparison: Comparison) -> pd.DataFrame:
    """One row per figure of ``comparison``: the plan's, then the sections' that moved.

    ``section`` is empty (None) for the plan's own figures.

    >>> from cchc_model import compare
    >>> from cchc_model.examples import thanh_xa_2023
    >>> plan = thanh_xa_2023()
    >>> frame = comparison_frame(compare(plan, plan))
    >>> list(frame.columns), int(frame["delta"].abs().sum())
    (['section', 'name', 'label', 'old', 'new', 'delta'], 0)
    """
    given: object = comparison  # checked at run time: callers need not be typed
    if not isinstance(given, Comparison):
        raise TypeError(
            "comparison_frame() takes a Comparison (cchc_model.compare(old, new)), "
            f"got {type(given).__name__}"
        )
    _require_pandas()
    import pandas as pd

    figures = (*comparison.figures, *comparison.section_figures)
    frame: pd.DataFrame = pd.DataFrame(
        [{column: getattr(f, column) for column in _FIGURE_COLUMNS} for f in figures],
        columns=list(_FIGURE_COLUMNS),
    )
    return frame


def plans_frame(rollup: Rollup) -> pd.DataFrame:
    """One row per plan of ``rollup``, indexed by its name (the file, for plans
    read from files): title, issuer and the headline figures.

    >>> from cchc_model import rollup
    >>> from cchc_model.examples import thanh_xa_2023
    >>> frame = plans_frame(rollup({"Quý 3": thanh_xa_2023()}))
    >>> frame.loc["Quý 3", ["tasks_percent", "activities_completed"]].tolist()
    [80, 30]
    """
    given: object = rollup  # checked at run time: callers need not be typed
    if not isinstance(given, Rollup):
        raise TypeError(
            f"plans_frame() takes a Rollup (cchc_model.rollup(plans)), got {type(given).__name__}"
        )
    _require_pandas()
    import pandas as pd

    records = [
        {
            "name": p.name,
            "title": p.title,
            "issuer": p.issuer,
            **headline_figures(p.tasks, p.activities),
        }
        for p in rollup.plans
    ]
    frame: pd.DataFrame = pd.DataFrame(
        records, columns=["name", "title", "issuer", *HEADLINE_FIGURES]
    ).set_index("name")
    frame.attrs["rule"] = rollup.rule
    return frame
