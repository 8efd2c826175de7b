"""The loss landscape: the training loss over a plane through weight space, and the
path gradient descent takes across it (the course's gradient-descent lesson).

::

    scape = LossLandscape(trainer)
    scape.record()                      # after every step: the weights' path
    picture = scape.surface()           # {"x", "y", "loss", "labels", ...}
    scape.path()                        # (k, 2) the path in the plane's coordinates

The plane: with exactly two trainable weights it is theirs, so the picture is exact
(w1 across, w2 up). With more it goes through the current weights along the two
directions the recorded path moved most (principal components, as Li et al. 2018
"Visualizing the loss landscape of neural nets" do for trajectories); before any
path exists, along two random directions scaled per weight array to its norm (their
"filter normalisation"). The loss is the trainer's loss (with weight penalties) on
at most ``max_samples`` training samples, in inference mode. The network's weights
are restored after every computation.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.losses import chunk_loss

#: grid points per side: the exact two-weight plane, and a projected one
RESOLUTION = (41, 31)


class LossLandscape:
    """Loss surface and training path of ``trainer``'s network (see the module)."""

    def __init__(
        self, trainer: Any, max_samples: int = 512, max_values: int = 4_000_000
    ) -> None:
        data = getattr(trainer, "data", None)
        if data is None or getattr(trainer, "loss", None) is None:
            raise EngineError(
                "the perceptron rule follows no loss: a step neuron's loss is flat "
                "with cliffs, so there is no slope to descend (lesson 4 shows "
                "gradient descent)"
            )
        self.trainer = trainer
        self.network = trainer.network
        self.params = self.network.flat_params
        n = min(max_samples, data.n_train)
        self.x = data.training_inputs(n)
        self.t = data.t_train[:n]
        # the path keeps at most ``max_values`` numbers (16 MB of float32)
        self.max_path = max(200, min(20_000, max_values // self.params.size))
        self._path: list[np.ndarray] = [self.params.copy()]
        self.origin = np.zeros_like(self.params, dtype=np.float64)
        self.directions = np.zeros((2, self.params.size))
        self.labels: tuple[str, ...] = ("", "")
        self.box: tuple[float, float, float, float] | None = None
        self._recorded = 0  # weights recorded so far
        self._checked = 0  # path points known to lie in ``box``
        self._fitted_at = -1  # ``_recorded`` when the axes were chosen (-1: never)

    @property
    def exact(self) -> bool:
        """True when the network has exactly two trainable weights."""
        return self.params.size == 2

    # -- the path -------------------------------------------------------------------
    def record(self) -> None:
        """Add the current weights to the path (every other point is dropped once the
        path is ``max_path`` long, so a long run keeps its shape)."""
        self._path.append(self.params.copy())
        self._recorded += 1
        if len(self._path) > self.max_path:
            last = self._path[-1]
            self._path = self._path[::2]
            if self._path[-1] is not last:
                self._path.append(last)
            self._checked = 0

    def reset_path(self) -> None:
        """Start the path again from the current weights (Reset, a new run)."""
        self._path = [self.params.copy()]
        self._recorded += 1
        self._fitted_at = -1
        self._checked = 0
        self.box = None

    def path(self, limit: int | None = None) -> np.ndarray:
        """``(k, 2)`` float64: the recorded weights in the plane's coordinates (at most
        about ``limit`` of them, evenly spaced, always with the first and last)."""
        if self._fitted_at < 0:
            self._fit_axes()
        path = self._path
        if limit is not None and len(path) > limit:
            step = -(-len(path) // limit)
            path = path[::step] + ([path[-1]] if (len(path) - 1) % step else [])
        return self._project(np.asarray(path, dtype=np.float64))

    def frame(self, refit: bool = False, limit: int = 2000) -> dict[str, Any]:
        """What a view needs now: ``{"path": (k, 2), "labels", "exact"}``, and the
        ``"surface"`` (see ``surface``) when it changed."""
        out: dict[str, Any] = {}
        if self.needs_surface(refit):
            out["surface"] = self.surface(refit)
        out.update(path=self.path(limit), labels=self.labels, exact=self.exact)
        if self.exact:
            out["weight_keys"] = self.weight_keys()  # what the plane's axes are
        return out

    def _project(self, weights: np.ndarray) -> np.ndarray:
        return (weights - self.origin) @ self.directions.T

    # -- the plane ------------------------------------------------------------------
    def _fit_axes(self) -> None:
        """Choose the plane (see the module docstring)."""
        path = np.asarray(self._path, dtype=np.float64)
        self._fitted_at = self._recorded
        if self.exact:
            self.origin = np.zeros(2)
            self.directions = np.eye(2)
            self.labels = tuple(self._weight_name(i) for i in range(2))
            return
        self.origin = path[-1]
        moved = path - self.origin
        if len(path) >= 3 and np.linalg.matrix_rank(moved) >= 2:
            _, s, vt = np.linalg.svd(moved, full_matrices=False)
            share = s[:2] ** 2 / max(float(np.sum(s**2)), 1e-300)
            self.directions = vt[:2]
            self.labels = tuple(
                f"direction {k + 1} ({100 * share[k]:.0f}% of the path)"
                for k in range(2)
            )
            return
        self.directions = self._random_directions()
        self.labels = ("random direction 1", "random direction 2")

    def _random_directions(self) -> np.ndarray:
        """Two directions, each weight array's part scaled to that array's norm."""
        rng = np.random.default_rng(0)
        out = rng.normal(size=(2, self.params.size))
        start = 0
        for size in self.network.param_sizes:
            part = slice(start, start + size)
            norm = float(np.linalg.norm(self.params[part])) or 1.0
            for d in out:
                d[part] *= norm / (float(np.linalg.norm(d[part])) or 1.0)
            start += size
        return out

    def weight_keys(self) -> list[tuple[str, tuple[int, ...]]]:
        """Each flat weight as ``("<node id>/<name>", index in that array)``, in the
        flat buffer's order (the keys of ``Network.get_weights()``)."""
        keys = []
        for layer_id in self.network.order:  # the order _pack_trainable uses
            layer = self.network.layers[layer_id]
            if not layer.trainable:
                continue
            for name, array in layer.params.items():
                for where in np.ndindex(array.shape):
                    keys.append((f"{layer_id}/{name}", tuple(int(i) for i in where)))
        return keys

    def _weight_name(self, index: int) -> str:
        """``"output/kernel[1, 0]"`` for flat weight ``index``."""
        key, where = self.weight_keys()[index]
        return f"{key}[{', '.join(map(str, where))}]"

    def _fit_box(self, path: np.ndarray) -> tuple[float, float, float, float]:
        """A square around the path with a third more room, at least a unit wide."""
        lo, hi = path.min(axis=0), path.max(axis=0)
        if not self.exact:
            lo, hi = np.minimum(lo, -1.0), np.maximum(hi, 1.0)
        centre, half = (lo + hi) / 2, float(np.max(hi - lo)) / 2 * 1.35
        half = max(half, 1.0)
        return (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)

    def needs_surface(self, refit: bool = False) -> bool:
        """True when ``surface`` would change: none yet, the path left the box, or
        (``refit``) the projected plane's axes are stale."""
        if self.box is None:
            return True
        if refit and not self.exact and self._recorded != self._fitted_at:
            return True
        new = self._path[min(self._checked, len(self._path) - 1) :]
        self._checked = len(self._path)  # points once inside stay inside
        x, y = self._project(np.asarray(new, dtype=np.float64)).T
        x0, x1, y0, y1 = self.box
        return not bool(((x >= x0) & (x <= x1) & (y >= y0) & (y <= y1)).all())

    def surface(self, refit: bool = False) -> dict[str, Any]:
        """The loss over the plane: ``{"x": (R,), "y": (R,), "loss": (R, R) (rows
        are y), "labels": (x name, y name), "exact": bool}``."""
        if self._fitted_at < 0 or (refit and not self.exact):
            self._fit_axes()
        self.box = self._fit_box(self.path())
        self._checked = len(self._path)
        resolution = RESOLUTION[0] if self.exact else RESOLUTION[1]
        x0, x1, y0, y1 = self.box
        xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
        losses = np.empty((resolution, resolution))
        saved = self.params.copy()
        try:
            for iy, b in enumerate(ys):
                for ix, a in enumerate(xs):
                    point = (
                        self.origin + a * self.directions[0] + b * self.directions[1]
                    )
                    losses[iy, ix] = self._loss_at(point)
        finally:
            np.copyto(self.params, saved)
        return {
            "x": xs,
            "y": ys,
            "loss": losses,
            "labels": self.labels,
            "exact": self.exact,
        }

    def _loss_at(self, weights: np.ndarray) -> float:
        net, trainer = self.network, self.trainer
        np.copyto(self.params, weights, casting="unsafe")
        with np.errstate(all="ignore"):
            y = net.forward(self.x, False)
            out = net.layers[net.output_id]
            value = chunk_loss(trainer.loss, out, y, self.t, trainer.fused)
            value += sum(reg.penalty(w) for reg, w, _ in net.regularizers)
        return float(value) if np.isfinite(value) else float("nan")
