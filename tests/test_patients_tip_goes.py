"""At 1024 px the status bar says how to open the closed Patients list (F9); once the user has opened
it the tip goes at once instead of staying its full 15 seconds, and a message shown since is kept."""

from __future__ import annotations

from planner.ui.store_link import PATIENTS_CLOSED_TIP

from .test_ui_small_screen import dock_of, make_window, press_patients_key  # noqa: F401 - the fixture


def test_opening_the_patients_list_takes_its_tip_away(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700, course=None)
    bar = window.statusBar()
    assert bar.currentMessage() == PATIENTS_CLOSED_TIP
    press_patients_key(qtbot, window)
    dock = dock_of(window)
    qtbot.waitUntil(dock.isVisible)
    qtbot.waitUntil(lambda: bar.currentMessage() == "", timeout=1000)  # long before the tip's 15 s are up


def test_opened_from_the_view_menu_too(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700, course=None)
    dock_of(window).toggleViewAction().trigger()
    qtbot.waitUntil(dock_of(window).isVisible)
    assert window.statusBar().currentMessage() == ""


def test_a_message_shown_since_the_tip_stays_when_the_list_opens(qtbot, make_window):  # noqa: F811
    window = make_window(1024, 700, course=None)
    bar = window.statusBar()
    bar.showMessage("Saved to the store (version 2)", 4000)
    press_patients_key(qtbot, window)
    qtbot.waitUntil(dock_of(window).isVisible)
    qtbot.wait(20)
    assert bar.currentMessage() == "Saved to the store (version 2)"
