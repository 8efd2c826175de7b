"""The image sets shipped in ``resources/datasets``: Fashion-MNIST, MNIST, digits
(grey) and CIFAR-10 (colour).

Each ``<name>.npz`` holds ``x_train``/``x_test`` uint8 ``(N, H, W)`` (grey) or
``(N, H, W, 3)`` (RGB), ``y_train``/``y_test`` uint8 labels and ``class_names``
(unicode), readable without pickle; the licence is in ``<name>.LICENSE.txt`` beside
it. ``netdesigner.data.build`` makes them. Images stay uint8 in the ``Dataset``;
``transform`` scales a batch by 1/255 to float32 ``(N, H, W, C)``, as a tf.keras
``Rescaling(1/255)`` layer would (or standardises each channel, on request).
"""

from __future__ import annotations

import functools

import numpy as np

from netdesigner.data.dataset import DataError, Dataset, DatasetInfo
from netdesigner.data.preprocess import image_preprocessing
from netdesigner.data.registry import register_source
from netdesigner.data.settings import Settings, check_options, image_settings
from netdesigner.i18n import N_
from netdesigner.resources import resource_path

PIXEL_SCALE = 1.0 / 255.0
DIGITS_SCALE = 255.0 / 16.0
FASHION_CLASSES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip
DIGIT_CLASSES = tuple(str(d) for d in range(10))
CIFAR10_CLASSES = (
    "airplane", "automobile", "bird", "cat", "deer",
    "dog", "frog", "horse", "ship", "truck",
)  # fmt: skip
KEYS = ("x_train", "y_train", "x_test", "y_test", "class_names")


def _image_info(
    name: str,
    title: str,
    shape: tuple[int, ...],
    classes: tuple[str, ...],
    size: int,
    text: str,
) -> DatasetInfo:
    """shape : one stored image, ``(H, W)`` grey or ``(H, W, 3)`` RGB."""
    return DatasetInfo(
        name=name,
        title=title,
        kind="image",
        task="classification",
        n_classes=len(classes),
        class_names=classes,
        input_shape=shape,
        default_n_samples=size,
        description=text,
        fixed_split=True,
        rescale=PIXEL_SCALE,
        source=f"resources/datasets/{name}.LICENSE.txt",
    )


IMAGE_INFOS = {
    info.name: info
    for info in (
        _image_info(
            "fashion_mnist", "Fashion-MNIST", (28, 28), FASHION_CLASSES, 12_000,
            N_("28×28 grey images of clothing in 10 classes (Zalando Research, MIT): "
            "10,000 training images (1,000 per class) and 2,000 test images."),
        ),
        _image_info(
            "mnist", "MNIST (5,000)", (28, 28), DIGIT_CLASSES, 5_000,
            N_("28×28 grey handwritten digits (LeCun, Cortes, Burges; CC BY-SA 3.0): "
            "4,000 training and 1,000 test images, balanced over the 10 digits."),
        ),
        _image_info(
            "digits", "Digits 8×8", (8, 8), DIGIT_CLASSES, 1_797,
            N_("8×8 handwritten digits (UCI, Alpaydin and Kaynak; CC BY 4.0), pixel "
            "values 0-16 stretched to 0-255: 1,497 training and 300 test images."),
        ),
        _image_info(
            "cifar10", "CIFAR-10", (32, 32, 3), CIFAR10_CLASSES, 12_000,
            N_("32×32 colour photos in 10 classes (Krizhevsky, Nair, Hinton, 2009; "
            "research and teaching, cite the report): 10,000 training images "
            "(1,000 per class) and 2,000 test images."),
        ),
    )
}  # fmt: skip


def image_input_shape(stored: tuple[int, ...]) -> tuple[int, ...]:
    """What the Input node gets for one stored image: ``(H, W)`` -> ``(H, W, 1)``;
    ``(H, W, C)`` stays."""
    return (*stored, 1) if len(stored) == 2 else tuple(stored)


@functools.lru_cache(maxsize=4)
def read_builtin(name: str) -> dict[str, np.ndarray]:
    """The arrays of ``resources/datasets/<name>.npz``, read once and made read-only."""
    try:
        path = resource_path("datasets", f"{name}.npz")
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in KEYS}
    except (OSError, KeyError, ValueError) as exc:
        raise DataError(
            f"the built-in data set file '{name}.npz' is missing or damaged ({exc}); "
            "reinstall NetDesigner or run python -m netdesigner.data.build"
        ) from None
    for array in arrays.values():
        array.setflags(write=False)
    return arrays


class ImageSource:
    """A shipped image set; ``n_samples`` keeps the first n training images."""

    def __init__(self, info: DatasetInfo) -> None:
        self.info = info

    def load(self, settings: Settings, options: dict) -> Dataset:
        check_options(self.info, options)
        arrays = read_builtin(self.info.name)
        n = settings.n_samples
        x_train, y_train = arrays["x_train"][:n], arrays["y_train"][:n]
        shape = image_input_shape(self.info.input_shape)
        preprocessing, stats = image_preprocessing(
            x_train, self.info.rescale, shape, settings.standardize
        )
        record = {"name": self.info.name, "n_samples": x_train.shape[0]}
        record.update(image_settings(settings, stats))
        return Dataset(
            info=self.info,
            x_train=x_train,
            y_train=y_train.astype(np.int64),
            x_test=arrays["x_test"],
            y_test=arrays["y_test"].astype(np.int64),
            preprocessing=preprocessing,
            stats=stats,
            settings=record,
            augment=settings.augment,
        )


for _info in IMAGE_INFOS.values():
    register_source(ImageSource(_info))
