"""The interface language: Qt translators, the saved choice and View ▸ Language.

The GUI's own strings go through ``tr()`` and ``resources/translations/
netdesigner_<lang>.qm``; Qt's standard buttons and dialogs through Qt's own
``qtbase_<lang>.qm`` (shipped with PySide6); the Qt-free core's messages (problems,
fixes, data errors) through ``netdesigner.i18n``. ``apply_language`` sets all three.

The choice is kept in QSettings under ``language`` ("" follows the locale) and
takes effect at the next start: the windows are built in one language.
"""

from __future__ import annotations

from PySide6.QtCore import (
    QCoreApplication,
    QLibraryInfo,
    QLocale,
    QSettings,
    QTranslator,
)
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMainWindow, QMenu

from netdesigner import i18n
from netdesigner.resources import resource_path

SETTINGS_KEY = "language"

#: the translators installed by ``apply_language`` (kept alive; Qt does not own them)
_installed: list[QTranslator] = []


def saved_language() -> str:
    """The language chosen in View ▸ Language ("" when the locale decides)."""
    value = QSettings().value(SETTINGS_KEY, "")
    return value if value in i18n.LANGUAGES else ""


def save_language(language: str) -> None:
    """Remember ``language`` ("en", "zh_CN" or "" for the locale's) for next time."""
    QSettings().setValue(SETTINGS_KEY, language)


def apply_language(language: str | None = None) -> str:
    """Use ``language`` (or the saved one, or the locale's) everywhere; it.

    Removes the translators a previous call installed, so tests can switch.
    """
    chosen = i18n.set_language(language or saved_language() or None)
    app = QCoreApplication.instance()
    for translator in _installed:
        if app is not None:
            app.removeTranslator(translator)
    _installed.clear()
    if chosen != "en" and app is not None:
        for folder, name in (
            (QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath), "qtbase"),
            (str(resource_path("translations")), i18n.DOMAIN),
        ):
            translator = QTranslator(app)
            if translator.load(f"{name}_{chosen}", folder):
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(QLocale(chosen if chosen != "en" else "en_US"))
    return chosen


def add_language_menu(window: QMainWindow, view_menu: QMenu) -> QMenu:
    """View ▸ Language: English, 简体中文; the choice applies at the next start."""
    menu = view_menu.addMenu(QCoreApplication.translate("Language", "&Language"))
    menu.setObjectName("language_menu")
    group = QActionGroup(menu)
    current = i18n.current_language()
    for language in i18n.LANGUAGES:
        # each language is named in its own words, so anyone can find theirs
        action = QAction(i18n.LANGUAGE_NAMES[language], menu)
        action.setCheckable(True)
        action.setChecked(language == current)
        action.setData(language)
        group.addAction(action)
        menu.addAction(action)
    group.triggered.connect(lambda action: _on_language_chosen(window, action))
    return menu


def _on_language_chosen(window: QMainWindow, action: QAction) -> None:
    language = action.data()
    save_language(language)
    if language == i18n.current_language():
        return
    text = QCoreApplication.translate(
        "Language", "NetDesigner will speak {language} from the next start."
    ).format(language=i18n.LANGUAGE_NAMES[language])
    window.show_message(text, 10000)
