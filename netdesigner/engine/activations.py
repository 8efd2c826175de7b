"""Activation functions by their tf.keras names, each with a forward and a derivative.

Every activation is an object in ``ACTIVATIONS``::

    act = get_activation("tanh")
    a = act.forward(z)              # z : any shape, float32 or float64; a : same
    dz = act.backward(da, z, a)     # vector-Jacobian product, same shape as z

Elementwise activations also give ``derivative(z, a)`` (da/dz elementwise). ``softmax``
works on the last axis and is not elementwise: its ``backward`` is the Jacobian-vector
product ``a * (da - sum(da * a))``.

Notes
-----
Numerics: sigmoid never evaluates ``exp`` of a large positive number, softplus uses
``max(z, 0) + log1p(exp(-|z|))``, softmax subtracts the row maximum (log-sum-exp).
Nothing upcasts a float32 array to float64: constants are Python floats.
``leaky_relu`` uses tf.keras's default negative slope 0.2 and ``gelu`` the exact erf
form (tf.keras ``approximate=False``).
"""

from __future__ import annotations

import math

import numpy as np

from netdesigner.engine.errors import EngineError
from netdesigner.engine.registry import Registry
from netdesigner.i18n import N_

ACTIVATIONS: Registry[Activation] = Registry(N_("activation"))

_SQRT_HALF = 1.0 / math.sqrt(2.0)
_INV_SQRT_2PI = 1.0 / math.sqrt(2.0 * math.pi)
_erf = np.frompyfunc(math.erf, 1, 1)


class Activation:
    """An activation function: ``forward`` and its derivative.

    Subclasses define ``forward`` and ``derivative`` (elementwise ones) or
    ``backward`` (softmax).
    """

    name = ""
    elementwise = True

    def forward(self, z: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def derivative(self, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """da/dz elementwise, from the input ``z`` and/or the output ``a``."""
        raise NotImplementedError

    def backward(self, da: np.ndarray, z: np.ndarray, a: np.ndarray) -> np.ndarray:
        """dL/dz from dL/da (a vector-Jacobian product)."""
        return da * self.derivative(z, a)

    def __repr__(self) -> str:
        return f"<activation {self.name}>"


def _register(cls: type[Activation]) -> type[Activation]:
    ACTIVATIONS.register(cls.name)(cls())
    return cls


def get_activation(name: str | Activation) -> Activation:
    """The activation called ``name`` (an ``Activation`` is returned unchanged)."""
    if isinstance(name, Activation):
        return name
    if not isinstance(name, str):
        raise EngineError(
            f"an activation must be a name such as 'relu', found {name!r}"
        )
    return ACTIVATIONS.get(name)


@_register
class Linear(Activation):
    name = "linear"

    def forward(self, z):
        return z

    def derivative(self, z, a):
        return np.ones_like(z)

    def backward(self, da, z, a):
        return da


@_register
class Step(Activation):
    """The perceptron's Heaviside step: 1 where z >= 0, else 0; derivative 0."""

    name = "step"

    def forward(self, z):
        return (z >= 0).astype(z.dtype)

    def derivative(self, z, a):
        return np.zeros_like(z)


@_register
class Sigmoid(Activation):
    name = "sigmoid"

    def forward(self, z):
        # e^min(z,0) / (1 + e^-|z|) is 1/(1+e^-z) for z >= 0 and e^z/(1+e^z) below:
        # no exp overflows, no cancellation, and no np.where (slow on large arrays)
        return np.exp(np.minimum(z, 0.0)) / (1.0 + np.exp(-np.abs(z)))

    def derivative(self, z, a):
        return a * (1.0 - a)


@_register
class Tanh(Activation):
    name = "tanh"

    def forward(self, z):
        return np.tanh(z)

    def derivative(self, z, a):
        return 1.0 - a * a


@_register
class ReLU(Activation):
    name = "relu"

    def forward(self, z):
        return np.maximum(z, 0.0)

    def derivative(self, z, a):
        return (z > 0).astype(z.dtype)

    def backward(self, da, z, a):
        # a > 0 exactly where z > 0; a bool-mask multiply is ~10x faster than np.where
        return np.multiply(da, a > 0, dtype=da.dtype)


@_register
class LeakyReLU(Activation):
    name = "leaky_relu"
    negative_slope = 0.2

    def forward(self, z):
        # max(z, slope·z) equals the two branches for a slope below 1
        return np.maximum(z, self.negative_slope * z)

    def derivative(self, z, a):
        slope = self.negative_slope
        return np.multiply(z > 0, 1.0 - slope, dtype=z.dtype) + slope


@_register
class ELU(Activation):
    name = "elu"
    alpha = 1.0

    def forward(self, z):
        # one branch is zero wherever the other applies, so their sum is elu
        return np.maximum(z, 0.0) + self.alpha * np.expm1(np.minimum(z, 0.0))

    def derivative(self, z, a):
        # 1 above zero, alpha·e^z below; e^min(z, 0) is 1 above zero
        e = np.exp(np.minimum(z, 0.0))
        return e if self.alpha == 1.0 else np.where(z > 0, 1.0, self.alpha * e)


@_register
class Softplus(Activation):
    name = "softplus"

    def forward(self, z):
        return np.maximum(z, 0.0) + np.log1p(np.exp(-np.abs(z)))

    def derivative(self, z, a):
        return ACTIVATIONS.get("sigmoid").forward(z)


@_register
class Swish(Activation):
    """z * sigmoid(z) (tf.keras "swish", also called SiLU)."""

    name = "swish"

    def forward(self, z):
        return z * ACTIVATIONS.get("sigmoid").forward(z)

    def derivative(self, z, a):
        s = ACTIVATIONS.get("sigmoid").forward(z)
        # d/dz z*s = s + z*s*(1-s) = s + a*(1-s)
        return s + a * (1.0 - s)


# Abramowitz & Stegun 7.1.26: |error| <= 1.5e-7, about float32's own rounding
_AS_P = 0.3275911
_AS_A = (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)


def _erf_float32(x: np.ndarray) -> np.ndarray:
    """erf for float32 arrays, vectorised (``math.erf`` per element is ~100x slower).

    Computed in float64 with the A&S rational approximation, returned as float32.
    """
    ax = np.abs(x, dtype=np.float64)
    t = 1.0 / (1.0 + _AS_P * ax)
    poly = _AS_A[0]
    for coefficient in _AS_A[1:]:
        poly = poly * t + coefficient
    y = 1.0 - poly * t * np.exp(-ax * ax)
    return np.copysign(y, x).astype(x.dtype)


def _phi_cdf(z: np.ndarray) -> np.ndarray:
    """Standard normal CDF, elementwise, in z's dtype.

    float64 (gradient checks) uses the exact ``math.erf``; float32 training uses a
    vectorised approximation within float32's rounding.
    """
    if not z.size:
        return z.copy()
    x = z * _SQRT_HALF
    if z.dtype == np.float64:
        erf = np.asarray(_erf(x), dtype=z.dtype)  # frompyfunc gives objects
    else:
        erf = _erf_float32(x)
    return 0.5 * (1.0 + erf)


@_register
class GELU(Activation):
    """Exact GELU, z * Phi(z) with the normal CDF (tf.keras approximate=False)."""

    name = "gelu"

    def forward(self, z):
        return z * _phi_cdf(z)

    def derivative(self, z, a):
        pdf = np.exp(-0.5 * z * z) * _INV_SQRT_2PI
        return _phi_cdf(z) + z * pdf


@_register
class Softmax(Activation):
    """Softmax over the last axis, shifted by the row maximum (log-sum-exp)."""

    name = "softmax"
    elementwise = False

    def forward(self, z):
        e = np.exp(z - z.max(axis=-1, keepdims=True))
        e /= e.sum(axis=-1, keepdims=True)
        return e

    def derivative(self, z, a):
        raise EngineError(
            "softmax has no elementwise derivative; expected backward(da, z, a), "
            "found a call to derivative"
        )

    def backward(self, da, z, a):
        # J^T da with J = diag(a) - a a^T, row by row
        return a * (da - (da * a).sum(axis=-1, keepdims=True))
