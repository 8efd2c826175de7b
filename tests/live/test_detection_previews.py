"""Previews of a detection set (issue 19): the Data panel's picture and class
samples of ``products`` come without generating the whole set, and each class's
sample shows that class's boxes."""

from __future__ import annotations

import numpy as np

from netdesigner.data import products
from netdesigner.live import colors, previews


def test_products_first_images_are_the_sets_first_pictures():
    images, targets = products.first_images(3)
    whole = products.generate(0)
    np.testing.assert_array_equal(images, whole["x_train"][:3])
    for mine, theirs in zip(targets, whole["y_train"][:3], strict=True):
        np.testing.assert_array_equal(mine["boxes"], theirs["boxes"])
        np.testing.assert_array_equal(mine["labels"], theirs["labels"])


def test_products_previews_do_not_generate_the_set(monkeypatch):
    def refuse(seed):
        raise AssertionError("the whole set was generated for a preview")

    monkeypatch.setattr(products, "generate", refuse)
    previews.preview_rgb.cache_clear()
    previews.class_samples.cache_clear()
    try:
        assert previews.preview_rgb("products").shape == (64, 64, 3)
        images, names = previews.class_samples("products")
    finally:
        previews.preview_rgb.cache_clear()
        previews.class_samples.cache_clear()
    assert names == ("bottle", "can", "box") and images.shape == (3, 64, 64, 3)
    fill = colors.class_colors(3).astype(np.uint8)
    for k, image in enumerate(images):  # its class's boxes drawn in its colour
        assert np.all(image == fill[k], axis=-1).sum() >= 20


def test_draw_boxes_outlines_a_box_at_its_pixel_edges():
    image = np.zeros((8, 8, 3), np.uint8)
    out = previews.draw_boxes(image, np.array([[2, 1, 5, 4]]), np.array([9, 9, 9]))
    drawn = out[..., 0] == 9
    assert drawn[1, 2:5].all() and drawn[3, 2:5].all()  # rows 1 and 3 (y_max 4)
    assert drawn[1:4, 2].all() and drawn[1:4, 4].all()  # columns 2 and 4
    assert not drawn[2, 3] and drawn.sum() == 8
    assert not image.any()  # a copy
