"""The Bookings window's status line is as tall as its words at the width it has: a one-line message (the
chosen booking, said with the patient's name and hospital number) no longer stands in a bar several lines
tall that shrinks the day view above it, and a long refusal still wraps and reads whole."""

from __future__ import annotations

from datetime import date

from planner.ui.department_window import DepartmentWindow

ONE_LINE = ("Margaret-Ann Featherstonehaugh-Wolstenholme · RCC-0001 (1 of 20 · Treatment): Linac 1, 08:30–09:00. "
            "Shift+arrows move it; Ctrl+Shift+R moves the rest of the course.")
LONG = ("Cannot move there: fraction 4: twice daily: at least 6 hours between the two sessions of a day (fraction 3 is at "
        "08:00); overlaps Zoë Ångström's fraction 5 of 20 (08:30–08:50); outside Linac 2's open hours (08:00–16:00)")


def test_one_line_takes_one_line_and_a_long_one_wraps_whole(qtbot, golden_desk):
    window = DepartmentWindow(golden_desk, date(2030, 4, 2))
    qtbot.addWidget(window)
    window.resize(1300, 740)  # PREFERRED_SIZE, as on a 1366x768 screen
    window.show()
    qtbot.wait(100)
    line = window.message.fontMetrics().lineSpacing()
    scroll_height = window.day_scroll.height()
    window.say(ONE_LINE)
    qtbot.wait(100)
    assert window.message.height() < 2 * line  # was five lines tall
    assert window.day_scroll.height() == scroll_height  # the day view keeps its room
    window.resize(700, 700)
    window.say(LONG)
    qtbot.waitUntil(lambda: window.message.height() >= window.message.heightForWidth(window.message.width()) >= 2 * line)
