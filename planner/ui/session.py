"""The open course: its spec, the schedule the core builds from it, undo history and file.

A thin Qt adapter: every rule is the core's; this object only keeps state and tells the views.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.catalogue import Catalogue
from ..core.course import Adjustment, AdjustmentRef, MakeUp, MissedSession, Retime, Shift
from ..core.errors import InputError
from ..core.kinds import AppointmentKey
from ..core.schedule import Schedule, build_schedule, suggest_make_up
from ..core.spec import CourseSpec
from ..store.course_file import load_course, save_course
from ..store.settings import Settings


@dataclass(frozen=True)
class BuildResult:
    schedule: Schedule | None
    error: InputError | None


def build(spec: CourseSpec, catalogue: Catalogue) -> BuildResult:
    try:
        return BuildResult(build_schedule(spec.to_request(catalogue), catalogue), None)
    except InputError as exc:
        return BuildResult(None, exc)


def new_spec(settings: Settings, catalogue: Catalogue) -> CourseSpec:
    """An empty course with the clinic's defaults."""
    location = ", ".join(p for p in (settings.clinic_name, settings.clinic_address) if p)
    site = catalogue.sites[0]
    preset = site.presets[0] if site.presets else None
    spec = CourseSpec(
        site=site.id, preset=preset.id if preset else None, fractions=preset.fractions if preset else 5,
        pattern=preset.pattern if preset else None, duration=(preset.session_minutes if preset else None) or site.session_minutes,
        tz=settings.zone_name, holidays=settings.holidays or None, days=settings.treatment_weekdays, time=settings.default_time,
        location=location,
    )
    try:
        start = spec.clinic_calendar().next_open_day(date.today() + timedelta(days=7))
    except InputError:
        return spec
    return spec.updated(start=start)


class _SpecChange(QUndoCommand):
    def __init__(self, session: CourseSession, before: CourseSpec, after: CourseSpec, text: str, merge_key: int) -> None:
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self.merge_key = merge_key

    def id(self) -> int:
        return self.merge_key

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, _SpecChange) or other.merge_key != self.merge_key or self.merge_key < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.session._apply(self.after)

    def undo(self) -> None:
        self.session._apply(self.before)


class CourseSession(QObject):
    """Signals: specApplied (the form should show this spec), scheduleChanged, pathChanged."""

    specApplied = Signal(object)
    scheduleChanged = Signal(object)  # BuildResult
    pathChanged = Signal(object)
    courseReplaced = Signal()  # New or Open: the views go to the new course's first week

    def __init__(self, catalogue: Catalogue, settings: Settings, parent: QObject | None = None,
                 undo_stack: QUndoStack | None = None) -> None:
        """`undo_stack`: the window's, when its undo and redo actions exist before the session."""
        super().__init__(parent)
        self.catalogue = catalogue
        self.settings = settings
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.spec = CourseSpec()
        self.result = BuildResult(None, None)
        self.path: Path | None = None
        self._merge_keys: dict[str, int] = {}

    def start(self) -> None:
        """The first course: the clinic's defaults, built (holidays and all) once the window shows."""
        self.spec = new_spec(self.settings, self.catalogue)
        self.result = build(self.spec, self.catalogue)

    # ------------------------------------------------------------------ state
    @property
    def schedule(self) -> Schedule | None:
        return self.result.schedule

    def _apply(self, spec: CourseSpec) -> None:
        self.spec = spec
        self.result = build(spec, self.catalogue)
        self.specApplied.emit(spec)
        self.scheduleChanged.emit(self.result)

    def _merge_key(self, field: str) -> int:
        return self._merge_keys.setdefault(field, len(self._merge_keys) + 1)

    def edit(self, spec: CourseSpec, field: str = "", words: str = "") -> None:
        """A change made in the form; consecutive changes of one field undo together. `words`:
        the field as the form labels it ("time zone"), for the Undo menu."""
        if spec == self.spec:
            return
        key = self._merge_key(field) if field else -1
        self.undo_stack.push(_SpecChange(self, self.spec, spec, f"Change {words or field or 'course'}", key))

    def replace(self, spec: CourseSpec, text: str) -> None:
        if spec != self.spec:
            self.undo_stack.push(_SpecChange(self, self.spec, spec, text, -1))

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._apply(self.spec)

    # ------------------------------------------------------------------ adjustments
    def move(self, role: AppointmentKey, when: datetime, reason: str = "") -> None:
        """Move one appointment to a local date and time; the core re-checks the spacing."""
        local = when.replace(tzinfo=None)
        self.replace(self.spec.updated(adjustments=self.spec.adjustments.with_move(role, local, reason)),
                     f"Move {str(role).replace('-', ' ')}")

    def remove_adjustment(self, ref: AdjustmentRef) -> None:
        """Take one listed adjustment back (a move, a missed mark, a re-timing or a shift)."""
        self.replace(self.spec.updated(adjustments=self.spec.adjustments.without(ref)), f"Remove {ref.type.value} adjustment")

    def edit_adjustment(self, ref: AdjustmentRef, entry: Adjustment) -> None:
        self.replace(self.spec.updated(adjustments=self.spec.adjustments.edited(ref, entry)), f"Edit {ref.type.value} adjustment")

    def retime_from(self, number: int, at: time, reason: str = "") -> None:
        """From fraction `number` on, the rest of the course at `at`."""
        self.replace(self.spec.updated(adjustments=self.spec.adjustments.with_entry(Retime(number, at, reason))),
                     f"Re-time from fraction {number}")

    def shift_from(self, number: int, reason: str = "") -> None:
        """From fraction `number` on, the rest of the course one open day later."""
        adjustments = self.spec.adjustments
        earlier = next((s for s in adjustments.shifts if s.from_number == number), None)
        shift = Shift(number, (earlier.days if earlier else 0) + 1, reason)
        self.replace(self.spec.updated(adjustments=adjustments.with_entry(shift)), f"Shift the course from fraction {number}")

    def reset_move(self, role: AppointmentKey) -> None:
        self.replace(self.spec.updated(adjustments=self.spec.adjustments.without_move(role)), f"Undo move of {str(role).replace('-', ' ')}")

    def make_up_options(self, day: date) -> dict[MakeUp, BuildResult]:
        """What each way of making up the session missed on `day` does to the course."""
        schedule = self.schedule
        options: dict[MakeUp, BuildResult] = {}
        if schedule is None:
            return options
        for make_up in MakeUp:
            at = None
            if make_up is not MakeUp.END:
                try:
                    at = suggest_make_up(schedule, day, make_up).replace(tzinfo=None)
                except InputError:
                    continue
            options[make_up] = build(self.missed_spec(day, make_up, at), self.catalogue)
        return options

    def missed_spec(self, day: date, make_up: MakeUp, at: datetime | None, reason: str = "") -> CourseSpec:
        session = MissedSession(day=day, make_up=make_up, make_up_at=at, reason=reason)
        return self.spec.updated(adjustments=self.spec.adjustments.with_missed(session))

    def mark_missed(self, day: date, make_up: MakeUp, at: datetime | None, reason: str = "") -> None:
        self.replace(self.missed_spec(day, make_up, at, reason), f"Mark {day:%a} {day.day} {day:%b %Y} missed")

    # ------------------------------------------------------------------ files
    def reset(self, spec: CourseSpec, path: Path | None) -> None:
        self.undo_stack.clear()
        self.path = path
        self._apply(spec)
        self.undo_stack.setClean()
        self.pathChanged.emit(path)
        self.courseReplaced.emit()

    def new(self) -> None:
        self.reset(new_spec(self.settings, self.catalogue), None)

    def open(self, path: Path) -> None:
        self.reset(load_course(path), path)

    def save(self, path: Path) -> None:
        save_course(self.spec, path)
        self.path = path
        self.undo_stack.setClean()
        self.pathChanged.emit(path)

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.isClean()
