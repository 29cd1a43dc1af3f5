"""The error hierarchy: messages, caret lines, pickling."""

from __future__ import annotations

import pickle

import pytest

from cchc_model import errors

ALL = [
    errors.InvalidDocumentRef,
    errors.UnknownStatus,
    errors.InvalidPlan,
    errors.FormatError,
    errors.UnknownFormat,
]


@pytest.mark.parametrize("cls", ALL)
def test_hierarchy(cls: type[errors.CCHCError]) -> None:
    assert issubclass(cls, errors.CCHCError)
    assert issubclass(cls, ValueError) or issubclass(cls, LookupError)


@pytest.mark.parametrize("cls", ALL)
def test_pickle_round_trip(cls: type[errors.CCHCError]) -> None:
    err = cls("bad thing", text="Số 63/KH-UBND", span=(4, 6), where="activity 1")
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is cls
    assert (back.reason, back.text, back.span, back.where) == (
        "bad thing",
        "Số 63/KH-UBND",
        (4, 6),
        "activity 1",
    )
    assert str(back) == str(err)


def test_caret_line() -> None:
    err = errors.InvalidDocumentRef("unknown", text="Kế hoạch số 63/KH-UBND", span=(12, 14))
    assert str(err) == "unknown\n    Kế hoạch số 63/KH-UBND\n                ^^"


def test_no_text_no_caret() -> None:
    assert str(errors.FormatError("broken", where="line 3")) == "line 3: broken"


def test_long_text_is_windowed_around_the_span() -> None:
    text = "x" * 500 + "BAD" + "y" * 500
    lines = str(errors.InvalidDocumentRef("here", text=text, span=(500, 503))).splitlines()
    assert len(lines[1]) <= 104
    assert lines[1][lines[2].index("^") : lines[2].index("^") + 3] == "BAD"


def test_repr() -> None:
    err = errors.UnknownStatus("no rule", text="Tạm dừng")
    assert repr(err) == "UnknownStatus('no rule', text='Tạm dừng', span=None, where=None)"


def test_chaining_with_from() -> None:
    def load() -> None:
        try:
            int("x")
        except ValueError as exc:
            raise errors.FormatError("not a number", text="x") from exc

    with pytest.raises(errors.FormatError) as info:
        load()
    assert isinstance(info.value.__cause__, ValueError)
