"""`export` warns when the calendar names no clinic phone number, as the window's export asks first and
`print` warns: the patient's calendar would not say whom to call. It warns once the file is written, so a
refusal stays one line on stderr."""

from __future__ import annotations

from dataclasses import replace

from icalendar import Calendar

from planner.cli import main

COURSE = ["export", "--site", "prostate", "--preset", "20-daily", "--start", "2026-10-26", "--time", "08:30",
          "--tz", "America/New_York", "--holidays", "US-NY", "--patient", "Ann Smith"]
WARNING = ("planner: warning: the calendar names no clinic phone number, so it does not tell the patient whom to call; "
           "give --phone, or the clinic's phone in Settings\n")


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def descriptions(path) -> str:
    return " ".join(str(event.get("DESCRIPTION", "")) for event in Calendar.from_ical(path.read_bytes()).walk("VEVENT"))


def test_an_export_without_a_phone_is_written_and_warned_of(tmp_path, capsys):
    path = tmp_path / "ann.ics"
    status, out, err = run(capsys, *COURSE, "-o", str(path))
    assert status == 0 and out.startswith("Wrote 20 appointments")
    assert err == WARNING
    assert path.exists() and "phone " not in descriptions(path)  # written all the same, naming no number


def test_a_phone_given_or_in_the_settings_says_nothing(tmp_path, capsys):
    path = tmp_path / "ann.ics"
    status, _, err = run(capsys, *COURSE, "--phone", "+1 212 555 0100", "-o", str(path))
    assert status == 0 and err == ""
    assert "+1 212 555 0100" in descriptions(path)
    from planner.store.settings import load_settings, save_settings

    save_settings(replace(load_settings(), clinic_phone="+1 212 555 0199"))  # the test's own settings file (conftest)
    status, _, err = run(capsys, *COURSE, "-o", str(path))
    assert status == 0 and err == ""
    assert "+1 212 555 0199" in descriptions(path)


def test_a_refused_export_stays_one_line_without_the_warning(tmp_path, capsys):
    status, out, err = run(capsys, *COURSE, "-o", str(tmp_path))
    assert status == 2 and out == "" and err.count("\n") == 1 and err.startswith("planner: error: --output:")


def test_an_empty_phone_is_refused_not_read_as_no_phone(tmp_path, capsys):
    for command in (COURSE, ["print", *COURSE[1:]]):
        path = tmp_path / ("ann.ics" if command is COURSE else "ann.pdf")
        for empty in ("", "  "):
            status, out, err = run(capsys, *command, "--phone", empty, "-o", str(path))
            assert (status, out) == (2, "")
            assert err == ("planner: error: --phone: give the clinic's phone number (got an empty one), "
                           "or leave --phone out\n"), err
        assert not path.exists()
