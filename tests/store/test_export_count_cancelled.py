"""An export of a cancelled course says how many appointments it wrote, the ones given: it said
"Wrote 20 appointments" of a file holding the 6 given (the command line and the window alike)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.app.cancelling import cancel_course
from planner.ics import parse_export
from planner.ui import dialogs

from .booking_scenario import desk_on, main_window_on, place_bookings, stock
from .command_line import run

COURSE = "course-prostate"  # cancelled on its sixth day, after its sixth fraction (08:30), never exported
SAID = " (the course is cancelled: only the appointments given)"


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with desk_on(made) as desk:
        cancel_course(desk, COURSE, now=datetime(2030, 4, 1, 12, 0, tzinfo=UTC))
    return made


def test_the_command_says_the_appointments_given_it_wrote(capsys, url, tmp_path):
    target = tmp_path / "given.ics"
    status, out, err = run(capsys, "export", "--db", url, "--course-id", COURSE, "-o", str(target))
    assert status == 0, err
    assert out == f"Wrote 6 appointments to {target}{SAID}\n"
    assert len(parse_export(target.read_bytes(), "given").events) == 6
    status, out, _ = run(capsys, "export", "--db", url, "--course-id", "course-breast", "-o", str(tmp_path / "b.ics"))
    assert status == 0 and out == f"Wrote 15 appointments to {tmp_path / 'b.ics'}\n", "a course not cancelled: every appointment"


def test_the_window_says_the_appointments_given_it_exported(qtbot, monkeypatch, url, tmp_path):
    target = tmp_path / "window.ics"
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        window.courses.export_calendar()
        assert window.statusBar().currentMessage() == f"Exported 6 appointments to window.ics{SAID}"
    assert len(parse_export(target.read_bytes(), "window").events) == 6
