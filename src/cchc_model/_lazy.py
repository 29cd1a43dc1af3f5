"""Names a package imports on first use (PEP 562), so that importing it stays light.

A package lists the names it re-exports lazily and the module each comes from, and
takes its module ``__getattr__`` and ``__dir__`` from :func:`attach` (the pattern of
Scientific Python's SPEC 1 and its ``lazy_loader``). Type checkers and readers see
the same names imported under ``if TYPE_CHECKING:`` in the package.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping, Sequence
from typing import Any


def attach(
    package: str, lazy: Mapping[str, str], names: Sequence[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of ``package``.

    ``lazy`` maps a name to the module that defines it; the name is imported from
    it on first use and then kept in the package, so later lookups are plain
    attribute reads. A name that is the module itself (``examples``) gives the
    module. ``names`` is the package's ``__all__``, which ``dir()`` lists.
    """
    namespace = sys.modules[package].__dict__

    def __getattr__(name: str) -> Any:
        if name not in lazy:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module = importlib.import_module(lazy[name])
        value = module if module.__name__ == f"{package}.{name}" else getattr(module, name)
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return list(names)

    return __getattr__, __dir__
