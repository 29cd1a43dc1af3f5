"""Fuzzing and safety (issue 7).

Properties, for every parser and loader of the library:

* only the library's own errors (:class:`~cchc_model.errors.CCHCError` subclasses)
  escape, whatever the input;
* adversarial inputs of 1 MB finish (no regex backtracking blow-up, no
  quadratic loop, no deep recursion): within a hang guard here, within the
  issue's one second under ``make fuzz``, and timed by ``make bench``;
* whatever loads successfully round-trips.

These run bounded inside ``make test``; ``make fuzz`` runs the same properties
with the ``fuzz`` hypothesis profile, round after round (see docs/performance.md).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cchc_model import DocumentRef, Plan, Status, StatusKind, find_document_refs, formats
from cchc_model.errors import CCHCError, FormatError, UnknownStatus
from cchc_model.formats import _registry
from cchc_model.formats.converters import from_document, to_document
from cchc_model.model.status import DEFAULT_RULES

from .adversarial import ADVERSARIAL, MB
from .strategies import hostile_text, json_values, plans

SRC = Path(__file__).resolve().parents[1] / "src" / "cchc_model"
#: How long a 1 MB adversarial input may take, in CPU seconds. The issue's bound
#: is one second; that is a performance figure, which ``make bench`` measures for
#: every target and input (docs/performance.md) and ``make fuzz`` asserts. In
#: ``make test`` on a shared machine the tests only guard against a hang: a
#: regular expression that backtracks, a quadratic scan or unbounded recursion
#: takes minutes to hours on 1 MB, far beyond this guard.
BOUND = 1.0 if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else 15.0

# Fixtures are module-scoped (looked up once); hypothesis forbids function-scoped ones.
FIXTURES_OK = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def parse() -> Callable[[str], Any]:
    return DocumentRef.parse


@pytest.fixture(scope="module")
def find_refs() -> Callable[[str], Any]:
    return find_document_refs


@pytest.fixture(scope="module")
def serialization() -> Any:
    return formats


FORMATS = sorted(formats.available_formats())


@pytest.fixture(params=FORMATS, scope="module")
def fmt(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _timed(call: Callable[[], object]) -> tuple[float, object]:
    """Run ``call``; return the CPU seconds it took and its result or library error."""
    start = time.process_time()
    try:
        result: object = call()
    except CCHCError as exc:
        result = exc
    return time.process_time() - start, result


# --------------------------------------------------------------------------- #
# Document numbers (issue 3)
# --------------------------------------------------------------------------- #


@FIXTURES_OK
@given(hostile_text())
def test_parse_raises_only_library_errors_and_round_trips(
    parse: Callable[[str], Any], text: str
) -> None:
    try:
        ref = parse(text)
    except CCHCError:
        return
    assert parse(str(ref)) == ref


@FIXTURES_OK
@given(hostile_text())
def test_find_document_refs_never_raises(find_refs: Callable[[str], Any], text: str) -> None:
    found = list(find_refs(text))
    for item in found:
        span = getattr(item, "span", None)
        if span is not None:
            start, end = span
            assert 0 <= start <= end <= len(text)


# --------------------------------------------------------------------------- #
# Status classification
# --------------------------------------------------------------------------- #


@given(hostile_text())
def test_status_classifier_raises_only_library_errors(text: str) -> None:
    try:
        kind = DEFAULT_RULES.classify(text)
    except CCHCError:
        return
    assert isinstance(kind, StatusKind)
    # Classification is a function of the text: the same text, the same kind,
    # also through Status.parse, and through any whitespace layout of it.
    assert Status.parse(text).kind is kind
    assert DEFAULT_RULES.classify("\n ".join(text.split())) is kind


# --------------------------------------------------------------------------- #
# The JSON form (converters) and every registered loads format (issue 4)
# --------------------------------------------------------------------------- #


@given(json_values())
def test_from_document_raises_only_format_errors(value: object) -> None:
    for document in (value, {"format": "cchc-model/plan", "version": 1, "plan": value}):
        try:
            plan = from_document(document)
        except (FormatError, UnknownStatus):  # a Tiến độ text no rule classifies
            continue
        assert from_document(to_document(plan)) == plan


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


def _replace(node: Any, path: tuple[Any, ...], value: Any, delete: bool) -> Any:
    if not path:
        return value
    head, rest = path[0], path[1:]
    copy = dict(node) if isinstance(node, dict) else list(node)
    if delete and not rest:
        del copy[head]
    else:
        copy[head] = _replace(node[head], rest, value, delete)
    return copy


@given(plans(max_sections=2, max_tasks=2, max_activities=2), st.data())
def test_mutated_documents_raise_only_format_errors(plan: Plan, data: st.DataObject) -> None:
    document = to_document(plan)
    for _ in range(data.draw(st.integers(1, 3), label="mutations")):
        paths = [p for p in _paths(document) if p]
        path = data.draw(st.sampled_from(paths), label="path")
        delete = data.draw(st.booleans(), label="delete")
        document = _replace(document, path, data.draw(json_values(4), label="value"), delete)
    try:
        loaded = from_document(document)
    except (FormatError, UnknownStatus):  # a Tiến độ text no rule classifies
        return
    assert from_document(to_document(loaded)) == loaded


def _loads(serialization: Any, data: str | bytes, fmt: str) -> Any:
    return serialization.loads(data, format=fmt)


@FIXTURES_OK
@given(hostile_text(), st.booleans())
def test_loads_raises_only_library_errors(
    serialization: Any, fmt: str, text: str, as_bytes: bool
) -> None:
    data: str | bytes = text.encode("utf-8") if as_bytes else text
    try:
        obj = _loads(serialization, data, fmt)
    except CCHCError:
        return
    assert _loads(serialization, serialization.dumps(obj, format=fmt), fmt) == obj


@FIXTURES_OK
@given(plans(max_sections=2, max_tasks=2, max_activities=2), st.data())
def test_loads_of_damaged_output_raises_only_library_errors(
    serialization: Any, fmt: str, plan: Plan, data: st.DataObject
) -> None:
    try:
        dumped = serialization.dumps(plan, format=fmt)
    except CCHCError:
        pytest.skip(f"format {fmt!r} does not write plans")
    # Cut it, and overwrite a stretch of it: what a broken download or a bad
    # hand edit does.
    # Positions as fractions of the length: a zip-based format (xlsx, docx) stamps
    # the time, so its length may differ from one run of the same example to the next.
    cut = round(data.draw(st.floats(0, 1), label="cut") * len(dumped))
    at = round(data.draw(st.floats(0, 1), label="at") * len(dumped))
    if isinstance(dumped, bytes):
        patch: str | bytes = data.draw(st.binary(max_size=8), label="patch")
    else:
        patch = data.draw(hostile_text(4), label="patch")
    for damaged in (dumped[:cut], dumped[:at] + patch + dumped[at + len(patch) :]):
        try:
            obj = _loads(serialization, damaged, fmt)
        except CCHCError:
            continue
        assert _loads(serialization, serialization.dumps(obj, format=fmt), fmt) == obj


def _tiny_plan() -> Plan:
    from cchc_model import Activity, Section, Task

    act = Activity(number=1, text="0", status=Status.parse("Chưa thực hiện"))
    task = Task(title="0", activities=(act,))
    return Plan(title="0", sections=(Section(numeral="I", title="0", tasks=(task,)),))


def test_error_damaged_docx_raises_format_error(serialization: Any) -> None:
    dumped = serialization.dumps(_tiny_plan(), format="docx")
    # One byte of the first zip member: the case the fuzz test above found
    # (zlib.error escaped from python-docx before the Word reader caught it).
    damaged = dumped[:49] + b"\x00" + dumped[50:]
    with pytest.raises(FormatError):
        serialization.loads(damaged, format="docx")


# --------------------------------------------------------------------------- #
# 1 MB adversarial inputs: each must finish, and fast
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_one_megabyte_status_text_is_fast(name: str) -> None:
    seconds, result = _timed(lambda: DEFAULT_RULES.classify(ADVERSARIAL[name]))
    assert isinstance(result, (StatusKind, CCHCError))
    assert seconds < BOUND, f"{name}: {seconds:.2f} s"


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_one_megabyte_parse_is_fast(parse: Callable[[str], Any], name: str) -> None:
    seconds, _ = _timed(lambda: parse(ADVERSARIAL[name]))
    assert seconds < BOUND, f"{name}: {seconds:.2f} s"


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_one_megabyte_find_document_refs_is_fast(
    find_refs: Callable[[str], Any], name: str
) -> None:
    seconds, result = _timed(lambda: list(find_refs(ADVERSARIAL[name])))
    assert not isinstance(result, CCHCError), "find_document_refs must not raise"
    assert seconds < BOUND, f"{name}: {seconds:.2f} s"


@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_one_megabyte_loads_is_fast(serialization: Any, fmt: str, name: str) -> None:
    seconds, _ = _timed(lambda: _loads(serialization, ADVERSARIAL[name], fmt))
    assert seconds < BOUND, f"{fmt} / {name}: {seconds:.2f} s"


def test_one_megabyte_json_document_is_fast() -> None:
    # A well-formed document of 1 MB whose strings are huge and hostile.
    big = {"format": "cchc-model/plan", "version": 1, "plan": {"title": "số " * (MB // 4)}}
    seconds, result = _timed(lambda: from_document(json.loads(json.dumps(big))))
    assert isinstance(result, FormatError)
    assert seconds < BOUND, f"{seconds:.2f} s"


# --------------------------------------------------------------------------- #
# Safety
# --------------------------------------------------------------------------- #

#: Modules that can run code from data, and calls that run code from text.
UNSAFE_MODULES = {"pickle", "cPickle", "_pickle", "dill", "marshal", "shelve", "yaml", "jsonpickle"}
UNSAFE_CALLS = {"eval", "exec", "compile", "__import__"}


def _unsafe_uses(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            names = [node.func.id] if node.func.id in UNSAFE_CALLS else []
        else:
            continue
        found += [
            f"{path.name}:{node.lineno}: {name}"
            for name in names
            if name.split(".")[0] in UNSAFE_MODULES or name in UNSAFE_CALLS
        ]
    return found


def test_loaders_never_execute_code_from_data() -> None:
    sources = sorted(SRC.rglob("*.py"))
    assert len(sources) > 5
    assert [use for path in sources for use in _unsafe_uses(path)] == []


def test_the_static_check_sees_unsafe_code(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("import pickle\nfrom yaml import load\nx = eval('1')\n", encoding="utf-8")
    assert _unsafe_uses(bad) == ["bad.py:1: pickle", "bad.py:2: yaml", "bad.py:3: eval"]


def test_loads_caps_the_size_it_accepts(
    serialization: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    cap = serialization.MAX_INPUT_SIZE
    assert isinstance(cap, int)
    assert cap >= MB

    class Spy:
        """A format that records whether it was handed the data at all."""

        extensions = (".spy",)
        calls = 0

        def dumps(self, obj: Any) -> str:
            raise AssertionError("not used")

        def loads(self, data: str | bytes) -> Any:
            Spy.calls += 1
            raise AssertionError("an oversize input reached the format")

    monkeypatch.setitem(_registry._REGISTERED, "spy", Spy())
    for too_big in (" " * (cap + 1), b" " * (cap + 1)):
        # Refused before any parsing: the format never sees the data.
        with pytest.raises(FormatError, match="size limit") as err:
            serialization.loads(too_big, format="spy")
        assert f"{cap:,}" in err.value.reason
    assert Spy.calls == 0
    # A caller can lower the cap (or lift it) per call; the format never sees refused input.
    with pytest.raises(FormatError, match="larger than the size limit of 10 characters"):
        serialization.loads("[" * 11, format="json", max_size=10)
    with pytest.raises(FormatError) as err:
        serialization.loads("[" * 11, format="json", max_size=None)
    assert "size limit" not in str(err.value)


def test_cli_never_overwrites_a_file_on_failure(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "cchc-model/plan", "version": 1, "plan": {', encoding="utf-8")
    out = tmp_path / "out.json"
    out.write_text("precious", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    env = {**os.environ, "PYTHONWARNINGS": "error"}
    for extra in ([], ["--to", "no-such-format"]):
        done = subprocess.run(
            [sys.executable, "-m", "cchc_model", "convert", str(broken), str(out), *extra],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
            check=False,
        )
        assert done.returncode != 0
        assert "Traceback" not in done.stderr
        assert done.stderr.strip(), "a failure must say why on stderr"
        assert out.read_text(encoding="utf-8") == "precious"
        assert sorted(p.name for p in tmp_path.iterdir()) == before  # no temporary left behind
