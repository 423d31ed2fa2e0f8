"""Machine back sooner: a course the downtime had put off whole (its first fraction went to the end) starts sooner
again when its sessions go back; the report (window and `machine-up` text) said "a session shorter again" of it, of a
single-fraction course too, though no session was ever added to it. A course begun before keeps that wording."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from planner.app.machine_back import MachineBack, SessionBack
from planner.cli_booking import up_text
from planner.core.department import Downtime
from planner.core.kinds import AppointmentKind
from planner.ui.machine_back_dialogs import MachineBackReport

LONDON = ZoneInfo("Europe/London")
START = datetime(2030, 3, 25, 8, 0, tzinfo=LONDON)
FRACTION = AppointmentKind.FRACTION


def report() -> MachineBack:
    def at(days: int, hour: int) -> datetime:
        return START + timedelta(days=days, hours=hour - 8)

    back = (SessionBack("course-lung", FRACTION, 1, "Linac 1", at(9, 9), "Linac 1", at(2, 9), was=3, shortens=True),
            SessionBack("course-spine", FRACTION, 1, "Linac 1", at(8, 10), "Linac 1", at(1, 10), shortens=True),
            SessionBack("course-prostate", FRACTION, 4, "Linac 1", at(29, 8), "Linac 1", at(3, 8), was=20, shortens=True),
            SessionBack("course-prostate", FRACTION, 5, "Linac 2", at(4, 8), "Linac 1", at(4, 8)))
    return MachineBack("Linac 1", Downtime("Linac 1", START, START + timedelta(days=7), "magnetron"), at(1, 7),
                       Downtime("Linac 1", START, at(1, 7), "magnetron"), back, (), (),
                       ("course-lung", "course-spine", "course-prostate"))


def test_the_text_says_a_course_put_off_whole_starts_sooner_again():
    names = {"course-lung": "Bea Lindqvist (H0003)", "course-spine": "Dora Mbeki (H0005)", "course-prostate": "Zoë Ångström (H0001)"}
    lines = up_text(report(), [], LONDON, names, True).splitlines()
    said = {line.split(" fraction")[0].strip(): line for line in lines if line.startswith("  ")}
    assert said["Bea Lindqvist (H0003)"].endswith("(the course starts sooner again)")
    assert said["Dora Mbeki (H0005)"].endswith("(the course starts sooner again)")
    prostate = [line for line in lines if line.startswith("  Zoë")]
    assert prostate[0].endswith("(the course is a session shorter again)") and not prostate[1].endswith(")")


def test_the_windows_report_says_it_too(qtbot, golden_desk):
    shown = MachineBackReport(golden_desk, report(), [])
    qtbot.addWidget(shown)
    table = shown.back_table
    how = [(table.item(row, 0).text(), table.item(row, 4).text()) for row in range(table.rowCount())]
    assert ("Bea Lindqvist (H0003)", "back from the end of the course: it starts sooner again") in how
    assert ("Dora Mbeki (H0005)", "back from the end of the course: it starts sooner again") in how
    assert ("Zoë Ångström (H0001)", "back from the end of the course: a session shorter again") in how
    assert ("Zoë Ångström (H0001)", "back to its old slot") in how
