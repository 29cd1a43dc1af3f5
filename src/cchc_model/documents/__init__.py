r"""Official document numbers ("số, ký hiệu"): parse one, find them all in free text.

A :class:`DocumentRef` is one reference to an official document, read exactly
from its citation; :func:`find_document_refs` finds every reference in messy text
(table cells extracted from a PDF, line breaks anywhere)::

    >>> from cchc_model.documents import DocumentRef, find_document_refs
    >>> ref = DocumentRef.parse("Kế hoạch số 63/KH-UBND ngày 30/12/2022 về cải cách hành chính")
    >>> ref.symbol, ref.type_name, ref.issued_on
    ('63/KH-UBND', 'Kế hoạch', datetime.date(2022, 12, 30))
    >>> str(ref)
    'Kế hoạch số 63/KH-UBND ngày 30/12/2022 về cải cách hành chính'
    >>> text = "Thông báo số 09/TB-\nUBND ngày 08/3/2023; chỉ số 20/25"
    >>> [m.ref.symbol for m in find_document_refs(text)]
    ['09/TB-UBND']

The four layouts (:class:`DocumentStyle`)::

    >>> for text in ["63/KH-UBND", "30/2020/NĐ-CP", "27-NQ/ĐU", "123/UBND-VP", "80/2015/QH13"]:
    ...     r = DocumentRef.parse(text)
    ...     print(f"{r.symbol:14} {r.style.value:14}", r.type_code, r.issuer, r.year, r.unit)
    63/KH-UBND     administrative KH UBND None None
    30/2020/NĐ-CP  legal          NĐ CP 2020 None
    27-NQ/ĐU       party          NQ ĐU None None
    123/UBND-VP    cong_van       None UBND None VP
    80/2015/QH13   legal          None QH13 2015 None

Joint issuers are kept as printed, codes joined by ``-``; :attr:`DocumentRef.issuers`
splits them::

    >>> DocumentRef.parse("55/2005/TTLT-BNV-VPCP").issuers
    ('BNV', 'VPCP')
"""

from cchc_model.documents._dates import parse_date
from cchc_model.documents._match import DocumentMatch, find_document_refs
from cchc_model.documents._ref import DocumentRef, DocumentStyle

__all__ = ["DocumentMatch", "DocumentRef", "DocumentStyle", "find_document_refs", "parse_date"]
