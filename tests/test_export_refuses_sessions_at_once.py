"""The last guard of a patient's calendar: `export` does not write one that puts two of the course's sessions at the
same time (a move onto another session's time), in one line naming both, exit 2; `plan` still shows the course with
its warning. The window's export says the same, even when told to go on past the spacing question. Before, the export
only warned (the window asked) and wrote the two sessions into the patient's phone."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.cli import main
from planner.core.course import Adjustments, Move
from planner.core.kinds import AppointmentKey
from planner.core.spec import CourseSpec
from planner.ui import dialogs
from tests.window_helpers import answer, open_window

COURSE = ["--site", "prostate", "--preset", "20-daily", "--start", "2030-03-04", "--time", "08:30", "--tz", "Europe/London"]


def run(capsys, *argv):
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_export_refuses_two_sessions_at_once_and_writes_nothing(capsys, tmp_path):
    written = tmp_path / "calendar.ics"
    moved = ["--move", "5=2030-03-07T08:40"]  # fraction 4 is Thu 7 Mar 2030 08:30-08:50
    status, _, err = run(capsys, "export", *COURSE, *moved, "-o", str(written))
    assert status == 2 and not written.exists()
    assert err.strip().splitlines() == [
        "planner: error: fractions 4 and 5 overlap (Thu 7 Mar 2030 08:30–08:50 and Thu 7 Mar 2030 08:40–09:00): a calendar "
        "with two sessions at once is not written; move one of them, then export again"]
    status, out, err = run(capsys, "plan", *COURSE, *moved)
    assert status == 0 and "Fractions 4 and 5 are 10 minutes apart" in out


def test_sessions_that_only_touch_or_are_apart_are_exported(capsys, tmp_path):
    written = tmp_path / "calendar.ics"
    status, _, err = run(capsys, "export", *COURSE, "--move", "5=2030-03-07T15:00", "-o", str(written))
    assert status == 0 and written.exists(), err
    status, _, err = run(capsys, "export", *COURSE, "--move", "5=2030-03-07T08:50", "-o", str(written))  # right after
    assert status == 0, err


def test_the_window_does_not_export_two_sessions_at_once_even_when_told_to_go_on(qtbot, monkeypatch, tmp_path):
    spec = CourseSpec(patient_name="Ann Example", site="prostate", fractions=20, start=date(2030, 3, 4), tz="Europe/London",
                      time=time(8, 30),
                      adjustments=Adjustments(moves=(Move(AppointmentKey.fraction(5), datetime(2030, 3, 7, 8, 40)),)))
    window = open_window(qtbot, monkeypatch, spec)
    asked: list[str] = []
    warned: list[str] = []
    chosen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("Export &anyway", asked))  # the spacing question: go on
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a, **k: warned.append(text))
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (chosen.append("asked"), (str(tmp_path / "c.ics"), ""))[1])
    window.export_calendar()
    assert len(asked) == 1 and chosen == [] and not (tmp_path / "c.ics").exists()
    assert warned == ["Not exported: fractions 4 and 5 overlap (Thu 7 Mar 2030 08:30–08:50 and Thu 7 Mar 2030 08:40–09:00): "
                      "a calendar with two sessions at once is not written; move one of them, then export again."]
