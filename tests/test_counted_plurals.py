"""A count printed with its noun agrees with it: "Wrote 1 appointment", "Wrote 20 appointments",
in the command line and in the window's messages (a single-fraction course is common: 8 Gy for a
painful bone metastasis)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.app.department_import import DowntimeOverBookings
from planner.cli import main
from planner.core.department import Downtime
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from planner.store.db import Store
from planner.ui import dialogs
from planner.ui.files import course_preview
from planner.wording import when_before

from .store.booking_scenario import COURSES, course_spec, main_window_on, stock

SINGLE = ["--site", "spine-bone", "--preset", "1-single", "--start", "2026-12-14"]


def test_the_command_line_says_1_appointment_and_1_fraction(tmp_path, capsys):
    assert main(["export", *SINGLE, "-o", str(tmp_path / "one.ics")]) == 0
    assert capsys.readouterr().out.strip() == f"Wrote 1 appointment to {tmp_path / 'one.ics'}"
    assert main(["export", "--site", "prostate", "--preset", "20-daily", "--start", "2026-12-14",
                 "-o", str(tmp_path / "twenty.ics")]) == 0
    assert capsys.readouterr().out.startswith("Wrote 20 appointments to ")
    assert main(["plan", *SINGLE]) == 0
    text = capsys.readouterr().out
    assert "Spine and bone metastases, 1 fraction, daily" in text
    assert "Overall treatment time: 1 day, 2026-12-14 to 2026-12-14 (ends on a Monday), 1 treatment day\n" in text


def test_messages_shared_by_both_front_ends_count_one_as_one(tmp_path):
    assert when_before(1) == "1 minute before" and when_before(15) == "15 minutes before"
    down = Downtime("Linac 1", datetime(2030, 3, 26, 8, tzinfo=ZoneInfo("Europe/London")),
                    datetime(2030, 3, 26, 12, tzinfo=ZoneInfo("Europe/London")))
    assert "hits 1 booked appointment: nothing imported" in str(DowntimeOverBookings(down, 1))
    assert "hits 3 booked appointments: nothing imported" in str(DowntimeOverBookings(down, 3))
    path = tmp_path / "one.igrt.json"
    save_course(CourseSpec(patient_name="Ann Smith", site="spine-bone", fractions=1, start=date(2026, 12, 14)), path)
    assert ", 1 fraction," in course_preview(path)


@pytest.fixture
def url(tmp_path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    with Store.open(url) as store:
        spine = next(c for c in COURSES if c[0] == "course-spine")
        store.save_course(replace(course_spec(*spine), course_id="course-single", preset="1-single"))
    return url


def test_the_windows_export_says_1_appointment(url, tmp_path, qtbot, monkeypatch):
    monkeypatch.setattr(dialogs.ExportDialog, "exec", lambda self: True)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "single.ics"), ""))
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        window.store_link.open_course("course-single")
        assert len(window.session.schedule.appointments) == 1
        window.courses.export_calendar()
        assert Path(tmp_path / "single.ics").is_file()
        assert window.statusBar().currentMessage() == "Exported 1 appointment to single.ics"
