"""The open course: its spec, the schedule planned from it, its history and its file.

A thin Qt adapter over the application layer: the use cases and the undo history (what merges,
what is saved) are `planner.app`'s; this object keeps the open course, presents the history on
the window's QUndoStack and tells the views.
"""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..app import adjusting
from ..app.history import CourseHistory
from ..app.planning import PlanResult, attempt_plan, new_spec
from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource, PackageHolidays
from ..core.course import Adjustment, AdjustmentRef, MakeUp
from ..core.department import Department
from ..core.department_closures import DepartmentClosures
from ..core.kinds import AppointmentKey
from ..core.schedule import Schedule
from ..core.spec import CourseSpec
from ..store.course_file import load_course, save_course
from ..store.settings import Settings

# The names the views and tests know the planning result by.
BuildResult = PlanResult
build = attempt_plan


class _HistoryStep(QUndoCommand):
    """One step of the course's history on the undo stack: undo and redo move the history's index."""

    def __init__(self, session: CourseSession, before: int, after: int, text: str, merge_id: int) -> None:
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self.merge_id = merge_id

    def id(self) -> int:
        return self.merge_id

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(other, _HistoryStep) or other.merge_id != self.merge_id or self.merge_id < 0:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.session._show_state(self.after)

    def undo(self) -> None:
        self.session._show_state(self.before)


class CourseSession(QObject):
    """Signals: specApplied (the form should show this spec), scheduleChanged, pathChanged."""

    specApplied = Signal(object)
    scheduleChanged = Signal(object)  # PlanResult
    pathChanged = Signal(object)
    courseReplaced = Signal()  # New or Open: the views go to the new course's first week

    def __init__(self, catalogue: Catalogue, settings: Settings, parent: QObject | None = None,
                 undo_stack: QUndoStack | None = None, holidays: HolidaySource | None = None) -> None:
        """`undo_stack`: the window's, when its undo and redo actions exist before the session.
        `holidays`: the window's holiday source (None: the holidays package itself)."""
        super().__init__(parent)
        self.catalogue = catalogue
        self.holidays: HolidaySource = holidays if holidays is not None else PackageHolidays()
        self.settings = settings
        self.undo_stack = undo_stack if undo_stack is not None else QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._stack_clean)
        self.history = CourseHistory(CourseSpec())
        self.result = PlanResult(None, None)
        self.path: Path | None = None
        self.department: Department | None = None  # the store's, when the window is tied to one
        self.title = ""  # what the window calls a course without a file (a stored course's patient)
        self.department_closures: DepartmentClosures | None = None  # see `reset`
        self._merge_ids: dict[str, int] = {}

    def start(self) -> None:
        """The first course: the clinic's defaults, planned (holidays and all) once the window shows."""
        self.history = CourseHistory(new_spec(self.settings, self.catalogue, date.today(), self.department, self.holidays))
        self.result = attempt_plan(self.spec, self.catalogue, self.holidays)

    # ------------------------------------------------------------------ state
    @property
    def spec(self) -> CourseSpec:
        return self.history.spec

    @property
    def schedule(self) -> Schedule | None:
        return self.result.schedule

    def _show_state(self, index: int) -> None:
        self._apply(self.history.go_to(index))

    def _apply(self, spec: CourseSpec) -> None:
        self.result = attempt_plan(spec, self.catalogue, self.holidays)
        self.specApplied.emit(spec)
        self.scheduleChanged.emit(self.result)

    def _record(self, spec: CourseSpec, text: str, field: str = "") -> None:
        if spec == self.spec:
            return
        before = self.history.index
        after = self.history.record(spec, text, field or None)
        merge_id = self._merge_ids.setdefault(field, len(self._merge_ids) + 1) if field else -1
        self.undo_stack.push(_HistoryStep(self, before, after, text, merge_id))

    def edit(self, spec: CourseSpec, field: str = "", words: str = "") -> None:
        """A change made in the form; consecutive changes of one field undo together. `words`:
        the field as the form labels it ("time zone"), for the Undo menu."""
        self._record(spec, f"Change {words or field or 'course'}", field)

    def replace(self, spec: CourseSpec, text: str) -> None:
        self._record(spec, text)

    def set_catalogue(self, catalogue: Catalogue) -> None:
        self.catalogue = catalogue
        self._apply(self.spec)

    # ------------------------------------------------------------------ adjustments
    def _adjust(self, edit: adjusting.CourseEdit) -> None:
        self._record(edit.spec, edit.label)

    def move(self, role: AppointmentKey, when: datetime, reason: str = "") -> None:
        """Move one appointment to a local date and time; planning re-checks the spacing."""
        self._adjust(adjusting.move(self.spec, role, when, reason))

    def remove_adjustment(self, ref: AdjustmentRef) -> None:
        """Take one listed adjustment back (a move, a missed mark, a re-timing or a shift)."""
        self._adjust(adjusting.remove_adjustment(self.spec, ref))

    def edit_adjustment(self, ref: AdjustmentRef, entry: Adjustment) -> None:
        self._adjust(adjusting.edit_adjustment(self.spec, ref, entry))

    def retime_from(self, number: int, at: time, reason: str = "") -> None:
        """From fraction `number` on, the rest of the course at `at`."""
        self._adjust(adjusting.retime_from(self.spec, number, at, reason))

    def shift_from(self, number: int, reason: str = "") -> None:
        """From fraction `number` on, the rest of the course one open day later."""
        self._adjust(adjusting.shift_from(self.spec, number, reason))

    def reset_move(self, role: AppointmentKey) -> None:
        self._adjust(adjusting.reset_move(self.spec, role))

    def make_up_options(self, day: date) -> dict[MakeUp, PlanResult]:
        """What each way of making up the session missed on `day` does to the course."""
        schedule = self.schedule
        return adjusting.make_up_options(self.spec, schedule, self.catalogue, day, self.holidays) if schedule is not None else {}

    def mark_missed(self, day: date, make_up: MakeUp, at: datetime | None, reason: str = "") -> None:
        self._adjust(adjusting.mark_missed(self.spec, day, make_up, at, reason))

    # ------------------------------------------------------------------ files
    def reset(self, spec: CourseSpec, path: Path | None, title: str = "",
              department_closures: DepartmentClosures | None = None) -> None:
        """Show another course; `department_closures`: those of the department that close a stored course keeping its
        own calendar, which the form names apart from the course's own (none for any other course)."""
        self.undo_stack.clear()
        self.history = CourseHistory(spec)
        self.path = path
        self.title = title
        self.department_closures = department_closures
        self._apply(spec)
        self.undo_stack.setClean()
        self.pathChanged.emit(path)
        self.courseReplaced.emit()

    def new(self) -> None:
        self.reset(new_spec(self.settings, self.catalogue, date.today(), self.department, self.holidays), None)

    def open(self, path: Path) -> None:
        self.reset(load_course(path), path)

    def save(self, path: Path) -> None:
        save_course(self.spec, path)
        self.path = path
        self.mark_saved()

    def _stack_clean(self, clean: bool) -> None:
        """The undo stack marked clean from outside (setClean): the history's saved state follows."""
        if clean:
            self.history.mark_saved()

    def show_department_closures(self, closures: DepartmentClosures | None) -> None:
        """The course shown was saved, and keeps its own calendar now, or no longer: the form names the department's
        closures apart from its own, or lists them as its own."""
        if closures != self.department_closures:
            self.department_closures = closures
            self.specApplied.emit(self.spec)

    def detach_file(self) -> None:
        """The course now lives in the department's store: its file is no longer where it is saved."""
        self.path = None
        self.pathChanged.emit(None)

    def mark_saved(self) -> None:
        """The course shown is the one kept (in its file or in the store)."""
        self.history.mark_saved()
        self.undo_stack.setClean()
        self.pathChanged.emit(self.path)

    @property
    def dirty(self) -> bool:
        return self.history.dirty
