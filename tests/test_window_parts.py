"""The window's parts on their own (issue 12): the result panel shows a session's schedule and asks
for moves through its signals; the controller acts on the window's course; the window wires them."""

from __future__ import annotations

from PySide6.QtCore import Qt

from planner.core.kinds import AppointmentKey
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.result_panel import ResultPanel
from planner.ui.session import CourseSession

SETTINGS = Settings(time_zone="America/New_York", holidays="US-NY")


def test_the_result_panel_shows_the_schedule_and_asks_to_move_what_is_double_clicked(qtbot, catalogue):
    session = CourseSession(catalogue, SETTINGS)
    session.start()
    panel = ResultPanel(session, lambda field: f"Field {field}")
    qtbot.addWidget(panel)
    panel.resize(900, 600)  # wide enough for the list's columns (narrower, it folds them: test_list_narrow_beside_dock.py)
    panel.show()
    panel.show_result(session.result)
    assert panel.model.rowCount() == len(session.schedule.appointments)
    assert panel.summary.text().startswith(session.schedule.site.name)
    row = next(r for r in range(panel.model.rowCount()) if panel.model.appointment(r).key == AppointmentKey.fraction(2))
    rect = panel.table.visualRect(panel.model.index(row, 1))
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected_key() == AppointmentKey.fraction(2)
    with qtbot.waitSignal(panel.moveRequested) as asked:
        qtbot.mouseDClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert asked.args == [AppointmentKey.fraction(2)]
    panel.tabs.setCurrentIndex(2)
    assert panel.month is not None and panel.week is None  # each view is built when first shown
    session.edit(session.spec.updated(start=None), "start")
    panel.show_result(session.result)
    assert panel.summary.text().startswith("No schedule. Field ") and panel.model.rowCount() == 0


def test_the_window_only_wires_its_parts(qtbot):
    window = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(window)
    assert window.table is window.results.table and window.tabs is window.results.tabs
    window.move_action.trigger()  # nothing selected: the controller says so
    assert "Select an appointment" in window.statusBar().currentMessage()
    window.tabs.setCurrentIndex(1)
    assert window.week is window.results.week is not None
