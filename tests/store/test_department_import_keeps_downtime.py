"""Importing the department file again keeps the downtime a coordinator recorded (Machine down…,
`machine-down`): a broken machine must not become bookable because its settings were re-read.
Every downtime, from whichever path, stays within the planner's calendar; a span of days that
runs past it is refused; and a command that needs a department never leaves an empty database
behind at a path that did not exist."""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.app.department_import import DepartmentRead, import_department, read_department_file
from planner.cli import main
from planner.core.department import Downtime, kept_downtime, load_department
from planner.core.errors import InputError
from planner.store.db import Store, StoreError

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")


def downtime_in(url: str) -> list[tuple[str, str, str, str]]:
    with Store.open(url) as store:
        department = store.department()
    assert department is not None
    return sorted((d.machine, f"{d.start.astimezone(LONDON):%Y-%m-%dT%H:%M}", f"{d.end.astimezone(LONDON):%Y-%m-%dT%H:%M}", d.reason)
                  for d in department.downtime)


FAULT = ("Linac 1", "2030-04-06T08:00", "2030-04-06T13:00", "beam fault")  # a Saturday: nothing booked to move
QA = ("Linac 2", "2030-03-05T08:00", "2030-03-05T10:00", "monthly QA")  # the golden file's own downtime


def test_importing_the_file_again_keeps_downtime_recorded_with_machine_down(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", FAULT[1], "--to", FAULT[2], "--reason", FAULT[3])
    assert status == 0, err
    assert downtime_in(url) == sorted([QA, FAULT])
    status, out, err = run(capsys, "department", "import", str(DEPARTMENT_FILE), "--db", url)
    assert status == 0, err
    assert "Kept 1 downtime period recorded in the store that the file does not hold." in out
    assert downtime_in(url) == sorted([QA, FAULT])  # merged: the fault kept, the file's QA once
    status, _, err = run(capsys, "department", "import", str(DEPARTMENT_FILE), "--db", url)
    assert status == 0, err
    assert downtime_in(url) == sorted([QA, FAULT])  # again: nothing doubled


def test_the_kept_downtime_still_keeps_bookings_off_the_machine(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T13:00",
                         "--reason", "beam fault")
    assert status == 0, err
    assert run(capsys, "department", "import", str(DEPARTMENT_FILE), "--db", url)[0] == 0
    out = run(capsys, "agenda", "--db", url, "--date", "2030-04-02", "--machine", "Linac 1", "--json")[1]
    bookings = json.loads(out)["machines"][0]["bookings"]
    assert all(b["start"] >= "2030-04-02T13:00" for b in bookings)  # re-booked off the fault, and left there
    assert ("Linac 1", "2030-04-02T08:00", "2030-04-02T13:00", "beam fault") in downtime_in(url)


def test_downtime_of_a_machine_the_file_leaves_out_goes_with_the_machine(tmp_path):
    department = load_department(DEPARTMENT_FILE)
    old = department.__class__(**{**department.__dict__, "downtime": department.downtime + (
        Downtime("Linac 3", datetime(2030, 4, 8, 8, tzinfo=LONDON), datetime(2030, 4, 8, 9, tzinfo=LONDON), "service"),)})
    smaller = department.__class__(**{**department.__dict__, "machines": tuple(m for m in department.machines if m.name != "Linac 3"),
                                      "downtime": ()})
    assert [d.machine for d in kept_downtime(old.downtime, smaller)] == ["Linac 2"]  # QA kept, Linac 3's service gone with it
    assert kept_downtime((), smaller) == ()
    with Store.open(f"sqlite:///{tmp_path / 'd.db'}") as store:
        store.set_department(old)
        stored = import_department(store, smaller)
        assert [d.machine for d in stored.downtime] == ["Linac 2"] and store.department() == stored


def test_the_summary_counts_in_words_singular_and_plural(tmp_path):
    read = read_department_file(DEPARTMENT_FILE)
    assert isinstance(read, DepartmentRead)
    assert read.summary().endswith(" 1 closure, 1 downtime period.") and "machines," in read.summary()


def test_year_9999_downtime_is_refused_on_every_path(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    before = downtime_in(url)
    status, out, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "9999-01-01T08:00", "--to", "9999-01-01T09:00")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "--from" in err and "outside the planner's calendar" in err and "Traceback" not in err
    hostile = tmp_path / "department.toml"
    hostile.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace("2030-03-05T10:00", "9999-03-05T10:00"), encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(hostile), "--db", url)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "[[downtime]] #1: 'end'" in err and "outside the planner's calendar" in err
    assert downtime_in(url) == before
    with pytest.raises(InputError, match="outside the planner's calendar"):  # the window's path: the value itself
        Downtime("Linac 1", datetime(2030, 1, 1, 8, tzinfo=LONDON), datetime(9999, 1, 1, 9, tzinfo=LONDON))


@pytest.mark.parametrize("argv", [
    ("reoptimise", "--date", "2200-12-31", "--days", "60", "--dry-run"),
    ("agenda", "--date", "2200-12-30", "--days", "3"),
])
def test_a_span_past_the_planners_calendar_is_refused(capsys, tmp_path, argv):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, out, err = run(capsys, *argv, "--db", url)
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert err.startswith("planner: error: --days:") and "past the planner's calendar" in err and "2201" in err
    assert run(capsys, "agenda", "--date", "2200-12-31", "--days", "1", "--db", url)[0] == 0  # the last day itself is fine


@pytest.mark.parametrize("argv", [
    ("reoptimise",), ("agenda", "--date", "2030-04-02"), ("book", "--course-id", "course-x", "--dry-run"),
    ("unbook", "--course-id", "course-x"), ("machine-down", "Linac 1", "--from", "2030-04-02T08:00", "--to", "2030-04-02T09:00"),
    ("department", "show"), ("department", "export"), ("course", "list"), ("course", "show", "course-x"),
    ("course", "export", "course-x", "-o", "-"),
])
def test_a_command_on_a_database_that_does_not_exist_creates_nothing(capsys, tmp_path, argv):
    missing = tmp_path / "none" / "planner.db"
    status, out, err = run(capsys, *argv, "--db", f"sqlite:///{missing}")
    assert status == 2 and out == "" and len(err.strip().splitlines()) == 1
    assert "--db" in err and "does not exist" in err
    assert not missing.exists() and not missing.parent.exists()
    assert list(tmp_path.iterdir()) == []


def test_db_upgrade_and_department_import_still_create_the_database(capsys, tmp_path):
    first, second = tmp_path / "a.db", tmp_path / "b.db"
    assert run(capsys, "db", "upgrade", "--db", f"sqlite:///{first}")[0] == 0 and first.is_file()
    status, out, err = run(capsys, "department", "import", str(DEPARTMENT_FILE), "--db", f"sqlite:///{second}")
    assert status == 0, err
    assert second.is_file() and "Kept" not in out
    assert Path(second).stat().st_mode & 0o777 == 0o600


def test_a_store_holding_year_9999_downtime_from_before_still_opens(capsys, tmp_path):
    from sqlalchemy import insert, select

    from planner.store.db import schema as t

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    utc = ZoneInfo("UTC")
    with Store.open(url) as store, store.engine.begin() as connection:
        linac = connection.execute(select(t.machines.c.id).where(t.machines.c.name == "Linac 1")).scalar_one()
        connection.execute(insert(t.downtime), [
            {"machine_id": linac, "starts_at": datetime(2030, 4, 8, 8, tzinfo=utc), "ends_at": datetime(9999, 12, 2, 12, tzinfo=utc),
             "reason": "QA"},
            {"machine_id": linac, "starts_at": datetime(9999, 12, 31, 8, tzinfo=utc), "ends_at": datetime(9999, 12, 31, 23, tzinfo=utc),
             "reason": ""},
        ])
    status, out, err = run(capsys, "department", "show", "--db", url)
    assert status == 0, err
    held = [d for d in downtime_in(url) if d[0] == "Linac 1"]
    assert held == [("Linac 1", "2030-04-08T09:00", "2200-12-31T23:59", "QA")]  # still down to the calendar's end; the rest left out


def test_downtime_recorded_while_an_import_runs_is_kept(store_url, monkeypatch, capsys):
    """A coordinator records Machine down… at the moment another imports the department file: the
    import reads what is stored inside its own write, so the machine-down waits for it and lands
    after it (before, the import's older read overwrote the new downtime)."""
    import planner.store.db.store as store_module

    url = stock(store_url)
    real = store_module.read_department
    statuses: list[int] = []
    others: list[threading.Thread] = []

    def read_then_let_a_coordinator_record_downtime(connection):
        found = real(connection)
        if not others:  # the import's read: a machine-down starts now and must not slip in before the write
            other = threading.Thread(target=lambda: statuses.append(main(
                ["machine-down", "Linac 1", "--db", url, "--from", FAULT[1], "--to", FAULT[2], "--reason", FAULT[3]])))
            others.append(other)
            other.start()
            time.sleep(1.0)
        return found

    monkeypatch.setattr(store_module, "read_department", read_then_let_a_coordinator_record_downtime)
    with Store.open(url) as store:
        import_department(store, load_department(DEPARTMENT_FILE))
    others[0].join(30)
    assert statuses == [0], capsys.readouterr().err
    assert downtime_in(url) == sorted([QA, FAULT])


def test_downtime_of_a_machine_an_import_removed_meanwhile_is_refused_in_words(tmp_path):
    from planner.store.db.bookings import record_downtime, writing

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    department = load_department(DEPARTMENT_FILE)
    down = Downtime("Linac 3", datetime(2030, 4, 8, 8, tzinfo=LONDON), datetime(2030, 4, 8, 9, tzinfo=LONDON), "service")
    with Store.open(url) as store:
        store.set_department(department.__class__(**{**department.__dict__, "downtime": (),
                                                     "machines": tuple(m for m in department.machines if m.name != "Linac 3")}))
        with pytest.raises(StoreError, match="Linac 3 is no longer a machine of the department: nothing recorded"), \
                writing(store.engine, store.display_url) as connection:
            record_downtime(connection, down, store.user)
