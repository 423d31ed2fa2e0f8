"""A course marked missed on a day it was already booked for says its make-up has no booking yet; the
coordinator books just that make-up (the desk's `book_make_ups`, `book --make-ups`, the Book dialog's Book the
make-up), on the day the course's schedule has it, nearest the course's time, on its machine when it has room.
Before, the course said the make-up still needed booking and nothing could book it: `book` answered 'already
booked; unbook it first'."""

from __future__ import annotations

import json
from datetime import date

import pytest

from planner.core.department import MakeUpCause
from planner.core.errors import InputError

from .booking_scenario import desk_on, stock
from .command_line import run

MISSED = date(2030, 3, 27)  # the Wednesday of the first week
NOT_BOOKED = "has no booking yet"


def booked_then_missed(capsys, tmp_path, how: str = "end") -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25",
                         "--prefer-time", "08:30", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", f"3={how}",
                         "--reason", "patient unwell", "--db", url)
    assert status == 0 and NOT_BOOKED in err, err
    return url


def test_the_desk_books_the_make_up_on_the_schedules_day_on_the_course_machine(capsys, tmp_path):
    url = booked_then_missed(capsys, tmp_path)
    with desk_on(url) as desk:
        ((mark, start, _end),) = desk.make_ups_waiting("course-prostate")
        assert mark.day == MISSED and mark.cause is MakeUpCause.MISSED
        held = desk.move_rules("course-prostate").held
        machine = next(b.machine for b in held if b.kind.value == "fraction")
        made, _ = desk.book_make_ups("course-prostate")
        assert [(b.machine, b.start, b.make_up) for b in made] == [(machine, start, mark)]
        assert made[0].start.date() > max(b.start for b in held).date()  # added at the end, after every booked session
        assert made[0].start.strftime("%H:%M") == "08:30"
        assert made[0].number == 21  # a booking of its own: the other twenty keep theirs
        assert desk.make_ups_waiting("course-prostate") == []
        with pytest.raises(InputError, match="no make-up waiting for a booking"):
            desk.book_make_ups("course-prostate")
        entries = [e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries if e.course_id == "course-prostate"]
    last = max(entries, key=lambda e: e.start)
    assert last.make_up is not None and last.make_up.day == MISSED  # the day view and the agenda call it the make-up
    status, _, err = run(capsys, "plan", "--course-id", "course-prostate", "--db", url)
    assert status == 0 and NOT_BOOKED not in err  # the course no longer says it needs booking


def test_book_make_ups_on_the_command_line_dry_run_then_booked(capsys, tmp_path):
    url = booked_then_missed(capsys, tmp_path)
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--db", url)
    assert status == 2 and "already booked" in err  # a whole booking again still needs the course unbooked first
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--dry-run", "--db", url)
    assert status == 0, err
    assert out.startswith("Would book the make-up for the session missed on Wed 27 Mar 2030: Linac ")
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--json", "--db", url)
    assert status == 0, err
    answer = json.loads(out)
    (made,) = answer["make_ups"]
    assert answer["booked"] is True and made["makes_up"] == MISSED.isoformat() and made["start"][11:16] == "08:30"
    day = made["start"][:10]
    status, out, err = run(capsys, "agenda", "--date", day, "--machine", made["machine"], "--json", "--db", url)
    (shown,) = [b for b in json.loads(out)["machines"][0]["bookings"] if b["course_id"] == "course-prostate"]
    assert (shown["start"], shown["end"]) == (made["start"], made["end"])  # written alike, as `book --json` writes them
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1 and "no make-up waiting for a booking" in err


@pytest.mark.parametrize("option", [["--earliest", "2030-04-01"], ["--prefer-time", "10:00"], ["--machine", "Linac 2"]])
def test_book_make_ups_refuses_the_options_of_a_whole_booking(capsys, tmp_path, option):
    url = booked_then_missed(capsys, tmp_path)
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", *option, "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert f"{option[0]}: not with --make-ups" in err


def test_a_day_without_room_for_the_make_up_is_refused_naming_it_and_nothing_is_booked(capsys, tmp_path):
    url = booked_then_missed(capsys, tmp_path)
    with desk_on(url) as desk:
        ((_mark, start, _end),) = desk.make_ups_waiting("course-prostate")
        day = start.date()
    for machine in ("Linac 1", "Linac 2", "Linac 3"):
        status, _, err = run(capsys, "department", "downtime", "add", machine, "--from", f"{day}T00:00", "--to",
                             f"{day}T23:59", "--reason", "service", "--db", url)
        if status != 0:  # the command's own words for downtime: machine-down records and re-books
            status, _, err = run(capsys, "machine-down", machine, "--from", f"{day}T06:00", "--to", f"{day}T21:00",
                                 "--reason", "service", "--db", url)
        assert status == 0, err
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert "no machine that can treat course course-prostate has room on" in err and "Wed 27 Mar 2030" in err
    with desk_on(url) as desk:
        assert len(desk.make_ups_waiting("course-prostate")) == 1


def test_a_weekend_make_up_without_weekend_hours_is_refused_saying_what_to_do(capsys, tmp_path):
    """The course keeps its own calendar (Saturday is no treatment day of it): the weekend make-up the coordinator
    chose is not refused for that, but no machine is open on the Saturday: the refusal says so, and what to do."""
    url = booked_then_missed(capsys, tmp_path, "weekend")
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--dry-run", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1, err
    assert "has room on Sat 30 Mar 2030 near 08:30 for the make-up of the session missed on Wed 27 Mar 2030" in err
    assert "choose another make-up for that session on the course (at the end, or a second session)" in err
    assert "fraction 21" not in err  # the booking's number is no session the coordinator knows


def test_the_book_dialog_of_a_booked_course_offers_to_book_its_make_up(qtbot, capsys, tmp_path):
    from PySide6.QtWidgets import QDialogButtonBox

    from planner.ui.booking_dialogs import BookDialog

    url = booked_then_missed(capsys, tmp_path)
    with desk_on(url) as desk:
        dialog = BookDialog(desk, "course-prostate", "Zoë Ångström")
        qtbot.addWidget(dialog)
        assert dialog.booked_note is not None
        assert "the make-up for the session missed on Wed 27 Mar 2030 has no booking yet. Book the make-up to book it on Linac " \
            in dialog.booked_note.text()
        assert dialog.booked_note.text().endswith(" 08:30.")
        assert dialog.make_up_button.text() == "Book the &make-up" and dialog.make_up_button.isEnabled()
        assert not dialog.find.isEnabled()  # the whole course is not booked again
        assert dialog.buttons.buttonRole(dialog.make_up_button) is QDialogButtonBox.ButtonRole.ActionRole
        assert dialog.make_up_button.isDefault()  # Enter books it: the one thing the dialog can do here
        dialog.make_up_button.click()
        assert dialog.result() == dialog.DialogCode.Accepted
        assert [b.make_up.day for b in dialog.made_up if b.make_up] == [MISSED]
        assert desk.make_ups_waiting("course-prostate") == []
        again = BookDialog(desk, "course-prostate", "Zoë Ångström")
        qtbot.addWidget(again)
        assert not hasattr(again, "make_up_button")  # booked whole now: nothing more to offer
        assert "has no booking yet" not in (again.booked_note.text() if again.booked_note else "")


def test_a_make_up_that_cannot_be_booked_is_said_in_the_dialog_with_what_to_do(qtbot, capsys, tmp_path):
    from planner.ui.booking_dialogs import BookDialog

    url = booked_then_missed(capsys, tmp_path, "weekend")
    with desk_on(url) as desk:
        dialog = BookDialog(desk, "course-prostate", "Zoë Ångström")
        qtbot.addWidget(dialog)
        dialog.show()
        assert not hasattr(dialog, "make_up_button"), "nothing to click that could only be refused"
        assert dialog.booked_note is not None
        assert dialog.booked_note.text().startswith("Zoë Ångström is booked, but the make-up for the session missed on "
                                                    "Wed 27 Mar 2030 has no booking yet, and cannot be booked: no machine")
        assert "choose another make-up for that session on the course" in dialog.booked_note.text()


def test_a_make_up_refused_at_booking_is_said_and_the_dialog_stays_open(qtbot, capsys, tmp_path, monkeypatch):
    """Its slot taken by another coordinator between the dialog's opening and the click: said, nothing booked."""
    from planner.core.errors import Field
    from planner.ui.booking_dialogs import BookDialog

    url = booked_then_missed(capsys, tmp_path)
    with desk_on(url) as desk:
        dialog = BookDialog(desk, "course-prostate", "Zoë Ångström")
        qtbot.addWidget(dialog)
        dialog.show()

        def taken(course_id):
            raise InputError(Field.COURSE_ID, "no machine that can treat course course-prostate has room then")

        monkeypatch.setattr(desk, "book_make_ups", taken)
        dialog.make_up_button.click()
        assert dialog.isVisible() and not dialog.made_up
        assert dialog.error.text() == "The make-up was not booked: no machine that can treat course course-prostate has room then"


def test_a_make_up_booked_meanwhile_by_another_coordinator_is_not_booked_twice(capsys, tmp_path, monkeypatch):
    url = booked_then_missed(capsys, tmp_path)
    with desk_on(url) as mine, desk_on(url) as theirs:
        planned = mine.make_up_bookings("course-prostate")  # proposed on this desk
        theirs.book_make_ups("course-prostate")  # then booked on another
        monkeypatch.setattr(mine, "make_up_bookings", lambda course_id: planned)
        with pytest.raises(InputError, match="changed meanwhile .*; nothing was booked"):
            mine.book_make_ups("course-prostate")
        entries = [e for m in mine.agenda(date(2030, 3, 25), 40).machines for e in m.entries if e.course_id == "course-prostate"]
    assert len(entries) == 21  # twenty booked, and one make-up


def test_the_agenda_counts_the_courses_fractions_not_its_bookings_once_the_make_up_is_booked(capsys, tmp_path):
    """The day view and `agenda` said '4 of 21' on every session of a 20-fraction course once its make-up was
    booked: the missed day's booking, kept as the day's record, was counted as a fraction of the course."""
    url = booked_then_missed(capsys, tmp_path)
    with desk_on(url) as desk:
        desk.book_make_ups("course-prostate")
        entries = [e for m in desk.agenda(date(2030, 3, 25), 40).machines for e in m.entries
                   if e.course_id == "course-prostate" and e.kind.value == "fraction"]
    assert len(entries) == 21  # twenty sessions and the missed day's record
    assert {e.total for e in entries} == {20}
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--days", "31", "--db", url)
    assert status == 0, err
    assert "/21" not in out and "fraction 4/20" in out


def test_book_make_ups_json_lists_the_calendars_owed_as_every_other_command_does(capsys, tmp_path):
    url = booked_then_missed(capsys, tmp_path)
    status, _, err = run(capsys, "export", "--course-id", "course-prostate", "-o", str(tmp_path / "zoe.ics"), "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "book", "--course-id", "course-prostate", "--make-ups", "--json", "--db", url)
    assert status == 0, err
    (owed,) = json.loads(out)["calendars"]
    assert owed == {"course_id": "course-prostate", "patient": owed["patient"], "changed": owed["changed"], "written": None}
    status, out, _ = run(capsys, "calendar-updates", "--json", "--db", url)
    assert json.loads(out)["calendars"] == [owed]  # the same object `calendar-updates` (and machine-down, move) list
