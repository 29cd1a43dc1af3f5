"""The ``cchc`` command: show, count, parse and convert CCHC plans from a shell.

Installed as the console script ``cchc`` and runnable as ``python -m cchc_model``::

    cchc show [FILE | --example] [--format F]     the appendix table (default: grid)
    cchc show ... [--width N]                     grid and text fit the terminal (or N columns)
    cchc progress [FILE | --example]             the Vietnamese summary lines
                  [--task-rule R] [--chart F]    (R: at_least_half or strict; F: a .png chart)
                  [--style paragraph]            (one paragraph of prose)
    cchc compare OLD NEW [--task-rule R]         what changed between two reports
    cchc reconcile FILE [--task-rule R]          published summary against the table (exit 1)
    cchc parse "TEXT"                            one document reference, as JSON
    cchc refs FILE.txt [--since D] [--until D]   every reference found in a text file, as JSON
    cchc convert IN OUT [--to F] [--from F]      read IN, write OUT in another format
                 [--excel] [--delimiter D]       (csv for Excel: BOM, ";" between cells)
    cchc template --to mau.xlsx                  an empty appendix sheet to fill in
    cchc schema                                  the JSON Schema of the json format
    cchc formats                                 the formats and what they do
    cchc rollup PATH... [--to FILE] [--jobs N]   every plan file under PATH (files, folders),
                 [--by numeral|title] [--task-rule R] [--chart FILE.png] [-v]
                                                 read in parallel, one row per plan and a total

A file's format comes from its extension (``.json``, ``.csv``/``.tsv`` (the
appendix layout; a file in the ``csv`` format is recognised by its header),
``.xlsx``, ``.docx``, ``.md``, ``.html``, ``.txt``, and those of formats other
packages add) unless ``--from``/``--to`` name it; files are read with
:func:`cchc_model.read`. ``-`` is standard input or output.

Mistakes in what you ask or give (a missing file, malformed input, an unknown
format, text that is not a document number) print one line starting with
``cchc: error:`` to standard error and exit with status 1 (2 for a wrong
command line); no traceback. ``convert`` writes to a temporary file next to
OUT and renames it over OUT only once everything is written, so OUT is never
left half-written.
"""

from cchc_model.cli._main import build_parser, main

__all__ = ["build_parser", "main"]
