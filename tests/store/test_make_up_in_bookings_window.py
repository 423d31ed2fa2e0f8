"""In the Bookings window a session that a closure sent to the end of its course is a make-up wherever it is
said: its block, the status line when it is chosen, and the words a screen reader hears, discreet too."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.ui.department_views import block_label
from planner.ui.department_window import DepartmentWindow

from ..test_ui_machine_down_dialog import show_active

WORDS = "make-up for the session of Wed 27 Mar 2030 (department closed)"


def test_a_make_up_chosen_in_the_day_view_and_the_window_says_which_session_it_replaces(qtbot, golden_desk):
    golden_desk.today = date(2030, 3, 22)
    report, _ = golden_desk.close_department(date(2030, 3, 27), date(2030, 3, 27), "snow")
    move = next(m for m in report.appended if m.course_id == "course-prostate")
    window = show_active(qtbot, DepartmentWindow(golden_desk, move.to_start.date()))
    view = window.day_view
    made_up = next(e for m in view.machines for e in m.entries if (e.course_id, e.number) == ("course-prostate", move.number))
    assert block_label(made_up, False)[1] == f"{move.number} of 20 · Treatment · make-up"
    QTest.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.block_rect(made_up).center().toPoint())  # chosen, as the arrows choose
    assert view.selected is not None and view.selected.key == made_up.key
    assert window.message.text().startswith(f"Zoë Ångström · H0001 ({move.number} of 20 · Treatment): ")
    assert f"; {WORDS}. " in window.message.text()
    assert view.accessibleDescription().endswith(WORDS) and view.accessibleDescription().startswith("Zoë Ångström · H0001")
    window.discreet.setChecked(True)
    assert view.accessibleDescription().startswith("Z. Å., session") and view.accessibleDescription().endswith(WORDS)
    assert "H0001" not in view.accessibleDescription()
