"""`course list`, the Patients list and the opening's check ask four make-up questions of the courses whose stored text
shows a missed session: which booked courses still to come may end on a make-up (`booked_to_come_with_missed`), which
have a make-up never booked whose day has passed (`make_ups_never_booked`), which an older store left ending before the
make-up waiting at their end (`make_ups_waiting_at_end`), and which end on a make-up not booked yet (the list's
`last_not_booked`). Each asked its own statement, each filtering every course's text again (about 15 ms of a 45 ms
`course list --json` on a booked department of 5,000 courses). Now one statement reads those courses once
(`missed_courses`) and every question is answered from it. The answers must be the ones the separate statements gave:
the statements as they were are kept here and asked beside the new read, on a department whose courses were missed,
made up, never booked, put right, cancelled, given a weekend slot, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, case, event, insert, select

from planner.app.make_up_days import follow_make_ups_on_opening
from planner.core.catalogue import load_catalogue
from planner.core.course import MakeUp, MissedSession
from planner.core.department import MakeUpCause
from planner.core.kinds import AppointmentKind
from planner.resources_path import default_catalogue_path
from planner.store.db import CourseStatus, Store
from planner.store.db import bookings as db
from planner.store.db import schema as t
from tests.store_fill import book_filled, fill_store

from .command_line import run

LONDON = ZoneInfo("Europe/London")
COURSES = 16
NEVER_BOOKED = 15  # the last course is never booked
TODAYS = (date(2026, 1, 2), date(2026, 1, 20), date(2026, 2, 6), date(2026, 2, 13), date(2026, 2, 20), date(2026, 3, 9),
          date(2026, 11, 24))


# ------------------------------------------------------------------ the questions as separate statements (before)
def _old_booked_to_come_with_missed(connection: Any, today: date) -> list[str]:
    query = (select(t.courses.c.id).where(t.courses.c.cancelled.is_(False), t.courses.c.last_day >= today,
                                          db.not_all_given_text(),
                                          select(db.bookings.c.id).where(db.bookings.c.course_id == t.courses.c.id).exists()))
    return sorted(row.id for row in connection.execute(query))


def _old_make_ups_never_booked(connection: Any, today: date, zone: ZoneInfo, course_ids: Iterable[str] | None = None,
                               put_right: Mapping[str, tuple[date | None, date]] | None = None) -> dict[str, int]:
    shown = put_right or {}
    slot_chosen = case((t.courses.c.spec.like(db._SLOT_CHOSEN), 1), else_=0)
    query = (select(t.courses.c.id, t.courses.c.last_day, db.last_booked_start(), slot_chosen)
             .where(t.courses.c.cancelled.is_(False), t.courses.c.first_day < today, db.not_all_given_text()))
    if course_ids is not None:
        query = query.where(t.courses.c.id.in_(list(course_ids)))
    ends = ((row[0], db.shown_last_day(shown, row[0], row[1]), row[2], row[3]) for row in connection.execute(query))
    last_days = {course_id: last for course_id, last, booked, chosen in ends
                 if booked is not None and (chosen or (last is not None and last > booked.astimezone(zone).date()))}
    if not last_days:
        return {}
    rows = db.course_rows(connection, list(last_days), unreadable={})
    held = db._fraction_days(connection, rows, zone)
    found: dict[str, int] = {}
    for course_id, course in rows.items():
        days = held[course_id]
        if not days:
            continue
        after_booked = max(day for day, _ in days) + timedelta(days=1)
        at_end = max(last_days[course_id] or after_booked, after_booked)
        short = 0
        for missed in course.spec.adjustments.missed:
            waiting = sum(1 for day, _ in days if day == missed.day) - sum(1 for _, made_up in days if made_up == missed.day)
            due = missed.make_up_at.astimezone(zone).date() if missed.make_up_at is not None else at_end
            if waiting > 0 and due < today:
                short += waiting
        if short:
            found[course_id] = short
    return found


def _old_make_ups_waiting_at_end(connection: Any, zone: ZoneInfo, course_ids: Iterable[str] | None = None) -> list[str]:
    query = select(t.courses.c.id, t.courses.c.last_day, db.last_booked_start()).where(
        t.courses.c.cancelled.is_(False), db.not_all_given_text())
    if course_ids is not None:
        query = query.where(t.courses.c.id.in_(list(course_ids)))
    unright = sorted(course_id for course_id, last, booked in connection.execute(query)
                     if booked is not None and (last is None or last <= booked.astimezone(zone).date()))
    rows = {course_id: row for course_id, row in db.course_rows(connection, unright, unreadable={}).items()
            if db.waits_at_end(row.spec.adjustments.missed)}
    if not rows:
        return []
    held = db._fraction_days(connection, rows, zone)
    return [course_id for course_id, course in rows.items()
            if any(db.waits_at_end([m]) and sum(1 for day, _ in held[course_id] if day == m.day)
                   > sum(1 for _, made_up in held[course_id] if made_up == m.day) for m in course.spec.adjustments.missed)]


def _old_ending_on_make_ups(connection: Any, zone: ZoneInfo) -> set[str]:
    """`Store._ending_on_make_ups` and the Patients list's per-row columns, as they were."""
    query = (select(t.courses.c.id, t.courses.c.last_day, db.last_booked_start())
             .where(t.courses.c.last_day.is_not(None), db.not_all_given_text()))
    return {r[0] for r in connection.execute(query).all()
            if r[2] is not None and r[1] is not None and r[1] > r[2].astimezone(zone).date()}


# ------------------------------------------------------------------ the department
def _fraction_days(store: Store, course_id: str) -> list[date]:
    with store.engine.connect() as connection:
        return sorted(b.start.astimezone(LONDON).date() for b in db.course_bookings(connection, course_id)
                      if b.kind is AppointmentKind.FRACTION)


def _mark(store: Store, course_id: str, *missed: MissedSession) -> None:
    """Save the course with these sessions marked missed, as the window and `course save --missed` do."""
    stored = store.load_course(course_id)
    adjustments = stored.spec.adjustments
    for session in missed:
        adjustments = adjustments.with_missed(session)
    store.save_course(stored.spec.updated(adjustments=adjustments), stored.version)


def _last_day(store: Store, course_id: str, last: date | None) -> None:
    with db.writing(store.engine, store.display_url) as connection:
        first = connection.execute(select(t.courses.c.first_day).where(t.courses.c.id == course_id)).scalar_one()
        db.set_course_days(connection, course_id, first, last)


def _department(url: str) -> dict[str, str]:
    """Sixteen courses (first days 5–20 Jan 2026, 20 weekday fractions each), all booked but the last, each marked as
    named; returns the ids by what was done to them."""
    with Store.open(url) as store:
        ids = fill_store(store, COURSES)
        book_filled(store, ids[:NEVER_BOOKED])
        named = dict(zip(("untouched", "older_store", "put_right", "no_last_day", "made_up", "weekend", "twice",
                          "not_a_session_day", "cancelled", "cancelled_put_right", "later_put_right", "simulation_only",
                          "half_made_up", "another_older_store", "read_only_put_right", "never_booked"), ids, strict=True))
        for name, course_id in named.items():
            if name in ("untouched", "never_booked", "simulation_only"):
                continue
            days = _fraction_days(store, course_id)
            if name == "twice" or name == "half_made_up":
                _mark(store, course_id, MissedSession(days[2]), MissedSession(days[5]))
            elif name == "weekend":
                saturday = days[3] + timedelta(days=(5 - days[3].weekday()) % 7)
                _mark(store, course_id, MissedSession(days[3], MakeUp.WEEKEND, datetime.combine(saturday, time(10), LONDON)))
            elif name == "not_a_session_day":
                _mark(store, course_id, MissedSession(days[4] + timedelta(days=(5 - days[4].weekday()) % 7)))
            else:
                _mark(store, course_id, MissedSession(days[2]))
            # as the store holds its last day: an older planner's (its last booked session's), put right (the next
            # weekday after it), none
            last = days[-1]
            if name in ("put_right", "cancelled_put_right", "made_up", "twice"):
                last += timedelta(days=3 if last.weekday() == 4 else 1)
            elif name == "later_put_right":
                last += timedelta(days=10)
            elif name == "no_last_day":
                last = None  # type: ignore[assignment]
            _last_day(store, course_id, last)
        _mark(store, named["never_booked"], MissedSession(date(2026, 1, 26)))
        _last_day(store, named["never_booked"], date(2026, 2, 16))  # its plan's: a course to come, but not booked
        _mark(store, named["simulation_only"], MissedSession(date(2026, 1, 21)))
        with db.writing(store.engine, store.display_url) as connection:
            machine = connection.execute(select(t.machines.c.id).limit(1)).scalar_one()
            connection.execute(db.bookings.delete().where(db.bookings.c.course_id == named["simulation_only"]))
            at = datetime(2026, 1, 14, 9, tzinfo=LONDON)
            connection.execute(insert(db.bookings), [{"course_id": named["simulation_only"], "kind": "simulation", "number": 1,
                                                      "machine_id": machine, "starts_at": at,
                                                      "ends_at": at + timedelta(minutes=30), "released": False}])
            for name, made_up in (("made_up", 0), ("half_made_up", 0)):  # the make-up booked since, for the first missed day
                course_id = named[name]
                days = _fraction_days(store, course_id)
                missed = store.load_course(course_id).spec.adjustments.missed[made_up].day
                at = datetime.combine(days[-1] + timedelta(days=7), time(12), LONDON)
                connection.execute(insert(db.bookings), [{"course_id": course_id, "kind": "fraction", "number": 21,
                                                          "machine_id": machine, "starts_at": at,
                                                          "ends_at": at + timedelta(minutes=15), "released": False,
                                                          "make_up_day": missed, "make_up_cause": MakeUpCause.MISSED.value}])
        for name in ("cancelled", "cancelled_put_right"):
            course = store.load_course(named[name])
            store.set_cancelled(named[name], True, course.version)
    return named


def test_one_read_answers_every_make_up_question_as_the_separate_statements_did(store_url):
    named = _department(store_url)
    put_right = {named["read_only_put_right"]: (None, date(2026, 3, 2))}  # a day stored None, put right beside the store
    with Store.open(store_url) as store, store.engine.connect() as connection:
        with db.writing(store.engine, store.display_url) as writing:
            db.set_course_days(writing, named["read_only_put_right"], date(2026, 1, 14), None)
        missed = db.missed_courses(connection)
        assert {c.course_id for c in missed} == set(named.values()) - {named["untouched"]}
        some = [named["older_store"], named["weekend"], named["cancelled"], named["untouched"], named["half_made_up"]]
        seen: dict[str, set[str]] = {"to_come": set(), "never": set(), "older": set()}
        for today in TODAYS:
            old = _old_booked_to_come_with_missed(connection, today)
            assert db.booked_to_come_with_missed(connection, today) == old
            assert db.booked_to_come_with_missed(connection, today, missed) == old
            seen["to_come"].update(old)
            for ids in (None, some):
                for shown in (None, put_right):
                    old_short = _old_make_ups_never_booked(connection, today, LONDON, ids, shown)
                    assert db.make_ups_never_booked(connection, today, LONDON, ids, shown) == old_short, (today, ids, shown)
                    assert db.make_ups_never_booked(connection, today, LONDON, ids, shown, missed) == old_short
                    seen["never"].update(f"{course_id}={count}" for course_id, count in old_short.items())
        for ids in (None, some):
            old_older = _old_make_ups_waiting_at_end(connection, LONDON, ids)
            assert db.make_ups_waiting_at_end(connection, LONDON, ids) == old_older
            assert db.make_ups_waiting_at_end(connection, LONDON, ids, missed) == old_older
            seen["older"].update(old_older)
        ending = _old_ending_on_make_ups(connection, LONDON)
        assert {c.course_id for c in missed if c.ends_after_last_booked(LONDON)} == ending
    # the department asks each question something it answers yes and no to: the comparison is not of empty answers
    assert named["simulation_only"] in seen["to_come"]  # booked, if not its fractions
    assert not {named["cancelled"], named["never_booked"], named["untouched"]} & seen["to_come"]
    never = {course_id.split("=")[0] for course_id in seen["never"]}
    assert never >= {named["put_right"], named["weekend"], named["twice"], named["later_put_right"],
                     named["read_only_put_right"]}  # the last only with its last day put right beside the store
    assert f"{named['twice']}=2" in seen["never"]
    assert not {named["made_up"], named["cancelled"], named["never_booked"], named["not_a_session_day"],
                named["untouched"], named["simulation_only"]} & never
    # the half made up one's make-up booked since is after its stored last day: an older store's, to be put right
    assert seen["older"] >= {named["older_store"], named["no_last_day"], named["another_older_store"], named["half_made_up"]}
    assert named["cancelled"] not in seen["older"] and named["made_up"] not in seen["older"]
    assert ending >= {named["put_right"], named["cancelled_put_right"], named["later_put_right"]}
    assert named["older_store"] not in ending


def test_the_listings_show_what_the_separate_statements_showed(store_url):
    named = _department(store_url)
    with Store.open(store_url) as store:
        with store.engine.connect() as connection:
            ending = _old_ending_on_make_ups(connection, LONDON)
            old_short = {today: _old_make_ups_never_booked(connection, today, LONDON) for today in TODAYS}
        for today in TODAYS:
            rows = store.list_courses(today=today)
            assert {r.course_id for r in rows if r.last_not_booked} == ending
            assert {r.course_id: r.not_given for r in rows if r.not_given} == old_short[today]
            total, page = store.count_and_list_courses(limit=5, today=today)
            assert (total, page) == (store.count_courses(today=today), rows[:5])
            assert store.course_summaries([r.course_id for r in rows], today=today) == {r.course_id: r for r in rows}
            assert store.list_course_json(today=today) == [r.to_json() for r in rows]
        assert old_short[date(2026, 3, 9)][named["twice"]] == 2 and named["put_right"] in ending
        late = {r.course_id: r for r in store.list_courses(today=date(2026, 3, 9))}
        assert late[named["twice"]].status is CourseStatus.MAKE_UP_NOT_BOOKED and late[named["put_right"]].last_not_booked


def _statements_reading_texts(store: Store | type[Engine], action: Any) -> list[str]:
    """The statements `action` runs (on the store's engine, or on every engine) that filter the courses' texts for a
    missed session."""
    found: list[str] = []
    target = store.engine if isinstance(store, Store) else store

    def seen(conn, cursor, statement, parameters, context, executemany):  # noqa: ANN001 - SQLAlchemy's hook
        if "NOT LIKE" in statement.upper():
            found.append(statement)

    event.listen(target, "before_cursor_execute", seen)
    try:
        action()
    finally:
        event.remove(target, "before_cursor_execute", seen)
    return found


def test_each_listing_and_the_opening_read_the_courses_with_a_missed_session_once(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    named = _department(url)
    with Store.open(url) as store:
        today = date(2026, 3, 9)
        assert len(_statements_reading_texts(store, lambda: store.list_course_json_text(today=today))) == 1
        assert len(_statements_reading_texts(store, lambda: store.count_and_list_courses(limit=200, today=today))) == 1
        with store.engine.connect() as connection:  # an older store's courses: the opening puts them right
            assert db.make_ups_waiting_at_end(connection, LONDON)
        catalogue = load_catalogue(default_catalogue_path())
        assert len(_statements_reading_texts(store, lambda: follow_make_ups_on_opening(store, lambda: catalogue))) == 1
        with store.engine.connect() as connection:  # put right: the older store's course ends on its make-up's day now
            assert db.make_ups_waiting_at_end(connection, LONDON) == []
            assert named["older_store"] in _old_ending_on_make_ups(connection, LONDON)
    # `course list` reads the list first and hands the courses it read to the opening's check: one read of them
    for argv in (["course", "list", "--json", "--db", url], ["course", "list", "--db", url]):
        done: list[tuple[int, str, str]] = []
        assert len(_statements_reading_texts(Engine, lambda argv=argv, done=done: done.append(run(capsys, *argv)))) == 1
        assert done[0][0] == 0 and named["older_store"] in done[0][1]


def test_course_list_shows_the_days_the_opening_put_right(tmp_path, capsys):
    """The list is read before the opening's check now: when the check puts an older store's days right, the list is
    read again and shows them, as when the check came first."""
    url = f"sqlite:///{tmp_path / 'department.db'}"
    named = _department(url)
    with Store.open(url) as store, store.engine.connect() as connection:
        older = db.make_ups_waiting_at_end(connection, LONDON)
        stored = {course_id: connection.execute(select(t.courses.c.last_day).where(t.courses.c.id == course_id)).scalar_one()
                  for course_id in older}
    assert named["older_store"] in older
    code, out, err = run(capsys, "course", "list", "--json", "--db", url)
    assert code == 0, err
    listed = {row["course_id"]: row for row in json.loads(out)["courses"]}
    with Store.open(url) as store:
        assert json.loads(store.list_course_json_text()) == list(listed.values())  # the days as stored now
    for course_id in older:  # each ends on its make-up's day now, after its last booked session's
        last, was = listed[course_id]["last"], stored[course_id]
        assert last is not None and (was is None or last > was.isoformat()), (course_id, was, last)
        assert listed[course_id]["last_not_booked"] is True



def test_a_store_without_a_department_reads_no_course_for_the_make_up_questions(tmp_path, capsys):
    """No department, no machine, so no booking: nothing a make-up question asks of, so the courses' texts are not
    read for them (a store of planned courses alone, the single-course planner's), and the list is the same."""
    url = f"sqlite:///{tmp_path / 'planned.db'}"
    with Store.open(url) as store:
        course_id = fill_store(store, 3)[1]
        first = store.load_course(course_id).spec.start
        _mark(store, course_id, MissedSession(first, reason="unwell"))  # planned, a session marked missed: no make-up question
        today = date(2026, 3, 9)
        assert _statements_reading_texts(store, lambda: store.list_course_json_text(today=today)) == []
        assert _statements_reading_texts(store, lambda: store.count_and_list_courses(limit=200, today=today)) == []
        assert [(row.course_id, row.last_not_booked) for row in store.list_courses(today=today)][1] == (course_id, False)
    done: list[tuple[int, str, str]] = []
    assert _statements_reading_texts(Engine, lambda: done.append(run(capsys, "course", "list", "--json", "--db", url))) == []
    assert done[0][0] == 0
    listed = {row["course_id"]: row for row in json.loads(done[0][1])["courses"]}
    assert listed[course_id]["not_given"] == 0 and listed[course_id]["last_not_booked"] is False
