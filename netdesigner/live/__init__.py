"""A training run as the GUI, the command line and lessons see it — Qt-free.

Between ``netdesigner.gui`` (which adapts it to Qt signals) and ``netdesigner.design``
(the document it trains): the run itself (``run.LiveRun``: commands, training,
halting, pacing), what it reports (``frames``: ``Frame``, ``Status`` with a
``RunState``, ``SessionSummary``), the command mailbox the GUI writes to
(``gate``), the run's log of losses and epochs (``records``), probes of a plane's
decision map and of image predictions (``probe``), loss-landscape and layer insights
(``insights``), the curve series (``series``), settings that apply while training
(``settings``), the sentences for why training stopped (``messages``) and neuron
surgery on trained weights (``weights``), and the colour maps and data-set previews
the views draw (``colors``, ``previews``). Nothing here imports PySide6 or
pyqtgraph.
"""
