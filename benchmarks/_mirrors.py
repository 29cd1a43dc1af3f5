"""Mirror models of the plan in pydantic v2 and msgspec, for the JSON benchmark.

Same fields, same nesting, same types (dates as ISO strings, enums as their
values); each library validates on the way in, as cchc-model does. Only the
benchmark imports these (the ``bench`` extra installs pydantic and msgspec).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import msgspec
import pydantic


class PydanticDocumentRef(pydantic.BaseModel):
    number: int | None
    type_code: str | None
    issuer: str | None
    style: str = "administrative"
    year: int | None = None
    unit: str | None = None
    issued_on: dt.date | None = None
    subject: str | None = None
    source: str = ""


class PydanticStatus(pydantic.BaseModel):
    kind: str
    text: str = ""


class PydanticActivity(pydantic.BaseModel):
    number: int
    label: str = ""
    text: str
    status: PydanticStatus
    products: str = ""
    documents: tuple[PydanticDocumentRef, ...] = ()
    explanation: str = ""
    note: str = ""


class PydanticTask(pydantic.BaseModel):
    title: str
    activities: tuple[PydanticActivity, ...]


class PydanticSection(pydantic.BaseModel):
    numeral: str
    title: str
    tasks: tuple[PydanticTask, ...]


class PydanticPublished(pydantic.BaseModel):
    tasks_total: int | None = None
    tasks_completed: int | None = None
    tasks_percent: int | None = None
    activities_total: int | None = None
    activities_completed: int | None = None
    activities_percent: int | None = None
    activities_in_progress: int | None = None
    activities_not_due: int | None = None
    text: str = ""


class PydanticPlan(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(frozen=True)

    title: str
    issuer: str = ""
    year: int | None = None
    reference: PydanticDocumentRef | None = None
    report: PydanticDocumentRef | None = None
    sections: tuple[PydanticSection, ...]
    published: PydanticPublished | None = None


class MsgDocumentRef(msgspec.Struct, frozen=True, kw_only=True):
    number: int | None
    type_code: str | None
    issuer: str | None
    style: str = "administrative"
    year: int | None = None
    unit: str | None = None
    issued_on: dt.date | None = None
    subject: str | None = None
    source: str = ""


class MsgStatus(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    text: str = ""


class MsgActivity(msgspec.Struct, frozen=True, kw_only=True):
    number: int
    label: str = ""
    text: str
    status: MsgStatus
    products: str = ""
    documents: tuple[MsgDocumentRef, ...] = ()
    explanation: str = ""
    note: str = ""


class MsgTask(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    activities: tuple[MsgActivity, ...]


class MsgSection(msgspec.Struct, frozen=True, kw_only=True):
    numeral: str
    title: str
    tasks: tuple[MsgTask, ...]


class MsgPublished(msgspec.Struct, frozen=True, kw_only=True):
    tasks_total: int | None = None
    tasks_completed: int | None = None
    tasks_percent: int | None = None
    activities_total: int | None = None
    activities_completed: int | None = None
    activities_percent: int | None = None
    activities_in_progress: int | None = None
    activities_not_due: int | None = None
    text: str = ""


class MsgPlan(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    issuer: str = ""
    year: int | None = None
    reference: MsgDocumentRef | None = None
    report: MsgDocumentRef | None = None
    sections: tuple[MsgSection, ...]
    published: MsgPublished | None = None


_ENCODER = msgspec.json.Encoder()
_DECODER = msgspec.json.Decoder(MsgPlan)


def msgspec_plan(document: dict[str, Any]) -> MsgPlan:
    return msgspec.convert(document, MsgPlan)


def msgspec_round_trip(plan: MsgPlan) -> MsgPlan:
    return _DECODER.decode(_ENCODER.encode(plan))
