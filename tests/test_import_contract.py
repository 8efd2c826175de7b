"""The core packages must stay Qt-free (ARCHITECTURE.md: arrows point down only)."""

import subprocess
import sys

CORE = [
    "netdesigner.engine",
    "netdesigner.data",
    "netdesigner.live",
    "netdesigner.design",
    "netdesigner.commands",
    "netdesigner.cli",
]


def test_core_packages_do_not_import_qt():
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {CORE!r}:\n"
        "    mod = importlib.import_module(name)\n"
        "    path = getattr(mod, '__path__', [])\n"
        "    for info in pkgutil.walk_packages(path, name + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'shiboken6'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "", f"Qt was imported by the core: {out.stdout}"


def test_resources_are_found():
    from netdesigner.resources import resources_dir

    assert (resources_dir() / "schema").is_dir()
