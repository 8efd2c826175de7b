"""Open file… reads the whole data file in a worker thread, with progress and Cancel;
the design changes only once the file was read and found usable."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from netdesigner.data import csvfile
from netdesigner.design.data_paths import data_file_info
from netdesigner.gui.training import file_loader
from netdesigner.gui.training.dataset_panel import DatasetPanel


@pytest.fixture
def panel(qtbot, playground_design, make_document, dialogs):
    doc = make_document(playground_design())
    widget = DatasetPanel(doc)
    qtbot.addWidget(widget)
    widget.errors = dialogs  # the recorder of Notify.error
    return widget


def sorted_csv(path, per_class: int) -> int:
    """Points sorted by class (0, 1, then 2): the first rows show only class 0."""
    with open(path, "w") as stream:
        stream.write("x1,x2,label\n")
        for label in range(3):
            stream.writelines(f"{k % 7},{k % 5},{label}\n" for k in range(per_class))
    return 3 * per_class


def open_file(panel, qtbot, path) -> None:
    panel.ask_data_path = lambda: str(path)
    qtbot.mouseClick(panel.open_file, Qt.MouseButton.LeftButton)


def test_open_file_reads_every_row_in_a_worker_thread(panel, qtbot, tmp_path):
    path = tmp_path / "sorted.csv"
    n = sorted_csv(path, per_class=csvfile.HEAD_CHARS // 8)
    assert data_file_info(path).n_classes == 2  # the first rows: classes 0 and 1
    threads = []
    read = file_loader.read_whole_file

    def recording(source, progress):
        threads.append(threading.current_thread())
        return read(source, progress)

    panel_module = pytest.MonkeyPatch()
    panel_module.setattr(file_loader, "read_whole_file", recording)
    try:
        open_file(panel, qtbot, path)
        assert panel.loading is not None and not panel.open_file.isEnabled()
        qtbot.waitUntil(lambda: panel.loading is None)
    finally:
        panel_module.undo()
    assert threads and threads[0] is not threading.main_thread()
    doc = panel.document
    assert doc.design.dataset["path"] == str(path.resolve())
    info = data_file_info(path)  # what the whole read found replaces the guess
    assert info.n_classes == 3 and info.default_n_samples == n
    assert f"sorted.csv, {n} samples with 3 classes" in panel.description.text()
    assert panel.open_file.isEnabled() and panel.errors.calls == []


def test_cancel_stops_the_read_and_changes_nothing(panel, qtbot, tmp_path, monkeypatch):
    path = tmp_path / "table.csv"
    sorted_csv(path, per_class=10)
    started, seen_cancel = threading.Event(), threading.Event()
    threads = []

    def endless(source, progress):  # reads on until told to stop (bounded)
        threads.append(threading.current_thread())
        started.set()
        for k in range(2000):
            try:
                progress(k % 100, 100)
            except file_loader.LoadCancelled:
                seen_cancel.set()
                raise
            threading.Event().wait(0.005)
        return None

    monkeypatch.setattr(file_loader, "read_whole_file", endless)
    doc = panel.document
    before, undo_count = doc.design.to_dict(), doc.undo_stack.count()
    open_file(panel, qtbot, path)
    qtbot.waitUntil(started.is_set)
    loading = panel.loading
    assert threads[0] is not threading.main_thread()
    cancel = loading.dialog.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    cancel.click()
    qtbot.waitUntil(lambda: panel.loading is None)
    assert seen_cancel.is_set()
    assert doc.design.to_dict() == before and doc.undo_stack.count() == undo_count
    assert panel.errors.calls == [] and panel.open_file.isEnabled()


def _exhausted(source, progress):
    raise MemoryError()


@pytest.mark.parametrize("failure", ["bad row", "memory"])
def test_a_file_that_fails_to_load_is_one_sentence(
    panel, qtbot, tmp_path, monkeypatch, failure
):
    path = tmp_path / "bad.csv"
    path.write_text("x1,x2,label\n1,2,0\n1,oops,1\n")
    if failure == "memory":
        monkeypatch.setattr(file_loader, "read_whole_file", _exhausted)
    doc = panel.document
    before = doc.design.to_dict()
    open_file(panel, qtbot, path)
    qtbot.waitUntil(lambda: panel.loading is None)
    ((kind, title, message),) = panel.errors.calls
    assert kind == "error" and title == "Could not use the data file"
    expected = (
        f"'{path}' is too large to load into this computer's memory"
        if failure == "memory"
        else f"'{path}' line 3, column 2: 'oops' is not a finite number"
    )
    assert message == expected
    assert doc.design.to_dict() == before


def test_a_panel_deleted_while_reading_leaves_the_read_to_finish(
    qtbot, tmp_path, monkeypatch, playground_design, make_document
):
    panel = DatasetPanel(make_document(playground_design()))  # deleted below
    started = threading.Event()

    def endless(source, progress):
        started.set()
        for k in range(2000):
            progress(k % 100, 100)
            threading.Event().wait(0.005)

    monkeypatch.setattr(file_loader, "read_whole_file", endless)
    path = tmp_path / "t.csv"
    sorted_csv(path, per_class=10)
    open_file(panel, qtbot, path)
    qtbot.waitUntil(started.is_set)
    loading = panel.loading
    with qtbot.waitSignal(panel.destroyed):
        panel.deleteLater()  # with its children; a running QThread among them aborts
    with qtbot.waitSignal(loading.cancelled):
        loading.cancel()
    assert not loading.reader_thread.isRunning()


def test_the_file_filter_offers_cifar_batches():
    from netdesigner.gui.training.own_data import DATA_FILTER

    first, *others = DATA_FILTER.split(";;")
    assert "*.bin" in first
    assert any("CIFAR" in entry and "*.bin" in entry for entry in others)


def test_open_image_folder_trains_on_its_sub_folders(panel, qtbot, tmp_path):
    image = pytest.importorskip("PIL.Image")
    root = tmp_path / "colours"
    for name, colour in {"red": (255, 0, 0), "blue": (0, 0, 255)}.items():
        (root / name).mkdir(parents=True)
        for i in range(3):
            image.new("RGB", (40, 30), colour).save(root / name / f"{i}.png")
    panel.ask_data_folder = lambda: str(root)
    qtbot.mouseClick(panel.open_folder, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.loading is None)
    assert panel.errors.calls == []
    assert panel.document.design.dataset["path"] == str(root.resolve())
    assert panel.open_folder.isEnabled()
