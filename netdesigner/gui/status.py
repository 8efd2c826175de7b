"""The status bar: hints on the left; parameters, validity and zoom on the right."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from netdesigner.gui.canvas import style
from netdesigner.gui.canvas.view import CanvasView
from netdesigner.gui.document import Document


class StatusBar(QStatusBar):
    def __init__(self, doc: Document, view: CanvasView, parent: QWidget | None = None):
        super().__init__(parent)
        self.doc = doc
        self.params = QLabel()
        self.validity = QLabel()
        self.zoom = QLabel()
        for label in (self.params, self.validity, self.zoom):
            label.setContentsMargins(8, 0, 8, 0)
            self.addPermanentWidget(label)
        doc.analysis_changed.connect(self.refresh)
        doc.design_reset.connect(self.refresh)
        view.zoom_changed.connect(self._on_view_zoom_changed)
        self._on_view_zoom_changed(view.zoom())
        self.refresh()

    def refresh(self) -> None:
        total = self.doc.total_params()
        self.params.setText(
            self.tr("{count} parameters").format(count=style.format_count(total))
        )
        errors = self.doc.error_count()
        warnings = len(self.doc.problems) - errors
        if errors:
            text = self.tr("✖ {count} errors") if errors > 1 else self.tr("✖ 1 error")
            text, color = text.format(count=errors), style.ERROR
        elif warnings:
            text = (
                self.tr("⚠ {count} warnings")
                if warnings > 1
                else self.tr("⚠ 1 warning")
            )
            text, color = text.format(count=warnings), style.WARNING
        else:
            text, color = self.tr("✔ ready to train"), style.OK
        if not self.doc.design.nodes:
            text, color = self.tr("empty design"), style.text_color(muted=True)
        self.validity.setText(text)
        self.validity.setStyleSheet(f"color: {color.name()}; font-weight: 600;")

    def _on_view_zoom_changed(self, zoom: float) -> None:
        self.zoom.setText(f"{zoom * 100:.0f} %")
