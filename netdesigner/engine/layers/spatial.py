"""Output-size checks and sentences shared by Conv2D and the pooling layers."""

from __future__ import annotations

from netdesigner.engine import im2col
from netdesigner.engine.errors import ShapeError, WindowTooLargeError
from netdesigner.engine.layers.base import Shape, format_shape
from netdesigner.i18n import _


def _pair_text(pair: tuple[int, int]) -> str:
    return str(pair[0]) if pair[0] == pair[1] else f"{pair[0]}×{pair[1]}"


def check_image(layer: str, input_shape: Shape) -> None:
    """Raise unless ``input_shape`` is (height, width, channels)."""
    if len(input_shape) != 3:
        raise ShapeError(
            _(
                "{layer} expects an image of height × width × channels, found a "
                "{format_shape} input; feed it from an Input of shape [H, W, C] or "
                "from another image layer"
            ).format(layer=layer, format_shape=format_shape(input_shape))
        )


def spatial_output(
    layer: str,
    arg: str,
    input_shape: Shape,
    window: tuple[int, int],
    strides: tuple[int, int],
    padding: str,
) -> tuple[int, int]:
    """(Ho, Wo) of a sliding window, or ShapeError when the window does not fit."""
    h, w = input_shape[0], input_shape[1]
    if padding == "valid" and (window[0] > h or window[1] > w):
        raise WindowTooLargeError(
            _(
                "{layer}: {arg} {pair_text} is larger than its {h}×{w} input; use "
                "{value} or less, or padding='same'"
            ).format(
                layer=layer,
                arg=arg,
                pair_text=_pair_text(window),
                h=h,
                w=w,
                value=min(h, w) if window[0] == window[1] else f"{h}×{w}",
            )
        )
    return (
        im2col.out_size(h, window[0], strides[0], padding),
        im2col.out_size(w, window[1], strides[1], padding),
    )


def _axis_sentence(n: int, k: int, s: int, padding: str) -> str:
    out = im2col.out_size(n, k, s, padding)
    if padding == "same":
        return f"ceil({n} / {s}) = {out}"
    body = f"({n} − {k} + 2·0) / {s}"
    if (n - k) % s:
        body = f"⌊{body}⌋"
    return f"{body} + 1 = {out}"


def spatial_sentence(
    input_shape: Shape,
    window: tuple[int, int],
    strides: tuple[int, int],
    padding: str,
    channels: int | None = None,
) -> str | None:
    """E.g. "(28 − 5 + 2·0) / 1 + 1 = 24 for height and width"; None when it fails."""
    if len(input_shape) != 3:
        return None
    if padding == "valid" and (
        window[0] > input_shape[0] or window[1] > input_shape[1]
    ):
        return None
    hs = _axis_sentence(input_shape[0], window[0], strides[0], padding)
    ws = _axis_sentence(input_shape[1], window[1], strides[1], padding)
    if hs == ws:
        text = _("{size} for height and width").format(size=hs)
    else:
        text = _("height {height}; width {width}").format(height=hs, width=ws)
    if channels is not None:
        ho = im2col.out_size(input_shape[0], window[0], strides[0], padding)
        wo = im2col.out_size(input_shape[1], window[1], strides[1], padding)
        text = _("{text}, × {channels} filters → {height}×{width}×{channels}").format(
            text=text, channels=channels, height=ho, width=wo
        )
    return text
