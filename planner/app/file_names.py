"""The names the planner proposes for the files it writes of a course: the course file, its calendar
export, its printed schedule and the calendar update a re-booking owes the patient. Each names the patient
(and the hospital number when the file holds it) so two patients' files differ, and never the site, the
diagnosis or the treatment, so a discreet file's name is as neutral as its contents."""

from __future__ import annotations

import hashlib
import re
from datetime import date

from ..core.spec import CourseSpec

STEM_CHARS = 60  # of the patient's part of a name


def patient_stem(name: str, hospital_number: str = "") -> str:
    """'Nguyen Zoe', '123456' -> 'Nguyen-Zoe-123456': letters and digits of any script kept, everything
    else (slashes, dots, newlines) folded into single dashes, at most STEM_CHARS characters."""
    words = " ".join(part for part in (name, hospital_number) if part)
    return re.sub(r"[\W_]+", "-", words, flags=re.UNICODE).strip("-")[:STEM_CHARS].strip("-")


def _spec_stem(spec: CourseSpec, hospital_number: bool = True) -> str:
    return patient_stem(spec.patient_name, spec.patient_id if hospital_number else "")


def course_output_name(stem: str, what: str, first: date | None, extension: str) -> str:
    """'<patient>-<number>-<what>-<first day><extension>', the parts there are."""
    parts = [stem, what, first.isoformat() if first is not None else ""]
    return "-".join(part for part in parts if part) + extension


def proposed_file_name(spec: CourseSpec) -> str:
    """'Nguyen Zoe 123456' -> 'Nguyen-Zoe-123456.igrt.json'."""
    return f"{_spec_stem(spec) or 'course'}.igrt.json"


def proposed_export_name(spec: CourseSpec, hospital_number: bool = True) -> str:
    """The calendar's file, named as every calendar update of the course is (`update_file_name`): the patient, the
    hospital number and the course's tag ('Nguyen-Zoe-123456-appointments-3fa9c1d2.ics'), so two patients' or two
    courses' calendars differ and an update written into the same folder replaces it; the hospital number only when
    the calendar holds it (a discreet export may leave it off)."""
    return update_file_name(spec.patient_name, spec.patient_id if hospital_number else "", spec.course_id)


PDF_WHAT = {"week": "schedule", "glance": "at-a-glance", "sheet": "sheet"}  # the print dialog's layouts


def proposed_pdf_name(spec: CourseSpec, first: date | None, hospital_number: bool = True, layout: str = "week",
                      discreet: bool = False) -> str:
    """The printed schedule's PDF, named by the patient and first day ('Nguyen-Zoe-123456-schedule-2026-12-07.pdf')
    so one patient's print never overwrites another's; the hospital number only when the pages print it. The name
    says which print it holds, so the weekly view, the course at a glance and the sheet, and the full and the discreet
    version of each, never take one another's file: a discreet one is 'appointments' ('...-appointments-sheet-...'),
    the word its pages' title uses, naming no site or treatment."""
    what = PDF_WHAT.get(layout, "schedule")
    if discreet:
        what = "appointments" if layout == "week" else f"appointments-{what}"
    return course_output_name(_spec_stem(spec, hospital_number), what, first, ".pdf")


def course_tag(course_id: str, length: int = 8) -> str:
    """A short tag of the course, the same for every file of it: hex digits of a digest of its id, so two courses of one
    patient get two files and a course id that names a site ('prostate-2026') never shows in a file name."""
    return hashlib.sha256(course_id.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def names_hospital_number(discreet: bool, discreet_shows_id: bool) -> bool:
    """Whether a calendar's file name carries the hospital number: a full calendar's always, a discreet one's as the
    setting 'discreet print shows the hospital number' says. The window's export and every update of the calendar ask
    here, so an update gets the export's name and replaces it, rather than lying beside it as a second file."""
    return not discreet or discreet_shows_id


def update_file_name(patient: str, hospital_number: str, course_id: str) -> str:
    """A calendar update's file: the patient, their hospital number (when `names_hospital_number`) and the course's
    tag ('Nguyen-Zoe-123456-appointments-3fa9c1d2.ics'). Not its first day: a re-booking that moves the first session
    would give the next update a new name and leave the stale one beside it, for a coordinator to send; named by the
    course, each update replaces the one before it."""
    return course_output_name(patient_stem(patient, hospital_number), "appointments", None, f"-{course_tag(course_id)}.ics")


def with_course_id(file_name: str, course_id: str) -> str:
    """`file_name` with a longer tag of the course before its '.ics', for an update whose name another course's file
    (or another update of the same run) already has ('Kim-Wu-appointments-3fa9c1d2-5be0a7c94d12.ics'): the same for
    every update of the course, and naming nothing of it (see `course_tag`)."""
    return f"{file_name.removesuffix('.ics')}-{course_tag(course_id, 20)[8:]}.ics"
