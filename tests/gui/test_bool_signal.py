"""Guard against PySide6 6.12.0 / Python 3.11 bool_dealloc aborts (ARCHITECTURE.md)."""

import subprocess
import sys


def test_bool_signal_survives_ten_thousand_emits():
    code = (
        "import os; os.environ.setdefault('QT_QPA_PLATFORM', 'offscreen')\n"
        "from PySide6.QtCore import QObject, Signal, QCoreApplication\n"
        "app = QCoreApplication([])\n"
        "class Emitter(QObject):\n"
        "    toggled = Signal(bool)\n"
        "got = []\n"
        "e = Emitter()\n"
        "e.toggled.connect(got.append)\n"
        "for i in range(10000):\n"
        "    e.toggled.emit(i % 2 == 0)\n"
        "print(len(got), sum(got))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, (
        f"the process died: {out.returncode} {out.stderr[-500:]}"
    )
    assert out.stdout.split() == ["10000", "5000"]
