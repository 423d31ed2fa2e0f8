"""Move an appointment, mark a fraction missed: each returns the changed course and the words for undo."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from ..core.catalogue import Catalogue
from ..core.course import MakeUp, MissedSession
from ..core.errors import InputError
from ..core.schedule import Schedule, suggest_make_up
from ..core.spec import CourseSpec
from .planning import PlanResult, attempt_plan


@dataclass(frozen=True)
class CourseEdit:
    """A changed course and what the change was, as the Undo menu names it."""

    spec: CourseSpec
    label: str


def _appointment_words(role: str) -> str:
    return role.replace("-", " ")


def move(spec: CourseSpec, role: str, when: datetime) -> CourseEdit:
    """Move one appointment to a local date and time; planning re-checks the spacing."""
    local = when.replace(tzinfo=None)
    return CourseEdit(spec.updated(adjustments=spec.adjustments.with_move(role, local)), f"Move {_appointment_words(role)}")


def reset_move(spec: CourseSpec, role: str) -> CourseEdit:
    """Put a moved appointment back at its planned time."""
    return CourseEdit(spec.updated(adjustments=spec.adjustments.without_move(role)), f"Undo move of {_appointment_words(role)}")


def mark_missed(spec: CourseSpec, day: date, make_up: MakeUp, at: datetime | None) -> CourseEdit:
    """The session of `day` was missed and is made up as chosen (`at`: local date and time, or None for END)."""
    session = MissedSession(day=day, make_up=make_up, make_up_at=at)
    return CourseEdit(spec.updated(adjustments=spec.adjustments.with_missed(session)), f"Mark {day.isoformat()} missed")


def make_up_options(spec: CourseSpec, schedule: Schedule, catalogue: Catalogue, day: date) -> dict[MakeUp, PlanResult]:
    """What each way of making up the session missed on `day` does to the course (ways that cannot apply are left out)."""
    options: dict[MakeUp, PlanResult] = {}
    for make_up in MakeUp:
        at = None
        if make_up is not MakeUp.END:
            try:
                at = suggest_make_up(schedule, day, make_up).replace(tzinfo=None)
            except InputError:
                continue
        options[make_up] = attempt_plan(mark_missed(spec, day, make_up, at).spec, catalogue)
    return options
