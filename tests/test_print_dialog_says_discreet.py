"""The Print dialog says which version it prints: discreet (the form's Discreet export and print) or one naming the
site and treatment. It said nothing, so a coordinator asked for a discreet print could hand over the full one."""

from __future__ import annotations

from datetime import date

from planner.core.spec import CourseSpec
from planner.ui import dialogs
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", preset="20-daily", fractions=20,
                    start=date(2026, 12, 7), tz="America/New_York", holidays="US-NY")


def test_the_print_dialog_names_the_version_it_prints(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE)
    said: list[str] = []
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (said.append(self.version.text()), False)[1])
    window.courses.print_course()
    window.form.discreet.setChecked(True)
    window.courses.print_course()
    assert len(said) == 2
    assert "name the site and the treatment" in said[0] and "Discreet" in said[0]  # how to get the other one
    assert said[1].startswith("Discreet: the pages name no diagnosis, site, treatment or clinic")
