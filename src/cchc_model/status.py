"""Status classification: the verbatim Tiến độ text → a :class:`~cchc_model.StatusKind`.

The Tiến độ column of an appendix is free Vietnamese prose. The library keeps the
text verbatim and classifies it with an ordered table of phrase rules: the first
rule that matches wins. Matching is done on a folded key (no diacritics, lower
case, single spaces), so case, NFC/NFD, old/new tone placement, look-alike
letters and line breaks do not matter.

>>> from cchc_model.status import DEFAULT_RULES
>>> DEFAULT_RULES.classify("Hoàn thành báo cáo quý 1, 6 tháng")
<StatusKind.COMPLETED: 'completed'>
>>> DEFAULT_RULES.classify("ĐANG TRIỂN\\nKHAI THỰC HIỆN")
<StatusKind.IN_PROGRESS: 'in_progress'>

Text that no rule recognises is an error that quotes it, never a silent default:

>>> DEFAULT_RULES.classify("Tạm dừng")
Traceback (most recent call last):
...
cchc_model.errors.UnknownStatus: no status rule matches 'Tạm dừng'
    Tạm dừng
    ^^^^^^^^

Rules are data: add your own in front of the defaults (they win) or replace them.

>>> from cchc_model.status import StatusRule
>>> from cchc_model import StatusKind
>>> rules = DEFAULT_RULES.prepend(StatusRule("tạm dừng", StatusKind.DELAYED))
>>> rules.classify("Tạm dừng")
<StatusKind.DELAYED: 'delayed'>
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Literal

import attrs

from cchc_model._text import fold
from cchc_model.errors import UnknownStatus
from cchc_model.model import StatusKind

__all__ = ["DEFAULT_RULES", "StatusRule", "StatusRules", "classify", "fold"]

#: An unrecognised text is quoted in the error's reason up to this length.
_QUOTE_LIMIT = 120

MatchMode = Literal["exact", "prefix", "contains", "regex"]


@attrs.frozen
class StatusRule:
    """One phrase rule: when ``phrase`` matches a Tiến độ text, the kind is ``kind``.

    :param phrase: Vietnamese phrase, written naturally ("Chưa đến thời điểm");
        with ``match="regex"`` a regular expression searched in the text as
        :func:`fold` folds it (lower case, no tone marks, single spaces).
    :param kind: the kind a match yields.
    :param match: ``"prefix"`` (the text starts with the phrase, the default),
        ``"exact"``, ``"contains"`` or ``"regex"``.

    >>> StatusRule("Đã hoàn thành", StatusKind.COMPLETED).matches("đã hoàn thành 100%")
    True
    """

    phrase: str
    kind: StatusKind = attrs.field(converter=StatusKind)
    match: MatchMode = attrs.field(default="prefix")
    _key: str = attrs.field(init=False, repr=False, eq=False)
    _regex: re.Pattern[str] | None = attrs.field(init=False, repr=False, eq=False)

    @match.validator
    def _check_match(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("exact", "prefix", "contains", "regex"):
            raise ValueError(f"unknown match mode {value!r}")

    def __attrs_post_init__(self) -> None:
        if self.match == "regex":
            object.__setattr__(self, "_key", self.phrase)
            object.__setattr__(self, "_regex", re.compile(self.phrase))
        else:
            object.__setattr__(self, "_key", fold(self.phrase))
            object.__setattr__(self, "_regex", None)

    def matches(self, text: str) -> bool:
        """Whether the rule matches ``text`` (any spelling of it)."""
        return self._matches_folded(fold(text))

    def _matches_folded(self, key: str) -> bool:
        if self._regex is not None:
            return self._regex.search(key) is not None
        if self.match == "exact":
            return key == self._key
        if self.match == "prefix":
            # A prefix must end at a word boundary: "dang" must not match "dangky".
            return key.startswith(self._key) and (
                len(key) == len(self._key) or not key[len(self._key)].isalnum()
            )
        return re.search(rf"(?<!\w){re.escape(self._key)}(?!\w)", key) is not None


def _rules_tuple(rules: Iterable[StatusRule]) -> tuple[StatusRule, ...]:
    return tuple(rules)


@attrs.frozen
class StatusRules:
    """An ordered table of :class:`StatusRule`; the first match wins."""

    rules: tuple[StatusRule, ...] = attrs.field(converter=_rules_tuple)

    def __iter__(self) -> Iterator[StatusRule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)

    def classify(self, text: str) -> StatusKind:
        """The kind of the Tiến độ text ``text``.

        Raises :class:`~cchc_model.errors.UnknownStatus` naming the text when no
        rule matches (or when the text is empty).
        """
        key = fold(text)
        if not key:
            raise UnknownStatus("the Tiến độ text is empty", text=text)
        for rule in self.rules:
            if rule._matches_folded(key):
                return rule.kind
        shown = " ".join(text.split())
        if len(shown) > _QUOTE_LIMIT:  # the whole text stays on the error's .text
            shown = shown[: _QUOTE_LIMIT - 1] + "…"
        raise UnknownStatus(
            f"no status rule matches {shown!r}",
            text=text,
            span=(0, len(text)),
        )

    def prepend(self, *rules: StatusRule) -> StatusRules:
        """A new table with ``rules`` tried before these ones."""
        return StatusRules(rules + self.rules)

    def append(self, *rules: StatusRule) -> StatusRules:
        """A new table with ``rules`` tried after these ones."""
        return StatusRules(self.rules + rules)


def _table(rows: Iterable[tuple[str, StatusKind, MatchMode]]) -> StatusRules:
    return StatusRules(StatusRule(phrase, kind, match) for phrase, kind, match in rows)


_K = StatusKind

#: The default phrase table. Order matters: specific phrases come before the
#: general ones they start with ("Đã và đang thực hiện" before "Đã và đang ...",
#: "Hoàn thành 80%" before "Hoàn thành").
DEFAULT_RULES: StatusRules = _table(
    [
        # Waiting for the level above: "Thực hiện khi có KH, Hướng dẫn của huyện".
        ("Thực hiện khi có", _K.AWAITING_GUIDANCE, "prefix"),
        ("Chờ hướng dẫn", _K.AWAITING_GUIDANCE, "prefix"),
        ("Chờ kế hoạch", _K.AWAITING_GUIDANCE, "prefix"),
        # Not due yet: "Chưa đến thời điểm báo cáo/thực hiện", "Chưa đến hạn".
        ("Chưa đến thời điểm", _K.NOT_DUE, "prefix"),
        ("Chưa đến hạn", _K.NOT_DUE, "prefix"),
        ("Chưa đến kỳ", _K.NOT_DUE, "prefix"),
        # Recurring work carried out in the period and continuing: counted completed.
        ("Đã và đang thực hiện", _K.ONGOING, "exact"),
        ("Thực hiện thường xuyên", _K.ONGOING, "prefix"),
        ("Thường xuyên", _K.ONGOING, "prefix"),
        # Partly done: "Hoàn thành 80%", "Đạt 50%", "Cơ bản hoàn thành".
        (r"^(?:đa )?hoan thanh (?:khoang |đươc )?\d{1,2}(?:[.,]\d+)? ?%", _K.IN_PROGRESS, "regex"),
        ("Cơ bản hoàn thành", _K.IN_PROGRESS, "prefix"),
        ("Chưa hoàn thành", _K.IN_PROGRESS, "prefix"),
        # Done: "Hoàn thành", "Đã hoàn thành", and anything that starts with it
        # ("Hoàn thành xây dựng KH, đang triển khai thực hiện").
        ("Hoàn thành", _K.COMPLETED, "prefix"),
        ("Đã hoàn thành", _K.COMPLETED, "prefix"),
        ("Đã thực hiện", _K.COMPLETED, "exact"),
        # Under way: "Đang triển khai (thực hiện)", "Đang thực hiện",
        # "Đã và đang triển khai thực hiện", "Đang xây dựng", ...
        ("Đã và đang", _K.IN_PROGRESS, "prefix"),
        ("Đang", _K.IN_PROGRESS, "prefix"),
        ("Tiếp tục thực hiện", _K.IN_PROGRESS, "prefix"),
        ("Tiếp tục triển khai", _K.IN_PROGRESS, "prefix"),
        # Not started although due.
        ("Chưa thực hiện", _K.NOT_STARTED, "prefix"),
        ("Chưa triển khai", _K.NOT_STARTED, "prefix"),
        # Late or abandoned.
        ("Chậm tiến độ", _K.DELAYED, "prefix"),
        ("Chậm", _K.DELAYED, "prefix"),
        ("Muộn", _K.DELAYED, "prefix"),
        ("Quá hạn", _K.DELAYED, "prefix"),
        ("Không thực hiện", _K.DELAYED, "prefix"),
        ("Không hoàn thành", _K.DELAYED, "prefix"),
    ]
)


def classify(text: str, rules: StatusRules = DEFAULT_RULES) -> StatusKind:
    """Classify a Tiến độ text with ``rules``; shorthand for ``rules.classify(text)``.

    >>> classify("Đã và đang thực hiện")
    <StatusKind.ONGOING: 'ongoing'>
    >>> classify("Thực hiện khi có KH, Hướng dẫn của huyện")
    <StatusKind.AWAITING_GUIDANCE: 'awaiting_guidance'>
    """
    return rules.classify(text)
