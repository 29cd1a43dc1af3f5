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

The pydantic mirror has the same fields, types and nesting as the library's
JSON form, the checks that can be said in its own terms (exact types, no
unknown keys, positive activity numbers, non-blank titles and texts, at least
one task per section and one activity per task, the envelope's format and
version, activity numbers that increase through the plan) and derives what the
library derives: reading, it classifies each Tiến độ text with the library's
status rules (each distinct text once per call, as the library does) and lets
the text win over a kind without ``"override": true``; writing, it marks
``"override": true`` where the rules give another kind. Like the library's
reader, it does not build the output-only ``documents`` into objects (it keeps
them as plain JSON values). The msgspec mirror, for reference, checks shapes
only: it classifies nothing.

Timed: the round trip ``loads(dumps(plan))`` of a plan in memory (the issue's
target), ``loads(text)`` alone, and ``dumps(loads(text))`` of a file's text (a
conversion). In both, the library's writer finds the documents in the products
texts (``Activity.documents`` is derived on each access, not kept); the mirrors
write the documents they hold.
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

import _synthetic
import msgspec
import pydantic

import cchc_model
from cchc_model import Plan
from cchc_model.errors import UnknownStatus
from cchc_model.model.status import DEFAULT_RULES

# --------------------------------------------------------------------------- #
# The synthetic plan
# --------------------------------------------------------------------------- #


def synthetic_plan(activities: int = 10_000, seed: int = 2023) -> Plan:
    """One plan of ``activities`` activities, built as ``benchmarks/_synthetic.py``
    builds the plans of the other benchmarks (products citing 1.37 documents per
    activity on average)."""
    return _synthetic.synthetic_plan(0, activities, random.Random(seed))


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


def _kind_of(memo: dict[str, str | None], text: str) -> str | None:
    """The kind the library's rules give ``text`` (None: none), each text once per call."""
    try:
        return memo[text]
    except KeyError:
        pass
    try:
        kind: str | None = DEFAULT_RULES.classify(text).value
    except UnknownStatus:
        kind = None
    memo[text] = kind
    return kind


class PStatus(pydantic.BaseModel):
    model_config = _CONFIG
    kind: Kind
    text: str = ""
    override: bool = pydantic.Field(default=False, exclude=True)

    @pydantic.model_validator(mode="after")
    def _text_is_the_source(self, info: pydantic.ValidationInfo) -> PStatus:
        if self.override:
            return self
        kind = _kind_of(info.context["read"], self.text)
        if kind is None:
            raise ValueError(f"no status rule matches {self.text!r}")
        return self if kind == self.kind else self.model_copy(update={"kind": kind})

    @pydantic.model_serializer(mode="wrap")
    def _mark_overrides(
        self, handler: pydantic.SerializerFunctionWrapHandler, info: pydantic.SerializationInfo
    ) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        if _kind_of(info.context["write"], self.text) != self.kind:
            data["override"] = True
        return data


class PActivity(pydantic.BaseModel):
    model_config = _CONFIG
    number: Annotated[int, pydantic.Field(ge=1)]
    label: str = ""
    text: Text
    status: PStatus
    products: str = ""
    explanation: str = ""
    note: str = ""
    documents: tuple[Any, ...] = pydantic.Field(default=(), strict=False)  # output only


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
    activities_overdue: int | None = None
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
    version: Literal[2]
    status_rules: str
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
    override: bool = False


class MActivity(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    number: Annotated[int, msgspec.Meta(ge=1)]
    text: MText
    status: MStatus
    label: str = ""
    products: str = ""
    explanation: str = ""
    note: str = ""
    documents: tuple[MDocumentRef, ...] = ()


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
    activities_overdue: int | None = None
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
    version: Literal[2]
    status_rules: str
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


def round_trips(plan: Plan) -> dict[str, dict[str, Callable[[], Any]]]:
    """The calls to time, by round trip and library, all on the same plan."""
    text = cchc_model.dumps(plan, format="json")
    assert cchc_model.loads(text, format="json") == plan

    # Each mirror is built from the library's own JSON, so all three hold the same data.
    def p_loads(data: str) -> PEnvelope:
        return PEnvelope.model_validate_json(data, context={"read": {}})

    def p_dumps(model: PEnvelope) -> str:
        return model.model_dump_json(context={"write": {}})

    p_model = p_loads(text)
    assert p_loads(p_dumps(p_model)) == p_model
    assert json.loads(p_dumps(p_model)) == json.loads(text)
    decoder = msgspec.json.Decoder(MEnvelope)
    m_model = decoder.decode(text)
    assert decoder.decode(msgspec.json.encode(m_model)) == m_model
    lib_loads = cchc_model.loads
    lib_dumps = cchc_model.dumps
    return {
        "loads(dumps(plan))": {
            "cchc_model": lambda: lib_loads(lib_dumps(plan, format="json"), format="json"),
            "pydantic v2": lambda: p_loads(p_dumps(p_model)),
            "msgspec": lambda: decoder.decode(msgspec.json.encode(m_model)),
        },
        "loads(text)": {
            "cchc_model": lambda: lib_loads(text, format="json"),
            "pydantic v2": lambda: p_loads(text),
            "msgspec": lambda: decoder.decode(text),
        },
        "dumps(loads(text))": {
            "cchc_model": lambda: lib_dumps(lib_loads(text, format="json"), format="json"),
            "pydantic v2": lambda: p_dumps(p_loads(text)),
            "msgspec": lambda: msgspec.json.encode(decoder.decode(text)),
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)

    plan = synthetic_plan(args.activities)
    text = cchc_model.dumps(plan, format="json")
    print(
        f"JSON round trips of a {args.activities:,}-activity plan "
        f"({len(text.encode()) / 1e6:.1f} MB), best of {args.repeat}, interleaved"
    )
    print(
        f"Python {platform.python_version()}, cattrs {_version('cattrs')}, "
        f"pydantic {pydantic.VERSION}, msgspec {msgspec.__version__}"
    )
    for trip, calls in round_trips(plan).items():
        for gc_paused, title in (
            (True, "garbage collector paused during each call (as benchmarks/run.py)"),
            (False, "garbage collector running"),
        ):
            results = interleaved(args.repeat, calls, gc_paused=gc_paused)
            base = results["pydantic v2"]
            print(f"  {trip}, {title}:")
            for name, seconds in results.items():
                print(f"    {name:22} {seconds * 1000:8.1f} ms   {seconds / base:5.2f}x pydantic")

    # Where the library's time goes (garbage collector paused).
    from cchc_model.formats.converters import structure_plan, to_document

    document = json.loads(text)
    body = document["plan"]
    parts = {
        "model -> dicts": lambda: to_document(plan),
        "dicts -> JSON text": lambda: json.dumps(document, ensure_ascii=False),
        "json.loads": lambda: json.loads(text),
        "dicts -> validated model": lambda: structure_plan(body),
    }
    print("  cchc_model, by step (garbage collector paused):")
    for name, call in parts.items():
        seconds = best_of(args.repeat, call)
        print(f"    {name:26} {seconds * 1000:8.1f} ms")
    return 0


def _version(name: str) -> str:
    from importlib.metadata import version

    return version(name)


if __name__ == "__main__":
    sys.exit(main())
