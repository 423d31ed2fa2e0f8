"""An urgent course whose first fraction a downtime pushed past its due day, and whose old slot cannot be given back
when the machine is back sooner, still starts late: machine-up says so first, as machine-down said it ("URGENT: ...
still starts ..., N working days past due"), in its text, its JSON and the window's report. Before, the course was
only one more row under "Stay where they are".

The golden department: Dora Mbeki's urgent spine course starts Thu 28 Mar 2030 (due Wed 27 Mar). All three linacs
down that Thursday put its start off to Friday; Linac 2 is back for the whole day, but a QA hour taken meanwhile holds
the slot the spine course had on it."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.booking.model import UrgentStart

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
THURSDAY = date(2030, 3, 28)
SPINE = "course-spine"
WORDS = ("URGENT: Dora Mbeki (H0005) still starts Fri 29 Mar 2030, 2 working days past due (due by Wed 27 Mar 2030; "
         "booked to start Thu 28 Mar 2030)")


def at(hour: int, minute: int = 0) -> datetime:
    return datetime(2030, 3, 28, hour, minute, tzinfo=LONDON)


def three_linacs_down(desk) -> datetime:
    """Every linac down all Thu 28 Mar (entered on Mon 25 Mar at 07:00, returned): the urgent spine course starts a day
    past due."""
    desk.today = date(2030, 3, 25)
    now = datetime(2030, 3, 25, 7, 0, tzinfo=LONDON)
    for machine in ("Linac 1", "Linac 3", "Linac 2"):
        report, _ = desk.machine_down(machine, at(0), at(23, 59), "fault", now=now)
    assert [u.course_id for u in report.urgent] == [SPINE]
    return now


@pytest.fixture
def url(tmp_path: Path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with desk_on(made) as desk:
        now = three_linacs_down(desk)
        desk.machine_up("Linac 2", at(0), move_back=False, now=now)  # back, what it moved not yet asked back
        desk.machine_down("Linac 2", at(9, 40), at(10, 20), "QA", now=now)  # the spine's old slot on it: 09:50
    return made


def machine_up(url: str):
    from planner.cli_booking import up_json, up_text

    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        report, updates = desk.machine_up("Linac 2", at(0), move_back=True, now=datetime(2030, 3, 25, 7, 0, tzinfo=LONDON))
        patients = desk.patient_labels({s.course_id for s in report.stayed} | {b.course_id for b in report.moved_back})
        return report, up_text(report, updates, LONDON, patients, True), up_json(report, updates, LONDON)


def test_machine_up_says_an_urgent_course_still_starts_past_due_first(url):
    report, text, answer = machine_up(url)
    assert any(s.course_id == SPINE for s in report.stayed), "its old slot is held by the QA hour"
    assert report.urgent == (UrgentStart(SPINE, THURSDAY, date(2030, 3, 29), date(2030, 3, 27), 1, 2),)
    lines = text.splitlines()
    assert lines[1] == WORDS, "said first, before who went back"
    assert answer["urgent"] == [{"course_id": SPINE, "booked_start": "2030-03-28", "start": "2030-03-29", "due": "2030-03-27",
                                 "working_days_later": 1, "working_days_past_due": 2}]
    json.dumps(answer)


def test_an_urgent_course_moved_back_to_its_start_is_not_said(tmp_path):
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with desk_on(made) as desk:
        now = three_linacs_down(desk)
        report, _ = desk.machine_up("Linac 2", at(0), move_back=True, now=now)
    assert any(b.course_id == SPINE for b in report.moved_back)
    assert report.urgent == ()


def test_the_window_s_moving_back_report_says_it_first_in_bold(url, qtbot):
    from planner.ui.machine_back_dialogs import MachineBackReport

    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        report, updates = desk.machine_up("Linac 2", at(0), move_back=True, dry_run=True,
                                          now=datetime(2030, 3, 25, 7, 0, tzinfo=LONDON))
        dialog = MachineBackReport(desk, report, updates)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.urgent_label.isVisible() and dialog.urgent_label.font().bold()
        assert dialog.urgent_label.text() == WORDS
        discreet = MachineBackReport(desk, report, updates, discreet=True)
        qtbot.addWidget(discreet)
        assert discreet.urgent_label.text().startswith("URGENT: D. M. still starts Fri 29 Mar 2030")


def test_the_bookings_window_s_status_line_says_it_when_what_the_downtime_moved_stays_moved(tmp_path, qtbot, monkeypatch):
    """Machine back sooner… without moving back: the urgent course stays put off, and the window says so."""
    from PySide6.QtCore import QDate, QDateTime, QTime

    from planner.ui.department_window import DepartmentWindow
    from planner.ui.machine_back_dialogs import MachineBackDialog, MachineBackReport

    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    reports: list[MachineBackReport] = []

    def linac_2_back_leaving_them(dialog: MachineBackDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.downtime.setCurrentIndex(next(k for k in range(dialog.downtime.count())
                                             if dialog.downtime.itemData(k).machine == "Linac 2"
                                             and dialog.downtime.itemData(k).start == at(0)))
        dialog.move_back.setChecked(False)
        dialog.at.setDateTime(QDateTime(QDate(2030, 3, 28), QTime(0, 0)))
        dialog.end_downtime()
        return dialog.result()

    monkeypatch.setattr(MachineBackDialog, "exec", linac_2_back_leaving_them)
    monkeypatch.setattr(MachineBackReport, "exec", lambda self: reports.append(self) or 0)
    with desk_on(made) as desk:
        for machine in ("Linac 1", "Linac 3", "Linac 2"):
            desk.machine_down(machine, at(0), at(23, 59), "fault")
        window = DepartmentWindow(desk, THURSDAY)
        qtbot.addWidget(window)
        window.show()
        window.back_action.trigger()
    [report] = reports
    assert report.urgent_label.text() == WORDS
    assert "; URGENT: 1 urgent course still starts later." in window.message.text()
