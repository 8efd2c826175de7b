"""Import of a Pascal VOC folder: boxes, split, hostile files, the .npz cache."""

from pathlib import Path

import numpy as np
import pytest

from netdesigner.data import DataError, load_dataset
from netdesigner.data import voc as voc_module
from netdesigner.data.boxes import flatten, targets_array, unflatten
from netdesigner.data.files import file_info
from netdesigner.data.voc import cache_path

PIL = pytest.importorskip("PIL.Image")

RED, BLUE, GREY = (230, 20, 20), (20, 20, 230), (128, 128, 128)
BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<annotation><filename>&lol9;</filename></annotation>
"""


def xml(filename: str, size: tuple[int, int] | None, objects: list) -> str:
    """A VOC annotation; size (width, height); objects (name, xmin, ymin, xmax,
    ymax) in VOC's 1-based inclusive corners."""
    parts = [
        "<annotation>",
        "<folder>shelf</folder>",
        f"<filename>{filename}</filename>",
    ]
    if size is not None:
        w, h = size
        parts.append(
            f"<size><width>{w}</width><height>{h}</height><depth>3</depth></size>"
        )
    for name, x0, y0, x1, y1 in objects:
        parts.append(
            f"<object><name>{name}</name><difficult>0</difficult><bndbox>"
            f"<xmin>{x0}</xmin><ymin>{y0}</ymin><xmax>{x1}</xmax><ymax>{y1}</ymax>"
            "</bndbox></object>"
        )
    return "\n".join([*parts, "</annotation>"])


def picture(size: tuple[int, int], rects: list) -> np.ndarray:
    """A grey (height, width, 3) picture with coloured rectangles; rects (colour,
    xmin, ymin, xmax, ymax) in VOC corners (1-based, inclusive)."""
    w, h = size
    image = np.full((h, w, 3), GREY, dtype=np.uint8)
    for colour, x0, y0, x1, y1 in rects:
        image[y0 - 1 : y1, x0 - 1 : x1] = colour
    return image


def write_voc(root: Path, pictures: dict, split: dict | None = None) -> Path:
    """pictures : id -> (suffix, (width, height), objects [(name, colour, xmin,
    ymin, xmax, ymax)]); split : {"train": [ids], "test": [ids]}."""
    (root / "Annotations").mkdir(parents=True)
    (root / "JPEGImages").mkdir()
    for name, (suffix, size, objects) in pictures.items():
        rects = [obj[1:] for obj in objects]
        PIL.fromarray(picture(size, rects)).save(root / "JPEGImages" / (name + suffix))
        boxes = [(obj[0], *obj[2:]) for obj in objects]
        text = xml(name + suffix, size, boxes)
        (root / "Annotations" / f"{name}.xml").write_text(text)
    if split:
        main = root / "ImageSets" / "Main"
        main.mkdir(parents=True)
        for part, ids in split.items():
            (main / f"{part}.txt").write_text("\n".join(ids) + "\n")
    return root


SHELF = {
    "a": (".png", (100, 80), [("bottle", RED, 11, 21, 50, 60)]),
    "b": (
        ".png",
        (64, 64),
        [("can", BLUE, 1, 1, 16, 32), ("bottle", RED, 33, 9, 48, 64)],
    ),
    "c": (".jpg", (120, 90), [("can", BLUE, 61, 46, 120, 90)]),
    "d": (".png", (64, 48), []),
}


@pytest.fixture
def shelf(tmp_path):
    return write_voc(
        tmp_path / "shelf", SHELF, {"train": ["a", "b", "d"], "test": ["c"]}
    )


def test_a_voc_folder_imports_with_boxes_scaled_to_the_new_size(shelf):
    ds = load_dataset(path=shelf)
    info = ds.info
    assert info.task == "detection" and info.kind == "image" and info.fixed_split
    assert info.class_names == ("bottle", "can") and info.input_shape == (64, 64, 3)
    assert ds.x_train.shape == (3, 64, 64, 3) and ds.x_train.dtype == np.uint8
    assert ds.x_test.shape == (1, 64, 64, 3)
    a, b, d = ds.y_train
    # VOC 11..50 × 21..60 (1-based, inclusive) in a 100×80 picture -> edges
    # [10, 20, 50, 60] -> × (64/100, 64/80)
    np.testing.assert_allclose(a["boxes"], [[6.4, 16, 32, 48]], rtol=1e-6)
    assert a["labels"].tolist() == [0]
    np.testing.assert_array_equal(b["boxes"], [[0, 0, 16, 32], [32, 8, 48, 64]])
    assert b["labels"].tolist() == [1, 0] and b["boxes"].dtype == np.float32
    assert d["boxes"].shape == (0, 4) and d["labels"].dtype == np.int64
    (c,) = ds.y_test  # the JPEG, reaching the right and bottom edges
    np.testing.assert_allclose(c["boxes"], [[60 * 64 / 120, 45 * 64 / 90, 64, 64]])


def test_the_resized_pixels_follow_the_boxes(shelf):
    ds = load_dataset(path=shelf, image_size=[40, 50])
    image, target = ds.x_train[0], ds.y_train[0]
    x0, y0, x1, y1 = target["boxes"][0]  # (64 .. 32.0) × ... in a 50×40 picture
    red = (image[..., 0] > 150) & (image[..., 2] < 100)
    rows, cols = np.nonzero(red)
    assert abs(cols.min() - x0) <= 1 and abs(cols.max() + 1 - x1) <= 1
    assert abs(rows.min() - y0) <= 1 and abs(rows.max() + 1 - y1) <= 1
    assert ds.settings["image_size"] == [40, 50]


def test_without_split_files_seed_and_train_ratio_split(tmp_path):
    folder = write_voc(tmp_path / "shelf", SHELF)
    ds = load_dataset(path=folder, train_ratio=0.5, seed=3)
    assert not ds.info.fixed_split and ds.n_train == 2 and ds.n_test == 2
    again = load_dataset(path=folder, train_ratio=0.5, seed=3)
    np.testing.assert_array_equal(ds.x_test, again.x_test)


def test_given_classes_set_the_indices(shelf):
    ds = load_dataset(path=shelf, classes=["can", "bottle", "box"])
    assert ds.info.class_names == ("can", "bottle", "box")
    assert ds.y_train[1]["labels"].tolist() == [0, 1]


def test_file_info_describes_the_folder_without_decoding(shelf, monkeypatch):
    def refuse(*args):
        raise AssertionError("a picture was decoded")

    monkeypatch.setattr(voc_module, "decode_image", refuse)
    info = file_info(shelf, image_size=[32, 48])
    assert info.task == "detection" and info.input_shape == (32, 48, 3)
    assert info.default_n_samples == 4 and info.class_names == ("bottle", "can")


def _annotate(folder: Path, name: str, text: str) -> Path:
    file = folder / "Annotations" / f"{name}.xml"
    file.write_text(text)
    return file


def test_an_entity_expansion_bomb_is_refused_with_a_sentence(shelf):
    file = _annotate(shelf, "b", BOMB)
    with pytest.raises(DataError, match="declares XML entities") as error:
        load_dataset(path=shelf)
    assert str(file) in str(error.value) and "\n" not in str(error.value)


def test_malformed_xml_names_the_file_and_line(shelf):
    file = _annotate(shelf, "b", "<annotation>\n<filename>b.png</annotation>")
    with pytest.raises(DataError, match=r"not well-formed XML \(line 2") as error:
        load_dataset(path=shelf)
    assert str(file) in str(error.value)


@pytest.mark.parametrize(
    ("box", "clipped"),
    [
        ((1, 1, 65, 64), None),  # a pixel past the right edge: rounding, clipped
        ((1, 1, 80, 64), "does not lie inside its 64×64 picture"),
        ((70, 1, 90, 10), "does not lie inside"),
        ((30, 20, 10, 40), "does not lie inside"),  # inverted
    ],
)
def test_a_box_outside_its_picture_is_a_sentence_naming_the_file(shelf, box, clipped):
    file = _annotate(shelf, "b", xml("b.png", (64, 64), [("can", *box)]))
    if clipped is None:
        ds = load_dataset(path=shelf)
        np.testing.assert_array_equal(ds.y_train[1]["boxes"], [[0, 0, 64, 64]])
        return
    with pytest.raises(DataError, match=clipped) as error:
        load_dataset(path=shelf)
    assert str(file) in str(error.value)


def test_an_unknown_class_is_a_sentence_naming_the_file(shelf):
    with pytest.raises(DataError, match="class 'can', which is not among") as error:
        load_dataset(path=shelf, classes=["bottle"])
    assert str(shelf / "Annotations" / "b.xml") in str(error.value)


def test_a_missing_picture_is_a_sentence_naming_the_file(shelf):
    (shelf / "JPEGImages" / "b.png").unlink()
    with pytest.raises(DataError, match="describes the picture 'b.png'") as error:
        load_dataset(path=shelf)
    assert str(shelf / "Annotations" / "b.xml") in str(error.value)


def test_a_filename_cannot_reach_outside_the_pictures_folder(shelf):
    PIL.fromarray(picture((64, 64), [])).save(shelf / "outside.png")
    _annotate(shelf, "b", xml("../outside.png", (64, 64), []))
    with pytest.raises(DataError, match="describes the picture 'outside.png'"):
        load_dataset(path=shelf)


def test_a_stated_size_that_differs_from_the_picture_is_a_sentence(shelf):
    file = _annotate(shelf, "b", xml("b.png", (640, 480), [("can", 1, 1, 16, 32)]))
    with pytest.raises(DataError, match="states a 640×480 picture") as error:
        load_dataset(path=shelf)
    assert str(file) in str(error.value)


def test_a_split_file_naming_an_unknown_picture_is_a_sentence(shelf):
    (shelf / "ImageSets" / "Main" / "test.txt").write_text("c\nz\n")
    with pytest.raises(DataError, match="lists the picture 'z'"):
        load_dataset(path=shelf)


def test_split_files_that_leave_one_part_empty_are_a_sentence(shelf):
    (shelf / "ImageSets" / "Main" / "test.txt").write_text("a\nb\nc\nd\n")
    with pytest.raises(DataError, match="leave no training pictures"):
        load_dataset(path=shelf)


def test_the_cache_is_a_plain_npz_and_spares_decoding(shelf, monkeypatch):
    first = load_dataset(path=shelf)
    cache = cache_path(shelf, (64, 64))
    with np.load(cache, allow_pickle=False) as npz:
        assert all(npz[key].dtype != object for key in npz.files)
        assert npz["x"].shape == (4, 64, 64, 3)

    def refuse(*args):
        raise AssertionError("a picture was decoded although the cache is current")

    monkeypatch.setattr(voc_module, "decode_image", refuse)
    again = load_dataset(path=shelf)
    np.testing.assert_array_equal(again.x_train, first.x_train)
    for a, b in zip(again.y_train, first.y_train, strict=True):
        np.testing.assert_array_equal(a["boxes"], b["boxes"])
        np.testing.assert_array_equal(a["labels"], b["labels"])
    assert again.info == first.info and again.info.fixed_split


def test_a_changed_annotation_makes_the_cache_stale(shelf):
    load_dataset(path=shelf)
    _annotate(shelf, "b", xml("b.png", (64, 64), [("can", 1, 1, 32, 32)]))
    ds = load_dataset(path=shelf)
    np.testing.assert_array_equal(ds.y_train[1]["boxes"], [[0, 0, 32, 32]])


def test_a_damaged_cache_is_rebuilt(shelf):
    cache_path(shelf, (64, 64)).write_bytes(b"not a zip file")
    ds = load_dataset(path=shelf)
    assert ds.n_train == 3


def test_boxes_flatten_and_unflatten_with_empty_images():
    targets = targets_array(
        [np.zeros((0, 4)), np.array([[1, 2, 3, 4], [5, 6, 7, 8]]), np.zeros((0, 4))],
        [np.zeros(0), np.array([2, 0]), np.zeros(0)],
    )
    back = unflatten(**flatten(targets))
    assert [len(t["labels"]) for t in back] == [0, 2, 0]
    np.testing.assert_array_equal(back[1]["boxes"], [[1, 2, 3, 4], [5, 6, 7, 8]])
    with pytest.raises(DataError, match="do not fit their offsets"):
        unflatten(np.zeros((2, 4)), np.zeros(2), np.array([0, 3]))


def test_the_classes_option_is_refused_for_other_files(tmp_path):
    table = tmp_path / "points.csv"
    table.write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,0\n1,0,1\n")
    with pytest.raises(DataError, match="is not a VOC folder"):
        load_dataset(path=table, classes=["a"])


def test_augment_is_refused_for_a_voc_folder(shelf):
    with pytest.raises(DataError, match="detection set"):
        load_dataset(path=shelf, augment={"shift": 2})


def test_a_voc_folder_validates_and_trains_as_a_detection_design(shelf):
    """The issue's "a VOC folder written by the tests imports and trains": sample
    17's network on the folder, validated, then trained one epoch with mAP@0.5."""
    import json

    from netdesigner.design.io import loads_design
    from netdesigner.design.session import TrainingSession
    from netdesigner.design.validation import errors, validate

    sample = Path(__file__).resolve().parents[2] / "samples"
    data = json.loads((sample / "17_product_detection.json").read_text("utf-8"))
    data.pop("lesson", None)
    data["version"] = 2
    data["dataset"] = {"path": str(shelf), "seed": 0}
    for node in data["nodes"]:
        if node["type"] == "DetectionHead":
            node["params"]["num_classes"] = 2  # bottle, can
    data["training"]["epochs"] = 1
    design = loads_design(json.dumps(data))
    assert errors(validate(design)) == []
    session = TrainingSession(design, shelf.parent)
    session.trainer.run()
    metrics = session.evaluate()
    assert 0.0 <= metrics["test_map50"] <= 1.0
    assert np.isfinite(metrics["test_loss"])
