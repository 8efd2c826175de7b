"""Forward and backward of every layer against PyTorch with the same weights (float64).

PyTorch is channels-first, so inputs are permuted NHWC -> NCHW and the Conv2D kernel
(kh, kw, in, out) -> (out, in, kh, kw). TF's uneven "same" padding is applied with
``F.pad`` before PyTorch's unpadded operators.
"""

import numpy as np
import pytest

from netdesigner.engine.layers import create_layer

torch = pytest.importorskip("torch")
F = torch.nn.functional

RTOL = 1e-10


def _nhwc(t):
    return t.detach().numpy().transpose(0, 2, 3, 1)


def _close(ours, theirs):
    scale = max(np.abs(theirs).max(), 1e-300)
    assert np.abs(ours - theirs).max() <= RTOL * scale


def _to_torch(a, grad=False):
    """NHWC arrays go to NCHW; others unchanged."""
    a = np.ascontiguousarray(a.transpose(0, 3, 1, 2)) if a.ndim == 4 else a
    return torch.tensor(a, requires_grad=grad)


def _from_torch(t):
    return _nhwc(t) if t.ndim == 4 else t.detach().numpy()


def _run(kind, params, shape, torch_fn, *, batch=3, training=True, seed=0):
    """Build our layer, run forward/backward with L = Σ y·w, and the same in torch.

    torch_fn(x_torch, layer) -> y_torch, channels-first for images.
    Returns the layer after comparing y and dx; parameter gradients are compared by
    the callers, whose torch_fn keeps the torch parameters.
    """
    rng = np.random.default_rng(seed)
    layer = create_layer(kind, params)
    layer.build(shape, np.random.default_rng(seed + 1), np.float64)
    for p in layer.params.values():  # non-trivial values for gamma, beta, biases
        p[...] = rng.standard_normal(p.shape) * 0.5 + (p == 1)
    x = rng.standard_normal((batch, *shape))
    y = layer.forward(x, training=training)
    w = rng.standard_normal(y.shape)
    dx = layer.backward(w)

    xt = _to_torch(x, grad=True)
    yt = torch_fn(xt, layer)
    (yt * _to_torch(w)).sum().backward()
    _close(y, _from_torch(yt))
    _close(dx, _from_torch(xt.grad))
    return layer


def _param(layer, name, transform=lambda a: a):
    return torch.tensor(transform(layer.params[name]), requires_grad=True)


ACTIVATIONS = {
    "linear": lambda z: z,
    "sigmoid": torch.sigmoid,
    "tanh": torch.tanh,
    "relu": torch.relu,
    "leaky_relu": lambda z: F.leaky_relu(z, 0.2),
    "elu": F.elu,
    "softplus": F.softplus,
    "swish": F.silu,
    "gelu": F.gelu,
    "softmax": lambda z: torch.softmax(z, dim=-1),
}


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_dense(activation):
    saved = {}

    def torch_dense(xt, layer):
        saved["k"] = _param(layer, "kernel")
        saved["b"] = _param(layer, "bias")
        return ACTIVATIONS[activation](xt @ saved["k"] + saved["b"])

    layer = _run("Dense", {"units": 4, "activation": activation}, (5,), torch_dense)
    _close(layer.grads["kernel"], saved["k"].grad.numpy())
    _close(layer.grads["bias"], saved["b"].grad.numpy())


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_activation_layer(activation):
    def fn(xt, layer):
        return ACTIVATIONS[activation](xt)

    _run("Activation", {"activation": activation}, (6,), fn)


def _tf_same(size, window, stride, padding):
    """TensorFlow's (before, after) padding of one axis, written out here so the
    comparison does not take it from the engine: the odd pixel goes after."""
    if padding != "same":
        return 0, 0
    total = max((-(-size // stride) - 1) * stride + window - size, 0)
    return total // 2, total - total // 2


def _tf_pad(xt, shape, window, strides, padding, value=0.0):
    ph = _tf_same(shape[0], window[0], strides[0], padding)
    pw = _tf_same(shape[1], window[1], strides[1], padding)
    return F.pad(xt, (pw[0], pw[1], ph[0], ph[1]), value=value)


CONV_CASES = [
    ({"filters": 3, "kernel_size": 3}, (7, 6, 2)),
    (
        {"filters": 3, "kernel_size": 5, "padding": "same", "activation": "relu"},
        (8, 8, 1),
    ),
    ({"filters": 2, "kernel_size": [3, 2], "strides": 2}, (7, 8, 3)),
    ({"filters": 4, "kernel_size": 4, "strides": [2, 3], "padding": "same"}, (9, 8, 2)),
    ({"filters": 2, "kernel_size": 2, "strides": 2, "padding": "same"}, (5, 5, 1)),
    (
        {"filters": 4, "kernel_size": 3, "padding": "same", "activation": "relu"},
        (6, 7, 5),
    ),
    ({"filters": 3, "kernel_size": [2, 3], "strides": [2, 1]}, (7, 6, 4)),
]


@pytest.mark.parametrize(("params", "shape"), CONV_CASES, ids=str)
def test_conv2d(params, shape):
    saved = {}

    def torch_conv(xt, layer):
        saved["k"] = _param(layer, "kernel", lambda k: k.transpose(3, 2, 0, 1).copy())
        saved["b"] = _param(layer, "bias")
        xp = _tf_pad(xt, shape, layer.kernel_size, layer.strides, layer.padding)
        z = F.conv2d(xp, saved["k"], saved["b"], stride=layer.strides)
        return torch.relu(z) if layer.activation_name == "relu" else z

    layer = _run("Conv2D", params, shape, torch_conv)
    _close(layer.grads["kernel"], saved["k"].grad.numpy().transpose(2, 3, 1, 0))
    _close(layer.grads["bias"], saved["b"].grad.numpy())


POOL_CASES = [
    ({}, (8, 6, 3)),
    ({}, (7, 5, 2)),
    ({"pool_size": 3}, (9, 9, 2)),
    ({"pool_size": 3, "strides": 1}, (6, 5, 2)),
    ({"pool_size": 2, "strides": 1, "padding": "same"}, (5, 6, 2)),
    ({"pool_size": [3, 2], "strides": 2, "padding": "same"}, (7, 6, 1)),
]


@pytest.mark.parametrize(("params", "shape"), POOL_CASES, ids=str)
def test_max_pooling(params, shape):
    def fn(xt, layer):
        xp = _tf_pad(xt, shape, layer.pool_size, layer.strides, layer.padding, -np.inf)
        return F.max_pool2d(xp, layer.pool_size, layer.strides)

    _run("MaxPooling2D", params, shape, fn)


@pytest.mark.parametrize(("params", "shape"), POOL_CASES, ids=str)
def test_average_pooling(params, shape):
    def fn(xt, layer):
        args = (layer.pool_size, layer.strides)
        total = F.avg_pool2d(_tf_pad(xt, shape, *args, layer.padding), *args)
        ones = torch.ones((1, 1, *shape[:2]), dtype=xt.dtype)
        count = F.avg_pool2d(_tf_pad(ones, shape, *args, layer.padding), *args)
        return total / count  # TF divides by the real values only

    _run("AveragePooling2D", params, shape, fn)


def test_global_average_pooling():
    def fn(xt, layer):
        return xt.mean(dim=(2, 3))

    _run("GlobalAveragePooling2D", {}, (4, 5, 3), fn)


@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("shape", [(5,), (4, 3, 2)])
def test_batch_normalization(training, shape):
    saved = {}

    def fn(xt, layer):
        saved["g"] = _param(layer, "gamma")
        saved["b"] = _param(layer, "beta")
        saved["mean"] = torch.tensor(layer.buffers["moving_mean"].copy())
        saved["var"] = torch.tensor(layer.buffers["moving_variance"].copy())
        return F.batch_norm(
            xt,
            saved["mean"],
            saved["var"],
            saved["g"],
            saved["b"],
            training=training,
            momentum=0.01,
            eps=1e-3,
        )

    def ours_then_torch(xt, layer):
        # our forward already updated the moving statistics; give torch the old ones
        layer.buffers["moving_mean"][...] = before_mean
        layer.buffers["moving_variance"][...] = before_var
        return fn(xt, layer)

    rng = np.random.default_rng(9)
    before_mean = rng.standard_normal(shape[-1])
    before_var = rng.uniform(0.5, 2.0, shape[-1])
    layer = create_layer("BatchNormalization", {})
    layer.build(shape, rng, np.float64)
    layer.buffers["moving_mean"][...] = before_mean
    layer.buffers["moving_variance"][...] = before_var
    rng2 = np.random.default_rng(3)
    layer.params["gamma"][...] = rng2.uniform(0.5, 1.5, shape[-1])
    layer.params["beta"][...] = rng2.standard_normal(shape[-1])
    x = rng2.standard_normal((6, *shape)) * 2 + 1
    y = layer.forward(x, training=training)
    moving = {k: v.copy() for k, v in layer.buffers.items()}
    w = rng2.standard_normal(y.shape)
    dx = layer.backward(w)

    xt = _to_torch(x, grad=True)
    yt = ours_then_torch(xt, layer)
    (yt * _to_torch(w)).sum().backward()
    _close(y, _from_torch(yt))
    _close(dx, _from_torch(xt.grad))
    _close(layer.grads["gamma"], saved["g"].grad.numpy())
    _close(layer.grads["beta"], saved["b"].grad.numpy())
    _close(moving["moving_mean"], saved["mean"].numpy())
    if training:  # torch keeps the unbiased variance, keras the biased one
        m = x.size // shape[-1]
        biased = (saved["var"].numpy() - 0.99 * before_var) * (
            m - 1
        ) / m + 0.99 * before_var
        _close(moving["moving_variance"], biased)


def test_flatten_add_concatenate():
    def flatten(xt, layer):
        return xt.permute(0, 2, 3, 1).reshape(xt.shape[0], -1)

    _run("Flatten", {}, (3, 4, 2), flatten)
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2, 3, 4, 2)), rng.standard_normal((2, 3, 4, 5))
    cat = create_layer("Concatenate", {})
    y = cat.forward([a, b])
    ta, tb = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    yt = torch.cat([ta, tb], dim=-1)
    w = rng.standard_normal(y.shape)
    (yt * torch.tensor(w)).sum().backward()
    da, db = cat.backward(w)
    _close(y, yt.detach().numpy())
    _close(da, ta.grad.numpy())
    _close(db, tb.grad.numpy())
