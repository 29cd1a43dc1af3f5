"""The documentation site builds with warnings as errors, the example notebook runs,
and `import cchc_model` stays light."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
NOTEBOOK = DOCS / "examples" / "thanh-xa-2023.ipynb"


def test_docs_build(tmp_path: Path) -> None:
    pytest.importorskip("sphinx", reason="the docs extra is not installed")
    pytest.importorskip("myst_parser", reason="the docs extra is not installed")
    pytest.importorskip("furo", reason="the docs extra is not installed")
    out = subprocess.run(
        [
            *(sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html"),
            *("-d", str(tmp_path / "doctrees"), str(DOCS), str(tmp_path / "html")),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    html = tmp_path / "html"
    for page in ("index", "getting-started", "domain", "notebooks", "bat-dau-nhanh", "api"):
        assert (html / f"{page}.html").exists(), page
    # One API page per public module, with the module's docstring in it.
    sys.path.insert(0, str(DOCS))
    try:
        import conf  # the docs' own conf.py lists the public modules
    finally:
        sys.path.remove(str(DOCS))
    for module in conf.public_modules():
        page = html / "reference" / f"{module}.html"
        assert page.exists(), module
    assert "Bắt đầu nhanh" in (html / "bat-dau-nhanh.html").read_text(encoding="utf-8")
    domain = (html / "domain.html").read_text(encoding="utf-8")
    for needle in ("inferred", "18/25", "20/25", "at_least_half", "strict"):
        assert needle in domain
    assert (html / "_downloads").exists(), "the notebook is offered for download"


def test_notebook_runs() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "store the notebook without outputs"
    )
    env_before = os.environ.get("JUPYTER_PLATFORM_DIRS")
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"  # silences jupyter_core's migration warning
    try:
        client = nbclient.NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
        )
        client.execute()  # raises CellExecutionError when a cell fails
    finally:
        if env_before is None:
            os.environ.pop("JUPYTER_PLATFORM_DIRS", None)
        else:
            os.environ["JUPYTER_PLATFORM_DIRS"] = env_before
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    mimes = {m for o in outputs for m in o.get("data", {})}
    assert "text/html" in mimes  # the plan and the progress displayed as HTML
    assert "image/png" in mimes, "the chart displayed"
