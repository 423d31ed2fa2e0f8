"""Whose calendar changed says what changed: the re-booking report's and the Calendars tab's count of
changes ('1 change') carries each change in the diff's words as its tooltip ('New place: Radiotherapy 2
of 20, Tue 26 Mar 2030 08:30', 'Moved: ... from ... to ...'), for the coordinator who phones a patient
whose phone does not apply updates. Not while Discreet (a screen in a treatment room): the words name
the treatment."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from planner.ui.booking_dialogs import DownReportDialog
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DOWN = (datetime(2030, 3, 26, 7, 0, tzinfo=LONDON), datetime(2030, 3, 26, 18, 0, tzinfo=LONDON))  # Linac 1 all Tuesday


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with desk_on(made) as desk:
        desk.export_calendar("course-prostate")
    return made


def test_the_report_and_the_tab_say_what_changed(qtbot, url):
    with desk_on(url) as desk:
        report, updates = desk.machine_down("Linac 1", *DOWN, "beam fault")
        assert updates[0].changes and updates[0].changes[0].startswith("New place: Radiotherapy 2 of 20, Tue 26 Mar 2030 08:30")
        assert updates[0].changes[0].endswith(", now 'Linac 2'")  # where it went: the other machine
        shown = DownReportDialog(desk, report, updates)
        qtbot.addWidget(shown)
        assert shown.calendar_table.item(0, 1).toolTip().startswith("New place: Radiotherapy 2 of 20, Tue 26 Mar 2030 08:30")
        discreet = DownReportDialog(desk, report, updates, discreet=True)
        qtbot.addWidget(discreet)
        assert discreet.calendar_table.item(0, 1).toolTip() == ""
    window = DepartmentWindow(desk_on(url))
    qtbot.addWidget(window)
    window.show()
    window.tabs.setCurrentWidget(window.calendars)
    qtbot.waitUntil(lambda: window.calendars.table.rowCount() == 1 and bool(window.calendars.table.item(0, 2).text()))
    assert window.calendars.table.item(0, 2).toolTip().startswith("New place: Radiotherapy 2 of 20")
    window.discreet.setChecked(True)
    assert window.calendars.table.item(0, 2).toolTip() == ""
    window.desk.store.close()
