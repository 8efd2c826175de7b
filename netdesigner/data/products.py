"""``products``: a synthetic shelf of bottles, cans and boxes with exact boxes.

The course's capstone detects products on shelves; this set is its small, seeded
stand-in, generated on load (no file shipped) and learnable on two cores. Each
64×64 colour image shows a wall with one or two wooden shelf boards and one to six
products standing on them, side by side with partial overlaps:

* a bottle: a tall body with a narrow neck and a cap;
* a can: a short body with metallic bands at its top and bottom, corners rounded;
* a box: a wide body with a lid line and a label stripe.

Colours are drawn from the same range for every class, so a network must learn the
shapes. Boxes are exact, in pixel-edge coordinates: a product covering pixel
columns 10..19 has ``x_min = 10`` and ``x_max = 20`` (so ``x_max - x_min`` is its
width in pixels). A later product may hide part of an earlier one, never more than
a third of its width.

The same seed gives the same images and boxes, bit for bit; the test images come
from their own stream, so ``n_samples`` (the first n training images) leaves them
unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from netdesigner.data.boxes import refuse_augment, targets_array
from netdesigner.data.dataset import DataError, Dataset, DatasetInfo
from netdesigner.data.preprocess import image_preprocessing
from netdesigner.data.registry import register_source
from netdesigner.data.settings import Settings, check_options, image_settings

SIDE = 64
CLASSES = ("bottle", "can", "box")
N_TRAIN = 2_000
N_TEST = 400
MAX_PRODUCTS = 6
BOARD_HEIGHT = (4, 7)  # rows of a shelf board, lowest and highest + 1
WALL_NOISE = 7  # ± grey levels of the wall's texture
#: product (width, height) ranges in pixels, lowest and highest + 1, per class
SIZES = {
    "bottle": ((7, 12), (16, 27)),
    "can": ((9, 14), (10, 17)),
    "box": ((15, 27), (9, 17)),
}


@dataclass(frozen=True)
class Scene:
    """One shelf picture.

    image : ``(SIDE, SIDE, 3)`` uint8; boxes : ``(K, 4)`` float32 ``[x_min, y_min,
    x_max, y_max]`` in pixel-edge coordinates; labels : ``(K,)`` int64 indices into
    ``CLASSES``.
    """

    image: np.ndarray
    boxes: np.ndarray
    labels: np.ndarray


Painter = Callable[[np.ndarray, int, int, int, int, np.random.Generator], None]
PAINTERS: dict[str, Painter] = {}


def painter(name: str) -> Callable[[Painter], Painter]:
    """File a function that draws the product ``name`` into an image, in place.

    The function gets ``(image, left, top, width, height, rng)`` and must cover the
    box's first and last rows and columns (the box is exact).
    """

    def register(draw: Painter) -> Painter:
        if name in PAINTERS:
            raise DataError(f"the product painter '{name}' is registered twice")
        PAINTERS[name] = draw
        return draw

    return register


def _product_colour(rng: np.random.Generator) -> np.ndarray:
    """A saturated colour: one channel strong and one weak, so it stands out from
    the grey wall whatever its hue."""
    colour = rng.integers(40, 220, 3)
    strong, weak = rng.permutation(3)[:2]
    colour[strong] = rng.integers(170, 256)
    colour[weak] = rng.integers(0, 80)
    return colour.astype(np.uint8)


def _shade(colour: np.ndarray, factor: float) -> np.ndarray:
    """``colour`` darker (factor < 1) or lighter (factor > 1), uint8."""
    return np.clip(colour.astype(np.float32) * factor, 0, 255).astype(np.uint8)


@painter("bottle")
def draw_bottle(
    image: np.ndarray, left: int, top: int, width: int, height: int, rng
) -> None:
    """A body (the lower three quarters) with a highlight, a centred neck, a cap."""
    colour = _product_colour(rng)
    neck_h = max(3, height // 4)
    neck_w = max(2, width // 3)
    neck_left = left + (width - neck_w) // 2
    image[top + neck_h : top + height, left : left + width] = colour
    image[top : top + neck_h, neck_left : neck_left + neck_w] = _shade(colour, 0.8)
    image[top : top + 2, neck_left : neck_left + neck_w] = _product_colour(rng)
    # a vertical highlight, as light on glass or plastic
    image[top + neck_h + 1 : top + height - 1, left + 1] = _shade(colour, 1.5)


@painter("can")
def draw_can(
    image: np.ndarray, left: int, top: int, width: int, height: int, rng
) -> None:
    """A body between two dark rims whose outer corners are cut (rounded)."""
    colour = _product_colour(rng)
    # rims in the body's hue, darker: they keep its weak channel, so they stand
    # out from the grey wall as much as the body does
    rim, base = _shade(colour, 0.55), _shade(colour, 0.45)
    bottom, right = top + height, left + width
    image[top + 2 : bottom - 2, left:right] = colour
    image[top : top + 2, left + 1 : right - 1] = rim
    image[top + 1, left] = image[top + 1, right - 1] = rim
    image[bottom - 2 : bottom, left + 1 : right - 1] = base
    image[bottom - 2, left] = image[bottom - 2, right - 1] = base


@painter("box")
def draw_box(
    image: np.ndarray, left: int, top: int, width: int, height: int, rng
) -> None:
    """A wide body with a dark lid line and a light label stripe across it."""
    colour = _product_colour(rng)
    image[top : top + height, left : left + width] = colour
    image[top, left : left + width] = _shade(colour, 0.6)
    stripe_top = top + height // 3
    stripe_h = max(2, height // 3)
    label = np.full(3, rng.integers(215, 256), dtype=np.uint8)
    image[stripe_top : stripe_top + stripe_h, left + 2 : left + width - 2] = label


def _wall(rng: np.random.Generator) -> np.ndarray:
    """A light grey, slightly tinted wall with pixel noise and faint panel seams."""
    base = rng.integers(165, 215) + rng.integers(-12, 13, 3, dtype=np.int16)
    noise = rng.integers(-WALL_NOISE, WALL_NOISE + 1, (SIDE, SIDE, 1), dtype=np.int16)
    wall = base + noise
    seams = np.arange(rng.integers(0, 16), SIDE, 16)
    wall[:, seams] -= 18
    # 165 - 12 - 7 - 18 > 0 and 214 + 12 + 7 < 256: no clipping needed
    return wall.astype(np.uint8)


def _board(image: np.ndarray, top: int, height: int, rng) -> None:
    """A wooden shelf board from row ``top``: brown, with darker grain lines."""
    wood = np.array(
        [rng.integers(120, 165), rng.integers(75, 105), rng.integers(35, 65)]
    )
    grain = rng.integers(-12, 1, (height, 1, 1))
    image[top : top + height] = np.clip(wood + grain, 0, 255).astype(np.uint8)
    image[top + height - 1] = _shade(wood, 0.6)  # the board's front edge


def _floors(rng: np.random.Generator) -> list[tuple[int, int, int]]:
    """The shelf levels as ``(ceiling, floor, board height)``: products stand on
    row ``floor`` and stay below row ``ceiling``."""
    if rng.random() < 0.5:
        height = int(rng.integers(*BOARD_HEIGHT))
        floor = int(rng.integers(40, SIDE - height + 1))
        return [(0, floor, height)]
    levels, ceiling = [], 0
    for floor in (int(rng.integers(26, 31)), SIDE - int(rng.integers(4, 8))):
        height = int(rng.integers(*BOARD_HEIGHT))
        floor = min(floor, SIDE - height)
        levels.append((ceiling, floor, height))
        ceiling = floor + height
    return levels


def _level_products(
    rng: np.random.Generator, ceiling: int, floor: int, room: int
) -> list[tuple[int, int, int, int, int]]:
    """Products on one level, left to right: ``(label, left, top, width, height)``.

    A product's left edge may reach back over its neighbour by up to a third of the
    narrower of the two (a partial overlap), never more.
    """
    placed: list[tuple[int, int, int, int, int]] = []
    x = int(rng.integers(0, 10))
    while len(placed) < room:
        label = int(rng.integers(len(CLASSES)))
        (w_lo, w_hi), (h_lo, h_hi) = SIZES[CLASSES[label]]
        width = int(rng.integers(w_lo, w_hi))
        height = min(int(rng.integers(h_lo, h_hi)), floor - ceiling - 1)
        if placed:
            overlap = min(width, placed[-1][3]) // 3
            x += int(rng.integers(-overlap, 8))
        if x + width > SIDE:
            break
        placed.append((label, x, floor - height, width, height))
        x += width
    return placed


def make_scene(rng: np.random.Generator) -> Scene:
    """Draw one shelf picture with ``rng`` (see the module docstring)."""
    image = _wall(rng)
    products = []
    levels = _floors(rng)
    per_level = MAX_PRODUCTS // len(levels)  # so that the total stays within MAX
    for ceiling, floor, board_h in levels:
        _board(image, floor, board_h, rng)
        count = int(rng.integers(1, per_level + 1))
        products += _level_products(rng, ceiling, floor, count)
    for label, left, top, width, height in products:
        PAINTERS[CLASSES[label]](image, left, top, width, height, rng)
    boxes = np.array(
        [[left, top, left + w, top + h] for _, left, top, w, h in products],
        dtype=np.float32,
    ).reshape(-1, 4)
    labels = np.array([p[0] for p in products], dtype=np.int64)
    return Scene(image, boxes, labels)


def _streams(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The training and the test pictures' random streams of ``seed``."""
    train, test = np.random.SeedSequence(seed).spawn(2)
    return np.random.default_rng(train), np.random.default_rng(test)


def first_images(count: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The first ``count`` training pictures of ``seed`` and their targets, drawn
    alone (a preview costs a millisecond a picture, not the whole set):
    ``(count, 64, 64, 3)`` uint8 and a ``(count,)`` object array, as ``generate``."""
    rng = _streams(seed)[0]
    scenes = [make_scene(rng) for _ in range(count)]
    images = np.stack([s.image for s in scenes])
    return images, targets_array([s.boxes for s in scenes], [s.labels for s in scenes])


@functools.lru_cache(maxsize=4)
def generate(seed: int) -> dict[str, np.ndarray]:
    """``x_train`` ``(N_TRAIN, 64, 64, 3)`` uint8, ``y_train`` targets, ``x_test``,
    ``y_test`` for ``seed``, made once per seed and kept (read-only) in memory."""
    train_rng, test_rng = _streams(seed)
    arrays = {}
    for part, rng, n in (("train", train_rng, N_TRAIN), ("test", test_rng, N_TEST)):
        scenes = [make_scene(rng) for _ in range(n)]
        arrays["x_" + part] = np.stack([s.image for s in scenes])
        arrays["y_" + part] = targets_array(
            [s.boxes for s in scenes], [s.labels for s in scenes]
        )
    for array in arrays.values():
        array.setflags(write=False)
    return arrays


INFO = DatasetInfo(
    name="products",
    title="Products on a shelf",
    kind="image",
    task="detection",
    n_classes=len(CLASSES),
    class_names=CLASSES,
    input_shape=(SIDE, SIDE, 3),
    default_n_samples=N_TRAIN + N_TEST,
    description="64×64 colour pictures of a shelf with one to six bottles, cans and "
    "boxes in varied sizes, colours and positions, some partly hidden, each with its "
    "exact box: 2,000 training and 400 test pictures, generated from the seed.",
    fixed_split=True,
    rescale=1.0 / 255.0,
    source="generated by netdesigner.data.products (no file, no licence needed)",
)


class ProductSource:
    """The ``products`` detection set: generated from the seed on first use."""

    info = INFO

    def first_images(self, count: int) -> tuple[np.ndarray, np.ndarray]:
        """The first ``count`` training pictures of seed 0 (``first_images``)."""
        return first_images(count)

    def load(self, settings: Settings, options: dict) -> Dataset:
        check_options(self.info, options)
        refuse_augment(self.info.name, settings)
        arrays = generate(settings.seed)
        n = settings.n_samples
        x_train, y_train = arrays["x_train"][:n], arrays["y_train"][:n]
        preprocessing, stats = image_preprocessing(
            x_train, self.info.rescale, self.info.input_shape, settings.standardize
        )
        record = {"name": self.info.name, "n_samples": x_train.shape[0]}
        record.update(seed=settings.seed, **image_settings(settings, stats))
        return Dataset(
            info=self.info,
            x_train=x_train,
            y_train=y_train,
            x_test=arrays["x_test"],
            y_test=arrays["y_test"],
            preprocessing=preprocessing,
            stats=stats,
            settings=record,
        )


register_source(ProductSource())
