"""Cancelling a stored course (and taking it back): the course is marked cancelled in its audit trail,
its coming bookings are released, the appointments already given stay as they were, and a patient
given the course's calendar is owed the update that cancels every coming event (SEQUENCE raised);
a discreet calendar's cancellation names nothing of the treatment. `course cancel` and
`course reinstate` on the command line."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from planner.app.cancelling import cancel_course, cancel_outlook, reinstate_course
from planner.core.errors import InputError
from planner.ics import parse_export
from planner.store.db import CourseConflict, CourseStatus, Store
from planner.store.db import bookings as db

from .booking_scenario import COURSES, course_spec, desk_on, place_bookings, stock
from .booking_scenario import owed_calendars as owed
from .command_line import run

COURSE = "course-prostate"
EXPORTED = datetime(2030, 3, 1, tzinfo=UTC)
MIDWAY = datetime(2030, 4, 3, 12, 0, tzinfo=UTC)  # the course began on 25 March 2030: its first week given by then



def held(url: str, course_id: str = COURSE) -> list[db.Booking]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return db.course_bookings(connection, course_id)


def test_cancelling_midway_releases_what_is_to_come_and_keeps_what_was_given(url):
    before = held(url)
    given = [b for b in before if b.start < MIDWAY]
    assert given and len(given) < len(before)
    with desk_on(url) as desk:
        outlook = cancel_outlook(desk, COURSE, now=MIDWAY)
        assert (outlook.coming, outlook.given, outlook.exported, outlook.cancelled) == (len(before) - len(given), len(given), False, False)
        done = cancel_course(desk, COURSE, now=MIDWAY)
        assert (done.released, done.kept, done.update) == (len(before) - len(given), len(given), None)
        assert COURSE not in {w.course_id for w in desk.waiting()}
        with pytest.raises(InputError, match="is cancelled"):
            desk.propose(COURSE)
    assert held(url) == given, "the appointments given stay booked, as they were"
    with Store.open(url) as store:
        stored = store.load_course(COURSE)
        assert stored.cancelled and stored.version == done.version == outlook.version + 1
        assert store.course_status(stored) is CourseStatus.CANCELLED
        assert stored.last == max(b.start.date() for b in given if b.kind.value == "fraction"), "its last day: the last fraction given"
        entry = store.course_history(COURSE)[-1]
        assert (entry.field, entry.old_value, entry.new_value, entry.version, entry.at) == ("cancelled", "false", "true", done.version, MIDWAY)
        assert COURSE in db.course_bookings_of(store.engine.connect(), [COURSE]), "its machine and time stay, with the appointments given"


def test_the_agenda_keeps_the_days_given_and_frees_the_days_to_come(url):
    with desk_on(url) as desk:
        cancel_course(desk, COURSE, now=MIDWAY)
        on = {day: {e.course_id for m in desk.agenda(day, 1).machines for e in m.entries}
              for day in (MIDWAY.date().replace(day=2), MIDWAY.date().replace(day=4))}
    assert COURSE in on[MIDWAY.date().replace(day=2)] and COURSE not in on[MIDWAY.date().replace(day=4)]


def test_a_cancelled_course_is_cancelled_once(url, capsys):
    with desk_on(url) as desk:
        cancel_course(desk, COURSE, now=MIDWAY)
        with pytest.raises(InputError, match="already cancelled"):
            cancel_course(desk, COURSE, now=MIDWAY)
    status, out, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert (status, out) == (2, "") and err == f"planner: error: --course-id: course {COURSE} is already cancelled\n"


def test_a_version_changed_meanwhile_cancels_nothing(url, capsys):
    with Store.open(url) as store:
        version = store.load_course(COURSE).version
        store.set_cancelled(COURSE, False, version)  # another coordinator saved the course meanwhile (version + 1)
    before = held(url)
    with desk_on(url) as desk, pytest.raises(CourseConflict):
        cancel_course(desk, COURSE, expected_version=version, now=MIDWAY)
    status, out, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--version", str(version), "--db", url)
    assert status == 3 and out == "" and err.count("\n") == 1
    assert err.startswith("planner: conflict: ") and err.endswith(  # as every lost race starts, with what to do
        f"; nothing was cancelled; look at the course (course show --course-id {COURSE}), then run course cancel again\n")
    assert held(url) == before
    with Store.open(url) as store:
        assert not store.load_course(COURSE).cancelled


def updated_calendar(url: str, folder: Path) -> tuple[bytes, bytes]:
    """The course exported, then cancelled midway, then its owed update written: (export, update)."""
    with desk_on(url) as desk:
        first = desk.export_calendar(COURSE, now=EXPORTED)
        done = cancel_course(desk, COURSE, now=MIDWAY)
        assert done.update is not None and done.update.changed >= done.released
    assert owed(url) == [COURSE]
    with desk_on(url) as desk:
        written = desk.write_outdated(folder)
    assert owed(url) == [], "written: no longer owed"
    assert written[0].written is not None
    return first, written[0].written.read_bytes()


def test_the_patients_calendar_update_cancels_every_coming_event(url, tmp_path):
    """Read back with icalendar's own parser, not the planner's."""
    first, update = updated_calendar(url, tmp_path)
    before = {str(e["UID"]): e for e in Calendar.from_ical(first).walk("VEVENT")}
    after = Calendar.from_ical(update)
    assert str(after["METHOD"]) == "PUBLISH"
    events = {str(e["UID"]): e for e in after.walk("VEVENT")}
    assert set(before) <= set(events), "every event the patient has is in the update"
    coming = [uid for uid, e in before.items() if e.decoded("DTSTART") >= MIDWAY]
    past = [uid for uid in before if uid not in coming]
    assert coming and past
    for uid in coming:
        assert str(events[uid]["STATUS"]) == "CANCELLED", uid
        assert int(events[uid]["SEQUENCE"]) > int(before[uid].get("SEQUENCE", 0)), uid
    for uid in past:
        assert str(events[uid]["STATUS"]) == "CONFIRMED", "an appointment given stays in the calendar"
        assert events[uid].decoded("DTSTART") == before[uid].decoded("DTSTART")
        assert int(events[uid]["SEQUENCE"]) == int(before[uid].get("SEQUENCE", 0)), "unchanged: not raised"


def test_the_calendar_command_lists_and_writes_the_cancellation(url, tmp_path, capsys):
    with desk_on(url) as desk:
        desk.export_calendar(COURSE, now=EXPORTED)
    status, out, _ = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url, "--json")
    answer = json.loads(out)
    assert status == 0 and answer["cancelled"] and answer["calendar_update_owed"] and answer["released"] > 0
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    assert [c["course_id"] for c in json.loads(out)["calendars"]] == [COURSE]
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(tmp_path), "--json")
    written = parse_export(Path(json.loads(out)["calendars"][0]["written"]).read_bytes(), "update")
    assert status == 0 and written.events and all(e.status == "CANCELLED" for e in written.events.values()), \
        "cancelled before it began: every event cancelled"


def test_a_discreet_calendars_cancellation_names_no_treatment(tmp_path):
    url = f"sqlite:///{tmp_path / 'discreet.db'}"
    stock(url, ())
    with Store.open(url) as store:
        store.save_course(course_spec("c-101", *COURSES[0][1:]).updated(discreet=True))  # an id that names nothing
    with desk_on(url) as desk:
        desk.export_calendar("c-101", now=EXPORTED)
        done = cancel_course(desk, "c-101", now=EXPORTED)
        assert done.update is not None
        text = done.update.ics.decode("utf-8")
    assert "STATUS:CANCELLED" in text
    for word in ("prostate", "Prostate", "Radiotherapy", "radiotherapy", "Linac", "IGRT", "Oncology"):
        assert word not in text, word


def test_the_command_line_cancels_lists_and_reinstates(url, capsys):
    status, out, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert status == 0 and err == "" and out.startswith(f"Cancelled course {COURSE} (Zoë Ångström): released ")
    status, out, _ = run(capsys, "course", "list", "--db", url, "--status", "cancelled")
    assert status == 0 and out.count("\n") == 1 and COURSE in out and out.rstrip().endswith("cancelled")
    status, out, _ = run(capsys, "course", "list", "--db", url, "--json")
    assert {c["course_id"]: c["status"] for c in json.loads(out)["courses"]}[COURSE] == "cancelled"
    status, out, _ = run(capsys, "book", "--course-id", COURSE, "--db", url)
    assert status == 2
    status, out, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url, "--json")
    assert status == 0 and json.loads(out) == {"course_id": COURSE, "cancelled": False, "version": 3,
                                                "calendar_update_owed": False, "changed": 0, "left_out": [], "bookable": True}
    with desk_on(url) as desk:
        assert COURSE in {w.course_id for w in desk.waiting()}, "waiting to be booked again"
    status, out, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url)
    assert (status, out) == (2, "") and err == f"planner: error: --course-id: course {COURSE} is not cancelled\n"


def test_a_course_given_in_part_is_not_reinstated_nor_unbooked(url, capsys):
    with desk_on(url) as desk:
        cancel_course(desk, COURSE, now=MIDWAY)
        with pytest.raises(InputError, match="plan a new course for the rest"):
            reinstate_course(desk, COURSE)
    given = held(url)
    status, _, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url)
    assert status == 2 and err.count("\n") == 1 and f"{len(given)} appointments had been given" in err
    with desk_on(url) as desk:  # on the day it was cancelled (the command line's clock is today's: 2030 is to come)
        desk.now = lambda: MIDWAY  # type: ignore[method-assign]
        with pytest.raises(InputError, match="stay booked"):
            desk.unbook(COURSE)
    assert held(url) == given, "the record of the treatment given is kept"


@pytest.mark.parametrize(("argv", "said"), [
    (["--course-id", "no-such-course"], "--course-id: no course no-such-course in "),
    (["--course-id", " "], "--course-id: ' ' is not a course id"),
    (["--course-id", COURSE, "--version", "x"], "--version: 'x' is not a whole number"),
])
def test_bad_input_is_one_line_and_exit_2(url, capsys, argv, said):
    status, out, err = run(capsys, "course", "cancel", *argv, "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1 and said in err
    with Store.open(url) as store:
        assert not store.load_course(COURSE).cancelled


def test_exporting_a_cancelled_course_again_keeps_its_coming_events_cancelled(url, tmp_path, capsys):
    first = tmp_path / "first.ics"
    status, _, err = run(capsys, "export", "--course-id", COURSE, "--db", url, "-o", str(first))
    assert status == 0, err
    with desk_on(url) as desk:
        cancel_course(desk, COURSE, now=MIDWAY)
    again = tmp_path / "again.ics"
    status, _, err = run(capsys, "export", "--course-id", COURSE, "--db", url, "-o", str(again))
    assert status == 0, err
    before, after = parse_export(first.read_bytes(), "first"), parse_export(again.read_bytes(), "again")
    assert set(before.events) == set(after.events)
    for uid, event in after.events.items():
        coming = before.events[uid].start >= MIDWAY
        assert event.status == ("CANCELLED" if coming else "CONFIRMED"), uid
        assert event.sequence == before.events[uid].sequence + (1 if coming else 0)
    assert owed(url) == [], "exported again: the patient has it"


def test_a_course_cancelled_before_it_began_and_never_exported_has_no_calendar(url, tmp_path, capsys):
    with desk_on(url) as desk:
        cancel_course(desk, COURSE, now=EXPORTED)
    out = tmp_path / "none.ics"
    status, _, err = run(capsys, "export", "--course-id", COURSE, "--db", url, "-o", str(out))
    assert status == 2 and err.count("\n") == 1 and "cancelled before any appointment" in err and not out.exists()


def test_cancelling_on_either_database_keeps_what_was_given(store_url):
    stock(store_url)
    place_bookings(store_url)
    given = [b for b in held(store_url) if b.start < MIDWAY]
    with desk_on(store_url) as desk:
        done = cancel_course(desk, COURSE, now=MIDWAY)
        with pytest.raises(InputError, match="already cancelled"):
            cancel_course(desk, COURSE, now=MIDWAY)
    assert done.kept == len(given) and held(store_url) == given
    with Store.open(store_url) as store:
        assert store.list_courses(CourseStatus.CANCELLED)[0].course_id == COURSE


def test_a_cancelled_course_is_changed_only_once_reinstated(url, capsys):
    """`course save` (and every other front end, through the store) refuses to change a cancelled
    course: what it held stays the record until someone takes the cancellation back."""
    status, _, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        before = store.load_course(COURSE)
    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--time", "11:00", "--db", url)
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert f"--course-id: course {COURSE} is cancelled: reinstate it first" in err
    with Store.open(url) as store:
        after = store.load_course(COURSE)
        assert (after.version, after.spec) == (before.version, before.spec)
    status, _, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--time", "11:00", "--db", url)
    assert status == 0, err


def test_a_version_never_saved_is_bad_input_not_a_lost_race(url, capsys):
    with Store.open(url) as store:
        current = store.load_course(COURSE).version
    for argv in (["course", "cancel", "--course-id", COURSE, "--version", str(current + 5)],
                 ["course", "save", "--course-id", COURSE, "--time", "11:00", "--version", str(current + 5)]):
        status, out, err = run(capsys, *argv, "--db", url)
        assert (status, out) == (2, "") and err.count("\n") == 1, argv
        assert f"--version: course {COURSE} is at version {current}; version {current + 5} was never saved" in err
    with Store.open(url) as store:
        assert store.load_course(COURSE).version == current and not store.load_course(COURSE).cancelled
    status, _, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--version", str(current), "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--version", str(current), "--db", url)
    assert status == 3 and "changed course" in err, "an older version is a lost race, as before"


def test_plan_of_a_cancelled_course_says_what_was_given(url, capsys):
    with desk_on(url) as desk:
        cancel_course(desk, COURSE, now=MIDWAY)
    status, out, err = run(capsys, "plan", "--course-id", COURSE, "--db", url)
    assert status == 0 and "Radiotherapy 20 of 20" in out, "the plan stays whole: what was prescribed"
    assert err == (f"planner: note: course {COURSE} is cancelled: 8 of 20 fractions given, Mon 25 Mar 2030 to Wed 3 Apr 2030; "
                   "the rest will not take place\n")
    status, out, err = run(capsys, "plan", "--course-id", "course-breast", "--db", url, "--json")
    assert status == 0 and err == "" and json.loads(out)["appointments"]
    with desk_on(url) as desk:
        cancel_course(desk, "course-breast", now=datetime(2030, 3, 1, tzinfo=UTC))
    status, _, err = run(capsys, "plan", "--course-id", "course-breast", "--db", url)
    assert status == 0 and err == ("planner: note: course course-breast was cancelled before its first fraction (15 were planned): "
                                   "none of it will take place\n")


def test_what_was_given_follows_the_bookings_for_booked_kinds_and_the_clock_for_the_others():
    """Plain values: fractions booked two days later than planned, reviews never booked (no clinic
    rooms), the course cancelled at noon on Thu 28 Mar 2030."""
    from datetime import timedelta

    from planner.app.cancelling import given_appointments
    from planner.core.catalogue import load_catalogue
    from planner.core.clinic import PackageHolidays
    from planner.core.department import Booking
    from planner.core.kinds import AppointmentKind
    from planner.core.schedule import build_schedule
    from planner.resources_path import default_catalogue_path

    catalogue = load_catalogue(default_catalogue_path())
    spec = course_spec(*COURSES[0]).updated(review_day=1)  # a review each Tuesday
    schedule = build_schedule(spec.to_request(catalogue, PackageHolidays()), catalogue)
    fractions = [a for a in schedule.appointments if a.kind is AppointmentKind.FRACTION]
    reviews = [a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW]
    assert fractions[0].start.date().isoformat() == "2030-03-25" and reviews
    since = datetime(2030, 3, 28, 12, 0, tzinfo=UTC)
    # what is still booked after cancelling: the fractions booked on Wed 27 and Thu 28 Mar (planned on 25 and 26 Mar)
    held = [Booking(COURSE, AppointmentKind.FRACTION, a.number, "Linac 1", a.start + timedelta(days=2), a.end + timedelta(days=2))
            for a in fractions[:2]]
    given = given_appointments(schedule, held, since)
    assert {k for k in given if k.kind is AppointmentKind.FRACTION} == {a.key for a in fractions[:2]}, \
        "by the bookings, not by the planned times (fractions 3 and 4 were planned before noon on the 28th)"
    assert {k for k in given if k.kind is AppointmentKind.REVIEW} == {a.key for a in reviews if a.start < since}, \
        "a kind never booked: those that began before the cancelling"
    assert any(a.start < since for a in reviews) and not all(a.start < since for a in reviews)
    at_noon = [a for a in schedule.appointments if a.kind is AppointmentKind.REVIEW and a.start >= since]
    assert given_appointments(schedule, held, at_noon[0].start).isdisjoint({at_noon[0].key}), "one beginning at that moment was not given"


def test_reinstating_an_exported_course_owes_the_update_that_gives_its_events_back(url, tmp_path):
    """Cancelled by mistake before it began, after its calendar was given: the cancellation's update
    is written, then the course is reinstated, and the patient is owed the events back."""
    with desk_on(url) as desk:
        desk.export_calendar(COURSE, now=EXPORTED)
        cancel_course(desk, COURSE, now=EXPORTED)
        desk.write_outdated(tmp_path)
        assert owed(url) == []
        done = reinstate_course(desk, COURSE, now=EXPORTED)
        assert done.patient == "Zoë Ångström" and done.update is not None and done.update.course_id == COURSE
        assert owed(url) == [COURSE]
        update = parse_export(done.update.ics, "reinstated")
    assert update.events and all(e.status != "CANCELLED" for e in update.events.values()), "every event back"


def test_a_booking_beginning_at_the_moment_of_cancelling_is_released_not_given(url):
    first = min(b.start for b in held(url))
    with desk_on(url) as desk:
        outlook = cancel_outlook(desk, COURSE, now=first)
        done = cancel_course(desk, COURSE, now=first)
    assert outlook.given == done.kept == 0 and outlook.coming == done.released > 0
    assert held(url) == [], "the first session had not begun: nothing of the course was given"


def test_unbook_releases_what_is_still_to_come_on_a_course_cancelled_while_it_was_booked(url, capsys):
    # The old race (booking and cancelling at once) left a cancelled course holding appointments still to come, which
    # unbook refused as "given": the store could not be put right. The given ones stay, the record of the treatment.
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text("UPDATE courses SET cancelled = 1 WHERE id = :id"), {"id": COURSE})
    finally:
        engine.dispose()
    before = held(url)
    given = [b for b in before if b.start < MIDWAY]
    assert given and len(given) < len(before)
    with desk_on(url) as desk:
        desk.now = lambda: MIDWAY  # type: ignore[method-assign]
        released, _ = desk.unbook(COURSE)
        assert released == len(before) - len(given)
        with pytest.raises(InputError, match="stay booked"):  # nothing left to come: refused as before
            desk.unbook(COURSE)
    assert held(url) == given
    with Store.open(url) as store:
        assert any(entry.field == "booking" for entry in store.course_history(COURSE))


class _AfterTheFirstFraction(datetime):
    @classmethod
    def now(cls, tz=None):  # type: ignore[override]
        return datetime(2030, 3, 25, 12, 0, tzinfo=UTC).astimezone(tz)


def test_one_appointment_given_stays_as_it_was_in_the_words(url, capsys, monkeypatch):
    monkeypatch.setattr("planner.app.cancelling.datetime", _AfterTheFirstFraction)  # the course's first fraction given
    status, out, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    assert "; 1 appointment already given stays as it was.\n" in out, out
