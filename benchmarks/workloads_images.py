"""Image workloads: MLP 784-128-64-10, LeNet-5 and a CIFAR-size CNN at batch 64,
float32, plus the peak memory of training the MLP on 70,000 Fashion-MNIST-sized uint8
images and the CNN on 10,000 CIFAR-sized ones.

As reference/performance.md sections 3 and 4: random MNIST-shaped data, ReLU,
softmax cross-entropy, SGD. A timed rep is one epoch of 10,000 samples (MLP) or 20
batches (LeNet, CIFAR CNN). Each function returns ``(run_once, samples_per_run)``.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

MLP_N, LENET_N, CIFAR_N, BATCH, LR = 10_000, 20 * 64, 20 * 64, 64, 0.01


def _data(n: int, shape: tuple[int, ...], seed: int = 0):
    rng = np.random.default_rng(seed)
    return rng.random((n, *shape), dtype=np.float32), rng.integers(0, 10, n)


def _chain(nodes):
    ids = [n.id for n in nodes]
    return list(zip(ids, ids[1:], strict=False))


def mlp_nodes():
    from netdesigner.engine import NodeSpec

    return [
        NodeSpec("in", "Input", {"shape": [784]}),
        NodeSpec("d1", "Dense", {"units": 128, "activation": "relu"}),
        NodeSpec("d2", "Dense", {"units": 64, "activation": "relu"}),
        NodeSpec("out", "Dense", {"units": 10, "activation": "softmax"}),
    ]


def lenet_nodes():
    from netdesigner.engine import NodeSpec

    conv = {"kernel_size": 5, "activation": "relu"}
    return [
        NodeSpec("in", "Input", {"shape": [28, 28, 1]}),
        NodeSpec("c1", "Conv2D", {"filters": 6, "padding": "same", **conv}),
        NodeSpec("p1", "MaxPooling2D", {"pool_size": 2}),
        NodeSpec("c2", "Conv2D", {"filters": 16, **conv}),
        NodeSpec("p2", "MaxPooling2D", {"pool_size": 2}),
        NodeSpec("f", "Flatten", {}),
        NodeSpec("d1", "Dense", {"units": 120, "activation": "relu"}),
        NodeSpec("d2", "Dense", {"units": 84, "activation": "relu"}),
        NodeSpec("out", "Dense", {"units": 10, "activation": "softmax"}),
    ]


def cifar_nodes():
    """conv 3x3x32 same, pool, conv 3x3x64 same, pool, dense 128, 10 on 32x32x3."""
    from netdesigner.engine import NodeSpec

    conv = {"kernel_size": 3, "padding": "same", "activation": "relu"}
    return [
        NodeSpec("in", "Input", {"shape": [32, 32, 3]}),
        NodeSpec("c1", "Conv2D", {"filters": 32, **conv}),
        NodeSpec("p1", "MaxPooling2D", {"pool_size": 2}),
        NodeSpec("c2", "Conv2D", {"filters": 64, **conv}),
        NodeSpec("p2", "MaxPooling2D", {"pool_size": 2}),
        NodeSpec("f", "Flatten", {}),
        NodeSpec("d1", "Dense", {"units": 128, "activation": "relu"}),
        NodeSpec("out", "Dense", {"units": 10, "activation": "softmax"}),
    ]


MODELS = {  # name: (nodes, samples per run, input shape)
    "mlp": (mlp_nodes, MLP_N, (784,)),
    "lenet": (lenet_nodes, LENET_N, (28, 28, 1)),
    "cifar": (cifar_nodes, CIFAR_N, (32, 32, 3)),
}


def engine(model: str, blas_threads: int = 1):
    """The real engine: Network + optimizer + Trainer, one epoch per run.

    With ``blas_threads`` > 1 each run raises the BLAS limit for itself only, so the
    one-thread cells of the same process keep one thread.
    """
    from netdesigner.engine import Network, Trainer
    from netdesigner.engine.threads import limit_blas_threads

    make_nodes, n, shape = MODELS[model]
    nodes = make_nodes()
    x, y = _data(n, shape)
    net = Network(nodes, _chain(nodes), rng=np.random.default_rng(0))
    trainer = Trainer(
        net,
        "sparse_categorical_crossentropy",
        {"type": "sgd", "learning_rate": LR},
        x,
        y,
        batch_size=BATCH,
        epochs=10**9,
        rng=np.random.default_rng(1),
    )
    if blas_threads == 1:
        return trainer.step_epoch, n

    def run():
        limit_blas_threads(blas_threads)
        try:
            trainer.step_epoch()
        finally:
            limit_blas_threads(1)

    return run, n


# -- plain NumPy
def _softmax_grad(z, labels):
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    p[np.arange(len(labels)), labels] -= 1
    return p / len(labels)


def plain_mlp():
    """One straightforward vectorised step: 3 GEMMs forward, 5 backward."""
    x, y = _data(MLP_N, (784,))
    rng = np.random.default_rng(0)
    sizes = (784, 128, 64, 10)
    ws = [
        (rng.normal(size=(a, b)) * np.sqrt(2 / a)).astype(np.float32)
        for a, b in zip(sizes, sizes[1:], strict=False)
    ]
    bs = [np.zeros(b, np.float32) for b in sizes[1:]]

    def epoch():
        perm = rng.permutation(MLP_N)
        for s in range(0, MLP_N, BATCH):
            idx = perm[s : s + BATCH]
            a0 = x[idx]
            a1 = np.maximum(a0 @ ws[0] + bs[0], 0)
            a2 = np.maximum(a1 @ ws[1] + bs[1], 0)
            d3 = _softmax_grad(a2 @ ws[2] + bs[2], y[idx])
            d2 = (d3 @ ws[2].T) * (a2 > 0)
            d1 = (d2 @ ws[1].T) * (a1 > 0)
            for w, b, a, d in (
                (ws[2], bs[2], a2, d3),
                (ws[1], bs[1], a1, d2),
                (ws[0], bs[0], a0, d1),
            ):
                w -= LR * (a.T @ d)
                b -= LR * d.sum(0)

    return epoch, MLP_N


def _conv(x, w, b, pad):
    """x : (N, H, W, C), w : (kh, kw, C, F) -> (y, cols, padded shape)."""
    kh, kw, c, f = w.shape
    if pad:
        x = np.pad(x, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    win = sliding_window_view(x, (kh, kw), axis=(1, 2))  # (N, Ho, Wo, C, kh, kw)
    n, ho, wo = win.shape[:3]
    cols = win.reshape(n * ho * wo, c * kh * kw)
    wm = w.transpose(2, 0, 1, 3).reshape(c * kh * kw, f)
    return (cols @ wm + b).reshape(n, ho, wo, f), cols, x.shape


def _conv_back(dy, cols, w, xshape, pad):
    kh, kw, c, f = w.shape
    n, ho, wo, _ = dy.shape
    d = dy.reshape(-1, f)
    wm = w.transpose(2, 0, 1, 3).reshape(c * kh * kw, f)
    dw = (cols.T @ d).reshape(c, kh, kw, f).transpose(1, 2, 0, 3)
    dcols = (d @ wm.T).reshape(n, ho, wo, c, kh, kw)
    dx = np.zeros(xshape, dy.dtype)
    for i in range(kh):
        for j in range(kw):
            dx[:, i : i + ho, j : j + wo, :] += dcols[..., i, j]
    if pad:
        dx = dx[:, pad:-pad, pad:-pad, :]
    return dx, dw, d.sum(0)


def _pool(x):
    n, h, w, c = x.shape
    return x.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))


def _pool_back(dy, x, y):
    up = np.repeat(np.repeat(y, 2, axis=1), 2, axis=2)
    mask = x == up
    return mask * np.repeat(np.repeat(dy, 2, axis=1), 2, axis=2)


def plain_lenet():
    """Straightforward im2col LeNet (reference/performance.md section 4, "numpy")."""
    x, y = _data(LENET_N, (28, 28, 1))
    rng = np.random.default_rng(0)

    def he(*shape, fan):
        return (rng.normal(size=shape) * np.sqrt(2 / fan)).astype(np.float32)

    p = {
        "c1": he(5, 5, 1, 6, fan=25),
        "c2": he(5, 5, 6, 16, fan=150),
        "d1": he(400, 120, fan=400),
        "d2": he(120, 84, fan=120),
        "o": he(84, 10, fan=84),
    }
    b = {k: np.zeros(v.shape[-1], np.float32) for k, v in p.items()}

    def step(xb, yb):
        z1, cols1, s1 = _conv(xb, p["c1"], b["c1"], 2)
        a1 = np.maximum(z1, 0)
        q1 = _pool(a1)
        z2, cols2, s2 = _conv(q1, p["c2"], b["c2"], 0)
        a2 = np.maximum(z2, 0)
        q2 = _pool(a2)
        f = q2.reshape(len(xb), -1)
        h1 = np.maximum(f @ p["d1"] + b["d1"], 0)
        h2 = np.maximum(h1 @ p["d2"] + b["d2"], 0)
        d = _softmax_grad(h2 @ p["o"] + b["o"], yb)
        g = {"o": (h2.T @ d, d.sum(0))}
        d = (d @ p["o"].T) * (h2 > 0)
        g["d2"] = (h1.T @ d, d.sum(0))
        d = (d @ p["d2"].T) * (h1 > 0)
        g["d1"] = (f.T @ d, d.sum(0))
        d = (d @ p["d1"].T).reshape(q2.shape)
        d = _pool_back(d, a2, q2) * (z2 > 0)
        d, dw, db = _conv_back(d, cols2, p["c2"], s2, 0)
        g["c2"] = (dw, db)
        d = _pool_back(d, a1, q1) * (z1 > 0)
        g["c1"] = _conv_back(d, cols1, p["c1"], s1, 2)[1:]
        for k, (dw, db) in g.items():
            p[k] -= LR * dw
            b[k] -= LR * db

    def run():
        for s in range(0, LENET_N, BATCH):
            step(x[s : s + BATCH], y[s : s + BATCH])

    return run, LENET_N


# -- PyTorch
def torch_run(model: str):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    nn = torch.nn
    if model == "mlp":
        net = nn.Sequential(
            nn.Linear(784, 128),
            nn.ReLU(),
            nn.Linear(128, 64),
            nn.ReLU(),
            nn.Linear(64, 10),
        )
        x, y = _data(MLP_N, (784,))
    elif model == "cifar":
        net = nn.Sequential(
            nn.Conv2d(3, 32, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, 3, padding=1),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(8 * 8 * 64, 128),
            nn.ReLU(),
            nn.Linear(128, 10),
        )
        x, y = _data(CIFAR_N, (3, 32, 32))
    else:
        net = nn.Sequential(
            nn.Conv2d(1, 6, 5, padding=2),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(6, 16, 5),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(400, 120),
            nn.ReLU(),
            nn.Linear(120, 84),
            nn.ReLU(),
            nn.Linear(84, 10),
        )
        x, y = _data(LENET_N, (1, 28, 28))
    opt = torch.optim.SGD(net.parameters(), lr=LR)
    loss_fn = nn.CrossEntropyLoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    n = len(x)

    def epoch():
        perm = torch.randperm(n)
        for s in range(0, n, BATCH):
            idx = perm[s : s + BATCH]
            opt.zero_grad(set_to_none=True)
            loss_fn(net(xt[idx]), yt[idx]).backward()
            opt.step()

    return epoch, n


MEMORY_SETS = {  # model: (train images, test images, image shape)
    "mlp": (60_000, 10_000, (28, 28)),
    "cifar": (10_000, 2_000, (32, 32, 3)),
}


def peak_memory(quick: bool, model: str = "mlp") -> dict[str, float]:
    """Train ``model`` for one epoch (a quarter in quick mode) on synthetic uint8
    images with a /255 transform: the MLP on 60,000 + 10,000 28x28 images, the
    CIFAR CNN on 10,000 + 2,000 32x32x3 ones (the built-in CIFAR-10 subset's size).
    Peak resident memory of the process in MB."""
    import resource

    from netdesigner.engine import Network, Trainer

    n_train, n_test, shape = MEMORY_SETS[model]
    n = n_train + n_test
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(n, *shape), dtype=np.uint8)
    labels = rng.integers(0, 10, n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    make_nodes, _, input_shape = MODELS[model]

    def to_float(batch):
        x = batch.reshape(len(batch), *input_shape).astype(np.float32)
        return x * np.float32(1 / 255)

    nodes = make_nodes()
    net = Network(nodes, _chain(nodes), rng=np.random.default_rng(0))
    trainer = Trainer(
        net,
        "sparse_categorical_crossentropy",
        {"type": "adam"},
        images[:n_train],
        labels[:n_train],
        images[n_train:],
        labels[n_train:],
        batch_size=BATCH,
        epochs=1,
        transform=to_float,
        rng=np.random.default_rng(1),
    )
    steps = n_train // BATCH // 4 if quick else 10**9
    for i, _ in enumerate(trainer.events()):
        if i >= steps:
            break
    if quick:
        trainer.data.evaluate(trainer.fused)  # the end-of-epoch test pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "peak_rss_mb": peak,
        "rss_before_training_mb": before,
        "training_increase_mb": peak - before,
    }
