"""Open, save and add courses in the department's store, list them, and tell what a lost save race changed.

A course opened from the store carries the version it was read at; saving hands that version
back, so a second coordinator's save cannot silently overwrite the first one's (the store
refuses it with who changed the course, when and what).
"""

from __future__ import annotations

import json
import stat
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource, region_words
from ..core.course import placed_by_booking
from ..core.department import Department
from ..core.department_closures import DepartmentClosures
from ..core.errors import InputError
from ..core.schedule import Schedule, build_schedule
from ..core.spec import CourseSpec
from ..ics import ExportFileError, ExportState, parse_export
from ..store.course_file import CourseFileError, DamagedText, load_course, spec_from_json, spec_to_json
from ..store.db import AuditEntry, CourseStatus, CourseSummary, Store
from ..store.db.store import changed_fields, check_patient, without_department_closures
from ..store.settings import Settings
from .calendar_export import PreviousExportError, export_calendar
from .planning import check_within_calendar, plan

if TYPE_CHECKING:
    from .booking import CalendarUpdate

Span = tuple[date | None, date | None]

PAGE_SIZE = 200  # rows of the patient list fetched at a time


@dataclass(frozen=True)
class OpenedCourse:
    """A course read from the store: the spec to plan with and the version a save must name."""

    course_id: str
    version: int
    spec: CourseSpec
    cancelled: bool = False  # a cancelled course is shown read-only until reinstated
    # A course keeping its own calendar: the department's closures, which close it too but stay the department's
    # (the form names them apart, read-only). None for a course on the department's calendar (they are its own).
    department_closures: DepartmentClosures | None = None
    damaged: tuple[DamagedText, ...] = ()  # free text today's rules refuse (opened for repair): a save must replace it
    unknown: tuple[str, ...] = ()  # fields a newer planner wrote that this one does not know: shown without, not saved over


@dataclass(frozen=True)
class Difference:
    """One field on which the stored course and the user's own version disagree."""

    field: str
    theirs: str
    mine: str
    mine_changed: bool = True  # False: only they changed it since the user opened the course (saving keeps theirs)


def find_courses(store: Store, search: str = "", status: CourseStatus | None = None, *, offset: int = 0,
                 limit: int = PAGE_SIZE, today: date | None = None) -> list[CourseSummary]:
    """One page of the patient list: search in the name or hospital number, filtered by status."""
    return store.list_courses(status, search or None, limit=limit, offset=offset, today=today)


def count_courses(store: Store, search: str = "", status: CourseStatus | None = None, *, today: date | None = None) -> int:
    """How many courses the patient list holds for this search and status."""
    return store.count_courses(status, search or None, today=today)


def course_row(store: Store, course_id: str, search: str = "", status: CourseStatus | None = None, *,
               today: date | None = None) -> int | None:
    """The course's row in the patient list for this search and status (0: first), None when they leave it out."""
    return store.course_row(course_id, status, search or None, today=today)


def first_row_named(store: Store, start: str, after: int, search: str = "", status: CourseStatus | None = None, *,
                    today: date | None = None) -> int | None:
    """The patient list's first row from `after` on whose name starts with `start`, else the first from the top."""
    return store.first_row_named(start, after, status, search or None, today=today)


def count_and_find_courses(store: Store, search: str = "", status: CourseStatus | None = None, *, limit: int = PAGE_SIZE,
                           today: date | None = None) -> tuple[int, list[CourseSummary]]:
    """`count_courses` and `find_courses`' first page in one read of the store (the make-up questions asked once)."""
    return store.count_and_list_courses(status, search or None, limit=limit, today=today)


def courses_now(store: Store, course_ids: Sequence[str], *, today: date | None = None) -> dict[str, CourseSummary]:
    """The patient list's rows of these courses as stored now, by id (a course no longer stored is left out)."""
    return store.course_summaries(course_ids, today=today)


def open_stored(store: Store, course_id: str, *, repairing: bool = False) -> OpenedCourse:
    """The course as stored, planned on the department's calendar unless it overrides it. `repairing`: a course
    whose free text today's rules refuse is read as it is (`OpenedCourse.damaged`), for a save to replace it."""
    stored = store.load_course(course_id, repairing=repairing)
    department = store.department()
    beside = (DepartmentClosures(department.closures, frozenset(stored.spec.closed) & frozenset(department.closures))
              if stored.own_calendar and department is not None else None)
    return OpenedCourse(course_id, stored.version, stored.effective_spec(department), stored.cancelled, beside, stored.damaged,
                        stored.unknown)


def as_course_file(spec: CourseSpec, department_closures: DepartmentClosures | None) -> CourseSpec:
    """The stored course as a course file of its own keeps it (Save As, `plan --course-id --save`): a course keeping its
    own calendar takes its own closures only; the department's, shown beside them, stay the department's."""
    if department_closures is None:
        return spec
    closed = department_closures.own_of(spec.closed)
    return spec if closed == spec.closed else spec.updated(closed=closed)


def schedule_span(spec: CourseSpec, schedule: Schedule | None) -> Span:
    """The first and last fraction's dates, for the patient list (the start alone without a schedule)."""
    if schedule is None:
        return spec.start, None
    return schedule.first_fraction.start.date(), schedule.last_fraction.start.date()


def course_span(spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None = None) -> Span:
    """The span of the course as planned now (the start alone when it cannot be planned yet)."""
    try:
        return schedule_span(spec, plan(spec, catalogue, holidays))
    except InputError:
        return spec.start, None


def without_booked_moves(spec: CourseSpec, stored: CourseSpec | None = None) -> CourseSpec:
    """The course without the moves its booking adds when shown: the bookings keep those times, so
    the stored course keeps its plan (and an unbooked course goes back to it). Where a booked move
    stood in for the coordinator's own move of that appointment in the `stored` course (transport:
    14:00, booked elsewhere), the coordinator's comes back rather than being lost with it."""
    own = {m.key: m for m in stored.adjustments.moves if not placed_by_booking(m.reason)} if stored is not None else {}
    adjustments = spec.adjustments
    for move in spec.adjustments.moves:
        if placed_by_booking(move.reason):
            adjustments = adjustments.without_move(move.key)
            if move.key in own:
                adjustments = adjustments.with_entry(own[move.key])
    return spec if adjustments is spec.adjustments else spec.updated(adjustments=adjustments)


BOOKING_SHOWN_FIELDS = ("start", "time", "simulation")  # what a booking shows its own value of (booking.booked_spec)


def with_stored_plan(spec: CourseSpec, stored: CourseSpec | None, shown: CourseSpec | None,
                     given: Collection[str] = ()) -> CourseSpec:
    """The course to store, each field a booking shows its own value of (first day, daily time, planning scan) kept
    as `stored` where the course saved still has the value it was `shown` with (read at its booked times): the
    coordinator changed none of those, the booking set them, and its change is in the history as the booking's.
    Stored, a save of any other field would write the booked daily time into the history as the coordinator's own
    ('time: 08:30 -> 09:00'), and an unbooked course would not go back to its plan. A field named in `given` (an option
    typed on the command line: `course save --time 10:30` after the bookings were moved there) is saved as given."""
    if stored is None or shown is None:
        return spec
    kept = {name: getattr(stored, name) for name in BOOKING_SHOWN_FIELDS
            if name not in given and getattr(spec, name) == getattr(shown, name) != getattr(stored, name)}
    return spec.updated(**kept) if kept else spec


def save_stored(store: Store, spec: CourseSpec, version: int | None, schedule: Schedule | None,
                opened: CourseSpec | None = None) -> int:
    """Save the course (version None: a course new to the store); returns the new version. A
    course shown at its booked times is saved without the booking's own moves. When its calendar
    (zone, holidays, closures, treatment days) was changed since it was `opened`, the course keeps
    a calendar of its own exactly when that differs from the department's: the change is kept, not
    replaced by the department's on the next opening (a department closure added meanwhile does not
    count as a change, and one shown beside a course's own closures is not saved as the course's).
    Raises CourseConflict when someone saved it since `version` was read, InputError for a missing
    patient name or hospital number."""
    own = keeps_own_calendar(store, spec) if opened is not None and _calendar(spec) != _calendar(opened) else None
    before = store.load_course(spec.course_id, repairing=True) if version is not None else None  # repaired by this save
    stored = before.spec if before is not None else None
    if before is not None and before.own_calendar and own is not False:
        # shown beside its own closures (as_booked), the department's stay the department's: taken back there, gone here
        # (a course leaving the department's calendar just now takes the department's closures as they are, as before)
        spec = without_department_closures(spec, before.spec, store.department(), opened.closed if opened is not None else ())
    saved = with_stored_plan(without_booked_moves(spec, stored), stored, opened)
    return store.save_course(saved, version, span=schedule_span(spec, schedule), own_calendar=own)


def _calendar(spec: CourseSpec) -> tuple[object, ...]:
    return spec.tz, spec.holidays or None, spec.closed, spec.days


def keeps_own_calendar(store: Store, spec: CourseSpec) -> bool | None:
    """Whether the course, saved as `spec`, keeps a calendar of its own over the department's (None: no department)."""
    from ..store.db import same_calendar

    department = store.department()
    return None if department is None else not same_calendar(spec, department)


def overrides_department(store: Store, course_id: str) -> bool:
    """Whether the stored course keeps a calendar of its own over the department's (False without a department)."""
    return store.department() is not None and store.load_course(course_id).own_calendar


@dataclass(frozen=True)
class ImportReport:
    """What importing course files did: the ids added, how many were already stored, each refusal, and
    the courses added that keep a calendar of their own, each with how it differs from the department's."""

    added: tuple[str, ...]
    already_stored: int
    refused: tuple[str, ...]
    own_calendars: tuple[tuple[CourseSpec, str], ...] = ()


@dataclass(frozen=True)
class CourseFilesRead:
    """Course files read for the store, before it is opened: each course with its span, and each refusal."""

    items: tuple[tuple[CourseSpec, Span], ...]
    refused: tuple[str, ...]


def import_course_files(store: Store, paths: Sequence[Path], catalogue: Catalogue,
                        holidays: HolidaySource | None = None) -> ImportReport:
    """Bring course files into the store in one transaction, all or none: a file already there is left
    as it is; an unreadable one (or one without the patient's name and hospital number) is refused by
    name, and then no file is imported. A course keeping its file's calendar is told with its regions
    named as `holidays` names them."""
    return add_course_files(store, read_course_files(paths, catalogue, holidays), holidays)


def add_course_files(store: Store, read: CourseFilesRead, holidays: HolidaySource | None = None) -> ImportReport:
    """Add the courses read (one transaction), or none when any file was refused: a folder imported
    half would leave the user to find out which patients are in the store and which are not. A
    course already in the store is left as it is."""
    if read.refused:
        return ImportReport((), 0, read.refused)
    added = store.add_courses(list(read.items)) if read.items else []
    department = store.department() if added else None
    fresh = set(added)
    own = []
    for spec, _span in read.items:
        differences = calendar_differences(spec, department, holidays) if department is not None and spec.course_id in fresh else ""
        if differences:
            own.append((spec, differences))
    return ImportReport(tuple(added), len(read.items) - len(added), read.refused, tuple(own))


def saved_course_warnings(store: Store, course_id: str, catalogue: Catalogue,
                          holidays: HolidaySource | None = None) -> tuple[str, ...]:
    """The warnings of the course as stored, read back as `plan --course-id` reads it (at its booked times). InputError
    when it cannot be planned (yet)."""
    from .booking import as_booked
    from .course_booking import at_booked_times, booking_facts
    from .planning import plan

    shown = as_booked(store, open_stored(store, course_id, repairing=True).spec, catalogue, holidays=holidays)
    return tuple(at_booked_times(plan(shown, catalogue, holidays), booking_facts(store, course_id)).warnings)


def calendar_owed_after_save(store: Store, course_id: str, catalogue: Catalogue, holidays: HolidaySource | None = None, *,
                             settings: Settings) -> list[CalendarUpdate]:
    """After a stored course was saved: the update its patient's exported calendar now needs (a day marked missed, a
    make-up added, a new name), marked owed until it is given (`calendar-updates`, the Patients list's "Update owed"),
    as after a move or a cancelling; a calendar that matches the course again is no longer owed. None for a course
    never exported. In a store without a department too: the update is the course's export again (`export
    --course-id`, File → Export calendar), which gives it; the clinic as `settings` name it, as every export does."""
    from .booking import BookingDesk, NoDepartment

    if store.last_export(course_id) is None:
        return []
    try:
        desk = BookingDesk(store, catalogue, holidays=holidays, clinic_phone=settings.clinic_phone,
                           clinic_name=settings.clinic_name, discreet_shows_id=settings.discreet_print_shows_id)
    except NoDepartment:
        return _owed_without_department(store, course_id, catalogue, holidays, settings)
    return desk.owe_updates([course_id])


def _owed_without_department(store: Store, course_id: str, catalogue: Catalogue, holidays: HolidaySource | None,
                             settings: Settings) -> list[CalendarUpdate]:
    """`calendar_owed_after_save` in a store without a department (nothing booked): the course's calendar as its export
    would write it now (plan, clinic, discreet and preparation events as the patient was given them) compared with the
    one given, marked owed when an event differs and no longer owed when none does. A course stored damaged (its text
    read with stand-ins), or one that cannot be planned, is owed without an update made, as the department's are."""
    from datetime import UTC, datetime

    from ..ics import compare
    from ..store.db import bookings as db
    from ..wording import reminders_left_out
    from .booking import CalendarUpdate
    from .cancelling import given_if_cancelled
    from .file_names import names_hospital_number, update_file_name

    last = store.last_export(course_id)
    assert last is not None
    previous = parse_export(last, f"course {course_id}")
    with store.connection() as connection:
        damaged = bool(db.damaged_courses(connection, [course_id]))
    updates: list[CalendarUpdate] = []
    spec = open_stored(store, course_id, repairing=True).spec
    try:
        schedule = plan(spec, catalogue, holidays)
    except InputError:  # saved so that it cannot be planned (yet): the calendar given no longer tells its course
        damaged = True
    if not damaged:
        kept = given_if_cancelled(store, course_id, schedule)
        discreet = spec.discreet or previous.discreet  # the patient's calendar stays discreet, as an export keeps it
        data = export_calendar(schedule, spec, settings, now=datetime.now(UTC), discreet=discreet,
                               prep_events=previous.prep_events, previous=previous, course_id=course_id, kept=kept)
        state = parse_export(data, f"course {course_id}")
        changes = compare(previous, state)
        if changes:
            shown = names_hospital_number(state.discreet, settings.discreet_print_shows_id)
            updates.append(CalendarUpdate(course_id, spec.patient_name, len(changes), data, hospital_number=spec.patient_id,
                                          changes=tuple(c.text for c in changes),
                                          file_name=update_file_name(spec.patient_name, spec.patient_id if shown else "",
                                                                     course_id),
                                          left_out=tuple(reminders_left_out(schedule)) if discreet else ()))
    with db.writing(store.engine, store.display_url) as connection:
        db.mark_calendars(connection, [course_id], damaged or bool(updates))
    return updates


def imported_course_warnings(store: Store, course_ids: Sequence[str], catalogue: Catalogue,
                             holidays: HolidaySource | None = None) -> list[tuple[str, str]]:
    """Each imported course's warnings, (course id, warning), as `course save` would say them: a course too long for its
    site, say; one that cannot be planned yet was kept, as imported, and what stops its plan is said."""
    warnings: list[tuple[str, str]] = []
    for course_id in course_ids:
        try:
            warnings += [(course_id, warning) for warning in saved_course_warnings(store, course_id, catalogue, holidays)]
        except InputError as exc:
            warnings.append((course_id, f"cannot be planned yet: field '{exc.field}': {exc.reason}"))
    return warnings


def calendar_differences(spec: CourseSpec, department: Department, holidays: HolidaySource | None = None) -> str:
    """How a course's calendar differs from the department's, in words ('' when it does not): 'time zone
    Etc/UTC, not America/New_York; holidays none, not US-NY; treatment days' (a file saved on a desk in another
    zone); the regions by the names `holidays` knows, else by code."""
    parts = []
    if spec.tz != department.timezone:
        parts.append(f"time zone {spec.tz}, not {department.timezone}")
    if (spec.holidays or None) != department.holidays:
        parts.append(f"holidays {region_words(spec.holidays, holidays)}, not {region_words(department.holidays, holidays)}")
    if spec.closed != department.closures:
        parts.append("closures")
    if spec.days != department.treatment_days:
        parts.append("treatment days")
    return "; ".join(parts)


def read_course_files(paths: Sequence[Path], catalogue: Catalogue, holidays: HolidaySource | None = None) -> CourseFilesRead:
    """The courses of the files, read without the store: a command learns whether there is anything
    to import before it opens (and perhaps creates) a database."""
    items: list[tuple[CourseSpec, Span]] = []
    refused: list[str] = []
    for path in paths:
        problem = _not_a_readable_file(path)
        if problem:
            refused.append(f"{path}: {problem}")
            continue
        try:
            spec = load_course(path)
        except CourseFileError as exc:
            refused.append(str(exc))
            continue
        if not spec.patient_name.strip() or not spec.patient_id.strip():
            refused.append(f"{path}: field 'patient': a stored course needs the patient's name and hospital number")
            continue
        try:  # checked now, not when adding: one such file must not stop the others
            check_patient(spec)
        except InputError as exc:
            refused.append(f"{path}: field '{exc.field}': {exc.reason}")
            continue
        past = _past_the_calendar(spec, catalogue, holidays)
        if past is not None:  # `plan --course FILE` refuses it, and nothing could book, show or export it
            refused.append(f"{path}: field '{past.field}': {past.reason}")
            continue
        items.append((spec, course_span(spec, catalogue, holidays)))
    return CourseFilesRead(tuple(items), tuple(refused))


def _past_the_calendar(spec: CourseSpec, catalogue: Catalogue, holidays: HolidaySource | None) -> InputError | None:
    """Why the course runs past the planner's calendar (an appointment after its last day), as `plan` refuses it; None when
    it does not, or when it cannot be planned yet (stored at its start, as before)."""
    try:
        schedule = build_schedule(spec.to_request(catalogue, holidays), catalogue)
    except InputError:
        return None
    try:
        check_within_calendar(schedule)
    except InputError as exc:
        return exc
    return None


def _not_a_readable_file(path: Path) -> str | None:
    """Why `path` cannot be read as a course file (None when it is a regular file)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:  # a symbolic link loop, a name too long, a folder that may not be read
        return f"cannot read ({exc.strerror or exc})"
    return None if stat.S_ISREG(mode) else "not a regular file"


def last_stored_export(store: Store, course_id: str) -> ExportState | None:
    """The course's last export kept in the store (None before the first): the next one updates it."""
    raw = store.last_export(course_id)
    if raw is None:
        return None
    try:
        return parse_export(raw, f"the last export of course {course_id}")
    except ExportFileError as exc:
        raise PreviousExportError(str(exc)) from None


def record_stored_export(store: Store, course_id: str, data: bytes) -> None:
    """Keep the export just written, so the next export of the course updates the patient's calendar."""
    store.record_export(course_id, data)


def course_audit(store: Store, course_id: str, catalogue: Catalogue | None = None) -> list[AuditEntry]:
    """Who changed the course, when and what: every save, oldest first; with the `catalogue`, without the
    entries that only wrote out a default (see audit_words.real_changes)."""
    entries = store.course_history(course_id)
    if catalogue is None:
        return entries
    from .audit_words import real_changes

    return real_changes(entries, store.load_course(course_id).spec, catalogue)


NOT_SET = "(not set)"  # a field left to its default (the preset's fractions, the clinic's time zone...)


def readable_value(value: str | None) -> str:
    """A stored JSON value as the user reads it: text without quotes; a field not set says so (an empty cell
    read as a value wiped out)."""
    if value is None:
        return NOT_SET
    loaded = json.loads(value)
    return NOT_SET if loaded is None else loaded if isinstance(loaded, str) else json.dumps(loaded, ensure_ascii=False)


def differences(theirs: CourseSpec, mine: CourseSpec, opened: CourseSpec | None = None) -> list[Difference]:
    """The fields on which two versions of a course differ, in the course file's words; with the version
    the user `opened`, each says whether the user changed it (else only they did, and saving keeps theirs),
    and a list both changed (closures, adjustments) reads as saving would store it: theirs and the user's together."""
    mine_changed = {name for name, _, _ in changed_fields(spec_to_json(opened), spec_to_json(mine))} if opened else None
    saved = ({name: new for name, _, new in changed_fields(spec_to_json(theirs), _merged_json(opened, theirs, mine))}
             if opened is not None else None)  # what saving on top stores, where it is not theirs
    return [Difference(name, readable_value(old), readable_value(new if saved is None else saved.get(name, old)),
                       mine_changed is None or name in mine_changed)
            for name, old, new in changed_fields(spec_to_json(theirs), spec_to_json(mine))]


_ABSENT = object()
# The lists of a course whose items stand alone, each known by one of its fields: a closure by its day, a move by
# the appointment it moves, a missed session by its day, a re-timing or a shift by the fraction it starts from. Two
# coordinators may each add one; saving on top keeps both (a list like the phases is one value, taken whole).
_ITEM_KEYS = {("closed",): "date", ("adjustments", "moves"): "appointment", ("adjustments", "missed"): "date",
              ("adjustments", "retimes"): "from", ("adjustments", "shifts"): "from"}


def _on_top(opened: object, theirs: object, mine: object, path: tuple[str, ...] = ()) -> object:
    if isinstance(opened, dict) and isinstance(theirs, dict) and isinstance(mine, dict):
        merged = {key: _on_top(opened.get(key, _ABSENT), theirs.get(key, _ABSENT), mine.get(key, _ABSENT), (*path, key))
                  for key in [*theirs, *(key for key in mine if key not in theirs)]}
        return {key: value for key, value in merged.items() if value is not _ABSENT}
    key = _ITEM_KEYS.get(path)
    if key is not None and all(isinstance(side, list) for side in (opened, theirs, mine)):
        return _items_on_top(opened, theirs, mine, key)  # type: ignore[arg-type]
    return mine if mine != opened else theirs


def _items_on_top(opened: list[Any], theirs: list[Any], mine: list[Any], key: str) -> list[Any]:
    """Theirs, with each item the user added, changed or removed since `opened` added, changed or removed
    (an item both changed takes the user's), in theirs' order, the user's new ones after."""
    def by_key(items: list[Any]) -> dict[str, Any]:
        return {json.dumps(item.get(key) if isinstance(item, dict) else item, sort_keys=True): item for item in items}

    was, now, ours = by_key(opened), by_key(theirs), by_key(mine)
    if len(was) != len(opened) or len(now) != len(theirs) or len(ours) != len(mine):
        return mine if mine != opened else theirs  # two items of one key: not items that stand alone, taken whole
    merged: list[Any] = []
    for name in [*now, *(name for name in ours if name not in now)]:
        if name in ours and ours[name] != was.get(name, _ABSENT):
            merged.append(ours[name])  # the user added or changed it
        elif name in was and name not in ours:
            continue  # the user removed it
        elif name in now:
            merged.append(now[name])
    return merged


def _merged_json(opened: CourseSpec, theirs: CourseSpec, mine: CourseSpec) -> dict[str, Any]:
    merged = _on_top(spec_to_json(opened), spec_to_json(theirs), spec_to_json(mine))
    assert isinstance(merged, dict)
    return merged


def on_top_of_theirs(opened: CourseSpec, theirs: CourseSpec, mine: CourseSpec) -> CourseSpec:
    """The user's version saved on top of one another coordinator saved meanwhile: each field the user
    changed since `opened` takes the user's value, every other field keeps theirs, so a change they
    saved is not undone by a save that never touched it (a field both changed takes the user's). In a list
    of items that stand alone (closures, moves, missed sessions, re-timings, shifts) the same holds item by
    item: a closure they added stays beside the one the user added.
    CourseFileError when the two together do not make a course (then the user's version stays as it is)."""
    return spec_from_json(_merged_json(opened, theirs, mine), "the two versions together")
