"""``netdesigner datasets`` lists the detection set with its shape and classes."""

from netdesigner.commands.datasets import dataset_rows


def test_the_products_row_shows_shape_task_and_class_count():
    rows = {row[0]: row for row in dataset_rows()}
    name, kind, task, shape, classes, size = rows["products"]
    assert (kind, task, shape) == ("image", "detection (boxes)", "(64, 64, 3)")
    assert classes == "3" and size == "2,400"
