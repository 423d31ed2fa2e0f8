"""`department import` refusals that only the store can find (a machine left out still holds bookings,
new downtime over booked appointments) start like the file's other refusals: the file, then the entry."""

from __future__ import annotations

import re
from pathlib import Path

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run


def test_a_booked_machine_left_out_names_the_file_and_its_machines(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    text = re.sub(r'\[\[machines\]\]\nname = "Linac 1"\n(?:.+\n)+?\n', "", DEPARTMENT_FILE.read_text(encoding="utf-8"), count=1)
    path = tmp_path / "riverside.toml"
    path.write_text(text, encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"planner: error: {path}: [[machines]]: 'Linac 1' is left out of the file but has "), err
    assert err.endswith(" bookings: move or unbook them before removing it (or keep it in the file)\n"), err


def test_downtime_over_bookings_names_the_file_and_its_entry(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    entry = text.count("[[downtime]]") + 1
    path = tmp_path / "riverside.toml"
    path.write_text(text + '\n[[downtime]]\nmachine = "Linac 1"\nstart = "2030-04-02T08:00"\nend = "2030-04-02T13:00"\n', encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1
    assert err.startswith(f"planner: error: {path}: [[downtime]] #{entry}: downtime of Linac 1 from 2030-04-02T08:00 hits "), err
    assert "nothing imported; record it with `machine-down 'Linac 1' --from 2030-04-02T08:00 --to 2030-04-02T13:00`" in err
