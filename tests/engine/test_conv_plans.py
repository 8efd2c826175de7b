"""Conv2D's GEMM plans give the same results, and each is chosen where it was measured
to win.

Conv2D picks, by shape, row blocks or im2col patches for the forward pass and the
kernel gradient, and the kernel band, whole planes or slabs for the input gradient
(``engine.conv_bands``, ``engine.im2col``). Every plan is checked here against a
direct sum over the kernel offsets, written out independently of the engine, and by
the gradient check; forcing the other plan on the same layer must not change a
number.
"""

import numpy as np
import pytest

from netdesigner.engine import conv_bands
from netdesigner.engine.gradcheck import check_layer_gradients
from netdesigner.engine.layers import create_layer

# (layer arguments, input shape): LeNet-5's two convolutions at a small batch, and
# shapes for each plan's edges (odd widths, a tall kernel, 'same' padding)
CASES = [
    ({"filters": 6, "kernel_size": 5, "padding": "same"}, (28, 28, 1)),
    ({"filters": 16, "kernel_size": 5}, (14, 14, 6)),
    ({"filters": 3, "kernel_size": [3, 2], "padding": "same"}, (5, 6, 4)),
    ({"filters": 4, "kernel_size": [2, 3]}, (6, 8, 2)),
    ({"filters": 5, "kernel_size": 3, "padding": "same"}, (6, 8, 3)),
    ({"filters": 2, "kernel_size": 3}, (6, 9, 1)),  # Wo = 7: no row blocks
]


def _direct(x, kernel, bias, padding):
    """Cross-correlation as tf.keras, one kernel offset at a time (stride 1)."""
    kh, kw = kernel.shape[:2]
    if padding == "same":  # TF: the odd pixel goes after
        ph, pw = kh - 1, kw - 1
        x = np.pad(
            x, ((0, 0), (ph // 2, ph - ph // 2), (pw // 2, pw - pw // 2), (0, 0))
        )
    ho, wo = x.shape[1] - kh + 1, x.shape[2] - kw + 1
    z = np.zeros((x.shape[0], ho, wo, kernel.shape[3])) + bias
    for i in range(kh):
        for j in range(kw):
            z += x[:, i : i + ho, j : j + wo, :] @ kernel[i, j]
    return z


def _layer(params, shape, dtype=np.float64):
    layer = create_layer("Conv2D", params)
    layer.build(shape, np.random.default_rng(0), dtype)
    layer.params["bias"][...] = np.random.default_rng(2).standard_normal(layer.filters)
    layer.need_input_grad = True
    return layer


def _forward_backward(params, shape):
    layer = _layer(params, shape)
    rng = np.random.default_rng(1)
    x = rng.standard_normal((3, *shape))
    y = layer.forward(x, training=True)
    dy = rng.standard_normal(y.shape)
    dx = layer.backward(dy)
    return layer, x, y, dy, dx


def _other_plans(monkeypatch):
    monkeypatch.setattr(conv_bands, "ROW_BLOCK_CHANNELS", 0)
    monkeypatch.setattr(conv_bands, "BAND_CHANNELS", 0)


@pytest.mark.parametrize(("params", "shape"), CASES, ids=str)
def test_forward_is_the_direct_sum(params, shape):
    layer, x, y, _, _ = _forward_backward(params, shape)
    want = _direct(x, layer.params["kernel"], layer.params["bias"], layer.padding)
    np.testing.assert_allclose(y, want, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("params", "shape"), CASES, ids=str)
def test_gradients_are_the_adjoint_of_the_direct_sum(params, shape):
    """<dy, conv(x)> is bilinear: its gradients in x and the kernel, taken by hand
    from the direct sum, are what backward gives."""
    layer, x, _, dy, dx = _forward_backward(params, shape)
    kernel = layer.params["kernel"]
    rng = np.random.default_rng(3)
    # directional derivatives along random directions, exact for a bilinear form
    for _ in range(3):
        u = rng.standard_normal(x.shape)
        v = rng.standard_normal(kernel.shape)
        zero = np.zeros(layer.filters)
        along_x = np.sum(dy * _direct(u, kernel, zero, layer.padding))
        along_k = np.sum(dy * _direct(x, v, zero, layer.padding))
        np.testing.assert_allclose(np.sum(dx * u), along_x, rtol=1e-10)
        np.testing.assert_allclose(
            np.sum(layer.grads["kernel"] * v), along_k, rtol=1e-10
        )
    np.testing.assert_allclose(layer.grads["bias"], dy.sum(axis=(0, 1, 2)), rtol=1e-12)


@pytest.mark.parametrize(("params", "shape"), CASES, ids=str)
def test_other_plans_give_the_same_numbers(monkeypatch, params, shape):
    layer, _, y, _, dx = _forward_backward(params, shape)
    grads = {k: g.copy() for k, g in layer.grads.items()}
    _other_plans(monkeypatch)
    other, _, y2, _, dx2 = _forward_backward(params, shape)
    assert layer.plan != other.plan  # the forced plan really is another one
    np.testing.assert_allclose(y2, y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(dx2, dx, rtol=1e-12, atol=1e-12)
    for name, grad in grads.items():
        np.testing.assert_allclose(other.grads[name], grad, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("params", "shape"), CASES, ids=str)
def test_each_plan_passes_the_gradient_check(params, shape):
    layer = create_layer("Conv2D", {**params, "activation": "tanh"})
    small = (min(shape[0], 9), min(shape[1], 9), shape[2])
    errors = check_layer_gradients(layer, small, batch=2)
    assert max(errors.values()) <= 1e-6, errors


def test_lenet_uses_row_blocks_and_the_kernel_band():
    """The plans where they were measured to win (see engine.conv_bands)."""
    assert conv_bands.row_block_width((5, 5, 1, 6), (1, 1), 28) == 4
    assert conv_bands.row_block_width((5, 5, 6, 16), (1, 1), 10) == 2
    assert conv_bands.banded_input_grad_fits((5, 5, 6, 16), (64, 14, 14, 6), (1, 1), 4)
    layer, *_ = _forward_backward(*CASES[0])
    assert layer.plan == "row blocks of 4, input gradient by kernel band"
    layer, *_ = _forward_backward(*CASES[1])
    assert layer.plan == "row blocks of 2, input gradient by kernel band"


def test_wide_layers_keep_im2col():
    """The CIFAR-size convolutions: 32 filters, 32 channels, strides."""
    assert conv_bands.row_block_width((3, 3, 3, 32), (1, 1), 32) == 0
    assert conv_bands.row_block_width((3, 3, 32, 64), (1, 1), 16) == 0
    assert conv_bands.row_block_width((5, 5, 1, 6), (2, 2), 14) == 0
    assert not conv_bands.banded_input_grad_fits(
        (3, 3, 32, 64), (64, 18, 18, 32), (1, 1), 4
    )
    assert not conv_bands.banded_input_grad_fits(
        (5, 5, 6, 16), (64, 15, 15, 6), (2, 2), 4
    )


def test_row_block_kernel_spreads_each_offset_to_its_place():
    kernel = np.random.default_rng(0).standard_normal((2, 3, 2, 4))
    q = 3
    spread = conv_bands.row_block_kernel(kernel, q).reshape(2, q + 2, 2, q, 4)
    for t in range(q):
        for u in range(q + 2):
            want = kernel[:, u - t] if 0 <= u - t < 3 else np.zeros((2, 2, 4))
            np.testing.assert_array_equal(spread[:, u, :, t, :], want)


def test_kernel_band_places_each_offset_on_its_diagonal():
    kernel = np.random.default_rng(0).standard_normal((2, 3, 2, 4))
    wp = 6
    band = conv_bands.kernel_band(kernel, wp).reshape(4, 4, 2, wp, 2)
    for xo in range(4):
        for x in range(wp):
            want = kernel[:, x - xo].transpose(2, 0, 1) if 0 <= x - xo < 3 else 0.0
            np.testing.assert_array_equal(band[xo, :, :, x, :], want)


def test_band_blocks_of_one_image_match_the_whole_batch(monkeypatch):
    rng = np.random.default_rng(0)
    kernel = rng.standard_normal((3, 3, 2, 4))
    dz = rng.standard_normal((5, 4, 6, 4))
    whole = conv_bands.input_grad_banded(dz, kernel, (5, 6, 8, 2))
    monkeypatch.setattr(conv_bands, "BAND_BLOCK", 1)
    blocked = conv_bands.input_grad_banded(dz, kernel, (5, 6, 8, 2))
    np.testing.assert_array_equal(blocked, whole)


def test_row_blocks_stay_within_their_memory(monkeypatch):
    monkeypatch.setattr(conv_bands, "ROW_BLOCK_BYTES", 1000)
    layer, *_ = _forward_backward(*CASES[0])
    assert layer.plan.startswith("im2col columns")
