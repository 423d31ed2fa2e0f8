"""A machine renamed in Department settings keeps its row: its bookings, its downtime, what that downtime moved
(`machine-up --move-back`), the course booked on it and the department's trail follow it under the new name, and its
patients with bookings to come are owed a calendar update that names the new machine. Before, a rename was a machine
removed and one added: refused while it held bookings, and what its downtime moved was left under the old name."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.core.department import Department
from planner.core.kinds import AppointmentKind
from planner.ics import parse_export
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db.downtime_moves import downtime_moves

from .booking_scenario import DEPARTMENT_FILE, breast_booked, desk_on
from .booking_scenario import owed_calendars as owed
from .command_line import run

LONDON = ZoneInfo("Europe/London")
OLD_SLOT = datetime(2030, 4, 2, 8, 30, tzinfo=LONDON)  # the breast course's fraction 7, on Linac 3


@pytest.fixture
def url(store_url: str, capsys) -> str:
    """The stock department on SQLite and on PostgreSQL, its breast course booked (on Linac 3)."""
    return breast_booked(store_url, capsys)


def renamed(department: Department, old: str, new: str) -> Department:
    """`department` as Department settings saves it after the machine's name cell was edited: its downtime follows."""
    return replace(department, machines=tuple(replace(m, name=new) if m.name == old else m for m in department.machines),
                   downtime=tuple(replace(d, machine=new) if d.machine == old else d for d in department.downtime))


def test_a_renamed_machine_keeps_its_bookings_downtime_and_what_its_downtime_moved(capsys, url):
    status, out, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                           "--reason", "beam fault", "--json")
    assert status == 0, err
    assert json.loads(out)["appended"], "the downtime moved the breast course's fraction 7"
    with desk_on(url) as desk:  # the patient is given the calendar as it stands (it names Linac 3)
        desk.export_calendar("course-breast", now=datetime(2030, 3, 1, tzinfo=UTC))
    with Store.open(url) as store:
        opened = store.department()
        assert opened is not None
        store.set_department(renamed(opened, "Linac 3", "Linac Three"), opened=opened, renamed={"Linac 3": "Linac Three"})
        department = store.department()
        assert department is not None
        assert [m.name for m in department.machines] == [m.name.replace("Linac 3", "Linac Three") for m in opened.machines]
        assert [(d.machine, d.start, d.reason) for d in department.downtime] == [
            (d.machine.replace("Linac 3", "Linac Three"), d.start, d.reason) for d in opened.downtime]
        [fault] = [d for d in department.downtime if d.reason == "beam fault"]
        assert fault.machine == "Linac Three" and fault.recorded is not None, "who recorded the downtime is still said"
        with store.engine.connect() as connection:
            held = [b for b in db.course_bookings(connection, "course-breast") if b.kind is AppointmentKind.FRACTION]
            assert {b.machine for b in held} == {"Linac Three"}
            assert db.course_bookings_of(connection, ["course-breast"])["course-breast"].machine == "Linac Three"
            assert {row.from_machine for row in connection.execute(downtime_moves.select())} == {"Linac Three"}
            assert "course-breast" in db.owed_calendars(connection), "the patient's calendar names the machine: an update is owed"

    status, out, err = run(capsys, "machine-up", "Linac Three", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    [back] = json.loads(out)["moved_back"]
    assert back["course_id"] == "course-breast" and back["to"] == {"machine": "Linac Three", "start": "2030-04-02T08:30+01:00"}


def test_a_rename_onto_another_machines_name_is_refused(url):
    with Store.open(url) as store:
        opened = store.department()
        assert opened is not None
        with pytest.raises(Exception, match="already the name of another machine"):
            store.set_department(opened, opened=opened, renamed={"Linac 3": "Linac 2"})
        assert store.department() == opened


def test_the_calendar_update_owed_after_a_rename_names_the_new_machine(capsys, url, tmp_path):
    with desk_on(url) as desk:
        before = parse_export(desk.export_calendar("course-breast", now=datetime(2030, 3, 1, tzinfo=UTC)), "export")
    assert any("Linac 3" in e.location for e in before.events.values())
    assert "course-breast" not in owed(url)
    with Store.open(url) as store:
        opened = store.department()
        assert opened is not None
        store.set_department(renamed(opened, "Linac 3", "Linac Three"), opened=opened, renamed={"Linac 3": "Linac Three"})
    assert owed(url) == ["course-breast"]
    folder = tmp_path / "given"
    folder.mkdir()
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder), "--json")
    assert status == 0, err
    update = parse_export(Path(json.loads(out)["calendars"][0]["written"]).read_bytes(), "update")
    on_machine = [e for e in update.events.values() if "Linac" in e.location]
    assert on_machine and all("Linac Three" in e.location and "Linac 3" not in e.location for e in on_machine)
    assert all(e.sequence > before.events[e.uid].sequence for e in on_machine), "the patient's calendar takes the change"
    assert owed(url) == []


def test_a_department_file_renames_a_machine_it_says_was_formerly_named(capsys, url, tmp_path):
    status, _, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                         "--reason", "beam fault", "--json")
    assert status == 0, err
    text = DEPARTMENT_FILE.read_text(encoding="utf-8").replace('name = "Linac 3"\n', 'name = "Linac Three"\nformerly = "Linac 3"\n')
    file = tmp_path / "renamed.toml"
    file.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(file), "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        department = store.department()
        assert department is not None and "Linac 3" not in [m.name for m in department.machines]
        assert [d.machine for d in department.downtime if d.reason == "beam fault"] == ["Linac Three"]
        with store.engine.connect() as connection:
            assert db.course_bookings_of(connection, ["course-breast"])["course-breast"].machine == "Linac Three"
    status, out, err = run(capsys, "machine-up", "Linac Three", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    [back] = json.loads(out)["moved_back"]
    assert back["to"] == {"machine": "Linac Three", "start": "2030-04-02T08:30+01:00"}


def test_a_file_listing_a_machine_under_both_names_is_refused(capsys, url, tmp_path):
    text = DEPARTMENT_FILE.read_text(encoding="utf-8").replace('name = "Linac 2"\n', 'name = "Linac 2"\nformerly = "Linac 3"\n')
    file = tmp_path / "both.toml"
    file.write_text(text, encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(file), "--db", url)
    assert status == 2
    assert err.strip().endswith("'formerly': 'Linac 3' is listed as a machine too: a machine renamed is listed under its new name only")


def department_file_renaming(tmp_path: Path, renames: dict[str, str]) -> Path:
    """The golden department file with each machine of `renames` (old name -> new name) listed under its new name with
    `formerly`, and its downtime under that name too."""
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    for old in renames:  # through stand-ins, so that a new name another machine gives up is not renamed twice
        text = text.replace(f'name = "{old}"\n', f'name = "@{old}@"\nformerly = "{old}"\n')
        text = text.replace(f'machine = "{old}"\n', f'machine = "@{old}@"\n')
    for old, new in renames.items():
        text = text.replace(f"@{old}@", new)
    file = tmp_path / "renamed.toml"
    file.write_text(text, encoding="utf-8")
    return file


@pytest.mark.parametrize("renames", [{"Linac 3": "Linac 1", "Linac 1": "Linac 3"}, {"Linac 3": "Linac 2", "Linac 2": "Linac 9"}],
                         ids=["a swap", "a chain"])
def test_a_department_file_swaps_or_chains_machine_names(capsys, url, tmp_path, renames):
    """Two machines swapping names (or one taking the name another gives up) through `formerly`: before, the file was
    refused ("'Linac 1' is listed as a machine too"); the store renames both in one write, each keeping its own."""
    status, _, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                         "--reason", "beam fault", "--json")
    assert status == 0, err
    with Store.open(url) as store:
        before = store.department()
        assert before is not None
    status, _, err = run(capsys, "department", "import", str(department_file_renaming(tmp_path, renames)), "--db", url)
    assert status == 0, err
    new = renames["Linac 3"]
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        for old, name in renames.items():
            machine = department.machine(name)
            assert machine is not None and machine.capabilities == before.machine(old).capabilities
            assert machine.hours == before.machine(old).hours
        assert {d.reason: d.machine for d in department.downtime} == {"beam fault": new, "monthly QA": renames.get("Linac 2", "Linac 2")}
        [fault] = [d for d in department.downtime if d.reason == "beam fault"]
        assert fault.recorded is not None
        with store.engine.connect() as connection:
            assert db.course_bookings_of(connection, ["course-breast"])["course-breast"].machine == new
            assert {row.from_machine for row in connection.execute(downtime_moves.select())} == {new}
    status, out, err = run(capsys, "machine-up", new, "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    [back] = json.loads(out)["moved_back"]
    assert back["to"] == {"machine": new, "start": "2030-04-02T08:30+01:00"}


@pytest.mark.parametrize("calendar", ["discreet", "never given"])
def test_a_rename_owes_nothing_to_a_calendar_that_names_no_machine(capsys, url, tmp_path, calendar):
    """A discreet calendar names no machine (nor does a patient without one): renaming the machine changes nothing the
    patient has. Before, every patient with bookings to come on it was listed as owed an update."""
    if calendar == "discreet":
        with Store.open(url) as store:
            stored = store.load_course("course-breast")
            store.save_course(stored.spec.updated(discreet=True), stored.version)
        with desk_on(url) as desk:
            given = desk.export_calendar("course-breast", now=datetime(2030, 3, 1, tzinfo=UTC))
        assert b"Linac" not in given
    with Store.open(url) as store, store.engine.begin() as connection:
        db.mark_calendars(connection, ["course-breast"], False)
    with Store.open(url) as store:
        opened = store.department()
        assert opened is not None
        store.set_department(renamed(opened, "Linac 3", "Linac Three"), opened=opened, renamed={"Linac 3": "Linac Three"})
    assert owed(url) == []
    with desk_on(url) as desk:
        assert desk.calendar_updates(["course-breast"]) == [], "nor would an update change anything"


def test_a_calendar_names_a_machine_across_a_folded_line_and_escaped_commas():
    from planner.store.db.store import _calendar_names

    given = "BEGIN:VEVENT\r\nLOCATION:Riverside Cancer Centre\\, 1 Example Road\\, Lin\r\n ac\\, North\r\nEND:VEVENT\r\n"
    assert _calendar_names(given, "Linac, North") and not _calendar_names(given, "Linac 3")
    assert not _calendar_names("LOCATION:Clinic\\, Linac 10\r\n", "Linac 1")  # a name within another is not it
    assert _calendar_names("LOCATION:Clinic\\, Linac 1\r\n", "Linac 1")


def test_a_rename_onto_the_name_of_a_machine_removed_in_the_same_save_is_one_save(url):
    """Linac 2 removed and Linac 1 renamed "Linac 2" in one save: done (it took two saves, the first refused): the
    removed machine goes first with its downtime, then Linac 1 takes the name, keeping its own row and downtime."""
    with Store.open(url) as store:
        opened = store.department()
        assert opened is not None
        linac_1 = store.machine_ids()["Linac 1"]
        without = replace(opened, machines=tuple(m for m in opened.machines if m.name != "Linac 2"),
                          downtime=tuple(d for d in opened.downtime if d.machine != "Linac 2"))
        store.set_department(renamed(without, "Linac 1", "Linac 2"), opened=opened, renamed={"Linac 1": "Linac 2"})
        department = store.department()
        assert department is not None and [m.name for m in department.machines if m.name.startswith("Linac")] == ["Linac 2", "Linac 3"]
        assert store.machine_ids()["Linac 2"] == linac_1
        assert all(d.machine != "Linac 2" for d in department.downtime), "the removed machine's downtime is not the renamed one's"
