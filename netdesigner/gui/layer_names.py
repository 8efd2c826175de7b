"""Node types as the course names them: "Dense 全连接层" in Chinese, "Dense" in English.

Layer types stay tf.keras's (what the student types); the palette, the inspector and
the canvas tooltips put the course's word beside them when not in English.
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from netdesigner import i18n

#: what each node type is called in the course; in Chinese it stands beside the
#: tf.keras name ("Dense 全连接层"), in English the tf.keras name is enough
LAYER_NAMES = {
    "Input": QT_TRANSLATE_NOOP("LayerNames", "input layer"),
    "Dense": QT_TRANSLATE_NOOP("LayerNames", "fully connected layer"),
    "Neuron": QT_TRANSLATE_NOOP("LayerNames", "neuron"),
    "Activation": QT_TRANSLATE_NOOP("LayerNames", "activation layer"),
    "Conv2D": QT_TRANSLATE_NOOP("LayerNames", "convolutional layer"),
    "MaxPooling2D": QT_TRANSLATE_NOOP("LayerNames", "max pooling layer"),
    "AveragePooling2D": QT_TRANSLATE_NOOP("LayerNames", "average pooling layer"),
    "GlobalAveragePooling2D": QT_TRANSLATE_NOOP(
        "LayerNames", "global average pooling layer"
    ),
    "Flatten": QT_TRANSLATE_NOOP("LayerNames", "flatten layer"),
    "Dropout": QT_TRANSLATE_NOOP("LayerNames", "dropout layer"),
    "BatchNormalization": QT_TRANSLATE_NOOP("LayerNames", "batch normalization layer"),
    "Add": QT_TRANSLATE_NOOP("LayerNames", "add layer"),
    "Concatenate": QT_TRANSLATE_NOOP("LayerNames", "concatenate layer"),
}


def layer_name(type_name: str) -> str:
    """The tf.keras type, with the course's name beside it when not in English:
    "Dense" -> "Dense 全连接层"."""
    english = LAYER_NAMES.get(type_name)
    if english is None or i18n.current_language() == "en":
        return type_name
    return f"{type_name} {QCoreApplication.translate('LayerNames', english)}"
