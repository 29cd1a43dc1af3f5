"""Refill the ``documents`` of the bundled example from its products text.

The example's data file (src/cchc_model/_data/thanh_xa_2023.json) is transcribed
by hand, except for each activity's ``documents``: they are what
:func:`cchc_model.find_document_refs` finds in the activity's products text. Run
this after changing the transcription or the parser:

    .venv/bin/python scripts/refresh_example.py

tests/test_examples.py fails when the file is out of date.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from cchc_model import find_document_refs
from cchc_model.formats.converters import make_converter

DATA = Path(__file__).resolve().parents[1] / "src" / "cchc_model" / "_data" / "thanh_xa_2023.json"


def refresh(document: dict[str, Any]) -> int:
    """Fill ``documents`` in place; return how many references were found."""
    converter = make_converter()
    found = 0
    for section in document["plan"]["sections"]:
        for task in section["tasks"]:
            for activity in task["activities"]:
                refs = [m.ref for m in find_document_refs(activity["products"])]
                activity["documents"] = converter.unstructure(refs)
                found += len(refs)
    return found


def main() -> int:
    document = json.loads(DATA.read_text(encoding="utf-8"))
    found = refresh(document)
    DATA.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"{DATA.name}: {found} document references")
    return 0


if __name__ == "__main__":
    sys.exit(main())
