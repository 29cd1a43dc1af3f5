"""Status classification: the verbatim Tiến độ text → a :class:`~cchc_model.StatusKind`.

The Tiến độ column of an appendix is free Vietnamese prose. The library keeps the
text verbatim and classifies it with an ordered table of phrase rules: the first
rule that matches wins. Matching is done on a folded key (no diacritics, lower
case, single spaces), so case, NFC/NFD, old/new tone placement, look-alike
letters and line breaks do not matter.

>>> from cchc_model.model.status import DEFAULT_RULES
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

>>> from cchc_model.model.status import StatusRule
>>> from cchc_model import StatusKind
>>> rules = DEFAULT_RULES.prepend(StatusRule("tạm dừng", StatusKind.DELAYED))
>>> rules.classify("Tạm dừng")
<StatusKind.DELAYED: 'delayed'>
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import attrs

from cchc_model._text import fold
from cchc_model.errors import InvalidPlan, InvalidStatusRule, UnknownStatus
from cchc_model.model._kinds import StatusKind, _status_kind

__all__ = ["DEFAULT_RULES", "StatusRule", "StatusRules", "classify", "fold", "load_rules"]

if TYPE_CHECKING:
    DEFAULT_RULES: StatusRules  # read from its data file on first use (see __getattr__)
    from typing import TypeAlias

    #: What a reader's ``status_rules=`` takes: a table, the path of a rules file, or None.
    StatusRulesSource: TypeAlias = "StatusRules | str | os.PathLike[str] | None"

#: An unrecognised text is quoted in the error's reason up to this length.
_QUOTE_LIMIT = 120

#: What an unknown status error says to do next (issue 14).
ADD_A_PHRASE = (
    "to count it, add a phrase for one of the kinds ("
    + ", ".join(k.value for k in StatusKind)
    + ") to a rules file and read with status_rules=FILE, or in Python "
    'rules = DEFAULT_RULES.prepend(StatusRule("phrase", "kind")) (from cchc_model.model.status), '
    "then read with status_rules=rules"
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

    @property
    def fingerprint(self) -> str:
        """A short digest of the table: each rule's match, kind and phrase, in order.

        A file that stores the kinds beside the Tiến độ texts records it, so that a
        reader knows whether the kinds were classified with the rules it uses: only
        then can a kind that disagrees with its text be an edit (and is refused).

        >>> from cchc_model.model.status import DEFAULT_RULES
        >>> DEFAULT_RULES.fingerprint == StatusRules(list(DEFAULT_RULES)).fingerprint
        True
        >>> DEFAULT_RULES.prepend(StatusRule("Tạm dừng", "delayed")).fingerprint != (
        ...     DEFAULT_RULES.fingerprint)
        True
        """
        table = "\n".join(f"{r.match}\t{r.kind.value}\t{r.phrase}" for r in self.rules)
        return hashlib.sha256(table.encode()).hexdigest()[:16]

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

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> StatusRules:
        """The rules of a rules file, then (unless it says ``defaults = false``) the built-in ones.

        A JSON or TOML file (by its suffix; TOML needs Python 3.11 or ``tomli``)
        with a list ``rules``, each a table of ``phrase``, ``kind`` (a
        :class:`~cchc_model.StatusKind` value) and maybe ``match`` (``prefix``, the
        default, ``exact``, ``contains`` or ``regex``) and ``note`` (free text)::

            [[rules]]
            phrase = "Tạm dừng"
            kind = "delayed"

        Its rules are tried first, in order, so they win over the built-in table
        (``src/cchc_model/_data/status_rules.json``, which has the same form).

        :raises InvalidStatusRule: naming the file, the rule and what is wrong.
        """
        path = Path(path)
        try:
            document = _decode(path)
        except OSError as exc:
            raise InvalidStatusRule(
                f"cannot read the rules file {path}: {exc.strerror}", text=str(path)
            ) from None
        rules = _rules_from_document(document, str(path))
        defaults = document.get("defaults", True) if isinstance(document, dict) else True
        if not isinstance(defaults, bool):
            raise InvalidStatusRule(f"{path}: 'defaults' is true or false", text=str(path))
        return rules.append(*_default_rules()) if defaults else rules

    def prepend(self, *rules: StatusRule) -> StatusRules:
        """A new table with ``rules`` tried before these ones."""
        return StatusRules(rules + self.rules)

    def append(self, *rules: StatusRule) -> StatusRules:
        """A new table with ``rules`` tried after these ones."""
        return StatusRules(self.rules + rules)


#: The built-in phrase table, a data file that has the form of a user's rules file.
_DEFAULT_FILE = "status_rules.json"


@functools.cache
def _default_rules() -> StatusRules:
    from importlib import resources  # here, not at import: it costs ~10 ms to import

    data = resources.files("cchc_model").joinpath("_data").joinpath(_DEFAULT_FILE)
    return _rules_from_document(json.loads(data.read_text(encoding="utf-8")), _DEFAULT_FILE)


def __getattr__(name: str) -> object:
    # DEFAULT_RULES is read from its data file on first use, not at import.
    if name == "DEFAULT_RULES":
        return _default_rules()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_RULE_KEYS = frozenset({"phrase", "match", "kind", "note"})


def _rules_from_document(document: object, where: str) -> StatusRules:
    """The rules of a rules file already decoded (JSON or TOML): ``{"rules": [...]}``."""
    if not isinstance(document, dict) or not isinstance(document.get("rules"), list):
        raise InvalidStatusRule(
            f"{where}: a rules file has a list 'rules' of tables with 'phrase', 'kind' and"
            " maybe 'match' and 'note'",
            text=where,
        )
    rules = []
    for i, row in enumerate(document["rules"], start=1):
        place = f"{where}: rule {i}"
        if not isinstance(row, dict) or "phrase" not in row or "kind" not in row:
            raise InvalidStatusRule(f"{place} needs a 'phrase' and a 'kind'", text=repr(row))
        extra = set(row) - _RULE_KEYS
        if extra:
            raise InvalidStatusRule(
                f"{place} has unknown keys {sorted(extra)}: use phrase, match, kind and note",
                text=repr(row),
            )
        if not isinstance(row.get("note", ""), str):
            raise InvalidStatusRule(f"{place}: 'note' is text", text=repr(row))
        try:
            rules.append(StatusRule(row["phrase"], row["kind"], row.get("match", "prefix")))
        except InvalidStatusRule as exc:
            reason = f"{place}: {exc.reason}"
            raise InvalidStatusRule(reason, text=exc.text, span=exc.span) from None
    return StatusRules(rules)


def _decode(path: Path) -> object:
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".toml":
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            try:
                import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]  # Python 3.10 only
            except ModuleNotFoundError:
                raise InvalidStatusRule(
                    f"{path}: reading TOML needs Python 3.11 or the package tomli;"
                    " write the rules as JSON instead",
                    text=str(path),
                ) from None
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise InvalidStatusRule(f"{path}: not valid TOML: {exc}", text=str(path)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidStatusRule(
            f"{path}: not valid JSON (line {exc.lineno}): {exc.msg}", text=str(path)
        ) from None


def load_rules(source: StatusRulesSource) -> StatusRules:
    """The table a reader's ``status_rules=`` stands for.

    None is the built-in table; a :class:`StatusRules` is itself; a path is a
    rules file (:meth:`StatusRules.from_file`): its rules, then the built-in ones.
    """
    if source is None:
        return _default_rules()
    if isinstance(source, StatusRules):
        return source
    if isinstance(source, (str, os.PathLike)):
        return StatusRules.from_file(source)
    raise TypeError(
        "status rules are a StatusRules table, the path of a rules file or None,"
        f" not {type(source).__name__}"
    )


def classify(text: str, rules: StatusRules | None = None) -> StatusKind:
    """Classify a Tiến độ text with ``rules`` (default: the built-in table).

    >>> classify("Đã và đang thực hiện")
    <StatusKind.ONGOING: 'ongoing'>
    >>> classify("Thực hiện khi có KH, Hướng dẫn của huyện")
    <StatusKind.AWAITING_GUIDANCE: 'awaiting_guidance'>
    """
    return (rules or _default_rules()).classify(text)
