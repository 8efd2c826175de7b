"""What each node type is and which arguments it takes, for palettes and editors.

The GUI builds its palette (grouped by ``family``) and its property editors from
``CATALOG``; ``defaults`` takes tf.keras's default values from it; validation takes
each type's number of inputs from it. Names and defaults are tf.keras's. The JSON
Schema in ``resources/schema/design.schema.json`` says the same thing for files; a
test keeps the two in step.

A ``ParamSpec`` with ``required=True`` has no tf.keras default (``Dense.units``); its
``default`` is then only the value a new node starts with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from netdesigner.design.errors import DesignError
from netdesigner.i18n import N_

#: activation names as tf.keras, plus the perceptron's step (friendly order)
ACTIVATION_NAMES = (
    "linear",
    "relu",
    "sigmoid",
    "tanh",
    "softmax",
    "step",
    "leaky_relu",
    "elu",
    "softplus",
    "swish",
    "gelu",
)

#: initializer names as tf.keras, plus Playground's (weights U(±0.5), biases 0.1)
INITIALIZER_NAMES = (
    "glorot_uniform",
    "glorot_normal",
    "he_uniform",
    "he_normal",
    "lecun_uniform",
    "lecun_normal",
    "random_uniform",
    "random_normal",
    "zeros",
    "ones",
    "constant",
    "playground",
)

PADDING_NAMES = ("valid", "same")

#: sane maxima, as the JSON Schema states them (a test keeps them equal); what
#: fits in memory below them is for ``memory`` to judge
MAX_UNITS = 100_000
MAX_FILTERS = 10_000
MAX_DIMENSION = 100_000  # each dimension of an Input shape
MAX_SIZE2 = 1024  # kernel_size, strides, pool_size

FAMILIES = ("Basics", "Convolution", "Regularisation", "Merge")


@dataclass(frozen=True)
class ParamSpec:
    """One constructor argument of a node type.

    kind : "int", "float", "bool", "choice", "shape" (list of ints >= 1), "size2"
        (int or [h, w]), "optional_size2" (None, int or [h, w]), "regularizer"
        (None, "l1", "l2", "l1_l2" or {"l1": a, "l2": b}), "axis" (int, may be < 0),
        "numbers" (a list of positive numbers: DetectionHead's anchors).
    minimum / maximum : inclusive bounds of a number, None when unbounded;
        ``maximum_exclusive`` makes the upper bound strict (Dropout's rate < 1).
    """

    name: str
    kind: str
    default: Any
    help: str
    required: bool = False
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    maximum_exclusive: bool = False


@dataclass(frozen=True)
class LayerSpec:
    """A node type: palette family, wiring, arguments and a formula for its tooltip.

    n_inputs : 0 for Input, 1 for most layers, None for "two or more" (merges).
    id_prefix : new nodes are called ``<id_prefix>_<n>``.
    """

    type: str
    family: str
    summary: str
    formula: str
    n_inputs: int | None
    id_prefix: str
    params: tuple[ParamSpec, ...] = ()

    def param(self, name: str) -> ParamSpec:
        for spec in self.params:
            if spec.name == name:
                return spec
        raise KeyError(f"{self.type} has no argument '{name}'")

    def param_names(self) -> tuple[str, ...]:
        return tuple(spec.name for spec in self.params)

    def initial_params(self) -> dict[str, Any]:
        """Arguments a node dropped from the palette starts with (required ones)."""
        return {p.name: _copy(p.default) for p in self.params if p.required}

    def keras_defaults(self) -> dict[str, Any]:
        """tf.keras's defaults of the optional arguments."""
        return {p.name: _copy(p.default) for p in self.params if not p.required}


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _activation(default: str = "linear", required: bool = False) -> ParamSpec:
    return ParamSpec(
        "activation",
        "choice",
        default,
        N_("function applied to each output value"),
        required=required,
        choices=ACTIVATION_NAMES,
    )


def _initializer(name: str, default: str, help_text: str) -> ParamSpec:
    return ParamSpec(name, "choice", default, help_text, choices=INITIALIZER_NAMES)


def _padding() -> ParamSpec:
    return ParamSpec(
        "padding",
        "choice",
        "valid",
        N_("'valid' adds no border; 'same' pads so that stride 1 keeps the size"),
        choices=PADDING_NAMES,
    )


_REGULARIZER = ParamSpec(
    "kernel_regularizer",
    "regularizer",
    None,
    N_('penalty on large weights added to the loss, e.g. {"l2": 0.01}'),
)

_USE_BIAS = ParamSpec("use_bias", "bool", True, N_("add a learned bias to each output"))


def _pooling(type_: str, summary: str, formula: str) -> LayerSpec:
    return LayerSpec(
        type=type_,
        family="Convolution",
        summary=summary,
        formula=formula,
        n_inputs=1,
        id_prefix="pool" if type_ == "MaxPooling2D" else "avgpool",
        params=(
            ParamSpec("pool_size", "size2", 2, N_("window size, n or [height, width]")),
            ParamSpec(
                "strides",
                "optional_size2",
                None,
                N_("step between windows; empty means the pool size"),
            ),
            _padding(),
        ),
    )


_SPECS = (
    LayerSpec(
        type="Input",
        family="Basics",
        summary=N_("Where one example of the data set enters the network."),
        formula=N_("Holds one example; its shape leaves out the batch dimension."),
        n_inputs=0,
        id_prefix="input",
        params=(
            ParamSpec(
                "shape",
                "shape",
                [2],
                N_("shape of one example, e.g. [2] or [28, 28, 1]"),
                required=True,
            ),
        ),
    ),
    LayerSpec(
        type="Dense",
        family="Basics",
        summary=N_("A fully connected layer: every input feeds every unit."),
        formula=(
            N_(
                "y = activation(x · W + b) with W of shape (inputs, units) and b of "
                "shape (units,), so it has (inputs + 1) · units parameters."
            )
        ),
        n_inputs=1,
        id_prefix="dense",
        params=(
            ParamSpec(
                "units",
                "int",
                8,
                N_("number of neurons"),
                required=True,
                minimum=1,
                maximum=MAX_UNITS,
            ),
            _activation(),
            _USE_BIAS,
            _initializer(
                "kernel_initializer", "glorot_uniform", N_("how the weights start")
            ),
            _initializer("bias_initializer", "zeros", N_("how the biases start")),
            _REGULARIZER,
        ),
    ),
    LayerSpec(
        type="Conv2D",
        family="Convolution",
        summary=N_(
            "Slides small learned filters over an image to detect local patterns."
        ),
        formula=(
            N_(
                "Each filter slides a kernel over the input: out = ⌊(in − k + 2·p) / s⌋"
                " + 1 per side, with (kh · kw · channels + 1) · filters parameters."
            )
        ),
        n_inputs=1,
        id_prefix="conv",
        params=(
            ParamSpec(
                "filters",
                "int",
                8,
                N_("number of filters (output channels)"),
                required=True,
                minimum=1,
                maximum=MAX_FILTERS,
            ),
            ParamSpec(
                "kernel_size",
                "size2",
                3,
                N_("filter size, n or [height, width]"),
                required=True,
            ),
            ParamSpec("strides", "size2", 1, N_("step of the filter, n or [h, w]")),
            _padding(),
            _activation(),
            _USE_BIAS,
            _initializer(
                "kernel_initializer", "glorot_uniform", N_("how the filters start")
            ),
            _initializer("bias_initializer", "zeros", N_("how the biases start")),
            _REGULARIZER,
        ),
    ),
    _pooling(
        "MaxPooling2D",
        N_("Keeps the maximum of each window, shrinking height and width."),
        N_(
            "Each output is the maximum of a pool_size window: "
            "out = ⌊(in − pool) / stride⌋ + 1 per side with 'valid' padding, "
            "⌈in / stride⌉ with 'same'."
        ),
    ),
    _pooling(
        "AveragePooling2D",
        N_("Keeps the mean of each window, shrinking height and width."),
        N_(
            "Each output is the mean of a pool_size window: "
            "out = ⌊(in − pool) / stride⌋ + 1 per side with 'valid' padding, "
            "⌈in / stride⌉ with 'same'."
        ),
    ),
    LayerSpec(
        type="GlobalAveragePooling2D",
        family="Convolution",
        summary=N_("Averages each channel over the whole image."),
        formula=(
            N_("Each channel becomes its mean over height and width: (H, W, C) → (C,).")
        ),
        n_inputs=1,
        id_prefix="gap",
    ),
    LayerSpec(
        type="Flatten",
        family="Basics",
        summary=N_("Lays an image out as one long vector for Dense layers."),
        formula=N_("(H, W, C) becomes H · W · C numbers in row-major (C) order."),
        n_inputs=1,
        id_prefix="flatten",
    ),
    LayerSpec(
        type="Dropout",
        family="Regularisation",
        summary=N_("Randomly silences neurons while training, against overfitting."),
        formula=(
            N_(
                "In training each value is zeroed with probability rate and the rest "
                "are "
                "scaled by 1 / (1 − rate); at prediction it does nothing."
            )
        ),
        n_inputs=1,
        id_prefix="dropout",
        params=(
            ParamSpec(
                "rate",
                "float",
                0.5,
                N_("fraction of values dropped in training"),
                required=True,
                minimum=0.0,
                maximum=1.0,
                maximum_exclusive=True,
            ),
        ),
    ),
    LayerSpec(
        type="BatchNormalization",
        family="Regularisation",
        summary=N_(
            "Rescales each channel to zero mean and unit variance, then learns a "
            "scale and shift."
        ),
        formula=(
            N_(
                "y = γ · (x − μ) / √(σ² + ε) + β per channel, with batch statistics in "
                "training and moving averages (updated with momentum) at prediction."
            )
        ),
        n_inputs=1,
        id_prefix="batchnorm",
        params=(
            ParamSpec(
                "momentum",
                "float",
                0.99,
                N_("how slowly the moving averages follow the batches"),
                minimum=0.0,
                maximum=1.0,
            ),
            ParamSpec(
                "epsilon",
                "float",
                0.001,
                N_("small number added to the variance to avoid dividing by zero"),
                minimum=0.0,
            ),
        ),
    ),
    LayerSpec(
        type="Activation",
        family="Basics",
        summary=N_("Applies an activation function on its own."),
        formula=N_("y = f(x) for every value; the shape does not change."),
        n_inputs=1,
        id_prefix="activation",
        params=(_activation("relu", required=True),),
    ),
    LayerSpec(
        type="Add",
        family="Merge",
        summary=N_(
            "Adds two or more tensors of the same shape (residual connections)."
        ),
        formula=N_(
            "y = x₁ + x₂ + … element by element; all inputs have the same shape."
        ),
        n_inputs=None,
        id_prefix="add",
    ),
    LayerSpec(
        type="Concatenate",
        family="Merge",
        summary=N_("Joins two or more tensors side by side along one axis."),
        formula=(
            N_(
                "Inputs are joined along axis (−1 = channels); every other dimension "
                "must agree."
            )
        ),
        n_inputs=None,
        id_prefix="concat",
        params=(
            ParamSpec(
                "axis",
                "axis",
                -1,
                N_(
                    "axis to join along; -1 is the last one (channels), 0 is not "
                    "allowed"
                ),
            ),
        ),
    ),
    LayerSpec(
        type="DetectionHead",
        family="Convolution",
        summary=(
            N_(
                "Predicts boxes and class scores for anchors on every cell of a "
                "feature "
                "map (a single-shot detector such as SSD or YOLO)."
            )
        ),
        formula=(
            N_(
                "A 'same' convolution with A·(4 + 1 + C) filters: per cell and anchor, "
                "4 box offsets, a background score and C class scores; A = "
                "len(anchor_sizes) · len(aspect_ratios)."
            )
        ),
        n_inputs=1,
        id_prefix="detection",
        params=(
            ParamSpec(
                "num_classes",
                "int",
                3,
                N_("number of object classes (background not counted)"),
                required=True,
                minimum=1,
                maximum=1000,
            ),
            ParamSpec(
                "anchor_sizes",
                "numbers",
                [16.0, 32.0],
                N_("anchor box sizes in pixels of the input image"),
            ),
            ParamSpec(
                "aspect_ratios",
                "numbers",
                [1.0, 2.0, 0.5],
                N_("anchor width / height ratios, e.g. 1, 2, 0.5"),
            ),
            ParamSpec(
                "kernel_size", "size2", 3, N_("filter size, n or [height, width]")
            ),
            _initializer(
                "kernel_initializer", "glorot_uniform", N_("how the filters start")
            ),
            _initializer("bias_initializer", "zeros", N_("how the biases start")),
        ),
    ),
)

#: node type name -> its LayerSpec, in palette order
CATALOG: dict[str, LayerSpec] = {spec.type: spec for spec in _SPECS}

NODE_TYPES: tuple[str, ...] = tuple(CATALOG)


def layer_spec(type_name: str) -> LayerSpec:
    """The LayerSpec of ``type_name``; an unknown name lists the known ones."""
    try:
        return CATALOG[type_name]
    except KeyError:
        known = ", ".join(NODE_TYPES)
        raise DesignError(
            f"unknown node type '{type_name}'; expected one of: {known}"
        ) from None


def by_family() -> dict[str, list[LayerSpec]]:
    """Palette groups: family name -> its node types, in palette order."""
    groups: dict[str, list[LayerSpec]] = {family: [] for family in FAMILIES}
    for spec in _SPECS:
        groups[spec.family].append(spec)
    return groups
