"""Adjust a course: move an appointment, mark a fraction missed, re-time or shift the rest of the
course, edit or remove an adjustment. Each returns the changed course and the words for undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from ..core.catalogue import Catalogue
from ..core.clinic import HolidaySource
from ..core.course import Adjustment, AdjustmentRef, MakeUp, MissedSession, Retime, Shift
from ..core.errors import Field, InputError
from ..core.kinds import AppointmentKey
from ..core.make_up import make_up_refusal
from ..core.schedule import Schedule, suggest_make_up
from ..core.spec import CourseSpec
from .planning import PlanResult, attempt_plan


@dataclass(frozen=True)
class CourseEdit:
    """A changed course and what the change was, as the Undo menu names it."""

    spec: CourseSpec
    label: str


def _words(key: AppointmentKey) -> str:
    return str(key).replace("-", " ")


def move(spec: CourseSpec, key: AppointmentKey, when: datetime, reason: str = "") -> CourseEdit:
    """Move one appointment to a local date and time; planning re-checks the spacing."""
    local = when.replace(tzinfo=None)
    return CourseEdit(spec.updated(adjustments=spec.adjustments.with_move(key, local, reason)), f"Move {_words(key)}")


def reset_move(spec: CourseSpec, key: AppointmentKey) -> CourseEdit:
    """Put a moved appointment back at its planned time."""
    return CourseEdit(spec.updated(adjustments=spec.adjustments.without_move(key)), f"Undo move of {_words(key)}")


def mark_missed(spec: CourseSpec, day: date, make_up: MakeUp, at: datetime | None, reason: str = "") -> CourseEdit:
    """The session of `day` was missed and is made up as chosen (`at`: local date and time, or None for END)."""
    session = MissedSession(day=day, make_up=make_up, make_up_at=at, reason=reason)
    return CourseEdit(spec.updated(adjustments=spec.adjustments.with_missed(session)), f"Mark {day:%a} {day.day} {day:%b %Y} missed")


def retime_from(spec: CourseSpec, number: int, at: time, reason: str = "") -> CourseEdit:
    """From fraction `number` on, the rest of the course at `at`."""
    return CourseEdit(spec.updated(adjustments=spec.adjustments.with_entry(Retime(number, at, reason))),
                      f"Re-time from fraction {number}")


def shift_from(spec: CourseSpec, number: int, reason: str = "") -> CourseEdit:
    """From fraction `number` on, the rest of the course one open day later (again: one more)."""
    adjustments = spec.adjustments
    earlier = next((s for s in adjustments.shifts if s.from_number == number), None)
    shift = Shift(number, (earlier.days if earlier else 0) + 1, reason)
    return CourseEdit(spec.updated(adjustments=adjustments.with_entry(shift)), f"Shift the course from fraction {number}")


def remove_adjustment(spec: CourseSpec, ref: AdjustmentRef) -> CourseEdit:
    """Take one listed adjustment back (a move, a missed mark, a re-timing or a shift)."""
    return CourseEdit(spec.updated(adjustments=spec.adjustments.without(ref)), f"Remove {ref.type.value} adjustment")


def edit_adjustment(spec: CourseSpec, ref: AdjustmentRef, entry: Adjustment) -> CourseEdit:
    """Replace one listed adjustment with its edited version."""
    return CourseEdit(spec.updated(adjustments=spec.adjustments.edited(ref, entry)), f"Edit {ref.type.value} adjustment")


def make_up_options(spec: CourseSpec, schedule: Schedule, catalogue: Catalogue, day: date,
                    holidays: HolidaySource | None = None) -> dict[MakeUp, PlanResult]:
    """What each way of making up the session missed on `day` does to the course (ways that cannot apply are left out)."""
    options: dict[MakeUp, PlanResult] = {}
    for make_up in MakeUp:
        at = None
        if make_up is not MakeUp.END:
            try:
                at = suggest_make_up(schedule, day, make_up).replace(tzinfo=None)
            except InputError:
                continue
        result = attempt_plan(mark_missed(spec, day, make_up, at).spec, catalogue, holidays)
        refusal = make_up_refusal(schedule, result.schedule, make_up, at) if result.schedule is not None else None
        if refusal is not None:  # shown as not possible, with why: never offered, let alone pre-selected
            result = PlanResult(None, InputError(Field.MISSED, refusal))
        options[make_up] = result
    return options
