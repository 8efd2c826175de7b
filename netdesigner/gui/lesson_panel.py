"""The Lesson panel: a lesson card a student reads beside the network.

Read-only: the lesson's number and title, its explanation (Markdown with formulas,
``lesson_text``), the numbered steps and the goals, each ticked when a run reaches
it. The texts follow the app's language (English or 简体中文).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from netdesigner.design.lesson import Lesson
from netdesigner.gui.lesson_text import markdown_to_html
from netdesigner.live.goals import GoalResult

MET_COLOUR = "#1a7f37"
OPEN_COLOUR = "#57606a"


class LessonPanel(QWidget):
    """Shows one lesson (or a hint when the design has none).

    Signals
    -------
    goal_reached(str) : a goal's text, the moment it is first ticked.
    """

    goal_reached = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lesson: Lesson | None = None
        self.language = "en"
        self.results: list[GoalResult] = []
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.progress = QLabel()
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.document().setDocumentMargin(6)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addWidget(self.browser, 1)
        self.show_lesson(None)

    # -- what is shown ----------------------------------------------------------------
    def show_lesson(self, lesson: Lesson | None, language: str = "en") -> None:
        """Show ``lesson`` in ``language`` ("en" or "zh_CN"), goals not yet met."""
        self.lesson, self.language = lesson, language
        self.results = []
        self._render(keep_scroll=False)

    def show_results(self, results: Sequence[GoalResult]) -> list[str]:
        """Tick the goals ``results`` say are met; the texts of newly met ones
        (each also sent as ``goal_reached``)."""
        before = {i for i, r in enumerate(self.results) if r.met}
        self.results = list(results)
        new = [
            r.goal.text.get(self.language)
            for i, r in enumerate(self.results)
            if r.met and i not in before
        ]
        changed = before != {i for i, r in enumerate(self.results) if r.met}
        if changed or new:
            self._render(keep_scroll=True)
        for text in new:
            self.goal_reached.emit(text)
        return new

    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met)

    def _render(self, keep_scroll: bool) -> None:
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        lesson = self.lesson
        if lesson is None:
            self.title.setText(self.tr("No lesson"))
            self.progress.setText("")
            self.browser.setHtml(
                "<p>"
                + html.escape(
                    self.tr(
                        "This design has no lesson. Open a sample from File ▸ Open "
                        "Sample to follow the course, or write one with Tools ▸ "
                        "Edit Lesson."
                    )
                )
                + "</p>"
            )
            return
        lang = self.language
        self.title.setText(
            self.tr("Lesson {number} · {title}").format(
                number=lesson.number, title=lesson.title.get(lang)
            )
        )
        self.progress.setText(self._progress_text())
        self.browser.setHtml(self._body_html())
        if keep_scroll:
            bar.setValue(position)

    def _progress_text(self) -> str:
        goals = len(self.lesson.goals) if self.lesson else 0
        if not goals:
            return ""
        return self.tr("Goals reached: {met} of {total}").format(
            met=self.met_count(), total=goals
        )

    def _body_html(self) -> str:
        lesson, lang = self.lesson, self.language
        assert lesson is not None
        parts = [markdown_to_html(lesson.explanation.get(lang))]
        if lesson.steps:
            steps = html.escape(self.tr("Steps"))
            parts.append(f"<h3>{steps}</h3><ol>")
            parts += [f"<li>{_inline(step.get(lang))}</li>" for step in lesson.steps]
            parts.append("</ol>")
        if lesson.goals:
            goals = html.escape(self.tr("Goals"))
            parts.append(f"<h3>{goals}</h3>")
            parts += [self._goal_html(i) for i in range(len(lesson.goals))]
        return "".join(parts)

    def _goal_html(self, index: int) -> str:
        assert self.lesson is not None
        goal = self.lesson.goals[index]
        result = self.results[index] if index < len(self.results) else None
        met = result is not None and result.met
        mark, colour = ("✔", MET_COLOUR) if met else ("○", OPEN_COLOUR)
        value = ""
        if result is not None and result.value is not None:
            value = f" <span style='color:{OPEN_COLOUR}'>({result.value:.3f})</span>"
        weight = "600" if met else "400"
        return (
            f"<p style='margin:4px 0'><span style='color:{colour}; font-size:large'>"
            f"{mark}</span>&nbsp;<span style='font-weight:{weight}'>"
            f"{_inline(goal.text.get(self.language))}</span>{value}</p>"
        )


def _inline(markdown: str) -> str:
    """A one-paragraph Markdown text (a step, a goal) as inline HTML."""
    body = markdown_to_html(markdown).strip()
    if body.startswith("<p") and body.endswith("</p>") and body.count("<p") == 1:
        body = body[body.index(">") + 1 : -len("</p>")]
    return body
