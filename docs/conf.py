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


def _top_level_objects() -> set[int]:
    """The objects ``cchc_model`` itself exports: documented on its page, once."""
    return {id(getattr(cchc_model, name)) for name in cchc_model.__all__ if name != "__version__"}


def _data_comment(module: str, name: str, obj: object) -> list[str]:
    """The ``#:`` comment of a constant, read in the module that defines it (a
    re-exported constant has no docstring of its own)."""
    import importlib

    from sphinx.pycode import ModuleAnalyzer

    package = importlib.import_module(module)
    candidates = [module]
    if hasattr(package, "__path__"):
        candidates += [m.name for m in pkgutil.walk_packages(package.__path__, module + ".")]
    for home in candidates:
        if getattr(importlib.import_module(home), name, None) is obj:
            docs = ModuleAnalyzer.for_module(home).find_attr_docs().get(("", name))
            if docs:
                return [line for line in docs if line.strip()]
    return []


def _directive(qualified: str, obj: object) -> list[str]:
    if isinstance(obj, type):
        return [f".. autoclass:: {qualified}", "   :members:", ""]
    if callable(obj):
        return [f".. autofunction:: {qualified}", ""]
    module, name = qualified.rsplit(".", 1)
    body = ["", *(f"   {line}" for line in _data_comment(module, name, obj))]
    return [f".. py:data:: {name}", f"   :module: {module}", *body, ""]


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")


def _generate_reference() -> None:
    """One page per public module; each object is documented once, where users
    import it from: the names of ``cchc_model`` on its page, the rest on the page
    of the (sub)package or module that exports them (``cchc_model.formats.json_schema``)."""
    import importlib

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
    for name in cchc_model.__all__:
        obj = getattr(cchc_model, name)
        if name != "__version__" and not isinstance(obj, type(cchc_model)):
            lines += _directive(f"cchc_model.{name}", obj)
            _DOCUMENTED[id(obj)] = f"cchc_model.{name}"
    lines += ["```", ""]
    _write_if_changed(REFERENCE / "cchc_model.md", "\n".join(lines))
    top = _top_level_objects()
    for module in public_modules():
        mod = importlib.import_module(module)
        names = getattr(mod, "__all__", None)
        if names is None:
            names = [
                n
                for n, o in vars(mod).items()
                if not n.startswith("_") and getattr(o, "__module__", None) == module
            ]
        lines = [
            f"# `{module}`",
            "",
            "```{eval-rst}",
            f".. automodule:: {module}",
            "   :no-members:",
            "",
        ]
        also = []
        for name in names:
            obj = getattr(mod, name)
            if isinstance(obj, type(cchc_model)):
                continue
            if id(obj) in top:
                also.append(name)
            else:
                lines += _directive(f"{module}.{name}", obj)
                _DOCUMENTED.setdefault(id(obj), f"{module}.{name}")
        lines += ["```", ""]
        if also:
            links = ", ".join(f"{{py:obj}}`~cchc_model.{n}`" for n in also)
            lines += [f"Also here, documented with the package: {links}.", ""]
        wanted.add(f"{module}.md")
        _write_if_changed(REFERENCE / f"{module}.md", "\n".join(lines))
    for stale in REFERENCE.glob("*.md"):
        if stale.name not in wanted:
            stale.unlink()


#: Names outside this project (no intersphinx: the build works offline) and
#: private machinery that docstrings mention by name.
nitpick_ignore_regex = [
    (
        "py:.*",
        r"(os|collections\.abc|datetime|enum|html|argparse|concurrent\.futures|cf|typing)\..*",
    ),
    ("py:.*", r"(attrs|cattrs|pd|pandas|matplotlib|tabulate|docx|openpyxl|pdfplumber)\..*"),
    ("py:.*", r"(Table|Paragraph|Document|Figure|Source|StatusRulesSource|plans)"),
    ("py:.*", r"cchc_model(\.\w+)*\._\w+(\.\w+)*"),
]

#: Where each documented object's page is: filled by _generate_reference.
_DOCUMENTED: dict[int, str] = {}


def _documented_as(target: str, module: str | None) -> str | None:
    """The documented path of what ``target`` names, written in ``module``."""
    import importlib

    for base in (module, "cchc_model") if module else ("cchc_model",):
        path = target if target.startswith("cchc_model") else f"{base}.{target}"
        parts = path.split(".")
        for i in range(len(parts), 0, -1):
            try:
                obj: Any = importlib.import_module(".".join(parts[:i]))
            except ImportError:
                continue
            try:
                for attr in parts[i:]:
                    obj = getattr(obj, attr)
            except AttributeError:
                break
            owner, rest = obj, []
            if id(owner) in _DOCUMENTED:
                return _DOCUMENTED[id(owner)]
            # a method or attribute of a documented class
            for j in range(len(parts) - 1, i - 1, -1):
                head: Any = importlib.import_module(".".join(parts[:i]))
                try:
                    for attr in parts[i:j]:
                        head = getattr(head, attr)
                except AttributeError:
                    break
                rest = parts[j:]
                if id(head) in _DOCUMENTED:
                    return ".".join([_DOCUMENTED[id(head)], *rest])
            break
    return None


def _by_short_name(target: str) -> str | None:
    """The one documented path ending in ``target`` ("PlanRollup", "Rollup.rows")."""
    found = {p for p in _DOCUMENTED.values() if p == target or p.endswith("." + target)}
    return found.pop() if len(found) == 1 else None


def _resolve(app: Any, env: Any, node: Any, contnode: Any) -> Any:
    """Resolve a cross-reference to where the object is documented: ``progress``
    written in a private module, ``cchc_model.figures.progress``, a re-exported
    class's name (``PlanRollup``); an attrs field or cached property that has no
    entry of its own links to its class."""
    if node.get("refdomain") != "py":
        return None
    target = node.get("reftarget", "")
    domain = env.get_domain("py")
    candidates = [target]
    if "." in target:
        candidates.append(target.rsplit(".", 1)[0])  # the class of an attribute
    for candidate in candidates:
        found = _documented_as(candidate, node.get("py:module"))
        found = found if found not in (None, target) else None
        for path in filter(None, (found, _by_short_name(candidate))):
            for reftype in (node["reftype"], "obj"):
                ref = domain.resolve_xref(
                    env, node["refdoc"], app.builder, reftype, path, node, contnode
                )
                if ref is not None:
                    return ref
    return None


def setup(app: Any) -> None:
    _generate_reference()
    app.connect("missing-reference", _resolve)
