"""A booked course's last day when a make-up waits at its end, put right on opening a store the window has not opened.

A store written before the planner counted a make-up waiting at a booked course's end kept the last booked session's
day as the course's last day. The window puts that right when it opens the store (`BookingDesk.follow_make_ups`); the
command line's `course list` and `course show` do the same here, so that both show the same last day; on a store
opened read-only the days are kept beside the store for the courses' status, not written. Light to import: the booking
desk (and the catalogue) are loaded only when a course waits so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from datetime import UTC, datetime, timedelta

from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource
from ..core.make_up import waits_at_end
from ..store.db import Store
from ..store.db import bookings as db


def follow_make_ups_on_opening(store: Store, catalogue: Callable[[], Catalogue], holidays: HolidaySource | None = None,
                               course_ids: Collection[str] | None = None, *,
                               missed: Sequence[db.MissedCourse] | None = None) -> bool:
    """Each booked course (of `course_ids`, when given) whose make-up waits at its end ends on that make-up's day, as
    its window shows it: those still to come, and those whose make-up no booking gives whatever their stored days (one
    whose stored last day passed read "finished", its make-up due or never given). A store opened read-only is never
    written: the days put right are kept beside it (`Store.last_days_not_written`), so its courses' status is right
    all the same. Nothing when no course waits so (`catalogue` is then not loaded), nor without a department.
    StoreError or InputError when it cannot be done: the days then stay as stored. `missed`: the courses with a missed
    session (`db.missed_courses`, of `course_ids` when given) as the caller just read them (`course list` reads the list
    first), not read again. True when days were put right (written, or kept beside a read-only store): what was read
    before is then out of date."""
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.db.open_time import department_zone
    from ..store.db.store import database_failure

    yesterday = datetime.now(UTC).date() - timedelta(days=1)  # today somewhere on Earth: the desk counts its own zone's
    if missed is not None and not any(course.booked for course in missed):
        return False  # no booked course has a missed session: no connection, no read
    try:
        with store.connection() as connection:
            if missed is None:
                missed = db.missed_courses(connection, course_ids)  # one read for both questions, and for the desk's
            to_come = [course_id for course_id in db.booked_to_come_with_missed(connection, yesterday, missed)
                       if course_ids is None or course_id in course_ids]
            rows = db.course_rows(connection, to_come, unreadable={}) if to_come else {}
            waiting = [course_id for course_id, row in rows.items() if waits_at_end(row.spec.adjustments.missed)]
            zone = department_zone(connection)
            older: tuple[str, ...] | None = None
            if not waiting and zone is not None:  # an older store's course past its stored last day, its make-up not booked
                older = tuple(db.make_ups_waiting_at_end(connection, zone, course_ids, missed))
                waiting = list(older)
    except SQLAlchemyError as exc:
        raise database_failure(exc, store.display_url, store.url) from None
    if not waiting:  # nearly every opening: a read, no catalogue, no desk
        return False
    from .booking import BookingDesk, NoDepartment

    try:
        desk = BookingDesk(store, catalogue(), holidays=holidays)
    except NoDepartment:  # nothing is booked without a department
        return False
    return desk.follow_make_ups(course_ids, read=db.OpeningRead(tuple(missed), rows, older))
