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
cchc_model.errors.UnknownStatus: no status rule matches 'Tạm dừng'; to count it, add a phrase
for one of the kinds (completed, ongoing, ...), then read with status_rules=rules
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
from cchc_model.errors import InvalidPlan, InvalidStatusRule, UnknownStatus
from cchc_model.model import StatusKind, _status_kind

__all__ = ["DEFAULT_RULES", "StatusRule", "StatusRules", "classify", "fold"]

#: An unrecognised text is quoted in the error's reason up to this length.
_QUOTE_LIMIT = 120

#: What an unknown status error says to do next (issue 14).
ADD_A_PHRASE = (
    "to count it, add a phrase for one of the kinds ("
    + ", ".join(k.value for k in StatusKind)
    + '): rules = DEFAULT_RULES.prepend(StatusRule("phrase", "kind")) '
    "(from cchc_model.status), then read with status_rules=rules"
)

MatchMode = Literal["exact", "prefix", "contains", "regex"]

# A list marker in front of a phrase and punctuation after it are not part of
# it: "- Hoàn thành" and "Đã và đang thực hiện." read as their bare phrase.
_MARKER = re.compile(r"[-–—•·+*]+ ?")
_END_PUNCTUATION = " .,;:!…"


def _status_key(text: str) -> str:
    """The key a text is matched on: :func:`fold`, without list marker and end punctuation.

    (String methods, not one regular expression: ``[...]+$`` would rescan every
    run of dots that stops before the end, in quadratic time.)
    """
    key = fold(text)
    marker = _MARKER.match(key)
    if marker is not None:
        key = key[marker.end() :]
    return key.rstrip(_END_PUNCTUATION)


def _kind(value: object) -> StatusKind:
    try:
        return _status_kind(value)
    except InvalidPlan as exc:  # the model's message, as a rule's error
        raise InvalidStatusRule(exc.reason, text=str(value)) from None


@attrs.frozen
class StatusRule:
    """One phrase rule: when ``phrase`` matches a Tiến độ text, the kind is ``kind``.

    :param phrase: Vietnamese phrase, written naturally ("Chưa đến thời điểm");
        with ``match="regex"`` a regular expression searched in the text as
        every rule sees it: as :func:`fold` folds it (lower case, no tone marks,
        single spaces), without a list marker in front ("- ", "• ") or
        punctuation at the end.
    :param kind: the kind a match yields.
    :param match: ``"prefix"`` (the text starts with the phrase, the default),
        ``"exact"``, ``"contains"`` or ``"regex"``.

    >>> StatusRule("Đã hoàn thành", StatusKind.COMPLETED).matches("đã hoàn thành 100%")
    True
    """

    phrase: str
    kind: StatusKind = attrs.field(converter=_kind)
    match: MatchMode = attrs.field(default="prefix")
    _key: str = attrs.field(init=False, repr=False, eq=False)
    _regex: re.Pattern[str] | None = attrs.field(init=False, repr=False, eq=False)

    @match.validator
    def _check_match(self, attribute: attrs.Attribute[str], value: str) -> None:
        if value not in ("exact", "prefix", "contains", "regex"):
            raise InvalidStatusRule(
                f"unknown match mode {value!r}: use 'prefix', 'exact', 'contains' or 'regex'",
                text=repr(value) if not isinstance(value, str) else value,
            )

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.phrase, str):
            raise InvalidStatusRule(
                f"a rule's phrase is a str, not {type(self.phrase).__name__}",
                text=repr(self.phrase),
            )
        if self.match == "regex":
            try:
                regex = re.compile(self.phrase)
            except re.error as exc:
                raise InvalidStatusRule(
                    f"the rule's regular expression is invalid: {exc.msg}",
                    text=self.phrase,
                    span=None if exc.pos is None else (exc.pos, exc.pos + 1),
                ) from None
            object.__setattr__(self, "_key", self.phrase)
            object.__setattr__(self, "_regex", regex)
        else:
            key = _status_key(self.phrase)
            if not key:  # an empty phrase would match every text
                raise InvalidStatusRule("a rule's phrase has no words", text=self.phrase)
            object.__setattr__(self, "_key", key)
            # A contained phrase must stand as whole words ("đang" is not in "đăng").
            contained = rf"(?<!\w){re.escape(key)}(?!\w)" if self.match == "contains" else None
            object.__setattr__(self, "_regex", contained and re.compile(contained))

    def matches(self, text: str) -> bool:
        """Whether the rule matches ``text`` (any spelling of it)."""
        return self._matches_folded(_status_key(text))

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
        raise AssertionError(f"unreachable: match mode {self.match!r}")  # pragma: no cover


def _rules_tuple(rules: Iterable[StatusRule]) -> tuple[StatusRule, ...]:
    if isinstance(rules, (str, StatusRule)):
        raise InvalidStatusRule(
            f"StatusRules takes an iterable of StatusRule, not one {type(rules).__name__}",
            text=repr(rules),
        )
    table = tuple(rules)
    for position, rule in enumerate(table):
        if not isinstance(rule, StatusRule):
            raise InvalidStatusRule(
                f"rule {position} is a {type(rule).__name__}, not a StatusRule",
                text=repr(rule),
            )
    return table


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
        if not isinstance(text, str):
            raise TypeError(f"a Tiến độ text is a str, not {type(text).__name__}")
        if not text or text.isspace():
            raise UnknownStatus("the Tiến độ text is empty", text=text)
        key = _status_key(text)
        for rule in self.rules:
            if rule._matches_folded(key):
                return rule.kind
        shown = " ".join(text.split())
        if len(shown) > _QUOTE_LIMIT:  # the whole text stays on the error's .text
            shown = shown[: _QUOTE_LIMIT - 1] + "…"
        raise UnknownStatus(
            f"no status rule matches {shown!r}; {ADD_A_PHRASE}",
            text=text,
            span=(0, len(text)),
        )

    def prepend(self, *rules: StatusRule) -> StatusRules:
        """A new table with ``rules`` tried before these ones."""
        return StatusRules(rules + self.rules)

    def append(self, *rules: StatusRule) -> StatusRules:
        """A new table with ``rules`` tried after these ones."""
        return StatusRules(self.rules + rules)


#: Before "chậm ..." or "quá hạn": not after a negation ("không bị chậm", "chưa quá hạn").
_NOT_NEGATED = (
    r"(?<!không )(?<!không bi )(?<!chưa )(?<!chưa bi )(?<!không đê )(?<!không lam )(?<!tranh )"
)
#: What says late after other words: "chậm tiến độ", "chậm so với", "quá hạn",
#: "trễ hạn" ("chậm" alone only where nothing else can follow: "chấm" folds alike).
_LATE = r"(?:châm tiên đô|châm so vơi|trê tiên đô|qua (?:thơi )?han|trê han)"
#: The units that make "8/10 <unit>" a share of work when it could be a date.
_UNITS = (
    r"nôi dung|chi tiêu|nhiêm vu|hoat đông|công viêc|viêc|văn ban|ban|muc|hang muc"
    r"|tiêu chi|thu tuc|tthc|hô sơ|lơp|cuôc|kê hoach|khôi lương|đơn vi|cơ quan|lân|đơt"
)
#: A day/month ("30/6"): a count over it needs a unit to be a share.
_DAY_MONTH = r"(?:0?[1-9]|[12]\d|3[01]) ?/ ?(?:0?[1-9]|1[0-2])(?![\d/])"


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
        ("Chờ chủ trương", _K.AWAITING_GUIDANCE, "prefix"),
        ("Chờ ý kiến chỉ đạo", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đang chờ hướng dẫn", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đang chờ kế hoạch", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đang chờ chủ trương", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đang chờ ý kiến chỉ đạo", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đợi hướng dẫn", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đang đợi hướng dẫn", _K.AWAITING_GUIDANCE, "prefix"),
        ("Đang đợi kế hoạch", _K.AWAITING_GUIDANCE, "prefix"),
        # Not started because guidance from above is awaited: not due, not late.
        (
            r"^chưa (?:thưc hiên|triên khai)\b.*\b(?:chơ|đơi|chưa co) "
            r"(?:(?:văn ban )?hương dân|kê hoach|chu trương|kh|hd)\b",
            _K.AWAITING_GUIDANCE,
            "regex",
        ),
        # Not started because not due: "Chưa thực hiện, chưa đến thời điểm".
        (
            r"^chưa (?:thưc hiên|triên khai)\b.*\bchưa đên (?:thơi điêm|han|ky)\b",
            _K.NOT_DUE,
            "regex",
        ),
        # Not due yet: "Chưa đến thời điểm báo cáo/thực hiện", "Chưa đến hạn".
        ("Chưa đến thời điểm", _K.NOT_DUE, "prefix"),
        ("Chưa đến hạn", _K.NOT_DUE, "prefix"),
        ("Chưa đến kỳ", _K.NOT_DUE, "prefix"),
        # Recurring work carried out in the period and continuing: counted completed.
        # Only the bare phrase: "Đã và đang thực hiện <more words>" is work under way.
        ("Đã và đang thực hiện", _K.ONGOING, "exact"),
        (r"^đa va đang thưc hiên\W*thương xuyên\b", _K.ONGOING, "regex"),
        ("Thực hiện thường xuyên", _K.ONGOING, "prefix"),
        ("Thường xuyên", _K.ONGOING, "prefix"),
        # Partly done: "Hoàn thành 80%", "Hoàn thành (80%)", "Đã hoàn thành được
        # khoảng 50%", "Hoàn thành, ước đạt 80%", "Hoàn thành hơn 80 phần trăm";
        # "Hoàn thành 12/15 TTHC" (two different counts; one that could be a day
        # and month, "30/6", only with a unit after it: "8/10 nội dung");
        # "Hoàn thành gần 100%", "Hoàn thành gần xong" (nearly, under, not yet: any
        # percent); "Cơ bản hoàn thành", "Hoàn thành một phần".
        (
            r"^(?:đa )?hoan thanh\W*(?:(?:khoang|đươc|đat|ươc|trên|hơn|ty lê) )*"
            r"(?:\d{1,2}(?:[.,]\d+)? ?(?:%|phân trăm)"
            rf"|(?!{_DAY_MONTH})0*([1-9]\d{{0,2}}|0) ?/ ?(?!0*\1(?!\d))\d{{1,3}}(?![\d/])"
            rf"|0*([1-9]\d{{0,2}}|0) ?/ ?(?!0*\2(?!\d))\d{{1,3}} (?:{_UNITS})\b)",
            _K.IN_PROGRESS,
            "regex",
        ),
        (
            r"^(?:đa )?hoan thanh\W*(?:(?:khoang|đươc|đat) )*"
            r"(?:gân|dươi|chưa đên|chưa tơi|xâp xi) "
            r"(?:\d{1,3}(?:[.,]\d+)? ?(?:%|phân trăm)|xong\b)",
            _K.IN_PROGRESS,
            "regex",
        ),
        # "Đạt 45% khối lượng", "Đạt gần 100%": a share reached; all of it is done.
        (
            r"^đat\W*(?:(?:khoang|đươc|trên|hơn) )*\d{1,2}(?:[.,]\d+)? ?(?:%|phân trăm)"
            r"|^đat\W*(?:gân|dươi|chưa đên|xâp xi) \d{1,3}(?:[.,]\d+)? ?(?:%|phân trăm)",
            _K.IN_PROGRESS,
            "regex",
        ),
        (r"^đat\W*(?:trên )?100 ?(?:%|phân trăm)", _K.COMPLETED, "regex"),
        ("Cơ bản hoàn thành", _K.IN_PROGRESS, "prefix"),
        (
            r"^(?:đa )?hoan thanh (?:(?:đươc|khoang) )?(?:cơ ban|môt phân(?! mêm))\b",
            _K.IN_PROGRESS,
            "regex",
        ),
        # Not finished and late: "Chưa hoàn thành, quá hạn", "..., còn chậm",
        # "..., muộn" (not "chưa quá hạn", nor "chấm điểm", which folds like
        # "chậm"); otherwise under way.
        (
            rf"^chưa hoan thanh\b.*{_NOT_NEGATED}(?:{_LATE}|châm(?! điêm)|muôn)\b",
            _K.DELAYED,
            "regex",
        ),
        ("Chưa hoàn thành", _K.IN_PROGRESS, "prefix"),
        # Done: "Hoàn thành", "Đã hoàn thành", and anything that starts with it
        # ("Hoàn thành xây dựng KH, đang triển khai thực hiện").
        ("Hoàn thành", _K.COMPLETED, "prefix"),
        ("Đã hoàn thành", _K.COMPLETED, "prefix"),
        ("Đã thực hiện", _K.COMPLETED, "exact"),
        # The activity's product, a document, is issued; or more than planned.
        ("Đã ban hành", _K.COMPLETED, "prefix"),
        ("Vượt chỉ tiêu", _K.COMPLETED, "prefix"),
        ("Vượt kế hoạch", _K.COMPLETED, "prefix"),
        # Under way but late: "Đang thực hiện, chậm tiến độ", "..., đã quá hạn" (not
        # "không chậm ...", "không để quá hạn").
        (rf"(?<!\w){_NOT_NEGATED}{_LATE}\b", _K.DELAYED, "regex"),
        # Under way: "Đang triển khai (thực hiện)", "Đang thực hiện",
        # "Đã và đang triển khai thực hiện", "Đang xây dựng", ... but not work that
        # is stopped, paused or waiting for something ("Đang tạm dừng", "Đang chờ
        # thẩm định"): no default rule can tell how a report counts those.
        ("Đã và đang", _K.IN_PROGRESS, "prefix"),
        (
            r"^đang\b(?! (?:(?:tam (?:thơi )?|bi )?(?:dưng|ngưng|hoan)|chơ|đơi)\b)",
            _K.IN_PROGRESS,
            "regex",
        ),
        ("Tiếp tục thực hiện", _K.IN_PROGRESS, "prefix"),
        ("Tiếp tục triển khai", _K.IN_PROGRESS, "prefix"),
        # Not started although due.
        ("Chưa thực hiện", _K.NOT_STARTED, "prefix"),
        ("Chưa triển khai", _K.NOT_STARTED, "prefix"),
        ("Chưa khởi công", _K.NOT_STARTED, "prefix"),
        # Late or abandoned. "Không thực hiện do không phát sinh" (nothing to do)
        # is neither late nor done: no default rule claims it, so it is an error
        # until a user rule says how their report counts it.
        (r"^châm\b(?! điêm)", _K.DELAYED, "regex"),
        ("Muộn", _K.DELAYED, "prefix"),
        ("Quá hạn", _K.DELAYED, "prefix"),
        ("Quá thời hạn", _K.DELAYED, "prefix"),
        (r"^không (?:thưc hiên|hoan thanh)(?!.*phat sinh)", _K.DELAYED, "regex"),
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
