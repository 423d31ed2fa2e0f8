"""A fraction that a machine's downtime or a closure re-booked onto another day (here: the end of its course)
keeps, in the store, the day of the session it replaces and why (revision 0007), so the Bookings window and
the day list can say "make-up" long after the report was closed; a hand move keeps the mark; and a course's
own missed mark says which of its booked fractions is the make-up."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, text

from planner.app.booking import Relocation
from planner.booking.model import started_later
from planner.core.course import MakeUp, MissedSession
from planner.core.department import MakeUpCause, MakeUpMark
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db.migrate import head_revision, upgrade

from .booking_scenario import COURSES, desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
FRACTION = AppointmentKind.FRACTION
SNOW_DAY = date(2030, 3, 27)


def marks(url: str) -> dict[tuple[str, int], MakeUpMark]:
    with desk_on(url) as desk:
        agenda = desk.agenda(date(2030, 3, 25), 60)
    return {(e.course_id, e.number): e.make_up for m in agenda.machines for e in m.entries if e.make_up is not None}


def test_a_session_a_closure_sent_to_the_end_of_its_course_is_kept_as_its_make_up(store_url):
    url = stock(store_url)
    place_bookings(url)
    assert marks(url) == {}
    with desk_on(url) as desk:
        report, _ = desk.close_department(SNOW_DAY, SNOW_DAY, "snow")
    appended = {(m.course_id, m.number) for m in report.appended}
    assert ("course-prostate", 20) in appended
    kept = marks(url)  # read by another desk: from the store
    later = started_later(report.appended)  # the snow day was their first: they start later, and make nothing up
    assert later == {"course-rectum"}
    assert set(kept) == {added for added in appended if added[0] not in later}
    assert kept[("course-prostate", 20)] == MakeUpMark(SNOW_DAY, MakeUpCause.CLOSURE)


def test_a_session_downtime_sent_to_the_end_says_downtime_and_a_hand_move_keeps_the_mark(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-lung", "course-rectum", "course-spine", "course-prostate-2"))
    with desk_on(url) as desk:  # Linac 3 alone treats the breath-hold breast course: its session goes to the end
        report, _ = desk.machine_down("Linac 3", datetime(2030, 3, 27, 8, tzinfo=LONDON), datetime(2030, 3, 27, 18, tzinfo=LONDON),
                                      "beam fault")
        assert [(m.course_id, m.number) for m in report.appended] == [("course-breast", 15)]
        last = report.appended[0].to_start
        desk.move("course-breast", [Relocation(FRACTION, 15, "Linac 3", datetime.combine(last.date(), time(15, 0), tzinfo=LONDON))])
    assert marks(url) == {("course-breast", 15): MakeUpMark(SNOW_DAY, MakeUpCause.DOWNTIME)}


def test_a_missed_mark_on_a_booked_day_makes_no_booked_fraction_the_make_up(tmp_path):
    """The session of 27 March was booked before the course marked it missed: its make-up, added at the end, has no
    booking yet, so no booking is called the make-up (the last booked one is the course's 19th session, not it)."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        stored = store.load_course("course-prostate")
        missed = MissedSession(date(2030, 3, 27), MakeUp.END, None, "patient unwell")
        store.save_course(stored.spec.updated(adjustments=stored.spec.adjustments.with_missed(missed)), stored.version)
    assert marks(url) == {}


def test_the_revision_goes_down_to_0006_and_up_again_keeping_every_booking(tmp_path):
    from alembic import command

    from planner.store.db.migrate import _config

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as desk:
        desk.close_department(SNOW_DAY, SNOW_DAY, "snow")
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            before = connection.execute(text("SELECT course_id, kind, number, starts_at FROM bookings ORDER BY id")).all()
            command.downgrade(_config(connection), "0006")
            connection.commit()
            assert "make_up_day" not in {row[1] for row in connection.execute(text("PRAGMA table_info(bookings)"))}
            assert connection.execute(text("SELECT course_id, kind, number, starts_at FROM bookings ORDER BY id")).all() == before
            upgrade(connection)
            assert connection.execute(text("SELECT course_id, kind, number, starts_at FROM bookings ORDER BY id")).all() == before
    finally:
        engine.dispose()
    with Store.open(url) as store:
        assert store.revision() == head_revision() >= "0007"
    assert marks(url) == {}  # the marks went with the columns: nothing says a make-up that the store no longer knows


def test_agenda_text_and_json_say_the_make_up_discreet_too(capsys, tmp_path):
    import json

    from .command_line import run

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as desk:
        report, _ = desk.close_department(SNOW_DAY, SNOW_DAY, "snow")
    last = next(m.to_start for m in report.appended if (m.course_id, m.number) == ("course-prostate", 20))
    day = last.date().isoformat()
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", day)
    assert status == 0 and "Zoë Ångström (H0001)  fraction 20/20  (make-up for the session of Wed 27 Mar 2030 (department closed))" in out
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", day, "--discreet")
    assert "Z. Å.  20/20  (make-up for the session of Wed 27 Mar 2030 (department closed))" in out and "Zoë" not in out
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", day, "--json")
    bookings = {(b["course_id"], b["number"]): b for m in json.loads(out)["machines"] for b in m["bookings"]}
    assert bookings[("course-prostate", 20)]["make_up"] == {"day": "2030-03-27", "cause": "closure"}
    assert not any("make_up" in b for key, b in bookings.items() if key != ("course-prostate", 20) and key[0] == "course-prostate")


def test_the_agenda_parses_each_courses_spec_once(tmp_path, monkeypatch):
    """Every course of the agenda is parsed once, and only once: that one reading tells a course whose stored text does
    not read (shown under a stand-in and named, the others go on), one damaged, and one with a missed mark (its missed
    days said); a course with a missed mark is not parsed a second time for them."""
    from planner.store.db import stored_spec as db  # where every stored course's spec is read

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        stored = store.load_course("course-breast")
        missed = MissedSession(date(2030, 3, 27), MakeUp.END)
        store.save_course(stored.spec.updated(adjustments=stored.spec.adjustments.with_missed(missed)), stored.version)
    parsed: list[str] = []
    real = db.spec_from_json
    monkeypatch.setattr(db, "spec_from_json", lambda data, where, damaged=None, **kw: parsed.append(where) or real(data, where, damaged, **kw))
    db._read_for_work.cache_clear()  # from a cold start: no reading remembered from the set-up
    with desk_on(url) as desk:
        agenda = desk.agenda(date(2030, 3, 25), 60)
    assert [(e.course_id, e.start.date()) for m in agenda.machines for e in m.entries if e.missed] == [
        ("course-breast", date(2030, 3, 27))]
    others = [f"course {entry[0]}" for entry in COURSES if entry[0] != "course-breast"]
    assert sorted(parsed) == sorted(["course course-breast", *others])
