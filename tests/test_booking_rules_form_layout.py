"""The Booking page's weekend-hours message is read whole, not clipped to a sliver between the rows."""

from __future__ import annotations

from PySide6.QtCore import QTime

from planner.app.department_tables import NEW_DEPARTMENT
from planner.ui.department_settings import DepartmentDialog


def test_the_weekend_hours_message_gets_the_height_its_wrapped_lines_need(qtbot):
    dialog = DepartmentDialog(NEW_DEPARTMENT, lambda department: None)
    qtbot.addWidget(dialog)
    dialog.resize(1000, 500)
    dialog.show()
    form = dialog.booking
    dialog.tabs.setCurrentWidget(form)
    form.weekend.setChecked(True)
    form.weekend_from.setTime(QTime(9, 0))
    form.weekend_to.setTime(QTime(8, 0))
    dialog.accept()
    qtbot.waitUntil(lambda: form.weekend_error.isVisible())
    error = form.weekend_error
    qtbot.wait(50)
    needed = error.heightForWidth(error.width()) if error.wordWrap() else error.sizeHint().height()
    assert error.height() >= needed, (error.height(), needed, error.width())
