"""The re-optimisation's and machine-down's reports name the patient: the text output says per
patient only what changed (start, daily time, machine), the JSON adds the patient to each course,
and each calendar update's file is named as the course's export is (patient, hospital number, first day), safely."""

from __future__ import annotations

import json
import stat
from datetime import date, time

import pytest

from planner.app.file_names import course_tag, update_file_name, with_course_id
from planner.booking.reoptimise import CourseChange

from .command_line import run
from .reoptimise_scenario import NIGHT


def change(to_first: date, to_machine: str, to_time: time) -> CourseChange:
    return CourseChange("c1", date(2026, 12, 7), "Linac 2", time(10, 0), to_first, to_machine, to_time, 5, 0)


def test_a_change_says_only_what_changed():
    assert change(date(2026, 11, 30), "Linac 1", time(12, 0)).what_changed() == (
        "starts Mon 30 Nov instead of Mon 7 Dec; daily time 12:00 instead of 10:00; Linac 1 instead of Linac 2")
    assert change(date(2026, 11, 30), "Linac 2", time(10, 0)).what_changed() == "starts Mon 30 Nov instead of Mon 7 Dec"
    assert change(date(2026, 11, 30), "Linac 1", time(10, 0)).what_changed() == (
        "starts Mon 30 Nov instead of Mon 7 Dec; Linac 1 instead of Linac 2")


def test_the_dry_run_text_names_the_patient_and_what_changes(capsys, waiting_url):
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run")
    assert status == 0, err
    line = next(line for line in out.splitlines() if "Zoë Ångström" in line)
    assert line.lstrip().startswith("Zoë Ångström (H0001): starts Mon 25 Mar instead of Mon 8 Apr")
    assert "course-prostate" in line  # the id stays, for the coordinator's look-up
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run", "--json")
    courses = json.loads(out)["courses"]
    assert [(c["course_id"], c["patient"]) for c in courses] == [("course-prostate", "Zoë Ångström")]


def test_update_files_are_named_as_the_export_is(capsys, waiting_url, tmp_path):
    from datetime import UTC, datetime

    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    with open_desk(waiting_url, load_catalogue(default_catalogue_path())) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--write-updates", str(folder))
    assert status == 0, err
    path = folder / f"Zoë-Ångström-H0001-appointments-{course_tag('course-prostate')}.ics"  # by the course, not its first day
    assert [p.name for p in folder.iterdir()] == [path.name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert f"Zoë Ångström (H0001): wrote {path}" in out
    assert "prostate" not in path.name  # the patient's, never the site


@pytest.mark.parametrize(("patient", "number", "expected"), [
    ("Kim Wu", "H0002", "Kim-Wu-H0002-appointments"),
    ("../../etc/passwd", "", "etc-passwd-appointments"),
    ("Ann\nO'Neill\x00\t", "c/2", "Ann-O-Neill-c-2-appointments"),
    ("", "", "appointments"),
])
def test_update_file_names_are_safe(patient, number, expected):
    assert update_file_name(patient, number, "course-1") == f"{expected}-{course_tag('course-1')}.ics"


def test_update_file_names_are_bounded_and_a_course_tag_keeps_two_apart():
    name = update_file_name("Zoë " * 100, "", "prostate-sbrt\n/..")
    assert len(name) <= 60 + len("-appointments-12345678.ics") and name.startswith("Zoë-Zoë") and "/" not in name
    assert "prostate" not in name and "prostate" not in with_course_id(name, "prostate-sbrt")  # a tag, never the id
    assert update_file_name("Kim Wu", "", "a") != update_file_name("Kim Wu", "", "b")
    apart = with_course_id("Kim-Wu-appointments-1234abcd.ics", "c/1\n")
    assert apart.startswith("Kim-Wu-appointments-1234abcd-") and apart.endswith(".ics") and "/" not in apart and "\n" not in apart
    assert with_course_id(name, "x" * 500) == with_course_id(name, "x" * 500) and len(with_course_id(name, "x" * 500)) <= len(name) + 13


def test_the_machine_down_text_names_the_patient(capsys, waiting_url):
    from planner.store.db import Store
    from planner.store.db import bookings as db

    with Store.open(waiting_url) as store, store.engine.connect() as connection:
        machine = db.course_bookings_of(connection, ["course-prostate"])["course-prostate"].machine
    status, out, err = run(capsys, "machine-down", machine, "--db", waiting_url, "--from", "2030-04-08T07:00",
                           "--to", "2030-04-08T19:00")
    assert status == 0, err
    moved = [line for line in out.splitlines() if " fraction 1:" in line]
    assert moved and moved[0].lstrip().startswith("Zoë Ångström (H0001) fraction 1:")
    assert "course-prostate" not in out
