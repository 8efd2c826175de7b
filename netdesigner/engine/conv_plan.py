"""How Conv2D computes a batch: the GEMM plan for a shape, and the memory it takes.

``conv_plan`` is the one place that chooses between the plans of ``engine.im2col``
and ``engine.conv_bands``; Conv2D follows it, and the design's memory estimate
(``design.memory``) asks it what a batch keeps and makes, so that the estimate is
the engine's own and not a guess.

Forward and kernel gradient:

* row blocks (few channels and filters, stride 1): patches of q outputs per row,
  kept for the kernel gradient;
* im2col columns (1 to 3 input channels): every patch, plus a row of ones for the
  bias, kept for the kernel gradient;
* im2col rows (more channels): patches made a block of images at a time into a
  buffer of at most ``im2col.PATCH_BLOCK`` bytes, made again backward.

Input gradient: the kernel band (few channels, stride 1), whole planes (one
channel) or per-offset slabs (made a block of images at a time past
``im2col.SLABS_IN_ONE_GO`` bytes).
"""

from __future__ import annotations

from dataclasses import dataclass

from netdesigner.engine import conv_bands, im2col

Pair = tuple[int, int]


@dataclass(frozen=True)
class ConvPlan:
    """The plan for one input batch shape (N, H, W, C) and kernel (kh, kw, C, F)."""

    kernel_shape: tuple[int, int, int, int]
    strides: Pair
    h: int  # the input's height and width, before padding
    w: int
    ph: Pair  # (before, after) padding
    pw: Pair
    ho: int
    wo: int
    q: int  # outputs per row block; 0: im2col
    columns: bool  # im2col's column layout (1 to 3 channels)
    banded: bool  # the input gradient through the kernel band
    itemsize: int  # bytes per value

    @property
    def padded_hw(self) -> Pair:
        return self.h + sum(self.ph), self.w + sum(self.pw)

    def describe(self) -> str:
        """One line: the forward plan and the input gradient's."""
        c = self.kernel_shape[2]
        if self.q:
            forward = f"row blocks of {self.q}"
        else:
            forward = "im2col columns" if self.columns else "im2col rows"
        backward = "kernel band" if self.banded else "planes" if c == 1 else "slabs"
        return f"{forward}, input gradient by {backward}"

    def kept_values(self, n: int, use_bias: bool = True) -> int:
        """Values of patches a forward pass of n examples keeps (or its buffer)."""
        kh, kw, c, _ = self.kernel_shape
        if self.q:
            return row_block_values(n, self.ho, self.wo, self.q, self.kernel_shape)
        if self.columns:
            return n * self.ho * self.wo * (kh * kw * c + use_bias)
        per_image = self.ho * self.wo * kh * kw * c
        block = im2col.images_per_block(
            n, per_image * self.itemsize, im2col.PATCH_BLOCK
        )
        return block * per_image

    def input_grad_values(self, n: int) -> int:
        """Values of the largest scratch the input gradient of n examples makes,
        besides the gradient itself."""
        kh, kw, c, _ = self.kernel_shape
        hp, wp = self.padded_hw
        padded, size = n * hp * wp * c, self.itemsize
        if self.banded:
            per_image = self.ho * kh * wp * c
            block = im2col.images_per_block(n, per_image * size, conv_bands.BAND_BLOCK)
        elif c == 1:  # whole planes, every image at once
            per_image, block = self.ho * self.wo * kh * kw, n
        else:
            per_image = self.ho * self.wo * kh * kw * c
            block = im2col.images_per_block(
                n, per_image * size, im2col.SLAB_BLOCK, im2col.SLABS_IN_ONE_GO
            )
        return padded + block * per_image


def row_block_values(n: int, ho: int, wo: int, q: int, kernel_shape) -> int:
    """Values of the row-block patches of n examples: N·Ho·Wo/q rows of
    kh·(q+kw−1)·C."""
    kh, kw, c, _ = kernel_shape
    return n * ho * (wo // q) * kh * (q + kw - 1) * c


def conv_plan(
    kernel_shape: tuple[int, int, int, int],
    strides: Pair,
    padding: str,
    x_shape: tuple[int, int, int, int],
    itemsize: int,
) -> ConvPlan:
    """The plan Conv2D follows for an input batch of ``x_shape`` (N, H, W, C)."""
    kh, kw, _, _ = kernel_shape
    n, h, w, c = x_shape
    (sh, sw) = strides
    ph = im2col.pad_amounts(h, kh, sh, padding)
    pw = im2col.pad_amounts(w, kw, sw, padding)
    ho = im2col.out_size(h, kh, sh, padding)
    wo = im2col.out_size(w, kw, sw, padding)
    q = conv_bands.row_block_width(kernel_shape, strides, wo)
    if q and row_block_values(n, ho, wo, q, kernel_shape) * itemsize > (
        conv_bands.ROW_BLOCK_BYTES
    ):
        q = 0
    padded = (n, h + sum(ph), w + sum(pw), c)
    return ConvPlan(
        kernel_shape=kernel_shape,
        strides=strides,
        h=h,
        w=w,
        ph=ph,
        pw=pw,
        ho=ho,
        wo=wo,
        q=q,
        # few input channels (grey, RGB): whole-plane copies beat kw·C-value runs
        columns=not q and c <= 3,
        banded=conv_bands.banded_input_grad_fits(
            kernel_shape, padded, strides, itemsize
        ),
        itemsize=itemsize,
    )
