"""A course marked missed on a day it was already booked for: the booking of that day stays, shown missed; the
make-up the mark adds (at the end, or in a weekend slot) has no booking yet, and the course says so; every other
booking keeps its own session. Before, bookings were matched to the course's sessions by number: the last booked
fraction was called the make-up in the agenda and the day view, and the course's calendar and `plan --course-id`
put session 3 back on the missed day (a move 'booked') and moved every later one a day early."""

from __future__ import annotations

import json
from datetime import date

import pytest

from planner.app.course_booking import booking_facts, machines_shown, off_booking, open_as_booked
from planner.app.planning import plan
from planner.core.catalogue import load_catalogue
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.department_views import block_label

from .booking_scenario import desk_on, stock
from .command_line import run

MISSED = date(2030, 3, 27)  # the Wednesday of the first week
NOT_BOOKED = "has no booking yet: it still needs booking on a machine"


def _booked_then_missed(capsys, tmp_path, how: str) -> tuple[str, str]:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25",
                         "--prefer-time", "08:30", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", f"3={how}",
                         "--reason", "patient unwell", "--db", url)
    assert status == 0, err
    return url, err


@pytest.mark.parametrize("how", ["end", "weekend"])
def test_the_make_up_of_a_booked_day_is_not_a_booking_and_the_course_says_it_needs_one(capsys, tmp_path, how):
    url, saved = _booked_then_missed(capsys, tmp_path, how)
    assert f"the make-up for the session missed on Wed 27 Mar 2030 {NOT_BOOKED}" in saved
    assert "keep the booked time" not in saved  # the other bookings are where the course has its sessions

    with desk_on(url) as desk:
        agenda = desk.agenda(date(2030, 3, 25), 40)
    entries = [e for m in agenda.machines for e in m.entries if e.course_id == "course-prostate"]
    assert len(entries) == 20
    assert [e.start.date() for e in entries if e.missed] == [MISSED]
    assert [e for e in entries if e.make_up is not None] == []  # no booked session is the make-up

    status, out, err = run(capsys, "plan", "--course-id", "course-prostate", "--json", "--db", url)
    assert status == 0 and f"The make-up for the session missed on Wed 27 Mar 2030 {NOT_BOOKED}" in err
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    assert MISSED.isoformat() not in {a["start"][:10] for a in fractions}  # nobody is told to come on the day missed
    assert next(a["number"] for a in fractions if a["start"].startswith("2030-03-28")) == 3
    make_up = next(a for a in fractions if a["make_up"])
    booked_days = {e.start.date().isoformat() for e in entries}
    assert make_up["start"][:10] not in booked_days
    assert {a["start"][:10] for a in fractions if not a["make_up"]} == booked_days - {MISSED.isoformat()}
    # each booking is called by the number of the session it gives, as the patient's calendar has it
    numbers = {a["start"][:10]: a["number"] for a in fractions}
    assert {e.start.date().isoformat(): e.shown_number for e in entries if not e.missed} == {
        day: number for day, number in numbers.items() if day in booked_days}
    last = max(entries, key=lambda e: e.start)
    given = numbers[last.start.date().isoformat()]
    assert given == (19 if how == "end" else 20)
    assert block_label(last, False)[1] == f"{given} of 20 · Treatment"  # at the end: not '20 of 20 · Treatment · make-up'
    status, out, _ = run(capsys, "agenda", "--date", last.start.date().isoformat(), "--db", url)
    assert status == 0 and f"fraction {given}/20\n" in out

    catalogue = load_catalogue(default_catalogue_path())
    with Store.open(url) as store:  # the window: the course at its booked times, each session with its machine but the make-up
        opened = open_as_booked(store, "course-prostate", catalogue)
        facts = booking_facts(store, "course-prostate")
    schedule = plan(opened.spec, catalogue)
    shown = dict(machines_shown(schedule, facts))
    assert {f.key for f in schedule.fractions if f.key not in shown} == {f.key for f in schedule.fractions if f.make_up}
    assert off_booking(schedule, facts) == 0


def test_a_booking_on_a_day_missed_ahead_stays_the_make_up_it_was_booked_as(capsys, tmp_path):
    """Marked missed before booking: the make-up was booked with the course, and is labelled so."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "course", "save", "--course-id", "course-prostate", "--missed", "3=end", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "book", "--course-id", "course-prostate", "--earliest", "2030-03-25",
                         "--prefer-time", "08:30", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "plan", "--course-id", "course-prostate", "--db", url)
    assert status == 0 and NOT_BOOKED not in err
    with desk_on(url) as desk:
        agenda = desk.agenda(date(2030, 3, 25), 40)
    entries = sorted((e for m in agenda.machines for e in m.entries if e.course_id == "course-prostate"
                      and e.kind is AppointmentKind.FRACTION), key=lambda e: e.start)
    assert [e.number for e in entries if e.make_up is not None] == [entries[-1].number]
    assert not any(e.missed for e in entries)


def test_the_window_says_the_make_up_needs_booking_and_shows_no_machine_for_it(capsys, tmp_path, qtbot, monkeypatch):
    from .booking_scenario import main_window_on

    url, _ = _booked_then_missed(capsys, tmp_path, "end")
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        panel = window.results
        assert f"The make-up for the session missed on Wed 27 Mar 2030 {NOT_BOOKED}" in panel.notices.text()
        assert "shown at another time than booked" not in panel.notices.text()
        model = panel.model
        rows = [model.appointment(row) for row in range(model.rowCount())]
        fractions = [a for a in rows if a is not None and a.kind is AppointmentKind.FRACTION and not a.missed]
        assert [a.start.date() for a in fractions if not model.machine(a)] == [next(a.start.date() for a in fractions if a.make_up)]
        assert len(fractions) == 20


def test_the_patients_calendar_names_no_machine_for_the_make_up_not_booked(capsys, tmp_path):
    url, _ = _booked_then_missed(capsys, tmp_path, "end")
    target = tmp_path / "course.ics"
    status, _, err = run(capsys, "export", "--course-id", "course-prostate", "--phone", "+44 20 7946 0000",
                         "-o", str(target), "--db", url)
    assert status == 0, err
    data = target.read_bytes()
    events = [block for block in data.decode().split("BEGIN:VEVENT")[1:]
              if "CATEGORIES:Radiotherapy" in block and "STATUS:CANCELLED" not in block]  # the missed one is cancelled
    make_up = [block for block in events if "Make-up session" in block.replace("\r\n ", "")]
    assert len(events) == 20 and len(make_up) == 1
    assert "LOCATION:Linac" not in make_up[0]  # no machine holds it yet
    assert all("LOCATION:Linac" in block for block in events if block is not make_up[0])
