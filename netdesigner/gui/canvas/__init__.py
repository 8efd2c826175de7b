"""The editing canvas: a QGraphicsScene that follows the Document, and its view."""

from netdesigner.gui.canvas.scene import NetScene
from netdesigner.gui.canvas.view import NODE_MIME_TYPE, CanvasView

__all__ = ["NODE_MIME_TYPE", "CanvasView", "NetScene"]
