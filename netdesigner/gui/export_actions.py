"""File ▸ Export: Keras and PyTorch scripts, the canvas as PNG or SVG, plots, metrics.

``install_export_menu(window)`` fills the main window's ``export_menu`` and returns
the ``ExportActions`` that run the exports. The training panel hands over what only
it knows, when it exists: ``set_history_source(callable)`` (returns the run's
history dict, or None before a run) and ``set_plot_source(callable)`` (returns
``{title: pyqtgraph PlotWidget}``). Save dialogs go through ``ask_save_path``, which
tests replace.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from netdesigner.design.errors import DesignError
from netdesigner.design.export import (
    export_bundle,
    export_script,
    write_history_csv,
)
from netdesigner.gui import export_images

HistorySource = Callable[[], "Mapping[str, Any] | None"]
PlotSource = Callable[[], "Mapping[str, Any]"]

#: code targets: (menu text, --to name, file-name suffix, dialog filter)
CODE_TARGETS = (
    (
        QT_TRANSLATE_NOOP("Export", "&Keras script…"),
        "keras",
        "_keras.py",
        QT_TRANSLATE_NOOP("Export", "Python files (*.py)"),
    ),
    (
        QT_TRANSLATE_NOOP("Export", "&PyTorch script…"),
        "pytorch",
        "_torch.py",
        QT_TRANSLATE_NOOP("Export", "Python files (*.py)"),
    ),
)

#: picture formats: (suffix, dialog filter)
PICTURES = {
    "png": QT_TRANSLATE_NOOP("Export", "PNG images (*.png)"),
    "svg": QT_TRANSLATE_NOOP("Export", "SVG drawings (*.svg)"),
}
translate = QCoreApplication.translate


class ExportActions(QObject):
    """The export actions of one main window (see the module docstring)."""

    def __init__(self, window: Any, menu: QMenu) -> None:
        super().__init__(window)
        self.window = window
        self.menu = menu
        self.history_source: HistorySource | None = None
        self.plot_source: PlotSource | None = None
        self.actions: dict[str, QAction] = {}
        for text, target, suffix, filters in CODE_TARGETS:
            self._add(
                target,
                translate("Export", text),
                lambda t=target, s=suffix, f=filters: self.export_code(
                    t, s, translate("Export", f)
                ),
            )
        bundles = (
            (self.tr("Keras &bundle (folder)…"), "keras"),
            (self.tr("PyTorch b&undle (folder)…"), "pytorch"),
        )
        for text, target in bundles:
            self._add(f"{target}_bundle", text, lambda t=target: self.export_bundle(t))
        menu.addSeparator()
        self._add("png", self.tr("Canvas as P&NG…"), lambda: self.export_canvas("png"))
        self._add("svg", self.tr("Canvas as &SVG…"), lambda: self.export_canvas("svg"))
        self.plots_menu = menu.addMenu(self.tr("P&lots"))
        self.plots_menu.aboutToShow.connect(self._on_plots_menu_about_to_show)
        menu.addSeparator()
        self._add("csv", self.tr("&Metrics as CSV…"), self.export_metrics)
        menu.aboutToShow.connect(self._on_menu_about_to_show)

    # ----------------------------------------------------------- hooks for others
    def set_history_source(self, source: HistorySource | None) -> None:
        """``source()`` returns the last run's history dict (None before a run)."""
        self.history_source = source

    def set_plot_source(self, source: PlotSource | None) -> None:
        """``source()`` returns ``{title: pyqtgraph PlotWidget}`` to export."""
        self.plot_source = source

    def ask_save_path(self, title: str, suggested: Path, filters: str) -> str | None:
        """The file to write, or None when the user cancels (replaced in tests)."""
        path, _ = QFileDialog.getSaveFileName(
            self.window, title, str(suggested), filters
        )
        return path or None

    # ----------------------------------------------------------- the exports
    def export_code(self, target: str, suffix: str, filters: str) -> Path | None:
        """Ask for a file name and write the design as a ``target`` script, with
        the weights this window holds now (trained, saved or not) beside it."""
        doc = self.window.document
        title = self.tr("Export {target} script").format(target=target)
        out = self._ask(title, self._suggest(suffix), filters)
        if out is None:
            return None
        weights = dict(doc.weights)
        written: list[Path] = []
        if not self._run(
            lambda: written.extend(
                export_script(doc.for_saving(), doc.file_path, target, out, weights)
            )
        ):
            return None
        self.window.show_message(_wrote(written))
        return out

    def export_bundle(self, target: str) -> Path | None:
        """A folder with the script, this window's weights and the data set."""
        doc = self.window.document
        title = self.tr("Export {target} bundle (a new folder)").format(target=target)
        folder = self._ask(title, self._suggest("_bundle"), "")
        if folder is None:
            return None
        weights = dict(doc.weights)
        written: list[Path] = []
        if not self._run(
            lambda: written.extend(
                export_bundle(doc.for_saving(), doc.file_path, target, folder, weights)
            )
        ):
            return None
        self.window.show_message(_wrote(written, folder.name))
        return folder

    def export_canvas(self, fmt: str) -> Path | None:
        """The canvas as shown (selection hidden) to PNG at 2× or to SVG."""
        title = self.tr("Export canvas as {format}").format(format=fmt.upper())
        out = self._ask(
            title, self._suggest("." + fmt), translate("Export", PICTURES[fmt])
        )
        if out is None:
            return None
        scene, name = self.window.scene, self.window.document.design.name
        if fmt == "png":
            write = lambda: export_images.render_scene_png(scene, out, scale=2.0)  # noqa: E731
        else:
            write = lambda: export_images.render_scene_svg(scene, out, title=name)  # noqa: E731
        if not self._run(write):
            return None
        self.window.show_message(_wrote([out], pictures=True))
        return out

    def export_metrics(self) -> Path | None:
        """The last run's per-epoch history as CSV."""
        history = self.history_source() if self.history_source is not None else None
        if not history:
            self.window.show_error(
                self.tr("Export metrics"),
                self.tr("There is no training history yet; train the design first."),
            )
            return None
        out = self._ask(
            self.tr("Export metrics as CSV"),
            self._suggest("_history.csv"),
            self.tr("CSV files (*.csv)"),
        )
        if out is None or not self._run(lambda: write_history_csv(history, out)):
            return None
        self.window.show_message(_wrote([out], pictures=True))
        return out

    def export_plot(self, title: str, plot: Any, fmt: str) -> Path | None:
        """One plot to PNG (2×) or SVG with pyqtgraph's exporters."""
        slug = re.sub(r"\W+", "_", title.lower()).strip("_") or "plot"
        suggested = self._suggest(f"_{slug}.{fmt}")
        out = self._ask(
            self.tr("Export {plot} as {format}").format(plot=title, format=fmt.upper()),
            suggested,
            translate("Export", PICTURES[fmt]),
        )
        if out is None or not self._run(lambda: export_images.export_plot(plot, out)):
            return None
        self.window.show_message(_wrote([out], pictures=True))
        return out

    # ----------------------------------------------------------- helpers
    def _add(self, key: str, text: str, slot: Callable[[], Any]) -> None:
        action = QAction(text, self.menu)
        action.triggered.connect(lambda _checked=False: slot())
        self.menu.addAction(action)
        self.actions[key] = action

    def _ask(self, title: str, suggested: Path, filters: str) -> Path | None:
        path = self.ask_save_path(title, suggested, filters)
        return None if not path else Path(path)

    def _suggest(self, suffix: str) -> Path:
        """``lenet_keras.py`` beside the design file (or in the current folder)."""
        doc = self.window.document
        if doc.file_path:
            return Path(doc.file_path).with_name(Path(doc.file_path).stem + suffix)
        stem = re.sub(r"\W+", "_", doc.design.name).strip("_") or "design"
        return Path.cwd() / (stem + suffix)

    def _run(self, write: Callable[[], Any]) -> bool:
        try:
            write()
        except DesignError as exc:
            self.window.show_error(self.tr("Export failed"), str(exc))
            return False
        return True

    def _plots(self) -> Mapping[str, Any]:
        return dict(self.plot_source() or {}) if self.plot_source is not None else {}

    def _on_menu_about_to_show(self) -> None:
        history = self.history_source() if self.history_source is not None else None
        self.actions["csv"].setEnabled(bool(history))
        self.plots_menu.setEnabled(bool(self._plots()))

    def _on_plots_menu_about_to_show(self) -> None:
        self.plots_menu.clear()
        for title, plot in self._plots().items():
            for fmt in PICTURES:
                action = self.plots_menu.addAction(
                    self.tr("{plot} as {format}…").format(
                        plot=title, format=fmt.upper()
                    )
                )
                action.triggered.connect(
                    lambda _checked=False, t=title, p=plot, f=fmt: self.export_plot(
                        t, p, f
                    )
                )


def _wrote(files: list[Path], folder: str = "", pictures: bool = False) -> str:
    """``Wrote a.py and a.weights.npz`` (and says when no weights went along)."""
    names = [f.name for f in files]
    if len(names) > 1:
        text = translate("Export", "Wrote {files} and {last}").format(
            files=translate("Export", ", ").join(names[:-1]), last=names[-1]
        )
    else:
        text = translate("Export", "Wrote {file}").format(file=names[0])
    if not pictures and not any(name.endswith(".weights.npz") for name in names):
        text = translate(
            "Export",
            "{wrote} (no trained weights yet: the script starts from fresh weights)",
        ).format(wrote=text)
    if folder:
        text = translate("Export", "{wrote} in {folder}").format(
            wrote=text, folder=folder
        )
    return text


def install_export_menu(
    window: Any,
    history: HistorySource | None = None,
    plots: PlotSource | None = None,
) -> ExportActions:
    """Fill ``window.export_menu`` (File ▸ Export) and return its actions.

    window : the main window (``document``, ``scene``, ``export_menu``,
        ``show_message``, ``show_error``).
    history, plots : see ``ExportActions.set_history_source`` / ``set_plot_source``.
    """
    actions = ExportActions(window, window.export_menu)
    actions.set_history_source(history)
    actions.set_plot_source(plots)
    return actions
