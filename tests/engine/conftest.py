"""Lets the engine tests import their shared builders from ``engine_helpers``.

pytest runs in importlib mode (pyproject.toml), which does not put a test's folder on
``sys.path``.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)
