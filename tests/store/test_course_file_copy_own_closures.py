"""A stored course that keeps its own calendar, written to a course file (File → Save As…, `plan --course-id ID
--save FILE`), takes its own closures only: the department's, shown beside them (snow closing every machine), stay the
department's. The file held them as the course's own, so a closure the department took back stayed in the copy."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from planner.store.db import Store

from .booking_scenario import main_window_on, stock
from .command_line import run

SNOW = (date(2030, 3, 28), "snow")


def _closed_in(path: Path) -> list[tuple[str, str]]:
    return [(item["date"], item["note"]) for item in json.loads(path.read_text(encoding="utf-8"))["closed"]]


def _snowed_department(capsys, tmp_path: Path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "closure", "--date", "2030-03-28", "--reason", "snow", "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        assert store.load_course("course-prostate").own_calendar  # the scenario's courses keep their own calendar
    return url


def test_save_as_writes_the_courses_own_closures_not_the_departments(capsys, qtbot, monkeypatch, tmp_path):
    url = _snowed_department(capsys, tmp_path)
    target = tmp_path / "copy.igrt.json"
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-prostate")
        shown = window.session.spec
        assert SNOW in shown.closed  # the department's snow closes the course too, as shown...
        window.session.edit(shown.updated(closed=(*shown.closed, (date(2030, 4, 1), "Linac service"))), "closed")
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
        assert window.courses.save_course_as()
        assert window.session.spec.closed == (*shown.closed, (date(2030, 4, 1), "Linac service"))  # the window unchanged
    assert _closed_in(target) == [("2030-04-01", "Linac service")]  # ...but the file has the course's own only


def test_plan_save_from_the_store_writes_the_courses_own_closures(capsys, tmp_path):
    url = _snowed_department(capsys, tmp_path)
    target = tmp_path / "copy.igrt.json"
    status, out, err = run(capsys, "plan", "--course-id", "course-prostate", "--closed", "2030-04-01", "--save", str(target),
                           "--db", url)
    assert status == 0, err
    assert "clinic closure (snow)" in out  # the plan shown is closed with the department
    assert _closed_in(target) == [("2030-04-01", "")]


def test_a_course_on_the_departments_calendar_keeps_its_closures_in_the_file(capsys, tmp_path):
    """Its calendar is the department's: the department's closures are its own, and its file keeps them."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-08",
                           "--patient", "Ann Smith", "--patient-id", "H1", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "closure", "--date", "2030-04-10", "--reason", "snow", "--db", url)
    assert status == 0, err
    target = tmp_path / "ann.igrt.json"
    status, _, err = run(capsys, "plan", "--course-id", out.strip(), "--save", str(target), "--db", url)
    assert status == 0, err
    assert _closed_in(target) == [("2030-03-08", "Staff training day"), ("2030-04-10", "snow")]
