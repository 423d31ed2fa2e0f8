"""A booked course's last day when a make-up waits at its end, put right on opening a store the window has not opened.

A store written before the planner counted a make-up waiting at a booked course's end kept the last booked session's
day as the course's last day. The window puts that right when it opens the store (`BookingDesk.follow_make_ups`); the
command line's `course list` and `course show` do the same here, so that both show the same last day. Light to
import: the booking desk (and the catalogue) are loaded only when a course waits so.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime, timedelta

from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource
from ..core.make_up import waits_at_end
from ..store.db import Store
from ..store.db import bookings as db


def follow_make_ups_on_opening(store: Store, catalogue: Callable[[], Catalogue], holidays: HolidaySource | None = None,
                               course_ids: Collection[str] | None = None) -> None:
    """Each booked course still to come (of `course_ids`, when given) whose make-up waits at its end ends on that
    make-up's day, as its window shows it. Nothing on a store opened read-only (it is never written), nor when no
    course waits so (`catalogue` is then not loaded), nor without a department. StoreError or InputError when it
    cannot be done: the days then stay as stored."""
    if store.read_only:
        return
    from sqlalchemy.exc import SQLAlchemyError

    from ..store.db.store import database_failure

    yesterday = datetime.now(UTC).date() - timedelta(days=1)  # today somewhere on Earth: the desk counts its own zone's
    try:
        with store.engine.connect() as connection:
            to_come = [course_id for course_id in db.booked_to_come_with_missed(connection, yesterday)
                       if course_ids is None or course_id in course_ids]
            rows = db.course_rows(connection, to_come, unreadable={}) if to_come else {}
    except SQLAlchemyError as exc:
        raise database_failure(exc, store.display_url, store.url) from None
    waiting = [course_id for course_id, row in rows.items() if waits_at_end(row.spec.adjustments.missed)]
    if not waiting:  # nearly every opening: a read, no catalogue, no desk
        return
    from .booking import BookingDesk, NoDepartment

    try:
        desk = BookingDesk(store, catalogue(), holidays=holidays)
    except NoDepartment:  # nothing is booked without a department
        return
    desk.follow_make_ups(waiting)
