"""The preparation reminders a discreet calendar update leaves out (no discreet wording) are said before anything is
written, and to programs too: every `--dry-run` of a command that would make calendar updates due says them on stderr
("... a discreet calendar update would leave out ..."), as `calendar-updates` listing the updates owed does, and every
`--json` answer of such a command carries them by course in `"left_out"` (empty when none is left out). Before, only
writing the updates said it, on stderr, and the JSON said nothing. The catalogue is the shipped one with the prostate's
bladder filling left without its discreet wording (a clinic's edit)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from planner.core.catalogue import load_catalogue

from .booking_scenario import place_bookings, stock
from .command_line import run
from .reoptimise_scenario import NIGHT
from .test_discreet_updates_say_reminders_left_out import COURSE, DOWN, given

WOULD = ("planner: warning: Zoë Ångström (H0001): a discreet calendar update would leave out 1 preparation reminder, "
         "'Empty your bladder, then drink 500…': it has no discreet wording in the catalogue; tell the patient another "
         "way (a plain export has it)\n")
MOVE = ["move", "--course-id", COURSE, "--session", "7", "--to", "2030-04-02T12:00"]
CLOSE = ["closure", "--date", "2030-04-02", "--reason", "snow"]


def expected(tmp_path: Path) -> list[dict[str, object]]:
    """The `left_out` of the prostate course: the catalogue's reminders of its site with no discreet wording."""
    site = load_catalogue(tmp_path / "catalogue.toml").site("prostate")
    assert site is not None
    reminders = [{"text": r.text, "minutes_before": r.minutes_before} for r in site.reminders if not r.discreet_text]
    assert len(reminders) == 1 and "bladder" in str(reminders[0]["text"])
    return [{"course_id": COURSE, "reminders": reminders}]


def owed(capsys, url: str) -> list[str]:
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0, err
    return [c["course_id"] for c in json.loads(out)["calendars"]]


def written_first(capsys, tmp_path: Path, url: str, *argv: str) -> None:
    """`argv` run and its updates written: the patient's calendar is then the one it made."""
    folder = tmp_path / "given-updates"
    folder.mkdir(exist_ok=True)
    status, _, err = run(capsys, *argv, "--db", url, "--write-updates", str(folder))
    assert status == 0, err
    assert owed(capsys, url) == []


@pytest.mark.parametrize("name", ["machine-down", "closure", "move", "machine-up", "reopen"])
def test_a_dry_run_says_what_the_updates_it_would_write_leave_out(capsys, tmp_path, monkeypatch, name):
    url = given(capsys, tmp_path, monkeypatch)
    argv = {"machine-down": ["machine-down", *DOWN], "closure": CLOSE, "move": MOVE,
            "machine-up": ["machine-up", "Linac 1", "--at", "2030-04-02T07:30", "--move-back"],
            "reopen": ["reopen", "--date", "2030-04-02", "--move-back"]}[name]
    if name == "machine-up":  # the patient has the downtime's calendar: moving back would change it
        written_first(capsys, tmp_path, url, "machine-down", *DOWN)
    if name == "reopen":
        written_first(capsys, tmp_path, url, *CLOSE)
    status, out, err = run(capsys, *argv, "--db", url, "--dry-run", "--json")
    assert status == 0, err
    assert err == WOULD  # before anything is written
    assert json.loads(out)["left_out"] == expected(tmp_path)
    assert owed(capsys, url) == []  # nothing was written
    status, _, err = run(capsys, *argv, "--db", url, "--dry-run")
    assert status == 0 and err == WOULD  # the text answer says it as well


def test_a_dry_run_of_booking_says_it(capsys, tmp_path, monkeypatch):
    """The patient was given the course's calendar before it was booked: booking it changes that calendar."""
    catalogue = tmp_path / "catalogue.toml"
    from ..test_discreet_reminders_left_out_said import without_bladder_wording

    catalogue.write_text(without_bladder_wording(), encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CATALOGUE", str(catalogue))
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=(COURSE,))
    status, _, err = run(capsys, "export", "--db", url, "--course-id", COURSE, "--discreet", "-o", str(tmp_path / "given.ics"))
    assert status == 0, err
    book = ["book", "--course-id", COURSE, "--earliest", "2030-03-25", "--prefer-time", "08:30", "--db", url]
    status, out, err = run(capsys, *book, "--dry-run", "--json")
    assert status == 0 and err == WOULD
    assert json.loads(out)["left_out"] == expected(tmp_path)
    status, out, err = run(capsys, *book, "--json")  # booked: the update is owed, and its JSON says it too
    assert status == 0 and json.loads(out)["booked"] is True
    assert json.loads(out)["left_out"] == expected(tmp_path)


def test_a_dry_run_of_booking_a_make_up_says_it(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--missed", "3=end", "--reason", "unwell", "--db", url)
    assert status == 0, err
    # the patient has the calendar given before the mark (the save owes its update): booking the make-up changes it
    status, out, err = run(capsys, "book", "--course-id", COURSE, "--make-ups", "--dry-run", "--json", "--db", url)
    assert status == 0 and err == WOULD
    assert json.loads(out)["left_out"] == expected(tmp_path)


def test_a_dry_run_of_the_nightly_re_optimisation_says_it(capsys, tmp_path, monkeypatch, waiting_url):
    from ..test_discreet_reminders_left_out_said import without_bladder_wording

    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(without_bladder_wording(), encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CATALOGUE", str(catalogue))
    status, _, err = run(capsys, "export", "--db", waiting_url, "--course-id", COURSE, "--discreet", "-o", str(tmp_path / "g.ics"))
    assert status == 0, err
    status, out, err = run(capsys, "reoptimise", "--db", waiting_url, "--date", NIGHT, "--dry-run", "--json")
    assert status == 0 and err == WOULD
    assert json.loads(out)["left_out"] == expected(tmp_path)


def test_the_list_of_updates_owed_says_it_before_they_are_written(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    status, out, err = run(capsys, "machine-down", *DOWN, "--db", url, "--json")  # owed, not written: said in the JSON
    assert status == 0 and err == ""
    assert json.loads(out)["left_out"] == expected(tmp_path)
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0 and err == WOULD
    assert json.loads(out)["left_out"] == expected(tmp_path)
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder), "--json")
    assert status == 0 and "a discreet calendar leaves out" in err  # written: said as before
    assert json.loads(out)["left_out"] == expected(tmp_path)


def test_writing_the_updates_at_once_says_it_in_the_json(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, _ = run(capsys, "machine-down", *DOWN, "--db", url, "--write-updates", str(folder), "--json")
    assert status == 0
    answer = json.loads(out)
    assert answer["left_out"] == expected(tmp_path) and answer["calendars"][0]["written"]


@pytest.mark.parametrize("argv", [["unbook"], ["course", "cancel"]])
def test_unbooking_and_cancelling_say_it_in_the_json(capsys, tmp_path, monkeypatch, argv):
    url = given(capsys, tmp_path, monkeypatch)
    status, out, err = run(capsys, *argv, "--course-id", COURSE, "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["left_out"] == expected(tmp_path)


def test_a_plain_calendar_leaves_nothing_out_and_says_nothing(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch, discreet=False)
    for argv in (["machine-down", *DOWN], CLOSE, MOVE):
        status, out, err = run(capsys, *argv, "--db", url, "--dry-run", "--json")
        assert status == 0 and err == ""
        assert json.loads(out)["left_out"] == []
