"""The agenda counts each kind of appointment against its own total: a course's reviews read
"review 1/4" to "review 4/4", as its fractions read "fraction 1/20" to "fraction 20/20"."""

from __future__ import annotations

import contextlib
import io
from dataclasses import replace
from datetime import date, time

from planner.app.booking import open_desk
from planner.app.catalogues import catalogue_at
from planner.cli import main
from planner.core.department import Machine
from planner.core.kinds import AppointmentKind
from planner.store.db import Store

from .booking_scenario import stock

ROOM = Machine("Clinic room 1", capabilities=frozenset({"room"}), hours={d: (time(8, 0), time(18, 0)) for d in range(5)})


def test_each_review_counts_against_the_courses_reviews(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(url) as store:
        department = store.department()
        store.set_department(replace(department, machines=(*department.machines, ROOM)))
        stored = store.load_course("course-prostate")
        store.save_course(replace(stored.spec, review_day=2), expected_version=stored.version)  # weekly, on Wednesdays
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25"]) == 0
    with open_desk(url, catalogue_at("")) as desk:
        entries = [e for m in desk.agenda(date(2030, 3, 25), 49).machines for e in m.entries if e.course_id == "course-prostate"]
    reviews = sorted((e for e in entries if e.kind is AppointmentKind.REVIEW), key=lambda e: e.number)
    fractions = [e for e in entries if e.kind is AppointmentKind.FRACTION]
    assert len(reviews) >= 2 and len(fractions) == 20
    assert [(e.number, e.total) for e in reviews] == [(n, len(reviews)) for n in range(1, len(reviews) + 1)]
    assert {e.total for e in fractions} == {20}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["agenda", "--db", url, "--date", "2030-03-25", "--days", "31", "--machine", "Clinic room 1"]) == 0
    assert f"review 1/{len(reviews)}" in out.getvalue() and "review 2/1" not in out.getvalue()
