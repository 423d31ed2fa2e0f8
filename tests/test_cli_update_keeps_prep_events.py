"""`export --previous` (or `--course-id`, from the store's last export) of a calendar given with `--prep-events`
keeps the preparation steps' events, with a note on stderr, as an update of a discreet calendar stays discreet:
without `--prep-events` repeated, the update cancelled every "drink the water" event on a phone (Google's) that
drops imported alarms. `--no-prep-events` leaves them out on purpose."""

from __future__ import annotations

from planner.ics import parse_export

from .test_cli import EXPORT, run

NOTE = ("planner: note: the patient's earlier calendar had the preparation steps as events, so this one has them too "
        "(--no-prep-events leaves them out)\n")


def steps(path) -> dict[str, str]:
    return {e.role: e.status for e in parse_export(path.read_bytes(), path.name).events.values() if e.is_preparation}


def test_an_update_keeps_the_preparation_events_unless_asked(tmp_path, capsys):
    first, update, without = tmp_path / "first.ics", tmp_path / "update.ics", tmp_path / "without.ics"
    assert run(capsys, *EXPORT, "--prep-events", "-o", str(first))[0] == 0
    given = steps(first)
    assert given and set(given.values()) == {"CONFIRMED"}
    status, _, err = run(capsys, *EXPORT, "--previous", str(first), "--time", "09:00", "-o", str(update))
    assert status == 0 and err == NOTE
    assert steps(update) == given  # each step still there, at the new time
    status, _, err = run(capsys, *EXPORT, "--previous", str(update), "--no-prep-events", "-o", str(without))
    assert status == 0 and err == ""
    assert steps(without) == {role: "CANCELLED" for role in given}
    status, _, err = run(capsys, *EXPORT, "--prep-events", "--no-prep-events", "-o", str(without))
    assert status == 2 and err.count("\n") == 1 and "not allowed with argument" in err


def test_a_calendar_given_without_preparation_events_is_updated_without_them(tmp_path, capsys):
    first, update = tmp_path / "first.ics", tmp_path / "update.ics"
    assert run(capsys, *EXPORT, "-o", str(first))[0] == 0
    status, _, err = run(capsys, *EXPORT, "--previous", str(first), "--time", "09:00", "-o", str(update))
    assert status == 0 and err == "" and steps(update) == {}
