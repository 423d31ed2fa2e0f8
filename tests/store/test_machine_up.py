"""A machine back sooner than its recorded downtime: `machine-up` (and the desk's `machine_up`) ends or shortens the
downtime, says who did it in the department's trail, and with --move-back puts the sessions that downtime moved back
into the slots they had, where those are free again; the others stay, with why. Before, only Department settings could
shorten a downtime, and nothing moved back: "what its downtime moved stays moved"."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.core.department import Booking
from planner.core.kinds import AppointmentKind
from planner.ics import parse_export
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import breast_booked
from .command_line import run

LONDON = ZoneInfo("Europe/London")
OLD_SLOT = datetime(2030, 4, 2, 8, 30, tzinfo=LONDON)  # the breast course's fraction 7, on Linac 3 (no beam-matched twin)


@pytest.fixture
def url(store_url: str, capsys) -> str:
    """The stock department on SQLite and on PostgreSQL, its breast course booked."""
    return breast_booked(store_url, capsys)


def fractions(url: str, course_id: str) -> list[Booking]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return [b for b in db.course_bookings(connection, course_id) if b.kind is AppointmentKind.FRACTION]


def down_all_day(capsys, url: str) -> dict:
    status, out, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                           "--reason", "beam fault", "--json")
    assert status == 0, err
    return json.loads(out)


def test_a_session_added_at_the_end_goes_back_and_the_course_is_shorter_again(capsys, url):
    before = fractions(url, "course-breast")
    assert any(b.start == OLD_SLOT and b.machine == "Linac 3" for b in before)
    report = down_all_day(capsys, url)
    assert [(a["course_id"], a["from"]["start"]) for a in report["appended"]] == [("course-breast", "2030-04-02T08:30+01:00")]
    longer = fractions(url, "course-breast")
    assert max(b.start for b in longer) > max(b.start for b in before)  # the course grew by a day

    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T10:00", "--move-back", "--dry-run", "--json")
    assert status == 0, err
    assert json.loads(out)["moved_back"] == [], "a session before the machine is back stays where the downtime put it"
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--dry-run", "--json")
    assert status == 0, err
    dry = json.loads(out)
    assert dry["dry_run"] is True and len(dry["moved_back"]) == 1
    assert fractions(url, "course-breast") == longer, "a dry run changes nothing"

    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert set(answer) == {"machine", "down", "back", "downtime_left", "dry_run", "urgent", "moved_back", "stayed", "renumbered", "left_moved",
                           "calendars", "left_out"}
    assert answer["downtime_left"] == {"start": "2030-04-02T07:00+01:00", "end": "2030-04-02T08:00+01:00"}
    [back] = answer["moved_back"]
    assert back["course_id"] == "course-breast" and back["number"] == 7 and back["shortens_course"] is True
    assert back["to"] == {"machine": "Linac 3", "start": "2030-04-02T08:30+01:00"}
    assert back["from"]["start"] == report["appended"][0]["to"]["start"]
    assert answer["stayed"] == []
    after = fractions(url, "course-breast")
    assert [(b.number, b.machine, b.start, b.end) for b in after] == [(b.number, b.machine, b.start, b.end) for b in before]
    assert all(b.make_up is None for b in after), "back in its own slot, it makes up nothing"
    with Store.open(url) as store, store.engine.connect() as connection:
        course = db.course_rows(connection, ["course-breast"])["course-breast"]
    assert course.last_day == max(b.start for b in before).astimezone(LONDON).date()

    # The department's trail says who ended the downtime sooner; what is left is the shorter downtime.
    with Store.open(url) as store:
        department = store.department()
        removed = store.department_removals()
    [left] = [d for d in department.downtime if d.machine == "Linac 3"]
    assert left.end == datetime(2030, 4, 2, 8, 0, tzinfo=LONDON) and left.recorded is not None
    assert any(r.machine == "Linac 3" and r.end == datetime(2030, 4, 2, 18, 0, tzinfo=LONDON) for r in removed)
    # moved back once: asked again, there is nothing left to move, and the machine is not down then
    status, _, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T08:00", "--move-back")
    assert status == 2 and err.count("\n") == 1 and "--at: Linac 3 is not down at Tue 2 Apr 2030 08:00" in err


def test_a_slot_taken_meanwhile_keeps_its_session_where_it_is_and_says_why(capsys, url):
    down_all_day(capsys, url)
    moved = fractions(url, "course-breast")
    # The machine is back (shortened without moving back); another patient is booked into the old slot meanwhile.
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00")
    assert status == 0, err
    assert "1 session its downtime moved from then on stays moved: machine-up --move-back with the same --at moves them back" in out
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.place(connection, [Booking("course-spine", AppointmentKind.FRACTION, 1, "Linac 3", OLD_SLOT,
                                      datetime(2030, 4, 2, 8, 50, tzinfo=LONDON))])
        db.set_course_booking(connection, "course-spine", "Linac 3", OLD_SLOT.time(), True, "carol")
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert answer["moved_back"] == []
    [stayed] = answer["stayed"]
    assert stayed["course_id"] == "course-breast" and stayed["was"] == {"machine": "Linac 3", "start": "2030-04-02T08:30+01:00"}
    assert "booked for another patient" in stayed["reason"]
    assert fractions(url, "course-breast") == moved
    # Said once: asked again, nothing its downtime moved is left to move back (before, the session was said again).
    assert moves(url) == []
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back")
    assert status == 2 and out == "" and "--at: Linac 3 is not down at Tue 2 Apr 2030 07:00" in err and err.count("\n") == 1


def moves(url: str) -> list[tuple[str, str, datetime]]:
    from sqlalchemy import select

    from planner.store.db.downtime_moves import downtime_moves

    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted((r.course_id, r.from_machine, r.from_starts_at) for r in connection.execute(select(downtime_moves)))


def test_the_text_says_a_session_that_stays_is_not_offered_again(capsys, url):
    down_all_day(capsys, url)
    status, _, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00")
    assert status == 0, err
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.place(connection, [Booking("course-spine", AppointmentKind.FRACTION, 1, "Linac 3", OLD_SLOT,
                                      datetime(2030, 4, 2, 8, 50, tzinfo=LONDON))])
        db.set_course_booking(connection, "course-spine", "Linac 3", OLD_SLOT.time(), True, "carol")
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back")
    assert status == 0, err
    assert "Stay where they are (not offered again: move them in Bookings if wanted):" in out.splitlines()


def test_calendars_changed_by_moving_back_are_owed_like_after_machine_down(capsys, url, tmp_path):
    catalogue = load_catalogue(default_catalogue_path())
    with open_desk(url, catalogue) as desk:
        first = parse_export(desk.export_calendar("course-breast", now=datetime(2030, 3, 1, tzinfo=UTC)), "first")
    down_all_day(capsys, url)
    folder = tmp_path / "updates"
    folder.mkdir()
    status, _, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder))
    assert status == 0, err
    given = parse_export(next(folder.iterdir()).read_bytes(), "after the downtime")
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    assert json.loads(out)["calendars"] == []

    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")
    assert status == 0, err
    assert [c["course_id"] for c in json.loads(out)["calendars"]] == ["course-breast"]
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    owed = json.loads(out)["calendars"]
    assert [(c["course_id"], c["patient"]) for c in owed] == [("course-breast", "Amir Haddad")] and owed[0]["changed"] >= 1
    again = tmp_path / "again"
    again.mkdir()
    status, _, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(again))
    assert status == 0, err
    update = parse_export(next(again.iterdir()).read_bytes(), "moved back")
    raised = [uid for uid, event in update.events.items() if uid in given.events and event.sequence > given.events[uid].sequence]
    assert raised, "the session moved back keeps its event's identity with a raised SEQUENCE"
    back = {uid: e.start for uid, e in update.events.items() if not e.is_preparation}
    assert sorted(back.values()) == sorted(e.start for e in first.events.values() if not e.is_preparation)


def test_refusals_are_one_line_with_exit_status_2(capsys, url):
    down_all_day(capsys, url)
    for argv, said in (
        (["--at", "2030-04-03T08:00"], "--at: Linac 3 is not down at Wed 3 Apr 2030 08:00"),
        (["--at", "2030-04-02"], "--at: '2030-04-02' is not a date and time"),
        (["--at", "2030-03-31T01:30"], "--at: '2030-03-31T01:30' does not exist"),
    ):
        status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, *argv)
        assert status == 2 and out == "" and err.count("\n") == 1 and said in err, err
    status, _, err = run(capsys, "machine-up", "Linac 9", "--db", url, "--at", "2030-04-02T08:00")
    assert status == 2 and "MACHINE: 'Linac 9' is not a machine of the department" in err


def test_a_course_changed_meanwhile_loses_the_race_with_exit_status_3(capsys, url, monkeypatch):
    from planner.app import machine_back

    down_all_day(capsys, url)
    moved = fractions(url, "course-breast")
    reading = machine_back.moves_off

    def another_coordinator_moves_it(connection, *args, **options):  # between reading and writing, the course is re-booked elsewhere
        found = reading(connection, *args, **options)
        last = max(moved, key=lambda b: b.start)
        with Store.open(url) as store, db.writing(store.engine, store.display_url) as writer:
            db.place(writer, [Booking(last.course_id, last.kind, last.number, "Linac 3", last.start.replace(hour=12),
                                      last.end.replace(hour=12))], replacing=[last.key])
        return found

    monkeypatch.setattr(machine_back, "moves_off", another_coordinator_moves_it)
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back")
    assert status == 3 and out == "" and err.count("\n") == 1 and "nothing was changed" in err
    assert err.startswith("planner: conflict: moving back lost: course course-breast was changed by another coordinator meanwhile;")
    assert "taken" not in err
    with Store.open(url) as store:
        assert any(d.machine == "Linac 3" and d.end == datetime(2030, 4, 2, 18, 0, tzinfo=LONDON) for d in store.department().downtime)


def test_help_names_the_command(capsys):
    with pytest.raises(SystemExit):
        run(capsys, "machine-up", "--help")
    out = capsys.readouterr().out
    assert "--move-back" in out and "--at" in out and "--dry-run" in out


def test_a_store_of_revision_0008_is_upgraded_and_then_keeps_what_a_downtime_moved(capsys, url):
    """Revision 0009 adds the record of what each downtime moved, and from where."""
    from alembic import command
    from sqlalchemy import create_engine

    from planner.store.db.migrate import _config, head_revision

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            command.downgrade(_config(connection), "0008")
            connection.commit()
    finally:
        engine.dispose()
    with Store.open(url) as store:  # upgrades
        assert store.revision() == head_revision()
    down_all_day(capsys, url)  # recorded by this version: its old slots are kept
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")
    assert status == 0, err
    assert [b["course_id"] for b in json.loads(out)["moved_back"]] == ["course-breast"]


def test_the_courses_rules_still_hold_one_fraction_a_day(capsys, url):
    """The coordinator gave the lost day a session by hand at 12:30 (the next day's fraction moved there): the old 08:30
    slot is free again, but the course would have two fractions that day, so the session stays where it is."""
    from planner.app.booking import Relocation

    down_all_day(capsys, url)
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00")  # back, nothing moved back
    assert status == 0, err
    next_day = next(b for b in fractions(url, "course-breast") if b.start.date() == OLD_SLOT.date().replace(day=3))
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.move("course-breast", [Relocation(AppointmentKind.FRACTION, next_day.number, "Linac 3", OLD_SLOT.replace(hour=12))])
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert answer["moved_back"] == []
    [stayed] = answer["stayed"]
    assert stayed["reason"] == ("the course's rules refuse it back there: one fraction a day for this course "
                                f"(fraction {next_day.number} is on Tue 2 Apr at 12:30)")  # the number the course shows now
    assert not any(b.start == OLD_SLOT for b in fractions(url, "course-breast"))


def test_a_machine_down_again_moves_back_only_what_its_new_downtime_moved(capsys, url):
    """As a day closed again (test_reopen_move_back): Linac 3 down on Tuesday, back without moving back (the breast
    session stays at the end of its course), Dora Mbeki's course booked into the freed 08:30 slot, and Linac 3 down again
    that day. Back sooner with --move-back, Dora's session goes back, which the new downtime moved; the breast session
    stays where the first machine back left it. Before, the first downtime's record was read too: the breast session
    went back into the 08:30 slot and Dora's, which the new downtime had moved, stayed out ("booked for another
    patient")."""
    down_all_day(capsys, url)
    status, _, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00")
    assert status == 0, err
    left = fractions(url, "course-breast")
    status, _, err = run(capsys, "book", "--db", url, "--course-id", "course-spine", "--earliest", "2030-04-02", "--prefer-time", "08:30",
                         "--machine", "Linac 3")
    assert status == 0, err
    spine = fractions(url, "course-spine")
    assert spine[0].start.astimezone(LONDON).date() == OLD_SLOT.date()  # its first fraction that Tuesday morning
    down_all_day(capsys, url)
    # its first fraction, and the one after it; the breast session's record is the first downtime's still
    assert sorted(course for course, *_ in moves(url)) == ["course-breast", "course-spine", "course-spine"]
    answer = json.loads(run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")[1])
    assert {b["course_id"] for b in answer["moved_back"]} == {"course-spine"} and answer["stayed"] == []
    assert fractions(url, "course-spine") == spine and fractions(url, "course-breast") == left
    assert moves(url) == [("course-breast", "Linac 3", OLD_SLOT)], "the first downtime's record is its own still"
    # asked of the first downtime (ended sooner before), its session is offered: Dora's course holds the slot now
    answer = json.loads(run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")[1])
    assert answer["moved_back"] == [] and [(s["course_id"], s["reason"]) for s in answer["stayed"]] == [
        ("course-breast", "its old slot was booked for another patient meanwhile")]
    assert moves(url) == []


def test_a_downtime_moves_back_only_its_own_sessions_not_those_of_an_older_one_overlapping(capsys, url):
    """Linac 3 down Tuesday and Wednesday, back on Tuesday morning without moving back (both breast sessions stay at the
    end); then down again Tuesday morning only. Back sooner from that second downtime, nothing of the first moves back:
    Wednesday's session stays where the first machine back left it. Before, every record whose downtime overlapped the
    second was read as the second's."""
    status, _, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-03T18:00",
                         "--reason", "beam fault")
    assert status == 0, err
    status, _, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00")
    assert status == 0, err
    left = fractions(url, "course-breast")
    status, _, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T12:00",
                         "--reason", "beam fault again")
    assert status == 0, err
    answer = json.loads(run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")[1])
    assert answer["moved_back"] == [] and answer["stayed"] == []
    assert fractions(url, "course-breast") == left
    # the first downtime's records are its own still: its machine back can still be asked to move them back
    assert [(course, start.astimezone(LONDON).day) for course, _, start in moves(url)] == [("course-breast", 2), ("course-breast", 3)]


def test_a_session_moved_again_by_a_second_downtime_goes_back_one_downtime_at_a_time(capsys, url):
    """Linac 3 down 07:00-10:00 moves the breast session (08:30) later that morning; down again 10:00-12:00 it moves
    on. The second downtime's moving back offers the slot the session had before it (where the first put it), not the
    first's: each downtime undoes what it moved. Then the first downtime's moving back takes it to 08:30 again."""
    status, out, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T10:00",
                           "--reason", "beam fault", "--json")
    assert status == 0, err
    [first] = [m for m in json.loads(out)["moved"] if m["course_id"] == "course-breast"]
    between = datetime.fromisoformat(first["to"]["start"])
    assert between.date() == OLD_SLOT.date() and between >= datetime(2030, 4, 2, 10, 0, tzinfo=LONDON)
    status, out, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T10:00", "--to",
                           "2030-04-02T12:00", "--reason", "beam fault again", "--json")
    assert status == 0, err
    answer = json.loads(run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T10:00", "--move-back", "--json")[1])
    assert [(b["course_id"], datetime.fromisoformat(b["to"]["start"])) for b in answer["moved_back"]] == [("course-breast", between)]
    answer = json.loads(run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00", "--move-back", "--json")[1])
    assert [(b["course_id"], b["to"]["start"]) for b in answer["moved_back"]] == [("course-breast", "2030-04-02T08:30+01:00")]
    assert any(b.start == OLD_SLOT for b in fractions(url, "course-breast")) and moves(url) == []
