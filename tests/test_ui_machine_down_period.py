"""The machine-down dialog's period as a calendar's event: moving "Down from" moves "Until" with it (the
period keeps its length, a one-day period stays one day), the period is said in words as it is chosen with
the sessions it moves, and a period longer than a day is asked about before the machine goes down."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog

from planner.ui.booking_dialogs import MachineDownDialog

from .store.booking_scenario import desk_on, place_bookings, stock
from .test_ui_machine_down_dialog import answer_question, show_active, stored_downtime, type_into

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    return made


@pytest.fixture
def desk(url):
    with desk_on(url) as opened:
        yield opened


@pytest.fixture
def dialog(qtbot, desk):
    return show_active(qtbot, MachineDownDialog(desk, DAY, machine="Linac 1"))


def booked_on(desk, machine: str, start: datetime, end: datetime) -> int:
    """The machine's bookings the period hits, read from the desk as the re-booking reads them."""
    days = (end.date() - start.date()).days + 1
    agenda = desk.agenda(start.date(), days, machine)
    return sum(1 for m in agenda.machines for e in m.entries if e.start < end and e.end > start)


def test_an_earlier_down_from_moves_until_with_it_all_day_keeping_one_day(dialog):
    dialog.all_day.setChecked(True)
    type_into(dialog.start.date_field, "26 Mar 2030")
    QTest.keyClick(dialog.start.date_field, Qt.Key.Key_Tab)  # confirmed by leaving the field
    assert dialog.end.date().toPython() == date(2030, 3, 26)  # not left on 2 Apr: one day stays one day
    assert dialog.period.text().startswith("Linac 1 down all day Tue 26 Mar 2030. ")
    assert not dialog.long_period()


def test_a_timed_period_keeps_its_length_when_its_start_moves(dialog):
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 3), QTime(9, 30)))  # was 2 Apr 08:00-13:00
    assert dialog.end.dateTime() == QDateTime(QDate(2030, 4, 3), QTime(14, 30))
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 4), QTime(10, 0)))  # Until alone changes the length
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 8), QTime(9, 30)))
    assert dialog.end.dateTime() == QDateTime(QDate(2030, 4, 9), QTime(10, 0))
    assert dialog.period.text().startswith("<b>Linac 1 down 24 h 30 min: Mon 8 Apr 09:30 – Tue 9 Apr 2030 10:00.")  # not "2 days"


def test_the_period_is_said_in_words_with_the_sessions_it_moves(dialog, desk):
    start, end = datetime(2030, 4, 2, 8, 0, tzinfo=LONDON), datetime(2030, 4, 2, 13, 0, tzinfo=LONDON)
    hit = booked_on(desk, "Linac 1", start, end)
    assert hit > 0
    assert dialog.period.text() == f"Linac 1 down Tue 2 Apr 2030 08:00–13:00. {hit} sessions booked on it then will be re-booked."
    dialog.all_day.setChecked(True)
    type_into(dialog.end.date_field, "9 Apr 2030")
    QTest.keyClick(dialog.end.date_field, Qt.Key.Key_Tab)
    week = booked_on(desk, "Linac 1", datetime(2030, 4, 2, tzinfo=LONDON), datetime(2030, 4, 10, tzinfo=LONDON))
    assert dialog.period.text() == (f"<b>Linac 1 down 8 days: Tue 2 Apr – Tue 9 Apr 2030, all day. {week} sessions booked on it "
                                    "then will be re-booked.</b>")
    dialog.machine.setCurrentIndex(dialog.machine.findData("CT simulator"))
    assert "CT simulator down 8 days" in dialog.period.text()


def test_a_period_longer_than_a_day_is_asked_about_and_going_back_records_nothing(qtbot, dialog, url):
    before = stored_downtime(url)
    dialog.all_day.setChecked(True)
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 9), QTime(0, 0)))
    asked: list[str] = []
    answer_question("Go back", asked)
    dialog.take_down()
    assert asked and asked[0].startswith("Take Linac 1 down for 8 days? Linac 1 down 8 days: Tue 2 Apr – Tue 9 Apr 2030, all day.")
    assert "will be re-booked" in asked[0]
    assert dialog.report is None and dialog.isVisible() and stored_downtime(url) == before
    answer_question("Take down for 8 days", asked)
    dialog.take_down()
    assert dialog.result() == QDialog.DialogCode.Accepted and dialog.report is not None
    assert stored_downtime(url)[-1][1:3] == (datetime(2030, 4, 2, tzinfo=LONDON), datetime(2030, 4, 10, tzinfo=LONDON))


def test_a_period_of_one_day_is_not_asked_about(dialog, url):
    dialog.all_day.setChecked(True)
    dialog.take_down()  # a question box would wait here for an answer no one gives
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert stored_downtime(url)[-1][1:3] == (datetime(2030, 4, 2, tzinfo=LONDON), datetime(2030, 4, 3, tzinfo=LONDON))


@pytest.mark.parametrize(("at", "until"), [((10, 30), (13, 0)), ((15, 0), (16, 0)), ((23, 30), (23, 59))])
def test_a_moment_right_clicked_in_the_day_view_starts_the_period(qtbot, desk, at, until):
    start = datetime(2030, 4, 2, *at)
    shown = show_active(qtbot, MachineDownDialog(desk, DAY, machine="Linac 2", start=start))
    assert shown.machine.currentText() == "Linac 2"
    assert shown.start.dateTime() == QDateTime(QDate(2030, 4, 2), QTime(*at))
    assert shown.end.dateTime() == QDateTime(QDate(2030, 4, 2), QTime(*until))  # a few hours, within its day
    assert shown.period.text().startswith(f"Linac 2 down Tue 2 Apr 2030 {at[0]:02d}:{at[1]:02d}")


def test_a_timed_period_over_two_days_is_asked_about_by_its_hours(dialog):
    """Down from 09:30 until noon the next day was asked as "Take Linac 1 down for 2 days?": 26 hours and a half."""
    dialog.start.setDateTime(QDateTime(QDate(2030, 4, 8), QTime(9, 30)))
    dialog.end.setDateTime(QDateTime(QDate(2030, 4, 9), QTime(12, 0)))
    asked: list[str] = []
    answer_question("Go back", asked)
    dialog.take_down()
    assert asked and asked[0].startswith("Take Linac 1 down for 26 h 30 min? Linac 1 down 26 h 30 min: Mon 8 Apr 09:30 – "
                                         "Tue 9 Apr 2030 12:00.")
