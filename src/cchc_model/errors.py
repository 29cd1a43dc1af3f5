"""The library's exceptions.

Every error raised on bad input is a subclass of :class:`CCHCError`; the ones about
a malformed value are also a :class:`ValueError`, so code that already catches
``ValueError`` keeps working. Errors carry the offending ``text``, the ``span``
inside it and a ``reason``; ``str(error)`` quotes the text with a caret line
under the span::

    >>> from cchc_model.errors import InvalidDocumentRef
    >>> text = "Kế hoạch số ngày 30/12/2022"
    >>> err = InvalidDocumentRef("no symbol after 'số'", text=text, span=(9, 11))
    >>> print(err)
    no symbol after 'số'
        Kế hoạch số ngày 30/12/2022
                 ^^
    >>> err.text, err.span, err.reason
    ('Kế hoạch số ngày 30/12/2022', (9, 11), "no symbol after 'số'")

Errors survive pickling, so they cross process boundaries intact.
"""

from __future__ import annotations

__all__ = [
    "CCHCError",
    "FormatError",
    "InvalidDate",
    "InvalidDocumentRef",
    "InvalidPlan",
    "InvalidStatusRule",
    "UnknownFormat",
    "UnknownStatus",
]

# Show at most this many characters of the offending text around the span.
_WINDOW = 100


class CCHCError(Exception):
    """Base class of every error cchc_model raises on purpose.

    :param reason: what is wrong, in one sentence.
    :param text: the offending source text, when there is one.
    :param span: ``(start, end)`` of the offending part inside ``text``.
    :param where: where the text came from (a file and line, an activity
        number, a field name, ...), when known.
    """

    def __init__(
        self,
        reason: str,
        *,
        text: str | None = None,
        span: tuple[int, int] | None = None,
        where: str | None = None,
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.text = text
        self.span = span
        self.where = where

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are not restored by the default pickling of
        # exceptions; rebuild through a helper that passes them back.
        return (
            _rebuild,
            (type(self), self.reason, self.text, self.span, self.where),
        )

    def __str__(self) -> str:
        lines = [self.reason if self.where is None else f"{self.where}: {self.reason}"]
        if self.text is not None:
            text, span = self.text, self.span
            offset = 0
            if len(text) > _WINDOW:
                centre = span[0] if span is not None else 0
                offset = max(0, min(centre - _WINDOW // 2, len(text) - _WINDOW))
                text = text[offset : offset + _WINDOW]
            # Line breaks would break the caret alignment: show them as a symbol.
            shown = text.replace("\r", "␍").replace("\n", "⏎").replace("\t", " ")
            lines.append(f"    {shown}")
            if span is not None:
                start = max(0, span[0] - offset)
                end = max(start + 1, min(span[1] - offset, len(shown)))
                lines.append("    " + " " * start + "^" * (end - start))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.reason!r}, text={self.text!r}, "
            f"span={self.span!r}, where={self.where!r})"
        )


def _rebuild(
    cls: type[CCHCError],
    reason: str,
    text: str | None,
    span: tuple[int, int] | None,
    where: str | None,
) -> CCHCError:
    return cls(reason, text=text, span=span, where=where)


class InvalidDocumentRef(CCHCError, ValueError):
    """A text is not a valid official document number ("số, ký hiệu")."""


class InvalidDate(CCHCError, ValueError):
    """A text is not a whole date (day, month and four-digit year) that exists.

    >>> from cchc_model.documents import parse_date
    >>> try:
    ...     parse_date("31/02/2023")
    ... except InvalidDate as err:
    ...     print(err.reason)
    impossible date '31/02/2023': month 2 of 2023 has 28 days
    """


class UnknownStatus(CCHCError, ValueError):
    """A Tiến độ text matches no status rule."""


class InvalidStatusRule(CCHCError, ValueError):
    """A status rule is malformed (unknown kind or match mode, empty phrase, bad regex).

    >>> from cchc_model.model.status import StatusRule
    >>> try:
    ...     StatusRule("(xong", "completed", "regex")
    ... except InvalidStatusRule as err:
    ...     print(err.reason)
    the rule's regular expression is invalid: missing ), unterminated subpattern
    """


class InvalidPlan(CCHCError, ValueError):
    """A plan, section, task or activity breaks an invariant of the model."""


class FormatError(CCHCError, ValueError):
    """Serialized data (JSON, CSV, ...) cannot be read into the model."""


class UnknownFormat(CCHCError, LookupError):
    """A serialization format name is not registered."""
