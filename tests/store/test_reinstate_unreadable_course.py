"""`course reinstate` of a cancelled course whose stored text does not read at all: it is reinstated (as it was
cancelled), but `book` refuses it until the administrator restores its text. Before, the command line said 'planned
again, waiting to be booked (book --course-id …)' and the window 'it waits to be booked', and `book` then refused it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox

from .booking_scenario import main_window_on, stock
from .command_line import run
from .test_unreadable_course_department import unreadable

COURSE = "course-breast"


def _cancelled(capsys, tmp_path: Path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "course", "cancel", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    return url


def test_the_command_line_says_it_is_reinstated_but_cannot_be_booked_until_its_text_is_restored(capsys, tmp_path):
    url = _cancelled(capsys, tmp_path)
    unreadable(url)
    status, out, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url)
    assert status == 0, err
    said = out.splitlines()[0]
    assert said.startswith(f"Reinstated course {COURSE} ("), out
    assert "waiting to be booked" not in out and "book --course-id" not in out
    assert "cannot be booked until the administrator restores it" in said and f"course show {COURSE}" in said
    status, _, err = run(capsys, "book", "--course-id", COURSE, "--db", url)  # what it said: booking refuses it
    assert status == 2 and "cannot be read" in err

    (tmp_path / "readable").mkdir()
    url = _cancelled(capsys, tmp_path / "readable")
    status, out, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--db", url)  # a readable one: as before
    assert status == 0 and f"waiting to be booked (book --course-id {COURSE})" in out, (out, err)


def test_the_json_says_whether_it_can_be_booked(capsys, tmp_path):
    import json

    url = _cancelled(capsys, tmp_path)
    unreadable(url)
    status, out, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    said = json.loads(out)
    assert said["course_id"] == COURSE and said["cancelled"] is False and said["bookable"] is False
    (tmp_path / "readable").mkdir()
    url = _cancelled(capsys, tmp_path / "readable")
    status, out, err = run(capsys, "course", "reinstate", "--course-id", COURSE, "--json", "--db", url)
    assert status == 0, err
    assert json.loads(out)["bookable"] is True


def test_the_window_says_it_too(qtbot, monkeypatch, capsys, tmp_path):
    url = _cancelled(capsys, tmp_path)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course(COURSE)  # opened while it still read; the administrator's copy went bad since
        unreadable(url)
        monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
        from planner.ui.course_cancel import reinstate_open_course

        assert reinstate_open_course(window)
        said = window.statusBar().currentMessage()
        assert said.startswith("Course reinstated, but") and "cannot be booked until the administrator restores it" in said
        assert "waits to be booked" not in said
