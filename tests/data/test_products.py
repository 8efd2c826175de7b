"""The built-in detection set ``products``: shelf pictures with exact boxes."""

import numpy as np
import pytest

from netdesigner.data import DataError, dataset_info, load_dataset
from netdesigner.data.products import CLASSES, MAX_PRODUCTS, SIDE, make_scene

#: how far (largest channel difference) a pixel must be from its row's background
#: to count as part of a product; the wall's noise and seams stay within ~25
FOREGROUND = 35


def _foreground(image: np.ndarray, boxes: np.ndarray) -> np.ndarray:
    """(H, W) bool: pixels far from the background of their row.

    A row's background is the median of its pixels outside every box, or of the
    nearest such row above (products stand on boards: above them is wall).
    """
    inside = np.zeros(image.shape[:2], bool)
    for x0, y0, x1, y1 in boxes.astype(int):
        inside[y0:y1, x0:x1] = True
    pixels = image.astype(np.int16)
    open_rows = [r for r in range(SIDE) if (~inside[r]).sum() >= 8]
    fg = np.zeros_like(inside)
    for r in range(SIDE):
        near = max(o for o in open_rows if o <= r)
        background = np.median(pixels[near][~inside[near]], axis=0)
        fg[r] = np.abs(pixels[r] - background).max(axis=1) > FOREGROUND
    return fg


def _ring(box: np.ndarray, others: np.ndarray) -> np.ndarray:
    """(H, W) bool: the pixels just outside ``box`` that lie in no other box."""
    x0, y0, x1, y1 = box.astype(int)
    ring = np.zeros((SIDE, SIDE), bool)
    ring[max(y0 - 1, 0) : y1 + 1, max(x0 - 1, 0) : x1 + 1] = True
    ring[y0:y1, x0:x1] = False
    for a0, b0, a1, b1 in others.astype(int):
        ring[b0:b1, a0:a1] = False
    return ring


@pytest.fixture(scope="module")
def products():
    return load_dataset("products")


def test_info_shapes_and_targets(products):
    info = dataset_info("products")
    assert info.kind == "image" and info.task == "detection" and info.fixed_split
    assert info.class_names == CLASSES and info.n_classes == 3
    assert products.x_train.shape == (2000, SIDE, SIDE, 3)
    assert products.x_test.shape == (400, SIDE, SIDE, 3)
    assert products.x_train.dtype == np.uint8 and products.input_shape == (64, 64, 3)
    assert products.y_train.shape == (2000,) and products.y_test.shape == (400,)
    for target in (*products.y_train[:50], *products.y_test[:50]):
        boxes, labels = target["boxes"], target["labels"]
        assert boxes.dtype == np.float32 and labels.dtype == np.int64
        assert boxes.shape == (len(labels), 4) and 1 <= len(labels) <= MAX_PRODUCTS
    batch = products.transform(products.x_test[:4])
    assert batch.dtype == np.float32 and batch.shape == (4, 64, 64, 3)
    assert 0 <= batch.min() and batch.max() <= 1


def test_same_seed_same_scenes_other_seed_other_scenes():
    def scenes(seed):
        rng = np.random.default_rng(seed)
        return [make_scene(rng) for _ in range(30)]

    first, again, other = scenes(4), scenes(4), scenes(5)
    for a, b in zip(first, again, strict=True):
        np.testing.assert_array_equal(a.image, b.image)
        np.testing.assert_array_equal(a.boxes, b.boxes)
        np.testing.assert_array_equal(a.labels, b.labels)
    assert any(
        not np.array_equal(a.image, c.image) for a, c in zip(first, other, strict=True)
    )


def test_the_seed_chooses_the_set_and_n_samples_keeps_the_test_set(products):
    fewer = load_dataset("products", n_samples=100)
    np.testing.assert_array_equal(fewer.x_train, products.x_train[:100])
    assert fewer.x_test is products.x_test  # made once per seed, kept in memory
    other = load_dataset("products", seed=1, n_samples=10)
    assert not np.array_equal(other.x_test[:10], products.x_test[:10])
    assert other.settings["seed"] == 1


def test_boxes_lie_inside_the_images(products):
    for targets in (products.y_train, products.y_test):
        boxes = np.concatenate([t["boxes"] for t in targets])
        x0, y0, x1, y1 = boxes.T
        assert (x0 >= 0).all() and (y0 >= 0).all()
        assert (x1 <= SIDE).all() and (y1 <= SIDE).all()
        assert (x1 > x0).all() and (y1 > y0).all()


def test_boxes_fit_the_drawn_products_exactly(products):
    for image, target in zip(
        products.x_train[:150], products.y_train[:150], strict=True
    ):
        boxes = target["boxes"]
        fg = _foreground(image, boxes)
        for k, box in enumerate(boxes):
            x0, y0, x1, y1 = box.astype(int)
            # mostly product pixels (a bottle's box also holds the air by its neck)
            assert fg[y0:y1, x0:x1].mean() > 0.6
            # tight: each edge row and column touches the product ...
            assert fg[y0, x0:x1].any() and fg[y1 - 1, x0:x1].any()
            assert fg[y0:y1, x0].any() and fg[y0:y1, x1 - 1].any()
            # ... and nothing of it lies just outside
            assert not fg[_ring(box, np.delete(boxes, k, axis=0))].any()


def test_classes_are_roughly_balanced_and_counts_vary(products):
    labels = np.concatenate([t["labels"] for t in products.y_train])
    share = np.bincount(labels, minlength=3) / labels.size
    assert share.min() > 0.25 and share.max() < 0.42
    counts = np.bincount([len(t["labels"]) for t in products.y_train])
    assert counts[1] > 0 and counts[MAX_PRODUCTS] > 0  # one to several


def test_some_products_overlap(products):
    overlaps = 0
    for target in products.y_train[:200]:
        boxes = target["boxes"]
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                a, b = boxes[i], boxes[j]
                w = min(a[2], b[2]) - max(a[0], b[0])
                h = min(a[3], b[3]) - max(a[1], b[1])
                overlaps += bool(w > 0 and h > 0)
    assert overlaps > 20


def test_augment_is_refused_with_a_sentence():
    with pytest.raises(DataError, match="detection set.*remove augment"):
        load_dataset("products", augment={"horizontal_flip": True})
