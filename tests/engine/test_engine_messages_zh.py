"""The argument errors of optimizers, learning-rate schedules, regularizers and
initializers, and the registries' unknown names, speak the chosen language:
English sentences under "en", Chinese ones (same found value) under "zh_CN"."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import numpy as np
import pytest

from netdesigner import i18n
from netdesigner.engine.errors import EngineError
from netdesigner.engine.initializers import initialize
from netdesigner.engine.layers import LAYERS, create_layer
from netdesigner.engine.optimizers import create_optimizer
from netdesigner.engine.regularizers import create_regularizer
from netdesigner.engine.schedules import create_schedule

ENGINE = Path(__file__).resolve().parents[2] / "netdesigner" / "engine"
MODULES = (
    "optimizers.py",
    "optimizers_adaptive.py",
    "optimizer_base.py",
    "schedules.py",
    "regularizers.py",
    "initializers.py",
    "registry.py",
)
#: words of the English sentences that a Chinese one must not keep
ENGLISH_GLUE = re.compile(r"expected|found|must|does not|takes|cannot|schedule")


@pytest.fixture
def language():
    """Set a language for one test; English again afterwards."""
    yield i18n.set_language
    i18n.set_language("en")


def _message(make) -> str:
    with pytest.raises(EngineError) as info:
        make()
    return str(info.value)


# (what raises, the English sentence, Chinese words, the found value)
CASES = {
    "optimizer: a number out of range": (
        lambda: create_optimizer({"type": "sgd", "learning_rate": -1}),
        "sgd: 'learning_rate' expected a number in [0, 1e+06], found -1",
        ("优化器 sgd", "参数“learning_rate”", "范围内的数", "实际为"),
        "-1",
    ),
    "optimizer: not true or false": (
        lambda: create_optimizer({"type": "adam", "amsgrad": "yes"}),
        "adam: 'amsgrad' expected true or false, found 'yes'",
        ("优化器 adam", "参数“amsgrad”", "应为 true 或 false"),
        "'yes'",
    ),
    "optimizer: an unknown argument": (
        lambda: create_optimizer({"type": "sgd", "beta_3": 0.5}),
        "optimizer 'sgd' does not take 'beta_3'; its arguments are learning_rate, "
        "momentum, nesterov, clipnorm, global_clipnorm, clipvalue",
        ("优化器 sgd 没有参数", "它的参数有 learning_rate"),
        "'beta_3'",
    ),
    "registry: an unknown optimizer": (
        lambda: create_optimizer({"type": "adamax"}),
        "unknown optimizer 'adamax'; expected one of: adagrad, adam, adamw, rmsprop, "
        "sgd",
        ("未知的优化器", "应为以下之一"),
        "adamax",
    ),
    "registry: an unknown layer type": (
        lambda: create_layer("Dense2", {}),
        "unknown layer 'Dense2'; expected one of: " + ", ".join(sorted(LAYERS.names())),
        ("未知的层", "应为以下之一"),
        "Dense2",
    ),
    "schedule: a whole number too small": (
        lambda: create_schedule({"type": "step", "drop_every": 0}),
        "step schedule: 'drop_every' expected a whole number of at least 1, found 0",
        ("学习率调度 step", "参数“drop_every”", "不小于 1 的整数"),
        "0",
    ),
    "schedule: values and boundaries": (
        lambda: create_schedule(
            {"type": "piecewise_constant_decay", "boundaries": [1], "values": [0.1]}
        ),
        "piecewise_constant_decay schedule: 'values' needs one rate more than "
        "'boundaries', found [0.1] and [1]",
        ("学习率调度 piecewise_constant_decay", "多一个学习率"),
        "[0.1] 和 [1]",
    ),
    "regularizer: a negative strength": (
        lambda: create_regularizer({"l2": -0.5}),
        "regularizer 'l2' expected a number >= 0, found -0.5",
        ("正则化参数“l2”", "不小于 0 的数"),
        "-0.5",
    ),
    "regularizer: an unknown form": (
        lambda: create_regularizer("l3"),
        "a kernel_regularizer must be None, 'l1', 'l2', 'l1_l2' or a dict like "
        "{'l2': 0.01}, found 'l3'",
        ("kernel_regularizer（正则化）", "或形如 {'l2': 0.01} 的字典"),
        "'l3'",
    ),
    "regularizer: a layer's argument": (
        lambda: create_layer("Dense", {"units": 3, "kernel_regularizer": "l3"}),
        "Dense: argument 'kernel_regularizer' expected None, 'l1', 'l2', 'l1_l2' or "
        "a dict like {'l2': 0.01}, found 'l3'",
        ("参数“kernel_regularizer”", "或形如 {'l2': 0.01} 的字典"),
        "'l3'",
    ),
    "initializer: an unknown argument": (
        lambda: initialize(
            {"type": "constant", "valu": 1}, (2,), np.random.default_rng(0)
        ),
        "initializer 'constant' does not take 'valu'; its arguments are value",
        ("初始化器 constant 没有参数", "它的参数有 value"),
        "'valu'",
    ),
    "initializer: neither a name nor a dict": (
        lambda: initialize(3, (2,), np.random.default_rng(0)),
        "an initializer must be a name such as 'glorot_uniform' or a dict like "
        "{'type': 'he_normal'}, found 3",
        ("初始化器应为名称", "的字典"),
        "实际为 3",
    ),
    "initializer: a text where a number goes": (
        lambda: initialize(
            {"type": "random_uniform", "minval": "a"}, (2,), np.random.default_rng(0)
        ),
        "initializer 'random_uniform' cannot draw weights with the arguments "
        "{'minval': 'a'}",
        ("初始化器 random_uniform 无法用参数", "生成权重"),
        "{'minval': 'a'}",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_message_is_english_under_en(case, language):
    make, english, _chinese_words, _found = CASES[case]
    language("en")
    assert _message(make) == english


@pytest.mark.parametrize("case", list(CASES))
def test_the_message_is_chinese_under_zh_cn(case, language):
    make, _english, chinese_words, found = CASES[case]
    language("zh_CN")
    message = _message(make)
    for words in chinese_words:
        assert words in message
    assert found in message
    assert not ENGLISH_GLUE.search(message), message


@pytest.mark.parametrize("module", MODULES)
def test_every_engine_error_of_these_modules_is_a_translated_template(module):
    """No EngineError of these modules is built from an f-string or a bare literal:
    such a message would stay English whatever the language."""
    source = ENGINE / module
    tree = ast.parse(source.read_text(encoding="utf-8"))
    raw = [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "EngineError"
        and node.args
        and isinstance(node.args[0], ast.JoinedStr | ast.Constant | ast.BinOp)
    ]
    assert not raw, f"{module}: untranslated EngineError on lines {raw}"
