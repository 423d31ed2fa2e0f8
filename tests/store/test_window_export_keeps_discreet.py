"""The window's Export of a stored course whose patient was given a discreet calendar offers a
discreet export by default (the update the patient needs stays discreet); a course given a plain
calendar, or none, follows its own Discreet mark as before."""

from __future__ import annotations

from planner.ui import dialogs

from .booking_scenario import main_window_on
from .command_line import run


def test_export_is_discreet_by_default_after_a_discreet_calendar(capsys, qtbot, monkeypatch, url, tmp_path):
    assert run(capsys, "export", "--db", url, "--course-id", "course-prostate", "--discreet", "-o", str(tmp_path / "a.ics"))[0] == 0
    assert run(capsys, "export", "--db", url, "--course-id", "course-breast", "-o", str(tmp_path / "b.ics"))[0] == 0
    offered: dict[str, bool] = {}
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        for course_id in ("course-prostate", "course-breast", "course-lung"):
            window.store_link.open_course(course_id)
            monkeypatch.setattr(dialogs.ExportDialog, "exec",
                                lambda self, c=course_id: offered.__setitem__(c, self.discreet.isChecked()) or False)
            window.courses.export_calendar()
    assert offered == {"course-prostate": True, "course-breast": False, "course-lung": False}


def test_the_command_lines_export_of_a_stored_course_keeps_it_discreet_too(url, capsys, tmp_path):
    first, update = tmp_path / "first.ics", tmp_path / "update.ics"
    status, _, err = run(capsys, "export", "--db", url, "--course-id", "course-prostate", "--discreet", "-o", str(first))
    assert status == 0, err
    status, _, err = run(capsys, "export", "--db", url, "--course-id", "course-prostate", "-o", str(update))
    assert status == 0 and "earlier calendar was discreet, so this one is too" in err
    assert "Radiotherapy" not in update.read_text(encoding="utf-8") and "Linac" not in update.read_text(encoding="utf-8")
