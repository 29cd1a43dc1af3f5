"""The package's surface: what `import cchc_model` loads, exports and names lazily."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import cchc_model

#: Not imported by `import cchc_model`: the runtime dependencies a program may
#: never need (cattrs only loads data, python-dateutil and tabulate only parse
#: loose dates and render tables), every optional extra, and the library's own
#: modules behind the lazily imported names (the figures among them: building or
#: reading a plan does not need the calculators).
NOT_EAGER = [
    "cattrs",
    "dateutil",
    "tabulate",
    "pandas",
    "numpy",
    "matplotlib",
    "docx",
    "pdfplumber",
    "pdfminer",
    "lxml",
    "sphinx",
    "IPython",
    "cchc_model.examples",
    "cchc_model.formats.converters",
    "cchc_model.display.charts",
    "cchc_model.formats.dataframes",
    "cchc_model.formats.word",
    "cchc_model.formats.pdf",
    "cchc_model.cli",
    "cchc_model.model.status",  # the phrase table, read on the first Status.parse
    "cchc_model.figures",
    "cchc_model.figures._progress",
    "cchc_model.figures._compare",
    "cchc_model.figures._reconcile",
    "cchc_model.figures._rollup",
]


def test_import_is_light() -> None:
    code = (
        "import json, sys; import cchc_model; "
        f"print(json.dumps([m for m in {NOT_EAGER!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []


def test_all_is_sorted_and_every_name_resolves() -> None:
    names = [n for n in cchc_model.__all__ if n != "__version__"]
    assert names == sorted(names, key=lambda n: (n[0].islower(), n))
    for name in cchc_model.__all__:
        assert getattr(cchc_model, name) is not None, name
    subpackages = ["documents", "errors", "figures", "formats", "model"]
    assert dir(cchc_model) == sorted([*cchc_model.__all__, *subpackages])
    for name in subpackages:  # each an attribute, for tab completion in a notebook
        assert getattr(cchc_model, name).__name__ == f"cchc_model.{name}"


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("plot_progress", "cchc_model.display.charts"),
        ("to_dataframe", "cchc_model.formats.dataframes"),
        ("from_dataframe", "cchc_model.formats.dataframes"),
        ("read_docx", "cchc_model.formats.word"),
        ("write_docx", "cchc_model.formats.word"),
        ("read_pdf", "cchc_model.formats.pdf"),
        ("rollup", "cchc_model.figures._rollup"),
        ("compare", "cchc_model.figures._compare"),
        ("reconcile", "cchc_model.figures._reconcile"),
        ("progress", "cchc_model.figures._progress"),
        ("render_summary", "cchc_model.figures._progress"),
    ],
)
def test_names_are_their_modules_functions(name: str, module: str) -> None:
    # Lazily or not, the package attribute is the function, never the module
    # of the same name (importing a submodule sets a package attribute).
    __import__(module)
    obj = getattr(cchc_model, name)
    assert callable(obj)
    assert obj.__module__ == module
    assert obj.__name__ == name


def test_star_import_gives_every_public_name() -> None:
    namespace: dict[str, object] = {}
    exec("from cchc_model import *", namespace)
    assert set(cchc_model.__all__) <= set(namespace)


def test_error_unknown_attribute() -> None:
    with pytest.raises(AttributeError, match="module 'cchc_model' has no attribute 'nope'"):
        cchc_model.nope  # noqa: B018
    with pytest.raises(
        AttributeError, match=r"module 'cchc_model\.figures' has no attribute 'nope'"
    ):
        cchc_model.figures.nope  # noqa: B018


def test_lazy_names_of_a_subpackage_are_its_public_names() -> None:
    # `from cchc_model.figures import rollup` and `dir()` work before the
    # module behind the name is imported (run in a fresh interpreter).
    code = (
        "import sys, cchc_model.figures as f; "
        "before = 'cchc_model.figures._rollup' in sys.modules; "
        "from cchc_model.figures import PlanRollup, rollup; "
        "print(before, rollup.__module__, dir(f) == sorted(f.__all__), "
        "all(getattr(f, n) is not None for n in f.__all__))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "cchc_model.figures._rollup", "True", "True"]


def test_the_lazy_subpackage_is_an_attribute_after_import_cchc_model() -> None:
    code = "import cchc_model; print(cchc_model.figures.progress is cchc_model.progress)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True"]


def test_version_of_a_source_tree_that_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    monkeypatch.delitem(vars(cchc_model), "__version__", raising=False)
    assert cchc_model.__version__ == "0+unknown"


def test_docx_is_a_built_in_format_without_importing_the_word_module() -> None:
    code = (
        "import sys, cchc_model; "
        "print('docx' in cchc_model.available_formats(), 'cchc_model.formats.word' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


# --------------------------------------------------------------------------- #
# The layout (docs/architecture.md)
# --------------------------------------------------------------------------- #

SRC = Path(cchc_model.__file__).resolve().parent
DATA = Path(__file__).parent / "data"
MODULES = sorted(
    m.name
    for m in pkgutil.walk_packages(cchc_model.__path__, "cchc_model.")
    if not m.name.endswith("__main__")
)


def _imports_at_import_time(module: str) -> set[str]:
    """The library's modules that ``module`` imports when it is imported: its
    module-level imports (not those inside functions or under TYPE_CHECKING), each
    taken as the submodule it names, or else the package whose ``__init__`` it reads."""
    path = SRC.parent / (module.replace(".", "/"))
    source = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    is_package = source.name == "__init__.py"
    found: set[str] = set()

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    parts = module.split(".")
                    keep = len(parts) - node.level + (1 if is_package else 0)
                    base = ".".join(parts[:keep] + ([base] if base else []))
                for alias in node.names:
                    sub = f"{base}.{alias.name}"
                    found.add(sub if sub in ALL_MODULES else base)
            elif isinstance(node, ast.If):
                if not (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING"):
                    visit(node.body)
                    visit(node.orelse)
            elif isinstance(node, ast.Try):
                visit(node.body)

    visit(ast.parse(source.read_text(encoding="utf-8")).body)
    return {name for name in found if name in ALL_MODULES and name != module}


ALL_MODULES = {"cchc_model", *MODULES}


def test_no_import_cycles() -> None:
    """No module imports, at import time, one that imports it back (directly or
    not): each works whatever was imported first. Imports inside functions are
    how the light core reaches optional parts, and are not counted."""
    graph = {module: _imports_at_import_time(module) for module in ALL_MODULES}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for dep in sorted(graph[module]):
            if state.get(dep) == 1:
                cycles.append(" -> ".join([*path[path.index(dep) :], dep]))
            elif dep not in state:
                visit(dep, [*path, dep])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
    # The map in docs/architecture.md: the core never imports the outer areas.
    for module, deps in graph.items():
        if module.startswith(("cchc_model.model", "cchc_model.documents")):
            outer = {
                d
                for d in deps
                if d.startswith(
                    (
                        "cchc_model.formats",
                        "cchc_model.display",
                        "cchc_model.cli",
                        "cchc_model.figures",
                    )
                )
            }
            assert outer == set(), module


def test_subpackages_only_re_export() -> None:
    """An ``__init__.py`` holds a docstring, imports and ``__all__`` (and, for names
    imported on first use, their table, ``if TYPE_CHECKING:`` imports and the
    ``__getattr__`` that ``cchc_model._lazy.attach`` makes): the code is in the
    modules the map in docs/architecture.md names."""
    for init in SRC.rglob("__init__.py"):
        tree = ast.parse(init.read_text(encoding="utf-8"))
        body = tree.body[1:] if ast.get_docstring(tree) is not None else tree.body
        if init.parent == SRC:  # the package's own `__getattr__` also gives __version__
            continue
        for node in body:
            if isinstance(node, ast.If):  # imports for type checkers, or the __getattr__
                test = node.test
                if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
                    test, kind = test.operand, ast.Assign
                else:
                    kind = ast.ImportFrom
                assert isinstance(test, ast.Name), init
                assert test.id == "TYPE_CHECKING", init
                assert all(isinstance(n, kind) for n in node.body), init
                assert not node.orelse, init
            else:
                assert isinstance(node, (ast.Import, ast.ImportFrom, ast.Assign)), (
                    f"{init}: line {node.lineno}"
                )


def test_no_module_is_much_over_500_lines() -> None:
    """A newcomer reads a module in one sitting (about 500 lines at most)."""
    long = {
        str(path.relative_to(SRC)): n
        for path in SRC.rglob("*.py")
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 550
    }
    assert long == {}


@pytest.mark.parametrize(
    ("module", "suffix", "extra"),
    [("docx", ".docx", "docx"), ("pdfplumber", ".pdf", "pdf")],
)
def test_a_missing_extra_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    *,
    module: str,
    suffix: str,
    extra: str,
) -> None:
    # As with the base install (`pip install .`): one line saying what to install,
    # not a ModuleNotFoundError from deep inside.
    from cchc_model.cli import main
    from cchc_model.errors import FormatError

    path = tmp_path / f"bao-cao{suffix}"
    path.write_bytes(
        (DATA / "pdf" / "thanh_xa_2023.pdf").read_bytes()
        if suffix == ".pdf"
        else cchc_model.dumps(cchc_model.examples.thanh_xa_2023(), format="docx")
    )
    monkeypatch.setitem(sys.modules, module, None)  # `import module` now fails
    with pytest.raises(FormatError, match=rf"pip install 'cchc-model\[{extra}\]'"):
        cchc_model.read(path)
    assert main(["progress", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cchc: error: ")
    assert "Traceback" not in err
    if suffix == ".docx":
        with pytest.raises(FormatError, match=r"writing a \.docx document needs the 'docx'"):
            cchc_model.write(cchc_model.examples.thanh_xa_2023(), tmp_path / "x.docx")
