"""The booking desk's calendar updates of a discreet calendar leave out a preparation reminder with no discreet
wording, as a discreet export does, and now say so as it does, once per course: `calendar-updates --write-updates`
and `machine-down --write-updates` one line on stderr naming the patient, the Bookings window's Calendars tab and the
machine-down report in their status text once the updates are written. The catalogue here is the shipped one with
the prostate's bladder filling left without its discreet wording (a clinic's edit)."""

from __future__ import annotations

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.ics import parse_export
from planner.ui.booking_dialogs import RebookingReport
from planner.ui.calendar_updates import OutdatedCalendars

from ..test_discreet_reminders_left_out_said import without_bladder_wording
from .booking_scenario import place_bookings, stock
from .command_line import run

COURSE = "course-prostate"  # Zoë Ångström, H0001, on Linac 1 at 08:30; fraction 7 on Tue 2 April 2030
DOWN = ["Linac 1", "--from", "2030-04-02T07:00", "--to", "2030-04-02T19:00", "--reason", "beam fault"]
LINE = ("planner: warning: Zoë Ångström (H0001): a discreet calendar leaves out 1 preparation reminder, "
        "'Empty your bladder, then drink 500…': it has no discreet wording in the catalogue; tell the patient another "
        "way (a plain export has it)\n")
SENTENCE = ("Zoë Ångström (H0001): A discreet calendar leaves out 1 preparation reminder, “Empty your bladder, then "
            "drink 500…”: it has no discreet wording in the catalogue; tell the patient another way (the plan's "
            "Preparation column shows it).")


def given(capsys, tmp_path, monkeypatch, *, discreet: bool = True) -> str:
    """The golden bookings, the prostate patient given a (discreet) calendar, under the edited catalogue."""
    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(without_bladder_wording(), encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CATALOGUE", str(catalogue))
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    out = tmp_path / "given.ics"
    status, _, err = run(capsys, "export", "--db", url, "--course-id", COURSE, *(["--discreet"] if discreet else []),
                         "-o", str(out))
    assert status == 0, err
    assert parse_export(out.read_bytes(), "given").discreet is discreet
    return url


def test_calendar_updates_says_once_the_reminder_a_discreet_update_leaves_out(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    assert run(capsys, "machine-down", *DOWN, "--db", url)[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    status, _, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder))
    assert status == 0
    assert err == LINE
    (written,) = [f for f in folder.iterdir() if "Angstrom" in f.name or "H0001" in f.name]
    assert b"bladder" not in written.read_bytes().lower()  # left out indeed


def test_machine_down_writing_the_updates_says_it_too(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    folder = tmp_path / "updates"
    folder.mkdir()
    status, _, err = run(capsys, "machine-down", *DOWN, "--db", url, "--write-updates", str(folder))
    assert status == 0
    assert err.count("preparation reminder") == 1  # once, for the one discreet course
    assert LINE in err


def test_a_plain_calendar_update_says_nothing(capsys, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch, discreet=False)
    folder = tmp_path / "updates"
    folder.mkdir()
    status, _, err = run(capsys, "machine-down", *DOWN, "--db", url, "--write-updates", str(folder))
    assert status == 0
    assert "preparation reminder" not in err


def calendars_tab_said(capsys, qtbot, tmp_path, monkeypatch, *, discreet: bool = False) -> str:
    """The Calendars tab's status line once it wrote the updates a machine-down owed (`discreet`: a treatment room's
    screen)."""
    url = given(capsys, tmp_path, monkeypatch)
    assert run(capsys, "machine-down", *DOWN, "--db", url)[0] == 0
    folder = tmp_path / "updates"
    folder.mkdir()
    with open_desk(url, load_catalogue(tmp_path / "catalogue.toml")) as desk:
        tab = OutdatedCalendars(desk)
        qtbot.addWidget(tab)
        tab.set_discreet(discreet)
        tab.refresh()
        tab.write_to(folder)
        return tab.status.text()


def test_the_calendars_tab_says_it_once_the_updates_are_written(capsys, qtbot, tmp_path, monkeypatch):
    assert calendars_tab_said(capsys, qtbot, tmp_path, monkeypatch).count(SENTENCE) == 1


def test_the_machine_down_report_says_it_once_the_updates_are_written(capsys, qtbot, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    folder = tmp_path / "updates"
    folder.mkdir()
    from datetime import datetime
    from zoneinfo import ZoneInfo

    zone = ZoneInfo("Europe/London")
    with open_desk(url, load_catalogue(tmp_path / "catalogue.toml")) as desk:
        report, updates = desk.machine_down("Linac 1", datetime(2030, 4, 2, 7, tzinfo=zone), datetime(2030, 4, 2, 19, tzinfo=zone),
                                            "beam fault")
        dialog = RebookingReport(desk, "Linac 1 down", report, updates)
        qtbot.addWidget(dialog)
        dialog.write_to(folder)
        assert dialog.status.text().count(SENTENCE) == 1
        assert "Wrote" in dialog.status.text()


def test_a_discreet_window_counts_them_by_initials_without_their_words(capsys, qtbot, tmp_path, monkeypatch):
    text = calendars_tab_said(capsys, qtbot, tmp_path, monkeypatch, discreet=True)
    assert "Z. Å.: A discreet calendar leaves out 1 preparation reminder with no discreet wording" in text
    assert "bladder" not in text.lower() and "Ångström" not in text
