"""The View menu and Department settings' Save have an Alt letter, used by nothing else in their window: Alt+V opens
View (the form's Follow-up visit gave V up; every other letter of the main window is used once and none of its labels
has the one left, J), and Alt+S saves Department settings from any page (the Booking page's second session took N)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QGroupBox, QLabel, QTabBar

from planner.core.department import load_department
from planner.ui.department_settings import DepartmentDialog
from tests.test_alt_letters_once import alt_letters
from tests.test_ui_small_screen import make_window, mnemonic  # noqa: F401 - the fixture

from .booking_scenario import DEPARTMENT_FILE


@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")  # the offscreen platform, showing the menu
def test_alt_v_opens_the_view_menu_and_no_other_letter_of_the_window_is_v(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700)
    menu = window.store_link.view_menu
    title = next(a for a in window.menuBar().actions() if a.menu() is menu)
    assert mnemonic(title.text()) == "v"
    letters = [letter for letter, _ in alt_letters(window)]
    assert letters.count("v") == 1 and len(letters) == len(set(letters)), sorted(letters)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field = window.form.follow_up
    field.setFocus()
    QTest.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(menu.isVisible)
    assert [a.text() for a in menu.actions()] == ["Patients", "History"]
    QTest.keyClick(menu, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not menu.isVisible())


def dialog_letters(dialog: DepartmentDialog) -> list[str]:
    """The Alt letters of what shows in the dialog (the page on show, the tabs, the buttons)."""
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.isVisibleTo(dialog)]
    texts += [button.text() for button in dialog.findChildren(QAbstractButton) if button.isVisibleTo(dialog)]
    texts += [bar.tabText(i) for bar in dialog.findChildren(QTabBar) for i in range(bar.count())]
    return [letter for text in texts if (letter := mnemonic(text))]


@pytest.mark.parametrize("page", ["&Clinic", "C&losures", "&Machines", "&Downtime", "&Booking"])
def test_alt_s_saves_department_settings_from_every_page(qtbot, page):
    saved = []
    dialog = DepartmentDialog(load_department(DEPARTMENT_FILE), saved.append)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tabs.setCurrentIndex(next(i for i in range(dialog.tabs.count()) if dialog.tabs.tabText(i) == page))
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None and dialog.isAncestorOf(QApplication.focusWidget()))
    letters = dialog_letters(dialog)
    assert letters.count("s") == 1 and len(letters) == len(set(letters)), sorted(letters)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: len(saved) == 1)
    assert dialog.result() == dialog.DialogCode.Accepted


def test_alt_n_ticks_the_second_session_on_the_booking_page(qtbot):
    dialog = DepartmentDialog(load_department(DEPARTMENT_FILE), lambda _: None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.tabs.setCurrentWidget(dialog.booking)
    box = dialog.booking.second
    ticked = box.isChecked()
    dialog.booking.within.setFocus()
    QTest.keyClick(dialog.booking.within, Qt.Key.Key_N, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: box.isChecked() != ticked)


def test_the_close_and_rebook_offer_has_a_letter_no_page_uses_and_alt_k_takes_it(qtbot, tmp_path):
    """After a save refused over booked closures, the offer's Alt letter is its own on every page (it had R, which the
    Booking page's Urgent reserve uses), and pressing it from a field of any page closes and re-books."""
    from planner.app.booking import BookingDesk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path
    from planner.store.db import Store

    from .booking_scenario import place_bookings, stock

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        dialog = DepartmentDialog(store.department(), store.set_department, desk=BookingDesk(store, load_catalogue(default_catalogue_path())))
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.activateWindow()
        qtbot.waitUntil(dialog.isActiveWindow)
        dialog.tabs.setCurrentWidget(dialog.views["Closures"].parentWidget())
        model = dialog.closures
        model.insertRows(model.rowCount(), 1)
        model.setData(model.index(model.rowCount() - 1, 0), "2030-04-02")
        model.setData(model.index(model.rowCount() - 1, 1), "Flood")
        dialog.accept()
        assert dialog.close_button.isVisible()  # the save was refused with the offer
        offer = mnemonic(dialog.close_button.text())
        for index in range(dialog.tabs.count()):
            dialog.tabs.setCurrentIndex(index)
            letters = dialog_letters(dialog)
            letters += [letter for box in dialog.findChildren(QGroupBox) if box.isVisibleTo(dialog)
                        if (letter := mnemonic(box.title()))]
            assert letters.count(offer) == 1 and len(letters) == len(set(letters)), (dialog.tabs.tabText(index), sorted(letters))
        field = dialog.booking.within  # the Booking page is on show, the focus in one of its fields
        field.setFocus()
        QTest.keyClick(field, offer, Qt.KeyboardModifier.AltModifier)
        qtbot.waitUntil(lambda: dialog.closure is not None)
        assert dialog.result() == dialog.DialogCode.Accepted and store.department().closures[-1][1] == "Flood"
