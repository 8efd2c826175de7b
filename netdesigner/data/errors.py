"""The one exception of ``netdesigner.data`` (re-exported by ``dataset`` and the
package), in a module of its own so that every data module can raise it."""


class DataError(ValueError):
    """A bad data file or data-set argument, phrased as one sentence for a student."""
