"""The booking dialog in the window's words: it names the patient it books, says at once (not after
Find proposals, not with a command-line option and a raw id) that a booked course must be released
first and where, and its proposal columns say what they count. The command line's text says the
same counts in words; its JSON keys stay."""

from __future__ import annotations

import contextlib
import io
import json
from datetime import date, datetime, time

import pytest
from PySide6.QtWidgets import QHeaderView

from planner.app.booking import open_desk
from planner.cli import main
from planner.ui.booking_dialogs import PROPOSAL_COLUMNS, BookDialog
from planner.ui.formats import day_text
from planner.ui.main_window import catalogue_at

from .booking_scenario import place_bookings, stock


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-spine",))
    return url


@pytest.fixture
def desk(url):
    with open_desk(url, catalogue_at("")) as opened:
        yield opened


def test_a_booked_course_is_said_at_once_with_the_patient_and_where_to_unbook(qtbot, desk):
    dialog = BookDialog(desk, "course-lung")  # no patient given: the dialog finds it
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Book Bea Lindqvist" and dialog.patient_label.text() == "Bea Lindqvist"
    assert dialog.booked_note is not None
    said = dialog.booked_note.text()
    assert not dialog.booked_note.isHidden()
    # the treatment's booking as the window's summary says it (the planning scan's day and the CT simulator were said)
    assert said.startswith("Bea Lindqvist is already booked on Linac 2 at 09:00 from ") and "Department → Unbook this course…" in said
    assert "CT simulator" not in said
    assert "course-id" not in said and "course-lung" not in said
    assert not dialog.find.isEnabled() and not dialog.book_button.isEnabled() and not dialog.prefer_time.isEnabled()


def test_an_unbooked_course_names_its_patient_and_offers_proposals(qtbot, desk):
    dialog = BookDialog(desk, "course-spine")
    qtbot.addWidget(dialog)
    assert dialog.patient_label.text() == "Dora Mbeki" and dialog.booked_note is None and dialog.find.isEnabled()
    dialog.find_proposals()
    assert dialog.table.rowCount() >= 1 and dialog.book_button.isEnabled()


def test_the_proposal_columns_say_what_they_count_and_the_wait_does_not_take_the_room(qtbot, desk):
    dialog = BookDialog(desk, "course-spine")
    qtbot.addWidget(dialog)
    dialog.resize(760, 420)
    dialog.show()
    dialog.find_proposals()
    headers = [dialog.table.horizontalHeaderItem(c) for c in range(dialog.table.columnCount())]
    assert [h.text() for h in headers] == list(PROPOSAL_COLUMNS)
    assert "Sessions off time" in PROPOSAL_COLUMNS and "Sessions on other machine" in PROPOSAL_COLUMNS
    assert "more than 15 minutes off the daily time" in headers[3].toolTip() and "another machine" in headers[4].toolTip()
    header = dialog.table.horizontalHeader()
    assert not header.stretchLastSection() and header.sectionResizeMode(1) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(5) < dialog.table.viewport().width() // 3


def test_the_command_lines_proposals_say_sessions_and_working_days_in_words(url):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["book", "--db", url, "--course-id", "course-spine", "--dry-run"]) == 0
    text = out.getvalue()
    assert " off the daily time, " in text and " on another machine, wait " in text
    assert "working day(s)" not in text and "off machine" not in text
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["book", "--db", url, "--course-id", "course-spine", "--dry-run", "--json"]) == 0
    first = json.loads(out.getvalue())["alternatives"][0]
    assert {"off_time", "off_machine", "wait_days"} <= set(first)  # the contract's keys unchanged


def test_a_course_booked_meanwhile_is_refused_without_option_names(qtbot, desk, url):
    dialog = BookDialog(desk, "course-spine", "Dora Mbeki")
    qtbot.addWidget(dialog)
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", "course-spine"]) == 0  # another coordinator, meanwhile
    dialog.find_proposals()
    assert "already booked" in dialog.error.text() and "course-id" not in dialog.error.text()


def test_an_urgent_course_is_told_its_due_day_and_each_proposal_whether_it_meets_it(qtbot, desk):
    dialog = BookDialog(desk, "course-spine")
    qtbot.addWidget(dialog)
    dialog.urgent.setChecked(True)
    dialog.find_proposals()
    due = dialog.answer.urgent_due
    assert due is not None and dialog.answer.urgent
    best = dialog.chosen()
    assert best is not None
    word = "after" if best.first > due else "by"
    assert f"Starts {word} the urgent due day, {day_text(due)}." in dialog.notes.text()
    dialog.urgent.setChecked(False)
    dialog.find_proposals()
    if dialog.answer.urgent:  # the course itself is marked urgent: booked so whatever the box says
        return
    assert dialog.answer.urgent_due is None and "urgent due day" not in dialog.notes.text()


def test_a_first_session_off_the_daily_time_is_said_under_the_proposals(desk):
    from datetime import timedelta

    from planner.booking.model import Proposal
    from planner.core.department import Booking
    from planner.core.kinds import AppointmentKind
    from planner.ui.booking_dialogs import proposal_notes

    start = datetime(2030, 3, 26, 8, 0, tzinfo=desk.zone)
    first = Booking("c", AppointmentKind.FRACTION, 1, "Linac 2", start, start + timedelta(minutes=40))
    second = Booking("c", AppointmentKind.FRACTION, 2, "Linac 2", start + timedelta(days=1, minutes=10),
                     start + timedelta(days=1, minutes=40))
    proposal = Proposal(date(2030, 3, 26), "Linac 2", time(8, 10), 0, 0, 0, 0, (first, second), ())
    assert "The first session (Tue 26 Mar 2030) is at 08:00, the others at 08:10." in proposal_notes(proposal, desk)
    on_time = Proposal(date(2030, 3, 26), "Linac 2", time(8, 0), 0, 0, 0, 0, (first, second), ())
    assert not [n for n in proposal_notes(on_time, desk) if "first session" in n]


def test_the_notes_say_where_sessions_off_the_daily_time_are_rather_than_the_others_at_it(desk):
    """A twice-daily course's second sessions, and days whose time was taken, are not 'at the daily time':
    the notes name the first session, each day at another time and the second sessions' time."""
    from datetime import timedelta

    from planner.booking.model import Proposal
    from planner.core.department import Booking
    from planner.core.kinds import AppointmentKind
    from planner.ui.booking_dialogs import proposal_notes

    def session(number: int, day: int, hour: int, minute: int = 0) -> Booking:
        start = datetime(2030, 3, day, hour, minute, tzinfo=desk.zone)
        return Booking("c", AppointmentKind.FRACTION, number, "Linac 1", start, start + timedelta(minutes=30))

    twice_daily = (session(1, 26, 8, 50), session(2, 26, 15, 20), session(3, 27, 8), session(4, 27, 14, 20),
                   session(5, 28, 8), session(6, 28, 14, 20))
    proposal = Proposal(date(2030, 3, 26), "Linac 1", time(8, 0), 4, 0, 0, 0, twice_daily, ())
    notes = proposal_notes(proposal, desk)
    assert "The first session (Tue 26 Mar 2030) is at 08:50, each other day's first at 08:00." in notes
    assert "Second sessions at 14:20 (Tue 26 Mar 15:20)." in notes
    assert not [n for n in notes if "the others at" in n]
    taken = (session(1, 26, 8, 50), session(2, 27, 9, 40), session(3, 28, 8))  # Wednesday's 08:00 was taken
    notes = proposal_notes(Proposal(date(2030, 3, 26), "Linac 1", time(8, 0), 2, 0, 0, 0, taken, ()), desk)
    assert notes[:2] == ["The first session (Tue 26 Mar 2030) is at 08:50.", "1 day at another time than 08:00: Wed 27 Mar 09:40."]


def test_the_notes_name_the_sessions_on_another_machine(desk):
    """'Sessions on other machine: 2' said which: the coordinator tells the patient where to go those days."""
    from datetime import timedelta

    from planner.booking.model import Proposal
    from planner.core.department import Booking
    from planner.core.kinds import AppointmentKind
    from planner.ui.booking_dialogs import proposal_notes

    def session(number: int, day: int, machine: str) -> Booking:
        start = datetime(2030, 3, day, 9, 0, tzinfo=desk.zone)
        return Booking("c", AppointmentKind.FRACTION, number, machine, start, start + timedelta(minutes=20))

    sessions = (session(1, 26, "Linac 2"), session(2, 27, "Linac 1"), session(3, 28, "Linac 2"))
    notes = proposal_notes(Proposal(date(2030, 3, 26), "Linac 2", time(9, 0), 0, 1, 0, 0, sessions, ()), desk)
    assert "1 session on another machine than Linac 2: Wed 27 Mar 09:00 on Linac 1." in notes


def test_a_twice_daily_course_preferred_too_late_is_said_under_the_preferred_time(qtbot, tmp_path):
    """At 12:00 a twice-daily course's second session (6 hours later) would end after every machine closes: the dialog
    says so in the words of its field, 'Preferred daily time: ...', not 'book: no eligible machine has room ...'."""
    url = stock(f"sqlite:///{tmp_path / 'twice.db'}", (("course-lung-bd", "Ida Berg", "H0009", "lung", "30-twice-daily", None),))
    with open_desk(url, catalogue_at("")) as desk:
        dialog = BookDialog(desk, "course-lung-bd")
        qtbot.addWidget(dialog)
        dialog.use_earliest.setChecked(False)
        dialog.earliest.setDate(date(2030, 3, 25))
        dialog.find_proposals()  # at the course's own time first: proposals
        assert dialog.table.rowCount() >= 1
        dialog.prefer_time.setTime(time(12, 0))
        assert dialog.notes.text().startswith("The choices changed")
        dialog.find_proposals()
        assert dialog.notes.text() == ""  # sought for these choices: the refusal alone, no stale 'choices changed'
        said = dialog.error.text()
        assert said.startswith("Preferred daily time: no eligible machine has room within 400 days for this twice-daily "
                               "course with its first session near 12:00"), said
        assert "course-lung-bd" not in said  # the window names no raw id
        assert said.endswith("second session, 6 hours later, must fit in a machine's hours too; give an earlier time."), said
        assert dialog.table.rowCount() == 0 and not dialog.book_button.isEnabled()
        dialog.prefer_time.setTime(time(10, 0))
        dialog.find_proposals()
        assert dialog.table.rowCount() >= 1 and dialog.error.text() == ""
