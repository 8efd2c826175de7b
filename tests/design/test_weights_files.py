"""Weights files are checked from their headers before any array is read."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile

import numpy as np
import pytest

from netdesigner.design.errors import DesignFileError
from netdesigner.design.io import load_weights, save_weights
from netdesigner.design.memory import LIMIT_VARIABLE


@pytest.fixture(autouse=True)
def _default_limit(monkeypatch):
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)


def npy_header(shape: tuple[int, ...], descr: str = "<f4") -> bytes:
    """The bytes of a .npy header (format 1.0) declaring ``shape`` and ``descr``."""
    buffer = io.BytesIO()
    header = {"descr": descr, "fortran_order": False, "shape": shape}
    np.lib.format.write_array_header_1_0(buffer, header)
    return buffer.getvalue()


def peak_while(function) -> tuple[int, Exception | None]:
    """Peak bytes traced while ``function()`` runs, and what it raised."""
    tracemalloc.start()
    try:
        function()
        raised = None
    except Exception as exc:  # noqa: BLE001 - returned to the test
        raised = exc
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, raised


def test_a_header_declaring_80_gb_is_one_sentence_without_allocating(tmp_path):
    path = tmp_path / "bomb.weights.npz"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dense/kernel.npy", npy_header((20_000_000_000,)) + bytes(16))
    assert path.stat().st_size < 1024
    peak, raised = peak_while(lambda: load_weights(path))
    assert isinstance(raised, DesignFileError)
    message = str(raised)
    assert message.startswith(f"{path}: 'dense/kernel' declares (20000000000,)")
    assert "float32 (80,000,000,000 bytes), but the file holds 16 bytes" in message
    assert "\n" not in message
    assert peak < 4 * 1024**2


def test_a_zip_directory_claiming_more_than_deflate_gives_is_refused(
    tmp_path, monkeypatch
):
    """Header and directory agree on 3 GB, from a member of a few dozen bytes."""
    claimed = 3_000_000_000
    header = npy_header((claimed - 128,), "|u1")
    assert len(header) == 128
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("dense/kernel.npy", header + bytes(16))
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, claimed)  # uncompressed size
    struct.pack_into("<I", data, 22, claimed)  # the same in the local header
    path = tmp_path / "lies.weights.npz"
    path.write_bytes(bytes(data))
    monkeypatch.setenv(LIMIT_VARIABLE, "8G")  # so only the ratio can refuse it
    peak, raised = peak_while(lambda: load_weights(path))
    assert isinstance(raised, DesignFileError), raised
    assert "'dense/kernel' claims 3,000,000,000 bytes from" in str(raised)
    assert peak < 4 * 1024**2


def test_weights_beyond_the_memory_limit_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "net.weights.npz"
    save_weights(path, {"d/kernel": np.zeros((64, 64), np.float32)})
    monkeypatch.setenv(LIMIT_VARIABLE, "8K")
    with pytest.raises(DesignFileError, match=r"declares 16\.0 KB of weights, more"):
        load_weights(path)
    monkeypatch.delenv(LIMIT_VARIABLE)
    assert load_weights(path)["d/kernel"].shape == (64, 64)


def test_shapes_keys_and_dtypes_are_checked_against_the_design(tmp_path):
    path = tmp_path / "net.weights.npz"
    save_weights(
        path,
        {
            "d/kernel": np.zeros((3, 4), np.float32),
            "d/bias": np.zeros(4, np.float32),
        },
    )
    expected = {"d/kernel": (3, 4), "d/bias": (4,)}
    assert set(load_weights(path, expected)) == set(expected)
    with pytest.raises(
        DesignFileError,
        match=r"net.weights.npz: 'd/kernel' has shape \(3, 4\) but the design needs "
        r"\(2, 4\); the design changed since training, so train it again$",
    ):
        load_weights(path, {"d/kernel": (2, 4), "d/bias": (4,)})
    with pytest.raises(DesignFileError, match=r"holds no 'e/kernel' \(shape \(4, 1\)"):
        load_weights(path, {**expected, "e/kernel": (4, 1)})
    with pytest.raises(DesignFileError, match="holds 'd/bias', which no layer"):
        load_weights(path, {"d/kernel": (3, 4)})
    strings = tmp_path / "strings.weights.npz"
    with zipfile.ZipFile(strings, "w") as archive:
        archive.writestr("d/kernel.npy", npy_header((10**12,), "<U8") + bytes(8))
    with pytest.raises(DesignFileError, match="found 'd/kernel' of dtype <U8"):
        load_weights(strings)


def test_a_member_that_is_not_an_array_is_not_a_weights_file(tmp_path):
    path = tmp_path / "odd.weights.npz"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", b"hello")
    with pytest.raises(DesignFileError, match="expected a NumPy .npz weights file"):
        load_weights(path)
