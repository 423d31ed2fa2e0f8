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


def book_filled(store: Store, course_ids: list[str]) -> int:
    """Give the store a department of twelve linacs (08:00–20:00 on weekdays, London) and book every course of
    `course_ids` (e.g. `fill_store`'s) straight into the bookings tables: 20 weekday fractions of 15 minutes from its
    stored first day, at a slot of its own (no two of `fill_store`'s courses on treatment at once share one); returns
    how many bookings were written. Written
    without the booking engine's checks: a department's worth of history in seconds, for the list's queries."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    from sqlalchemy import insert, select

    from planner.core.department import parse_department
    from planner.store.db import schema as t
    from planner.store.db.bookings import booked_courses, bookings

    hours = "{ " + ", ".join(f'{d} = "08:00-20:00"' for d in ("mon", "tue", "wed", "thu", "fri")) + " }"
    lines = ['[department]', 'name = "Filled Cancer Centre"', 'timezone = "Europe/London"',
             'treatment_days = ["mon", "tue", "wed", "thu", "fri"]']
    for n in range(1, 13):
        lines += ["", "[[machines]]", f'name = "Linac {n}"', 'capabilities = ["vmat"]', f"hours = {hours}"]
    store.set_department(parse_department("\n".join(lines) + "\n", "filled department"))
    zone = ZoneInfo("Europe/London")
    rows, courses = [], []
    with store.engine.begin() as conn:
        machines = {row.name: row.id for row in conn.execute(select(t.machines.c.id, t.machines.c.name))}
        firsts = dict(conn.execute(select(t.courses.c.id, t.courses.c.first_day).where(t.courses.c.id.in_(course_ids))).all())
        for n, course_id in enumerate(course_ids):
            day, slot, number = firsts[course_id], n % 576, 0  # 48 quarter hours on 12 machines
            minutes = 8 * 60 + (slot // 12) * 15
            courses.append({"course_id": course_id, "machine_id": machines[f"Linac {slot % 12 + 1}"], "urgent": False,
                            "daily_time": f"{minutes // 60:02d}:{minutes % 60:02d}", "ready": day,
                            "booked_at": datetime.combine(day, time(0), zone), "booked_by": "filled"})
            while number < 20:
                if day.weekday() < 5:
                    number += 1
                    at = datetime.combine(day, time(minutes // 60, minutes % 60), zone)
                    rows.append({"course_id": course_id, "kind": "fraction", "number": number, "released": False,
                                 "machine_id": machines[f"Linac {slot % 12 + 1}"], "starts_at": at,
                                 "ends_at": at + timedelta(minutes=15)})
                day += timedelta(days=1)
        conn.execute(insert(bookings), rows)
        conn.execute(insert(booked_courses), courses)
    return len(rows)
