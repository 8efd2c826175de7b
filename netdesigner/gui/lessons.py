"""Lessons in the window: the Lesson panel, live goal ticks, classroom mode, the
model summary and Compare runs, wired into an editor main window.

``install(window)`` adds the Lesson dock (shown and brought forward when a design
with a lesson opens), View ▸ Model Summary and a Tools menu (Classroom Mode, Edit
Lesson, Save as Lesson File, Compare Runs). Goals are computed by
``live.goals.check_goals`` from the final epoch record of the live run ("main")
and of the runs Compare runs trained, the same code as ``netdesigner train``.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Qt, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget

from netdesigner.design.lesson import MAIN_RUN, Lesson
from netdesigner.gui.classroom import Classroom, lock_widgets
from netdesigner.gui.lesson_panel import LessonPanel
from netdesigner.gui.screen_layout import is_compact
from netdesigner.live.frames import Frame, RunState, SessionSummary, Status
from netdesigner.live.goals import GoalResult, check_goals


def app_language() -> str:
    """The app's language ("en" or "zh_CN")."""
    try:
        from netdesigner.i18n import current_language
    except ImportError:  # a build without the translations module speaks English
        return "en"
    return current_language()


class GoalTracker:
    """Final metrics of each run of the open lesson and which goals were reached.

    A ``>=``/``<=``/``beats`` goal once reached stays ticked while the lesson is
    open (a student who reached 0.95 has done it, whatever a later reset shows);
    a ``fails`` goal is judged only once the run has finished: every run starts
    at chance.
    """

    def __init__(self) -> None:
        self.results: dict[str, dict[str, float]] = {}
        self.n_classes: int | None = None
        self.finished = False
        self.reached: set[int] = set()

    def reset(self) -> None:
        self.results, self.reached = {}, set()
        self.finished, self.n_classes = False, None

    def check(self, lesson: Lesson | None) -> list[GoalResult]:
        checked = check_goals(lesson, self.results, self.n_classes)
        shown = []
        for index, result in enumerate(checked):
            goal = result.goal
            if goal.op == "fails":
                pending = goal.run_id == MAIN_RUN and not self.finished
                shown.append(
                    dataclasses.replace(result, met=result.met and not pending)
                )
                continue
            if result.met:
                self.reached.add(index)
            elif index in self.reached:
                result = dataclasses.replace(result, met=True)
            shown.append(result)
        return shown


class LessonUI(QObject):
    """The lesson features of one main window."""

    def __init__(self, window: Any) -> None:
        super().__init__(window)
        self.window = window
        self.document = window.document
        self.panel = LessonPanel()
        self.tracker = GoalTracker()
        self.dock: QDockWidget = window.add_dock(
            self.panel,
            Qt.DockWidgetArea.RightDockWidgetArea,
            QT_TRANSLATE_NOOP("Docks", "Lesson"),  # add_dock shows its translation
        )
        self.dock.hide()
        self._placed = False
        self.training_ui = getattr(window, "training_ui", None)
        self.classroom = Classroom(
            self.document,
            lock_widgets(
                self.training_ui,
                getattr(window, "palette", None),
                getattr(window, "properties", None),
            ),
            parent=self,
        )
        self.compare_dialog: Any = None
        self.summary_dialog: Any = None
        self.actions = self._build_actions()
        self._connect()
        self._on_document_design_reset()

    # -- menus ------------------------------------------------------------------------
    def _build_actions(self) -> dict[str, QAction]:
        window = self.window
        tools = window.menuBar().addMenu(self.tr("&Tools"))
        classroom = QAction(self.tr("&Classroom Mode"), window)
        classroom.setCheckable(True)
        classroom.setChecked(self.classroom.enabled)
        classroom.setStatusTip(
            self.tr("Lock the controls the lesson names, for a class of students")
        )
        classroom.toggled.connect(self._on_classroom_action_toggled)
        actions = {"classroom": classroom}
        for name, text, slot in (
            ("edit_lesson", self.tr("&Edit Lesson…"), self.edit_lesson),
            ("save_lesson", self.tr("&Save as Lesson File…"), self.save_lesson),
            ("compare", self.tr("Compare &Runs…"), self.compare_runs),
        ):
            action = QAction(text, window)
            action.triggered.connect(lambda _c=False, s=slot: s())
            actions[name] = action
        tools.addAction(classroom)
        tools.addActions([actions["edit_lesson"], actions["save_lesson"]])
        tools.addSeparator()
        tools.addAction(actions["compare"])
        summary = QAction(self.tr("Model &Summary…"), window)
        summary.setShortcut("Ctrl+Shift+M")
        summary.triggered.connect(lambda _c=False: self.show_summary())
        window.menus["view"].addAction(summary)
        actions["summary"] = summary
        window.addAction(summary)
        return actions

    def _connect(self) -> None:
        doc = self.document
        doc.design_reset.connect(self._on_document_design_reset)
        doc.settings_changed.connect(self._on_document_settings_changed)
        doc.lock_refused.connect(self._on_document_lock_refused)
        self.panel.goal_reached.connect(self._on_panel_goal_reached)
        self.classroom.changed.connect(self._on_classroom_changed)
        ui = self.training_ui
        if ui is not None:
            c = ui.controller
            c.session_ready.connect(self._on_controller_session_ready)
            c.frame_ready.connect(self._on_controller_frame_ready)
            c.status_changed.connect(self._on_controller_status_changed)

    # -- the lesson -------------------------------------------------------------------
    @property
    def lesson(self) -> Lesson | None:
        return getattr(self.document.design, "lesson", None)

    @Slot()
    def _on_document_design_reset(self) -> None:
        self.tracker.reset()
        self._show_lesson()
        if self.lesson is not None:
            self.bring_forward()
        self._update_actions()

    @Slot(str)
    def _on_document_settings_changed(self, section: str) -> None:
        if section == "info":
            self._show_lesson()
            self._update_actions()

    def _show_lesson(self) -> None:
        self.panel.show_lesson(self.lesson, app_language())
        self._update_goals()

    def bring_forward(self) -> None:
        """Show the Lesson dock in front; on a small screen it shares the right
        column's tabs (Properties | Training) instead of squeezing them."""
        window = self.window
        if not self._placed:
            self._placed = True
            beside = window.docks.get("Training") or window.docks.get("Properties")
            screen = window.screen()
            compact = screen is not None and is_compact(screen.availableGeometry())
            if beside is not None and compact:
                window.tabifyDockWidget(beside, self.dock)
        self.dock.show()
        self.dock.raise_()

    def _update_actions(self) -> None:
        on = self.classroom.enabled
        self.actions["edit_lesson"].setEnabled(not on)
        self.actions["save_lesson"].setEnabled(not on)

    # -- goals ------------------------------------------------------------------------
    @Slot(object)
    def _on_controller_session_ready(self, info: SessionSummary) -> None:
        self.tracker.results.pop(MAIN_RUN, None)
        self.tracker.finished = False
        classes = info.task == "classification"
        self.tracker.n_classes = info.n_classes if classes else None
        self._update_goals()

    @Slot(object)
    def _on_controller_frame_ready(self, frame: Frame) -> None:
        if frame.rewind is not None:
            self.tracker.results.pop(MAIN_RUN, None)
        if frame.epochs:
            self.tracker.results[MAIN_RUN] = dict(frame.epochs[-1])
            self._update_goals()

    @Slot(object)
    def _on_controller_status_changed(self, status: Status) -> None:
        finished = status.state is RunState.FINISHED
        if finished != self.tracker.finished:
            self.tracker.finished = finished
            self._update_goals()
        self.classroom.refresh_widgets()  # the panels re-enable controls on halts

    def add_run_results(self, results: dict[str, dict[str, float]]) -> None:
        """Final metrics of Compare runs' variants by run id ("main" included)."""
        self.tracker.results.update(results)
        self._update_goals()

    def _update_goals(self) -> None:
        if self.lesson is not None:
            self.panel.show_results(self.tracker.check(self.lesson))

    @Slot(str)
    def _on_panel_goal_reached(self, text: str) -> None:
        self.window.show_message(self.tr("✔ Goal reached: {goal}").format(goal=text))

    # -- classroom --------------------------------------------------------------------
    @Slot(bool)
    def _on_classroom_action_toggled(self, checked: bool) -> None:
        self.classroom.set_enabled(checked)

    @Slot(bool)
    def _on_classroom_changed(self, enabled: bool) -> None:
        ui = self.training_ui
        if ui is not None:  # the panels' own rule for running sessions first
            ui.settings.set_running(ui.controller.is_running)
        self.classroom.refresh_widgets()
        self.actions["classroom"].setChecked(enabled)
        self._update_actions()

    @Slot(str)
    def _on_document_lock_refused(self, reason: str) -> None:
        self.window.show_message(reason)

    def edit_lesson(self) -> bool:
        """Open the lesson editor (teachers: outside classroom mode only)."""
        if self.classroom.enabled:
            self.window.show_message(
                self.tr("Leave classroom mode to edit the lesson.")
            )
            return False
        from netdesigner.gui.lesson_editor import LessonEditor

        editor = LessonEditor(self.document, self.window)
        editor.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        editor.open()
        return True

    def save_lesson(self) -> bool:
        """Save the design with its lesson under a new name (a lesson file)."""
        if self.lesson is None:
            self.window.show_message(
                self.tr("This design has no lesson yet: write one with Edit Lesson.")
            )
            return False
        return bool(self.window.files.save_as())

    # -- views ------------------------------------------------------------------------
    def show_summary(self) -> Any:
        from netdesigner.gui.summary_view import SummaryDialog

        if self.summary_dialog is None:
            self.summary_dialog = SummaryDialog(self.document, self.window)
        self.summary_dialog.show()
        self.summary_dialog.raise_()
        return self.summary_dialog

    def compare_runs(self) -> Any:
        from netdesigner.gui.training.compare_runs import CompareRunsDialog

        if self.compare_dialog is not None and self.compare_dialog.runner.running:
            self.compare_dialog.show()
            self.compare_dialog.raise_()
            return self.compare_dialog
        if self.compare_dialog is not None:
            self.compare_dialog.deleteLater()
        path = self.document.file_path
        dialog = CompareRunsDialog(
            self.document.design.copy(),
            self.lesson,
            path.parent if path is not None else None,
            app_language(),
            self.window,
        )
        dialog.results_ready.connect(self.add_run_results)
        self.compare_dialog = dialog
        dialog.show()
        return dialog

    def shutdown(self) -> bool:
        """Stop a comparison's thread (the window is closing)."""
        dialog = self.compare_dialog
        return True if dialog is None else dialog.shutdown()


def install(window: Any) -> LessonUI:
    """Add the lesson features to ``window`` (after the training panels)."""
    ui = LessonUI(window)
    window.keep_help_menu_last()
    return ui
