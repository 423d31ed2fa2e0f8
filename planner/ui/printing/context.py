"""What a printed page shows: the schedule plus the people and the clinic, and how each
kind of appointment looks on paper (told apart by pattern and border, not colour alone)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, timedelta

from ...app.print_facts import PrintFacts
from ...core.kinds import AppointmentKey
from ...core.schedule import Appointment, Schedule
from ...wording import KIND_LABELS, no_appointments_line, rebooked_line
from ..formats import date_text, day_text


@dataclass(frozen=True)
class PrintContext(PrintFacts):
    """The facts of the page with the wording the layouts share. Dates read as the planner writes them
    everywhere ('Mon 11 Jan 2027'), never in a locale's numeric form ('11/01/2027': 11 Jan or 1 Nov?)."""

    @property
    def shows_patient_id(self) -> bool:
        """Whether the pages print the hospital number: always, or on a discreet print when the clinic's setting says so."""
        return bool(self.patient_id) and (self.id_when_discreet or not self.discreet)

    def identity_line(self) -> str:
        """Who the page belongs to, on every page: the name and the hospital number."""
        parts = [self.patient_name, f"Hospital number {self.patient_id}" if self.shows_patient_id else ""]
        return " · ".join(p for p in parts if p)

    def footer_text(self, compact: bool = False, terse: bool = False) -> str:
        """`terse`: 'Hospital no.' and 'Printed 22 Nov 2026', for a long name on a portrait page; `compact`: no weekday."""
        printed = date_text(self.printed_on) if compact or terse else day_text(self.printed_on)
        if not terse:
            return " · ".join(p for p in (self.identity_line(), f"Printed on {printed}") if p)
        number = f"Hospital no. {self.patient_id}" if self.shows_patient_id else ""
        return " · ".join(p for p in (self.patient_name, number, f"Printed {printed}") if p)

    def footer_within(self, fits: Callable[[str], bool]) -> str:
        """The footer, its date shortened ('22 Nov 2026') when the long one would be cut off, then its words;
        past that the printed date goes, then the end of the name: the hospital number is kept whole, as a
        name cut off at the page's edge ('…-Wor…') took the number with it."""
        for footer in (self.footer_text(), self.footer_text(compact=True), self.footer_text(terse=True)):
            if fits(footer):
                return footer
        number = f"Hospital no. {self.patient_id}" if self.shows_patient_id else ""
        name = self.patient_name
        undated = " · ".join(p for p in (name, number) if p)
        if fits(undated) or not number:
            return undated  # the caller elides a name that is all there is
        for cut in range(len(name) - 1, 0, -1):
            shortened = f"{name[:cut].rstrip()}… · {number}"
            if fits(shortened):
                return shortened
        return number

    def machine_of(self, appointment: Appointment) -> str:
        """The booked machine, never in a discreet print (a machine's name tells the treatment)."""
        if self.discreet:
            return ""
        return next((name for key, name in self.machines if key == appointment.key), "")

    def rebooked_of(self, appointment: Appointment) -> str:
        """The plain line saying why a downtime or closure re-booked this session ('Moved: the machine is unavailable
        at the usual time.'); a discreet page's words name no cause (`rebooked_line`). Empty for any other session."""
        note = next((n for key, n in self.rebooked if key == appointment.key), None)
        return rebooked_line(note, self.discreet) if note is not None and not appointment.missed else ""

    @property
    def site_name(self) -> str:
        return "" if self.discreet else self.schedule.site.name

    def kind_label(self, appointment: Appointment) -> str:
        if self.discreet:
            return "Appointment"
        return KIND_LABELS[appointment.kind]

    def closed_label(self, day: date) -> str | None:
        """Why the clinic is shut on `day`, a treatment weekday (None when open): the holiday's name, or the closure
        with its note; a discreet page leaves the coordinator's note out ('Linac 2 service' names the treatment)."""
        calendar = self.schedule.request.calendar
        if day.weekday() not in calendar.treatment_days:
            return None
        if self.discreet and day in calendar.closures:
            return "Clinic closure"
        return calendar.closure_name(day)

    @property
    def clinic_heading(self) -> str:
        """The clinic as a page's header names it: its name, or on a discreet page (no name) its street address."""
        return self.clinic_name or (self.clinic_address if self.discreet else "")

    def where_line(self) -> str:
        """'Where: …' once on the page, whole: the course has one location, the same for every appointment,
        which a block's column cut to 'Riverside Cancer Cen…'. Left out when it only repeats the clinic the
        header names already (a discreet page's address); a discreet location names no clinic."""
        location = " ".join(self.location.split())
        if not location or location == " ".join(self.clinic_heading.split()):
            return ""
        return f"Where: {location}"

    def zone_line(self) -> str:
        """'All times are America/New_York time.' when the course keeps a clock other than its department's: the times
        printed are that zone's ('06:00'), while the clinic's clocks read 11:00 then; empty on the department's clock."""
        return f"All times are {self.own_zone} time." if self.own_zone else ""

    def contact_line(self) -> str:
        parts = [self.clinic_heading, f"Phone {self.clinic_phone}" if self.clinic_phone else ""]
        return " · ".join(p for p in parts if p)


def course_weeks(schedule: Schedule) -> list[date]:
    """Mondays of the weeks that hold at least one appointment, or a missed session (printed crossed out: the patient
    sees the day it was), in order."""
    mondays = {a.start.date() - timedelta(days=a.start.weekday()) for a in _shown(schedule)}
    return sorted(mondays)


def _shown(schedule: Schedule) -> tuple[Appointment, ...]:
    """What the prints show on a day: the appointments, and the sessions missed where they were planned."""
    return (*schedule.appointments, *schedule.missed)


def skipped_weeks(schedule: Schedule, mondays: list[date], index: int) -> str:
    """The line a print gives where it passes over weeks, before the week of `mondays[index]`: 'No appointments
    from Mon 7 Dec 2026 to Sun 20 Dec 2026 (2 weeks)' when the weeks between it and the printed week before
    it hold no appointment; empty when none is passed over (or those weeks were only left out of this print)."""
    if index == 0 or mondays[index] - mondays[index - 1] <= timedelta(days=7):
        return ""
    first, last = mondays[index - 1] + timedelta(days=7), mondays[index] - timedelta(days=1)
    if any(first <= a.start.date() <= last for a in _shown(schedule)):
        return ""
    return no_appointments_line(first, last)


def context_for(schedule: Schedule, *, patient_name: str, discreet: bool, clinic_name: str, clinic_phone: str,
                clinic_address: str, location: str, call_team: tuple[str, ...], missed_session: str,
                printed_on: date, patient_id: str = "",
                id_when_discreet: bool = True, machines: tuple[tuple[AppointmentKey, str], ...] = (),
                sheet_names_machine: bool = False) -> PrintContext:
    return PrintContext(schedule=schedule, patient_name=patient_name, discreet=discreet, clinic_name=clinic_name,
                        clinic_phone=clinic_phone, clinic_address=clinic_address, location=location, call_team=call_team,
                        missed_session=missed_session, printed_on=printed_on,
                        patient_id=patient_id, id_when_discreet=id_when_discreet, machines=machines,
                        sheet_names_machine=sheet_names_machine)


def context_from(facts: PrintFacts) -> PrintContext:
    """The page's context for the facts the application layer gathered."""
    return PrintContext(**{f.name: getattr(facts, f.name) for f in fields(PrintFacts)})

