"""The statuses of the JSON form: the Tiến độ text is the source, the kind is checked.

Reading classifies each text with the status rules in force and keeps a
``kind`` that differs only under ``"override": true``. When the document says it
was written with the same rules (its ``status_rules`` fingerprint), or says none and
is read with the built-in rules, any other ``kind`` that differs is an edit,
refused, never ignored; written with other rules (another version of the library,
or your own), the text decides. Writing adds the
mark exactly where the rules give another kind, or none. The rules of one call of
:func:`cchc_model.formats.converters.to_document` or
:func:`~cchc_model.formats.converters.structure_plan` reach the converters' status
hooks through a context variable (:func:`rules_in_force`), together with what
they gave so far in that call: each distinct text is classified once per call.
"""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

import cattrs
from cattrs.errors import ClassValidationError, ForbiddenExtraKeysError

from cchc_model._text import nfc
from cchc_model.errors import UnknownStatus
from cchc_model.formats._common import kinds_checked
from cchc_model.model import Status
from cchc_model.model._kinds import StatusKind
from cchc_model.model.status import DEFAULT_RULES, StatusRules

__all__ = ["BadValue", "rules_in_force", "structure_status", "unstructure_status"]


class BadValue(ValueError):
    """A value of the wrong shape; its message is shown as is."""


_STATUS_MEMBERS = frozenset({"kind", "text", "override"})
_KINDS = {kind.value: kind for kind in StatusKind}
# The values of the enums, looked up without the enum's `value` descriptor.
_KIND_VALUES = {kind: kind.value for kind in StatusKind}


class _Statuses:
    """The status rules of one reading or writing call, and what they gave so far.

    Equal statuses are immutable: one reading shares one :class:`Status` per
    (kind, text), and classifies each distinct text once.
    """

    def __init__(self, rules: StatusRules, check_kinds: bool = False) -> None:
        self.rules = rules
        # Whether a "kind" that disagrees with its text is an edit (refused): see
        # formats._common.kinds_checked.
        self.check_kinds = check_kinds
        self.classified: dict[str, Status] = {}
        self.overridden: dict[tuple[StatusKind, str], Status] = {}
        self.kinds: dict[str, StatusKind | None] = {}

    def kind_of(self, text: str) -> StatusKind | None:
        """The kind the rules give ``text``; None where they give none."""
        try:
            return self.kinds[text]
        except KeyError:
            pass
        try:
            kind: StatusKind | None = self.rules.classify(text)
        except UnknownStatus:
            kind = None
        self.kinds[text] = kind
        return kind

    def write(self, status: Status) -> dict[str, Any]:
        data: dict[str, Any] = {"kind": _KIND_VALUES[status.kind], "text": status.text}
        if self.kind_of(status.text) is not status.kind:
            data["override"] = True
        return data

    def read(self, value: Any) -> Status:
        if type(value) is dict and len(value) == 2:  # {"kind": ..., "text": ...} seen before
            text, kind = value.get("text"), value.get("kind")
            if type(text) is str and type(kind) is str and kind in _KINDS:
                found = self.classified.get(text)
                if found is not None and found.kind is _KINDS[kind]:
                    return found
        return self.read_any(value)

    def read_any(self, value: Any) -> Status:
        if not isinstance(value, dict):
            raise BadValue(f"expected a JSON object, got {type(value).__name__}")
        if not value.keys() <= _STATUS_MEMBERS:
            raise ForbiddenExtraKeysError("", Status, set(value) - _STATUS_MEMBERS)
        text = value.get("text", "")
        if not isinstance(text, str):
            raise _member_error("text", str, BadValue(f"expected a string, got {text!r}"))
        text = nfc(text)  # NFC at the boundary
        override = value.get("override", False)
        kind = self.kind_given(value)
        if override is True:
            if kind is None:
                raise BadValue('"override": true needs the "kind" it sets')
            found = self.overridden.get((kind, text))
            if found is None:
                found = self.overridden[kind, text] = Status(kind=kind, text=text)
            return found
        if override is not False:
            error = BadValue(f"expected true or false, got {override!r}")
            raise _member_error("override", bool, error)
        # Not an override: the text gives the kind, and a "kind" beside it must agree.
        found = self.classified.get(text)
        if found is None:
            try:
                classified = self.rules.classify(text)
            except UnknownStatus as exc:
                raise UnknownStatus(_unclassified(exc), text=exc.text, span=exc.span) from None
            found = self.classified[text] = Status(kind=classified, text=text)
        # (With other rules than the writer's, a kind may differ: the text decides.)
        if kind is not None and kind is not found.kind and self.check_kinds:
            error = BadValue(
                f"{kind.value!r}, but the text {text!r} gives {found.kind.value!r} (with the "
                "status rules in use), and the figures follow the text: change the text, or "
                'mark a deliberate kind with "override": true, or leave "kind" out; to count '
                "a file with other status rules, read it with them (status_rules=...)"
            )
            raise _member_error("kind", str, error)
        return found

    @staticmethod
    def kind_given(value: dict[str, Any]) -> StatusKind | None:
        """The ``kind`` member; None when there is none (an unknown kind is an error)."""
        kind = value.get("kind")
        if kind is None:  # left out, or null: the text gives it
            return None
        if isinstance(kind, str) and kind in _KINDS:
            return _KINDS[kind]
        error = BadValue(f"unknown status kind {kind!r}: use one of {', '.join(_KINDS)}")
        raise _member_error("kind", str, error)


def _unclassified(exc: UnknownStatus) -> str:
    # Worded as the other readers word it (cchc_model.formats._common.status_from).
    return (
        f"{exc.reason}; or mark the status as a deliberate override: "
        '"override": true with its "kind"'
    )


def _member_error(name: str, type_: type, exc: Exception) -> ClassValidationError:
    # What a generated hook raises for a failing field: the path names the member.
    exc.__notes__ = [  # type: ignore[attr-defined] # as cattrs does, also before Python 3.11
        *getattr(exc, "__notes__", []),
        cattrs.AttributeValidationNote(f"Structuring class Status @ attribute {name}", name, type_),
    ]
    return ClassValidationError("While structuring Status", [exc], Status)


_STATUSES: contextvars.ContextVar[_Statuses | None] = contextvars.ContextVar(
    "cchc_model_statuses", default=None
)


def _statuses() -> _Statuses:
    # Outside to_document and structure_plan (a converter used on its own):
    # the built-in rules, nothing remembered between statuses.
    return _STATUSES.get() or _Statuses(DEFAULT_RULES)


def structure_status(value: Any, _: Any) -> Status:
    """The converters' structure hook of :class:`Status`."""
    return _statuses().read(value)


def unstructure_status(status: Status) -> dict[str, Any]:
    """The converters' unstructure hook of :class:`Status`."""
    return _statuses().write(status)


@contextlib.contextmanager
def rules_in_force(rules: StatusRules | None, written_with: str | None = None) -> Iterator[None]:
    """Within the block, the status hooks use ``rules`` (None: the built-in table).

    ``written_with`` is the fingerprint of the rules the document's kinds were
    classified with (:attr:`StatusRules.fingerprint`): when they are ``rules`` (or
    there is none and ``rules`` are the built-in ones), a kind that disagrees with
    its text is refused as an edit.
    """
    if rules is None:
        rules = DEFAULT_RULES
    elif not isinstance(rules, StatusRules):
        raise TypeError(
            "status_rules must be a StatusRules table (StatusRules([...]) or "
            f"DEFAULT_RULES.prepend(...)), got {type(rules).__name__}"
        )
    token = _STATUSES.set(_Statuses(rules, kinds_checked(written_with, rules)))
    try:
        yield
    finally:
        _STATUSES.reset(token)
