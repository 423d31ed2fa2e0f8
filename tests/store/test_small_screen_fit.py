"""On a small screen nothing is cut off without a way to reach it: the form scrolls sideways when
the week or month needs the width, and the Patients list keeps the name, hospital number and status
in view at its first width (long names give way), each heading whole."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QScrollArea, QTableView

from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui import main_window
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.patient_list import HEADING_MARGIN
from planner.ui.result_panel import WEEK_TAB
from tests.questions import discard_unsaved

from .booking_scenario import stock


@pytest.fixture
def make_window(qtbot, monkeypatch, tmp_path):
    discard_unsaved(monkeypatch)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    store = Store.open(url)
    settings = replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=url)

    def make(width: int, height: int) -> MainWindow:
        monkeypatch.setattr(main_window, "first_size", lambda: (width, height))
        win = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    yield make
    store.close()


def form_scroll(window: MainWindow) -> QScrollArea:
    scroll = window.form.parentWidget()
    while not isinstance(scroll, QScrollArea):
        scroll = scroll.parentWidget()
    return scroll


def test_a_squeezed_form_is_whole_or_scrolls_sideways_instead_of_being_cut_off(qtbot, make_window):
    """At the splitter's least width (as the week beside the list makes it) the form's least width once passed it and
    the form scrolled sideways; its rows now wrap under their labels (a phase's fractions, pattern and length, the
    treatment days, the preset), so the form is whole there."""
    window = make_window(1024, 700)
    window.store_link.open_course("course-prostate")
    splitter, scroll = window.centralWidget(), form_scroll(window)
    for tab in (WEEK_TAB, WEEK_TAB + 1):
        window.tabs.setCurrentIndex(tab)
        splitter.setSizes([1, 2000])  # as narrow as the splitter lets it, as the week beside the list makes it
        qtbot.waitUntil(lambda: scroll.width() <= scroll.minimumWidth() + 1)
        hidden = window.form.minimumSizeHint().width() - scroll.viewport().width()
        assert hidden <= 0 and not scroll.horizontalScrollBar().isVisible()


def patients_in_view(patients: QTableView) -> list[int]:
    """The Patients list's columns through the status, in view with their headings whole: a column each for
    the name, number and status, or folded (the number under the name, the site under the status, the
    dates beside them; see patient_list.py). Returns the shown columns through the status's."""
    model, heading = patients.model(), patients.horizontalHeader().fontMetrics()
    wanted = [0, 2] if model.folded else [0, 1, 2]
    shown = [c for c in range(model.columnCount()) if not patients.isColumnHidden(c)]
    assert shown[:len(wanted)] == wanted
    assert sum(patients.columnWidth(c) for c in wanted) <= patients.viewport().width()
    for column in wanted:
        for line in str(model.headerData(column, Qt.Orientation.Horizontal)).split("\n"):
            assert patients.columnWidth(column) >= heading.horizontalAdvance(line) + HEADING_MARGIN, line
    return wanted


def test_the_patients_list_shows_name_number_and_status_at_its_first_width(qtbot, make_window):
    window = make_window(1280, 860)
    dock = window.findChild(QDockWidget, "patients-dock")
    panel = window.store_link.patients
    table = panel.table
    qtbot.waitUntil(lambda: dock.width() > 0)
    header = table.horizontalHeader()
    qtbot.waitUntil(lambda: bool(patients_in_view(table)))  # name, number and status (folded or not), headings whole
    assert table.horizontalScrollBar().value() == 0
    assert header.sectionResizeMode(0) == header.ResizeMode.Interactive and table.textElideMode() == Qt.TextElideMode.ElideRight
