"""A stored course's spec read from its row: the JSON text and its patient's name and hospital number."""

from __future__ import annotations

import json

from ...core.spec import CourseSpec
from ..course_file import CourseFileError, DamagedText, spec_from_json
from .errors import CourseDamaged, StoreError


def spec_of_row(course_id: str, text: str, name: str, number: str, *, repairing: bool = False,
                where: str = "") -> tuple[CourseSpec, tuple[DamagedText, ...]]:
    """The course as stored, its patient as the patient's row names them. Free text that today's rules refuse (markup
    an older version let in) raises CourseDamaged, which says how to repair it; `repairing` (a save that is to replace
    it) reads it as it is and names the fields. Anything else that does not read: StoreError (`where`: the store).
    The patient's row (shared by their courses) is taken as it is: what prints it escapes it, and the form marks it."""
    damaged: list[DamagedText] = []
    try:
        spec = spec_from_json(json.loads(text), f"course {course_id}", damaged)
    except (ValueError, RecursionError, CourseFileError) as exc:  # RecursionError: JSON nested too deeply
        raise StoreError(f"{where}{': ' if where else ''}course {course_id} is damaged ({exc})") from None
    if damaged and not repairing:
        raise CourseDamaged(course_id, tuple((d.field, d.problem, d.day) for d in damaged))
    return spec.updated(patient_name=name, patient_id=number), tuple(damaged)
