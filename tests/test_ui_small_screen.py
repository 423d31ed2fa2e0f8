"""At 1024x700 the three panes do not fit: the Patients dock starts closed (View → Patients, F9,
opens it at its narrowest), and the form and the whole List (every heading, every column, the
preparation wrapped) are in view without scrolling sideways. Opened, the dock shows name, hospital
number and status (each elided as needed). At 1366 and 1600 the panes keep their widths: the
list's columns whole, its headings whole, the form at its width. The user's choice (the dock shown
or closed, the splitter dragged) stays, and the docks come back as they were left at the next start."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDockWidget, QStyle, QTableView

from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui import main_window
from planner.ui.main_window import FORM_WIDTH, MainWindow, catalogue_at
from planner.ui.schedule_model import APPOINTMENT_COLUMN, PREPARATION_COLUMN, ROLE_PREPARATION_LINES
from planner.ui.schedule_model import COLUMNS as LIST_COLUMNS
from planner.ui.store_link import PATIENTS_MIN_WIDTH
from tests.questions import discard_unsaved

from .store.booking_scenario import place_bookings, stock
from .store.test_small_screen_fit import form_scroll, patients_in_view


@pytest.fixture
def make_window(qtbot, monkeypatch, tmp_path):
    discard_unsaved(monkeypatch)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    store = Store.open(url)
    settings = replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=url)

    def make(width: int, height: int, kept: Settings = settings, course: str | None = "course-prostate") -> MainWindow:
        monkeypatch.setattr(main_window, "first_size", lambda: (width, height))  # a first start on that screen
        win = MainWindow(kept, catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        if course is not None:
            win.store_link.open_course(course)  # booked: the list has its Machine column too
        qtbot.waitUntil(lambda: win.table.viewport().width() > 0)
        return win

    yield make
    store.close()


def dock_of(window: MainWindow) -> QDockWidget:
    return window.findChild(QDockWidget, "patients-dock")


def press_patients_key(qtbot, window: MainWindow) -> None:
    """F9, as the user presses it in the window."""
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow())
    QTest.keyClick(window, Qt.Key.Key_F9)


def show_patients(qtbot, window: MainWindow, shown: bool) -> None:
    """The Patients list open or closed, by F9 as the user would, when it is not so already."""
    dock = dock_of(window)
    if dock.isVisible() != shown:
        press_patients_key(qtbot, window)
        qtbot.waitUntil(lambda: dock.isVisible() == shown)


def text_margin(table: QTableView) -> int:
    return table.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, table) + 1


def assert_the_whole_list_is_readable(table: QTableView, laid_out: bool = True) -> None:
    """Every shown column inside the viewport (no sideways scrolling), every heading whole, every cell's
    text whole on its line or wrapped whole in its (shared) cell, words never cut; a preparation in a cell
    too short for it (a run of fractions between weekly reviews) is whole in a cell above. `laid_out`
    False: the scroll bars are not looked at (they follow the widths on the next turn of the event loop)."""
    model, metrics, heading = table.model(), table.fontMetrics(), table.horizontalHeader().fontMetrics()
    shown = [column for column in range(model.columnCount()) if not table.isColumnHidden(column)]
    header = table.horizontalHeader()
    assert header.sectionViewportPosition(shown[-1]) + table.columnWidth(shown[-1]) <= table.viewport().width()
    assert not laid_out or not table.horizontalScrollBar().isVisible()
    assert table.horizontalScrollBar().value() == 0
    margin = text_margin(table)
    whole: set[str] = set()  # the preparations shown whole so far
    for column in shown:
        assert table.columnWidth(column) >= heading.horizontalAdvance(LIST_COLUMNS[column]) + 2 * margin, LIST_COLUMNS[column]
    for row in range(model.rowCount()):
        for column in shown:
            index = model.index(row, column)
            text = str(index.data() or "")
            if column == PREPARATION_COLUMN:
                text = str(index.data(ROLE_PREPARATION_LINES) or "")
            if not text:
                continue
            inner = table.visualRect(index).width() - 2 * margin  # the cell's text room, as drawn
            assert max(metrics.horizontalAdvance(word) for word in text.split()) <= inner, (row, column)
            if metrics.horizontalAdvance(text) <= inner and "\n" not in text:
                continue  # one line, whole
            assert column in (APPOINTMENT_COLUMN, PREPARATION_COLUMN), (row, column, text)
            wrapped = metrics.boundingRect(QRect(0, 0, inner, 100000), int(Qt.TextFlag.TextWordWrap.value), text).height()
            cell = table.visualRect(index).height()  # the whole shared cell, where rows share one
            if column == PREPARATION_COLUMN and cell < wrapped and text in whole:
                continue  # whole above, and in the tooltip
            assert cell >= wrapped, (row, column, cell, wrapped)
            if column == PREPARATION_COLUMN:
                whole.add(text)


def test_at_1024x700_the_dock_starts_closed_and_the_form_and_the_whole_list_are_in_view(qtbot, make_window):
    window = make_window(1024, 700)
    assert window.width() == 1024
    assert dock_of(window).isHidden()
    table = window.table
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    assert table.rowSpan(0, PREPARATION_COLUMN) == 20  # the fractions' one preparation, shown once
    scroll = form_scroll(window)
    assert scroll.viewport().width() >= window.form.minimumSizeHint().width()  # the form needs no sideways scroll
    assert not scroll.horizontalScrollBar().isVisible()


@pytest.mark.parametrize("size", [(1280, 728), (1366, 768)])  # a 1366x768 laptop opens the window at 1280x728
def test_on_a_laptop_screen_the_default_course_is_whole_beside_the_patients_list(qtbot, make_window, size):
    window = make_window(*size, course=None)
    assert window.session.spec.site == "prostate" and not window.store_link.opened
    dock = dock_of(window)
    assert dock.isVisible()
    patients = window.store_link.patients.table
    qtbot.waitUntil(lambda: bool(patients_in_view(patients)))
    table = window.table
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(table))
    assert not form_scroll(window).horizontalScrollBar().isVisible()


def test_at_1024_f9_in_the_view_menu_opens_the_patients_dock_at_its_narrowest_and_closes_it(qtbot, make_window):
    window = make_window(1024, 700)
    toggle = window.store_link.patients_key.action  # View → Patients: F9, checked while the list shows
    assert toggle in window.store_link.view_menu.actions() and toggle.shortcut() == QKeySequence("F9")
    assert toggle.isCheckable() and not toggle.isChecked()
    view = next(a for a in window.menuBar().actions() if a.menu() is window.store_link.view_menu)
    titles = [a.text() for a in window.menuBar().actions()]
    assert view.text() == "&View" and titles.index("&View") == titles.index("&Help") - 1
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    narrowest = window.store_link.widths.narrowest_dock()  # the list's headings whole
    assert narrowest >= PATIENTS_MIN_WIDTH
    qtbot.waitUntil(lambda: dock.isVisible() and 0 < dock.width() <= narrowest + 20)
    patients = window.store_link.patients.table
    qtbot.waitUntil(lambda: bool(patients_in_view(patients)))
    assert patients.horizontalScrollBar().value() == 0
    assert patients.columnWidth(2) >= patients.fontMetrics().horizontalAdvance("Booked") + 8  # the statuses shown here, whole
    assert all(patients.columnWidth(c) > patients.fontMetrics().horizontalAdvance("Zoë") for c in patients_in_view(patients))
    assert not form_scroll(window).horizontalScrollBar().isVisible()  # the form keeps its whole width
    assert toggle.isChecked()
    qtbot.waitUntil(window.store_link.patients.search.hasFocus)  # the keys in the list: F9 hides it again
    press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: not dock.isVisible())
    assert not toggle.isChecked()
    qtbot.waitUntil(lambda: assert_the_whole_list_is_readable(window.table))  # closed again: the list has its width back


def test_the_dock_as_the_user_left_it_comes_back_at_the_next_start(qtbot, make_window):
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)  # the user wants the list even on this screen
    qtbot.waitUntil(lambda: dock_of(window).isVisible())
    window.close()
    assert window.settings.window_state
    again = make_window(1024, 700, window.settings)
    qtbot.waitUntil(lambda: dock_of(again).isVisible() and dock_of(again).width() > 0)
    assert abs(dock_of(again).width() - dock_of(window).width()) <= 2
    wide = make_window(1600, 1000)
    dock_of(wide).toggleViewAction().trigger()  # closed on a large screen
    assert dock_of(wide).isHidden()
    wide.close()
    assert dock_of(make_window(1600, 1000, wide.settings)).isHidden()


@pytest.mark.parametrize("size", [(1366, 768), (1600, 1000)])
def test_larger_screens_keep_the_form_width_and_whole_columns(qtbot, make_window, size):
    window = make_window(*size)
    patients = window.store_link.patients.table
    qtbot.waitUntil(lambda: bool(patients_in_view(patients)))
    assert window.centralWidget().sizes()[0] >= FORM_WIDTH - 10
    table = window.table
    table.verticalScrollBar().show()  # as with a course longer than the screen: its scroll bar takes its width too
    qtbot.waitUntil(lambda: table.viewport().width() > 0)
    assert sum(table.columnWidth(c) for c in range(5)) <= table.viewport().width()  # through the appointment, whole


def test_a_dock_made_wide_again_gives_the_number_and_status_their_widths_back(qtbot, make_window):
    window = make_window(1024, 700)
    press_patients_key(qtbot, window)
    qtbot.waitUntil(lambda: dock_of(window).width() > 0 and dock_of(window).isVisible())
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


def test_at_1024_the_status_bar_says_how_to_open_the_closed_patients_list(qtbot, make_window):
    window = make_window(1024, 700, course=None)
    assert dock_of(window).isHidden()
    assert "View → Patients (F9)" in window.statusBar().currentMessage()


def mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].lower() if index >= 0 else None


def test_with_the_store_each_alt_letter_is_used_once_and_tab_goes_round_the_window_and_the_dock(qtbot, make_window):
    from PySide6.QtWidgets import QApplication, QLabel

    window = make_window(1024, 700)
    letters = [mnemonic(a.text()) for a in window.menuBar().actions()]
    letters += [mnemonic(window.tabs.tabText(i)) for i in range(window.tabs.count())]
    letters += [mnemonic(label.text()) for label in window.findChildren(QLabel) if label.isVisibleTo(window)]
    used = [letter for letter in letters if letter]
    assert len(used) == len(set(used)), sorted(used)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.form.patient_name.setFocus()
    seen = []
    for _ in range(80):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    dock = dock_of(window)
    assert window.table in seen and window.form.patient_name in seen  # round the window, as without the store
    assert not any(widget is not None and dock.isAncestorOf(widget) for widget in seen)  # never into the closed dock
    press_patients_key(qtbot, window)
    qtbot.waitUntil(dock.isVisible)
    window.store_link.patients.search.setFocus()
    QTest.keyClick(window.store_link.patients.search, Qt.Key.Key_Tab)  # the dock open again: Tab goes through it
    assert QApplication.focusWidget() is window.store_link.patients.status
    trail = []
    for _ in range(80):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        trail.append(QApplication.focusWidget())
    patients = window.store_link.patients.table
    assert patients in trail
    assert all(after is not patients for before, after in zip(trail, trail[1:], strict=False) if before is patients)  # never trapped
    assert window.form.patient_name in trail and window.table in trail


def test_at_1024_the_form_stays_whole_beside_the_dock_after_the_week_and_month_were_shown(qtbot, make_window):
    window = make_window(1024, 700, course=None)
    for tab in (1, 2, 0):  # the week and month pages are made when first shown; their widths must not squeeze the form
        window.tabs.setCurrentIndex(tab)
        qtbot.wait(10)
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(lambda: dock.isVisible() and dock.width() > 0)
    # the widths are shared out on a later turn of the event loop: waited for, not for a fixed time (a loaded machine)
    qtbot.waitUntil(lambda: dock.width() >= window.store_link.widths.narrowest_dock() - 20, timeout=3000)
    assert not form_scroll(window).horizontalScrollBar().isVisible()
