"""The window says who recorded a downtime or closure, and when: the day view's tooltip over a downtime block, and
Department settings' Downtime and Closures tables (a last column, read only). Machine down… and Department settings
record the store's login, as the course audit names it; a row removed in Department settings leaves who removed it."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, QDateTime, QPointF, Qt, QTime
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui import department_settings
from planner.ui.booking_dialogs import MachineDownDialog
from planner.ui.department_window import DepartmentWindow
from planner.wording import UNKNOWN_RECORDER

from .booking_scenario import main_window_on, place_bookings, stock
from .test_downtime_recorded_by import LONDON, downgrade_to_0007, today_words

DAY = date(2030, 4, 2)


@pytest.fixture
def alice(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LOGNAME", "alice")
    monkeypatch.setenv("USER", "alice")
    return "alice"


@pytest.fixture
def window(qtbot, tmp_path, alice):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    yield shown
    desk.store.close()


def hover(view, point: QPointF, monkeypatch) -> list[str]:
    said: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *rest: said.append(text))
    move = QMouseEvent(QMouseEvent.Type.MouseMove, point, view.mapToGlobal(point), Qt.MouseButton.NoButton,
                       Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view, move)
    return said


def test_machine_down_in_the_window_records_the_login_and_the_downtime_block_says_so(qtbot, window, monkeypatch):
    dialog = MachineDownDialog(window.desk, DAY, window, machine="Linac 1")
    qtbot.addWidget(dialog)
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(8, 0)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 2), QTime(12, 0)))
    dialog.reason.setText("beam fault")
    dialog.take_down()
    assert dialog.report is not None
    with Store.open(window.desk.store.url) as other:  # another desk reads it from the store
        department = other.department()
    assert department is not None
    down = next(d for d in department.downtime if d.reason == "beam fault")
    assert down.recorded is not None and down.recorded.who == "alice"
    window.refresh()
    view = window.day_view
    column = [m.name for m in view.machines].index("Linac 1")
    point = QPointF(view._axis + (column + 0.5) * view._column_width(), view._y(datetime(2030, 4, 2, 10, 0, tzinfo=LONDON)))
    said = hover(view, point, monkeypatch)
    assert said and said[-1].startswith(f"Linac 1 down 08:00–12:00: beam fault\nRecorded by alice on {today_words()} "), said


def test_a_downtime_from_before_the_trail_says_its_recorder_is_not_known(qtbot, tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    downgrade_to_0007(url)
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    try:
        window = DepartmentWindow(desk, date(2030, 3, 5))  # the golden file's Linac 2 QA, 08:00-10:00
        qtbot.addWidget(window)
        view = window.day_view
        column = [m.name for m in view.machines].index("Linac 2")
        point = QPointF(view._axis + (column + 0.5) * view._column_width(), view._y(datetime(2030, 3, 5, 9, 0, tzinfo=LONDON)))
        said = hover(view, point, monkeypatch)
    finally:
        desk.store.close()
    assert said and said[-1] == f"Linac 2 down 08:00–10:00: monthly QA\n{UNKNOWN_RECORDER[:1].upper()}{UNKNOWN_RECORDER[1:]}"


def test_department_settings_show_who_recorded_each_row_and_record_who_removed_one(qtbot, monkeypatch, tmp_path, alice):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")  # by alice
    monkeypatch.setenv("LOGNAME", "bob")
    monkeypatch.setenv("USER", "bob")
    seen: dict[str, list[str]] = {}
    with main_window_on(qtbot, monkeypatch, url) as window:

        def look_and_remove(dialog):
            recorded = dialog.downtime.recorded_column
            assert dialog.views["Downtime"].model().headerData(recorded, Qt.Orientation.Horizontal) == "Recorded"
            seen["downtime"] = [dialog.downtime.index(row, recorded).data() for row in range(dialog.downtime.rowCount())]
            seen["closures"] = [dialog.closures.index(row, dialog.closures.recorded_column).data()
                                for row in range(dialog.closures.rowCount())]
            assert not dialog.downtime.flags(dialog.downtime.index(0, recorded)) & Qt.ItemFlag.ItemIsEditable
            dialog.downtime.setData(dialog.downtime.index(0, 3), "monthly QA and service")  # changed: not the row recorded
            seen["edited"] = [dialog.downtime.index(0, recorded).data()]
            dialog.closures.removeRows(0, 1)
            dialog.accept()
            return dialog.result()

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", look_and_remove)
        window.store_link.edit_department()
        with Store.open(url) as store:
            stored = store.department()
            removed = store.department_removals()
    assert [words.startswith(f"recorded by alice on {today_words()} ") for words in seen["downtime"] + seen["closures"]] == [True, True]
    assert seen["edited"] == ["not saved yet"]
    assert stored is not None
    assert stored.downtime[0].recorded is not None and stored.downtime[0].recorded.who == "bob"  # the changed reason: bob's
    assert [(e.subject.value, e.note, e.recorded.who) for e in removed] == [
        ("downtime", "monthly QA", "bob"), ("closure", "Staff training day", "bob")]


def test_the_pointer_resting_on_a_downtime_or_a_booking_keeps_its_tip_not_the_views_own(qtbot, window, monkeypatch):
    """Qt's tooltip event, sent once the pointer rests, showed the view's own tip ('Drag a booking to move it; ...') in place
    of the words the move had just shown."""
    from PySide6.QtCore import QEvent, QPoint
    from PySide6.QtGui import QHelpEvent

    window.desk.machine_down("Linac 1", datetime(2030, 4, 2, 8, tzinfo=LONDON), datetime(2030, 4, 2, 12, tzinfo=LONDON), "beam fault")
    window.refresh()
    view = window.day_view
    said: list[str] = []
    monkeypatch.setattr(QToolTip, "showText", lambda _pos, text, *rest: said.append(text))
    column = [m.name for m in view.machines].index("Linac 1")
    down = QPoint(int(view._axis + (column + 0.5) * view._column_width()), int(view._y(datetime(2030, 4, 2, 10, 0, tzinfo=LONDON))))
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, down, view.mapToGlobal(down)))
    assert said and said[-1].startswith("Linac 1 down 08:00–12:00: beam fault\nRecorded by alice on ")
    booked = next(e for m in view.machines if m.name == "Linac 2" for e in m.entries)
    rect = view.block_rect(booked)
    assert rect is not None
    centre = rect.center().toPoint()
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, centre, view.mapToGlobal(centre)))
    assert said[-1].startswith(booked.patient)


def test_department_closed_in_the_window_records_the_login(qtbot, window, monkeypatch):
    from planner.ui import department_window

    def close_tuesday(dialog) -> int:
        dialog.reason.setText("snow")
        dialog.close_and_rebook()
        return dialog.result()

    monkeypatch.setattr(department_window.CloseDepartmentDialog, "exec", close_tuesday)
    monkeypatch.setattr(department_window.ClosureReportDialog, "exec", lambda report: 0)
    window.closure_action.trigger()
    with Store.open(window.desk.store.url) as other:
        department = other.department()
    assert department is not None
    recorded = department.closure_recorded(DAY)
    assert recorded is not None and recorded.who == "alice"
