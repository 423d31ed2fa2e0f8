"""Settings saved on a first start reach the new course on screen, when nobody has typed into it (found by a
fresh-eyes coordinator: after choosing New York and its holidays, the course on screen stayed in UTC with its
20th fraction on Christmas Day, and only File → New picked the settings up). A course being typed, opened from
a file or from the store is left as it is."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.store.settings import Settings
from planner.ui import dialogs
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

FIRST = Settings(time_zone="UTC")
CHOSEN = Settings(clinic_name="Riverside", clinic_phone="+1 212 555 0100", time_zone="America/New_York", holidays="US-NY")


@pytest.fixture
def window(qtbot, monkeypatch):
    discard_unsaved(monkeypatch)

    def choose(dialog) -> bool:
        dialog.result_settings, dialog.result_catalogue = replace(CHOSEN), None
        return True

    monkeypatch.setattr(dialogs.SettingsDialog, "exec", choose)
    shown = MainWindow(FIRST, catalogue_at(""), persist_settings=False)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    return shown


def test_the_blank_course_on_screen_follows_the_new_settings(window):
    assert window.session.spec.tz == "UTC"
    window.courses.edit_settings()
    assert (window.session.spec.tz, window.session.spec.holidays) == ("America/New_York", "US-NY")
    assert not window.session.dirty


def test_a_course_being_typed_is_left_as_it_is(window, qtbot):
    qtbot.keyClicks(window.form.patient_name, "Ann Example")
    qtbot.waitUntil(lambda: window.session.spec.patient_name == "Ann Example")
    window.courses.edit_settings()
    assert window.session.spec.patient_name == "Ann Example" and window.session.spec.tz == "UTC"
