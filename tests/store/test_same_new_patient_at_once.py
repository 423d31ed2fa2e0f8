"""Two coordinators store a new course each for the same new patient (one hospital number) at the same moment on
a PostgreSQL store: both courses are stored, for one patient. Before, the second save met the first's patient row
as a unique violation and was refused as a lost race on its own course ('changed by another user ... version 0;
changed: no field; your changes were not saved', exit 3), though nobody else had touched that course.

The test holds the first coordinator's transaction open after it added the patient, lets the second save start
and wait for it, then commits the first."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from sqlalchemy import make_url

from planner.core.spec import CourseSpec
from planner.store.db import Store

WAIT_SECONDS = 60


def test_two_new_courses_of_one_new_patient_saved_at_once_are_both_stored(postgres):
    url = postgres.new_database()
    first = Store.open(url, user="alice")
    second = Store.open(url, user="bob")
    watcher = psycopg.connect(host=str(postgres.socket), user="planner", dbname=make_url(url).database, autocommit=True)
    outcome: dict[str, object] = {}

    def bobs_save() -> None:
        try:
            outcome["bob"] = second.save_course(CourseSpec(course_id="c-bob", patient_name="Ann Smith", patient_id="H777",
                                                           site="prostate"))
        except Exception as exc:  # noqa: BLE001 - the test reports what the save met
            outcome["bob"] = exc

    try:
        with first._writing(integrity_errors=True) as conn:  # alice's save, up to its patient row
            first._patient(conn, "H777", "Ann Smith")
            thread = threading.Thread(target=bobs_save)
            thread.start()
            deadline = time.monotonic() + WAIT_SECONDS
            while watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted").fetchone()[0] == 0:  # type: ignore[index]
                if not thread.is_alive() or time.monotonic() > deadline:
                    pytest.fail(f"bob's save never waited for alice's: {outcome}")
                time.sleep(0.05)
        thread.join(timeout=WAIT_SECONDS)
        assert outcome == {"bob": 1}
        assert first.save_course(CourseSpec(course_id="c-alice", patient_name="Ann Smith", patient_id="H777", site="breast")) == 1
        rows = first.list_courses(search="H777")
        assert sorted(r.course_id for r in rows) == ["c-alice", "c-bob"] and {r.patient for r in rows} == {"Ann Smith"}
    finally:
        watcher.close()
        first.close()
        second.close()
