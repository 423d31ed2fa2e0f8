"""A stored course's spec read from its row: the JSON text and its patient's name and hospital number."""

from __future__ import annotations

import functools
import json

from ...core.spec import CourseSpec
from ...core.text import single_line_problem
from ..course_file import CourseFileError, DamagedText, spec_from_json
from .errors import CourseDamaged, CourseUnreadable, newer_fields_held


def spec_of_row(course_id: str, text: str, name: str, number: str, *, repairing: bool = False,
                where: str = "", unknown: list[str] | None = None) -> tuple[CourseSpec, tuple[DamagedText, ...]]:
    """The course as stored, its patient as the patient's row names them. Free text that today's rules refuse (markup
    an older version let in) raises CourseDamaged, which says how to repair it; `repairing` (a save that is to replace
    it) reads it as it is and names the fields. Anything else that does not read: StoreError (`where`: the store).
    The patient's row (shared by their courses) is taken as it is: what prints it escapes it, and the form marks it.
    A field this planner does not know (a newer planner's, sharing the store) is read past, listed in `unknown`: the
    course is shown as this version reads it, and `Store.save_course` refuses to save over it."""
    damaged: list[DamagedText] = []
    try:
        spec = spec_from_json(json.loads(text), f"course {course_id}", damaged,
                              unknown=unknown if unknown is not None else [])
    except (ValueError, RecursionError, CourseFileError) as exc:  # RecursionError: JSON nested too deeply
        why = str(exc).removeprefix(f"course {course_id}: ") or type(exc).__name__
        raise CourseUnreadable(course_id, why, where) from None
    if damaged and not repairing:
        raise CourseDamaged(course_id, tuple((d.field, d.problem, d.day) for d in damaged))
    return spec.updated(patient_name=name, patient_id=number), tuple(damaged)


def damaged_name(course_id: str) -> str:
    """The plain words a damaged patient's name is shown by (agenda, Bookings window, reports) until it is repaired."""
    return f"course {course_id} (damaged: repair it)"


def unreadable_name(course_id: str) -> str:
    """The plain words a course whose stored text does not read at all is shown by (agenda, Bookings window)."""
    return f"course {course_id} (cannot be read)"


NEWER_TAIL = "do that with the newer version of the planner"  # how `newer_words` ends: nothing to repair here


def newer_words(course_id: str, fields: tuple[str, ...]) -> str:
    """Why the department's work leaves alone a course a newer planner saved with fields this one does not know:
    booked, moved or sent a calendar here, it would be planned without them."""
    them = "them" if len(fields) != 1 else "it"
    return (f"{newer_fields_held(course_id, fields)}: booking it, moving its sessions or writing its "
            f"calendar here would plan it without {them}; {NEWER_TAIL}")


def unreadable_words(course_id: str) -> str:
    """Why the department goes on without a course whose stored text does not read at all (a date that is not one,
    an unknown field), and what to do: no option retypes it, as one does a damaged text."""
    return (f"course {course_id} cannot be read (its stored text is damaged: `course show {course_id}` says where); "
            "no command repairs it: ask the administrator, who can restore it from a backup of the store")


def damage_of(course_id: str, text: str, name: str, number: str,
              unknown: list[str] | None = None) -> tuple[CourseSpec, CourseDamaged | None]:
    """The stored course for the department's work (booking, agenda, re-optimising the others): a damaged course
    (free text today's rules refuse) is read all the same, each damaged text replaced by a plain stand-in (the name
    by `damaged_name`, a location, hospital number or closure's note by nothing), never its markup; with it the
    CourseDamaged saying which field and how to repair it (None for a course that is not damaged). What does not read
    at all: StoreError, as `spec_of_row`. `unknown` lists the fields a newer planner wrote that this one read past.
    A window reads the same courses again and again (the Bookings window at every activation: the day, the week, the
    waiting list; every re-booking's engine): the reading of each stored text is remembered, by the text itself."""
    spec, damage, fields = _read_for_work(course_id, text, name, number)
    if unknown is not None:
        unknown.extend(fields)
    return spec, damage


@functools.lru_cache(maxsize=1024)  # a department's courses on treatment and waiting; a few MiB at most
def _read_for_work(course_id: str, text: str, name: str, number: str) -> tuple[CourseSpec, CourseDamaged | None, tuple[str, ...]]:
    """`damage_of`, the fields read past returned: a pure function of the stored row, so remembered (CourseSpec is
    frozen; a text that does not read raises, and is not remembered)."""
    unknown: list[str] = []
    spec, damage = _damage_of(course_id, text, name, number, unknown)
    return spec, damage, tuple(unknown)


def _damage_of(course_id: str, text: str, name: str, number: str,
               unknown: list[str]) -> tuple[CourseSpec, CourseDamaged | None]:
    spec, damaged = spec_of_row(course_id, text, name, number, repairing=True, unknown=unknown)
    found = [(d.field, d.problem, d.day) for d in damaged]
    # the patient's row (which the spec takes its name and number from) may hold what the course's text did not
    for field, value in (("patient.name", name), ("patient.id", number)):
        problem = single_line_problem(value)
        if problem and field not in {f for f, _, _ in found}:
            found.append((field, problem, ""))
    if not found:
        return spec, None
    plain = spec.text_left_out()  # each damaged text found above, and only those, left empty
    if single_line_problem(spec.patient_name):
        plain = plain.updated(patient_name=damaged_name(course_id))
    return plain, CourseDamaged(course_id, tuple(found))

