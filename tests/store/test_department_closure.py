"""`closure`: the whole department closed for a day or a few (snow, a power cut). The closure and every
re-booking are written together or not at all; the store ends with no booking on a closed day, each
course's fractions numbered 1..N; the JSON is machine-down's with the days closed; bad input is one line
and exit status 2; a booking lost to another coordinator exits 3 with nothing written."""

from __future__ import annotations

import json
import re
import stat
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import BookingDesk, open_desk
from planner.core.catalogue import load_catalogue
from planner.core.errors import Field, InputError
from planner.core.kinds import AppointmentKind
from planner.ics import parse_export
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import place_bookings, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
TUESDAY = date(2030, 4, 2)



def stored(url: str) -> list[db.Booking]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return db.all_bookings(connection)


def closures(url: str) -> tuple[tuple[date, str], ...]:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        return department.closures


def on(day: date, bookings: list[db.Booking]) -> list[db.Booking]:
    return [b for b in bookings if b.start.astimezone(LONDON).date() == day]


def assert_numbering_intact(before: list[db.Booking], after: list[db.Booking]) -> None:
    """Every course keeps as many fractions, numbered 1..N in time order, one per time."""
    for course_id in {b.course_id for b in before}:
        old = [b for b in before if b.course_id == course_id and b.kind is AppointmentKind.FRACTION]
        new = sorted((b for b in after if b.course_id == course_id and b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
        assert len(new) == len(old), course_id
        assert [b.number for b in new] == list(range(1, len(new) + 1)), course_id
        assert len({b.start for b in new}) == len(new)


def test_closure_rebooks_everyone_and_leaves_no_booking_on_the_closed_days(capsys, store_url):
    place_bookings(stock(store_url))
    before = stored(store_url)
    hit = on(TUESDAY, before) + on(TUESDAY + timedelta(days=1), before)
    assert len(hit) == 10
    status, out, err = run(capsys, "closure", "--db", store_url, "--date", "2030-04-02", "--days", "2", "--reason", "snow", "--json")
    assert status == 0, err
    report = json.loads(out)
    assert set(report) == {"closed", "dry_run", "urgent", "moved", "appended", "unplaced", "calendars", "left_out"}
    assert report["closed"] == [{"date": "2030-04-02", "reason": "snow"}, {"date": "2030-04-03", "reason": "snow"}]
    assert report["dry_run"] is False and report["unplaced"] == []
    moves = report["moved"] + report["appended"]
    assert len(moves) == len(hit)
    assert {(m["from"]["machine"], m["from"]["start"]) for m in moves} == {
        (b.machine, b.start.astimezone(LONDON).isoformat(timespec="minutes")) for b in hit}
    for move in moves:
        assert set(move) == {"course_id", "number", "from", "to"}
        assert set(move["from"]) == {"machine", "start"} and set(move["to"]) == {"machine", "start"}
        assert move["to"]["start"][:10] > "2030-04-03"
    after = stored(store_url)
    assert on(TUESDAY, after) == [] and on(TUESDAY + timedelta(days=1), after) == []
    assert_numbering_intact(before, after)
    assert closures(store_url)[-2:] == ((TUESDAY, "snow"), (TUESDAY + timedelta(days=1), "snow"))


def test_each_move_lands_where_the_report_says_with_its_number(capsys, url):
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--json")
    assert status == 0, err
    report = json.loads(out)
    now = {(b.course_id, b.number): (b.machine, b.start.astimezone(LONDON).isoformat(timespec="minutes")) for b in stored(url)
           if b.kind is AppointmentKind.FRACTION}
    for move in report["moved"] + report["appended"]:
        assert now[(move["course_id"], move["number"])] == (move["to"]["machine"], move["to"]["start"])


def test_a_dry_run_says_who_would_move_and_writes_nothing(capsys, url):
    before, closed = stored(url), closures(url)
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--reason", "snow", "--dry-run")
    assert status == 0, err
    assert out.startswith("Would close the department Tue 2030-04-02 (snow); nothing was changed\n")
    assert "\nAdded at the end of the course:\n" in out
    assert "\n  Zoë Ångström (H0001) fraction 20 (was 7): Linac 1 Tue 2030-04-02 08:30 -> Linac 1 Mon 2030-04-22 08:30\n" in out
    assert stored(url) == before and closures(url) == closed


def test_to_names_the_last_day_and_text_names_the_patients(capsys, url):
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--to", "2030-04-03")
    assert status == 0, err
    assert out.startswith("Closed the department Tue 2030-04-02 to Wed 2030-04-03\n")
    assert "Bea Lindqvist (H0003) fraction 5 (was 4): Linac 2 Wed 2030-04-03 09:00 -> " in out
    assert closures(url)[-2:] == ((TUESDAY, ""), (TUESDAY + timedelta(days=1), ""))


def test_a_weekend_in_the_range_is_not_recorded_unless_something_is_booked_then(capsys, url):
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-05", "--to", "2030-04-08", "--json")
    assert status == 0, err
    assert [c["date"] for c in json.loads(out)["closed"]] == ["2030-04-05", "2030-04-08"]


def test_write_updates_gives_the_exported_patients_their_new_calendar(capsys, url, tmp_path):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        first = parse_export(desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC)), "first")
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--write-updates", str(folder), "--json")
    assert status == 0, err
    written = [c for c in json.loads(out)["calendars"] if c["course_id"] == "course-prostate"]
    assert written and written[0]["changed"] >= 1 and written[0]["patient"] == "Zoë Ångström"
    path = Path(written[0]["written"])
    assert path.parent == folder and stat.S_IMODE(path.stat().st_mode) == 0o600
    update = parse_export(path.read_bytes(), "update")
    assert any(event.sequence > first.events[uid].sequence for uid, event in update.events.items())
    assert all(event.start.date() != TUESDAY for event in update.events.values())


@pytest.mark.parametrize(("argv", "field"), [
    (["--date", "2030-04-02", "--date", "2030-04-03"], "--date: given twice ('2030-04-02' and '2030-04-03'); give it once"),
    (["--date", "2030-04-02", "--days", "0"], "--days: "),
    (["--date", "2030-04-02", "--days", "32"], "--days: "),
    (["--date", "2030-04-02", "--to", "2030-06-30"], "--to: a closure lasts at most 31 days (asked: 90)"),
    (["--date", "2200-12-31", "--days", "5"], "--days: 5 days from Wed 31 Dec 2200 run to Sun 4 Jan 2201, past the planner's calendar"),
    (["--date", "2030-04-02", "--days", "2", "--to", "2030-04-03"], "--to: not allowed with argument --days"),
    (["--date", "2030-04-03", "--to", "2030-04-02"], "--to: the closure must end on or after its first day"),
    (["--date", "2020-04-02"], "--date: Thu 2 Apr 2020 is past"),
    (["--date", "2030-02-30"], "--date: "),
    (["--date", "2030-03-08"], "--date: the department is closed on Fri 8 Mar 2030 already (clinic closure (Staff training day))"),
    (["--date", "2030-04-06", "--days", "2"], "--date: the department is closed every day from Sat 6 Apr 2030 to Sun 7 Apr 2030"),
    (["--date", "2030-04-02", "--reason", "snow\nand ice"], "--reason: must be one line"),
    (["--date", "2030-04-02", "--reason", "x" * 201], "--reason: is 201 characters long (at most 200)"),
    (["--date", "2030-04-02", "--write-updates", "/nonexistent-folder"], "--write-updates: /nonexistent-folder is not a folder"),
])
def test_bad_input_is_one_line_exit_2_and_changes_nothing(capsys, url, argv, field):
    before, closed = stored(url), closures(url)
    status, out, err = run(capsys, "closure", "--db", url, *argv)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("planner: error: ") and field in err, err
    assert stored(url) == before and closures(url) == closed


def test_the_department_settings_still_refuse_the_same_closure_over_bookings(url):
    """The refusal stays: a closure over booked time goes through `closure`, which re-books."""
    from dataclasses import replace

    from planner.store.db import StoreError

    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        with pytest.raises(StoreError) as refused:
            store.set_department(replace(department, closures=(*department.closures, (TUESDAY, "snow"))))
    assert str(refused.value).endswith("; a day closed whole: closure --date 2030-04-02 (or Department closed… in the Bookings "
                                       "window) closes it and re-books its patients")
    assert closures(url) == department.closures


def _another_coordinator_meanwhile(monkeypatch, url: str, act) -> None:
    """Between the closure's reading of the bookings and its write, another coordinator does `act`."""
    read = BookingDesk.engine

    def engine_then_act(desk: BookingDesk):
        found = read(desk)
        with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
            act(connection)
        return found

    monkeypatch.setattr(BookingDesk, "engine", engine_then_act)


def test_a_course_booked_on_the_closed_day_meanwhile_exits_3_and_nothing_is_written(capsys, tmp_path, monkeypatch):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))
    late = db.Booking("course-prostate-2", AppointmentKind.FRACTION, 1, "Linac 3",
                      datetime(2030, 4, 2, 14, 0, tzinfo=LONDON), datetime(2030, 4, 2, 14, 30, tzinfo=LONDON))
    _another_coordinator_meanwhile(monkeypatch, url, lambda connection: db.place(connection, [late]))
    before, closed = stored(url), closures(url)
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--json")
    assert status == 3 and out == ""
    assert err.count("\n") == 1 and "the closure was not recorded, run closure again" in err
    assert sorted(stored(url), key=lambda b: b.start) == sorted([*before, late], key=lambda b: b.start)  # the re-bookings rolled back
    assert closures(url) == closed


def test_a_course_moved_meanwhile_exits_3_and_nothing_is_written(capsys, url, monkeypatch):
    moved = next(b for b in on(TUESDAY, stored(url)) if b.course_id == "course-breast")
    later = db.Booking(moved.course_id, moved.kind, moved.number, moved.machine,
                       moved.start + timedelta(hours=5), moved.end + timedelta(hours=5))
    _another_coordinator_meanwhile(monkeypatch, url, lambda connection: db.place(connection, [later], replacing=[moved.key]))
    closed = closures(url)
    status, _, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02")
    assert status == 3 and "run closure again" in err
    assert err.startswith("planner: conflict: re-booking lost: course course-breast was changed by another coordinator meanwhile;")
    assert "taken" not in err
    assert closures(url) == closed
    assert later in stored(url) and on(TUESDAY, stored(url))  # nothing of the closure written


def test_a_closure_from_today_is_refused_once_todays_sessions_began(url):
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        desk.today = TUESDAY
        before = stored(url)
        with pytest.raises(InputError) as refused:
            desk.close_department(TUESDAY, TUESDAY, "power cut", now=datetime.combine(TUESDAY, time(8, 40), tzinfo=LONDON))
        assert refused.value.field is Field.DATE
        assert refused.value.reason.startswith("4 appointments of today began already (the first: Linac 2 at 08:10)")
        assert stored(url) == before
        report, _ = desk.close_department(TUESDAY, TUESDAY, "power cut", now=datetime.combine(TUESDAY, time(7, 0), tzinfo=LONDON))
        assert len(report.moved) + len(report.appended) == 5


def test_the_text_says_which_fraction_a_session_was_before_it_went_to_the_end(capsys, url):
    """The closed day's session of a daily course is made up at its end: it is reported by its new number
    (the last) and the number it had that day, which the coordinator knows it by."""
    before = {(b.course_id, b.machine, b.start): b.number for b in stored(url) if b.kind is AppointmentKind.FRACTION}
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-04-02", "--reason", "snow", "--dry-run")
    assert status == 0, err
    appended = out.split("\nAdded at the end of the course:\n", 1)[1]
    lines = [line for line in appended.splitlines() if line.startswith("  ") and " -> " in line]
    assert sum("(was " in line for line in lines) >= 2
    for line in lines:
        found = re.search(r" fraction (\d+)(?: \(was (\d+)\))?: (.+?) \w{3} (\d{4}-\d\d-\d\d \d\d:\d\d) -> ", line)
        assert found is not None, line
        now = int(found[1])
        was = int(found[2]) if found[2] else now  # the last fraction made up at the end keeps its number
        assert was < now or found[2] is None
        assert was in {n for (_course, machine, start), n in before.items()
                       if machine == found[3] and f"{start.astimezone(LONDON):%Y-%m-%d %H:%M}" == found[4]}
