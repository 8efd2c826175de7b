"""Preview pictures of the built-in data sets: every set gives an RGB picture."""

from __future__ import annotations

import numpy as np
import pytest

from netdesigner.data import list_datasets
from netdesigner.live.previews import PREVIEW_SIZE, preview_rgb

NAMES = [info.name for info in list_datasets()]


@pytest.mark.parametrize("name", NAMES)
def test_every_data_set_has_an_rgb_preview(name):
    rgb = preview_rgb(name)
    assert rgb.dtype == np.uint8 and rgb.ndim == 3 and rgb.shape[2] == 3
    assert rgb.shape[0] >= PREVIEW_SIZE // 2 and rgb.shape[1] >= PREVIEW_SIZE // 2
    assert rgb.std() > 0  # not a blank square


def test_a_colour_set_keeps_its_colours():
    if "cifar10" not in NAMES:
        pytest.skip("no built-in colour set")
    rgb = preview_rgb("cifar10").astype(int)
    assert np.abs(rgb[..., 0] - rgb[..., 2]).max() > 0  # not grey
