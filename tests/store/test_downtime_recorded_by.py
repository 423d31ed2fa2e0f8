"""Who recorded a machine's downtime or a closure of the department, and when (revision 0008): every path that
records one (machine-down, closure, department import, Department settings) names the store's login as a
course's audit trail does, every listing says so ("recorded by alice on Mon 23 Nov 2026 09:14"), and removing
one leaves an entry naming who removed it. Downtime and closures stored before the revision keep their rows and
read "not known", never a recorder guessed from the department row's last save."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import create_engine, text

from planner.core.department import load_department
from planner.store.db import Store
from planner.store.db.migrate import head_revision, upgrade
from planner.wording import UNKNOWN_RECORDER

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
QA_DAY = datetime(2030, 3, 5, 8, tzinfo=LONDON)  # the golden file's Linac 2 monthly QA, 08:00-10:00
TRAINING_DAY = date(2030, 3, 8)  # the golden file's closure


def today_words() -> str:
    """The start of 'Mon 23 Nov 2026 09:14' for now in London (the minute may turn while the test runs)."""
    now = datetime.now(LONDON)
    return f"{now:%a} {now.day} {now:%b %Y}"


@pytest.fixture
def alice(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("LOGNAME", "alice")
    monkeypatch.setenv("USER", "alice")
    return "alice"


def login(url: str) -> str:
    """Who the store's trail names for this process: 'alice' (SQLite), 'alice (role planner)' (PostgreSQL)."""
    with Store.open(url) as store:
        return store.user


def downgrade_to_0007(url: str) -> None:
    from alembic import command

    from planner.store.db.migrate import _config

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            command.downgrade(_config(connection), "0007")
            connection.commit()
    finally:
        engine.dispose()


def rows(url: str) -> tuple[list[tuple], str]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            down = [tuple(r) for r in connection.execute(text("SELECT machine_id, starts_at, ends_at, reason FROM downtime ORDER BY id"))]
            closures = connection.execute(text("SELECT closures FROM department")).scalar_one()
    finally:
        engine.dispose()
    return down, closures


def test_an_old_store_is_upgraded_keeping_its_downtime_and_closures_with_their_recorder_not_known(store_url, capsys):
    url = stock(store_url)
    downgrade_to_0007(url)
    before = rows(url)
    assert before[0] and "Staff training day" in before[1]
    with Store.open(url) as store:  # upgrades
        assert store.revision() == head_revision()
        department = store.department()
    assert rows(url) == before
    assert department is not None and [d.recorded for d in department.downtime] == [None]
    assert department.closure_recorded(TRAINING_DAY) is None
    status, out, err = run(capsys, "department", "show", "--db", url)
    assert (status, err) == (0, "")
    assert f"closed 2030-03-08: Staff training day ({UNKNOWN_RECORDER})" in out
    assert f"Linac 2 down 2030-03-05T08:00+00:00 to 2030-03-05T10:00+00:00: monthly QA ({UNKNOWN_RECORDER})" in out
    status, out, _ = run(capsys, "department", "show", "--db", url, "--json")
    data = json.loads(out)
    assert data["downtime"][0]["recorded_by"] is None and data["closures"][0]["recorded_by"] is None


def test_the_revision_goes_down_and_up_again(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    downgrade_to_0007(url)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            assert "department_trail" not in {r[0] for r in connection.execute(text("SELECT name FROM sqlite_master"))}
            upgrade(connection)
            assert "department_trail" in {r[0] for r in connection.execute(text("SELECT name FROM sqlite_master"))}
    finally:
        engine.dispose()


def test_department_import_names_the_importer_of_new_downtime_and_keeps_the_first_recorder(store_url, alice, capsys, monkeypatch,
                                                                                          tmp_path):
    url = stock(store_url)  # by alice
    with Store.open(url) as store:
        first = store.department()
    assert first is not None and first.downtime[0].recorded is not None and first.downtime[0].recorded.who == login(url)
    monkeypatch.setenv("LOGNAME", "bob")
    monkeypatch.setenv("USER", "bob")
    changed = tmp_path / "department.toml"
    changed.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8") + '\n[[downtime]]\nmachine = "Linac 1"\n'
                       'start = "2030-03-06T08:00"\nend = "2030-03-06T09:00"\nreason = "service"\n', encoding="utf-8")
    before = datetime.now(UTC)
    status, _, err = run(capsys, "department", "import", str(changed), "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        department = store.department()
    assert department is not None
    recorders = {d.reason: d.recorded for d in department.downtime}
    assert recorders["monthly QA"] == first.downtime[0].recorded  # nothing new there: its recorder stays
    service = recorders["service"]
    assert service is not None and service.who == login(url) != first.downtime[0].recorded.who and service.at >= before


def test_machine_down_on_the_command_line_records_the_login_and_agenda_and_department_show_say_it(store_url, alice, capsys):
    url = stock(store_url)
    place_bookings(url)
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T12:00",
                         "--reason", "beam fault")
    assert status == 0, err
    who = login(url)
    status, out, err = run(capsys, "department", "show", "--db", url)
    line = next(line for line in out.splitlines() if "beam fault" in line)
    assert f"(recorded by {who} on {today_words()} " in line, line
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-04-02", "--machine", "Linac 1")
    line = next(line for line in out.splitlines() if "beam fault" in line)
    assert line.startswith(f"  Tue 2030-04-02 08:00-12:00  down: beam fault  (recorded by {who} on ") and today_words() in line
    status, out, _ = run(capsys, "agenda", "--db", url, "--date", "2030-04-02", "--json")
    down = {m["name"]: m["downtime"] for m in json.loads(out)["machines"] if "downtime" in m}
    assert [(d["reason"], d["recorded_by"]) for d in down["Linac 1"]] == [("beam fault", who)]
    assert datetime.fromisoformat(down["Linac 1"][0]["recorded_at"]).date() == datetime.now(LONDON).date()


def test_closure_on_the_command_line_records_the_login(store_url, alice, capsys):
    url = stock(store_url)
    status, _, err = run(capsys, "closure", "--db", url, "--date", "2030-04-03", "--reason", "snow")
    assert status == 0, err
    with Store.open(url) as store:
        department = store.department()
    assert department is not None
    recorded = department.closure_recorded(date(2030, 4, 3))
    assert recorded is not None and recorded.who == login(url)
    status, out, _ = run(capsys, "department", "show", "--db", url)
    assert f"closed 2030-04-03: snow (recorded by {recorded.who} on {today_words()} " in out


def test_removing_downtime_or_a_closure_leaves_who_removed_it(store_url, capsys):
    url = stock(store_url)
    with Store.open(url, user="carol") as store:
        opened = store.department()
        assert opened is not None
        store.set_department(replace(opened, downtime=(), closures=()), opened=opened)  # as Department settings saves
        removed = store.department_removals()
    assert [(e.subject.value, e.recorded.who, e.note) for e in removed] == [
        ("downtime", "carol", "monthly QA"), ("closure", "carol", "Staff training day")]
    status, out, _ = run(capsys, "department", "show", "--db", url)
    assert "Removed in the last 30 days:" in out
    assert "    Linac 2 down 2030-03-05T08:00+00:00 to 2030-03-05T10:00+00:00: monthly QA (removed by carol on " in out
    assert "    closed 2030-03-08: Staff training day (removed by carol on " in out
    status, out, _ = run(capsys, "department", "show", "--db", url, "--json")
    gone = json.loads(out)["removed"]
    assert [(g["what"], g["removed_by"]) for g in gone] == [("downtime", "carol"), ("closure", "carol")]


def test_a_department_file_import_that_drops_a_machine_names_who_removed_its_downtime(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    department = load_department(DEPARTMENT_FILE)
    with Store.open(url, user="dan") as store:
        store.set_department(replace(department, machines=tuple(m for m in department.machines if m.name != "Linac 2"),
                                     downtime=()), keep_recorded_downtime=True)
        removed = store.department_removals()
    assert [(e.machine, e.recorded.who) for e in removed] == [("Linac 2", "dan")]
