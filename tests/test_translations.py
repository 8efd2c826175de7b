"""The translation catalogs: complete, current with their sources, same placeholders.

The core's gettext catalog (``.po`` -> ``.mo``) and the GUI's Qt catalog (``.ts`` ->
``.qm``) are committed; ``resources/translations/update.py`` rebuilds them.
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import string
from pathlib import Path

import pytest

from netdesigner import i18n

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"


def _load_update():
    spec = importlib.util.spec_from_file_location("update", FOLDER / "update.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


update = _load_update()


@pytest.fixture
def language():
    """Set a language for one test; English again afterwards."""
    yield i18n.set_language
    i18n.set_language("en")


def placeholders(text: str) -> set[str]:
    """The named values of a ``str.format`` template: "{n} of {total:,}" -> n, total."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_placeholders_are_parsed():
    assert placeholders("{count:,} of {total} {{not}}") == {"count", "total"}


@pytest.mark.parametrize("language_code", update.LANGUAGES)
def test_po_is_complete_with_the_same_named_values(language_code):
    entries = update.read_po(FOLDER / f"netdesigner_{language_code}.po")
    untranslated = [k for k, v in entries.items() if k and not v]
    assert not untranslated, f"translate these in the .po: {untranslated[:5]}"
    wrong = [
        (k, v) for k, v in entries.items() if k and placeholders(k) != placeholders(v)
    ]
    assert not wrong, f"named values differ: {wrong[:3]}"


@pytest.mark.parametrize("language_code", update.LANGUAGES)
def test_ts_is_complete_with_the_same_named_values(language_code):
    text = (FOLDER / f"netdesigner_{language_code}.ts").read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text, "pyside6-linguist shows what is left"
    pairs = re.findall(
        r"<source>([^<]*)</source>\s*(?:<extracomment>[^<]*</extracomment>\s*)?"
        r"<translation>([^<]*)</translation>",
        text,
    )
    assert pairs
    wrong = [(s, t) for s, t in pairs if placeholders(s) != placeholders(t)]
    assert not wrong, f"named values differ: {wrong[:3]}"


def test_catalogs_are_current_with_the_sources():
    """Every _() string is in the .po and the .mo is compiled from it (no lupdate)."""
    for language_code in update.LANGUAGES:
        po = FOLDER / f"netdesigner_{language_code}.po"
        messages = update.extract(update.core_sources())
        missing = sorted(set(messages) - set(update.read_po(po)))
        assert not missing, f"run resources/translations/update.py: {missing[:3]}"
        mo = FOLDER / f"netdesigner_{language_code}.mo"
        assert mo.read_bytes() == update.compile_mo(update.read_po(po))


@pytest.mark.skipif(
    not shutil.which("pyside6-lupdate")
    and not (Path(update.sys.executable).with_name("pyside6-lupdate")).exists(),
    reason="pyside6-lupdate is not installed",
)
def test_ts_and_qm_are_current_with_the_gui_sources():
    stale = [
        name
        for language_code in update.LANGUAGES
        for name in update.update_gui(language_code, check=True)
    ]
    assert not stale, "run python resources/translations/update.py and commit"


def test_the_mo_file_reads_back_with_gettext(tmp_path):
    import gettext

    path = tmp_path / "x.mo"
    header = "Content-Type: text/plain; charset=UTF-8\n"
    path.write_bytes(update.compile_mo({"": header, "a {n}": "甲 {n}", "b": ""}))
    with open(path, "rb") as file:
        catalog = gettext.GNUTranslations(file)
    assert catalog.gettext("a {n}") == "甲 {n}"
    assert catalog.gettext("b") == "b"  # untranslated stays English


def test_f_strings_in_underscore_are_refused(monkeypatch, tmp_path):
    source = tmp_path / "bad.py"
    source.write_text('x = 1\nmessage = _(f"found {x}")\n', encoding="utf-8")
    monkeypatch.setattr(update, "ROOT", tmp_path)  # names files relative to it
    with pytest.raises(ValueError, match="bad.py:2: expected one string literal"):
        update.extract([source])


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "zh_CN.UTF-8"}, "zh_CN"),
        ({"LC_ALL": "zh_CN.utf8", "LANG": "en_US.UTF-8"}, "zh_CN"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "C"}, "zh_CN"),
        ({"LANGUAGE": "fr:en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LC_MESSAGES": "POSIX", "LANG": "zh_CN.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_language_follows_the_environment_in_gettext_order(environ, expected):
    assert i18n.language_from_environment(environ) == expected


def test_messages_follow_the_chosen_language(language):
    template = "{file}: no such file"
    language("zh_CN")
    chinese = i18n._(template).format(file="a.json")
    language("en")
    english = i18n._(template).format(file="a.json")
    assert english == "a.json: no such file"
    assert chinese.startswith("a.json") and "文件不存在" in chinese


def test_an_unknown_language_is_refused(language):
    with pytest.raises(ValueError, match="zh_CN"):
        language("klingon")


def test_an_empty_text_stays_empty(language):
    language("zh_CN")
    assert i18n._("") == ""  # not the catalog's header


def test_engine_errors_outside_the_layers_speak_chinese(language):
    """A cycle (graph.py) and NaN inputs (the trainer's data checks) in Chinese."""
    import numpy as np

    from netdesigner.engine import Network, NodeSpec, Trainer
    from netdesigner.engine.errors import EngineError

    language("zh_CN")
    dense = {"units": 2}
    nodes = [NodeSpec("in", "Input", {"shape": [2]}), NodeSpec("a", "Add", {})]
    nodes += [NodeSpec("b", "Dense", dense), NodeSpec("out", "Dense", dense)]
    edges = [("in", "a"), ("b", "a"), ("a", "b"), ("b", "out")]
    with pytest.raises(EngineError, match="连线构成了一个环 'a' -> 'b' -> 'a'"):
        Network(nodes, edges)
    network = Network(nodes[:1] + nodes[3:], [("in", "out")])
    x = np.array([[0.0, np.nan], [1.0, 1.0]], dtype=np.float32)
    y = np.zeros((2, 2), dtype=np.float32)
    with pytest.raises(EngineError, match="训练集的输入中含有 NaN"):
        Trainer(network, "mean_squared_error", "sgd", x, y, batch_size=2)


def test_an_imported_files_description_speaks_chinese(language, tmp_path):
    from netdesigner.data.files import file_info

    path = tmp_path / "points.csv"
    path.write_text("x1,x2,label\n0,0,0\n1,1,1\n0,1,1\n", encoding="utf-8")
    language("zh_CN")
    assert file_info(path).description == f"从 {path} 导入。"
