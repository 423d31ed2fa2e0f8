"""A machine's name too long for its column in the Bookings window's day view (a narrow window, 1024 px, or many
machines) is cut short in its heading ('Linac 3 (TrueBeam, bu…'); resting the pointer on it says the whole name.
Before, the heading gave only the view's general tip on dragging, and which bunker was meant could not be read."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QFontMetrics

from planner.ui.department_views import HEADER, DayView
from tests.department_sample import DAY, sample_agenda

LONG = "Linac 2 (TrueBeam STx, bunker B, east wing)"


def test_a_cut_machine_name_is_said_whole_over_its_heading(qtbot):
    agenda = sample_agenda()
    linac1, linac2, ct = agenda.machines
    view = DayView()
    qtbot.addWidget(view)
    view.set_agenda(replace(agenda, machines=(linac1, replace(linac2, name=LONG), ct)), DAY)
    view.resize(view.minimumSizeHint().width(), view.sizeHint().height())
    view.show()
    bold = QFont(view.font())
    bold.setBold(True)
    left, width = view.column_span(1)
    assert QFontMetrics(bold).horizontalAdvance(LONG) > width  # cut short at this width
    assert view.tip_at(QPointF(left + width / 2, HEADER / 2)) == LONG
    left, width = view.column_span(0)
    assert view.tip_at(QPointF(left + width / 2, HEADER / 2)) == ""  # 'Linac 1' whole: no tip of its own
