"""IDX, NPZ and CSV importers on good and bad files made here."""

import gzip
import struct

import numpy as np
import pytest

from netdesigner.data import (
    DataError,
    load_csv,
    load_dataset,
    load_file,
    load_idx,
    load_npz,
    read_idx,
)
from netdesigner.data.build import main as build_main

IDX_CODES = {
    np.dtype(np.uint8): 0x08,
    np.dtype(np.int16): 0x0B,
    np.dtype(np.float32): 0x0D,
}


def idx_bytes(array: np.ndarray) -> bytes:
    """The IDX encoding of ``array``: magic, big-endian dimensions, big-endian data."""
    header = bytes([0, 0, IDX_CODES[array.dtype], array.ndim])
    dims = struct.pack(f">{array.ndim}I", *array.shape)
    return header + dims + array.astype(array.dtype.newbyteorder(">")).tobytes()


def write_idx(path, array: np.ndarray, compress: bool = True, level: int = 6) -> None:
    data = idx_bytes(array)
    if compress:
        with gzip.open(path, "wb", compresslevel=level) as stream:
            stream.write(data)
    else:
        path.write_bytes(data)


RNG = np.random.default_rng(0)
IMAGES = RNG.integers(0, 256, (6, 4, 3), dtype=np.uint8)
LABELS = np.array([0, 1, 2, 0, 1, 2], dtype=np.uint8)


# --- IDX -------------------------------------------------------------------------


@pytest.mark.parametrize("compress", [True, False])
def test_idx_images_and_labels_round_trip(tmp_path, compress):
    write_idx(tmp_path / "a-images-idx3-ubyte", IMAGES, compress)
    write_idx(tmp_path / "a-labels-idx1-ubyte", LABELS, compress)
    x, y = load_idx(tmp_path / "a-images-idx3-ubyte", tmp_path / "a-labels-idx1-ubyte")
    np.testing.assert_array_equal(x, IMAGES)
    assert x.dtype == np.uint8 and y.dtype == np.int64 and y.tolist() == LABELS.tolist()


def test_idx_wider_types_come_back_in_native_order(tmp_path):
    values = np.array([[-2, 300], [7, -32000]], dtype=np.int16)
    write_idx(tmp_path / "v.idx", values)
    out = read_idx(tmp_path / "v.idx")
    assert out.dtype == np.dtype(np.int16) and out.tolist() == values.tolist()


def test_idx_bad_magic_number(tmp_path):
    path = tmp_path / "bad-images-idx3-ubyte"
    path.write_bytes(b"\x00\x01\x08\x03" + bytes(20))
    with pytest.raises(
        DataError, match=r"bad-images-idx3-ubyte.*bad magic number 0x00010803"
    ):
        read_idx(path)


def test_idx_counts_must_match(tmp_path):
    write_idx(tmp_path / "i.gz", IMAGES)
    write_idx(tmp_path / "l.gz", LABELS[:5])
    with pytest.raises(
        DataError, match=r"i.gz' has 6 images but '.*l.gz' has 5 labels"
    ):
        load_idx(tmp_path / "i.gz", tmp_path / "l.gz")


def test_idx_truncated_and_overlong_files(tmp_path):
    data = idx_bytes(IMAGES)
    (tmp_path / "short").write_bytes(data[:-5])
    (tmp_path / "long").write_bytes(data + b"\x00")
    with pytest.raises(DataError, match=r"short' ends after 67 of the 72 data bytes"):
        read_idx(tmp_path / "short")
    with pytest.raises(DataError, match="extra bytes"):
        read_idx(tmp_path / "long")


def test_idx_wrong_rank_and_broken_gzip(tmp_path):
    write_idx(tmp_path / "flat.gz", LABELS)
    with pytest.raises(DataError, match=r"flat.gz' holds an array of rank 1"):
        load_idx(tmp_path / "flat.gz", tmp_path / "flat.gz")
    (tmp_path / "broken.gz").write_bytes(gzip.compress(idx_bytes(IMAGES))[:30])
    with pytest.raises(DataError, match="broken.gz"):
        read_idx(tmp_path / "broken.gz")


def test_idx_folder_keeps_its_train_and_test_files(tmp_path):
    for prefix, n in (("train", 6), ("t10k", 3)):
        write_idx(tmp_path / f"{prefix}-images-idx3-ubyte.gz", IMAGES[:n])
        write_idx(tmp_path / f"{prefix}-labels-idx1-ubyte.gz", LABELS[:n])
    ds = load_file(tmp_path)
    assert ds.info.kind == "image" and ds.info.fixed_split
    assert (ds.n_train, ds.n_test) == (6, 3) and ds.input_shape == (4, 3, 1)
    assert ds.info.class_names == ("0", "1", "2")
    np.testing.assert_array_equal(
        ds.transform(ds.x_test)[..., 0], IMAGES[:3] * np.float32(1 / 255)
    )


def test_idx_image_file_finds_its_labels_beside_it(tmp_path):
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", IMAGES)
    with pytest.raises(DataError, match="no labels file found beside"):
        load_file(tmp_path / "train-images-idx3-ubyte.gz")
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", LABELS)
    ds = load_file(tmp_path / "train-images-idx3-ubyte.gz", train_ratio=0.5, seed=1)
    assert (ds.n_train, ds.n_test) == (3, 3)


# --- NPZ -------------------------------------------------------------------------


def test_npz_points_become_a_two_d_set_with_features(tmp_path):
    x = RNG.uniform(-6, 6, (40, 2))
    y = np.where(x[:, 0] > 0, 1, -1)
    np.savez(tmp_path / "pts.npz", x=x, y=y)
    ds = load_dataset(path=tmp_path / "pts.npz", features=["x1", "x1^2"], seed=2)
    assert ds.info.kind == "2d" and ds.info.class_names == ("-1", "1")
    assert ds.n_train == 20 and ds.x_train.shape == (20, 2)
    np.testing.assert_array_equal(ds.y_train, ds.points_train[:, 0] > 0)
    np.testing.assert_allclose(ds.x_train[:, 1], ds.points_train[:, 0] ** 2, rtol=1e-6)


def test_npz_table_regression_and_image_sets(tmp_path):
    np.savez(tmp_path / "t.npz", x=RNG.normal(size=(10, 5)), y=RNG.normal(size=10))
    table = load_file(tmp_path / "t.npz", standardize=True, train_ratio=0.6)
    assert table.info.kind == "table" and table.info.task == "regression"
    assert table.x_train.shape == (6, 5) and table.y_train.dtype == np.float32
    assert table.stats["features"] == ["x1", "x2", "x3", "x4", "x5"]
    np.savez(
        tmp_path / "im.npz",
        x=IMAGES,
        y=LABELS,
        x_test=IMAGES[:2],
        y_test=LABELS[:2],
        class_names=np.array(["a", "b", "c"]),
    )
    images = load_file(tmp_path / "im.npz")
    assert images.info.class_names == ("a", "b", "c") and images.n_test == 2
    with pytest.raises(DataError, match="apply to 2-D points only"):
        load_file(tmp_path / "t.npz", features=["x1"])


@pytest.mark.parametrize(
    ("arrays", "match"),
    [
        ({"x": np.zeros((3, 2))}, "has no array 'y'"),
        ({"x": np.zeros((3, 2)), "y": np.zeros((3, 1))}, "'y' has rank 2"),
        ({"x": np.zeros(3), "y": np.zeros(3)}, "'x' has rank 1"),
        ({"x": np.zeros((3, 2)), "y": np.zeros(4)}, "'x' has 3 rows but 'y' has 4"),
        ({"x": np.full((3, 2), np.nan), "y": np.zeros(3)}, "NaN"),
        ({"x": np.array([["a", "b"]]), "y": np.zeros(1)}, "must hold numbers"),
    ],
)
def test_npz_bad_arrays(tmp_path, arrays, match):
    np.savez(tmp_path / "bad.npz", **arrays)
    with pytest.raises(DataError, match=match):
        load_npz(tmp_path / "bad.npz")


def test_npz_never_unpickles_and_refuses_non_zip(tmp_path):
    np.savez(tmp_path / "obj.npz", x=np.array([{"a": 1}], dtype=object), y=np.zeros(1))
    with pytest.raises(DataError, match="obj.npz' is not a readable .npz"):
        load_npz(tmp_path / "obj.npz")
    (tmp_path / "junk.npz").write_text("not a zip")
    with pytest.raises(DataError, match="junk.npz"):
        load_npz(tmp_path / "junk.npz")


# --- CSV -------------------------------------------------------------------------


def test_csv_points_with_header_and_signed_labels(tmp_path):
    lines = ["x1,x2,label"] + [
        f"{i - 5},{5 - i},{1 if i % 2 else -1}" for i in range(10)
    ]
    (tmp_path / "p.csv").write_text("\n".join(lines) + "\n")
    ds = load_file(tmp_path / "p.csv", train_ratio=0.8)
    assert ds.info.kind == "2d" and ds.n_train == 8
    np.testing.assert_array_equal(ds.y_train, (ds.points_train[:, 0] + 5) % 2)


def test_csv_table_without_header_label_column_and_gzip(tmp_path):
    rows = "\n".join(f"{c},{i},{i * 2},{i * 3}.5" for i, c in enumerate([2, 0, 1, 2]))
    with gzip.open(tmp_path / "t.csv.gz", "wt") as stream:
        stream.write("# comment\n\n" + rows + "\n")
    table = load_csv(tmp_path / "t.csv.gz", label_column=0)
    assert (
        table.feature_names == ("col2", "col3", "col4") and table.label_name == "col1"
    )
    np.testing.assert_array_equal(table.y, [2, 0, 1, 2])
    np.testing.assert_array_equal(table.x[1], [1, 2, 3.5])
    ds = load_file(tmp_path / "t.csv.gz", label_column=0, task="classification")
    assert ds.info.kind == "table" and ds.info.n_classes == 3


def test_csv_label_column_by_name_and_semicolons(tmp_path):
    (tmp_path / "s.csv").write_text('"a";"kind";"b"\n1;0;2\n3;1;4\n5;1.5;6\n')
    table = load_csv(tmp_path / "s.csv", label_column="kind")
    np.testing.assert_array_equal(table.x, [[1, 2], [3, 4], [5, 6]])
    ds = load_file(tmp_path / "s.csv", label_column="kind", train_ratio=0.67)
    assert ds.info.task == "regression" and ds.n_train == 2


@pytest.mark.parametrize(
    ("text", "kwargs", "match"),
    [
        (
            "x,y,l\n1,2,0\n3,abc,1\n",
            {},
            r"line 3, column 2: 'abc' is not a finite number",
        ),
        ("1,2,0\n1,2,1\n3,4\n", {}, r"line 3 has 2 cells; expected 3"),
        ("1,2,0\n1,,1\n", {}, r"line 2, column 2: 'an empty cell'"),
        ("1,2,0\n1,nan,1\n", {}, r"line 2, column 2: 'nan'"),
        ("", {}, "is empty"),
        ("\n# only a comment\n", {}, "is empty"),
        ("x,y,label\n", {}, "header row but no data rows"),
        (
            "a,b,c\n1,2,3\n",
            {"label_column": "label"},
            "no label column 'label'; found a, b, c",
        ),
        (
            "1,2,3\n",
            {"label_column": "label"},
            "no label column 'label'; found no header",
        ),
        ("1,2,3\n", {"label_column": 5}, "no label column 5; it has 3 columns"),
        ("1\n2\n", {}, "has 1 column; expected feature columns and a label column"),
    ],
)
def test_csv_errors_name_file_and_place(tmp_path, text, kwargs, match):
    (tmp_path / "bad.csv").write_text(text)
    with pytest.raises(DataError, match=match) as caught:
        load_csv(tmp_path / "bad.csv", **kwargs)
    assert "bad.csv" in str(caught.value)


def test_csv_not_utf8(tmp_path):
    (tmp_path / "latin.csv").write_bytes(b"a,b\n1,\xe9\n")
    with pytest.raises(DataError, match="not UTF-8 text"):
        load_csv(tmp_path / "latin.csv")


# --- choosing the reader -----------------------------------------------------------


def test_unknown_missing_and_ambiguous_requests(tmp_path):
    (tmp_path / "data.xlsx").write_bytes(b"PK")
    with pytest.raises(DataError, match="not a known data file"):
        load_file(tmp_path / "data.xlsx")
    with pytest.raises(DataError, match="does not exist"):
        load_file(tmp_path / "none.csv")
    with pytest.raises(
        DataError, match="either a built-in data set name or a file path"
    ):
        load_dataset("circle", path=tmp_path / "x.csv")
    with pytest.raises(DataError, match="no option 'n_classes'"):
        load_file(tmp_path / "x.csv", n_classes=3)
    np.savez(tmp_path / "ok.npz", x=np.zeros((4, 2)), y=np.arange(4) % 2)
    with pytest.raises(DataError, match="label_column applies to CSV files only"):
        load_file(tmp_path / "ok.npz", label_column=0)


def test_build_script_reports_a_missing_source(tmp_path, capsys):
    assert (
        build_main(["--source", str(tmp_path / "nowhere"), "--out", str(tmp_path)]) == 1
    )
    assert "nowhere" in capsys.readouterr().err


# --- memory ------------------------------------------------------------------------

MEASURE = """
import resource, sys
import netdesigner.data as data


def peak_mb():
    # VmHWM is this process's own peak; ru_maxrss on Linux keeps the parent's
    # peak across fork and exec, so it is only the fallback off Linux (bytes on macOS).
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // (1024 * 1024) if sys.platform == "darwin" else peak // 1024


before = peak_mb()
ds = data.load_file(sys.argv[1])
after = peak_mb()
print(ds.x_train.shape, ds.x_test.shape, ds.x_train.dtype, before, after)
"""


def _write_full_size_idx_folder(folder) -> None:
    """Fashion-MNIST's layout and sizes: 60,000 + 10,000 images of 28×28 bytes."""
    pattern = np.arange(7 * 28 * 28, dtype=np.uint32) * 2654435761 >> 24
    for prefix, n in (("train", 60_000), ("t10k", 10_000)):
        images = np.resize(pattern.astype(np.uint8), (n, 28, 28))
        write_idx(folder / f"{prefix}-images-idx3-ubyte.gz", images, level=1)
        write_idx(
            folder / f"{prefix}-labels-idx1-ubyte.gz", np.arange(n, dtype=np.uint8) % 10
        )


def test_full_fashion_mnist_sized_idx_loads_under_200_mb(tmp_path):
    import subprocess
    import sys

    _write_full_size_idx_folder(tmp_path)
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, str(tmp_path)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split(")")
    assert out[0] == "(60000, 28, 28" and out[1].strip() == "(10000, 28, 28"
    before_mb, after_mb = (int(v) for v in out[2].split()[1:])
    # 55 MB of pixels; the whole process, interpreter and NumPy included, stays < 200 MB
    assert after_mb < 200, (
        f"resident peak {after_mb} MB (before loading {before_mb} MB)"
    )
    assert after_mb - before_mb < 100
