"""Task rules: when does a task count as completed?

An appendix states a status per *activity*, never per task, so the number of
completed tasks a report publishes comes from a convention. A task rule is any
callable that takes a :class:`~cchc_model.Task` and returns ``True`` when the
task counts as completed; :func:`cchc_model.progress` accepts any of them.

Two rules ship with the library:

* :func:`at_least_half` (the default) — a task is completed when at least half
  of its activities are. It is the convention that reproduces the Thanh Xá
  report's 20/25. The report does not state its convention: it is *inferred*
  from the published figure, since it is the simple rule that yields it.
* :func:`strict` — a task is completed only when all its activities are
  (18/25 on the same report).

:func:`~cchc_model.progress` calls the rule once per task. A task counts its
activities once (:attr:`~cchc_model.Task.activity_tally`), so the two built-in
rules read those counts instead of going through the activities again.

>>> from cchc_model import progress, rules
>>> from cchc_model.examples import thanh_xa_2023
>>> plan = thanh_xa_2023()
>>> progress(plan).tasks.completed, progress(plan, task_rule=rules.strict).tasks.completed
(20, 18)

Your own rule is a plain function:

>>> def most(task):
...     done = sum(a.status.kind.bucket == "completed" for a in task.activities)
...     return done * 3 >= len(task.activities) * 2
>>> progress(plan, task_rule=most).tasks.completed
19
"""

from __future__ import annotations

from collections.abc import Callable

from cchc_model.model._items import Activity, Task
from cchc_model.model._kinds import Bucket, StatusKind

__all__ = [
    "TaskRule",
    "TaskRuleLike",
    "at_least_half",
    "get",
    "is_completed",
    "name_of",
    "names",
    "register",
    "strict",
    "unregister",
]

#: The type of a task rule.
TaskRule = Callable[[Task], bool]
#: What every ``task_rule=`` parameter takes: a rule, or the name it is registered under.
TaskRuleLike = TaskRule | str


#: The kinds counted as completed (the kinds whose bucket is *completed*).
_COMPLETED_KINDS = frozenset(k for k in StatusKind if k.bucket is Bucket.COMPLETED)


def is_completed(activity: Activity) -> bool:
    """Whether an activity counts as completed (kinds *completed* and *ongoing*)."""
    return activity.status.kind in _COMPLETED_KINDS


def at_least_half(task: Task) -> bool:
    """Completed when at least half of the task's activities are completed.

    >>> from cchc_model.examples import thanh_xa_2023
    >>> at_least_half(thanh_xa_2023().task_of(35))   # activities 35 done, 36 in progress
    True
    """
    counts = task.activity_tally
    return 2 * counts.completed >= counts.total


def strict(task: Task) -> bool:
    """Completed only when every activity of the task is completed.

    >>> from cchc_model.examples import thanh_xa_2023
    >>> strict(thanh_xa_2023().task_of(35))
    False
    """
    counts = task.activity_tally
    return counts.completed == counts.total


#: The rules built in, whose names always mean the same thing.
_BUILT_IN: dict[str, TaskRule] = {"at_least_half": at_least_half, "strict": strict}
#: The rules known by name: the built-in ones and those added with :func:`register`.
_REGISTRY: dict[str, TaskRule] = dict(_BUILT_IN)


def register(name: str, rule: TaskRule, *, replace: bool = False) -> None:
    """Make ``rule`` known as ``name``, so that ``task_rule=name`` works everywhere.

    A name already registered is refused unless ``replace=True``; the built-in
    names (``at_least_half``, ``strict``) are never replaced, so that they mean
    the same figures in every program.

    >>> from cchc_model import progress, rules
    >>> from cchc_model.examples import thanh_xa_2023
    >>> rules.register("all_but_one", lambda t: t.activity_tally.completed >= len(t.activities) - 1)
    >>> progress(thanh_xa_2023(), task_rule="all_but_one").tasks.completed
    24
    >>> rules.unregister("all_but_one")
    """
    if not isinstance(name, str) or not name.strip():
        raise TypeError(f"a task rule's name must be a non-empty str, got {name!r}")
    if not callable(rule):
        raise TypeError(f"a task rule must be a function of a Task, got {type(rule).__name__}")
    if name in _BUILT_IN:
        raise ValueError(
            f"{name!r} is a built-in task rule and keeps its meaning; pick another name"
        )
    if name in _REGISTRY and not replace:
        raise ValueError(
            f"a task rule named {name!r} is already registered; pass replace=True to replace it"
        )
    _REGISTRY[name] = rule


def name_of(task_rule: TaskRule) -> str:
    """The name ``task_rule`` goes by: the name it is registered under (its own when it
    is registered under it), else its own (``Progress.rule`` says it).

    >>> from cchc_model import rules
    >>> rules.name_of(rules.strict), rules.name_of(lambda task: True)
    ('strict', '<lambda>')
    """
    own = getattr(task_rule, "__name__", None) or type(task_rule).__name__
    if _REGISTRY.get(own) is task_rule:  # the usual case, one lookup
        return own
    return next((name for name, rule in _REGISTRY.items() if rule is task_rule), own)


def unregister(name: str) -> None:
    """Forget the task rule registered as ``name`` (the built-in ones stay).

    >>> from cchc_model import rules
    >>> rules.register("any_done", lambda t: t.activity_tally.completed > 0)
    >>> rules.unregister("any_done")
    >>> "any_done" in rules.names()
    False
    """
    if name in _BUILT_IN:
        raise ValueError(f"{name!r} is a built-in task rule and cannot be unregistered")
    if name not in _REGISTRY:
        raise ValueError(f"no task rule named {name!r} is registered: {', '.join(names())}")
    del _REGISTRY[name]


def names() -> tuple[str, ...]:
    """The names of the registered task rules, sorted."""
    return tuple(sorted(_REGISTRY))


def get(task_rule: TaskRuleLike) -> TaskRule:
    """The task rule ``task_rule`` names (or ``task_rule`` itself when it is a rule).

    >>> get("strict") is strict, get(strict) is strict
    (True, True)
    """
    if isinstance(task_rule, str):
        try:
            return _REGISTRY[task_rule]
        except KeyError:
            raise ValueError(
                f"unknown task rule {task_rule!r}: use one of {', '.join(names())}, a function"
                " of a Task, or rules.register(name, rule) first"
            ) from None
    if not callable(task_rule):
        raise TypeError(
            "task_rule must be a function of a Task or the name of a registered rule"
            f" (see cchc_model.model.rules), got {type(task_rule).__name__}"
        )
    return task_rule
