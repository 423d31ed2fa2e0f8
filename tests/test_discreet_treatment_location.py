"""A discreet export or print names no treatment in the location either: a typed "Radiation Oncology, Level B1"
(the README's own example of a location) or "Linac 2 bunker" would tell the diagnosis on a lock screen in every
event's LOCATION and under every printed page's header. The parts naming the treatment are left out, as the
clinic's name is, and the coordinator is told which."""

from __future__ import annotations

import contextlib
import io

import pytest
from icalendar import Calendar

from planner.app.discretion import PatientContact, shown_contact, treatment_parts, without_treatment
from planner.cli import main
from planner.ui import dialogs

from .test_app_booked_times import pdf_text

COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "America/New_York",
          "--patient", "Jane Doe", "--patient-id", "H200", "--phone", "+1 212 555 0100"]
LOCATION = "Radiation Oncology, Level B1; Linac 2 bunker"


def test_the_parts_naming_the_treatment_are_left_out_and_the_rest_kept():
    assert without_treatment(LOCATION) == "Level B1"
    assert treatment_parts(LOCATION) == ("Radiation Oncology", "Linac 2 bunker")
    assert without_treatment("Cancer wing · 1 River Road") == "1 River Road"
    assert without_treatment("Level 2, 1 River Road") == "Level 2, 1 River Road"  # nothing to leave out: as typed
    assert without_treatment("Oncologist's office") == ""
    contact = PatientContact("", "+1 555", "Radiotherapy Dept, 1 River Road", "Radiation Oncology")
    assert shown_contact(contact, [], discreet=True) == PatientContact("", "+1 555", "1 River Road", "1 River Road")
    assert shown_contact(contact, [], discreet=False) == contact


def run(*argv: str) -> str:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert main(list(argv)) == 0
    return err.getvalue()


def test_a_discreet_calendar_has_no_treatment_in_its_locations_and_says_what_it_left_out(tmp_path):
    out = tmp_path / "x.ics"
    err = run("export", *COURSE, "--location", LOCATION, "--discreet", "-o", str(out))
    assert err == ("planner: note: a discreet calendar leaves 'Radiation Oncology', 'Linac 2 bunker' out of the "
                   "course's location: it names the treatment\n")
    data = out.read_bytes()
    assert b"Oncology" not in data and b"Linac" not in data
    locations = {str(e.get("LOCATION")) for e in Calendar.from_ical(data).walk("VEVENT") if e.get("LOCATION")}
    assert locations == {"Level B1"}
    plain = tmp_path / "plain.ics"
    assert run("export", *COURSE, "--location", LOCATION, "-o", str(plain)) == ""
    assert b"Radiation Oncology" in plain.read_bytes()


@pytest.mark.parametrize("layout", ["week", "sheet"])
def test_a_discreet_print_has_no_treatment_in_its_location(tmp_path, qapp, layout):
    out = tmp_path / "x.pdf"
    err = run("print", *COURSE, "--location", LOCATION, "--discreet", "--layout", layout, "-o", str(out))
    assert "leaves 'Radiation Oncology', 'Linac 2 bunker' out" in err
    text = pdf_text(out.read_bytes())
    assert "Oncology" not in text and "Linac" not in text


def test_the_export_dialog_says_what_a_discreet_calendar_leaves_out(qtbot):
    dialog = dialogs.ExportDialog(True, None, (), left_out=("Radiation Oncology",))
    qtbot.addWidget(dialog)
    assert not dialog.location_hint.isHidden() and "“Radiation Oncology”" in dialog.location_hint.text()
    dialog.discreet.setChecked(False)
    assert dialog.location_hint.isHidden()
