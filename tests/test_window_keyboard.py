"""The window by keyboard alone, and through assistive technology (offscreen)."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLabel, QScrollArea, QWidget

from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui.date_field import parse_typed_date
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="America/New_York", holidays="US-NY", review_day=1, follow_up_weeks=4)


@pytest.fixture
def window(qtbot, monkeypatch):
    win = open_window(qtbot, monkeypatch, COURSE, (1280, 860))
    win.activateWindow()
    return win


def focused() -> QWidget | None:
    return QApplication.focusWidget()


def press_tab(times: int) -> list[QWidget | None]:
    seen = []
    for _ in range(times):
        QTest.keyClick(focused(), Qt.Key.Key_Tab)
        seen.append(focused())
    return seen


def test_tab_moves_through_the_window_and_never_stays_in_the_table(window):
    window.form.patient_name.setFocus()
    seen = press_tab(80)
    assert window.table in seen
    first = seen.index(window.table)
    assert seen[first + 1] is not window.table  # one Tab into the table, the next one out of it
    assert seen.count(window.table) <= 2  # visited once per round through the window, never trapped
    assert not any(isinstance(widget, QScrollArea) for widget in seen)  # no stop on a frame that holds fields
    assert window.form.patient_name in seen[first:]  # the round ends back at the top of the form
    # Reading order: the form's fields, then the tabs, then the table.
    assert seen.index(window.form.discreet) < seen.index(window.form.urgent) < seen.index(window.tabs.tabBar()) < first


def test_a_date_field_is_one_tab_stop(window):
    window.form.start.setFocus()
    QTest.keyClick(window.form.start, Qt.Key.Key_Tab)
    assert focused() is window.form.time
    QTest.keyClick(window.form.time, Qt.Key.Key_Tab)  # the time too: hours and minutes are one field
    assert focused() is window.form.duration


@pytest.mark.parametrize("select_all", [False, True])
@pytest.mark.parametrize(("typed", "wanted"), [("07:45", "07:45"), ("0745", "07:45"), ("07.45", "07:45"), ("1:45", "01:45")])
def test_a_time_typed_with_its_colon_stays_in_the_time_field(window, typed, wanted, select_all):
    """The tester's keys: Tab to the time, Ctrl+A, "07:45". The colon used to send the minutes on to
    the session length (45 min) and leave the time as it was."""
    before = window.form.duration.value()
    window.form.start.setFocus()
    QTest.keyClick(window.form.start, Qt.Key.Key_Tab)
    assert focused() is window.form.time
    if select_all:
        QTest.keyClick(window.form.time, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(window.form.time, typed)
    assert focused() is window.form.time
    QTest.keyClick(window.form.time, Qt.Key.Key_Tab)
    assert window.form.time.time().toString("HH:mm") == wanted
    assert focused() is window.form.duration and window.form.duration.value() == before


@pytest.mark.parametrize("typed, wanted", [("7 Dec 2026", date(2026, 12, 7)), ("2026-12-08", date(2026, 12, 8)),
                                           ("Wed 9 December 2026", date(2026, 12, 9)), ("Dec 10, 2026", date(2026, 12, 10)),
                                           ("11/12/2026", date(2026, 12, 11))])
def test_typing_a_date_into_the_first_fraction(window, typed, wanted):
    field = window.form.start
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, typed)
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert field.date() == QDate(wanted.year, wanted.month, wanted.day)
    assert window.session.spec.start == wanted
    assert field.text() == f"{wanted:%a} {wanted.day} {wanted:%b %Y}"


def test_a_typed_text_that_is_no_date_is_named_beside_the_field_and_changes_nothing(window):
    field = window.form.start
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "31 Feb 2026")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.session.spec.start == date(2026, 12, 7)
    message = window.form.errors["start"].text()
    assert window.form.errors["start"].isVisible() and message.startswith("'31 Feb 2026' is not a date")
    field.selectAll()
    QTest.keyClicks(field, "2026-12-14")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert not window.form.errors["start"].isVisible() and window.session.spec.start == date(2026, 12, 14)


def test_the_date_parser_takes_the_locale_order_for_numbers():
    assert parse_typed_date("3/4/2027", day_first=True) == date(2027, 4, 3)
    assert parse_typed_date("3/4/2027", day_first=False) == date(2027, 3, 4)
    assert parse_typed_date("3/4/27", day_first=True) == date(2027, 4, 3)
    assert parse_typed_date("13/13/2027") is None and parse_typed_date("") is None and parse_typed_date("soon") is None


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on any popup
@pytest.mark.parametrize("key, modifier", [(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_F4, Qt.KeyboardModifier.NoModifier)])
def test_alt_down_and_f4_open_the_calendar_on_the_fields_month(window, qtbot, key, modifier):
    field = window.form.start
    field.setFocus()
    QTest.keyClick(field, key, modifier)
    popup = field.calendarWidget()
    qtbot.waitUntil(popup.isVisible)
    assert (popup.yearShown(), popup.monthShown()) == (2026, 12)
    popup.activated.emit(QDate(2026, 12, 15))  # Enter on a day
    assert not popup.isVisible() and window.session.spec.start == date(2026, 12, 15)


def mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].lower() if index >= 0 else None


def test_each_alt_letter_is_used_once_and_labels_point_at_their_field(window):
    window.tabs.setCurrentIndex(1)
    window.tabs.setCurrentIndex(2)
    window.tabs.setCurrentIndex(0)
    letters = [mnemonic(a.text()) for a in window.menuBar().actions()]
    letters += [mnemonic(window.tabs.tabText(i)) for i in range(window.tabs.count())]
    labels = [label for label in window.findChildren(QLabel) if mnemonic(label.text())]
    letters += [mnemonic(label.text()) for label in labels]
    used = [letter for letter in letters if letter]
    assert len(used) == len(set(used)), sorted(used)
    assert len(labels) >= 17
    for label in labels:
        buddy = label.buddy()
        assert buddy is not None and buddy.focusPolicy() & Qt.FocusPolicy.TabFocus, label.text()


@pytest.mark.parametrize("letter, target", [(Qt.Key.Key_Z, "tz"), (Qt.Key.Key_C, "start"), (Qt.Key.Key_B, "patient_id"),
                                            (Qt.Key.Key_I, "country"), (Qt.Key.Key_K, "review_day")])
def test_alt_letter_moves_focus_to_the_field(window, letter, target):
    window.form.patient_name.setFocus()
    QTest.keyClick(focused(), letter, Qt.KeyboardModifier.AltModifier)
    widget = getattr(window.form, target)
    assert focused() is widget or (focused() is not None and widget.isAncestorOf(focused()))


def test_alt_letters_of_the_tab_bar_switch_tabs(window):
    window.form.patient_name.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 1
    QTest.keyClick(focused(), Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 2
    QTest.keyClick(focused(), Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 0


def test_ctrl_z_undoes_while_focus_is_in_a_spin_a_time_or_a_date_field(window):
    form = window.form
    form.count.setFocus()
    form.count.selectAll()
    QTest.keyClicks(form.count, "25")
    QTest.keyClick(form.count, Qt.Key.Key_Tab)
    assert window.session.spec.fractions == 25
    form.count.setFocus()
    QTest.keyClick(form.count, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.spec.fractions == 20 and form.count.value() == 20
    form.time.setFocus()
    QTest.keyClick(form.time, Qt.Key.Key_Up)
    assert window.session.spec.time.hour == 10
    QTest.keyClick(form.time, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.spec.time.hour == 9
    form.start.setFocus()
    QTest.keyClick(form.start, Qt.Key.Key_Up)  # a day later
    assert window.session.spec.start == date(2026, 12, 8)
    QTest.keyClick(form.start, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.spec.start == date(2026, 12, 7) and form.start.date() == QDate(2026, 12, 7)


def accessible_children(widget: QWidget) -> list[tuple[str, str]]:
    interface = QAccessible.queryAccessibleInterface(widget)
    assert interface is not None
    found = []
    for index in range(interface.childCount()):
        child = interface.child(index)
        if child is not None and child.text(QAccessible.Text.Name):
            found.append((child.text(QAccessible.Text.Name), child.text(QAccessible.Text.Description)))
    return found


def test_the_week_view_tells_assistive_technology_every_appointment(window, qtbot):
    window.tabs.setCurrentIndex(1)
    window.week.go(date(2026, 12, 7))
    names = [name for name, _ in accessible_children(window.week.view)]
    assert "Radiotherapy 1 of 20, Monday 7 December, 09:00 to 09:20" in names
    assert "On-treatment review (week 1), Tuesday 8 December, 09:20 to 09:35" in names or any(
        n.startswith("On-treatment review (week 1), Tuesday 8 December") for n in names)
    fractions = [n for n in names if n.startswith("Radiotherapy")]
    assert len(fractions) == 5
    descriptions = dict(accessible_children(window.week.view))
    assert "2026" in descriptions["Radiotherapy 1 of 20, Monday 7 December, 09:00 to 09:20"]
    # The arrow keys choose a block; its name becomes the view's description.
    window.week.view.setFocus()
    QTest.keyClick(window.week.view, Qt.Key.Key_Right)
    assert window.week.view.accessibleDescription().startswith("Radiotherapy 1 of 20")


def test_the_month_view_tells_assistive_technology_every_appointment(window):
    window.tabs.setCurrentIndex(2)
    names = [name for name, _ in accessible_children(window.month)]
    december = [n for n in names if n.startswith("Radiotherapy")]
    assert "Radiotherapy 1 of 20, Monday 7 December, 09:00 to 09:20" in december
    assert len(december) == sum(1 for f in window.session.schedule.fractions if f.start.month == 12)
    assert any(n.startswith("On-treatment review") for n in names)


def dialogs_accepted() -> int:
    from PySide6.QtWidgets import QDialog

    return QDialog.DialogCode.Accepted.value


def test_the_move_dialog_takes_a_typed_date_and_time(window, qtbot):
    from planner.ui.dialogs import MoveDialog

    appointment = window.session.schedule.find(AppointmentKey.fraction(3))
    dialog = MoveDialog(appointment, window, clinic=window.session.schedule.request.calendar)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.day.setFocus()
    QTest.keyClick(dialog.day, Qt.Key.Key_Tab)
    assert focused() is dialog.time
    QTest.keyClicks(dialog.time, "1030")  # straight through: the minutes follow the hours
    dialog.day.setFocus()
    dialog.day.selectAll()
    QTest.keyClicks(dialog.day, "2026-12-12")
    QTest.keyClick(dialog.day, Qt.Key.Key_Return)  # Enter takes the typed date and accepts the dialog
    assert dialog.result() == dialogs_accepted()
    assert dialog.moment() == datetime(2026, 12, 12, 10, 30)
    dialog.day.calendarWidget().setCurrentPage(2026, 12)
    assert "Christmas" in dialog.day.calendarWidget().dateTextFormat(QDate(2026, 12, 25)).toolTip()
    dialog.close()


def test_a_typed_date_outside_the_planners_calendar_is_named_not_taken(window):
    field = window.form.start
    field.setFocus()
    field.selectAll()
    QTest.keyClicks(field, "1 Jan 2300")
    QTest.keyClick(field, Qt.Key.Key_Return)
    assert window.session.spec.start == date(2026, 12, 7)
    assert "outside the planner's calendar" in window.form.errors["start"].text()
