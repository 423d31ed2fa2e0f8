"""A course booked at another daily time (and first day) than planned is read at its booked ones; saving it for
another change (a day marked missed, a new location) writes only that change into its history. Before, the save
stored the booked time and first day over the planned ones, and the history said the coordinator had changed them
('time: "08:30" -> "09:00"'), while the booking's own entry already says when it is booked."""

from __future__ import annotations

import json

from PySide6.QtWidgets import QMessageBox

from planner.store.db import Store

from .booking_scenario import main_window_on, stock
from .command_line import run
from .test_course_save_booked_elsewhere_time import ann_planned


def fields_changed(url: str, course_id: str) -> list[str]:
    with Store.open(url) as store:
        return [entry.field for entry in store.course_history(course_id)]


def test_course_save_records_only_the_missed_day(capsys, tmp_path):
    url, ann = ann_planned(capsys, tmp_path)
    status, _, err = run(capsys, "book", "--course-id", ann, "--earliest", "2030-04-01", "--prefer-time", "09:00", "--db", url)
    assert status == 0, err
    status, _, err = run(capsys, "course", "save", "--course-id", ann, "--missed", "8=end", "--reason", "unwell", "--db", url)
    assert status == 0, err
    assert fields_changed(url, ann) == ["(created)", "booking", "adjustments.missed"]
    status, out, err = run(capsys, "course", "show", ann, "--db", url)
    assert status == 0, err
    assert "time:" not in out and "start:" not in out
    status, out, err = run(capsys, "plan", "--course-id", ann, "--db", url, "--json")  # still shown as booked
    assert status == 0, err
    first = json.loads(out)["appointments"][0]
    assert first["start"].startswith("2030-04-01T09:00"), first


def test_the_windows_save_records_only_the_new_location(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")  # its courses planned at 08:30
    status = run_book(url)
    assert status == 0
    with main_window_on(qtbot, monkeypatch, url) as window:
        monkeypatch.setattr(QMessageBox, "warning", lambda *args: QMessageBox.StandardButton.Ok)
        window.store_link.open_course("course-prostate")
        assert window.form.time.time().toString("HH:mm") == "10:00"  # opened at its booked time
        window.form.location.setText("Level 2")
        window.form.location.textEdited.emit("Level 2")
        qtbot.waitUntil(lambda: window.session.spec.location == "Level 2")
        assert window.save_course() is True
    assert fields_changed(url, "course-prostate") == ["(created)", "booking", "location"]


def run_book(url: str) -> int:
    import contextlib
    import io

    from planner.cli import main

    with contextlib.redirect_stdout(io.StringIO()):
        return main(["book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "10:00"])
