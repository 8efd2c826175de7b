"""Colour images stay in colour: the gallery's icons, the input panel of the feature
maps, and the first Conv2D's kernels drawn as RGB patches (or per channel)."""

from __future__ import annotations

import numpy as np

from netdesigner.gui.training.feature_maps import FeatureMapsView
from netdesigner.gui.training.image_views import gray_qimage


def colour_images() -> np.ndarray:
    images = np.zeros((3, 8, 8, 3), dtype=np.uint8)
    images[1, :, :4] = (200, 30, 10)  # left half red
    images[1, :, 4:] = (10, 40, 220)  # right half blue
    return images


def features(kernels: np.ndarray) -> dict:
    return {
        "index": 1,
        "maps": {"conv_1": np.random.default_rng(0).random((8, 8, 2))},
        "kernels": kernels,
        "kernel_of": "conv_1",
    }


def test_a_colour_image_is_a_colour_icon():
    icon = gray_qimage(colour_images()[1], scale=2)
    assert (icon.width(), icon.height()) == (16, 16)
    left, right = icon.pixelColor(1, 5), icon.pixelColor(14, 5)
    assert (left.red(), left.green(), left.blue()) == (200, 30, 10)
    assert (right.red(), right.green(), right.blue()) == (10, 40, 220)


def test_first_conv_kernels_over_rgb_are_drawn_as_rgb_patches(qtbot):
    view = FeatureMapsView()
    qtbot.addWidget(view)
    view.set_gallery(colour_images())
    kernels = np.zeros((3, 3, 3, 2), dtype=np.float32)
    kernels[..., 0, 0] = 1.0  # kernel 0: weighs red up
    kernels[..., 2, 1] = -0.5  # kernel 1: weighs blue down
    view.show_features(features(kernels))
    np.testing.assert_array_equal(view.mosaics["input image"], colour_images()[1])
    patches = view.mosaics["conv_1: kernels as RGB"]
    assert patches.shape == (3, 7, 3)  # two 3x3 patches, a 1-pixel gap
    np.testing.assert_array_equal(patches[1, 1], [255, 128, 128])  # bright red
    np.testing.assert_array_equal(patches[1, 5], [128, 128, 64])  # less blue
    assert not view.per_channel.isHidden()

    view.per_channel.setChecked(True)  # redraws the same image per channel
    titles = list(view.mosaics)
    assert titles[-1] == "conv_1: kernels, R G B per kernel"
    tiles = view.mosaics[titles[-1]]
    assert tiles.shape == (2 * 4 - 1, 3 * 4 - 1, 3)  # a row of R, G, B per kernel
    np.testing.assert_array_equal(tiles[1, 1], tiles[1, 0])  # kernel 0's red tile
    assert not np.array_equal(tiles[1, 1], tiles[1, 5])  # differs from its green


def test_grey_sets_keep_averaged_kernels_and_no_channel_switch(qtbot):
    view = FeatureMapsView()
    qtbot.addWidget(view)
    view.set_gallery(np.zeros((3, 8, 8), dtype=np.uint8))
    view.show_features(features(np.ones((3, 3, 1, 2), dtype=np.float32)))
    assert list(view.mosaics)[-1] == "conv_1: kernels"
    assert view.mosaics["input image"].shape == (8, 8, 3)
    assert view.per_channel.isHidden()
