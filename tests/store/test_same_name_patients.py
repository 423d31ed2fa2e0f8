"""Two patients of one name are told apart by their hospital numbers wherever the Bookings window and the
command line name them for the coordinator: the list of courses waiting to start, the re-booking report
of a machine down or a closure (and its calendars to update), and the command line's text. The discreet
mode of the Bookings window (a screen in a treatment room) shows initials only, no number."""

from __future__ import annotations

import contextlib
import io
from datetime import date

import pytest

from planner.cli import main
from planner.ui.closure_dialog import ClosureReportDialog
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import COURSES, desk_on, place_bookings, stock

DAY = date(2030, 4, 2)
TWINS = tuple(("course-prostate-2", "Zoë Ångström", *rest) if course_id == "course-prostate-2" else (course_id, name, *rest)
              for course_id, name, *rest in COURSES)  # H0001 and H0006, both Zoë Ångström


@pytest.fixture
def url(tmp_path) -> str:
    return stock(f"sqlite:///{tmp_path / 'department.db'}", TWINS)


def cells(table, column: int) -> list[str]:
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_the_waiting_list_tells_them_apart_and_discreet_shows_initials_only(qtbot, url):
    place_bookings(url, skip=("course-prostate", "course-prostate-2"))
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        waiting = window.waiting
        rows = {(name, number) for name, number in zip(cells(waiting, 0), cells(waiting, waiting.NUMBER), strict=True)
                if name == "Zoë Ångström"}
        assert rows == {("Zoë Ångström", "H0001"), ("Zoë Ångström", "H0006")}
        assert waiting.horizontalHeaderItem(waiting.NUMBER).text() == "Hospital number"
        window.discreet.setChecked(True)
        assert cells(waiting, 0).count("Z. Å.") == 2
        assert not any("H000" in text for column in range(waiting.columnCount()) for text in cells(waiting, column))
        assert waiting.isColumnHidden(waiting.NUMBER)


def closure(url: str) -> tuple:
    with desk_on(url) as desk:
        for course_id in ("course-prostate", "course-prostate-2"):
            desk.export_calendar(course_id)
        return desk.close_department(DAY, DAY, "snow")


def test_the_closures_report_tells_them_apart_and_discreet_shows_initials_only(qtbot, url):
    place_bookings(url)
    report, updates = closure(url)
    with desk_on(url) as desk:
        shown = ClosureReportDialog(desk, report, updates)
        qtbot.addWidget(shown)
        assert {"Zoë Ångström (H0001)", "Zoë Ångström (H0006)"} <= set(cells(shown.moved_table, 0))
        assert sorted(cells(shown.calendar_table, 0)) == ["Zoë Ångström (H0001)", "Zoë Ångström (H0006)"]
        discreet = ClosureReportDialog(desk, report, updates, discreet=True)
        qtbot.addWidget(discreet)
        names = cells(discreet.moved_table, 0) + cells(discreet.calendar_table, 0)
        assert names.count("Z. Å.") == 4 and not any("H000" in n or "Ångström" in n or "course-" in n for n in names)


def test_the_command_lines_closure_and_machine_down_text_tell_them_apart(url):
    place_bookings(url)
    with desk_on(url) as desk:
        for course_id in ("course-prostate", "course-prostate-2"):
            desk.export_calendar(course_id)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["closure", "--db", url, "--date", "2030-04-02", "--dry-run"]) == 0
    text = out.getvalue()
    assert "\n  Zoë Ångström (H0001) fraction 20 (was 7): Linac 1 Tue 2030-04-02 08:30 -> " in text
    assert "\n  Zoë Ångström (H0006) fraction 20 (was 7): Linac 2 Tue 2030-04-02 08:10 -> " in text
    owed = text.split("Calendars that would need an update:\n", 1)[1].splitlines()
    assert sorted(owed) == ["  Zoë Ångström (H0001)", "  Zoë Ångström (H0006)"]
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["machine-down", "Linac 2", "--db", url, "--from", "2030-04-02T08:00", "--to", "2030-04-02T09:00"]) == 0
    assert "\n  Zoë Ångström (H0006) fraction " in out.getvalue() and "(H0001)" not in out.getvalue()


def test_a_machine_down_from_the_discreet_window_reports_by_initials(qtbot, url, monkeypatch):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from planner.ui import department_window
    from planner.ui.booking_dialogs import DownReportDialog

    place_bookings(url)
    london = ZoneInfo("Europe/London")

    class TakenDown:  # the dialog as the coordinator fills it: Linac 2 down 08:00-09:00
        def __init__(self, desk, day, parent, machine=None) -> None:
            self.report, self.updates = desk.machine_down("Linac 2", datetime(2030, 4, 2, 8, tzinfo=london),
                                                          datetime(2030, 4, 2, 9, tzinfo=london))

        def exec(self) -> bool:
            return True

    shown: list[DownReportDialog] = []
    monkeypatch.setattr(department_window, "MachineDownDialog", TakenDown)
    monkeypatch.setattr(DownReportDialog, "exec", lambda self: shown.append(self) or 0)
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        window.discreet.setChecked(True)
        window.machine_down()
        (report,) = shown
        qtbot.addWidget(report)
        names = cells(report.moved_table, 0)
        assert "Z. Å." in names and not any("H000" in n or "Ångström" in n for n in names)
