"""The moving-back report of a machine back sooner fits the screen with its buttons: it took 700 pixels whatever the
screen, so on a 1024x700 laptop screen its title bar pushed Write calendar updates… and Close below the screen's edge."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from PySide6.QtCore import QRect

from planner.app.machine_back import MachineBack, SessionBack
from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind
from planner.ui import dialog_fit, machine_back_dialogs
from planner.ui.dialog_fit import FRAME_ALLOWANCE
from planner.ui.machine_back_dialogs import MachineBackReport

LONDON = ZoneInfo("Europe/London")


def test_a_long_report_stays_within_the_screen(qtbot, golden_desk, monkeypatch):
    laptop = QRect(0, 0, 1024, 700)
    monkeypatch.setattr(dialog_fit, "screen_room", lambda widget: laptop)
    start = datetime(2030, 3, 25, 8, 0, tzinfo=LONDON)
    back = [SessionBack("course-prostate", AppointmentKind.FRACTION, k + 1, "Linac 2", start + timedelta(days=k), "Linac 1",
                        start + timedelta(days=k)) for k in range(20)]
    report = MachineBackReport(golden_desk, MachineBack("Linac 1", Downtime("Linac 1", start, start + timedelta(days=30)),
                                                        start, None, tuple(back), (), (), ("course-prostate",)), [])
    qtbot.addWidget(report)
    assert report.height() + FRAME_ALLOWANCE <= laptop.height(), report.height()
    assert report.height() >= report.minimumSizeHint().height()


def test_on_a_laptop_its_rows_take_one_line_each(qtbot, golden_desk, monkeypatch):
    """700 pixels wide on any screen, its How column folded each line onto two or more: half the rows showed."""
    laptop = QRect(0, 0, 1024, 700)
    monkeypatch.setattr(dialog_fit, "screen_room", lambda widget: laptop)
    monkeypatch.setattr(machine_back_dialogs, "screen_room", lambda widget: laptop)
    start = datetime(2030, 3, 25, 8, 0, tzinfo=LONDON)
    back = [SessionBack("course-prostate", AppointmentKind.FRACTION, k + 1, "Linac 2", start + timedelta(days=k), "Linac 1",
                        start + timedelta(days=k), shortens=k == 4) for k in range(5)]
    back.append(SessionBack("course-lung", AppointmentKind.FRACTION, 1, "Linac 2", start, "Linac 1", start, was=3, shortens=True))
    report = MachineBackReport(golden_desk, MachineBack("Linac 1", Downtime("Linac 1", start, start + timedelta(days=30)),
                                                        start, None, tuple(back), (), (), ("course-prostate", "course-lung")), [])
    qtbot.addWidget(report)
    report.show()
    qtbot.waitExposed(report)
    assert report.width() <= laptop.width()
    table = report.back_table
    line = table.fontMetrics().lineSpacing()
    assert all(table.rowHeight(row) < 2 * line for row in range(table.rowCount())), [table.rowHeight(r) for r in range(table.rowCount())]
