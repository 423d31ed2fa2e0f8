"""A discreet calendar or print leaves out a preparation reminder with no discreet wording (its only wording names
the treatment or the body part, or the clinic wrote `discreet_text = ""`), and says so: one line on stderr, and in
the window beside the discreet choice of the export and print dialogs, before anything is written. The coordinator
then tells the patient another way (the bladder filling, say). The shipped catalogue loses no reminder there."""

from __future__ import annotations

import contextlib
import io
import tomllib
from datetime import date
from pathlib import Path

import pytest

from planner.cli import main
from planner.core.catalogue import load_catalogue, parse_catalogue
from planner.core.schedule import build_schedule
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path
from planner.ui import dialogs

from .window_helpers import open_window

SHIPPED_PATH = default_catalogue_path()
BLADDER_DISCREET = 'discreet_text = "Use the toilet, then drink 500 ml of water over the next 15 minutes."\n'
COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--tz", "Europe/London",
          "--patient", "Jane Doe", "--phone", "+44 20 7946 0000"]
WARNING = ("planner: warning: a discreet {what} leaves out 1 preparation reminder, 'Empty your bladder, then drink 500…': "
           "it has no discreet wording in the catalogue; tell the patient another way (a plain {where} has it)\n")


def without_bladder_wording() -> str:
    """The shipped catalogue as a clinic might edit it: the prostate's bladder filling without its discreet wording."""
    text = SHIPPED_PATH.read_text(encoding="utf-8")
    assert BLADDER_DISCREET in text
    return text.replace(BLADDER_DISCREET, "", 1)


@pytest.fixture
def catalogue_file(tmp_path) -> Path:
    path = tmp_path / "catalogue.toml"
    path.write_text(without_bladder_wording(), encoding="utf-8")
    return path


def run(*argv: str) -> str:
    err = io.StringIO()
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err):
        assert main(list(argv)) == 0
    return err.getvalue()


def test_a_discreet_export_says_on_one_line_the_reminder_it_leaves_out(tmp_path, catalogue_file):
    out = tmp_path / "discreet.ics"
    err = run("export", *COURSE, "--catalogue", str(catalogue_file), "--discreet", "-o", str(out))
    assert err == WARNING.format(what="calendar", where="export")
    assert b"bladder" not in out.read_bytes().lower()  # left out indeed
    plain = tmp_path / "plain.ics"
    assert run("export", *COURSE, "--catalogue", str(catalogue_file), "-o", str(plain)) == ""  # plain: unchanged
    assert b"Empty your bladder" in plain.read_bytes().replace(b"\r\n ", b"")


def test_a_discreet_export_of_the_shipped_catalogue_says_nothing(tmp_path):
    assert run("export", *COURSE, "--discreet", "-o", str(tmp_path / "x.ics")) == ""


@pytest.mark.parametrize("layout", ["sheet", "week"])
def test_a_discreet_print_says_the_reminder_it_leaves_out(tmp_path, qapp, catalogue_file, layout):
    err = run("print", *COURSE, "--catalogue", str(catalogue_file), "--discreet", "--layout", layout,
              "-o", str(tmp_path / "x.pdf"))
    assert err == WARNING.format(what="print", where="print")
    assert run("print", *COURSE, "--catalogue", str(catalogue_file), "--layout", layout, "-o", str(tmp_path / "p.pdf")) == ""


def test_the_course_at_a_glance_shows_no_preparation_so_leaves_none_out(tmp_path, qapp, catalogue_file):
    assert run("print", *COURSE, "--catalogue", str(catalogue_file), "--discreet", "--layout", "glance",
               "-o", str(tmp_path / "x.pdf")) == ""


def test_reminders_left_out_on_purpose_are_counted_past_three(tmp_path):
    """Five reminders left out: three named by their first words (the earliest step first), the rest counted."""
    text = SHIPPED_PATH.read_text(encoding="utf-8")
    extra = "".join(f'\n[[reminder]]\ntext = "Step {n} of the routine"\ndiscreet_text = ""\nminutes_before = {n}\n'
                    for n in range(1, 6))
    head, sites = text.split("\n[[site]]", 1)
    path = tmp_path / "c.toml"
    path.write_text(head + extra + "\n[[site]]" + sites, encoding="utf-8")
    err = run("export", *COURSE, "--catalogue", str(path), "--discreet", "-o", str(tmp_path / "x.ics"))
    assert err.count("\n") == 1
    assert ("leaves out 5 preparation reminders, 'Step 5 of the routine', 'Step 4 of the routine', "
            "'Step 3 of the routine' and 2 more: they have no discreet wording") in err


def test_the_export_dialog_says_it_beside_the_discreet_choice(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, CourseSpec(site="prostate", preset="20-daily", start=date(2030, 3, 4),
                                                        tz="America/New_York", patient_name="Jane Doe"))
    window.session.set_catalogue(parse_catalogue(without_bladder_wording(), "catalogue.toml"))
    seen: list[tuple[bool, str]] = []

    def shown(dialog: dialogs.ExportDialog) -> bool:
        seen.append((dialog.reminders_hint.isHidden(), dialog.reminders_hint.text()))
        dialog.discreet.setChecked(True)
        seen.append((dialog.reminders_hint.isHidden(), dialog.reminders_hint.text()))
        return False  # cancelled: nothing written

    monkeypatch.setattr(dialogs.ExportDialog, "exec", shown)
    window.export_calendar()
    (plain_hidden, _), (discreet_hidden, text) = seen
    assert plain_hidden and not discreet_hidden
    assert text == ("A discreet calendar leaves out 1 preparation reminder, “Empty your bladder, then drink 500…”: it has "
                    "no discreet wording in the catalogue; tell the patient another way (the plan's Preparation column "
                    "shows it).")


def test_the_print_dialog_says_it_for_the_layouts_that_show_preparation(qtbot):
    catalogue = parse_catalogue(without_bladder_wording(), "catalogue.toml")
    spec = CourseSpec(site="prostate", preset="20-daily", start=date(2030, 3, 4), tz="Europe/London")
    schedule = build_schedule(spec.to_request(catalogue), catalogue)
    notes = {"week": dialogs.left_out_note(schedule, "print", timed_only=True), "sheet": dialogs.left_out_note(schedule, "print")}
    assert notes["week"].startswith("A discreet print leaves out 1 preparation reminder, “Empty your bladder")
    dialog = dialogs.PrintDialog([date(2030, 3, 4)], discreet=True, reminders_notes=notes)
    qtbot.addWidget(dialog)
    for layout, hidden in (("sheet", False), ("glance", True), ("week", False)):
        dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData(layout))
        assert dialog.reminders_hint.isHidden() is hidden, layout
    plain = dialogs.PrintDialog([date(2030, 3, 4)], discreet=False, reminders_notes=notes)
    qtbot.addWidget(plain)
    assert plain.reminders_hint.isHidden()


def test_every_shipped_reminder_has_a_discreet_wording_or_is_left_out_on_purpose():
    """A clinic's wording that names the body part is left out of discreet files; the shipped catalogue words every
    reminder so that a discreet calendar keeps its instruction (or says `discreet_text = ""` to leave it out)."""
    raw = tomllib.loads(SHIPPED_PATH.read_text(encoding="utf-8"))
    raw_reminders = [*raw["reminder"], *(r for site in raw["site"] for r in site.get("reminder", []))]
    catalogue = load_catalogue(SHIPPED_PATH)
    parsed = [*catalogue.common_reminders, *(r for site in catalogue.sites for r in site.reminders)]
    assert len(parsed) == len(raw_reminders) > 10
    for reminder, table in zip(parsed, raw_reminders, strict=True):
        assert reminder.text == table["text"]
        on_purpose = isinstance(table.get("discreet_text"), str) and not table["discreet_text"].strip()
        assert reminder.discreet_text or on_purpose, f"left out of discreet calendars: {reminder.text}"
