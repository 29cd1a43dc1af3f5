"""Finding references in free text: ``find_document_refs`` and ``DocumentMatch``, and
the ``documents`` an activity derives from its products."""

from __future__ import annotations

import attrs

from cchc_model.documents._ref import DocumentRef, _new_object
from cchc_model.documents._scan import find

__all__ = ["DocumentMatch", "find_document_refs"]


@attrs.frozen(kw_only=True)
class DocumentMatch:
    """A reference found in free text, and where: ``text[span[0]:span[1]] == ref.source``."""

    ref: DocumentRef
    span: tuple[int, int]


_set_match_ref, _set_match_span = (DocumentMatch.__dict__[name].__set__ for name in ("ref", "span"))


def find_document_refs(text: str) -> list[DocumentMatch]:
    """Every numbered document reference in ``text``, in order, with its span.

    Line breaks may fall anywhere (inside a symbol "09/TB-⏎UBND", inside a date);
    the type name in front, the date and a "về ..." subject belong to the match.
    The word "số" in prose ("chỉ số", "Tổng số 25"), fractions ("20/25") and
    documents named without a number are not references. Never raises on a
    ``str``; for each match, ``DocumentRef.parse(match.ref.source) == match.ref``.

    >>> text = ("Nghị quyết kỳ họp thứ 5; Quyết định số 10/QĐ-\\nUBND ngày 11/01/2023"
    ...         " về dự toán; QĐ số 18/QĐ-BCĐ")
    >>> for m in find_document_refs(text):
    ...     print(m.span, m.ref)
    (25, 77) Quyết định số 10/QĐ-UBND ngày 11/01/2023 về dự toán
    (79, 94) Quyết định số 18/QĐ-BCĐ
    """
    if not isinstance(text, str):
        raise TypeError(f"find_document_refs() takes a str, got {type(text).__name__}")
    matches = []
    for parts in find(text):
        start, end = span = parts[8], parts[9]
        match = _new_object(DocumentMatch)
        _set_match_ref(match, DocumentRef._trusted(parts, text[start:end]))
        _set_match_span(match, span)
        matches.append(match)
    return matches


def refs_in(text: str) -> tuple[DocumentRef, ...]:
    """The references in ``text``, without their spans: the ``documents`` of an
    activity whose products are ``text`` (the one rule every reader applies)."""
    if not text:
        return ()
    return tuple(DocumentRef._trusted(parts, text[parts[8] : parts[9]]) for parts in find(text))
