"""``python -m netdesigner`` runs the command line (and, with no command, the GUI)."""

import sys

from netdesigner.cli import main

sys.exit(main())
