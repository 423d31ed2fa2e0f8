"""Edit → Settings by keyboard: the time zone is checked where it is typed (the message beside it when the field is
left or Enter is pressed, gone once the text is a zone) and a bad one is never saved; Enter in the zone field accepts
the completion or moves on, it never saves and closes the dialog; Space on the Holidays lists does not open them
(F4 and Alt+Down do), and the open list of regions is wide enough to read its longest name."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QStyleFactory

from planner.ui.dialogs import SettingsDialog
from planner.ui.main_window import catalogue_at
from planner.ui.zone_field import ZoneField
from tests.test_ui import SETTINGS
from tests.test_ui_machine_down_dialog import show_active

POPUP_NOTES = ("does not support raise", "does not support grabbing")  # the offscreen platform, on any popup


def shown_active(qtbot, settings):
    """The Settings dialog on `settings`, shown and active (its keys go to it)."""
    return show_active(qtbot, SettingsDialog(settings, catalogue_at))


@pytest.fixture
def dialog(qtbot):
    return shown_active(qtbot, replace(SETTINGS, time_zone="America/New_York"))


def focused():
    return QApplication.focusWidget()


def type_zone(dialog: SettingsDialog, text: str) -> None:
    dialog.time_zone.setFocus()
    line = dialog.time_zone.lineEdit()
    line.selectAll()
    QTest.keyClick(focused(), Qt.Key.Key_Delete)
    QTest.keyClicks(focused(), text)


def press(dialog: SettingsDialog, key: Qt.Key) -> None:
    """A key as a desktop delivers it: to the completer's list while it is open (it has the keyboard), else to
    the field with the focus (offscreen, the open list does not take the keyboard itself)."""
    popup = dialog.time_zone.completer().popup()
    QTest.keyClick(popup if popup.isVisible() else focused(), key)


def zone_message(dialog: SettingsDialog) -> str:
    error = dialog.errors["time_zone"]
    return error.text() if error.isVisibleTo(dialog) else ""


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_bad_zone_is_said_beside_the_field_when_it_is_left_and_goes_once_it_is_right(dialog):
    type_zone(dialog, "Europe/Lundon")
    assert zone_message(dialog) == ""  # not while typing
    press(dialog, Qt.Key.Key_Tab)
    assert not dialog.time_zone.hasFocus()
    assert "'Europe/Lundon' is not an IANA time zone" in zone_message(dialog)
    type_zone(dialog, "europe/london")
    assert zone_message(dialog) == ""  # gone as soon as it is a zone
    press(dialog, Qt.Key.Key_Tab)
    assert dialog.time_zone.currentText() == "Europe/London"  # as IANA spells it


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_a_bad_zone_is_not_saved(dialog):
    type_zone(dialog, "Mars/Olympus")
    dialog._accept()
    assert dialog.result_settings is None and dialog.isVisible()
    assert "'Mars/Olympus'" in zone_message(dialog)
    type_zone(dialog, "")  # empty: this computer's zone
    dialog._accept()
    assert dialog.result_settings is not None and dialog.result_settings.time_zone == ""


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_enter_in_the_zone_field_moves_on_and_does_not_save(dialog):
    type_zone(dialog, "Europe/London")
    press(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result_settings is None and dialog.result() == 0
    assert focused() is dialog.day_boxes[0]  # on to the next field
    type_zone(dialog, "Europe/Lundon")
    press(dialog, Qt.Key.Key_Enter)
    assert dialog.isVisible() and dialog.result_settings is None
    assert dialog.time_zone.hasFocus() and "'Europe/Lundon'" in zone_message(dialog)  # kept there, and told why


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_enter_on_a_completion_takes_it_and_does_not_save(qtbot, dialog):
    type_zone(dialog, "lond")
    popup = dialog.time_zone.completer().popup()
    qtbot.waitUntil(popup.isVisible)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    assert dialog.time_zone.currentText() == "Europe/London"
    assert dialog.isVisible() and dialog.result_settings is None and zone_message(dialog) == ""


def test_a_zone_field_that_must_hold_a_zone_says_so_when_empty(qtbot):
    field = ZoneField("")
    qtbot.addWidget(field)
    assert field.check() == "Choose a time zone, e.g. Europe/London"
    field.setCurrentText("asia/TOKYO")
    assert field.check() == "" and field.zone() == "Asia/Tokyo"


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
@pytest.mark.parametrize("which", ["country", "subdivision"])
def test_space_does_not_open_a_holidays_list_but_f4_and_alt_down_do(qtbot, dialog, which):
    combo = getattr(dialog.holidays, which)
    assert combo.isEnabled()  # SETTINGS has US-NY: the regions are offered
    combo.setFocus()
    index = combo.currentIndex()
    QTest.keyClick(combo, Qt.Key.Key_Space)
    qtbot.wait(20)
    assert not combo.view().isVisible() and combo.currentIndex() == index and dialog.isVisible()
    for key, modifier in ((Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier), (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)):
        QTest.keyClick(combo, key, modifier)
        qtbot.waitUntil(combo.view().isVisible)
        combo.hidePopup()
        qtbot.waitUntil(lambda: not combo.view().isVisible())


def test_a_space_within_a_typed_country_name_is_part_of_it(qtbot, dialog):
    """Typing 'United K' on the Holidays country picked United Arab Emirates: the Space (kept from opening the
    list) was dropped, so 'K' did not go on the name. A Space on its own still changes nothing."""
    combo = dialog.holidays.country
    combo.setFocus()
    combo.setCurrentIndex(0)
    kept = QApplication.keyboardInputInterval()
    QApplication.setKeyboardInputInterval(1_000_000)  # the letters are one name however slow the machine
    try:
        QTest.keyClicks(combo, "United K")
        assert combo.currentData() == "GB" and not combo.view().isVisible()
        combo.setCurrentIndex(combo.findData("US"))
        combo.view().keyboardSearch("")  # a new search, as after a pause
        QTest.keyClick(combo, Qt.Key.Key_Space)
        assert combo.currentData() == "US" and not combo.view().isVisible()
    finally:
        QApplication.setKeyboardInputInterval(kept)


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
@pytest.mark.parametrize("style", ["Fusion", "Windows"])  # Fusion widens the list itself, other styles did not
def test_the_open_region_list_is_wide_enough_for_its_longest_name(qtbot, dialog, style):
    combo = dialog.holidays.subdivision
    kept = QStyleFactory.create(style)
    combo.setStyle(kept)
    dialog.holidays.set_code("IN")  # "Dadra and Nagar Haveli and Daman and Diu (DH)"
    view = combo.view()
    longest = max(view.fontMetrics().horizontalAdvance(combo.itemText(row)) for row in range(combo.count()))
    assert combo.width() < longest  # the field itself is narrower than the name
    combo.showPopup()
    qtbot.waitUntil(view.isVisible)
    assert view.viewport().width() >= longest  # beside its scroll bar, if it has one
    screen = combo.screen().availableGeometry()
    assert view.window().width() <= screen.width()
    combo.hidePopup()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_course_forms_lists_do_not_open_on_space_either(qtbot, monkeypatch):
    from tests.test_settings_keys_wheel import COURSE
    from tests.window_helpers import open_window

    window = open_window(qtbot, monkeypatch, COURSE, (1024, 700))
    window.activateWindow()
    for combo in (window.form.country, window.form.pattern, window.form.review_day):
        combo.setFocus()
        QTest.keyClick(combo, Qt.Key.Key_Space)
        qtbot.wait(10)
        assert not combo.view().isVisible(), combo.toolTip()


@pytest.mark.qt_log_ignore(*POPUP_NOTES)
def test_the_zone_message_and_the_messages_at_save_show_whole(qtbot):
    dialog = shown_active(qtbot, replace(SETTINGS, clinic_phone="call reception"))
    type_zone(dialog, "Europe/Lundon")
    dialog.time_zone.check()
    error = dialog.errors["time_zone"]
    assert error.isVisible() and error.height() >= error.heightForWidth(error.width()) > error.fontMetrics().height()  # wrapped
    dialog._accept()
    for key in ("time_zone", "clinic_phone"):
        error = dialog.errors[key]
        assert error.isVisible() and error.height() >= error.heightForWidth(error.width()), key
