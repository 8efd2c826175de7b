"""The interface in 简体中文: translators, View ▸ Language, and no unmarked strings.

``UNMARKED_SCAN`` is every GUI file: their user-visible string literals must go
through ``tr()`` / ``QCoreApplication.translate``.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDockWidget

from netdesigner import i18n
from netdesigner.design import catalog
from netdesigner.gui import language
from tests.gui.conftest import playground_design

GUI = Path(language.__file__).resolve().parent

UNMARKED_SCAN = sorted(p.relative_to(GUI).as_posix() for p in GUI.rglob("*.py"))

#: calls whose string arguments a user reads
SHOWN = {
    "setText",
    "setWindowTitle",
    "setToolTip",
    "setStatusTip",
    "setPlaceholderText",
    "addMenu",
    "addToolBar",
    "QAction",
    "QMenu",
    "QLabel",
    "QPushButton",
    "QDockWidget",
    "AutoHideToolBar",
    "information",
    "warning",
    "critical",
    "question",
    "getText",
    "show_message",
    "showMessage",
    "show_error",
    "macro",
    "QCheckBox",
    "QGroupBox",
    "QRadioButton",
    "QToolButton",
    "addRow",
    "addItem",
    "addItems",
    "addAction",
    "addTab",
    "setTabText",
    "setTitle",
    "setHeaderLabels",
    "setHorizontalHeaderLabels",
    "setSpecialValueText",
    "setSuffix",
    "setPrefix",
    "setLabelText",
    "setInformativeText",
    "setWhatsThis",
    "getOpenFileName",
    "getSaveFileName",
    "getExistingDirectory",
    "getDouble",
    "getInt",
    "getItem",
}
#: tf.keras argument names, shown as the student types them
KERAS_NAMES = {p.name for spec in catalog.CATALOG.values() for p in spec.params} | {
    "trainable"
}
#: calls that mark a string for translation
MARKERS = {"tr", "translate", "QT_TRANSLATE_NOOP", "QT_TR_NOOP"}


def has_chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.fixture
def chinese(qapp):
    """The interface in Chinese for one test; English again afterwards."""
    assert language.apply_language("zh_CN") == "zh_CN"
    yield
    language.apply_language("en")


def unmarked_strings(source: str, filename: str) -> list[str]:
    """``file:line: text`` for each literal shown to the user without ``tr()``."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _name(node.func) not in SHOWN:
            continue
        for arg in [*node.args, *(k.value for k in node.keywords)]:
            if _is_words(arg):
                found.append(f"{filename}:{node.lineno}: {ast.unparse(arg)}")
    return found


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    return func.id if isinstance(func, ast.Name) else ""


def _is_words(arg: ast.expr) -> bool:
    """A string literal or f-string with words in it (not wrapped in a marker).

    HTML tags, entities and ``&`` shortcuts are not words; tf.keras argument names
    stay English.
    """
    if isinstance(arg, ast.Call) and _name(arg.func) in MARKERS:
        return False
    if isinstance(arg, ast.JoinedStr):
        parts = [v.value for v in arg.values if isinstance(v, ast.Constant)]
        return _has_words("".join(parts))
    return (
        isinstance(arg, ast.Constant)
        and isinstance(arg.value, str)
        and arg.value not in KERAS_NAMES
        and _has_words(arg.value)
    )


def _has_words(text: str) -> bool:
    text = re.sub(r"<[^>]*>|&\w+;|&", " ", text)
    return any(c.isalpha() for c in text)


@pytest.mark.parametrize("name", UNMARKED_SCAN)
def test_shown_strings_are_marked_for_translation(name):
    path = GUI / name
    assert unmarked_strings(path.read_text(encoding="utf-8"), name) == []


def test_the_scan_finds_unmarked_strings():
    source = (
        "menu.addMenu('&File')\n"
        "self.setWindowTitle(f'{name} here')\n"
        "menu.addMenu(self.tr('&Edit'))\n"
        "QAction(QCoreApplication.translate('Actions', '&New'), self)\n"
        "bar.addToolBar('')\n"
        "form.addRow('units', box)\n"
        "label.setText(f'<b>{name}</b>&nbsp;')\n"
        "label.setText(f'<b>{name}</b> units')\n"
    )
    assert unmarked_strings(source, "x.py") == [
        "x.py:1: '&File'",
        "x.py:2: f'{name} here'",
        "x.py:8: f'<b>{name}</b> units'",
    ]


def test_menus_and_dock_titles_are_chinese(chinese, qtbot, dialogs):
    from netdesigner.gui.main_window import MainWindow

    window = MainWindow(playground_design())
    qtbot.addWidget(window)
    try:
        titles = [a.text() for a in window.menuBar().actions() if a.text()]
        assert titles and all(has_chinese(t) for t in titles), titles
        entries = [
            a.text()
            for a in window.menuBar().actions()
            for a in a.menu().actions()
            if a.text() and not a.isSeparator()
        ]
        english_names = [t for t in entries if not has_chinese(t)]
        # the languages are named in their own words; Export lists file formats
        assert set(english_names) <= {"English"} | _export_entries(window), entries
        docks = window.findChildren(QDockWidget)
        assert docks and all(has_chinese(d.windowTitle()) for d in docks), [
            d.windowTitle() for d in docks
        ]
    finally:
        window.close()


def _export_entries(window) -> set[str]:
    return {a.text() for a in window.export_menu.actions()}


def test_english_stays_english(qtbot, dialogs, qapp):
    from netdesigner.gui.main_window import MainWindow

    language.apply_language("en")
    window = MainWindow(playground_design())
    qtbot.addWidget(window)
    titles = [a.text() for a in window.menuBar().actions()]
    assert "&File" in titles and not any(has_chinese(t) for t in titles)
    window.close()


def test_qt_standard_buttons_are_chinese(chinese):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    text = box.button(QDialogButtonBox.StandardButton.Cancel).text()
    box.deleteLater()
    assert has_chinese(text), text


def test_core_messages_follow_the_interface_language(chinese):
    assert i18n.current_language() == "zh_CN"
    assert has_chinese(i18n._("{file}: no such file"))


def test_language_menu_remembers_the_choice_for_the_next_start(window):
    menu = window.findChild(type(window.menus["view"]), "language_menu")
    chinese = next(a for a in menu.actions() if a.data() == "zh_CN")
    chinese.trigger()
    assert QSettings().value(language.SETTINGS_KEY) == "zh_CN"
    assert "简体中文" in window.status.currentMessage()
    assert i18n.current_language() == "en"  # applies at the next start
    assert language.apply_language() == "zh_CN"
    language.apply_language("en")
    QSettings().remove(language.SETTINGS_KEY)


#: English words that stay English in the Chinese interface: layer types, tf.keras
#: argument and value names, data set and feature names, and proper names
KEEP_ENGLISH = {
    *catalog.CATALOG,
    *KERAS_NAMES,
    "Neuron",
    "lr",
    "RMSE",
    "NetDesigner",
    "Playground",
    "TensorFlow",
    "Keras",
    "PyTorch",
    "tf",
    "keras",
    "min_delta",
    "patience",
}


def _words(text: str) -> list[str]:
    """The English words of a widget's text (HTML tags and entities removed)."""
    text = re.sub(r"<[^>]*>|&\w+;|&", " ", text)
    return re.findall(r"[A-Za-z][A-Za-z_0-9]*[A-Za-z]", text)


def _allowed_english(window) -> set[str]:
    """KEEP_ENGLISH plus the names the open design and its data set use."""
    from netdesigner.data import DATASETS, FEATURES
    from netdesigner.design import defaults

    design = window.document.design
    names = set(KEEP_ENGLISH) | set(DATASETS.names()) | set(FEATURES)
    names |= {k for args in defaults.OPTIMIZER_DEFAULTS.values() for k in args}
    names |= {n.id for n in design.nodes} | {
        str(v) for n in design.nodes for v in n.params.values()
    }
    names |= set(defaults.resolved_dataset(design).get("features") or [])
    training = defaults.resolved_training(design)
    names |= {str(training["loss"]), str(training["optimizer"]["type"])}
    return {w for name in names for w in _words(str(name))} | names


def untranslated_texts(root, allowed: set[str]) -> list[str]:
    """Texts of visible labels, buttons, check boxes and group boxes under ``root``
    that hold English words beyond ``allowed`` and no Chinese."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel

    found = []
    for kind in (QLabel, QAbstractButton, QGroupBox):
        for widget in root.findChildren(kind):
            if not widget.isVisibleTo(root):
                continue
            text = widget.title() if kind is QGroupBox else widget.text()
            english = [w for w in _words(text) if w not in allowed]
            if english and not has_chinese(text):
                found.append(f"{type(widget).__name__}: {text!r}")
    return found


def test_the_scan_of_widgets_finds_english(qapp):
    from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

    root = QWidget()
    layout = QVBoxLayout(root)
    for widget in (
        QLabel("学习率"),
        QLabel("Dense 全连接层"),
        QLabel("units"),
        QLabel("50%"),
        QPushButton("Reset"),
        QLabel("<b>Loss</b>"),
    ):
        layout.addWidget(widget)  # fmt: skip
    try:
        found = untranslated_texts(root, {"units"})
        assert found == ["QLabel: '<b>Loss</b>'", "QPushButton: 'Reset'"]
    finally:
        root.deleteLater()


def test_panels_buttons_and_labels_are_chinese(chinese, qtbot, dialogs):
    """The real window under zh_CN: menus, panel titles, and the labels and buttons
    of the Training, Data and Properties panels (a layer selected and not)."""
    from netdesigner.gui.app import install_extensions, stop_training
    from netdesigner.gui.main_window import MainWindow

    window = MainWindow(playground_design())
    qtbot.addWidget(window)
    install_extensions(window)
    window.resize(1366, 768)
    window.show()
    try:
        allowed = _allowed_english(window)
        docks = window.findChildren(QDockWidget)
        assert all(has_chinese(d.windowTitle()) for d in docks), [
            d.windowTitle() for d in docks
        ]
        found = untranslated_texts(window, allowed)
        window.properties.show_selection(["hidden_1"])
        found += untranslated_texts(window.properties, allowed)
        assert found == [], "\n".join(found)
        titles = [d.windowTitle() for d in docks]
        assert {"训练", "数据", "属性"} <= set(titles), titles
        _assert_palette_entries_fit(window.palette.tree)
    finally:
        window.close()
        assert stop_training(window)


def _assert_palette_entries_fit(tree) -> None:
    """Every entry shows the tf.keras type with its Chinese name, uncut."""
    entries = tree.entries()
    assert "Dense 全连接层" in [e.text(0) for e in entries]
    metrics = tree.fontMetrics()
    room = tree.viewport().width() - tree.iconSize().width() - tree.indentation() - 8
    for entry in entries:
        widest = max(
            metrics.horizontalAdvance(line) for line in entry.text(0).split("\n")
        )
        assert widest <= room, (entry.text(0), widest, room)
