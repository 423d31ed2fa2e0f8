"""Export calendar: a planned course -> the .ics bytes for the patient's phone, updating an earlier export."""

from __future__ import annotations

import uuid
from datetime import datetime
from pathlib import Path

from ..core.department import Department, RebookedNote
from ..core.kinds import AppointmentKey
from ..core.schedule import Schedule
from ..core.spec import CourseSpec
from ..core.text import printable
from ..ics import ExportFileError, ExportOptions, ExportState, export_ics, read_export
from ..ics.state import of_course
from ..store.settings import Settings
from .discretion import patient_contact


class PreviousExportError(ValueError):
    """The earlier export given cannot be updated: not ours, malformed, or of another course."""


def stable_course_id(spec: CourseSpec) -> str:
    """A course given without a file or store id: the same patient, site and start give the same identity."""
    key = "|".join((spec.patient_name, spec.patient_id, spec.site, spec.start.isoformat() if spec.start else ""))
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "igrt-planner:" + key))


def previous_export(path: Path, course_id: str | None) -> ExportState:
    """The earlier export at `path`; `course_id` None accepts any course's (its identity is then taken over)."""
    try:
        state = read_export(path)
    except ExportFileError as exc:
        raise PreviousExportError(str(exc)) from None
    if course_id is not None and not of_course(state, course_id):
        raise PreviousExportError(f"{printable(path.name)} was exported from another course, not this one")
    return state


def sessions_at_once_refusal(schedule: Schedule) -> str | None:
    """Why a calendar of the course must not be written: it would put two of its sessions at once (a move onto another
    session's time), which a patient's phone would show without a word. The last guard of the export, the window's and
    the command line's alike (the plan and the print still show the course, with its warning). None: none overlap."""
    from ..core.dates import moment_text
    from ..core.schedule import sessions_at_once
    from ..core.wall_clock import clock_text

    pair = sessions_at_once(schedule.fractions)
    if pair is None:
        return None
    first, second = pair
    return (f"fractions {first.number} and {second.number} overlap ({moment_text(first.start)}–{clock_text(first.end)} and "
            f"{moment_text(second.start)}–{clock_text(second.end)}): a calendar with two sessions at once is not written; "
            "move one of them, then export again")


def export_calendar(schedule: Schedule, spec: CourseSpec, settings: Settings, *, now: datetime, discreet: bool,
                    prep_events: bool = False, previous: ExportState | None = None, course_id: str | None = None,
                    phone: str | None = None, department: Department | None = None,
                    machines: tuple[tuple[AppointmentKey, str], ...] = (), kept: frozenset[AppointmentKey] | None = None,
                    rebooked: tuple[tuple[AppointmentKey, RebookedNote], ...] = ()) -> bytes:
    """The .ics file of the course. An update of `previous` keeps its identity and raises SEQUENCE where
    something changed; `course_id` None: the spec's own; `phone` None: the department's, else the settings'.
    Discreet: the clinic's name nowhere, its address and phone kept (`patient_contact`). `kept`: a cancelled
    course's appointments given (cancelling.given_if_cancelled), the only ones written."""
    if kept is not None and not kept and previous is None:
        from .cancelling import no_calendar_left

        raise no_calendar_left(course_id or spec.course_id)
    identity = previous.course_id if previous is not None else (course_id or spec.course_id)
    contact = patient_contact(settings, department, location=spec.location, discreet=discreet, phone=phone)
    options = ExportOptions(course_id=identity, location=contact.location, clinic_name=contact.name,
                            clinic_phone=contact.phone, discreet=discreet,
                            prep_events=prep_events, machines=machines, kept=kept, rebooked=rebooked)
    return export_ics(schedule, options, now=now, patient_name=spec.patient_name, previous=previous)
