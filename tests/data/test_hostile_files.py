"""Files made to hang, crash or exhaust memory get one sentence, not a freeze.

A FIFO or a device is refused before it is opened; a gzip file may expand only to
``streams.MAX_DECOMPRESSED_BYTES`` (lowered here, so that a small bomb shows it);
headers that declare huge arrays are refused before any array is made; metadata
reads only the start of a CSV file; running out of memory is a sentence.
"""

from __future__ import annotations

import gzip
import io
import os
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib

import numpy as np
import pytest

from netdesigner.data import DataError, csvfile, files, load_file, streams
from netdesigner.data.files import file_info

CAP = 4 << 20  # the decompression cap in these tests: 4 MiB


@pytest.fixture
def small_cap(monkeypatch):
    monkeypatch.setattr(streams, "MAX_DECOMPRESSED_BYTES", CAP)


def run_isolated(code: str, *args: str) -> str:
    """Run ``code`` in a child with 1 GiB of address space and a bounded wait:
    a broken check would block on a FIFO or read /dev/zero forever."""
    script = textwrap.dedent(
        """
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
        """
    ) + textwrap.dedent(code)
    try:
        done = subprocess.run(
            [sys.executable, "-c", script, *args],
            capture_output=True,
            text=True,
            timeout=60,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("reading the special file did not return")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


READ_BOTH = """
from netdesigner.data import DataError, load_file
from netdesigner.data.files import file_info
for read in (file_info, load_file):
    try:
        read(sys.argv[1])
    except DataError as exc:
        print(exc)
    else:
        print("read without error")
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("name", ["pipe.csv", "train-images-idx3-ubyte", "p.npz"])
def test_a_fifo_is_refused_before_it_is_opened(tmp_path, name):
    fifo = tmp_path / name
    os.mkfifo(fifo)
    lines = run_isolated(READ_BOTH, str(fifo)).splitlines()
    assert lines == [f"'{fifo}' is a named pipe (FIFO), not a regular file; "
                     "choose a data file (.csv, .npz or IDX)"] * 2  # fmt: skip


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
@pytest.mark.parametrize("name", ["zero.csv", "zero.csv.gz", "t-images-idx3-ubyte"])
def test_a_device_behind_a_data_file_name_is_refused(tmp_path, name):
    link = tmp_path / name
    link.symlink_to("/dev/zero")
    lines = run_isolated(READ_BOTH, str(link)).splitlines()
    assert len(lines) == 2
    assert all(f"'{link}' is a character device, not a regular" in x for x in lines)


def write_bomb(path, expanded: int, trailer: bytes = b"") -> None:
    """A gzip CSV of ``expanded`` bytes of tiny rows, written a block at a time;
    ``trailer``: raw bytes appended (e.g. a second gzip member)."""
    block = b"0,0,0\n" * 100_000
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)  # 31: gzip framing
    with open(path, "wb") as stream:
        stream.write(packer.compress(b"a,b,label\n"))
        for _ in range(expanded // len(block) + 1):
            stream.write(packer.compress(block))
        stream.write(packer.flush() + trailer)


def test_a_gzip_bomb_is_refused_from_its_stated_size(tmp_path, small_cap):
    bomb = tmp_path / "bomb.csv.gz"
    write_bomb(bomb, 8 * CAP)
    assert bomb.stat().st_size < CAP // 10
    expected = (
        rf"'{bomb}' declares 3\d(\.\d)? MiB of data when decompressed; NetDesigner "
        r"reads at most 4 MiB from a .gz file"
    )
    with pytest.raises(DataError, match=expected):
        file_info(bomb)
    with pytest.raises(DataError, match=expected):
        load_file(bomb)


def test_a_gzip_bomb_hiding_its_size_stops_at_the_cap_before_parsing(
    tmp_path, small_cap, monkeypatch
):
    bomb = tmp_path / "bomb.csv.gz"
    write_bomb(bomb, 8 * CAP, trailer=gzip.compress(b"1,1,1\n"))  # states 6 bytes
    parsed = []
    monkeypatch.setattr(csvfile, "_parse", lambda *args: parsed.append(args))
    with pytest.raises(DataError, match=f"'{bomb}' expands to more than 4 MiB"):
        load_file(bomb)
    assert parsed == []  # refused before a block of numbers was made


def test_csv_metadata_reads_only_the_first_rows(tmp_path):
    path = tmp_path / "long.csv"
    row = "0.25,-1.5,{}\n"
    n_rows = 3 * csvfile.HEAD_CHARS // len(row.format(1))
    with open(path, "w") as stream:
        stream.write("a,b,label\n")
        stream.writelines(row.format(k % 3) for k in range(n_rows))
        stream.write("1,oops,2\n")  # only a full read finds it
    info = file_info(path)
    assert info.input_shape == (2,) and info.class_names == ("0", "1", "2")
    assert 0.95 * n_rows < info.default_n_samples < 1.05 * n_rows  # estimated
    with pytest.raises(DataError, match=rf"line {n_rows + 2}, column 2: 'oops'"):
        load_file(path)


def test_short_csv_metadata_counts_exactly(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("x1,x2,y\n" + "".join(f"{k},{k},{k % 2}\n" for k in range(37)))
    info = file_info(path)
    assert info.default_n_samples == 37 and info.kind == "2d"
    assert info == load_file(path).info


def idx_header(dims: tuple[int, ...]) -> bytes:
    return bytes([0, 0, 0x08, len(dims)]) + struct.pack(f">{len(dims)}I", *dims)


HUGE = (4_000_000_000, 60_000, 60_000)


@pytest.mark.parametrize("compress", [True, False])
def test_an_idx_header_declaring_huge_dimensions_is_one_sentence(tmp_path, compress):
    images = tmp_path / "huge-images-idx3-ubyte" if not compress else (
        tmp_path / "huge-images-idx3-ubyte.gz"
    )  # fmt: skip
    labels = tmp_path / images.name.replace("images-idx3", "labels-idx1")
    data = idx_header(HUGE) + bytes(100)
    images.write_bytes(gzip.compress(data) if compress else data)
    labels.write_bytes(idx_header((3,)) + bytes(3))
    dims = "4,000,000,000 x 60,000 x 60,000"
    expected = (
        rf"'{images}' declares an IDX array of {dims} values \(1.31e\+07 TiB\), but "
        r"a .gz data file may expand to at most 4 MiB"
        if compress
        else rf"'{images}' ends after 100 of the 14,400,000,000,000,000,000 data "
        rf"bytes its header announces \(shape {dims}\)"
    )
    for read in (file_info, load_file):
        with pytest.raises(DataError, match=expected):
            with pytest.MonkeyPatch.context() as patch:
                patch.setattr(streams, "MAX_DECOMPRESSED_BYTES", CAP)
                read(images)


def test_an_npz_declaring_huge_arrays_is_one_sentence(tmp_path):
    path = tmp_path / "huge.npz"
    header = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        header, {"descr": "<f8", "fortran_order": False, "shape": (10**9, 10**6)}
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("x.npy", header.getvalue() + bytes(64))
        buffer = io.BytesIO()
        np.save(buffer, np.zeros(1, np.int64))
        archive.writestr("y.npy", buffer.getvalue())
    expected = (
        rf"'{path}' declares arrays of 7.28e\+03 TiB \('x' alone is 1,000,000,000"
    )
    for read in (file_info, load_file):
        with pytest.raises(DataError, match=expected):
            read(path)


def test_npz_metadata_comes_from_headers_and_labels(tmp_path, monkeypatch):
    path = tmp_path / "im.npz"
    y = np.arange(10) % 4
    np.savez_compressed(path, x=np.ones((10, 5, 6), np.uint8), y=y,
                        x_test=np.ones((3, 5, 6), np.uint8), y_test=y[:3])  # fmt: skip
    full = load_file(path).info
    read = np.lib.format.read_array
    loaded = []

    def recording(stream, *args, **kwargs):
        array = read(stream, *args, **kwargs)
        loaded.append(array.shape)
        return array

    monkeypatch.setattr(np.lib.format, "read_array", recording)
    assert file_info(path) == full and full.fixed_split and full.n_classes == 4
    assert (10, 5, 6) not in loaded and (3, 5, 6) not in loaded  # no image read


def test_running_out_of_memory_is_one_sentence(tmp_path, monkeypatch):
    path = tmp_path / "t.csv"
    path.write_text("a,b,c\n1,2,0\n3,4,1\n")

    def exhausted(*_args):
        raise MemoryError()

    monkeypatch.setitem(files.FILE_FORMATS, ".csv", exhausted)
    monkeypatch.setitem(files.FILE_SKETCHES, ".csv", exhausted)
    expected = f"'{path}' is too large to load into this computer's memory"
    for read in (file_info, load_file):
        with pytest.raises(DataError, match=expected):
            read(path)


def test_a_read_reports_progress_and_stops_when_asked(tmp_path):
    path = tmp_path / "t.csv.gz"
    rows = "".join(f"{k},{k % 3},{k % 2}\n" for k in range(200_000))
    path.write_bytes(gzip.compress(("a,b,label\n" + rows).encode()))
    seen = []
    with streams.reporting_progress(lambda done, total: seen.append((done, total))):
        assert load_file(path).info.default_n_samples == 200_000
    size = path.stat().st_size
    assert seen[-1] == (size, size) and len({done for done, _ in seen}) > 2

    def stop(done, total):
        raise streams.LoadCancelled

    with streams.reporting_progress(stop), pytest.raises(streams.LoadCancelled):
        load_file(path)
