"""A course not booked that a department closure pushes ends later: the Patients list's Last says so at once, as it
does when the closure is taken back (before, it kept the last day the course was saved with until it was saved again).
Both a course on the department's calendar and one keeping its own (closed with the department all the same)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from planner.store.db import Store

from .booking_scenario import main_window_on, stock
from .command_line import run


def last_day(url: str, course_id: str) -> date | None:
    with Store.open(url) as store:
        (row,) = [c for c in store.list_courses(None, None) if c.course_id == course_id]
        return row.last


def _course_on_the_departments_calendar(capsys, tmp_path: Path) -> tuple[str, str]:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    status, out, err = run(capsys, "course", "save", "--site", "prostate", "--preset", "20-daily", "--start", "2030-04-29",
                           "--patient", "Ann Smith", "--patient-id", "H1", "--db", url)
    assert status == 0, err
    return url, out.strip()


def test_closure_and_reopen_move_an_unbooked_courses_last_day(capsys, tmp_path):
    url, course_id = _course_on_the_departments_calendar(capsys, tmp_path)
    saved_last = last_day(url, course_id)
    assert saved_last == date(2030, 5, 24)  # 20 weekdays from Mon 29 Apr
    status, _, err = run(capsys, "closure", "--date", "2030-05-01", "--reason", "snow", "--db", url)
    assert status == 0, err
    assert last_day(url, course_id) == date(2030, 5, 27)  # one open day later: Monday
    status, _, err = run(capsys, "reopen", "--date", "2030-05-01", "--db", url)
    assert status == 0, err
    assert last_day(url, course_id) == saved_last


def test_a_course_keeping_its_own_calendar_is_pushed_by_the_departments_closure_too(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")  # unbooked, each keeping its own calendar (no holidays)
    status, _, err = run(capsys, "closure", "--date", "2030-03-28", "--reason", "snow", "--db", url)
    assert status == 0, err
    assert last_day(url, "course-prostate") == date(2030, 4, 22)  # 20 weekdays from Mon 25 Mar, one closed: Mon 22 Apr


def test_department_settings_saved_with_a_closure_moves_the_last_day_in_the_patients_list(capsys, qtbot, monkeypatch, tmp_path):
    from planner.ui import department_settings

    url, course_id = _course_on_the_departments_calendar(capsys, tmp_path)
    with main_window_on(qtbot, monkeypatch, url) as window:
        patients = window.store_link.patients
        assert patients is not None
        assert [r.last for r in patients.model.rows if r.course_id == course_id] == [date(2030, 5, 24)]

        def save_with_a_closure(dialog) -> int:  # the coordinator adds a closure (no booking on it) and saves
            department = window.store_link.store.department()
            closed = replace(department, closures=(*department.closures, (date(2030, 5, 1), "Flood")))
            dialog._save(closed)
            dialog.result_department = closed
            return 1

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save_with_a_closure)
        window.store_link.edit_department()
        assert [r.last for r in patients.model.rows if r.course_id == course_id] == [date(2030, 5, 27)]


def _department_file_closing(tmp_path: Path, day: str) -> Path:
    """The golden department file with one more closure."""
    from .booking_scenario import DEPARTMENT_FILE

    path = tmp_path / "department.toml"
    path.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace(
        '[[closures]]\n', f'[[closures]]\ndate = {day}\nname = "Flood"\n\n[[closures]]\n', 1), encoding="utf-8")
    return path


def test_department_import_with_a_closure_moves_the_last_day(capsys, tmp_path):
    """`department import` of a file closing a day of the course: `course list` says where it now ends (before, the
    days it was saved with until it was saved again)."""
    url, course_id = _course_on_the_departments_calendar(capsys, tmp_path)
    status, _, err = run(capsys, "department", "import", str(_department_file_closing(tmp_path, "2030-05-01")), "--db", url)
    assert status == 0, err
    assert last_day(url, course_id) == date(2030, 5, 27)


def test_the_windows_department_import_moves_the_last_day_in_the_patients_list(capsys, qtbot, monkeypatch, tmp_path):
    from planner.ui import department_import

    url, course_id = _course_on_the_departments_calendar(capsys, tmp_path)
    path = _department_file_closing(tmp_path, "2030-05-01")
    with main_window_on(qtbot, monkeypatch, url) as window:
        patients = window.store_link.patients
        assert patients is not None

        def import_the_file(dialog) -> int:  # the coordinator picks the file and imports it (nothing to replace asked)
            monkeypatch.setattr(department_import.QMessageBox, "question", lambda *a: department_import.QMessageBox.StandardButton.Yes)
            dialog.path.setText(str(path))
            dialog.import_now()
            return 1 if dialog.imported is not None else 0

        monkeypatch.setattr(department_import.DepartmentImportDialog, "exec", import_the_file)
        assert window.store_link.import_department()
        assert [r.last for r in patients.model.rows if r.course_id == course_id] == [date(2030, 5, 27)]
