"""`cchc rollup` of many files against reading them one after another.

Writes ``--files`` plan files (by default 200: half Word documents, a quarter
JSON, a quarter CSV; each a copy of the bundled Thanh Xá appendix under its
own issuer) into a temporary folder, then times, as separate processes so
that start-up is included:

* the baseline: one Python process that imports cchc_model and reads every
  file one after another (what a user's own loop does);
* ``cchc rollup FOLDER --to rollup.csv`` with its default jobs (the CPUs).

It also measures what docs/many-plans.md works the national case from: files
read per second on one core, per format, and the memory a read plan keeps;
and the peak memory (resident set) of ``cchc rollup`` for ``--files`` and
twice as many files (and for five times as many JSON files, and twice that),
which streams the plans into the roll-up, beside ``read_many``, which keeps
them all.

Run: ``python benchmarks/bench_many.py`` (``--repeat``, ``--files``,
``--markdown``). Timings are the best of ``--repeat`` runs; on a shared
machine the load average printed beside them says how busy it was.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import attrs

import cchc_model
from cchc_model import read
from cchc_model.examples import thanh_xa_2023

Row = tuple[str, str, str, str, str, str]

#: The baseline: what reading the files one after another costs, start-up included.
_SEQUENTIAL = """
import sys
from cchc_model import read
for path in sys.argv[1:]:
    read(path)
"""


#: Peak resident memory (KiB) of a command run in this process (VmHWM, which
#: starts again at exec: ru_maxrss would carry the benchmark's own over) and
#: of its largest worker process.
_PEAK = """
import resource, sys
from cchc_model.cli import main
if sys.argv[1] == "read_many":
    from cchc_model import read_many
    assert read_many(sys.argv[3:], jobs=int(sys.argv[2]))
else:
    assert main(sys.argv[1:]) == 0
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print(peak, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def write_files(folder: Path, count: int) -> dict[str, list[Path]]:
    """``count`` plan files in ``folder``: half .docx, a quarter .json, a quarter .csv.

    Also up to 40 .xlsx workbooks beside ``folder``, for the per-format figures.
    """
    plan = thanh_xa_2023()
    files: dict[str, list[Path]] = {".docx": [], ".json": [], ".csv": []}
    for i in range(count):
        suffix = ".docx" if i % 4 in (0, 1) else (".json" if i % 4 == 2 else ".csv")
        path = folder / f"xa-{i:04d}{suffix}"
        commune = attrs.evolve(plan, issuer=f"UBND xã số {i}")
        if suffix == ".docx":
            cchc_model.write_docx(commune, path)
        else:
            path.write_text(cchc_model.dumps(commune, format=suffix[1:]), encoding="utf-8")
        files[suffix].append(path)
    # Workbooks are timed per format only (not part of the 200-file mix).
    files[".xlsx"] = []
    for i in range(min(count, 40)):
        path = folder.parent / "xlsx" / f"xa-{i:04d}.xlsx"
        path.parent.mkdir(exist_ok=True)
        cchc_model.write(attrs.evolve(plan, issuer=f"UBND xã số {i}"), path)
        files[".xlsx"].append(path)
    return files


def _run(args: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and its children) of ``args``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def bench_rollup(folder: Path, files: list[Path], repeat: int) -> list[Row]:
    """The two processes, interleaved so that they share the machine's conditions."""
    cchc = [sys.executable, "-m", "cchc_model", "rollup", str(folder)]
    out = folder.parent / "rollup.csv"
    sequential, parallel = [], []
    for _ in range(repeat):
        sequential.append(_run([sys.executable, "-c", _SEQUENTIAL, *map(str, files)]))
        parallel.append(_run([*cchc, "--to", str(out)]))
    (seq, seq_cpu), (par, par_cpu) = min(sequential), min(parallel)
    jobs = len(os.sched_getaffinity(0))
    return [
        (
            f"cchc rollup, {len(files)} files, {jobs} jobs",
            f"{par:.2f} s",
            f"one process {seq:.2f} s",
            f"{par / seq:.2f}×",
            "≤ 0.75×",
            "ok" if par / seq <= 0.75 else "MISSED",
        ),
        (
            "  CPU time of the same two runs",
            f"{par_cpu:.2f} s",
            f"one process {seq_cpu:.2f} s",
            f"{par_cpu / seq_cpu:.2f}×",
            "",
            "–",
        ),
    ]


def bench_formats(files: dict[str, list[Path]], repeat: int) -> list[Row]:
    """Files read per second of one core's CPU time, per format (readers imported).

    CPU time (``time.process_time``), not wall time: on a shared machine the
    wall time also counts the other processes' turns on the core.
    """
    rows: list[Row] = []
    for suffix, every in files.items():
        paths = every[:40]
        read(str(paths[0]))  # import the reader outside the timing
        best = float("inf")
        for _ in range(repeat):
            gc.collect()
            start = time.process_time()
            for path in paths:
                read(str(path))
            best = min(best, time.process_time() - start)
        size = sum(p.stat().st_size for p in paths) / len(paths)
        rows.append(
            (
                f"read {suffix}, one core's CPU time ({size / 1024:.0f} KiB files)",
                f"{len(paths) / best:,.0f} files/s",
                f"{best / len(paths) * 1000:.1f} ms CPU/file",
                "",
                "",
                "–",
            )
        )
    return rows


def bench_plan_memory(files: dict[str, list[Path]]) -> list[Row]:
    """What one read plan keeps in memory (what read_many holds per file)."""
    paths = [str(p) for p in files[".json"][:50]]
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    plans = [read(p) for p in paths]
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    per_plan = (after - before) / len(plans)
    activities = len(plans[0].activities)
    return [
        (
            f"memory of a read plan ({activities} activities)",
            f"{per_plan / 1024:.0f} KiB",
            "",
            "",
            "",
            "–",
        )
    ]


def _peak(args: list[str]) -> tuple[int, int]:
    """Peak memory (MiB) of the process running ``args`` (see _PEAK) and of its largest worker."""
    out = subprocess.run(
        [sys.executable, "-c", _PEAK, *args], check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[-2]) // 1024, int(out[-1]) // 1024


def bench_peak_memory(label: str, folders: list[Path], count: int) -> list[Row]:
    """Peak memory of reading ``count`` files (``folders[0]``) and twice as many (both).

    ``cchc rollup`` streams the plans into the roll-up; ``read_many`` keeps them.
    """
    rows: list[Row] = []
    out = str(folders[0].parent / "rollup.csv")
    for how, command in (
        ("cchc rollup --jobs 1", ["rollup", "--jobs", "1", "--to", out]),
        ("cchc rollup, parallel", ["rollup", "--to", out]),
        ("read_many(jobs=1), plans kept", ["read_many", "1"]),
    ):
        peaks = []
        for given in (folders[:1], folders):
            args = list(command)
            if args[0] == "rollup":
                args[1:1] = map(str, given)
            else:
                args += map(str, given)
            peaks.append(_peak(args))
        (one, one_workers), (two, two_workers) = peaks
        workers = f"; largest worker {one_workers} / {two_workers} MiB" if one_workers else ""
        rows.append(
            (
                f"peak memory, {how}, {label}",
                f"{two} MiB ({2 * count} files)",
                f"{one} MiB ({count} files){workers}",
                f"+{two - one} MiB",
                "",
                "–",
            )
        )
    return rows


def write_json(folder: Path, count: int) -> None:
    """``count`` JSON plan files in ``folder`` (which is made)."""
    folder.mkdir()
    plan = thanh_xa_2023()
    for i in range(count):
        commune = attrs.evolve(plan, issuer=f"UBND xã {folder.name} {i}")
        (folder / f"xa-{i:04d}.json").write_text(cchc_model.dumps(commune, format="json"))


def run(count: int, repeat: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "huyen"
        folder.mkdir()
        files = write_files(folder, count)
        every = sorted(p for paths in files.values() for p in paths if p.parent == folder)
        rows = bench_rollup(folder, every, repeat)
        rows += bench_formats(files, repeat)
        rows += bench_plan_memory(files)
        more = Path(tmp) / "more"
        more.mkdir()
        write_files(more, count)
        rows += bench_peak_memory("mixed", [folder, more], count)
        # JSON files only: the Word reader's garbage (python-docx's documents are
        # reference cycles, freed when the collector runs) does not hide the plans.
        halves = [Path(tmp) / "json-a", Path(tmp) / "json-b"]
        for half in halves:
            write_json(half, 5 * count)
        rows += bench_peak_memory("JSON", halves, 5 * count)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--files", type=int, default=200, help="plan files (200)")
    parser.add_argument("--repeat", type=int, default=3, help="best of N (3)")
    parser.add_argument("--markdown", action="store_true", help="a Markdown table")
    args = parser.parse_args(argv)
    load_before = os.getloadavg()[0]
    rows = run(args.files, args.repeat)
    load_after = os.getloadavg()[0]
    head = ("measure", "figure", "baseline", "ratio", "target", "")
    if args.markdown:
        print("| " + " | ".join(head) + " |")
        print("|" + "---|" * len(head))
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        from tabulate import tabulate

        print(tabulate(rows, headers=head))
    print(
        f"\n{os.cpu_count()} CPUs; load average {load_before:.1f} before, "
        f"{load_after:.1f} after (other work on the machine slows both sides)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
