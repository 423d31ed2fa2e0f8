"""A writer killed with SIGKILL in the middle of saving leaves a consistent database: every course
committed is whole (its row, its patient and its audit entries agree), nothing half-written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from sqlalchemy import text

from planner.store.db import Store

WRITER = r"""
import sys, time
from datetime import date
from planner.core.spec import CourseSpec
from planner.store.db import Store

store = Store.open(sys.argv[1], user="writer")
deadline = time.monotonic() + 60
n = 0
while time.monotonic() < deadline and n < 100_000:
    spec = CourseSpec(patient_name=f"Patient {n}", patient_id=f"H{n}", site="prostate", preset="20-daily",
                      start=date(2026, 11, 23))
    version = store.save_course(spec)
    for extra in range(3):
        version = store.save_course(spec.updated(fractions=20 + extra, location=f"Room {extra}"), version)
    n += 1
    print(n, flush=True)
"""


def test_kill_9_during_saves_leaves_the_database_consistent(store_url: str):
    Store.open(store_url).close()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, store_url], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout is not None
        done = 0
        started = time.monotonic()
        while done < 15 and time.monotonic() - started < 60:
            line = writer.stdout.readline()
            if not line:
                break
            done = int(line)
        assert done >= 15, "the writer did not get going"
        os.kill(writer.pid, signal.SIGKILL)  # somewhere inside the next course's saves
    finally:
        writer.kill()
        writer.wait(timeout=30)
        if writer.stdout is not None:
            writer.stdout.close()
    with Store.open(store_url) as store:
        with store.engine.connect() as conn:
            if store.backend == "sqlite":
                assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
                assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
            rows = conn.execute(text("SELECT id, version, spec, patient_id FROM courses")).all()
            assert len(rows) >= done
            for course_id, version, spec_text, _ in rows:
                entries = conn.execute(text("SELECT version, field FROM audit WHERE course_id = :id ORDER BY id"), {"id": course_id}).all()
                assert entries[0] == (1, "(created)")
                assert max(v for v, _ in entries) == version  # each save wrote its row and its audit entries together
                spec = json.loads(spec_text)
                assert spec["fractions"] == (None if version == 1 else 20 + version - 2)
            orphans = conn.execute(text("SELECT count(*) FROM audit WHERE course_id NOT IN (SELECT id FROM courses)")).scalar_one()
            assert orphans == 0
        assert len(store.list_courses()) == len(rows)
        # The store still takes saves after the crash.
        survivor = store.load_course(rows[0][0])
        assert store.save_course(survivor.spec.updated(location="After"), survivor.version) == survivor.version + 1
