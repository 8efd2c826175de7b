"""Padding, patch extraction (im2col) and its adjoint (col2im) for channels-last data.

Shapes: x : (N, H, W, C); a kernel (kh, kw, C, F); outputs (N, Ho, Wo, F).

Two patch layouts, both a single GEMM away from the convolution:
* row layout ``cols : (N·Ho·Wo, kh·kw·C)``, gathered from a strided view in
  (kh, kw, C) order so every inner copy run is kw·C contiguous values and the kernel
  reshapes to (kh·kw·C, F) with no permutation; made a block of images at a time
  into a buffer that stays in cache (``conv_rows``, ``weight_grad_rows``);
* column layout ``colsT : (kh·kw·C, N·Ho·Wo)``, filled by kh·kw slice copies of whole
  (N, Ho, Wo) planes of a channels-first copy; used when C is 1 to 3 (grey, RGB),
  where the row layout's runs are too short.
col2im never uses ``np.add.at``: it adds kh·kw strided slices.

Notes
-----
TF "same" padding: out = ceil(n / s), total = max((out − 1)·s + k − n, 0), with
total // 2 before and the rest after (the extra pixel goes to the bottom/right).
"""

from __future__ import annotations

import math

import numpy as np
from numpy.lib.stride_tricks import as_strided

Pads = tuple[int, int]


def out_size(n: int, k: int, s: int, padding: str) -> int:
    """Output length along one axis; may be < 1 when ``k`` exceeds a valid input."""
    if padding == "same":
        return math.ceil(n / s)
    return (n - k) // s + 1 if n >= k else 0


def pad_amounts(n: int, k: int, s: int, padding: str) -> Pads:
    """(before, after) zero padding along one axis, as TensorFlow splits it."""
    if padding != "same":
        return 0, 0
    total = max((math.ceil(n / s) - 1) * s + k - n, 0)
    return total // 2, total - total // 2


def pad_hw(x: np.ndarray, ph: Pads, pw: Pads, value: float = 0.0) -> np.ndarray:
    """x : (N, H, W, C) padded on H and W with ``value`` (no copy when no padding)."""
    if ph == (0, 0) and pw == (0, 0):
        return x
    n, h, w, c = x.shape
    out = np.full((n, h + sum(ph), w + sum(pw), c), value, dtype=x.dtype)
    out[:, ph[0] : ph[0] + h, pw[0] : pw[0] + w, :] = x
    return out


def patch_view(xp: np.ndarray, kh: int, kw: int, s: tuple[int, int], ho: int, wo: int):
    """Read-only view (N, Ho, Wo, kh, kw, C) of the patches of a padded ``xp``."""
    sn, sh, sw, sc = xp.strides
    shape = (xp.shape[0], ho, wo, kh, kw, xp.shape[3])
    strides = (sn, sh * s[0], sw * s[1], sh, sw, sc)
    return as_strided(xp, shape, strides, writeable=False)


def im2col_cols(xp, kh, kw, s, ho, wo, ones_row: bool = False) -> np.ndarray:
    """colsT : (kh·kw·C, N·Ho·Wo) by kh·kw plane copies (fast when C is small).

    With ``ones_row`` a last row of ones follows, (kh·kw·C + 1, N·Ho·Wo): the GEMMs
    then add the bias and sum its gradient with the kernel's.
    """
    n, c = xp.shape[0], xp.shape[3]
    k, m = kh * kw * c, n * ho * wo
    # channels first once, so that every plane copy reads rows of Wo values
    xc = xp[..., 0][None] if c == 1 else np.ascontiguousarray(xp.transpose(3, 0, 1, 2))
    cols = np.empty((k + ones_row, m), dtype=xp.dtype)
    planes = cols[:k].reshape(kh, kw, c, n, ho, wo)
    for i in range(kh):
        for j in range(kw):
            planes[i, j] = xc[:, :, i : i + s[0] * ho : s[0], j : j + s[1] * wo : s[1]]
    if ones_row:
        cols[k] = 1.0
    return cols


def images_per_block(n: int, per_image: int, budget: int, in_one_go: int = 0) -> int:
    """How many of n images a blocked pass takes at once: all of them when their
    ``per_image`` bytes together stay within ``in_one_go``, else as many as fit in
    ``budget`` bytes (at least one)."""
    if n * per_image <= in_one_go:
        return n
    return min(n, max(1, budget // per_image))


def col2im(
    dcols6: np.ndarray,
    padded_shape,
    s: tuple[int, int],
    out: np.ndarray | None = None,
) -> np.ndarray:
    """Adjoint of the patch view: dcols6 (N, Ho, Wo, kh, kw, C) -> dxp (padded shape).

    dcols6 may be any strided view; the sum runs over kh·kw slice additions, into
    ``out`` (overwritten) when given.
    """
    _, ho, wo, kh, kw, _ = dcols6.shape
    if out is None:
        dxp = np.zeros(padded_shape, dtype=dcols6.dtype)
    else:
        dxp = out
        dxp.fill(0)
    for i in range(kh):
        for j in range(kw):
            dxp[:, i : i + s[0] * ho : s[0], j : j + s[1] * wo : s[1], :] += dcols6[
                :, :, :, i, j, :
            ]
    return dxp


#: Conv2D's input gradient goes through per-offset slabs (N, Ho, Wo, C) · kh·kw; when
#: they exceed SLABS_IN_ONE_GO bytes they are made and added a block of images at a
#: time, each block's slabs about SLAB_BLOCK bytes, so col2im adds them while they are
#: still in cache (CIFAR-size 3x3 conv 32 -> 64, batch 64: 8.6 ms instead of 9.9;
#: LeNet's small slabs are faster in one go), measured with one OpenBLAS thread
SLABS_IN_ONE_GO = 8 * 2**20
SLAB_BLOCK = 2**19


def input_grad_slabs(
    dz: np.ndarray, kernel: np.ndarray, padded_shape, s: tuple[int, int]
) -> np.ndarray:
    """dxp (padded shape) from dz (N, Ho, Wo, F) and kernel (kh, kw, C, F).

    One GEMM per kernel offset gives a contiguous (M, C) slab; col2im adds the slabs.
    """
    kh, kw, c, f = kernel.shape
    n, ho, wo, _ = dz.shape
    # (kh·kw, F, C) contiguous: the batched GEMM runs 2x faster than on a view
    per_offset = np.ascontiguousarray(kernel.reshape(kh * kw, c, f).transpose(0, 2, 1))
    per_image = ho * wo * kh * kw * c * dz.itemsize
    block = images_per_block(n, per_image, SLAB_BLOCK, SLABS_IN_ONE_GO)
    dxp = np.empty(padded_shape, dtype=dz.dtype)
    for i in range(0, n, block):
        part = dz[i : i + block]
        slabs = np.matmul(part.reshape(-1, f), per_offset)
        slabs = slabs.reshape(kh, kw, len(part), ho, wo, c)
        rows = dxp[i : i + block]
        col2im(slabs.transpose(2, 3, 4, 0, 1, 5), rows.shape, s, out=rows)
    return dxp


def unpad_hw(xp: np.ndarray, ph: Pads, pw: Pads) -> np.ndarray:
    """Inverse of ``pad_hw`` (a view)."""
    if ph == (0, 0) and pw == (0, 0):
        return xp
    h, w = xp.shape[1] - sum(ph), xp.shape[2] - sum(pw)
    return xp[:, ph[0] : ph[0] + h, pw[0] : pw[0] + w, :]


#: bytes of patches per block of images in ``conv_rows`` and ``weight_grad_rows``:
#: about half of a core's L2 cache, so the GEMM reads the patches just copied from
#: cache, and the full (N·Ho·Wo, kh·kw·C) patch matrix is never stored (CIFAR-size
#: 3x3 conv 32 -> 64, batch 64, one OpenBLAS thread: forward 0.85x, weight gradient
#: 0.94x the time of one stored patch matrix, and 19 MB less memory)
PATCH_BLOCK = 2**19


def _image_blocks(xp, kh, kw, s, ho, wo):
    """(start, stop, patches) per block of images; ``patches`` : (rows, kh·kw·C) is a
    scratch buffer the next block overwrites."""
    n, c = xp.shape[0], xp.shape[3]
    k = kh * kw * c
    block = images_per_block(n, ho * wo * k * xp.itemsize, PATCH_BLOCK)
    view = patch_view(xp, kh, kw, s, ho, wo)
    buf = np.empty((block, ho, wo, kh, kw, c), dtype=xp.dtype)
    for i in range(0, n, block):
        part = buf[: min(block, n - i)]
        part[...] = view[i : i + block]
        yield i * ho * wo, (i + len(part)) * ho * wo, part.reshape(-1, k)


def conv_rows(xp, kernel2d, kh, kw, s, ho, wo) -> np.ndarray:
    """z : (N·Ho·Wo, F) = patches of the padded ``xp`` @ kernel2d (kh·kw·C, F)."""
    n = xp.shape[0]
    z = np.empty((n * ho * wo, kernel2d.shape[1]), np.result_type(xp, kernel2d))
    for start, stop, patches in _image_blocks(xp, kh, kw, s, ho, wo):
        np.matmul(patches, kernel2d, out=z[start:stop])
    return z


def weight_grad_rows(xp, dz2, kh, kw, s, ho, wo, out: np.ndarray) -> np.ndarray:
    """out (kh·kw·C, F) = patchesᵀ @ dz2 (N·Ho·Wo, F), the patches made again."""
    part = None
    for start, stop, patches in _image_blocks(xp, kh, kw, s, ho, wo):
        if start == 0:
            np.matmul(patches.T, dz2[start:stop], out=out)
            continue
        part = np.empty_like(out) if part is None else part
        np.matmul(patches.T, dz2[start:stop], out=part)
        out += part
    return out


#: rows per GEMM block; blocks of patches that stay in cache run ~2x faster than one
#: GEMM over 50k rows (measured on the LeNet shapes, OpenBLAS, one thread)
BLOCK = 4096


def matmul_rows(a: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out = a @ b computed in row blocks; a : (M, K) any strides, out : (M, N)."""
    for i in range(0, a.shape[0], BLOCK):
        np.matmul(a[i : i + BLOCK], b, out=out[i : i + BLOCK])
    return out


def matmul_reduce(at: np.ndarray, b: np.ndarray, out: np.ndarray) -> np.ndarray:
    """out = at @ b with the long inner axis M in blocks; at : (K, M), b : (M, N)."""
    m = at.shape[1]
    np.matmul(at[:, :BLOCK], b[:BLOCK], out=out)
    if m > BLOCK:
        part = np.empty_like(out)
        for i in range(BLOCK, m, BLOCK):
            np.matmul(at[:, i : i + BLOCK], b[i : i + BLOCK], out=part)
            out += part
    return out
