"""The engineer says the machine is back at 10:00, not 13:00: the coordinator exports the department file, shortens the
downtime's end and imports it again. An import keeps recorded downtime (a broken machine never becomes bookable by a
re-read file), so the machine stayed down until 13:00, and the only word was "Kept 1 downtime period ...": the import
now says, on stderr, that the machine stays down until the recorded end and where to shorten it."""

from __future__ import annotations

from .booking_scenario import stock
from .command_line import run
from .test_department_import_keeps_downtime import FAULT, downtime_in


def test_a_shortened_downtime_in_the_file_is_said_not_to_shorten_the_recorded_one(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    assert run(capsys, "machine-down", "Linac 1", "--db", url, "--from", FAULT[1], "--to", FAULT[2], "--reason", FAULT[3])[0] == 0
    exported = tmp_path / "department.toml"
    assert run(capsys, "department", "export", "--db", url, "-o", str(exported))[0] == 0
    text = exported.read_text(encoding="utf-8")
    assert f'end = "{FAULT[2]}"' in text
    exported.write_text(text.replace(f'end = "{FAULT[2]}"', 'end = "2030-04-06T10:00"'), encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(exported), "--db", url)
    assert status == 0, err
    assert "Kept 1 downtime period recorded in the store that the file does not hold." in out
    assert ("planner: note: Linac 1 stays down until Sat 6 Apr 2030 13:00, as recorded: importing a file never shortens "
            "recorded downtime (the file's, from Sat 6 Apr 2030 08:00, ends Sat 6 Apr 2030 10:00); shorten it in the window's "
            "Department settings, Downtime page") in err
    assert FAULT in downtime_in(url)  # still down until 13:00, as said


def test_importing_the_file_as_exported_says_nothing_of_shortening(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    assert run(capsys, "machine-down", "Linac 1", "--db", url, "--from", FAULT[1], "--to", FAULT[2], "--reason", FAULT[3])[0] == 0
    exported = tmp_path / "department.toml"
    assert run(capsys, "department", "export", "--db", url, "-o", str(exported))[0] == 0
    status, _, err = run(capsys, "department", "import", str(exported), "--db", url)
    assert status == 0 and "shorten" not in err
