"""A booked session marked missed in advance (the patient phoned: they cannot come on Wednesday) gives its machine time
up: the store's own overlap check (SQLite in its write transaction, PostgreSQL's exclusion constraint), the desk's
move check and the engine's free-time search see that time free for another patient, while the course keeps the
booking as the record of the missed day. Taking the mark back gives the session its time again when that is still
free; when another patient was booked there meanwhile it is refused, nothing saved, with the nearest free time that
day: never an overlap. A session begun or past keeps its booking (and its time) as it was.

The golden department: Zoë Ångström's prostate course on Linac 1 at 08:30 and Eamon O'Neill's on Linac 2 at 08:30
(the two linacs are beam-matched), from Mon 25 Mar 2030."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation
from planner.core.course import MissedSession
from planner.core.errors import InputError
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import desk_on, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
WEDNESDAY = date(2030, 3, 27)
MISSED_AT = datetime(2030, 3, 27, 8, 30, tzinfo=LONDON)
COURSE, OTHER = "course-prostate", "course-prostate-2"


def booked(capsys, store_url: str) -> str:
    made = stock(store_url)
    for course_id in (COURSE, OTHER):
        status, _, err = run(capsys, "book", "--course-id", course_id, "--earliest", "2030-03-25", "--prefer-time", "08:30",
                             "--db", made)
        assert status == 0, err
    return made


@pytest.fixture
def url(store_url: str, capsys) -> str:
    return booked(capsys, store_url)


def fraction_on(url: str, course_id: str, day: date) -> db.Booking:
    with Store.open(url) as store, store.engine.connect() as connection:
        return next(b for b in db.course_bookings(connection, course_id)
                    if b.kind is AppointmentKind.FRACTION and b.start.astimezone(LONDON).date() == day)


def mark_missed(url: str, day: date, missed: bool = True) -> None:
    with Store.open(url) as store:
        opened = store.load_course(COURSE)
        adjustments = (opened.spec.adjustments.with_missed(MissedSession(day=day, reason="patient phoned")) if missed
                       else replace(opened.spec.adjustments, missed=()))
        store.save_course(opened.spec.updated(adjustments=adjustments), opened.version)


def move_other_into_the_slot(url: str) -> None:
    """Eamon's Wednesday session onto Linac 1 at 08:30, Zoë's time, through the desk (its checks, then the store's)."""
    theirs = fraction_on(url, OTHER, WEDNESDAY)
    with desk_on(url) as desk:
        desk.move(OTHER, [Relocation(AppointmentKind.FRACTION, theirs.number, "Linac 1", MISSED_AT)])


def test_the_time_of_a_session_marked_missed_ahead_is_free_for_another_patient(url):
    mine = fraction_on(url, COURSE, WEDNESDAY)
    assert (mine.machine, mine.start) == ("Linac 1", MISSED_AT) and not mine.released
    with pytest.raises(InputError, match="overlaps"):  # before the mark, the time is Zoë's
        move_other_into_the_slot(url)
    mark_missed(url, WEDNESDAY)
    kept = fraction_on(url, COURSE, WEDNESDAY)
    assert kept.released and (kept.machine, kept.start) == ("Linac 1", MISSED_AT)  # the record of the day stays
    with desk_on(url) as desk:  # the engine's free-time search sees 08:30 free on Linac 1 that Wednesday
        engine = desk.free_time()
        minute = 8 * 60 + 30
        assert engine._nearest(engine._machine("Linac 1"), WEDNESDAY, 20, minute, desk.today, True) == minute
    move_other_into_the_slot(url)
    theirs = fraction_on(url, OTHER, WEDNESDAY)
    assert (theirs.machine, theirs.start) == ("Linac 1", MISSED_AT) and not theirs.released
    with desk_on(url) as desk:  # the agenda shows both: the missed record, and the session now given there
        entries = [e for e in desk.agenda(WEDNESDAY, 1, "Linac 1").machines[0].entries if e.start == MISSED_AT]
    assert sorted((e.course_id, e.missed, e.released) for e in entries) == [(COURSE, True, True), (OTHER, False, False)]


def test_the_store_itself_books_into_released_time_and_still_refuses_a_real_overlap(url):
    mark_missed(url, WEDNESDAY)
    mine = fraction_on(url, COURSE, WEDNESDAY)
    other = fraction_on(url, OTHER, WEDNESDAY)
    with Store.open(url) as store:
        with db.writing(store.engine, store.display_url) as connection:  # what a desk does, past its own checks
            db.place(connection, [replace(other, machine="Linac 1", start=mine.start, end=mine.end)])
        thursday = fraction_on(url, OTHER, WEDNESDAY + timedelta(days=1))
        clash = fraction_on(url, COURSE, WEDNESDAY + timedelta(days=1))
        with pytest.raises(db.SlotTaken), db.writing(store.engine, store.display_url) as connection:
            db.place(connection, [replace(thursday, machine="Linac 1", start=clash.start, end=clash.end)])


def test_taking_the_mark_back_gives_the_time_back_while_it_is_free(url):
    mark_missed(url, WEDNESDAY)
    mark_missed(url, WEDNESDAY, missed=False)
    assert not fraction_on(url, COURSE, WEDNESDAY).released
    with pytest.raises(InputError, match="overlaps"):
        move_other_into_the_slot(url)


def test_taking_the_mark_back_after_the_time_was_booked_is_refused_with_the_nearest_free_time(url):
    mark_missed(url, WEDNESDAY)
    move_other_into_the_slot(url)
    with Store.open(url) as store:
        version = store.load_course(COURSE).version
    with pytest.raises(db.MissedSlotTaken) as refused:
        mark_missed(url, WEDNESDAY, missed=False)
    message = str(refused.value)
    assert message.startswith("The session of Wed 27 Mar 2030 at 08:30 on Linac 1 cannot be given back")
    assert "booked for another patient" in message and "Nothing was saved" in message
    nearest = refused.value.nearest
    assert nearest is not None and nearest.astimezone(LONDON).date() == WEDNESDAY
    with Store.open(url) as store:
        assert store.load_course(COURSE).version == version  # nothing saved: still marked missed
        assert store.load_course(COURSE).spec.adjustments.missed
    assert fraction_on(url, COURSE, WEDNESDAY).released
    # The offer holds: the missed record moved there by hand, the mark taken back, the session is given at that time.
    with desk_on(url) as desk:
        desk.move(COURSE, [Relocation(AppointmentKind.FRACTION, fraction_on(url, COURSE, WEDNESDAY).number, "Linac 1",
                                      nearest.astimezone(LONDON))])
    mark_missed(url, WEDNESDAY, missed=False)
    given = fraction_on(url, COURSE, WEDNESDAY)
    assert not given.released and given.start == nearest


def test_a_session_begun_or_past_keeps_its_time(url):
    """Marked missed once its time has come (the patient did not turn up): the booking keeps the machine time it had."""
    with Store.open(url) as store, store.engine.connect() as connection:
        monday = next(b for b in db.course_bookings(connection, COURSE) if b.number == 1)
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.follow_missed(connection, COURSE, [monday.start.astimezone(LONDON).date()], LONDON, monday.start + timedelta(minutes=5))
    assert not fraction_on(url, COURSE, monday.start.astimezone(LONDON).date()).released
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.follow_missed(connection, COURSE, [WEDNESDAY], LONDON, datetime.combine(WEDNESDAY, time(12), tzinfo=LONDON))
    assert not fraction_on(url, COURSE, WEDNESDAY).released
    assert datetime.now(UTC) < MISSED_AT  # the other tests mark a session still to come


def test_the_window_says_why_the_mark_cannot_be_taken_back_and_keeps_the_edit(qtbot, monkeypatch, capsys, tmp_path):
    """Removing the missed mark in the window and saving, with the time booked for another patient since: a
    'Not saved' warning with the reason and the nearest free time; the edit stays in the window, unsaved. (The
    store's side is tested on both databases above; the window on SQLite.)"""
    from PySide6.QtWidgets import QMessageBox

    from .booking_scenario import main_window_on

    url = booked(capsys, f"sqlite:///{tmp_path / 'department.db'}")
    mark_missed(url, WEDNESDAY)
    move_other_into_the_slot(url)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: warned.append(f"{title}: {text}")
                        or QMessageBox.StandardButton.Ok)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)
        spec = window.session.spec
        window.session.edit(spec.updated(adjustments=replace(spec.adjustments, missed=())), "adjustments", "Remove missed")
        assert not window.store_link.save()
        assert window.session.dirty and not window.session.spec.adjustments.missed
    assert len(warned) == 1 and warned[0].startswith("Not saved: The session of Wed 27 Mar 2030 at 08:30 on Linac 1")
    assert "booked for another patient" in warned[0] and "nearest free time on Linac 1 that day is" in warned[0]
    assert fraction_on(url, COURSE, WEDNESDAY).released
