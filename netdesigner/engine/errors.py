"""Exceptions raised by the engine; the GUI and CLI show the message as a sentence."""


class EngineError(ValueError):
    """A problem with what the engine was asked to do, phrased for a student."""


class ShapeError(EngineError):
    """A tensor shape does not fit a layer (e.g. a kernel larger than its input)."""


class WindowTooLargeError(ShapeError):
    """A convolution or pooling window larger than its input with padding='valid';
    padding='same' (or a smaller window) fixes it."""


class DivergenceError(EngineError):
    """Training produced a non-finite loss or weight."""
