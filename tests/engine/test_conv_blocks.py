"""Conv2D computes the same, whole batch or a block of images at a time.

Large convolutions make their im2col patches and their input-gradient slabs a block
of images at a time (``engine.im2col``); forcing one image per block on a small
layer must give the whole-batch results and pass the gradient check.
"""

import numpy as np
import pytest

from netdesigner.engine import im2col
from netdesigner.engine.gradcheck import check_layer_gradients
from netdesigner.engine.layers import create_layer

PARAMS = [
    ({"filters": 3, "kernel_size": 3, "padding": "same"}, (5, 6, 4)),
    ({"filters": 2, "kernel_size": [3, 2], "strides": [1, 2]}, (6, 7, 5)),
]


def _one_image_per_block(monkeypatch):
    monkeypatch.setattr(im2col, "PATCH_BLOCK", 1)
    monkeypatch.setattr(im2col, "SLABS_IN_ONE_GO", 0)
    monkeypatch.setattr(im2col, "SLAB_BLOCK", 1)


def _forward_backward(params, shape):
    layer = create_layer("Conv2D", {**params, "activation": "tanh"})
    layer.build(shape, np.random.default_rng(0), np.float64)
    rng = np.random.default_rng(1)
    y = layer.forward(rng.standard_normal((3, *shape)), training=True)
    dx = layer.backward(rng.standard_normal(y.shape))
    return y, dx, {k: g.copy() for k, g in layer.grads.items()}


@pytest.mark.parametrize(("params", "shape"), PARAMS, ids=str)
def test_blocks_of_one_image_match_the_whole_batch(monkeypatch, params, shape):
    whole = _forward_backward(params, shape)
    _one_image_per_block(monkeypatch)
    blocked = _forward_backward(params, shape)
    for a, b in zip(whole[:2], blocked[:2], strict=True):
        np.testing.assert_allclose(b, a, rtol=1e-12, atol=1e-12)
    for name, grad in whole[2].items():
        np.testing.assert_allclose(blocked[2][name], grad, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(("params", "shape"), PARAMS, ids=str)
def test_blocks_of_one_image_pass_the_gradient_check(monkeypatch, params, shape):
    _one_image_per_block(monkeypatch)
    layer = create_layer("Conv2D", params)
    errors = check_layer_gradients(layer, shape, batch=3)
    assert max(errors.values()) <= 1e-6, errors
