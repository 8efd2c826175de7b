"""The Qt-free core's translations: ``_("template {name}").format(name=...)``.

Every layer (engine, data, design, live, commands, cli) imports ``_`` from here.
Catalogs are gettext ``.mo`` files in ``resources/translations/``
(``netdesigner_zh_CN.mo``), compiled from the ``.po`` sources next to them by
``resources/translations/update.py``. The GUI's own strings use Qt's ``tr()`` and
``.qm`` files instead; ``netdesigner.gui.app`` sets both languages at start-up.

Messages are whole sentences with named values, never concatenated fragments, so
a translator can reorder them. ``N_`` marks a string for the catalog where it is
defined (a module constant) and ``_`` translates it where it is used.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from netdesigner.resources import resource_path

DOMAIN = "netdesigner"
#: the languages NetDesigner speaks; "en" is the source language (no catalog)
LANGUAGES = ("en", "zh_CN")
#: what each language is called in its own words (View ▸ Language, --lang's help)
LANGUAGE_NAMES = {"en": "English", "zh_CN": "简体中文"}
#: the environment variables that choose a language, first one set wins (gettext's)
ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current = {"language": ""}


def language_from_environment(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: "zh_CN" for any Chinese locale, else "en".

    ``LANGUAGE`` may list several (``zh_CN:en``); the first one we speak wins.
    "C" and "POSIX" are English.
    """
    environ = os.environ if environ is None else environ
    for variable in ENVIRONMENT:
        value = environ.get(variable, "")
        if not value:
            continue
        for name in value.split(":"):
            language = normalize_language(name)
            if language:
                return language
        return "en"
    return "en"


def normalize_language(name: str) -> str:
    """``"zh_CN.UTF-8"`` -> ``"zh_CN"``, ``"en_GB"`` -> ``"en"``; "" when unknown."""
    base = name.split(".")[0].split("@")[0].replace("-", "_").strip()
    if base.lower().startswith("zh"):
        return "zh_CN"
    if base.lower().startswith("en") or base in ("C", "POSIX"):
        return "en"
    return ""


def set_language(language: str | None) -> str:
    """Use ``language`` ("en", "zh_CN", a locale name, or None/"" for the locale's).

    Returns the language now in use. An unknown name is a ``ValueError``.
    """
    if language:
        chosen = normalize_language(language)
        if not chosen:
            names = ", ".join(LANGUAGES)
            raise ValueError(f"expected a language among {names}, found '{language}'")
    else:
        chosen = language_from_environment()
    _current["language"] = chosen
    return chosen


def current_language() -> str:
    """The language in use ("en" or "zh_CN"); the locale's until ``set_language``."""
    if not _current["language"]:
        _current["language"] = language_from_environment()
    return _current["language"]


def catalog_path(language: str) -> Path:
    """The compiled catalog of ``language``: ``resources/translations/*.mo``."""
    return resource_path("translations", f"{DOMAIN}_{language}.mo")


@cache
def _translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    try:
        with open(catalog_path(language), "rb") as file:
            return gettext.GNUTranslations(file)
    except OSError:  # a build without catalogs speaks English rather than fail
        return gettext.NullTranslations()


def _(message: str) -> str:
    """``message`` in the current language (itself when it has no translation).

    "" stays "" (gettext would answer with the catalog's header).
    """
    if not message:
        return message
    return _translations(current_language()).gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for the catalog without translating it yet."""
    return message
