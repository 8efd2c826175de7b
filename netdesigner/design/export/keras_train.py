"""The training half of the Keras script: compile, fit and evaluate, or the perceptron.

``compile_model`` uses the design's loss, optimizer (``keras.optimizers``) and a
metric that fits the targets: "accuracy", a sign accuracy for −1/+1 targets, or RMSE
and R² for regression. The ``__main__`` section fits as the course's code does; a
lone step neuron is trained with Rosenblatt's rule instead, as NetDesigner does.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from netdesigner.design.export.base import ExportError
from netdesigner.design.export.codegen import CodeWriter, literal
from netdesigner.design.export.common import (
    ScriptSettings,
    write_perceptron_rule,
    write_starting_model_head,
)
from netdesigner.design.export.graph import ExportNode

KERAS_OPTIMIZERS = {
    "sgd": "SGD",
    "rmsprop": "RMSprop",
    "adagrad": "Adagrad",
    "adam": "Adam",
    "adamw": "AdamW",
}

#: helper functions a script may need, written only when used
HELPERS: dict[str, list[str]] = {
    "step": [
        "def step(x):",
        '    """The perceptron\'s step activation: 1 where x >= 0, else 0.',
        "",
        "    tf.keras has no such activation. Its gradient is zero, so fit() cannot",
        "    train through it; NetDesigner trains a perceptron with Rosenblatt's rule.",
        '    """',
        "    return keras.ops.cast(keras.ops.greater_equal(x, 0), x.dtype)",
    ],
    "half_mean_squared_error": [
        "def half_mean_squared_error(y_true, y_pred):",
        '    """TensorFlow Playground\'s loss: half the mean squared error,',
        '    0.5 * mean((y - t)^2) (tf.keras has no such built-in loss)."""',
        "    return 0.5 * keras.ops.mean(keras.ops.square(y_pred - y_true), axis=-1)",
    ],
    "signed_accuracy": [
        "def signed_accuracy(y_true, y_pred):",
        '    """Share of right signs: targets are -1/+1 and the output\'s sign is the',
        '    predicted class (tf.keras\'s "accuracy" expects 0/1 targets)."""',
        "    right = keras.ops.equal(y_true > 0, y_pred > 0)",
        '    return keras.ops.mean(keras.ops.cast(right, "float32"), axis=-1)',
    ],
}


@dataclass
class KerasContext:
    """What writing the layers found out: helper functions the script needs."""

    helpers: list[str] = field(default_factory=list)

    def need(self, helper: str) -> None:
        if helper not in self.helpers:
            self.helpers.append(helper)


def optimizer_source(settings: ScriptSettings) -> str:
    config = dict(settings.given_optimizer)
    kind = str(config.pop("type", "adam")).lower()
    if kind not in KERAS_OPTIMIZERS:
        raise ExportError(
            f"tf.keras export does not know the optimizer {kind!r}; expected one of: "
            f"{', '.join(KERAS_OPTIMIZERS)}"
        )
    args = ", ".join(f"{k}={literal(v)}" for k, v in config.items())
    return f"keras.optimizers.{KERAS_OPTIMIZERS[kind]}({args})"


def metrics_source(settings: ScriptSettings, ctx: KerasContext) -> list[str]:
    """The metrics that fit the targets, as source of list items."""
    kind = settings.encoding.kind
    if kind == "value":
        return [
            'keras.metrics.RootMeanSquaredError(name="rmse")',
            'keras.metrics.R2Score(name="r2")',
        ]
    if kind == "signed":
        ctx.need("signed_accuracy")
        return ['keras.metrics.MeanMetricWrapper(signed_accuracy, name="accuracy")']
    return ['"accuracy"']


def loss_source(settings: ScriptSettings, ctx: KerasContext) -> str:
    """tf.keras's loss name, or the helper function for a loss it lacks."""
    if settings.loss in HELPERS:
        ctx.need(settings.loss)
        return settings.loss
    return literal(settings.loss)


def write_compile(w: CodeWriter, settings: ScriptSettings, ctx: KerasContext) -> None:
    metrics = metrics_source(settings, ctx)
    with w.block("def compile_model(model):"):
        w.line('"""Compile with the design\'s loss, optimizer and metrics."""')
        if len(metrics) > 1:
            with w.block("metrics = [", "]"):
                w.extend(f"{item}," for item in metrics)
        else:
            w.line(f"metrics = [{metrics[0]}]")
        w.call("", "model.compile", [
            f"optimizer={optimizer_source(settings)}",
            f"loss={loss_source(settings, ctx)}",
            "metrics=metrics",
        ])  # fmt: skip


def write_print_epoch(w: CodeWriter) -> None:
    with w.block("def print_epoch(epoch, logs):"):
        w.line('"""One line per epoch: every figure fit() measured."""')
        w.line(
            'figures = ", ".join(f"{name} {value:.4f}" for name, value in logs.items())'
        )
        w.line('print(f"epoch {epoch + 1}: {figures}", flush=True)')


def write_starting_model(w: CodeWriter, settings: ScriptSettings) -> None:
    """``starting_model(from_scratch)`` for a design with frozen layers."""
    with w.block("def starting_model(from_scratch=False):"):
        write_starting_model_head(w, settings)
        with w.block(f"for name in {literal(settings.frozen)}:"):
            w.line(
                "model.get_layer(name).set_weights(trained.get_layer(name).get_weights())"
            )
        w.line("return model")


def write_main(w: CodeWriter, settings: ScriptSettings, has_schedule: bool) -> None:
    with w.block('if __name__ == "__main__":'):
        w.line("args = parse_args()")
        w.line(f"keras.utils.set_random_seed({settings.seed})")
        w.line("(x_train, y_train), (x_test, y_test) = load_data()")
        if settings.frozen:
            w.line("model = starting_model(args.from_scratch)")
        else:
            w.line("# Fresh weights, as the course trains; build_model() alone would")
            w.line("# start from the weights NetDesigner trained.")
            w.line("model = build_model(weights_file=None)")
        w.line("compile_model(model)")
        w.line("model.summary()")
        w.line("callbacks = [keras.callbacks.LambdaCallback(on_epoch_end=print_epoch)]")
        if has_schedule:
            w.line(
                "callbacks.append(keras.callbacks.LearningRateScheduler(learning_rate))"
            )
        if settings.early_stopping:
            stop = settings.early_stopping
            args = [f"{k}={literal(v)}" for k, v in stop.items()]
            mode = "max" if str(stop.get("monitor", "")).endswith("accuracy") else "min"
            args.append(f"mode={literal(mode)}")
            w.call("early_stopping = ", "keras.callbacks.EarlyStopping", args)
            w.line("callbacks.append(early_stopping)")
        w.call("history = ", "model.fit", [
            "x_train", "y_train", "batch_size=args.batch_size", "epochs=args.epochs",
            "validation_data=(x_test, y_test)", "callbacks=callbacks", "verbose=0",
        ])  # fmt: skip
        w.line("results = model.evaluate(x_test, y_test, verbose=0)  # loss, metrics")
        name = "rmse" if settings.encoding.kind == "value" else "accuracy"
        w.line(f'print(f"test {name}: {{results[1]:.4f}}")')


def write_perceptron_main(
    w: CodeWriter, node: ExportNode, settings: ScriptSettings
) -> None:
    """Rosenblatt's rule for a lone step neuron, then the test accuracy."""
    with w.block("def get_neuron(model):"):
        w.line(
            '"""The neuron\'s weights as NumPy arrays: kernel (in, 1), bias (1,)."""'
        )
        w.line(f"kernel, bias = model.get_layer({literal(node.id)}).get_weights()")
        w.line("return kernel.copy(), bias.copy()")
    w.blank(2)
    with w.block("def set_neuron(model, kernel, bias):"):
        w.line(f"model.get_layer({literal(node.id)}).set_weights([kernel, bias])")
    w.blank(2)
    write_perceptron_rule(w, settings)
    w.blank(2)
    with w.block('if __name__ == "__main__":'):
        w.line("args = parse_args()")
        w.line("(x_train, y_train), (x_test, y_test) = load_data()")
        w.line("model = build_model(weights_file=None)")
        w.line("train_perceptron(model, x_train, y_train, args.epochs)")
        w.line("predicted = model.predict(x_test, verbose=0)")
        w.line("accuracy = ((predicted > 0.5) == (y_test > 0)).mean()")
        w.line('print(f"test accuracy: {accuracy:.4f}")')
