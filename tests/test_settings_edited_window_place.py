"""The window's size and place and its docks' state, kept in the settings file as base64, may hold any text once the
file is edited by hand: text that is not base64 is not read, and the window starts at its first size, its docks as
at a first start. A letter outside ASCII there stopped the start with the 'unexpected problem' box."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planner.ui import guard, main_window
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved
from tests.test_ui import SETTINGS
from tests.test_ui_small_screen import dock_of, make_window  # noqa: F401 - the fixture

EDITED = ["été", "AdnQywADAAAAAAAA€", "\u202e"]


@pytest.mark.parametrize("text", EDITED)
def test_a_window_place_edited_into_other_text_starts_the_window_at_its_first_size(qtbot, monkeypatch, text):
    discard_unsaved(monkeypatch)
    monkeypatch.setattr(main_window, "first_size", lambda: (900, 640))
    window = MainWindow(replace(SETTINGS, window_geometry=text), catalogue_at(""), persist_settings=False)
    qtbot.addWidget(window)
    assert window.started and (window.width(), window.height()) == (900, 640)


@pytest.mark.parametrize("text", EDITED)
def test_a_dock_state_edited_into_other_text_shows_the_docks_as_at_a_first_start(qtbot, make_window, monkeypatch,  # noqa: F811
                                                                                  text):
    met: list[BaseException] = []
    monkeypatch.setattr(guard, "report", lambda error, *_a, **_k: met.append(error))
    first = make_window(1600, 1000)
    first.close()
    fresh = make_window(1600, 1000, replace(first.settings, window_state=""))
    edited = make_window(1600, 1000, replace(first.settings, window_state=text))
    assert met == []
    assert dock_of(edited).isVisible() == dock_of(fresh).isVisible()
    assert edited.store_link.patients is not None and edited.form.patient_name.text() == fresh.form.patient_name.text()
