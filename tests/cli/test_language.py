"""``netdesigner validate`` speaks Chinese under a Chinese locale or ``--lang zh_CN``
and English under C/en, whatever the machine's own locale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from netdesigner import cli, i18n
from netdesigner.design.io import dumps_design
from netdesigner.design.model import Design, Edge, Node


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    i18n.set_language("en")


@pytest.fixture
def bad_design(tmp_path):
    """A design whose Dense layer 'lost' is connected to nothing."""
    design = Design(
        name="bad",
        nodes=[
            Node("input", "Input", {"shape": [2]}, (0.0, 0.0)),
            Node("out", "Dense", {"units": 1, "activation": "sigmoid"}, (200.0, 0.0)),
            Node("lost", "Dense", {"units": 3}, (200.0, 200.0)),
        ],
        edges=[Edge("input", "out")],
        dataset={"name": "circle"},
        training={"loss": "binary_crossentropy"},
    )
    path = tmp_path / "bad.json"
    path.write_text(dumps_design(design), encoding="utf-8")
    return path


def run_validate(path, *, lang_option=None, **environ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    env.update(environ)
    args = [sys.executable, "-m", "netdesigner", "validate", str(path)]
    if lang_option:
        args += ["--lang", lang_option]
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


def test_lang_option_prints_chinese(bad_design, capsys):
    assert cli.main(["validate", str(bad_design), "--lang", "zh_CN"]) == 1
    err = capsys.readouterr().err
    assert "“lost”没有和任何层相连" in err
    assert "修正方法：删除 lost" in err


def test_lang_option_en_prints_english(bad_design, capsys):
    assert cli.main(["--lang=en", "validate", str(bad_design)]) == 1
    err = capsys.readouterr().err
    assert "'lost' is not connected to anything" in err
    assert not has_chinese(err)


def test_an_unknown_language_is_a_usage_error(bad_design, capsys):
    assert cli.main(["validate", str(bad_design), "--lang", "fr"]) == 2
    assert "--lang" in capsys.readouterr().err


@pytest.mark.parametrize(
    "environ",
    [{"LANG": "zh_CN.UTF-8"}, {"LC_ALL": "zh_CN.UTF-8"}, {"LANGUAGE": "zh_CN"}],
)
def test_a_chinese_locale_prints_chinese(bad_design, environ):
    result = run_validate(bad_design, **environ)
    assert result.returncode == 1
    assert "没有和任何层相连" in result.stderr


@pytest.mark.parametrize("environ", [{"LANG": "C"}, {"LANG": "en_US.UTF-8"}, {}])
def test_c_or_english_locale_prints_english(bad_design, environ):
    result = run_validate(bad_design, **environ)
    assert "is not connected to anything" in result.stderr
    assert not has_chinese(result.stderr)


def test_lang_option_overrides_the_locale(bad_design):
    result = run_validate(bad_design, lang_option="en", LANG="zh_CN.UTF-8")
    assert "is not connected to anything" in result.stderr


def test_a_broken_file_is_one_chinese_sentence(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    assert cli.main(["validate", str(path), "--lang", "zh_CN"]) == 1
    err = capsys.readouterr().err.strip()
    assert err.startswith(str(path)) and "这里需要 JSON" in err
    assert len(err.splitlines()) == 1


@pytest.fixture
def small_design(tmp_path):
    """A valid two-layer design on the circle data, quick to train."""
    design = Design(
        name="small",
        nodes=[
            Node("input", "Input", {"shape": [2]}, (0.0, 0.0)),
            Node("out", "Dense", {"units": 1, "activation": "sigmoid"}, (200.0, 0.0)),
        ],
        edges=[Edge("input", "out")],
        dataset={"name": "circle", "n_samples": 60},
        training={"loss": "binary_crossentropy", "batch_size": 20},
    )
    path = tmp_path / "small.json"
    path.write_text(dumps_design(design), encoding="utf-8")
    return path


def run_train(path, out, **environ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in i18n.ENVIRONMENT}
    env.update(environ)
    args = [sys.executable, "-m", "netdesigner", "train", str(path), "--epochs", "2"]
    args += ["--out", str(out)]
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)


def test_train_reports_progress_and_results_in_chinese(small_design, tmp_path):
    out = tmp_path / "trained.json"
    result = run_train(small_design, out, LANG="zh_CN.UTF-8")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[0].startswith("第 1/2 轮") and "训练集损失" in lines[0]
    assert lines[-1].startswith("训练了 2 轮：测试集损失")
    assert "测试集准确率" in lines[-1] and f"已写出 {out}" in lines[-1]
    words = result.stderr.replace(str(out), "")
    assert not any(word in words for word in ("epoch", "trained", "wrote")), words


def test_train_speaks_english_under_c(small_design, tmp_path):
    out = tmp_path / "trained.json"
    result = run_train(small_design, out, LANG="C")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("trained 2 epochs: test")
    assert not has_chinese(result.stderr)
