"""An imported data file is checked against the network like a built-in set."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netdesigner.design.data_paths import data_file_info
from netdesigner.design.model import Design
from netdesigner.design.validation import validate
from netdesigner.design.validation_output import expected_input_shape

ROOT = Path(__file__).resolve().parents[2]


def _design(path, shape=(2,), units=1):
    return Design.from_dict(
        {
            "format": "netdesigner.design", "version": 1, "name": "mine",
            "nodes": [
                {"id": "input", "type": "Input", "params": {"shape": list(shape)}},
                {"id": "out", "type": "Dense", "params": {"units": units}},
            ],
            "edges": [{"from": "input", "to": "out"}],
            "dataset": {"path": str(path)},
        }
    )  # fmt: skip


def test_a_file_is_checked_against_the_network_like_a_built_in_set(tmp_path):
    path = tmp_path / "three.csv"
    rows = [f"{i % 5},{i % 7},{i % 3}" for i in range(30)]
    path.write_text("x1,x2,label\n" + "\n".join(rows) + "\n")
    problems = validate(_design(path))
    assert [p.code for p in problems] == ["output_units"]
    assert problems[0].message == (
        "the output 'out' has 1 unit, but 'three.csv' has 3 classes; set units to 3"
    )
    assert problems[0].fix.args == {"node": "out", "name": "units", "value": 3}
    assert validate(_design(path, units=3)) == []


def test_an_unreadable_or_missing_file_is_a_problem_and_relative_is_unknown(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("x1,x2,label\n1,oops,0\n")
    (problem,) = validate(_design(bad))
    assert problem.code == "data_file" and "'oops' is not a finite number" in (
        problem.message
    )
    (missing,) = validate(_design(tmp_path / "gone.csv"))
    assert missing.message.endswith("does not exist (moved or renamed?)")
    assert data_file_info("gone.csv") is None  # relative: its folder is unknown
    assert validate(_design("gone.csv")) == []


def test_colour_images_keep_their_channels(tmp_path):
    path = tmp_path / "rgb.npz"
    np.savez(path, x=np.zeros((6, 4, 4, 3), np.uint8), y=np.arange(6) % 2)
    assert expected_input_shape(_design(path)) == (4, 4, 3)


def test_running_out_of_memory_reading_metadata_is_a_problem(tmp_path, monkeypatch):
    from netdesigner.data import files

    path = tmp_path / "huge.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n")

    def exhausted(*_args):
        raise MemoryError()  # as NumPy or Python raise it: no message

    monkeypatch.setitem(files.FILE_SKETCHES, ".csv", exhausted)
    (problem,) = validate(_design(path))
    assert problem.code == "data_file"
    assert problem.message == (
        f"'{path}' is too large to load into this computer's memory; use a smaller "
        "file (fewer rows or images)"
    )


def test_an_error_without_a_message_is_still_a_sentence(tmp_path, monkeypatch):
    from netdesigner.data import files

    path = tmp_path / "odd.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n")

    def silent(*_args):
        raise IndexError()

    monkeypatch.setitem(files.FILE_SKETCHES, ".csv", silent)
    (problem,) = validate(_design(path))
    assert problem.message == f"The data file '{path}' cannot be read (IndexError)"


def test_metadata_of_a_long_file_is_read_from_its_start(tmp_path):
    path = tmp_path / "long.csv"
    with open(path, "w") as stream:
        stream.write("x1,x2,label\n")
        stream.writelines(f"{k % 9},{k % 7},{k % 2}\n" for k in range(300_000))
        stream.write("garbage at the end\n")  # a full read would refuse the file
    assert validate(_design(path)) == []
    assert data_file_info(path).default_n_samples > 250_000  # estimated from size


def test_a_fifo_is_a_problem_not_a_wait(tmp_path):
    import os
    import subprocess
    import sys

    if not hasattr(os, "mkfifo"):
        pytest.skip("no FIFOs on this system")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code = (
        "import sys; from tests.design.test_data_files import _design; "
        "from netdesigner.design.validation import validate; "
        "print(validate(_design(sys.argv[1]))[0].message)"
    )
    try:  # a child with a bound: a broken check would wait for a writer forever
        done = subprocess.run(
            [sys.executable, "-c", code, str(fifo)],
            capture_output=True, text=True, timeout=60, cwd=ROOT,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("validating a design whose data file is a FIFO did not return")
    assert done.stdout.strip() == (
        f"'{fifo}' is a named pipe (FIFO), not a regular file; choose a data file "
        "(.csv, .npz or IDX)"
    ), done.stderr
