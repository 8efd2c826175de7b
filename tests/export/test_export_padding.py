"""Exported scripts pad 'same' layers as TensorFlow does (hand-computed splits).

TensorFlow: out = ceil(size / stride), total = max((out - 1)·stride + window - size, 0),
and an odd total puts the extra row or column after (bottom/right).
"""

from __future__ import annotations

import pytest

from netdesigner.design.export.graph import same_padding


@pytest.mark.parametrize(
    ("size", "window", "stride", "pads"),
    [
        (3, 2, 1, (0, 1)),  # total 1: after
        (3, 2, 2, (0, 1)),  # out 2, total 1
        (8, 4, 1, (1, 2)),  # total 3: one before, two after
        (7, 3, 2, (1, 1)),  # out 4, total 2
        (6, 3, 2, (0, 1)),  # out 3, total 1
        (4, 1, 1, (0, 0)),
    ],
)
def test_exported_scripts_split_same_padding_as_tensorflow(size, window, stride, pads):
    assert same_padding(size, window, stride) == pads
