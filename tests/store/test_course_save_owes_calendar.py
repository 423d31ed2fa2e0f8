"""A save of a stored course whose patient was given its calendar (a day marked missed, say) changes that calendar: the
update is owed, listed by `calendar-updates` until it is given, as after a move or a cancelling, and `course save
--json` says it in the shapes every command that makes updates due uses: `"calendars"` and `"left_out"` beside its
`"course_id"`. Before, the save left the patient's calendar out of date unsaid, and its JSON was the course id alone.
The catalogue is the shipped one with the prostate's bladder filling left without its discreet wording."""

from __future__ import annotations

import json

from .command_line import run
from .test_discreet_updates_say_reminders_left_out import COURSE, given
from .test_left_out_said_before_writing import expected

MISSED = ["course", "save", "--course-id", COURSE, "--missed", "3=end", "--reason", "unwell"]


def owed(capsys, url: str) -> list[str]:
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0, err
    return [c["course_id"] for c in json.loads(out)["calendars"]]


def test_saving_a_missed_day_owes_the_update_and_the_json_says_it(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    status, out, err = run(capsys, *MISSED, "--db", url, "--json")
    assert status == 0, err
    answer = json.loads(out)
    assert set(answer) == {"course_id", "calendars", "left_out"}
    assert answer["course_id"] == COURSE
    (calendar,) = answer["calendars"]
    assert calendar["course_id"] == COURSE and calendar["patient"] == "Zoë Ångström"
    assert calendar["changed"] > 0 and calendar["written"] is None
    assert answer["left_out"] == expected(tmp_path)
    assert "Update owed" not in err and "calendar" not in err  # JSON: said in the answer, not on stderr
    assert owed(capsys, url) == [COURSE]  # listed until given


def test_the_text_answer_keeps_the_course_id_alone_on_standard_output(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    status, out, err = run(capsys, *MISSED, "--db", url)
    assert status == 0, err
    assert out == f"{COURSE}\n"  # a script's $(course save ...) still reads the id
    assert (f"planner: note: the patient's calendar changed: give them the update: `export --course-id {COURSE} "
            "--output FILE.ics` writes it") in err


def test_a_course_never_exported_owes_nothing(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    other = "course-breast"
    status, out, err = run(capsys, "course", "save", "--course-id", other, "--missed", "3=end", "--reason", "unwell",
                           "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out) == {"course_id": other, "calendars": [], "left_out": []}
    assert owed(capsys, url) == []


def test_a_calendar_that_matches_the_course_again_is_no_longer_owed(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    assert run(capsys, *MISSED, "--db", url)[0] == 0
    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--not-missed", "3", "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["calendars"] == []  # the mark taken back: the patient's calendar is right again
    assert owed(capsys, url) == []


def test_the_update_is_made_from_the_catalogue_the_save_read(capsys, tmp_path, monkeypatch):
    """`--catalogue` given: the update owed is made from it too, so a default catalogue that does not read (the
    settings', the environment's) cannot refuse the command once the course is saved."""
    url = given(capsys, tmp_path, monkeypatch)
    good = tmp_path / "catalogue.toml"
    broken = tmp_path / "broken.toml"
    broken.write_text("[[sites]\n", encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CATALOGUE", str(broken))
    status, out, err = run(capsys, *MISSED, "--catalogue", str(good), "--db", url, "--json")
    assert status == 0, err
    assert json.loads(out)["calendars"][0]["course_id"] == COURSE
