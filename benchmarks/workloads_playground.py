"""Playground 2-8-8-1 workloads: one epoch, and one frame (an epoch plus the 100x100
map through every neuron), for the engine, plain NumPy and PyTorch.

As reference/performance.md section 2: 500 spiral points (radius 5, no noise),
shuffled once, labels +1/-1; tanh everywhere; loss 0.5 (out - label)^2 averaged over
the batch; batch 10; SGD 0.03; Playground's initialisation; no per-epoch reshuffle.
Each function returns ``(setup_result, run_once)``; ``run_once()`` is what is timed.
"""

from __future__ import annotations

import numpy as np

SIZES = (2, 8, 8, 1)
N_POINTS, BATCH, LR = 500, 10, 0.03


def spiral(n: int = N_POINTS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Playground's two spirals: ``x : (n, 2)`` float64, ``y : (n,)`` of +1/-1."""
    half = n // 2
    i = np.arange(half)
    r = i / half * 5
    pts, labels = [], []
    for delta, label in ((0.0, 1.0), (np.pi, -1.0)):
        t = 1.75 * i / half * 2 * np.pi + delta
        pts.append(np.c_[r * np.sin(t), r * np.cos(t)])
        labels.append(np.full(half, label))
    perm = np.random.default_rng(seed).permutation(n)
    return np.vstack(pts)[perm], np.concatenate(labels)[perm]


def grid(resolution: int = 100) -> np.ndarray:
    """The heat-map points over [-6, 6]^2: ``(resolution**2, 2)`` float64."""
    ticks = np.linspace(-6, 6, resolution)
    gx, gy = np.meshgrid(ticks, ticks)
    return np.c_[gx.ravel(), gy.ravel()]


# -- the engine ---------------------------------------------------------------------
def engine(frame: bool, dtype=np.float32, metrics=("accuracy",)):
    from netdesigner.engine import Network, NodeSpec, Trainer

    x, y = spiral()
    init = {"kernel_initializer": "playground", "bias_initializer": "playground"}
    nodes = [NodeSpec("in", "Input", {"shape": [2]})]
    for i, units in enumerate(SIZES[1:]):
        nodes.append(
            NodeSpec(f"d{i}", "Dense", {"units": units, "activation": "tanh", **init})
        )
    ids = [n.id for n in nodes]
    net = Network(
        nodes,
        list(zip(ids, ids[1:], strict=False)),
        dtype=dtype,
        rng=np.random.default_rng(0),
    )
    trainer = Trainer(
        net,
        "half_mean_squared_error",
        {"type": "sgd", "learning_rate": LR},
        x,
        y,
        batch_size=BATCH,
        epochs=10**9,
        shuffle=False,
        metrics=metrics,
        rng=np.random.default_rng(1),
    )
    points = grid().astype(dtype)

    def run_epoch():
        trainer.step_epoch()

    def run_frame():
        trainer.step_epoch()
        return net.forward_all(points)

    return run_frame if frame else run_epoch


# -- plain NumPy: the straightforward version of performance.md ---------------------
def plain(frame: bool, part: str = "all"):
    """``part``: "all" (epoch, + grid for a frame) or "grid" (for the estimate)."""
    x, y = spiral()
    rng = np.random.default_rng(0)
    ws = [
        rng.uniform(-0.5, 0.5, (a, b)) for a, b in zip(SIZES, SIZES[1:], strict=False)
    ]
    bs = [np.full(b, 0.1) for b in SIZES[1:]]
    batches = [
        (x[s : s + BATCH], y[s : s + BATCH, None]) for s in range(0, N_POINTS, BATCH)
    ]
    points = grid()

    def epoch():
        for xb, tb in batches:
            acts = [xb]
            for w, b in zip(ws, bs, strict=True):
                acts.append(np.tanh(acts[-1] @ w + b))
            delta = (acts[-1] - tb) / len(xb)
            for layer in (2, 1, 0):
                delta = delta * (1 - acts[layer + 1] ** 2)
                gw, gb = acts[layer].T @ delta, delta.sum(0)
                if layer:
                    back = delta @ ws[layer].T
                ws[layer] -= LR * gw
                bs[layer] -= LR * gb
                if layer:
                    delta = back

    def heatmap():
        outs, a = [], points
        for w, b in zip(ws, bs, strict=True):
            a = np.tanh(a @ w + b)
            outs.append(a)
        return outs

    if part == "grid":
        return heatmap
    if frame:
        return lambda: (epoch(), heatmap())
    return epoch


# -- PyTorch, as a user writes it ----------------------------------------------------
def torch_run(frame: bool):
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    x, y = spiral()
    layers = []
    for a, b in zip(SIZES, SIZES[1:], strict=False):
        linear = torch.nn.Linear(a, b).double()
        with torch.no_grad():
            linear.weight.uniform_(-0.5, 0.5)
            linear.bias.fill_(0.1)
        layers += [linear, torch.nn.Tanh()]
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)[:, None]
    batches = [
        (xt[s : s + BATCH], yt[s : s + BATCH]) for s in range(0, N_POINTS, BATCH)
    ]
    points = torch.from_numpy(grid())

    def epoch():
        for xb, tb in batches:
            opt.zero_grad(set_to_none=True)
            loss = 0.5 * ((model(xb) - tb) ** 2).mean()
            loss.backward()
            opt.step()

    def heatmap():
        with torch.no_grad():
            outs, a = [], points
            for module in model:
                a = module(a)
                outs.append(a)
        return outs

    return (lambda: (epoch(), heatmap())) if frame else epoch
