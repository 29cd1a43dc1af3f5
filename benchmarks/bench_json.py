"""JSON round trip of a 10,000-activity plan: cchc_model against pydantic v2 and msgspec mirrors.

Run with ``make bench`` (or ``python benchmarks/bench_json.py`` after
``pip install -e '.[bench]'``). Each library starts from its own in-memory
model of the same plan, writes JSON text and reads it back into its model; the
best of ``--repeat`` rounds is reported, all in the same process, the three
taking turns in each round, each call starting from a collected heap. Times are
given with the garbage collector paused during each call (how
``benchmarks/run.py`` times, the steadier figure) and running (what a program
sees: a full collection, whose cost grows with everything the process holds,
falls into some calls and not others).

The mirrors have the same fields, types and nesting as the library's JSON form
and the checks that can be said in their own terms: exact types (no coercion of
"1" to 1), no unknown keys, positive activity numbers, non-blank titles and
texts, at least one task per section and one activity per task, the envelope's
format and version, and (pydantic: a model validator) activity numbers that
increase through the plan.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import random
import sys
import time
from collections.abc import Callable
from typing import Annotated, Any, Literal

import msgspec
import pydantic

import cchc_model
from cchc_model import Activity, DocumentRef, Plan, Section, Status, StatusKind, Task

# --------------------------------------------------------------------------- #
# The synthetic plan
# --------------------------------------------------------------------------- #

PHRASES = (
    ("Hoàn thành", StatusKind.COMPLETED, 60),
    ("Hoàn thành báo cáo quý\n1, 6 tháng", StatusKind.COMPLETED, 10),
    ("Đã và đang thực hiện", StatusKind.ONGOING, 8),
    ("Đang triển khai thực hiện", StatusKind.IN_PROGRESS, 14),
    ("Chưa đến thời điểm thực hiện", StatusKind.NOT_DUE, 4),
    ("Thực hiện khi có KH, Hướng dẫn của huyện", StatusKind.AWAITING_GUIDANCE, 2),
    ("Chậm tiến độ", StatusKind.DELAYED, 2),
)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
TEXT = "Xây dựng, ban hành Kế hoạch rà soát, đánh giá thủ tục hành chính năm 2023 trên địa bàn xã"
PRODUCTS = "Kế hoạch số {n}/KH-UBND ngày 30/12/2022 về cải cách hành chính năm 2023"


def synthetic_plan(activities: int = 10_000, seed: int = 2023) -> Plan:
    """Seven sections, tasks of one to three activities; a third cite a document."""
    rnd = random.Random(seed)
    phrases = [(p, k) for p, k, w in PHRASES for _ in range(w)]
    per_section = [activities // 7 + (i < activities % 7) for i in range(7)]
    number = 1
    sections = []
    for s, count in enumerate(per_section):
        tasks, left = [], count
        while left:
            size = min(left, rnd.randint(1, 3))
            acts = []
            for _ in range(size):
                phrase, kind = rnd.choice(phrases)
                docs: tuple[DocumentRef, ...] = ()
                if number % 3 == 0:
                    docs = (
                        DocumentRef(
                            number=number % 900 + 1,
                            type_code="KH",
                            issuer="UBND",
                            issued_on=dt.date(2023, 1 + number % 12, 1 + number % 28),
                            subject="cải cách hành chính năm 2023",
                            source=PRODUCTS.format(n=number % 900 + 1),
                        ),
                    )
                acts.append(
                    Activity(
                        number=number,
                        label=f"{number}. Hoạt động {number}",
                        text=f"{TEXT} ({number})",
                        status=Status(kind=kind, text=phrase),
                        products=PRODUCTS.format(n=number % 900 + 1) if docs else "",
                        documents=docs,
                        explanation="" if kind is not StatusKind.DELAYED else "Chờ hướng dẫn",
                        note="",
                    )
                )
                number += 1
            tasks.append(Task(title=f"Nhiệm vụ {s + 1}.{len(tasks) + 1}: {TEXT}", activities=acts))
            left -= size
        sections.append(Section(numeral=ROMAN[s], title=TEXT, tasks=tasks))
    return Plan(title="Kế hoạch CCHC năm 2023", issuer="UBND xã", year=2023, sections=sections)


# --------------------------------------------------------------------------- #
# pydantic v2 mirror
# --------------------------------------------------------------------------- #

Kind = Literal[
    "completed", "ongoing", "in_progress", "not_due", "awaiting_guidance", "not_started", "delayed"
]
Style = Literal["administrative", "legal", "party", "cong_van"]
Text = Annotated[str, pydantic.StringConstraints(pattern=r"\S")]
_CONFIG = pydantic.ConfigDict(extra="forbid", frozen=True, strict=True)


class PDocumentRef(pydantic.BaseModel):
    model_config = _CONFIG
    number: int | None
    type_code: str | None
    issuer: str | None
    style: Style = "administrative"
    year: int | None = None
    unit: str | None = None
    issued_on: dt.date | None = pydantic.Field(default=None, strict=False)
    subject: str | None = None
    source: str = ""


class PStatus(pydantic.BaseModel):
    model_config = _CONFIG
    kind: Kind
    text: str = ""


class PActivity(pydantic.BaseModel):
    model_config = _CONFIG
    number: Annotated[int, pydantic.Field(ge=1)]
    label: str = ""
    text: Text
    status: PStatus
    products: str = ""
    documents: tuple[PDocumentRef, ...] = pydantic.Field(default=(), strict=False)
    explanation: str = ""
    note: str = ""


class PTask(pydantic.BaseModel):
    model_config = _CONFIG
    title: Text
    activities: tuple[PActivity, ...] = pydantic.Field(min_length=1, strict=False)


class PSection(pydantic.BaseModel):
    model_config = _CONFIG
    numeral: Text
    title: Text
    tasks: tuple[PTask, ...] = pydantic.Field(min_length=1, strict=False)


class PPublished(pydantic.BaseModel):
    model_config = _CONFIG
    tasks_total: int | None = None
    tasks_completed: int | None = None
    tasks_percent: int | None = None
    activities_total: int | None = None
    activities_completed: int | None = None
    activities_percent: int | None = None
    activities_in_progress: int | None = None
    activities_not_due: int | None = None
    text: str = ""


class PPlan(pydantic.BaseModel):
    model_config = _CONFIG
    title: Text
    issuer: str = ""
    year: int | None = None
    reference: PDocumentRef | None = None
    report: PDocumentRef | None = None
    sections: tuple[PSection, ...] = pydantic.Field(strict=False)
    published: PPublished | None = None

    @pydantic.model_validator(mode="after")
    def _increasing(self) -> PPlan:
        previous = 0
        for s in self.sections:
            for t in s.tasks:
                for a in t.activities:
                    if a.number <= previous:
                        raise ValueError(f"activity {a.number} follows {previous}")
                    previous = a.number
        return self


class PEnvelope(pydantic.BaseModel):
    model_config = _CONFIG
    format: Literal["cchc-model/plan"]
    version: Literal[1]
    plan: PPlan


# --------------------------------------------------------------------------- #
# msgspec mirror
# --------------------------------------------------------------------------- #

MText = Annotated[str, msgspec.Meta(pattern=r"\S")]


class MDocumentRef(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    number: int | None
    type_code: str | None
    issuer: str | None
    style: Style = "administrative"
    year: int | None = None
    unit: str | None = None
    issued_on: dt.date | None = None
    subject: str | None = None
    source: str = ""


class MStatus(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    kind: Kind
    text: str = ""


class MActivity(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    number: Annotated[int, msgspec.Meta(ge=1)]
    text: MText
    status: MStatus
    label: str = ""
    products: str = ""
    documents: tuple[MDocumentRef, ...] = ()
    explanation: str = ""
    note: str = ""


class MTask(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: MText
    activities: Annotated[tuple[MActivity, ...], msgspec.Meta(min_length=1)]


class MSection(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    numeral: MText
    title: MText
    tasks: Annotated[tuple[MTask, ...], msgspec.Meta(min_length=1)]


class MPublished(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    tasks_total: int | None = None
    tasks_completed: int | None = None
    tasks_percent: int | None = None
    activities_total: int | None = None
    activities_completed: int | None = None
    activities_percent: int | None = None
    activities_in_progress: int | None = None
    activities_not_due: int | None = None
    text: str = ""


class MPlan(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    title: MText
    sections: tuple[MSection, ...]
    issuer: str = ""
    year: int | None = None
    reference: MDocumentRef | None = None
    report: MDocumentRef | None = None
    published: MPublished | None = None


class MEnvelope(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    format: Literal["cchc-model/plan"]
    version: Literal[1]
    plan: MPlan


# --------------------------------------------------------------------------- #
# The run
# --------------------------------------------------------------------------- #


def best_of(repeat: int, call: Callable[[], Any], *, gc_paused: bool = True) -> float:
    """The best time of ``repeat`` calls, each from a collected heap; with
    ``gc_paused`` the cyclic garbage collector is off during the call (as
    ``benchmarks/run.py`` times), otherwise it runs as it would in a program."""
    return min(_one(call, gc_paused) for _ in range(repeat))


def _one(call: Callable[[], Any], gc_paused: bool) -> float:
    gc.collect()
    if gc_paused:
        gc.disable()
    try:
        start = time.perf_counter()
        call()
        return time.perf_counter() - start
    finally:
        gc.enable()


def interleaved(
    repeat: int, calls: dict[str, Callable[[], Any]], *, gc_paused: bool
) -> dict[str, float]:
    """The best of ``repeat`` rounds for each call, the calls taking turns in
    each round, so that a busy moment of the machine falls on all of them."""
    times: dict[str, list[float]] = {name: [] for name in calls}
    for _ in range(repeat):
        for name, call in calls.items():
            times[name].append(_one(call, gc_paused))
    return {name: min(t) for name, t in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    plan = synthetic_plan(args.activities)
    text = cchc_model.dumps(plan, format="json")
    assert cchc_model.loads(text, format="json") == plan

    # Each mirror is built from the library's own JSON, so all three hold the same data.
    p_model = PEnvelope.model_validate_json(text)
    assert PEnvelope.model_validate_json(p_model.model_dump_json()) == p_model
    decoder = msgspec.json.Decoder(MEnvelope)
    m_model = decoder.decode(text)
    assert decoder.decode(msgspec.json.encode(m_model)) == m_model

    def ours() -> None:
        cchc_model.loads(cchc_model.dumps(plan, format="json"), format="json")

    def pyd() -> None:
        PEnvelope.model_validate_json(p_model.model_dump_json())

    def msg() -> None:
        decoder.decode(msgspec.json.encode(m_model))

    calls = {"cchc_model": ours, "pydantic v2": pyd, "msgspec": msg}
    print(
        f"JSON round trip (dumps + loads) of a {args.activities:,}-activity plan "
        f"({len(text.encode()) / 1e6:.1f} MB), best of {args.repeat}, interleaved"
    )
    print(
        f"Python {platform.python_version()}, cattrs {_version('cattrs')}, "
        f"pydantic {pydantic.VERSION}, msgspec {msgspec.__version__}"
    )
    for gc_paused, title in (
        (True, "garbage collector paused during each call (as benchmarks/run.py)"),
        (False, "garbage collector running"),
    ):
        results = interleaved(args.repeat, calls, gc_paused=gc_paused)
        base = results["pydantic v2"]
        print(f"  {title}:")
        for name, seconds in results.items():
            print(f"    {name:22} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}x pydantic")

    # Where the library's time goes (garbage collector paused).
    from cchc_model._formats import _fastjson

    body = json.loads(text)["plan"]
    parts = {
        "model -> JSON text": lambda: _fastjson.dumps(plan, ensure_ascii=False),
        "json.loads": lambda: json.loads(text),
        "dicts -> validated model": lambda: _fastjson.structure(body),
    }
    print("  cchc_model, by step (garbage collector paused):")
    for name, call in parts.items():
        seconds = best_of(args.repeat, call)
        print(f"    {name:24} {seconds * 1000:8.1f} ms")
    return 0


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    sys.exit(main())
