"""The benchmark suite: every figure of issue 7, measured side by side in one run.

Run it with ``make bench`` (or ``python benchmarks/run.py``); it prints one table
with each measurement, its baseline, the ratio and the target. ``--plans`` and
``--repeat`` make a quicker run; ``--markdown`` prints the table for
docs/performance.md together with the machine it ran on.

Timings are the best of ``--repeat`` runs (the minimum is the least noisy
estimate of what the code costs; the rest is the machine doing other things).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # tests.adversarial: the fuzz tests' 1 MB inputs

from _synthetic import PlainPlan, as_tuples, synthetic_plans  # noqa: E402

import cchc_model  # noqa: E402
from cchc_model import Plan, progress, rollup  # noqa: E402

Row = tuple[str, str, str, str, str, str]


def best_of(repeat: int, call: Callable[[], object]) -> float:
    """The smallest wall time of ``repeat`` calls, garbage collection paused."""
    times = []
    for _ in range(repeat):
        gc.collect()
        gc.disable()
        try:
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
        finally:
            gc.enable()
    return min(times)


def verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("ok" if ok else "MISSED")


# --------------------------------------------------------------------------- #
# 1. Document numbers: DocumentRef.parse vs the bare regex match
# --------------------------------------------------------------------------- #


def bench_parse(count: int, repeat: int) -> list[Row]:
    # The document engineer's benchmark inputs (benchmarks/bench_documents.py):
    # distinct clean citations of every layout. The baseline is the bare match
    # of the clean-citation regex, the first thing DocumentRef.parse runs on
    # them (bench_documents.py also times the full parser's regex).
    import bench_documents

    from cchc_model.documents import DocumentRef, _clean, _grammar

    texts = bench_documents.references(count)
    fullmatch = _clean._CLEAN.fullmatch
    parse = DocumentRef.parse
    parse(texts[0])  # load the tables and compile the regexes outside the timing
    lib = best_of(repeat, lambda: [parse(t) for t in texts])
    bare = best_of(repeat, lambda: [fullmatch(t) for t in texts])
    rate = count / lib
    # Messy citations as PDFs and web pages give them (upper case, broken lines,
    # dates in words, NFD, entities, ...), against a bare search of the whole-
    # reference regex over the same strings: the full parser's first step.
    messy = bench_documents.messy_references(count)
    search = _grammar._regexes().reference.search
    messy_lib = best_of(repeat, lambda: [parse(t) for t in messy])
    messy_bare = best_of(repeat, lambda: [search(t) for t in messy])
    return [
        (
            f"DocumentRef.parse, {count:,} refs",
            f"{rate / 1000:,.0f}k refs/s",
            f"regex {count / bare / 1000:,.0f}k/s",
            f"{lib / bare:.1f}×",
            "≥ 300k refs/s",
            verdict(rate >= 300_000),
        ),
        (
            "↳ messy references (PDF and web text)",
            f"{count / messy_lib / 1000:,.1f}k refs/s",
            f"regex search {count / messy_bare / 1000:,.1f}k/s",
            f"{messy_lib / messy_bare:.1f}×",
            "≤ 3× regex (issue 12)",
            verdict(messy_lib <= 3 * messy_bare),
        ),
    ]


# --------------------------------------------------------------------------- #
# 2-3. Progress and roll-up over many plans
# --------------------------------------------------------------------------- #

_BUCKET = {
    "completed": 0,
    "ongoing": 0,
    "in_progress": 1,
    "not_due": 2,
    "awaiting_guidance": 2,
    "not_started": 3,
    "delayed": 3,
}


def plain_progress(plan: PlainPlan) -> tuple[list[int], list[int], list[tuple[int, ...]]]:
    """The same figures as ``progress(plan)`` (at_least_half), over plain tuples.

    Activity counts by bucket, task counts by bucket, and per section both.
    """
    bucket = _BUCKET
    tasks_total = [0, 0, 0, 0]
    acts_total = [0, 0, 0, 0]
    sections = []
    for section in plan:
        tasks = [0, 0, 0, 0]
        acts = [0, 0, 0, 0]
        for task in section:
            done = 0
            seen = set()
            for kind in task:
                b = bucket[kind]
                acts[b] += 1
                seen.add(b)
                done += b == 0
            if 2 * done >= len(task):
                tasks[0] += 1
            elif seen == {2}:
                tasks[2] += 1
            elif 3 in seen:
                tasks[3] += 1
            else:
                tasks[1] += 1
        for i in range(4):
            tasks_total[i] += tasks[i]
            acts_total[i] += acts[i]
        sections.append((*tasks, *acts))
    return tasks_total, acts_total, sections


def bench_progress(plans: list[Plan], repeat: int) -> list[Row]:
    plain = as_tuples(plans)
    n_acts = len(plans[0].activities)
    # The two must agree before their speeds are compared.
    for p, t in zip(plans[:50], plain[:50], strict=True):
        lib, ref = progress(p), plain_progress(t)
        assert [lib.activities.completed, lib.activities.in_progress] == ref[1][:2]
        assert [lib.tasks.completed, lib.tasks.not_due] == [ref[0][0], ref[0][2]]
    # One untimed pass first (the first pass over fresh objects pays for memory
    # the later ones reuse), then the two interleaved so they share conditions.
    [progress(p) for p in plans]
    lib_times, roll_times = [], []
    for _ in range(repeat):
        lib_times.append(best_of(1, lambda: [progress(p) for p in plans]))
        roll_times.append(best_of(1, lambda: rollup(plans)))
    lib_s, roll_s = min(lib_times), min(roll_times)
    plain_s = best_of(repeat, lambda: [plain_progress(t) for t in plain])
    shape = f"{len(plans):,} plans × {n_acts}"
    return [
        (
            f"progress(), {shape}",
            f"{lib_s:.3f} s",
            f"tuples {plain_s:.3f} s",
            f"{lib_s / plain_s:.1f}×",
            "≤ 1.2× tuples",
            verdict(lib_s / plain_s <= 1.2),
        ),
        (
            f"rollup(), {shape}",
            f"{roll_s:.3f} s",
            f"progress() {lib_s:.3f} s",
            f"{roll_s / lib_s:.2f}×",
            "< 1 s",
            verdict(roll_s < 1.0),
        ),
    ]


# --------------------------------------------------------------------------- #
# 4. JSON round trip vs pydantic and msgspec mirrors
# --------------------------------------------------------------------------- #


def bench_json(activities: int, repeat: int) -> list[Row]:
    # The plan and mirrors of benchmarks/bench_json.py: each library starts from
    # its own model of the same plan, writes JSON text and reads it back,
    # validating and deriving the same things; the three take turns in each round.
    try:
        import bench_json as bj
    except ImportError as exc:  # pydantic or msgspec missing: pip install -e '.[bench]'
        return [("JSON round trip", "n/a", "", "", "≤ 1.0× pydantic", f"missing: {exc.name}")]
    trips = bj.round_trips(bj.synthetic_plan(activities))
    calls = trips["loads(dumps(plan))"]
    paused = bj.interleaved(repeat, calls, gc_paused=True)
    running = bj.interleaved(repeat, calls, gc_paused=False)
    loads_paused = bj.interleaved(repeat, trips["loads(text)"], gc_paused=True)
    loads_running = bj.interleaved(repeat, trips["loads(text)"], gc_paused=False)
    loads_rows = [
        (
            f"↳ loads(text) alone, garbage collector {state}",
            f"{times['cchc_model'] * 1000:.0f} ms",
            f"pydantic {times['pydantic v2'] * 1000:.0f} ms",
            f"{times['cchc_model'] / times['pydantic v2']:.2f}×",
            "(for reference)",
            verdict(None),
        )
        for state, times in (("paused", loads_paused), ("running", loads_running))
    ]
    lib_s, pyd_s, msg_s = paused["cchc_model"], paused["pydantic v2"], paused["msgspec"]
    lib_r, pyd_r = running["cchc_model"], running["pydantic v2"]
    return [
        (
            f"JSON loads(dumps(plan)), {activities:,} activities",
            f"{lib_s * 1000:.0f} ms",
            f"pydantic {pyd_s * 1000:.0f} ms",
            f"{lib_s / pyd_s:.2f}×",
            "≤ 1.0× pydantic",
            verdict(lib_s / pyd_s <= 1.0),
        ),
        (
            "↳ the same, garbage collector running",
            f"{lib_r * 1000:.0f} ms",
            f"pydantic {pyd_r * 1000:.0f} ms",
            f"{lib_r / pyd_r:.2f}×",
            "(for reference)",
            verdict(None),
        ),
        (
            "↳ the same vs msgspec (checks shapes only)",
            f"{lib_s * 1000:.0f} ms",
            f"msgspec {msg_s * 1000:.0f} ms",
            f"{lib_s / msg_s:.1f}×",
            "(for reference)",
            verdict(None),
        ),
        *loads_rows,
    ]


def bench_pdf(repeat: int) -> list[Row]:
    # The bundled example as LibreOffice prints it (tests/data/pdf, 15 pages):
    # read_pdf against pdfplumber's own parsing of the same pages (characters and
    # ruled tables), which is the floor the reader builds on.
    try:
        import pdfplumber
    except ImportError as exc:  # pip install -e '.[pdf]'
        return [("PDF pages per second", "n/a", "", "", "(for reference)", f"missing: {exc.name}")]
    path = HERE.parent / "tests" / "data" / "pdf" / "thanh_xa_2023.pdf"
    data = path.read_bytes()
    with pdfplumber.open(path) as pdf:
        pages = len(pdf.pages)

    def floor() -> None:
        import io

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                page.find_tables()
                page.close()

    lib_s = best_of(repeat, lambda: cchc_model.read_pdf(data))
    base_s = best_of(repeat, floor)
    return [
        (
            f"PDF pages per second (read_pdf, {pages} pages)",
            f"{pages / lib_s:.1f} pages/s",
            f"pdfplumber {pages / base_s:.1f} pages/s",
            f"{lib_s / base_s:.2f}×",
            "(for reference)",
            verdict(None),
        )
    ]


# --------------------------------------------------------------------------- #
# 5. Memory per activity
# --------------------------------------------------------------------------- #


def bench_memory(count: int) -> list[Row]:
    """Bytes per activity of plans whose products cite 1.37 documents per activity.

    Measured as built and after every activity's documents were read once
    (``Activity.documents`` finds them in the products on each access and does
    not keep them, so both should be the same).
    """
    from _synthetic import example_products

    from cchc_model import find_document_refs

    # Load the example and the document tables, and fill the parser's caches
    # with these citations, before measuring: the plans' own memory is measured.
    for text in example_products():
        list(find_document_refs(text))
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        plans = synthetic_plans(count)
        gc.collect()
        built = tracemalloc.get_traced_memory()[0]
        refs = sum(len(a.documents) for p in plans for a in p.activities)
        gc.collect()
        read = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    n_acts = sum(1 for p in plans for _ in p.activities)
    text = sum(
        sys.getsizeof(s)
        for p in plans
        for a in p.activities
        for s in (a.label, a.text, a.status.text, a.products)
    )
    per_built = (built - before) / n_acts
    per_read = (read - before) / n_acts
    return [
        (
            f"memory per activity, {n_acts:,} activities, {refs / n_acts:.2f} refs each",
            f"{per_read:,.0f} B",
            f"model only {(read - before - text) / n_acts:,.0f} B",
            "",
            "≤ 1,400 B",
            verdict(per_read <= 1400),
        ),
        (
            "↳ as built, documents not read yet",
            f"{per_built:,.0f} B",
            f"model only {(built - before - text) / n_acts:,.0f} B",
            "",
            "(for reference)",
            verdict(None),
        ),
    ]


# --------------------------------------------------------------------------- #
# 6. Cold import
# --------------------------------------------------------------------------- #

WATCHED = ("dateutil", "tabulate", "cattrs")


def _run_python(code: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return subprocess.run(
        [sys.executable, *flags, "-c", code],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )


def eager_imports() -> dict[str, str]:
    """Which watched library ``import cchc_model`` loads, and the chain that imports it.

    ``-X importtime`` prints a module after the modules it imports, which are
    indented one step deeper: the importer of an entry is the next entry one
    level up. The chain is followed up to ``cchc_model``.
    """
    lines = _run_python("import cchc_model", "-X", "importtime").stderr.splitlines()
    entries = []
    for line in lines:
        if not line.startswith("import time:") or "|" not in line:
            continue
        name_part = line.split("|")[-1]
        depth = (len(name_part) - len(name_part.lstrip())) // 2
        entries.append((depth, name_part.strip()))

    def importer(i: int) -> int | None:
        depth = entries[i][0]
        return next((j for j in range(i + 1, len(entries)) if entries[j][0] < depth), None)

    found: dict[str, str] = {}
    for i, (_, name) in enumerate(entries):
        top = name.split(".")[0]
        if top not in WATCHED or top in found:
            continue
        chain = [top]
        j: int | None = i
        while j is not None and entries[j][1] != "cchc_model":
            j = importer(j)
            if j is not None and entries[j][1].startswith("cchc_model"):
                chain.append(entries[j][1])
        found[top] = " ← ".join(chain)
    return found


def bench_import(repeat: int) -> list[Row]:
    # The bare interpreter and the import run in turn, so that a change of the
    # machine's load during the step weighs on both alike; the best of each.
    # The figures load on first use: the third interpreter imports them too, to
    # show what a program that counts pays in all.
    figures = "import cchc_model; from cchc_model import compare, progress, reconcile, rollup"
    bare_times: list[float] = []
    lib_times: list[float] = []
    figure_times: list[float] = []
    for _ in range(repeat):
        for code, times in (
            ("pass", bare_times),
            ("import cchc_model", lib_times),
            (figures, figure_times),
        ):
            start = time.perf_counter()
            _run_python(code)
            times.append(time.perf_counter() - start)
    bare, lib = min(bare_times), min(lib_times)
    extra_ms = (lib - bare) * 1000
    figures_ms = (min(figure_times) - bare) * 1000
    eager = eager_imports()
    note = "; ".join(eager.values())
    return [
        (
            f"cold import cchc_model, best of {repeat} in turn with a bare one",
            f"+{extra_ms:.0f} ms",
            f"bare python {bare * 1000:.0f} ms",
            f"{lib / bare:.1f}×",
            "≤ +60 ms",
            verdict(extra_ms <= 60),
        ),
        (
            "↳ and the figures, on first use",
            f"+{figures_ms:.0f} ms",
            "progress, rollup, compare, reconcile",
            "",
            "(for reference)",
            "–",
        ),
        (
            "↳ eagerly imported",
            note or "none of " + ", ".join(WATCHED),
            "",
            "",
            "lazy",
            verdict(not eager),
        ),
    ]


# --------------------------------------------------------------------------- #
# 7. Adversarial inputs of 1 MB (the fuzz tests' inputs, timed)
# --------------------------------------------------------------------------- #


def adversarial_targets() -> dict[str, Callable[[str], object]]:
    """Every parser and loader of the library, by name: each takes hostile text."""
    from cchc_model.documents import DocumentRef, find_document_refs
    from cchc_model.model.status import DEFAULT_RULES

    targets: dict[str, Callable[[str], object]] = {
        "status": DEFAULT_RULES.classify,
        "DocumentRef.parse": DocumentRef.parse,
        "find_document_refs": lambda text: list(find_document_refs(text)),
    }
    for fmt in cchc_model.available_formats():
        targets[f"loads {fmt}"] = lambda text, fmt=fmt: cchc_model.loads(text, format=fmt)
    return targets


def bench_adversarial(repeat: int) -> list[Row]:
    from tests.adversarial import ADVERSARIAL, DOCUMENT_ADVERSARIAL

    def timed(run: Callable[[str], object], text: str) -> float:
        def guarded() -> None:
            with contextlib.suppress(cchc_model.CCHCError):
                run(text)

        return best_of(repeat, guarded)

    worst: list[tuple[float, str, str]] = []
    cases = 0
    for target, run in adversarial_targets().items():
        inputs = dict(ADVERSARIAL)
        if target in ("DocumentRef.parse", "find_document_refs"):
            inputs.update(DOCUMENT_ADVERSARIAL)
        seconds, name = max((timed(run, text), name) for name, text in inputs.items())
        worst.append((seconds, target, name))
        cases += len(inputs)
    worst.sort(reverse=True)
    seconds, target, name = worst[0]
    runner_up = ", ".join(f"{t} {s:.2f} s ({n})" for s, t, n in worst[1:3])
    return [
        (
            f"1 MB adversarial inputs, worst of {cases} (input, target) pairs",
            f"{seconds:.2f} s: {target} ({name})",
            f"next: {runner_up}",
            "",
            "< 1 s each",
            verdict(seconds < 1.0),
        )
    ]


# --------------------------------------------------------------------------- #
# The table
# --------------------------------------------------------------------------- #

HEADERS = ("benchmark", "measured", "baseline", "ratio", "target", "")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs (nproc), Python {platform.python_version()} "
        f"({platform.python_implementation()}), {platform.system()} {platform.release()}, "
        f"cchc-model {cchc_model.__version__}"
    )


def render(rows: Iterable[Row], markdown: bool) -> str:
    from tabulate import tabulate

    return tabulate(list(rows), headers=HEADERS, tablefmt="github" if markdown else "simple")


def bench_many_files(repeat: int) -> list[Row]:
    # `cchc rollup` of 200 files against one process reading them in turn, and
    # the per-format throughput docs/many-plans.md works from (bench_many.py).
    import bench_many

    return bench_many.run(200, repeat)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plans", type=int, default=10_000, help="plans to count (10,000)")
    parser.add_argument("--activities", type=int, default=40, help="activities per plan (40)")
    parser.add_argument("--refs", type=int, default=100_000, help="references to parse")
    parser.add_argument("--json-activities", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3, help="best of N (3)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    parser.add_argument(
        "--quick", action="store_true", help="time each 1 MB adversarial input once"
    )
    args = parser.parse_args(argv)

    rows: list[Row] = []
    steps: list[tuple[str, Callable[[], list[Row]]]] = [
        ("parse", lambda: bench_parse(args.refs, args.repeat)),
        (
            "progress",
            lambda: bench_progress(synthetic_plans(args.plans, args.activities), args.repeat),
        ),
        ("json", lambda: bench_json(args.json_activities, args.repeat)),
        ("pdf", lambda: bench_pdf(args.repeat)),
        ("memory", lambda: bench_memory(max(1, args.plans // 10))),
        ("import", lambda: bench_import(max(9, 7 * args.repeat))),
        ("adversarial", lambda: bench_adversarial(1 if args.quick else args.repeat)),
        ("many files", lambda: bench_many_files(args.repeat)),
    ]
    for name, step in steps:
        print(f"… {name}", file=sys.stderr, flush=True)
        try:
            rows.extend(step())
        except Exception as exc:  # one broken benchmark must not hide the others
            rows.append((name, "ERROR", f"{type(exc).__name__}: {exc}"[:60], "", "", "FAILED"))
    print(f"Machine: {machine()}\n")
    print(render(rows, args.markdown))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
