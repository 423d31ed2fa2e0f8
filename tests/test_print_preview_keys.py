"""The print preview by keyboard: Ctrl+P there does what its toolbar's Print button does, Ctrl++ / Ctrl+= and Ctrl+-
zoom, Ctrl+0 and Ctrl+2 fit the page and its width, Page Down / Page Up and Ctrl+Home / Ctrl+End turn the pages, each
named in its button's tooltip. Qt's preview toolbar buttons take no focus and have no keys, so a coordinator working by
keyboard reached the day list's (or the course's) preview and could neither print it nor read past its first page."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShortcut
from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QDialog, QToolBar

from planner.core.spec import CourseSpec
from planner.ui import dialogs
from planner.ui.printing.output import print_by_keys
from tests.window_helpers import open_window


def _close_what_printing_opened(preview: QPrintPreviewDialog) -> None:
    """Printing asks where (a print dialog, or a file name for a PDF printer): answered Cancel."""
    asked = QApplication.activeModalWidget()
    if isinstance(asked, QDialog) and asked is not preview:
        asked.reject()


def test_ctrl_p_in_the_print_preview_prints(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate",
                                                        fractions=20, start=date(2026, 12, 7), tz="Europe/London"))
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "preview"), True)[1])
    seen: list[str] = []

    def look(preview: QPrintPreviewDialog) -> int:
        preview.show()
        preview.activateWindow()
        QApplication.processEvents()
        bar = preview.findChild(QToolBar)
        printing = next(a for a in bar.actions() if a.text().replace("&", "") == "Print")
        seen.append(printing.toolTip())
        printing.triggered.connect(lambda: seen.append("printed"))
        QTimer.singleShot(0, lambda: _close_what_printing_opened(preview))
        qtbot.keyClick(preview, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        QApplication.processEvents()
        preview.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", look)
    window.print_course()
    assert seen == ["Print (Ctrl+P)", "printed"]


def _preview_by_keys(qtbot, monkeypatch, keys: list[tuple[Qt.Key, Qt.KeyboardModifier]]) -> list[tuple[str, float, int]]:
    """The course's preview opened, `keys` typed into it one by one with the focus where Qt puts it; after each, the
    zoom mode, factor and page shown. The first of them: as opened."""
    window = open_window(qtbot, monkeypatch, CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate",
                                                        fractions=30, start=date(2026, 12, 7), tz="Europe/London"))
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "preview"), True)[1])
    seen: list[tuple[str, float, int]] = []

    def look(preview: QPrintPreviewDialog) -> int:
        preview.show()
        preview.activateWindow()
        qtbot.waitUntil(preview.isActiveWindow)
        shown = preview.findChild(QPrintPreviewWidget)
        assert shown.pageCount() >= 3
        seen.append((shown.zoomMode().name, shown.zoomFactor(), shown.currentPage()))
        for key, modifiers in keys:
            qtbot.keyClick(QApplication.focusWidget() or preview, key, modifiers)
            seen.append((shown.zoomMode().name, shown.zoomFactor(), shown.currentPage()))
        preview.close()
        return 0

    monkeypatch.setattr(QPrintPreviewDialog, "exec", look)
    window.print_course()
    return seen


CTRL = Qt.KeyboardModifier.ControlModifier
NONE = Qt.KeyboardModifier.NoModifier


def test_the_preview_zooms_by_keyboard(qtbot, monkeypatch):
    seen = _preview_by_keys(qtbot, monkeypatch, [(Qt.Key.Key_Plus, CTRL), (Qt.Key.Key_Equal, CTRL), (Qt.Key.Key_Minus, CTRL),
                                                 (Qt.Key.Key_2, CTRL), (Qt.Key.Key_0, CTRL)])
    (_, opened, _), (mode_in, zoomed, _), (_, more, _), (mode_out, less, _), (width, _, _), (page, _, _) = seen
    assert mode_in == mode_out == "CustomZoom" and opened < zoomed < more and less < more
    assert (width, page) == ("FitToWidth", "FitInView")


def test_the_preview_turns_its_pages_by_keyboard(qtbot, monkeypatch):
    seen = _preview_by_keys(qtbot, monkeypatch, [(Qt.Key.Key_PageDown, NONE), (Qt.Key.Key_PageDown, NONE),
                                                 (Qt.Key.Key_PageUp, NONE), (Qt.Key.Key_End, CTRL), (Qt.Key.Key_Home, CTRL)])
    pages = [page for _, _, page in seen]
    assert pages[:4] == [1, 2, 3, 2] and pages[4] > 3 and pages[5] == 1


def test_the_preview_buttons_name_their_keys(qtbot, monkeypatch):
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter()  # kept while the preview uses it
    preview = QPrintPreviewDialog(printer)
    print_by_keys(preview)
    qtbot.addWidget(preview)
    tips = {a.text(): a.toolTip() for a in preview.findChild(QToolBar).actions() if a.text()}
    assert tips["Zoom in"] == "Zoom in (Ctrl++ or Ctrl+=)" and tips["Zoom out"] == "Zoom out (Ctrl+-)"
    assert tips["Fit page"] == "Fit page (Ctrl+0)" and tips["Fit width"] == "Fit width (Ctrl+2)"
    assert tips["Next page"] == "Next page (PgDown)" and tips["Previous page"] == "Previous page (PgUp)"
    assert tips["First page"] == "First page (Ctrl+Home)" and tips["Last page"] == "Last page (Ctrl+End)"
    assert tips["Print"] == "Print (Ctrl+P)"
    every = [key.toString() for shortcut in preview.findChildren(QShortcut) for key in QShortcut.keys(shortcut)]
    assert len(every) == len(set(every)) and "Ctrl+=" in every and "PgDown" in every  # no key does two things
