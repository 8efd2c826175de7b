"""`netdesigner validate` and `train` on data files made to hang or exhaust memory:
one sentence, a non-zero exit, no traceback."""

from __future__ import annotations

import json
import os
import zlib

import pytest

from netdesigner import cli
from netdesigner.commands import COMMANDS, Command
from netdesigner.data import streams


def write_design(folder, data_name: str):
    design = {
        "format": "netdesigner.design", "version": 1, "name": "mine",
        "nodes": [
            {"id": "input", "type": "Input", "params": {"shape": [2]}},
            {"id": "out", "type": "Dense", "params": {"units": 1,
                                                      "activation": "sigmoid"}},
        ],
        "edges": [{"from": "input", "to": "out"}],
        "dataset": {"path": data_name},
        "training": {"loss": "binary_crossentropy", "epochs": 1},
    }  # fmt: skip
    path = folder / "design.json"
    path.write_text(json.dumps(design))
    return path


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
@pytest.mark.parametrize("command", ["validate", "train"])
def test_a_fifo_as_data_file_is_one_sentence(cli, tmp_path, one_sentence, command):
    os.mkfifo(tmp_path / "pipe.csv")
    design = write_design(tmp_path, "pipe.csv")
    result = cli(command, design, timeout=60)  # a broken check would wait forever
    fragment = "pipe.csv' is a named pipe (FIFO), not a regular file"
    one_sentence(result, fragment)


def write_bomb(path, expanded: int) -> None:
    """A gzip CSV of tiny rows that expands to ``expanded`` bytes, written in
    blocks, followed by a small second member whose stated size hides the first."""
    block = b"0,0,0\n" * 100_000
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    with open(path, "wb") as stream:
        stream.write(packer.compress(b"x1,x2,label\n"))
        for _ in range(expanded // len(block) + 1):
            stream.write(packer.compress(block))
        stream.write(packer.flush())
        tail = zlib.compressobj(9, zlib.DEFLATED, 31)
        stream.write(tail.compress(b"1,1,1\n") + tail.flush())


def test_train_on_a_gzip_bomb_is_one_sentence(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(streams, "MAX_DECOMPRESSED_BYTES", 4 << 20)
    write_bomb(tmp_path / "bomb.csv.gz", 32 << 20)
    design = write_design(tmp_path, "bomb.csv.gz")
    assert cli.main(["train", str(design), "--quiet"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "bomb.csv.gz' expands to more than 4 MiB" in err[0]


def _exhausted(args):
    raise MemoryError()


def test_running_out_of_memory_is_one_sentence(monkeypatch, capsys):
    command = Command("grow", "uses memory", lambda parser: None, _exhausted)
    monkeypatch.setitem(COMMANDS, "grow", command)
    assert cli.main(["grow"]) == 1
    assert capsys.readouterr().err.strip() == (
        "netdesigner: this computer ran out of memory; use a smaller data file, "
        "fewer samples or a smaller network"
    )
