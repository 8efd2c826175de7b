"""Benchmark the NetDesigner engine against plain NumPy and PyTorch CPU.

Runs the workloads of shared/reference/performance.md, and a CIFAR-size CNN, with one
BLAS thread (and the CNNs once more with two, to see whether a second thread pays).
Each workload family (playground, mlp, lenet, cifar, threads) runs in fresh
processes, one after another; inside a process the engines take turns, round after
round, so that the samples of one round see the same machine load. Ratios are taken
within a round; the median over all rounds is reported with its min..max. Writes
``benchmarks/results/latest.json``.

    python benchmarks/bench_engine.py            # 3 processes x 20 rounds (~12 min)
    python benchmarks/bench_engine.py --quick    # 2 processes x 10 rounds (~5 min)

PyTorch is used when importable (``pip install torch``), never required.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

# Playground's own engine (TypeScript, compiled by tsc) measured against the
# straightforward NumPy version on this machine kind (performance.md, section 2):
JS_EPOCH_PER_PLAIN_EPOCH = 0.579 / 1.054  # the "0.55x the plain NumPy time"
JS_GRID_PER_PLAIN_GRID = 6.297 / 0.736

CELLS = [  # (workload, engine); "engine" is NetDesigner's default float32 setup
    ("playground_epoch", "engine"),
    ("playground_epoch", "engine_f64"),
    ("playground_epoch", "plain"),
    ("playground_epoch", "torch"),
    ("playground_frame", "engine"),
    ("playground_frame", "plain"),
    ("playground_grid", "plain"),
    ("playground_frame", "torch"),
    ("mlp", "engine"),
    ("mlp", "plain"),
    ("mlp", "torch"),
    ("lenet", "engine"),
    ("lenet", "plain"),
    ("lenet", "torch"),
    ("cifar", "engine"),
    ("cifar", "torch"),
    # a process of their own: two BLAS threads' spinning would slow the other cells
    ("threads_lenet", "engine"),
    ("threads_lenet", "engine_2t"),
    ("threads_cifar", "engine"),
    ("threads_cifar", "engine_2t"),
]


# -- one cell, in its own process ---------------------------------------------------
def make_runner(workload: str, engine: str):
    """``(run_once, samples_per_run)`` for a cell."""
    import numpy as np
    import workloads_images as img
    import workloads_playground as pg

    if workload.startswith("playground"):
        frame = workload == "playground_frame"
        if engine == "plain":
            return pg.plain(
                frame, "grid" if workload == "playground_grid" else "all"
            ), 500
        if engine == "torch":
            return pg.torch_run(frame), 500
        dtype = np.float64 if engine == "engine_f64" else np.float32
        return pg.engine(frame, dtype), 500
    model = workload.removeprefix("threads_")
    if engine == "plain":
        return img.plain_mlp() if model == "mlp" else img.plain_lenet()
    if engine == "torch":
        return img.torch_run(model)
    return img.engine(model, blas_threads=2 if engine == "engine_2t" else 1)


def run_group(family: str, rounds: int, min_time: float, cells) -> dict:
    """Time every engine of one workload family in this process, taking turns.

    Each engine is warmed up and given an inner repeat count so that one sample takes
    about ``min_time``; then ``rounds`` times every engine takes one sample, in a
    rotating order. Samples of one round are close in time, so their ratio sees the
    same machine load. Returns {"workload/engine": [seconds per run, per round]}.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(1, "blas")
    runners = {}
    for workload, engine in cells:
        if workload.split("_")[0] != family:
            continue
        run, _ = make_runner(workload, engine)
        t0 = time.perf_counter()
        run()
        inner = max(1, round(min_time / max(time.perf_counter() - t0, 1e-6)))
        for _ in range(min(inner, 10)):
            run()
        runners[f"{workload}/{engine}"] = (run, inner)
    times: dict[str, list[float]] = {key: [] for key in runners}
    keys = list(runners)
    for r in range(rounds):
        for key in keys[r % len(keys) :] + keys[: r % len(keys)]:
            run, inner = runners[key]
            t0 = time.perf_counter()
            for _ in range(inner):
                run()
            times[key].append((time.perf_counter() - t0) / inner)
    return times


def spawn(args: list[str], timeout: float = 900) -> dict | None:
    try:
        proc = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), *args],
            capture_output=True,
            text=True,
            timeout=timeout,
            env={
                **os.environ,
                "OPENBLAS_NUM_THREADS": "1",
                "OMP_NUM_THREADS": "1",
                "MKL_NUM_THREADS": "1",
            },
        )
    except subprocess.TimeoutExpired:
        print(
            f"  {' '.join(args[:2])}: over {timeout:.0f} s, left out", file=sys.stderr
        )
        return None
    if proc.returncode != 0:
        tail = (proc.stderr.strip().splitlines() or ["?"])[-1]
        print(f"  {' '.join(args[1:3])}: failed ({tail})", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the interleaved run ------------------------------------------------------------
def torch_available() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def measure(processes: int, rounds: int, min_time: float, cells) -> dict:
    """{(workload, engine): [seconds per run, one per round]}; ``processes`` fresh
    processes per workload family, taking turns, each running ``rounds`` rounds."""
    families = list(dict.fromkeys(w.split("_")[0] for w, _ in cells))
    spec = json.dumps(cells)
    results: dict[tuple[str, str], list[float]] = {}
    for p in range(processes):
        for family in families:
            print(f"process {p + 1}/{processes}: {family}", file=sys.stderr)
            # two threads under load can take 20x longer: fewer rounds suffice
            turns = min(rounds, THREAD_ROUNDS) if family == "threads" else rounds
            out = spawn(["--group", family, str(turns), str(min_time), spec])
            for key, values in (out or {}).items():
                workload, engine = key.split("/")
                results.setdefault((workload, engine), []).extend(values)
    return results


def _ratio(results, num, den, scale=1.0):
    """Median and range over rounds of ``scale * num / den`` (cells or callables)."""
    a, b = results.get(num), results.get(den)
    if not a or not b:
        return None
    values = [scale * x / y for x, y in zip(a, b, strict=False)]
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        # the fastest sample of each: the least disturbed by other programs
        "best_vs_best": scale * min(a) / min(b),
    }


def summarise(results: dict, samples: dict) -> dict:
    r = results
    js_epoch = [
        JS_EPOCH_PER_PLAIN_EPOCH * t for t in r.get(("playground_epoch", "plain"), [])
    ]
    js_frame = [
        JS_EPOCH_PER_PLAIN_EPOCH * e + JS_GRID_PER_PLAIN_GRID * g
        for e, g in zip(
            r.get(("playground_epoch", "plain"), []),
            r.get(("playground_grid", "plain"), []),
            strict=False,
        )
    ]
    r = {
        **r,
        ("playground_epoch", "js_estimate"): js_epoch,
        ("playground_frame", "js_estimate"): js_frame,
    }
    ratios = {
        "playground_epoch_engine_time_vs_plain": _ratio(
            r, ("playground_epoch", "engine"), ("playground_epoch", "plain")
        ),
        "playground_epoch_engine_f64_time_vs_plain": _ratio(
            r, ("playground_epoch", "engine_f64"), ("playground_epoch", "plain")
        ),
        "playground_epoch_speedup_vs_torch": _ratio(
            r, ("playground_epoch", "torch"), ("playground_epoch", "engine")
        ),
        "playground_epoch_engine_time_vs_playground_js": _ratio(
            r, ("playground_epoch", "engine"), ("playground_epoch", "js_estimate")
        ),
        "playground_frame_speedup_vs_playground_js": _ratio(
            r, ("playground_frame", "js_estimate"), ("playground_frame", "engine")
        ),
        "playground_frame_speedup_vs_torch": _ratio(
            r, ("playground_frame", "torch"), ("playground_frame", "engine")
        ),
        "playground_frame_engine_time_vs_plain": _ratio(
            r, ("playground_frame", "engine"), ("playground_frame", "plain")
        ),
        "mlp_throughput_vs_torch": _ratio(r, ("mlp", "torch"), ("mlp", "engine")),
        "mlp_throughput_vs_plain": _ratio(r, ("mlp", "plain"), ("mlp", "engine")),
        "lenet_throughput_vs_torch": _ratio(r, ("lenet", "torch"), ("lenet", "engine")),
        "lenet_throughput_vs_plain": _ratio(r, ("lenet", "plain"), ("lenet", "engine")),
        "lenet_two_threads_speedup": _ratio(
            r, ("threads_lenet", "engine"), ("threads_lenet", "engine_2t")
        ),
        "cifar_throughput_vs_torch": _ratio(r, ("cifar", "torch"), ("cifar", "engine")),
        "cifar_two_threads_speedup": _ratio(
            r, ("threads_cifar", "engine"), ("threads_cifar", "engine_2t")
        ),
    }
    absolute = {
        f"{w}/{e}": {
            "median_ms": 1e3 * statistics.median(v),
            "samples_per_s": samples.get(w, 0) / statistics.median(v),
        }
        for (w, e), v in r.items()
        if v
    }
    return {"ratios": ratios, "absolute": absolute}


#: rounds per process of the threads family
THREAD_ROUNDS = 5

MEMORY_RUNS = {  # separate processes, each its own peak
    "mlp": "the MLP on 70,000 uint8 28x28 images",
    "cifar": "the CIFAR CNN on 12,000 uint8 32x32x3 images",
}

TARGETS = {  # (key, target, higher is better)
    "playground_epoch_speedup_vs_torch": (6.0, True),
    "playground_epoch_engine_time_vs_plain": (JS_EPOCH_PER_PLAIN_EPOCH, False),
    "playground_epoch_engine_time_vs_playground_js": (1.0, False),
    "playground_frame_speedup_vs_playground_js": (5.0, True),
    "mlp_throughput_vs_torch": (1.5, True),
    "lenet_throughput_vs_torch": (1.0, True),
    "cifar_throughput_vs_torch": (1.0, True),
}


def print_table(summary: dict, memory: dict | None) -> None:
    print(f"\n{'ratio':48s} {'median':>8s} {'min..max':>15s} {'best':>6s}  target")
    for key, value in summary["ratios"].items():
        if value is None:
            print(f"{key:48s} {'n/a':>8s}")
            continue
        target = ""
        if key in TARGETS:
            goal, higher = TARGETS[key]
            ok = value["median"] >= goal if higher else value["median"] <= goal
            target = f"{'>=' if higher else '<='} {goal:.2f} {'ok' if ok else 'MISSED'}"
        span = f"{value['min']:.2f}..{value['max']:.2f}"
        best = value["best_vs_best"]
        print(f"{key:48s} {value['median']:8.2f} {span:>15s} {best:6.2f}  {target}")
    for what, result in (memory or {}).items():
        if result:
            print(
                f"\npeak memory training {MEMORY_RUNS[what]}: "
                f"{result['peak_rss_mb']:.0f} MB (target < 1024 MB)"
            )


def environment() -> dict:
    import numpy as np
    from threadpoolctl import threadpool_info

    info = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "OPENBLAS_CORETYPE": os.environ.get("OPENBLAS_CORETYPE"),
        "blas": [
            {k: p.get(k) for k in ("internal_api", "architecture", "version")}
            for p in threadpool_info()
            if p.get("user_api") == "blas"
        ],
    }
    try:
        import torch

        info["torch"] = torch.__version__
    except ImportError:
        info["torch"] = None
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="2 processes x 10 short rounds"
    )
    parser.add_argument("--rounds", type=int, default=None, help="rounds per process")
    parser.add_argument("--only", default="", help="comma-separated workload names")
    parser.add_argument("--group", nargs=4, help=argparse.SUPPRESS)
    parser.add_argument("--memory", choices=MEMORY_RUNS, help=argparse.SUPPRESS)
    parser.add_argument("--out", default=str(HERE / "results" / "latest.json"))
    args = parser.parse_args(argv)
    if args.group:
        family, rounds, min_time, spec = args.group
        cells = [tuple(c) for c in json.loads(spec)]
        print(json.dumps(run_group(family, int(rounds), float(min_time), cells)))
        return 0
    if args.memory:
        import workloads_images as img

        print(json.dumps(img.peak_memory(quick=args.quick, model=args.memory)))
        return 0
    rounds = args.rounds or (10 if args.quick else 20)
    processes, min_time = (2, 0.05) if args.quick else (3, 0.1)
    only = {w for w in args.only.split(",") if w}
    cells = [
        (w, e)
        for w, e in CELLS
        if (not only or w.split("_")[0] in only or w in only)
        and (e != "torch" or torch_available())
    ]
    started = time.time()
    results = measure(processes, rounds, min_time, cells)
    memory = (
        None
        if only and "memory" not in only
        else {
            what: spawn(["--memory", what] + (["--quick"] if args.quick else []))
            for what in MEMORY_RUNS
        }
    )
    samples = {
        "playground_epoch": 500,
        "playground_frame": 500,
        "playground_grid": 0,
        "mlp": 10_000,
        "lenet": 20 * 64,
        "cifar": 20 * 64,
        "threads_lenet": 20 * 64,
        "threads_cifar": 20 * 64,
    }
    summary = summarise(results, samples)
    print_table(summary, memory)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "quick": args.quick,
        "rounds": rounds,
        "processes": processes,
        "seconds": round(time.time() - started, 1),
        "environment": environment(),
        **summary,
        "memory": memory,
        "targets": {
            k: {"target": t, "higher_is_better": h} for k, (t, h) in TARGETS.items()
        },
    }
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n")
    print(f"\nwrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
