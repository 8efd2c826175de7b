"""A design's lesson (format version 2): explanation, steps, goals and locks.

Plain frozen dataclasses with ``from_dict``/``to_dict`` for the ``lesson`` object of
a design file. The JSON Schema checks each field's type; ``Lesson.from_dict`` also
checks what the schema cannot say (a goal names a run the lesson defines, ``beats``
names two runs, ``>=`` has a value), so a lesson edited in the GUI and a lesson read
from a file fail with the same one sentence (a ``DesignFileError``).

Every text is a ``Text`` with an English and a Simplified Chinese version. Goals are
checked against a run's final metrics by ``netdesigner.live.goals.check_goals``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from netdesigner.design.errors import DesignFileError

#: the run id of the design itself (a goal without ``run``)
MAIN_RUN = "main"
#: metrics a goal may name: the final-epoch values ``netdesigner train`` reports
METRICS = (
    "train_loss",
    "test_loss",
    "train_accuracy",
    "test_accuracy",
    "train_rmse",
    "test_rmse",
    "train_map50",
    "test_map50",
)
#: ``>=``/``<=`` compare with ``value``; ``fails`` stays at chance (or below
#: ``value``); ``beats`` compares run ``run`` with run ``other``
OPS = (">=", "<=", "fails", "beats")
#: the controls classroom mode can lock
LOCKABLE = (
    "dataset",
    "features",
    "loss",
    "optimizer",
    "learning_rate",
    "batch_size",
    "epochs",
    "regularization",
    "nodes",
)
LANGUAGES = ("en", "zh_CN")


@dataclass(frozen=True)
class Text:
    """One text in English and Simplified Chinese (Markdown where the field allows)."""

    en: str
    zh_CN: str

    def get(self, lang: str | None = "en") -> str:
        """The text in ``lang`` ("en", "zh_CN" or any ``zh*`` locale name); the
        English text for any other language or when the Chinese one is empty."""
        if lang and lang.lower().startswith("zh") and self.zh_CN:
            return self.zh_CN
        return self.en

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "zh_CN": self.zh_CN}

    @classmethod
    def from_dict(cls, data: Any, where: str = "text") -> Text:
        if not isinstance(data, Mapping):
            raise _error(where, 'a text {"en": ..., "zh_CN": ...}', data)
        for lang in LANGUAGES:
            if not isinstance(data.get(lang), str):
                raise _error(f"{where}.{lang}", "a string", data.get(lang))
        return cls(en=data["en"], zh_CN=data["zh_CN"])


@dataclass(frozen=True)
class Goal:
    """A check of one run's final metric.

    ``op`` is ``>=``/``<=`` (against ``value``), ``fails`` (the metric stays at
    chance, or does not reach ``value`` when one is given) or ``beats`` (run ``run``
    does better than run ``other``). ``run`` None means the design itself.
    """

    text: Text
    metric: str
    op: str
    value: float | None = None
    run: str | None = None
    other: str | None = None

    @property
    def run_id(self) -> str:
        """The run this goal reads (``MAIN_RUN`` for the design itself)."""
        return self.run or MAIN_RUN

    def run_ids(self) -> tuple[str, ...]:
        """Every run the goal needs trained: ``run``, and ``other`` for ``beats``."""
        return (self.run_id, self.other) if self.other else (self.run_id,)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "text": self.text.to_dict(),
            "metric": self.metric,
            "op": self.op,
        }
        for key in ("value", "run", "other"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data

    @classmethod
    def from_dict(cls, data: Any, where: str = "goal") -> Goal:
        if not isinstance(data, Mapping):
            raise _error(where, "a goal object", data)
        metric, op = data.get("metric"), data.get("op")
        if metric not in METRICS:
            raise _error(f"{where}.metric", "one of " + ", ".join(METRICS), metric)
        if op not in OPS:
            raise _error(f"{where}.op", "one of " + ", ".join(OPS), op)
        value = data.get("value")
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int | float)
        ):
            raise _error(f"{where}.value", "a number", value)
        if op in (">=", "<=") and value is None:
            raise _error(f"{where}.value", f"a number to compare with ({op})", None)
        if op == "fails" and value is None and "accuracy" not in metric:
            raise _error(f"{where}.value", f"a number {metric} must not reach", None)
        if op == "beats" and not data.get("other"):
            raise _error(f"{where}.other", "the id of the run to beat", None)
        return cls(
            text=Text.from_dict(data.get("text"), f"{where}.text"),
            metric=metric,
            op=op,
            value=None if value is None else float(value),
            run=data.get("run"),
            other=data.get("other"),
        )


@dataclass(frozen=True)
class RunVariant:
    """A variant of the design to train and compare: ``training`` and ``dataset``
    are deep-merged over the design's, or ``design`` names another design file
    (relative to the lesson's file)."""

    id: str
    label: Text
    training: dict[str, Any] = field(default_factory=dict)
    dataset: dict[str, Any] = field(default_factory=dict)
    design: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "label": self.label.to_dict()}
        if self.training:
            data["training"] = copy.deepcopy(self.training)
        if self.dataset:
            data["dataset"] = copy.deepcopy(self.dataset)
        if self.design is not None:
            data["design"] = self.design
        return data

    @classmethod
    def from_dict(cls, data: Any, where: str = "run") -> RunVariant:
        if not isinstance(data, Mapping):
            raise _error(where, "a run object", data)
        run_id = data.get("id")
        if not isinstance(run_id, str) or not run_id or run_id == MAIN_RUN:
            raise _error(f"{where}.id", f'a run id other than "{MAIN_RUN}"', run_id)
        design = data.get("design")
        if design is not None and (data.get("training") or data.get("dataset")):
            raise _error(
                where, "either another design file or training/dataset changes", "both"
            )
        return cls(
            id=run_id,
            label=Text.from_dict(data.get("label"), f"{where}.label"),
            training=copy.deepcopy(dict(data.get("training") or {})),
            dataset=copy.deepcopy(dict(data.get("dataset") or {})),
            design=design,
        )


@dataclass(frozen=True)
class Lesson:
    """A lesson: its place in the course, texts, goals, run variants and locks."""

    number: int
    title: Text
    explanation: Text
    steps: Sequence[Text] = ()
    goals: Sequence[Goal] = ()
    runs: Sequence[RunVariant] = ()
    locked: Sequence[str] = ()

    def run(self, run_id: str) -> RunVariant:
        """The variant called ``run_id`` (``KeyError`` when there is none)."""
        for variant in self.runs:
            if variant.id == run_id:
                return variant
        raise KeyError(run_id)

    def needed_runs(self) -> list[str]:
        """Run ids the goals read, in first-use order (``MAIN_RUN`` included)."""
        needed: list[str] = []
        for goal in self.goals:
            needed += [r for r in goal.run_ids() if r not in needed]
        return needed

    def to_dict(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "title": self.title.to_dict(),
            "explanation": self.explanation.to_dict(),
            "steps": [step.to_dict() for step in self.steps],
            "goals": [goal.to_dict() for goal in self.goals],
            "runs": [run.to_dict() for run in self.runs],
            "locked": list(self.locked),
        }

    @classmethod
    def from_dict(cls, data: Any, where: str = "lesson") -> Lesson:
        """Build a lesson from its JSON object; ``DesignFileError`` (one sentence
        starting "at lesson...") for anything wrong."""
        if not isinstance(data, Mapping):
            raise _error(where, "a lesson object", data)
        number = data.get("number")
        if isinstance(number, bool) or not isinstance(number, int) or number < 1:
            raise _error(f"{where}.number", "a whole number ≥ 1", number)
        runs = [
            RunVariant.from_dict(r, f"{where}.runs[{i}]")
            for i, r in enumerate(_list(data, "runs", where))
        ]
        goals = [
            Goal.from_dict(g, f"{where}.goals[{i}]")
            for i, g in enumerate(_list(data, "goals", where))
        ]
        _check_run_ids(runs, goals, where)
        locked = _list(data, "locked", where)
        for i, name in enumerate(locked):
            if name not in LOCKABLE:
                raise _error(
                    f"{where}.locked[{i}]", "one of " + ", ".join(LOCKABLE), name
                )
        return cls(
            number=number,
            title=Text.from_dict(data.get("title"), f"{where}.title"),
            explanation=Text.from_dict(data.get("explanation"), f"{where}.explanation"),
            steps=tuple(
                Text.from_dict(s, f"{where}.steps[{i}]")
                for i, s in enumerate(_list(data, "steps", where))
            ),
            goals=tuple(goals),
            runs=tuple(runs),
            locked=tuple(locked),
        )


def deep_merge(base: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``base`` with ``changes`` merged in: nested dicts merge key by key,
    anything else replaces (a run variant's ``{"optimizer": {"learning_rate":
    0.01}}`` keeps the design's optimizer type)."""
    merged = copy.deepcopy(dict(base))
    for key, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list | tuple):
        raise _error(f"{where}.{key}", "a list", value)
    return list(value)


def _check_run_ids(runs: list[RunVariant], goals: list[Goal], where: str) -> None:
    known = {MAIN_RUN}
    for i, variant in enumerate(runs):
        if variant.id in known:
            raise _error(f"{where}.runs[{i}].id", "a unique run id", variant.id)
        known.add(variant.id)
    for i, goal in enumerate(goals):
        for key in ("run", "other"):
            name = getattr(goal, key)
            if name is not None and name not in known:
                choices = ", ".join(sorted(known))
                raise _error(f"{where}.goals[{i}].{key}", f"one of {choices}", name)


def _error(where: str, expected: str, found: Any) -> DesignFileError:
    from netdesigner.design.schema import show

    shown = "none" if found is None else show(found)
    return DesignFileError(f"at {where}: expected {expected}, found {shown}")
