"""Test set-up shared by every package's tests.

Runs before pytest-qt creates the QApplication: offscreen Qt, one BLAS thread, and
settings/recovery folders that are not the real user's.
"""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
_home = tempfile.mkdtemp(prefix="netdesigner-test-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_home, "cache")
