"""The print dialog's layout, days, hours and paper are remembered across restarts (issue 11)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PySide6.QtWidgets import QFileDialog

from planner.core.spec import CourseSpec
from planner.store.settings import SettingsError, load_settings, save_settings, settings_path
from planner.ui import dialogs
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved
from tests.test_ui import SETTINGS

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 12, 7),
                    tz="America/New_York", holidays="US-NY")


def started(qtbot, monkeypatch):
    """A window as the app starts it: settings read from the user's file and saved back."""
    discard_unsaved(monkeypatch)
    window = MainWindow(load_settings(), catalogue_at(""))
    qtbot.addWidget(window)
    window.session.reset(COURSE, None)
    return window


def test_the_last_print_choice_is_offered_again_after_a_restart(qtbot, monkeypatch, tmp_path):
    save_settings(SETTINGS)
    seen = []

    def choose(dialog):
        seen.append(dialog.choice())
        if len(seen) == 1:
            dialog.layout_choice.setCurrentIndex(dialog.layout_choice.findData("week"))
            dialog.days.setCurrentIndex(dialog.days.findData(7))
            dialog.hours.setCurrentIndex(next(i for i, (_, h) in enumerate(dialogs.HOURS) if h == (7.0, 19.0)))
            dialog.paper.setCurrentIndex(dialog.paper.findData("a4"))
        dialog.action = "pdf"
        return True

    monkeypatch.setattr(dialogs.PrintDialog, "exec", choose)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "w.pdf"), ""))
    first = started(qtbot, monkeypatch)
    first.print_course()
    assert (seen[0].week_days, seen[0].hours, seen[0].paper) == (None, None, "default")  # nothing remembered yet
    first.close()
    again = started(qtbot, monkeypatch)  # a new session reads the saved settings
    again.print_course()
    assert (seen[1].layout, seen[1].week_days, seen[1].hours, seen[1].paper) == ("week", 7, (7.0, 19.0), "a4")
    assert seen[1].mondays[0] == date(2026, 12, 7)  # the weeks still start at the week on screen
    assert load_settings().clinic_name == SETTINGS.clinic_name  # the rest of the settings kept


@pytest.mark.parametrize(("key", "value"), [("print_days", "6"), ("print_layout", "poster"), ("print_hours", "19-7"),
                                            ("print_paper", "A3")])
def test_a_bad_remembered_print_choice_is_named(key, value):
    save_settings(SETTINGS)
    data = json.loads(settings_path().read_text())
    data[key] = value
    settings_path().write_text(json.dumps(data))
    with pytest.raises(SettingsError, match=f"'{key}'"):
        load_settings()
