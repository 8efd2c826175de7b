"""Convolution GEMMs with the kernel spread over neighbouring outputs, stride 1.

Shapes as ``engine.im2col``: x : (N, H, W, C), padded xp : (N, Hp, Wp, C), a kernel
(kh, kw, C, F), outputs (N, Ho, Wo, F).

im2col's GEMMs are (N·Ho·Wo, kh·kw·C) @ (kh·kw·C, F): with few input channels and
filters (LeNet-5: 1 -> 6, 6 -> 16) both K and F are thin, and the slab GEMMs of the
input gradient are only C wide. Spreading the kernel over neighbouring outputs of an
image row makes the GEMMs several times wider at the price of multiplying some zeros:

* row blocks (forward and kernel gradient): a patch holds the kh × (q + kw − 1) × C
  inputs read by q neighbouring outputs of a row;
* kernel band (input gradient): each output row (Wo·F values) times a banded matrix
  gives the gradient of the kh padded input rows it read (kh·Wp·C values), placed
  by kh row-slice additions instead of im2col's kh·kw.

Every plan was measured in training (``benchmarks/bench_engine.py``), one OpenBLAS
thread; the limits below keep each to the shapes where it wins.
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from netdesigner.engine import im2col

#: Row blocks are used with stride 1, at most ROW_BLOCK_CHANNELS input channels and
#: ROW_BLOCK_FILTERS filters (where im2col's GEMMs are thinnest), with the largest q
#: dividing Wo whose patches cost at most ROW_BLOCK_WORK times im2col's multiply-adds
#: ((q + kw − 1) / kw), and while the patches stay under ROW_BLOCK_BYTES. LeNet-5 in
#: training, batch 64: q = 4 for the 5x5 conv 1 -> 6, q = 2 for 6 -> 16, 2-3 % less
#: time per batch; the CIFAR-size 3x3 conv 3 -> 32 is 2-3 % slower with q = 2, so
#: its 32 filters keep im2col.
ROW_BLOCK_CHANNELS = 8
ROW_BLOCK_FILTERS = 16
ROW_BLOCK_WORK = 1.6
ROW_BLOCK_BYTES = 16 * 2**20


def row_block_width(kernel_shape, s: tuple[int, int], wo: int) -> int:
    """q for ``row_block_patches``, or 0 where plain patches are the better plan."""
    _, kw, c, f = kernel_shape
    if s != (1, 1) or c > ROW_BLOCK_CHANNELS or f > ROW_BLOCK_FILTERS:
        return 0
    widths = [
        q for q in range(2, wo + 1) if wo % q == 0 and q + kw - 1 <= ROW_BLOCK_WORK * kw
    ]
    return max(widths, default=0)


def row_block_patches(xp: np.ndarray, kh: int, kw: int, q: int, ho: int, wo: int):
    """patches : (N·Ho·Wo/q, kh·(q+kw−1)·C) of the padded ``xp``, stride 1; row
    (n, y, b) holds the inputs of outputs (n, y, b·q … b·q + q − 1)."""
    n, c = xp.shape[0], xp.shape[3]
    sn, sh, sw, sc = xp.strides
    shape = (n, ho, wo // q, kh, q + kw - 1, c)
    view = as_strided(xp, shape, (sn, sh, q * sw, sh, sw, sc), writeable=False)
    return np.ascontiguousarray(view).reshape(n * ho * (wo // q), -1)


def row_block_kernel(kernel: np.ndarray, q: int) -> np.ndarray:
    """(kh·(q+kw−1)·C, q·F): entry [(i, u, c), (t, f)] is kernel[i, u − t, c, f],
    zero where u − t is outside the kernel."""
    kh, kw, c, f = kernel.shape
    spread = np.zeros((kh, q + kw - 1, c, q, f), dtype=kernel.dtype)
    t = np.arange(q)
    for j in range(kw):
        # the index arrays come first: spread[:, t + j, :, t, :] is (q, kh, C, F)
        spread[:, t + j, :, t, :] = kernel[:, j]
    return spread.reshape(-1, q * f)


def row_block_kernel_grad(
    patches: np.ndarray, dz_rows: np.ndarray, q: int, out: np.ndarray
) -> np.ndarray:
    """out (kh, kw, C, F) = the kernel gradient from row-block ``patches`` and dz
    rows (N·Ho·Wo/q, q·F): one GEMM, then each kernel offset summed over the q
    places it was spread to (the adjoint of ``row_block_kernel``)."""
    kh, kw, c, f = out.shape
    g = np.matmul(patches.T, dz_rows).reshape(kh, q + kw - 1, c, q, f)
    s = g.strides
    spread = as_strided(
        g, (kh, kw, q, c, f), (s[0], s[1], s[1] + s[3], s[2], s[4]), writeable=False
    )
    return np.sum(spread, axis=2, out=out)


#: The input gradient goes through the kernel band with stride 1, at most
#: BAND_CHANNELS input channels (where im2col's slabs are only C values wide), a padded
#: width of at most BAND_WIDTH_FACTOR kernel widths (the band multiplies Wp/kw times
#: the needed work) and a band under BAND_BYTES. LeNet-5's 5x5 conv 6 -> 16 on 14x14
#: in training, batch 64: 4-5 % less time per batch; a 3x3 conv 32 -> 64 keeps its
#: slabs, 3x faster there.
BAND_CHANNELS = 8
BAND_WIDTH_FACTOR = 8
BAND_BYTES = 4 * 2**20
#: rows of the banded product per block of images, about this many bytes
BAND_BLOCK = 2**21


def banded_input_grad_fits(
    kernel_shape, padded_shape, s: tuple[int, int], itemsize: int
) -> bool:
    """Whether ``input_grad_banded`` is the plan for this layer (see above)."""
    kh, kw, c, f = kernel_shape
    wp = padded_shape[2]
    wo = wp - kw + 1
    band = wo * f * kh * wp * c * itemsize
    return (
        s == (1, 1)
        and c <= BAND_CHANNELS
        and wp <= BAND_WIDTH_FACTOR * kw
        and band <= BAND_BYTES
    )


def kernel_band(kernel: np.ndarray, wp: int) -> np.ndarray:
    """B : (Wo·F, kh·Wp·C), B[(xo, f), (i, x, c)] = kernel[i, x − xo, c, f].

    One image row of dz (Wo·F values) times B gives, for every kernel row i, the
    gradient of the padded input row it touched (Wp·C values): stride 1 only.
    """
    kh, kw, c, f = kernel.shape
    wo = wp - kw + 1
    band = np.zeros((wo, f, kh, wp, c), dtype=kernel.dtype)
    xo = np.arange(wo)
    per_offset = kernel.transpose(1, 3, 0, 2)  # (kw, F, kh, C)
    for j in range(kw):
        # the two index arrays come first: band[xo, :, :, xo + j, :] is (Wo, F, kh, C)
        band[xo, :, :, xo + j, :] = per_offset[j]
    return band.reshape(wo * f, kh * wp * c)


def input_grad_banded(dz: np.ndarray, kernel: np.ndarray, padded_shape) -> np.ndarray:
    """dxp (padded shape) from dz (N, Ho, Wo, F) and kernel (kh, kw, C, F), stride 1.

    One GEMM per block of images, dz rows (n·Ho, Wo·F) @ ``kernel_band`` gives the
    kh input-row gradients of every output row; kh row-slice additions place them.
    """
    kh, _, c, _ = kernel.shape
    n, ho, wo, f = dz.shape
    wp = padded_shape[2]
    band = kernel_band(kernel, wp)
    rows = dz.reshape(n, ho, wo * f)
    dxp = np.zeros((n, padded_shape[1], wp * c), dtype=dz.dtype)
    block = im2col.images_per_block(n, ho * band.shape[1] * dz.itemsize, BAND_BLOCK)
    for i in range(0, n, block):
        part = rows[i : i + block]
        r = np.matmul(part.reshape(-1, wo * f), band)
        r = r.reshape(len(part), ho, kh, wp * c)
        out = dxp[i : i + block]
        for k in range(kh):
            out[:, k : k + ho] += r[:, :, k]
    return dxp.reshape(padded_shape)
