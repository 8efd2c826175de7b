"""``netdesigner train FILE [--epochs N] [--seed S] [--out OUT.json]
[--metrics-json M.json] [--continue] [--quiet]``.

Trains the design as its ``training`` section says, with a progress bar on stderr,
then writes OUT.json (the design, with the data set's standardisation statistics)
and OUT.weights.npz beside it; OUT defaults to FILE itself, except for a file of
the installed app (site-packages, the shipped samples) or in a folder that cannot
be written: then OUT is FILE's name in the current folder, and a line on stderr
says so. M.json holds ``epochs``,
``train_loss``, ``test_loss`` and, for classification, ``train_accuracy`` and
``test_accuracy`` of the final network (regression: ``train_rmse``, ``test_rmse``),
plus the per-epoch ``history``, and with a lesson its ``goals`` (each goal's text,
whether it is met and the value read; the run variants a goal needs are trained one
after another first). Each goal is also printed on stdout as met or not.

If training diverges (a loss or weight becomes NaN or infinite) nothing is written:
the command says at which epoch and what to try, and exits 1, so a good earlier
result in OUT is never replaced by a broken one.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from netdesigner.commands.base import Command, read_design, register, require_valid
from netdesigner.commands.progress import ProgressBar
from netdesigner.design.errors import DesignFileError
from netdesigner.design.model import Design
from netdesigner.i18n import N_, _, current_language


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help=_("the design file to train"))
    parser.add_argument(
        "--epochs",
        type=_positive,
        metavar="N",
        help=_("train N epochs instead of the design's number"),
    )
    parser.add_argument(
        "--seed",
        type=_non_negative,
        metavar="S",
        help=_("seed of the initial weights and of the shuffling"),
    )
    parser.add_argument(
        "--out",
        metavar="OUT.json",
        help=_("where to write the trained design (default: FILE)"),
    )
    parser.add_argument(
        "--metrics-json",
        metavar="M.json",
        help=_("also write the final losses and accuracies here"),
    )
    parser.add_argument(
        "--continue",
        dest="resume",
        action="store_true",
        help=_(
            "start from FILE's trained weights (FILE.weights.npz) instead of the "
            "seed's, as model.fit continues; automatic when a layer is frozen "
            "(trainable: false), as in transfer learning"
        ),
    )
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def _positive(text: str) -> int:
    value = _whole(text)
    if value < 1:
        raise argparse.ArgumentTypeError(
            _("expected a whole number >= 1, found {text}").format(text=repr(text))
        )
    return value


def _non_negative(text: str) -> int:
    value = _whole(text)
    if value < 0:
        raise argparse.ArgumentTypeError(
            _("expected a whole number >= 0, found {text}").format(text=repr(text))
        )
    return value


def _whole(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a whole number, found {text}").format(text=repr(text))
        ) from None


def run(args: argparse.Namespace) -> int:
    from netdesigner.design.session import TrainingSession

    design = read_design(args.file)
    require_valid(design, args.file)
    check_folders(args)
    out, moved = output_path(args)
    session = TrainingSession(
        design,
        Path(args.file).parent,
        epochs=args.epochs,
        seed=args.seed,
        **starting_weights(design, Path(args.file), args.resume),
    )
    reason = drive(session, None if args.quiet else sys.stderr)
    if reason is not None:
        print(
            _("netdesigner: training diverged: {reason}; nothing was saved").format(
                reason=reason
            ),
            file=sys.stderr,
        )
        return 1
    results = final_metrics(session)
    broken = non_finite_losses(results)
    if broken:
        print(
            _(
                "netdesigner: training diverged: the final {loss} is not a finite "
                "number; lower the learning rate; nothing was saved"
            ).format(loss=broken),
            file=sys.stderr,
        )
        return 1
    if moved:
        print(
            _(
                "netdesigner: {folder} {reason}, so the trained design goes to the "
                "current folder: {out}"
            ).format(folder=Path(args.file).parent, reason=moved, out=out),
            file=sys.stderr,
        )
    save_trained(session, Path(args.file), out)
    goals = lesson_goals(design, args, results, session)
    if args.metrics_json:
        write_metrics(Path(args.metrics_json), results)
    if not args.quiet:
        print(
            _("{summary}; wrote {out}").format(summary=summary(results), out=out),
            file=sys.stderr,
        )
    if goals:
        from netdesigner.commands.lesson_goals import print_goals

        print_goals(goals, sys.stdout)
    return 0


def lesson_goals(
    design: Design, args: argparse.Namespace, results: dict[str, Any], session: Any
) -> list[Any]:
    """With a lesson: train the run variants its goals need, check the goals and
    add them to ``results`` (``goals``); otherwise nothing."""
    if design.lesson is None or not design.lesson.goals:
        return []
    from netdesigner.commands.lesson_goals import goals_json, lesson_results

    n_classes = session.dataset.info.n_classes
    goals = lesson_results(
        design, Path(args.file), args, results, n_classes, train_variant
    )
    results["goals"] = goals_json(goals)
    return goals


def train_variant(
    design: Design, path: Path, variant: Any, args: argparse.Namespace
) -> dict[str, Any]:
    """Train one run variant of a lesson as ``run`` trains the design; its final
    metrics ({} when it diverged)."""
    from netdesigner.design.lesson_runs import variant_design
    from netdesigner.design.session import TrainingSession

    changed, where = variant_design(design, variant, path)
    require_valid(changed, where)
    session = TrainingSession(
        changed,
        where.parent,
        epochs=args.epochs,
        seed=args.seed,
        **starting_weights(changed, where, False),
    )
    stream = None if args.quiet else sys.stderr
    if stream is not None:
        label = variant.label.get(current_language())
        print(_("training run '{run}' ({label})").format(run=variant.id, label=label),
              file=stream)  # fmt: skip
    if drive(session, stream) is not None:
        return {}  # diverged: its goals are not met
    return _finite_or_none(session.evaluate())


def starting_weights(design: Design, path: Path, resume: bool) -> dict[str, Any]:
    """TrainingSession arguments for the weights training starts from.

    With ``--continue``, or when a layer is frozen (its weights only make sense
    trained), training starts from ``NAME.weights.npz`` beside the design; a
    missing file is then an error. Otherwise the seed initialises every weight.
    """
    from netdesigner.design.io import load_weights, weights_path

    frozen = any(not node.trainable for node in design.nodes)
    if not (resume or frozen):
        return {}
    source = weights_path(path)
    if not source.exists():
        if resume:
            why = _("--continue was given")
        else:
            why = _("the design freezes a layer")
        raise DesignFileError(
            _(
                "{file}: no trained weights beside the design, and {why}; train the "
                "design first or drop --continue / make every layer trainable"
            ).format(file=source, why=why)
        )
    return {"initial_weights": load_weights(source), "weights_source": str(source)}


def check_folders(args: argparse.Namespace) -> None:
    """Before any training: the folders of ``--out`` and ``--metrics-json`` exist
    and can be written."""
    for option, value in (("--out", args.out), ("--metrics-json", args.metrics_json)):
        if value is None:
            continue
        folder = Path(value).parent
        if not folder.is_dir():
            raise DesignFileError(
                _(
                    "{file}: the folder {folder} does not exist; create it before "
                    "training (for {option})"
                ).format(file=value, folder=folder, option=option)
            )
        if not os.access(folder, os.W_OK):
            raise DesignFileError(
                _(
                    "{file}: the folder {folder} cannot be written; choose another "
                    "folder for {option}"
                ).format(file=value, folder=folder, option=option)
            )


def output_path(args: argparse.Namespace) -> tuple[Path, str | None]:
    """Where the trained design goes, and why it is not FILE (None when it is).

    ``--out`` wins. Otherwise FILE itself, unless FILE belongs to the installed app
    or sits in a folder that cannot be written: then FILE's name in the current
    folder (an error when that cannot be written either).
    """
    if args.out:
        return Path(args.out), None
    source = Path(args.file)
    reason = _protected(source.parent)
    if reason is None:
        return source, None
    here = Path.cwd()
    if _protected(here) is not None:
        raise DesignFileError(
            _(
                "{file}: {folder} {reason}, and so does the current folder {here}; "
                "give --out OUT.json in a folder of yours"
            ).format(file=args.file, folder=source.parent, reason=reason, here=here)
        )
    return here / source.name, reason


def _protected(folder: Path) -> str | None:
    """Why ``train`` must not write into ``folder`` by default, or None."""
    from netdesigner.resources import resources_dir

    folder = folder.resolve()
    if {"site-packages", "dist-packages"} & set(folder.parts):
        return _("belongs to an installed package")
    try:
        shipped = resources_dir().parent / "samples"
    except FileNotFoundError:
        shipped = None
    app = Path(__file__).resolve().parents[1]
    for root in (app, shipped):
        if root is not None and folder.is_relative_to(root.resolve()):
            return _("holds NetDesigner's own files")
    if not os.access(folder, os.W_OK):
        return _("cannot be written")
    return None


def drive(session: Any, stream: Any) -> str | None:
    """Run every epoch through the live core, showing progress on ``stream`` (None:
    quiet); the GUI's worker drives the same ``LiveRun``.

    Returns why training diverged (the engine's first sentence: its advice about
    the weights kept in memory does not apply to a command that saves nothing), or
    None when training finished.
    """
    from netdesigner.live.frames import RunState
    from netdesigner.live.messages import divergence_reason
    from netdesigner.live.run import LiveRun

    bar = None
    if stream is not None:
        bar = ProgressBar(stream, session.training["epochs"], session.batches_per_epoch)
    run = LiveRun()
    run.attach(session)
    try:
        status = run.play_to_end(_progress(bar))
        if status.state is RunState.DIVERGED:
            return divergence_reason(run.log.divergence if run.log else None)
        if bar is not None and run.log is not None and run.log.stop_message:
            bar.note(run.log.stop_message)  # early stopping
    finally:
        bar and bar.close()
    return None


def _progress(bar: ProgressBar | None) -> Callable[[Any], None]:
    """What to do with each trainer event: move the bar (nothing when quiet)."""
    from netdesigner.engine.events import BatchEvent, EpochEvent

    if bar is None:
        return lambda _event: None

    def observe(event: Any) -> None:
        if type(event) is BatchEvent:
            bar.batch(event)
        elif type(event) is EpochEvent:
            bar.epoch(event)

    return observe


def save_trained(session: Any, source: Path, out: Path) -> None:
    """Write the trained weights, then the design, to ``out`` (both atomically)."""
    from netdesigner.design.build import export_weights
    from netdesigner.design.io import save_design, save_weights, weights_path

    design = rebased_design(session.design, source.parent, out.parent)
    save_weights(weights_path(out), export_weights(session.network))
    save_design(design, out)


def rebased_design(design: Design, old_dir: Path, new_dir: Path) -> Design:
    """A copy whose relative data-set path still finds the file from ``new_dir``."""
    path = design.dataset.get("path")
    if not path or Path(path).is_absolute():
        return design
    moved = design.copy()
    target = os.path.abspath(old_dir / path)
    moved.dataset["path"] = Path(
        os.path.relpath(target, os.path.abspath(new_dir))
    ).as_posix()
    return moved


def final_metrics(session: Any) -> dict[str, Any]:
    """The metrics JSON: final values of the trained network plus the history."""
    results: dict[str, Any] = {"epochs": len(session.history.get("epoch", []))}
    results.update(session.evaluate())
    results["history"] = {k: list(v) for k, v in session.history.items()}
    return _finite_or_none(results)


def non_finite_losses(results: dict[str, Any]) -> str | None:
    """Name of the first final loss that is missing its value (NaN or infinite)."""
    for key in ("train_loss", "test_loss"):
        if key in results and results[key] is None:
            return _(LABELS[key])
    return None


def _finite_or_none(value: Any) -> Any:
    """JSON-ready copy: NumPy numbers as Python numbers, NaN/infinity as null."""
    if isinstance(value, dict):
        return {str(k): _finite_or_none(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite_or_none(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_metrics(path: Path, results: dict[str, Any]) -> None:
    """Write ``results`` as JSON (indent 2, no NaN) atomically."""
    from netdesigner.design.io import atomic_write

    data = (json.dumps(results, indent=2, allow_nan=False) + "\n").encode("utf-8")
    atomic_write(path, lambda file: file.write(data))


def summary(results: dict[str, Any]) -> str:
    """``trained 10 epochs: test loss 0.08, test accuracy 97.5%`` (one line;
    ``trained 1 epoch`` for one)."""
    parts = []
    for key in ("test_loss", "test_accuracy", "test_rmse"):
        value = results.get(key)
        if value is None:
            continue
        text = f"{100 * value:.1f}%" if "accuracy" in key else f"{value:.4g}"
        parts.append(_("{label} {value}").format(label=_(LABELS[key]), value=text))
    epochs = results["epochs"]
    if epochs == 1:
        trained = _("trained 1 epoch")
    else:
        trained = _("trained {epochs} epochs").format(epochs=epochs)
    if not parts:
        return trained
    return _("{trained}: {results}").format(
        trained=trained, results=_(", ").join(parts)
    )


#: the metrics as the summary names them
LABELS = {
    "train_loss": N_("train loss"),
    "test_loss": N_("test loss"),
    "test_accuracy": N_("test accuracy"),
    "test_rmse": N_("test rmse"),
}


register(
    Command(
        name="train",
        help=N_("train a design; writes OUT.json and OUT.weights.npz"),
        description=N_(
            "Train a design as its training settings say, with a progress bar "
            "on stderr; write the design and its weights (OUT.json, OUT.weights.npz) "
            "and optionally the final metrics as JSON."
        ),
        add_arguments=add_arguments,
        run=run,
    )
)
