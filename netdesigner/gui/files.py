"""Opening and saving designs, recent files and the sample menu.

Every dialog goes through a method of ``FileController`` or ``dialogs`` so tests can
replace it. A file that fails to load leaves the current design untouched and shows
the loader's one-sentence message; so does a design whose weights file fails, since
both are read before the open design is replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMenu

from netdesigner.design.data_paths import absolute_data_paths, relative_data_paths
from netdesigner.design.model import Design
from netdesigner.gui import backend
from netdesigner.gui.dialogs import Confirm
from netdesigner.i18n import current_language
from netdesigner.resources import resources_dir

if TYPE_CHECKING:
    from netdesigner.gui.main_window import MainWindow

FILE_FILTER = QT_TRANSLATE_NOOP("Files", "NetDesigner designs (*.json);;All files (*)")
MAX_RECENT = 8
RECENT_KEY = "files/recent"


def samples_dir() -> Path | None:
    """The repository's samples/ folder (beside resources/), if present."""
    try:
        folder = resources_dir().parent / "samples"
    except FileNotFoundError:
        return None
    return folder if folder.is_dir() else None


def _kinds(data: dict) -> set[str]:
    return {str(n.get("type")) for n in data.get("nodes", []) if isinstance(n, dict)}


def _is_image(data: dict) -> bool:
    for node in data.get("nodes", []):
        shape = node.get("params", {}).get("shape") if isinstance(node, dict) else None
        if node.get("type") == "Input" and isinstance(shape, list) and len(shape) == 3:
            return True
    return False


def _is_perceptron(data: dict) -> bool:
    dense = [n for n in data.get("nodes", []) if n.get("type") == "Dense"]
    return len(dense) == 1 and _kinds(data) <= {"Input", "Dense"}


#: the course's lessons, for designs whose description starts "Lesson N: ..." but
#: carry no ``lesson`` object (a sample's ``lesson.number`` and ``title`` win)
COURSE = {
    1: QT_TRANSLATE_NOOP("Files", "1. TensorFlow basics: linear regression"),
    2: QT_TRANSLATE_NOOP("Files", "2. Logistic regression"),
    3: QT_TRANSLATE_NOOP("Files", "3. The perceptron"),
    4: QT_TRANSLATE_NOOP("Files", "4. TensorFlow Playground"),
    5: QT_TRANSLATE_NOOP("Files", "5. Softmax and cross-entropy"),
    6: QT_TRANSLATE_NOOP("Files", "6. Gradient descent"),
    7: QT_TRANSLATE_NOOP("Files", "7. Why deep networks"),
    8: QT_TRANSLATE_NOOP("Files", "8. Multi-layer networks in tf.keras"),
    9: QT_TRANSLATE_NOOP("Files", "9. CNNs and LeNet-5"),
    10: QT_TRANSLATE_NOOP("Files", "10. Batch normalization and tuning"),
    11: QT_TRANSLATE_NOOP("Files", "11. Transfer learning"),
}
#: groups for designs without a lesson number: (menu title, test on the JSON)
LESSONS: list[tuple[str, Callable[[dict], bool]]] = [
    (QT_TRANSLATE_NOOP("Files", "Perceptron"), _is_perceptron),
    (
        QT_TRANSLATE_NOOP("Files", "Convolutional networks"),
        lambda d: "Conv2D" in _kinds(d),
    ),
    (QT_TRANSLATE_NOOP("Files", "Images with dense layers"), _is_image),
    (QT_TRANSLATE_NOOP("Files", "Hidden layers on 2-D data"), lambda d: True),
]


def lesson_title(data: dict) -> str:
    """The menu group of a design: its lesson ("N. title" from ``lesson``, in the
    language in use), else its course lesson ("Lesson 4: ..." in the description),
    else a group guessed from its layers."""
    number = lesson_number(data)
    title = data["lesson"].get("title") if number is not None else None
    if isinstance(title, dict) and isinstance(title.get("en"), str):
        text = title.get(current_language()) or title["en"]
        return f"{number}. {text}"
    found = re.match(r"\s*Lesson (\d+):", str(data.get("description") or ""))
    if found and int(found.group(1)) in COURSE:
        return COURSE[int(found.group(1))]
    return next(title for title, test in LESSONS if test(data))


def lesson_number(data: dict) -> int | None:
    """``lesson.number`` of a design's JSON, else N of a "Lesson N:" description."""
    lesson = data.get("lesson")
    number = lesson.get("number") if isinstance(lesson, dict) else None
    if isinstance(number, int) and not isinstance(number, bool):
        return number
    found = re.match(r"\s*Lesson (\d+):", str(data.get("description") or ""))
    return int(found.group(1)) if found else None


def list_samples() -> dict[str, list[tuple[str, Path]]]:
    """Lesson title -> [(design name, path)], in lesson and file-name order."""
    folder = samples_dir()
    found: list[tuple[int, str, str, Path]] = []
    for path in sorted(folder.glob("*.json")) if folder else []:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict):
            continue
        number = lesson_number(data)
        rank = number if number is not None else 10**6  # guessed groups go last
        title = lesson_title(data)
        found.append((rank, title, str(data.get("name") or path.stem), path))
    guessed = [title for title, _ in LESSONS]
    found.sort(key=lambda item: (item[0], _guess_rank(guessed, item[1])))
    groups: dict[str, list[tuple[str, Path]]] = {}
    for _rank, title, name, path in found:
        groups.setdefault(title, []).append((name, path))
    return groups


def _guess_rank(guessed: list[str], title: str) -> int:
    return guessed.index(title) if title in guessed else -1


class FileController(QObject):
    """File menu behaviour for one main window."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.doc = window.document

    # ----------------------------------------------------------- dialogs (replaceable)
    def ask_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Open design"),
            self._folder(),
            QCoreApplication.translate("Files", FILE_FILTER),
        )
        return path or None

    def ask_save_path(self) -> str | None:
        suggestion = str(Path(self._folder()) / f"{self.doc.design.name}.json")
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            self.tr("Save design as"),
            suggestion,
            QCoreApplication.translate("Files", FILE_FILTER),
        )
        if path and not path.lower().endswith(".json"):
            path += ".json"
        return path or None

    def ask_import_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            self.tr("Import tf.keras code or model"),
            self._folder(),
            self.tr("tf.keras code or Keras 3 models (*.py *.keras);;All files (*)"),
        )
        return path or None

    def _folder(self) -> str:
        if self.doc.file_path:
            return str(self.doc.file_path.parent)
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    # ----------------------------------------------------------- commands
    def maybe_save(self) -> bool:
        """Ask about unsaved changes; True when the caller may go on."""
        if not self.doc.is_modified():
            return True
        answer = Confirm.save_changes(self.window, self.doc.display_name())
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_design(self) -> None:
        if self.maybe_save():
            self.doc.reset(Design(name="Untitled"))
            self.window.after_document_reset()

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path = self.ask_open_path()
        if path:
            self.open_path(path, ask=False)

    def import_dialog(self) -> None:
        """File ▸ Import ▸ tf.keras Code…: ask for a .py or .keras file, import it."""
        if not self.maybe_save():
            return
        path = self.ask_import_path()
        if path:
            self.import_path(path)

    def import_path(self, path: str | Path) -> bool:
        """Open tf.keras code or a ``.keras`` file as a new, unsaved design.

        Code the importer cannot express shows its one sentence (with the line)
        and keeps the open design.
        """
        try:
            design, weights = backend.import_model(path)
        except backend.DesignError as exc:
            self.window.show_error(self.tr("Could not import the model"), str(exc))
            return False
        self.doc.reset(design)
        if weights:
            self.doc.set_trained_weights(weights)
        self.doc.mark_modified()  # nothing of it is saved yet
        self.window.after_document_reset()
        self.window.show_message(
            self.tr("Imported {file} as a new design").format(file=Path(path).name)
        )
        return True

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open ``path``; on failure show the loader's message and keep the design."""
        if ask and not self.maybe_save():
            return False
        # both files are read before the open design is replaced
        try:
            design = backend.load_design(path)
            # an imported data file is named relative to the design on disk,
            # absolute while the design is open (see design.data_paths)
            design = absolute_data_paths(design, Path(path).parent)
            weights, weights_problem = self._read_weights(Path(path), design)
        except backend.DesignError as exc:
            self.window.show_error(self.tr("Could not open the design"), str(exc))
            return False
        except OSError as exc:
            self.window.show_error(
                self.tr("Could not open the design"),
                self.tr("{file}: {reason}.").format(file=path, reason=exc.strerror),
            )
            return False
        self.doc.reset(design, path)
        if weights:
            self.doc.set_trained_weights(weights)
        self.add_recent(path)
        self.window.after_document_reset()
        if weights_problem:
            self.window.show_error(
                self.tr("The trained weights were not loaded"), weights_problem
            )
        return True

    def _read_weights(self, path: Path, design: Design) -> tuple[dict, str]:
        """The trained weights beside ``path`` ({} when there are none), and why
        they were left out ("" when they loaded or there are none).

        Weights that do not fit the design (or a damaged or hostile file) do not
        stop the design from opening: it opens without them, trains from fresh
        weights, and the file stays as it is until trained weights are saved.
        """
        weights_file = backend.weights_path(path)
        if not weights_file.exists():
            return {}, ""
        try:
            return backend.load_weights(weights_file, design), ""
        except backend.DesignError as exc:
            return {}, self.tr(
                "{reason}; the design opened without them and trains from fresh "
                "weights ({file} is kept until trained weights are saved)"
            ).format(reason=str(exc).rstrip(".。"), file=weights_file.name)

    def save(self) -> bool:
        if self.doc.file_path is None:
            return self.save_as()
        return self.write(self.doc.file_path)

    def save_as(self) -> bool:
        path = self.ask_save_path()
        return self.write(path) if path else False

    def write(self, path: str | Path) -> bool:
        """Save the design (and trained weights, if any) to ``path``."""
        try:
            design = relative_data_paths(self.doc.for_saving(), Path(path).parent)
            backend.save_design(design, path)
            if self.doc.weights:
                backend.save_weights(backend.weights_path(path), self.doc.weights)
        except backend.DesignError as exc:
            self.window.show_error(self.tr("Could not save the design"), str(exc))
            return False
        except OSError as exc:
            self.window.show_error(
                self.tr("Could not save the design"),
                self.tr("{file}: {reason}.").format(file=path, reason=exc.strerror),
            )
            return False
        self.doc.set_file_path(path)
        self.doc.mark_clean()
        self.add_recent(path)
        self.window.show_message(self.tr("Saved {file}").format(file=Path(path).name))
        return True

    # ----------------------------------------------------------- recent files
    def recent_files(self) -> list[str]:
        value = QSettings().value(RECENT_KEY, [])
        items = [value] if isinstance(value, str) else list(value or [])
        return [str(v) for v in items if v]

    def add_recent(self, path: str | Path) -> None:
        path = str(Path(path).resolve())
        items = [path] + [p for p in self.recent_files() if p != path]
        QSettings().setValue(RECENT_KEY, items[:MAX_RECENT])

    def fill_recent_menu(self, menu: QMenu) -> None:
        menu.clear()
        items = [p for p in self.recent_files() if Path(p).exists()]
        for i, path in enumerate(items):
            action = menu.addAction(f"&{i + 1} {Path(path).name}")
            action.setToolTip(path)
            action.triggered.connect(lambda _c=False, p=path: self.open_path(p))
        if not items:
            menu.addAction(self.tr("No recent files")).setEnabled(False)
            return
        menu.addSeparator()
        menu.addAction(self.tr("Clear Menu")).triggered.connect(
            lambda _c=False: QSettings().setValue(RECENT_KEY, [])
        )

    def fill_samples_menu(self, menu: QMenu) -> None:
        menu.clear()
        groups = list_samples()
        for title, items in groups.items():
            submenu = menu.addMenu(QCoreApplication.translate("Files", title))
            for name, path in items:
                action = submenu.addAction(name)
                action.setToolTip(str(path))
                action.triggered.connect(lambda _c=False, p=path: self.open_sample(p))
        if not groups:
            menu.addAction(self.tr("No samples installed")).setEnabled(False)

    def open_sample(self, path: Path) -> bool:
        """Open a sample as an untitled copy, so saving never overwrites it."""
        if not self.open_path(path):
            return False
        self.doc.set_file_path(None)
        return True
