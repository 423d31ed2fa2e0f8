"""The window's copy of the department, kept as the store holds it. Another coordinator may save Department settings
(the clinic's phone or address, a closure, the treatment days, a machine's name) while this window is open: the window
reads the department again when it becomes active (as the bookings and the Patients list are read again, see
course_bookings.BookingsFollower) and right before an export, a print, a save or a booking uses it. One small query
tells whether it changed; only then is it read.

The course on screen follows: the blank new course is made again on the department's settings, a stored course without
unsaved edits is shown again as stored, and a course being edited moves onto the department's new calendar as one step
of its history (Edit → Undo takes it back), its other edits kept. The status line says what changed."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from ..app.department_follow import department_changes, department_if_changed, on_new_calendar
from ..core.dates import day_text, short_day_text
from ..core.department import Department
from ..core.department_closures import DepartmentClosures
from ..store.db import StoreError
from .course_bookings import follow_bookings, show_booking

if TYPE_CHECKING:
    from .main_window import MainWindow

FOLLOWED_MS = 20000  # long enough to read after coming back to the window
FOLLOW_STEP = "Follow the department's calendar"  # the Undo menu's words for the step
# Changes that touch no course's plan nor its printout here (the Bookings window says them): followed without a word,
# else every downtime another coordinator records would be announced in this window's status line
UNSEEN_HERE = frozenset({"downtime", "booking rules"})


@dataclass(frozen=True)
class Followed:
    """What reading the department again did: the sentence the status line shows, and whether the course on
    screen is planned differently now (an export or print about to happen stops for the coordinator to look)."""

    said: str
    course_changed: bool


def _planned(window: MainWindow) -> tuple[object, ...]:
    """The course on screen as planned, to tell whether the department's change moved anything."""
    session = window.session
    schedule = session.schedule
    appointments = tuple((a.key, a.start, a.end, a.missed) for a in schedule.appointments) if schedule is not None else ()
    return session.spec.updated(course_id=""), appointments  # the blank course made again has a new id, nothing else new


def _last_day(window: MainWindow) -> date | None:
    schedule = window.session.schedule
    return schedule.last_fraction.start.date() if schedule is not None and schedule.fractions else None


def follow_department(window: MainWindow) -> Followed | None:
    """Read the department again when the store's changed since the window read it (None: it did not, or the
    store cannot be read, which the status line says); the course on screen follows it, and the status line says what
    changed. Never loses an unsaved edit."""
    link = window.store_link
    if link is None or link.store is None:
        return None
    try:
        now = department_if_changed(link.store, link.department_read)
    except StoreError as exc:
        window.statusBar().showMessage(f"The department's settings cannot be read again: {exc}", 8000)
        return None
    if now is None:
        return None
    link.department_read = now
    before, after = link.department, now.department
    if after == before:  # saved again unchanged (or only who recorded a closure): nothing to follow
        return None
    link.department = after
    session = window.session
    session.department = after
    if after is not None and window.setup_hint is not None:
        window.setup_hint.hide()  # the department's zone, holidays and phone are the courses'
    window.form.take_typed()  # a date or zone typed and not confirmed yet is the coordinator's edit, followed with the rest
    planned, last = _planned(window), _last_day(window)
    blank = window.courses.blank_course_shown()
    with window.form.keeping_typed():  # the field with the keys shows what is typed in it still
        if blank:  # nothing typed into it: made again on the department's settings, as saving them here does
            session.new()
            link.course_replaced()
        elif link.opened is not None and not session.dirty:  # shown again as stored: the store plans it on the department's calendar
            follow_bookings(window, patient_list=False)
        else:
            if before is not None and after is not None:
                edits_follow(window, before, after)
            show_booking(window)  # the summary's notes (the department's clock) and an urgent course's start day, on it now
    changed = _planned(window) != planned
    changes = department_changes(before, after)
    # One sentence that fits a 1024 px window's status bar (about 140 characters)
    said = f"Department settings changed elsewhere ({', '.join(changes) or 'saved again'})"
    if not changed and changes and set(changes) <= UNSEEN_HERE:
        return Followed("", False)  # a machine's downtime or the booking rules: nothing this window shows changed
    if not changed:
        said += ": this window uses them now."
    elif blank:
        said += ": the new course follows them."
    else:
        now_last = _last_day(window)
        ends = (f", now ends {day_text(now_last)} (was {short_day_text(last)})"
                if now_last is not None and last is not None and now_last != last else "")
        kept = ", your edits kept" if session.dirty else ""
        said += f": course planned again{ends}{kept}."
    window.statusBar().showMessage(said, FOLLOWED_MS)
    return Followed(said, changed and not blank)


def edits_follow(window: MainWindow, before: Department, after: Department) -> bool:
    """A course with unsaved edits (stored, or new and not saved anywhere yet) moves onto the department's new calendar
    as one step of its history; a course file's own calendar stays the file's. True when the course changed."""
    link = window.store_link
    assert link is not None
    session = window.session
    opened = link.opened
    if opened is None and session.path is not None:
        return False
    if opened is not None and opened.cancelled:
        return False
    beside = opened.department_closures if opened is not None else None
    own = beside is not None
    own_closures = beside.own if beside is not None else frozenset()
    followed = on_new_calendar(session.spec, before, after, own_calendar=own, own_closures=own_closures)
    if opened is not None:
        closures = DepartmentClosures(after.closures, own_closures) if own else None
        link.opened = replace(opened, spec=on_new_calendar(opened.spec, before, after, own_calendar=own, own_closures=own_closures),
                              department_closures=closures)
        session.show_department_closures(closures)
    if followed == session.spec:
        return False
    session.replace(followed, FOLLOW_STEP)
    return True


def ready_to_use(window: MainWindow, doing: str) -> bool:
    """Right before `doing` ("export", "print", "save", "book") uses the department: what is typed into the field with
    the keys taken first (False when it cannot be: not a date), then the department read again when it changed.
    False too when the course on screen was planned again, which the coordinator looks at first (the status line says
    what changed and to do it again); True to go on."""
    if not window.courses.take_typed(doing):
        return False
    followed = follow_department(window)
    if followed is None or not followed.course_changed:
        return True
    window.statusBar().showMessage(f"{followed.said[:-1]}; check it, then {doing} again.", FOLLOWED_MS)
    return False
