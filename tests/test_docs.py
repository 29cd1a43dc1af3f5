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
            *(sys.executable, "-m", "sphinx", "-n", "-W", "--keep-going", "-q", "-b", "html"),
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


#: The pages people open on GitHub, which shows MyST syntax as raw text.
GITHUB_PAGES = [ROOT / "README.md", *(DOCS / p for p in ("index.md", "getting-started.md"))]
GITHUB_PAGES.append(DOCS / "bat-dau-nhanh.md")


@pytest.mark.parametrize("page", GITHUB_PAGES, ids=lambda p: p.name)
def test_pages_read_on_github_have_no_myst_syntax(page: Path) -> None:
    import re

    text = page.read_text(encoding="utf-8")
    roles = re.findall(r"\{[a-z][a-z:-]*\}`[^`]*`", text)
    directives = re.findall(r"^(?:```+|:::+)\s*\{[a-z][\w:-]*\}.*$", text, flags=re.MULTILINE)
    assert roles == [], f"{page.name}: MyST roles show raw on GitHub; use Markdown links"
    assert directives == [], f"{page.name}: MyST directives show raw on GitHub"


def test_api_overview_lists_every_public_name() -> None:
    import re

    import cchc_model

    text = (DOCS / "api.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([\w.]+)` \| (.+) \|$", text, flags=re.MULTILINE)
    listed = [name for name, _ in rows]
    assert sorted(listed) == sorted(cchc_model.__all__)
    # One line each, and a link to where it is explained (but the version).
    for name, line in rows:
        assert name == "__version__" or re.search(r"\]\([\w./#-]+\)", line), name


def test_install_commands_work_from_a_clone() -> None:
    # The package is not on a registry: the guides install it from a clone, and
    # the extras they name exist.
    import re

    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    section = pyproject.split("[project.optional-dependencies]", 1)[1].split("\n[", 1)[0]
    extras = set(re.findall(r"^([\w-]+) = \[", section, flags=re.MULTILINE))
    for page in GITHUB_PAGES:
        text = page.read_text(encoding="utf-8")
        assert not re.search(r"pip install -?U? ?'?cchc-model", text), page.name
        named = re.findall(r"pip install '\.\[([\w,-]+)\]'", text)
        for group in named:
            assert set(group.split(",")) <= extras, (page.name, group)
    guides = [
        (DOCS / p).read_text(encoding="utf-8") for p in ("getting-started.md", "bat-dau-nhanh.md")
    ]
    for text in guides:
        assert "pip install .  " in text
        assert "pip wheel --no-deps -w dist ." in text


def test_help_starts_with_an_overview() -> None:
    import cchc_model

    doc = cchc_model.__doc__ or ""
    overview = doc.split(">>>", 1)[0]
    assert doc.startswith("cchc-model: Vietnamese CCHC reform plans")
    for name in ("read(path)", "write(plan, path)", "progress(plan)", "CCHCError", "docs/api.md"):
        assert name in overview, name
