"""`department import` refuses new downtime over booked appointments and points to `machine-down`,
which re-books them and writes the calendar updates; the import then goes through."""

from __future__ import annotations

import json
from pathlib import Path

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run


def with_downtime(tmp_path: Path, start: str, end: str) -> Path:
    path = tmp_path / "department.toml"
    path.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8")
                    + f'\n[[downtime]]\nmachine = "Linac 1"\nstart = "{start}"\nend = "{end}"\nreason = "beam fault"\n', encoding="utf-8")
    return path


def linac1(capsys, url: str) -> list[dict]:
    out = run(capsys, "agenda", "--db", url, "--date", "2030-04-02", "--machine", "Linac 1", "--json")[1]
    return json.loads(out)["machines"][0]["bookings"]


def test_import_of_downtime_over_bookings_is_refused_naming_machine_down(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    before = linac1(capsys, url)
    assert any(b["start"] < "2030-04-02T13:00" for b in before)
    path = with_downtime(tmp_path, "2030-04-02T08:00", "2030-04-02T13:00")
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 2 and out == ""
    assert len(err.strip().splitlines()) == 1
    assert "Linac 1" in err and "machine-down 'Linac 1' --from 2030-04-02T08:00 --to 2030-04-02T13:00" in err
    assert linac1(capsys, url) == before  # nothing imported, nothing moved
    # machine-down re-books and records the downtime; the same file then imports
    status, _, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T13:00", "--json")
    assert status == 0, err
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 0, err
    assert all(b["start"] >= "2030-04-02T13:00" for b in linac1(capsys, url))


def test_import_of_downtime_over_free_time_goes_through(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    path = with_downtime(tmp_path, "2030-04-06T08:00", "2030-04-06T13:00")  # a Saturday: nothing booked
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 0 and "error" not in err and "2 downtime periods" in out
