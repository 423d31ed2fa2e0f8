"""Print context: what a printed page says about the course, the patient and the clinic (no layout, no Qt)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.catalogue import Catalogue
from ..core.department import Department, RebookedNote
from ..core.kinds import AppointmentKey
from ..core.schedule import Schedule
from ..core.spec import CourseSpec
from ..store.settings import Settings
from .discretion import patient_contact


@dataclass(frozen=True)
class PrintFacts:
    """The words and people on the page; the printing layer adds the locale and lays them out."""

    schedule: Schedule
    patient_name: str
    discreet: bool
    clinic_name: str
    clinic_phone: str
    clinic_address: str
    location: str
    call_team: tuple[str, ...]
    missed_session: str
    printed_on: date
    patient_id: str
    id_when_discreet: bool  # the clinic's setting: a discreet print may leave the hospital number off
    machines: tuple[tuple[AppointmentKey, str], ...] = ()  # each booked appointment's machine
    sheet_names_machine: bool = False  # the clinic's setting: the patient's sheet names the machine
    rebooked: tuple[tuple[AppointmentKey, RebookedNote], ...] = ()  # why a downtime or closure re-booked an appointment
    # The course's zone when its clock is not the department's: the page's times are read on it, so the page names it
    own_zone: str = ""


def print_facts(schedule: Schedule, spec: CourseSpec, settings: Settings, catalogue: Catalogue, *, printed_on: date,
                phone: str | None = None, department: Department | None = None,
                machines: tuple[tuple[AppointmentKey, str], ...] = (),
                rebooked: tuple[tuple[AppointmentKey, RebookedNote], ...] = ()) -> PrintFacts:
    """The facts for printing the course; `phone` None: the department's, else the settings' (`clinic_contact`).
    A discreet print names the clinic by its address alone (`patient_contact`)."""
    contact = patient_contact(settings, department, location=spec.location, discreet=spec.discreet, phone=phone)
    return PrintFacts(
        schedule=schedule, patient_name=spec.patient_name, discreet=spec.discreet, clinic_name=contact.name,
        clinic_phone=contact.phone, clinic_address=contact.address,
        location=contact.location, call_team=catalogue.when_to_call(schedule.site, spec.discreet),
        missed_session=catalogue.missed_session, printed_on=printed_on,
        patient_id=spec.patient_id, id_when_discreet=settings.discreet_print_shows_id,
        machines=machines, sheet_names_machine=settings.sheet_names_machine, rebooked=rebooked,
        own_zone=spec.tz if department is not None and spec.tz != department.timezone else "",
    )
