"""Sphinx configuration of the cchc-model documentation (see docs/README.md)."""

from __future__ import annotations

import pkgutil
from importlib.metadata import version as _version
from pathlib import Path
from typing import Any

import cchc_model

HERE = Path(__file__).parent

project = "cchc-model"
author = "cchc-model contributors"
copyright = "cchc-model contributors"  # the name Sphinx reads
release = _version("cchc-model")
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]
source_suffix = {".md": "markdown"}
root_doc = "contents"  # the toctrees; index.md stays plain Markdown
language = "en"
exclude_patterns = ["_build", "README.md", "examples", ".ipynb_checkpoints"]

myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence", "deflist"]

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"members": True, "show-inheritance": False}

html_theme = "furo"
html_title = f"cchc-model {release}"

# --------------------------------------------------------------------------- #
# API reference: one page per public module, generated from the package, so a
# new module gets its page without anyone editing the docs.
# --------------------------------------------------------------------------- #
REFERENCE = HERE / "reference"


def public_modules() -> list[str]:
    """The public modules and subpackages of cchc_model: no part of the name starts
    with an underscore (so ``cchc_model.formats.word``, not ``cchc_model.formats._csv``)."""
    return sorted(
        m.name
        for m in pkgutil.walk_packages(cchc_model.__path__, "cchc_model.")
        if not any(part.startswith("_") for part in m.name.split(".")[1:])
    )


#: The names re-exported by ``cchc_model`` that no public module lists in its
#: ``__all__``: they are documented on the package's own page (the others on the
#: page of their subpackage, e.g. ``Plan`` on ``cchc_model.model``).
def _package_members() -> list[str]:
    import importlib

    listed = set()
    for module in public_modules():
        mod = importlib.import_module(module)
        listed.update(id(getattr(mod, n, None)) for n in getattr(mod, "__all__", ()))
    return [
        name
        for name in cchc_model.__all__
        if id(getattr(cchc_model, name, None)) not in listed
        and not isinstance(getattr(cchc_model, name, None), type(cchc_model))
        and name != "__version__"
    ]


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _generate_reference() -> None:
    REFERENCE.mkdir(exist_ok=True)
    wanted = {"cchc_model.md"}
    lines = [
        "# `cchc_model`",
        "",
        "```{eval-rst}",
        ".. automodule:: cchc_model",
        "   :no-members:",
        "",
    ]
    for name in _package_members():
        obj = getattr(cchc_model, name)
        directive = "autoclass" if isinstance(obj, type) else "autofunction"
        lines += [
            f".. {directive}:: cchc_model.{name}",
            "   :members:" * (directive == "autoclass"),
        ]
    lines += ["```", ""]
    _write_if_changed(REFERENCE / "cchc_model.md", "\n".join(lines))
    for module in public_modules():
        wanted.add(f"{module}.md")
        text = f"# `{module}`\n\n```{{eval-rst}}\n.. automodule:: {module}\n```\n"
        _write_if_changed(REFERENCE / f"{module}.md", text)
    for stale in REFERENCE.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()


def setup(app: Any) -> None:
    _generate_reference()
