"""The department's booking rules in the store: kept on both databases, brought to their defaults in a
store made before them, shown and exported by the command line, and followed by every booking the
store makes (the reserve a routine course may not book, an urgent course's due day)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.department import BookingRules, load_department
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.db.migrate import head_revision, upgrade

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

RULES = BookingRules(urgent_within_days=1, urgent_reserve_percent=25, reserve_release_days=3, second_session=False,
                     weekend_hours=(time(8, 30), time(12, 0)))


def _with_rules(url: str, rules: BookingRules) -> None:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, booking=rules))


def test_the_rules_are_kept_in_the_store(store_url: str):
    with Store.open(store_url) as store:
        store.set_department(replace(load_department(DEPARTMENT_FILE), booking=RULES))
    with Store.open(store_url) as store:
        found = store.department()
        assert found is not None and found.booking == RULES
        store.set_department(replace(found, booking=BookingRules()))
    with Store.open(store_url) as store:
        assert store.department().booking == BookingRules()  # type: ignore[union-attr]


def test_a_store_made_before_the_rules_keeps_the_defaults_it_was_booked_with(tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    engine = create_engine(url.replace("sqlite:///", "sqlite+pysqlite:///"))
    try:
        with engine.connect() as conn:
            upgrade(conn, "0004")
        with engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO department (id, name, address, phone, timezone, holidays, treatment_days, closures, updated_at, "
                "updated_by) VALUES (1, 'Old Dept', '', '', 'Europe/London', NULL, 'mon,tue,wed,thu,fri', '[]', :when, 'old')"),
                {"when": datetime(2026, 2, 1, tzinfo=UTC)})
    finally:
        engine.dispose()
    with Store.open(url) as store:
        assert store.revision() == head_revision() >= "0005"
        found = store.department()
        assert found is not None and found.name == "Old Dept" and found.booking == BookingRules()


def test_import_show_and_export_carry_the_rules(capsys, tmp_path: Path):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    source = tmp_path / "department.toml"
    source.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8") + (
        '\n[booking]\nurgent_within_days = 1\nurgent_reserve_percent = 25\nreserve_release_days = 3\n'
        'second_session = false\nweekend_hours = "08:30-12:00"\n'), encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(source), "--db", url)
    assert status == 0, err
    assert out.splitlines()[1] == ("Booking: urgent courses start within 1 working day; 25 % of each machine-day held for "
                                   "them, open to routine bookings 3 working days ahead; gap-sensitive courses make up a "
                                   "fraction lost to downtime in a weekend session (08:30-12:00).")
    status, out, _ = run(capsys, "department", "show", "--db", url, "--json")
    assert status == 0 and json.loads(out)["booking"] == {
        "urgent_within_days": 1, "urgent_reserve_percent": 25, "reserve_release_days": 3, "second_session": False,
        "weekend_hours": "08:30-12:00"}
    status, out, _ = run(capsys, "department", "show", "--db", url)
    assert status == 0 and ("  Booking: urgent courses start within 1 working day; 25 % of each machine-day held for "
                            "them, open to routine bookings 3 working days ahead; gap-sensitive courses make up a fraction "
                            "lost to downtime in a weekend session (08:30-12:00)\n") in out
    status, out, _ = run(capsys, "department", "export", "--db", url)
    assert status == 0 and '[booking]\nurgent_within_days = 1\nurgent_reserve_percent = 25\n' in out


def test_a_bad_booking_table_is_refused_on_import_in_one_line_and_the_store_keeps_its_rules(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    _with_rules(url, RULES)
    source = tmp_path / "department.toml"
    source.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8") + "\n[booking]\nurgent_reserve_percent = 95\n",
                      encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(source), "--db", url)
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and "[booking]: 'urgent_reserve_percent' must be a whole percentage from 0 to 90" in err
    with Store.open(url) as store:
        assert store.department().booking == RULES  # type: ignore[union-attr]


def _second_fraction_at(capsys, url: str) -> str:
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-04-08",
                           "--prefer-time", "17:20", "--dry-run", "--json")
    assert status == 0, err
    fractions = [a for a in json.loads(out)["appointments"] if a["kind"] == "fraction"]
    return fractions[1]["start"][11:16]


@pytest.mark.parametrize("percent, wanted", [(0, True), (10, False), (40, False)])
def test_booking_keeps_out_of_the_urgent_reserve_the_department_sets(capsys, tmp_path: Path, percent: int, wanted: bool):
    url = stock(f"sqlite:///{tmp_path / f'department-{percent}.db'}")
    _with_rules(url, BookingRules(urgent_reserve_percent=percent))
    at = _second_fraction_at(capsys, url)
    assert (at == "17:20") is wanted  # the machines close at 18:00: 10 % holds 17:00-18:00, 40 % 14:00-18:00
    if percent == 40:
        assert at <= "14:00"


def test_an_urgent_course_is_due_by_the_departments_days(tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-spine",))
    catalogue = load_catalogue(default_catalogue_path())

    def due(days: int) -> date:
        _with_rules(url, BookingRules(urgent_within_days=days))
        with Store.open(url) as store:
            desk = BookingDesk(store, catalogue, today=date(2030, 3, 22))
            proposal = desk.propose("course-spine", earliest=date(2030, 4, 8), urgent=True).proposals[0]
            desk.commit(proposal, urgent=True, ready=date(2030, 4, 8))
            (found,) = [w for w in desk.waiting() if w.course_id == "course-spine"]
            desk.unbook("course-spine")
            return found.due

    assert due(2) == date(2030, 4, 10)  # Monday ready: due two working days later, Wednesday
    assert due(5) == date(2030, 4, 15)
