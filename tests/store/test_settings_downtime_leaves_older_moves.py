"""Downtime entered in Department settings over a span an older downtime of the machine had, whose machine back left its
sessions moved (`machine-up` without --move-back): moving back after the new downtime has back only what the new one
moved, as after a machine down again (`machine-down`). The records of what a downtime moved name it only by its
machine and span, so the new downtime, sharing the older one's start, took the older one's records for its own: its
machine back moved back a session the coordinator had chosen to leave where the older downtime put it."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import breast_booked
from .command_line import run

LONDON = ZoneInfo("Europe/London")
DAY = ("--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00")


@pytest.fixture
def url(store_url: str, capsys) -> str:
    """The stock department on SQLite and on PostgreSQL, its breast course booked on Linac 3."""
    return breast_booked(store_url, capsys)


def fraction_starts(url: str) -> list[datetime]:
    with Store.open(url) as store, store.engine.connect() as connection:
        return sorted(b.start for b in db.course_bookings(connection, "course-breast") if b.kind is AppointmentKind.FRACTION)


def test_downtime_entered_in_settings_does_not_move_back_what_an_older_downtime_left_moved(capsys, url: str):
    status, _, err = run(capsys, "machine-down", "Linac 3", "--db", url, *DAY, "--reason", "beam fault")
    assert status == 0, err
    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T07:00")  # left moved
    assert status == 0 and "stays moved" in out, (out, err)
    left = fraction_starts(url)
    assert datetime(2030, 4, 2, 8, 30, tzinfo=LONDON) not in left

    with Store.open(url) as store:  # QA on the same day, entered in Department settings: it moves no one
        department = store.department()
        assert department is not None
        qa = Downtime("Linac 3", datetime(2030, 4, 2, 7, 0, tzinfo=LONDON), datetime(2030, 4, 2, 18, 0, tzinfo=LONDON), "QA")
        store.set_department(replace(department, downtime=(*department.downtime, qa)), opened=department)

    status, out, err = run(capsys, "machine-up", "Linac 3", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    assert json.loads(out)["moved_back"] == [], "the QA downtime moved back a session the beam fault's machine back left moved"
    assert fraction_starts(url) == left
