"""At 1024x700 with the Patients dock open, every pane stays usable: the list shows name, hospital
number and status without scrolling sideways (each elided as needed), the schedule keeps its date,
time and the appointment's kind in view, and the form needs no sideways scroll. At 1366 and 1600
the panes keep their widths: the list's columns whole, its headings whole, the form at its width."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QMessageBox

from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui import main_window
from planner.ui.main_window import FORM_WIDTH, MainWindow, catalogue_at
from planner.ui.patient_list import COLUMNS, HEADING_MARGIN

from .store.booking_scenario import place_bookings, stock
from .store.test_small_screen_fit import form_scroll


@pytest.fixture
def make_window(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Discard)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    store = Store.open(url)
    settings = replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=url)

    def make(width: int, height: int) -> MainWindow:
        monkeypatch.setattr(main_window, "first_size", lambda: (width, height))  # a first start on that screen
        win = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.store_link.open_course("course-prostate")  # booked: the list has its Machine column too
        qtbot.waitUntil(lambda: win.findChild(QDockWidget, "patients-dock").width() > 0)
        return win

    yield make
    store.close()


def test_at_1024x700_the_patients_status_and_the_schedules_time_and_kind_are_in_view(qtbot, make_window):
    window = make_window(1024, 700)
    assert window.width() == 1024
    patients = window.store_link.patients.table
    qtbot.waitUntil(lambda: sum(patients.columnWidth(c) for c in range(3)) <= patients.viewport().width())
    assert patients.horizontalScrollBar().value() == 0
    status_width = patients.columnWidth(2)
    assert status_width >= patients.fontMetrics().horizontalAdvance("Booked") + 8  # the statuses shown here, whole
    assert all(patients.columnWidth(c) > patients.fontMetrics().horizontalAdvance("Zoë") for c in range(3))

    table = window.table
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    through_time = sum(table.columnWidth(c) for c in range(4))
    assert through_time <= table.viewport().width()  # number, day, date and time whole
    kind = table.fontMetrics().horizontalAdvance("Radiotherapy")
    assert table.viewport().width() - through_time >= kind  # and the appointment's kind
    assert table.horizontalScrollBar().value() == 0

    scroll = form_scroll(window)
    assert scroll.viewport().width() >= window.form.minimumSizeHint().width()  # the form needs no sideways scroll
    assert not scroll.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)])
def test_larger_screens_keep_the_form_width_and_whole_columns(qtbot, make_window, size):
    window = make_window(*size)
    patients = window.store_link.patients.table
    heading = patients.horizontalHeader().fontMetrics()
    qtbot.waitUntil(lambda: sum(patients.columnWidth(c) for c in range(3)) <= patients.viewport().width())
    for column in range(3):
        assert patients.columnWidth(column) >= heading.horizontalAdvance(COLUMNS[column]) + HEADING_MARGIN
    assert window.centralWidget().sizes()[0] >= FORM_WIDTH - 10
    table = window.table
    table.verticalScrollBar().show()  # as with a course longer than the screen: its scroll bar takes its width too
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert sum(table.columnWidth(c) for c in range(5)) <= table.viewport().width()  # through the appointment, whole


def test_a_dock_made_wide_again_gives_the_number_and_status_their_widths_back(qtbot, make_window):
    window = make_window(1024, 700)
    panel = window.store_link.patients
    squeezed = [panel.table.columnWidth(c) for c in range(3)]
    dock = window.findChild(QDockWidget, "patients-dock")
    window.resizeDocks([dock], [520], Qt.Orientation.Horizontal)
    qtbot.waitUntil(lambda: panel.table.viewport().width() > 400)
    widened = [panel.table.columnWidth(c) for c in range(3)]
    assert widened[1] > squeezed[1] and widened[2] > squeezed[2]
    assert widened[1] == panel._widths[1] and widened[2] == panel._widths[2]


def test_the_form_gets_its_width_back_as_the_window_grows_until_the_user_drags_the_splitter(qtbot, make_window):
    window = make_window(1024, 700)
    splitter = window.centralWidget()
    narrow = splitter.sizes()[0]
    assert narrow < FORM_WIDTH - 10
    window.resize(1600, 1000)
    qtbot.waitUntil(lambda: splitter.sizes()[0] >= FORM_WIDTH - 10)
    table = window.table
    qtbot.waitUntil(lambda: sum(table.columnWidth(c) for c in range(5)) <= table.viewport().width())
    splitter.setSizes([700, 800])
    splitter.splitterMoved.emit(700, 1)  # as a drag of the handle says it
    window.resize(1024, 700)
    qtbot.wait(20)
    assert splitter.sizes()[0] > narrow + 100  # the user's choice stays
