"""Write the PDF fixtures of tests/test_pdf.py into tests/data/pdf.

Each is a Word document converted by LibreOffice, so that most PDF tests run
without it. Needs LibreOffice (``apt-get install libreoffice-writer-nogui``):

    .venv/bin/python scripts/make_pdf_fixtures.py

The files depend on LibreOffice's version and the fonts installed (they say so
in their properties); the tests check what is read from them, not their bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests import pdf_build

from cchc_model.examples import thanh_xa_2023


def main() -> int:
    plan = thanh_xa_2023()
    documents = {
        "thanh_xa_2023": pdf_build.ours(plan),
        "section_one": pdf_build.ours(pdf_build.first_section(plan)),
        "foreign_portrait": pdf_build.foreign(plan, landscape=False),
        "foreign_landscape": pdf_build.foreign(plan, landscape=True),
        "borderless": pdf_build.borderless(plan),
    }
    pdf_build.FIXTURES.mkdir(parents=True, exist_ok=True)
    for name, data in pdf_build.convert(documents).items():
        path = pdf_build.FIXTURES / f"{name}.pdf"
        path.write_bytes(data)
        print(f"{path}: {len(data)} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
