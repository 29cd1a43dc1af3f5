"""Official document numbers ("số, ký hiệu").

OWNED BY THE DOCUMENT-NUMBER WORK (issue 3): this first version only fixes the
shape of :class:`DocumentRef` so the rest of the model can be built on it.
"""

from __future__ import annotations

import datetime as _dt
import enum

import attrs

__all__ = ["DocumentRef", "DocumentStyle"]


class DocumentStyle(str, enum.Enum):
    """How a document number is laid out."""

    ADMINISTRATIVE = "administrative"  # 63/KH-UBND (Nghị định 30/2020/NĐ-CP)
    LEGAL = "legal"  # 30/2020/NĐ-CP, 80/2015/QH13 (Luật Ban hành VBQPPL)
    PARTY = "party"  # 27-NQ/ĐU (Quy định 66-QĐ/TW)
    CONG_VAN = "cong_van"  # 123/UBND-VP: no type code


@attrs.frozen(kw_only=True)
class DocumentRef:
    """One official document reference."""

    number: int | None
    type_code: str | None
    issuer: str | None
    style: DocumentStyle = DocumentStyle.ADMINISTRATIVE
    year: int | None = None
    unit: str | None = None
    issued_on: _dt.date | None = None
    subject: str | None = None
    source: str = attrs.field(default="", eq=False, order=False)
