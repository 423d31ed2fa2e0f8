"""File → Export calendar of a stored course whose patient was given preparation events (exported with
`--prep-events`, or the box ticked): the dialog starts with "Preparation steps as their own events" ticked,
as it starts discreet for a discreet calendar. It started unticked, so the update the coordinator sent
cancelled every "drink the water" event on a phone that drops imported alarms."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from .booking_scenario import main_window_on, stock
from .command_line import run
from .test_export_dialog_store_previous import shown_in_export_dialog

WITH_STEPS, PLAIN = "course-prostate", "course-breast"


def box_shown(window, monkeypatch) -> bool:
    """Whether the dialog File → Export calendar opens (then cancelled) has the preparation events box ticked."""
    return shown_in_export_dialog(window, monkeypatch, lambda dialog: dialog.prep_events.isChecked())


def test_the_export_dialog_keeps_the_preparation_events_the_patient_was_given(qtbot, monkeypatch, capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    for course, flags in ((WITH_STEPS, ["--prep-events"]), (PLAIN, [])):
        assert run(capsys, "export", "--db", url, "--course-id", course, *flags, "-o", str(tmp_path / f"{course}.ics"))[0] == 0
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: pytest.fail(f"refused: {a[2]}"))
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(WITH_STEPS)
        assert box_shown(window, monkeypatch)
        window.store_link.open_course(PLAIN)
        assert not box_shown(window, monkeypatch)
