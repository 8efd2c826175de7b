"""Tools ▸ Edit Lesson: a teacher writes a lesson's texts and goals in both languages.

Every text has an English and a 简体中文 version, side by side. OK applies the whole
lesson as one undoable edit through the Document; a lesson that does not hold
together (a goal without its number, a ``beats`` goal naming an unknown run) is
not applied, and the sentence from ``Lesson.from_dict`` says why. The lesson's run
variants are kept as they are.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from netdesigner.design.errors import DesignError
from netdesigner.design.lesson import LOCKABLE, METRICS, OPS, Lesson

LANGS = ("en", "zh_CN")
GOAL_COLUMNS = ("English", "简体中文", "metric", "op", "value", "run", "other")


def _text(data: dict[str, Any] | None) -> dict[str, str]:
    return {lang: (data or {}).get(lang, "") for lang in LANGS}


class LessonEditor(QDialog):
    """Edits the document's lesson (or a new one) and applies it as one edit."""

    def __init__(self, document: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.setWindowTitle(self.tr("Edit lesson"))
        lesson = document.design.lesson
        self.original = lesson.to_dict() if lesson is not None else None
        data = self.original or {
            "number": 1,
            "title": {"en": document.design.name, "zh_CN": document.design.name},
            "explanation": {"en": "", "zh_CN": ""},
        }
        self.number = QSpinBox(minimum=1, maximum=999)
        self.number.setValue(int(data.get("number", 1)))
        self.titles = {lang: QLineEdit(_text(data["title"])[lang]) for lang in LANGS}
        self.explanations = {
            lang: QPlainTextEdit(_text(data["explanation"])[lang]) for lang in LANGS
        }
        self.steps = self._table(("English", "简体中文"))
        for step in data.get("steps", []):
            self._add_row(self.steps, [step["en"], step["zh_CN"]])
        self.goals = self._table(GOAL_COLUMNS)
        for goal in data.get("goals", []):
            self.add_goal(goal)
        self.locks = {name: QCheckBox(name) for name in LOCKABLE}
        for name in data.get("locked", []):
            self.locks[name].setChecked(True)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020;")
        self._layout()
        self.resize(900, 640)

    # -- building ---------------------------------------------------------------------
    @staticmethod
    def _table(columns: tuple[str, ...]) -> QTableWidget:
        table = QTableWidget(0, len(columns))
        table.setHorizontalHeaderLabels(list(columns))
        table.horizontalHeader().setStretchLastSection(False)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        return table

    @staticmethod
    def _add_row(table: QTableWidget, cells: list[str]) -> int:
        row = table.rowCount()
        table.insertRow(row)
        for column, text in enumerate(cells):
            table.setItem(row, column, QTableWidgetItem(text))
        return row

    def add_goal(self, goal: dict[str, Any] | None = None) -> int:
        """A goal row (empty: test accuracy ≥ 0.9)."""
        goal = goal or {"metric": "test_accuracy", "op": ">=", "value": 0.9}
        text = _text(goal.get("text"))
        value = goal.get("value")
        cells = [
            text["en"],
            text["zh_CN"],
            "",
            "",
            "" if value is None else f"{value:g}",
            goal.get("run") or "",
            goal.get("other") or "",
        ]
        row = self._add_row(self.goals, cells)
        for column, choices, chosen in (
            (2, METRICS, goal.get("metric", "test_accuracy")),
            (3, OPS, goal.get("op", ">=")),
        ):
            box = QComboBox()
            box.addItems(list(choices))
            box.setCurrentText(chosen)
            self.goals.setCellWidget(row, column, box)
        return row

    def _layout(self) -> None:
        texts = QGridLayout()
        texts.addWidget(QLabel(self.tr("Number")), 0, 0)
        texts.addWidget(self.number, 0, 1)
        for column, lang in enumerate(LANGS, start=1):
            texts.addWidget(
                QLabel("English" if lang == "en" else "简体中文"), 1, column
            )
            texts.addWidget(self.titles[lang], 2, column)
            texts.addWidget(self.explanations[lang], 3, column)
        texts.addWidget(QLabel(self.tr("Title")), 2, 0)
        texts.addWidget(QLabel(self.tr("Explanation\n(Markdown, $formulas$)")), 3, 0)
        text_page = QWidget()
        text_page.setLayout(texts)
        tabs = QTabWidget()
        tabs.addTab(text_page, self.tr("Texts"))
        tabs.addTab(self._list_page(self.steps, self._add_step), self.tr("Steps"))
        tabs.addTab(self._list_page(self.goals, self.add_goal), self.tr("Goals"))
        lock_page = QWidget()
        grid = QGridLayout(lock_page)
        for k, box in enumerate(self.locks.values()):
            grid.addWidget(box, k // 3, k % 3)
        tabs.addTab(lock_page, self.tr("Locked in classroom mode"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._on_buttons_accepted)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(tabs, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _list_page(self, table: QTableWidget, add: Any) -> QWidget:
        page = QWidget()
        add_button = QPushButton(self.tr("Add"))
        add_button.clicked.connect(lambda _checked=False: add())
        remove_button = QPushButton(self.tr("Remove"))
        remove_button.clicked.connect(
            lambda _checked=False: table.removeRow(table.currentRow())
        )
        row = QHBoxLayout()
        row.addWidget(add_button)
        row.addWidget(remove_button)
        row.addStretch(1)
        layout = QVBoxLayout(page)
        layout.addWidget(table, 1)
        layout.addLayout(row)
        return page

    def _add_step(self) -> int:
        return self._add_row(self.steps, ["", ""])

    # -- reading ----------------------------------------------------------------------
    def lesson_dict(self) -> dict[str, Any]:
        """The lesson as the fields say (not yet checked)."""
        data: dict[str, Any] = {
            "number": self.number.value(),
            "title": {lang: self.titles[lang].text() for lang in LANGS},
            "explanation": {
                lang: self.explanations[lang].toPlainText() for lang in LANGS
            },
            "steps": [
                {
                    "en": self._cell(self.steps, r, 0),
                    "zh_CN": self._cell(self.steps, r, 1),
                }
                for r in range(self.steps.rowCount())
            ],
            "goals": [self._goal(r) for r in range(self.goals.rowCount())],
            "runs": (self.original or {}).get("runs", []),
            "locked": [name for name, box in self.locks.items() if box.isChecked()],
        }
        return data

    def _goal(self, row: int) -> dict[str, Any]:
        goal: dict[str, Any] = {
            "text": {
                "en": self._cell(self.goals, row, 0),
                "zh_CN": self._cell(self.goals, row, 1),
            },
            "metric": self.goals.cellWidget(row, 2).currentText(),
            "op": self.goals.cellWidget(row, 3).currentText(),
        }
        value = self._cell(self.goals, row, 4)
        if value:
            try:
                goal["value"] = float(value)
            except ValueError:
                goal["value"] = value  # from_dict says what is wrong
        for column, key in ((5, "run"), (6, "other")):
            if self._cell(self.goals, row, column):
                goal[key] = self._cell(self.goals, row, column)
        return goal

    @staticmethod
    def _cell(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text().strip() if item is not None else ""

    def apply(self) -> bool:
        """Check the lesson and set it as one undoable edit; False (and the reason
        shown) when it does not hold together."""
        try:
            lesson = Lesson.from_dict(self.lesson_dict())
        except DesignError as exc:
            self.error.setText(str(exc))
            return False
        self.error.setText("")
        self.document.set_setting("info", "lesson", lesson, text=self.tr("Edit lesson"))
        return True

    def _on_buttons_accepted(self) -> None:
        if self.apply():
            self.accept()
