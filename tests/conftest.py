"""Test set-up shared by every package's tests.

Runs before pytest-qt creates the QApplication: offscreen Qt, one BLAS thread,
settings/recovery folders that are not the real user's, and English messages.
"""

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
_home = tempfile.mkdtemp(prefix="netdesigner-test-home-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_home, "cache")
# English whatever the machine's locale: the messages tests read are English; tests
# of other languages choose theirs explicitly (netdesigner.i18n.set_language, --lang)
# (Qt warns without a UTF-8 locale, so the locale stays UTF-8)
for _variable in ("LC_ALL", "LC_MESSAGES"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"
os.environ["LANGUAGE"] = "en"
