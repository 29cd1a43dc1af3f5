"""``python -m cchc_model``: the ``cchc`` command (see :mod:`cchc_model.cli`)."""

from __future__ import annotations

import sys

from cchc_model.cli import main

__all__ = ["main"]

if __name__ == "__main__":
    sys.exit(main())
