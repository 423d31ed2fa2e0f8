"""A department store filled with many courses, for the patient-list tests and benchmark."""

from __future__ import annotations

from datetime import date, timedelta

from planner.core.spec import CourseSpec
from planner.store.db import Store

SITES = ("prostate", "breast", "lung", "head-neck", "pelvis-gyn")


def fill_store(store: Store, count: int, start: date = date(2026, 1, 5)) -> list[str]:
    """Add `count` courses of patients 'Patient 0000'... (hospital numbers H00000...), a 28-day course each,
    first fractions spread over 400 days from `start`; returns their course ids."""
    items = []
    for n in range(count):
        first = start + timedelta(days=n % 400)
        spec = CourseSpec(patient_name=f"Patient {n:04d}", patient_id=f"H{n:05d}", site=SITES[n % len(SITES)], fractions=20,
                          start=first, tz="Europe/London")
        items.append((spec, (first, first + timedelta(days=27))))
    return store.add_courses(items)
