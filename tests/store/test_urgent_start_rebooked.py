"""An urgent course whose first fraction a machine's downtime or a closure pushes to a later day is said first,
in words, in the machine-down and closure reports (text, JSON, the window's report), and the waiting list
shows it overdue; where any machine that can treat it has room that day, its first fraction keeps its day.

The golden department: Dora Mbeki's urgent spine course starts Thu 28 Mar 2030 on Linac 1 (group versa,
with Linac 2); Linac 3 (truebeam) can treat it too. Ready Mon 25 Mar, urgent within 2 working days: due Wed 27 Mar."""

from __future__ import annotations

import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.booking.model import URGENT_START_KEPT, UrgentStart
from planner.core.kinds import AppointmentKind

from .booking_scenario import desk_on
from .command_line import run

LONDON = ZoneInfo("Europe/London")
THURSDAY = date(2030, 3, 28)
FRIDAY = date(2030, 3, 29)
SPINE = "course-spine"



def whole_day(day: date) -> tuple[datetime, datetime]:
    return datetime(day.year, day.month, day.day, 0, 0, tzinfo=LONDON), datetime(day.year, day.month, day.day, 23, 59, tzinfo=LONDON)


def first_fraction(desk, course_id: str):
    return min((b for b in desk.engine().bookings(course_id) if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)


def test_the_urgent_first_fraction_keeps_its_day_on_another_group_s_machine_when_its_group_is_down(url):
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        now = datetime(2030, 3, 25, 7, 0, tzinfo=LONDON)
        desk.machine_down("Linac 1", *whole_day(THURSDAY), "fault", now=now)
        report, _ = desk.machine_down("Linac 2", *whole_day(THURSDAY), "fault", now=now)
        [kept] = [m for m in report.moved if m.course_id == SPINE]
        assert (kept.number, kept.to_machine, kept.to_start.astimezone(LONDON).date(), kept.how) == (1, "Linac 3", THURSDAY,
                                                                                                   URGENT_START_KEPT)
        assert report.urgent == ()
        first = first_fraction(desk, SPINE)
        assert (first.machine, first.start.astimezone(LONDON).date()) == ("Linac 3", THURSDAY)
        # a routine course whose day's group has no room still goes to the end of its course, as before
        assert any(m.course_id == "course-rectum" and m.how == "end of course" for m in report.appended)


def test_an_urgent_start_every_machine_down_for_is_said_first_in_the_report_and_overdue_in_the_waiting_list(url):
    from planner.cli_booking import down_json, down_text

    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        now = datetime(2030, 3, 25, 7, 0, tzinfo=LONDON)
        for machine in ("Linac 1", "Linac 3"):
            desk.machine_down(machine, *whole_day(THURSDAY), "fault", now=now)
        report, updates = desk.machine_down("Linac 2", *whole_day(THURSDAY), "fault", now=now)
        # Thursday stays a working day (the machines were down, the department open): two days past due
        assert report.urgent == (UrgentStart(SPINE, THURSDAY, FRIDAY, date(2030, 3, 27), 1, 2),)
        patients = desk.patient_labels({m.course_id for m in (*report.moved, *report.appended)})
        lines = down_text(report, updates, LONDON, patients).splitlines()
        assert lines[1] == ("URGENT: Dora Mbeki (H0005) now starts Fri 29 Mar 2030, 2 working days past due (due by Wed 27 Mar 2030; "
                            "booked to start Thu 28 Mar 2030)")
        assert down_json(report, updates, LONDON)["urgent"] == [
            {"course_id": SPINE, "booked_start": "2030-03-28", "start": "2030-03-29", "due": "2030-03-27",
             "working_days_later": 1, "working_days_past_due": 2}]
        [spine] = [w for w in desk.waiting() if w.course_id == SPINE]
        assert spine.booked_first == FRIDAY
        assert spine.status_words(desk.today) == ("urgent", "booked", "overdue")


def test_a_closure_on_an_urgent_course_s_first_day_is_said_by_the_closure_command(url, capsys):
    status, out, err = run(capsys, "closure", "--db", url, "--date", "2030-03-28", "--reason", "snow")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == ("URGENT: Dora Mbeki (H0005) now starts Fri 29 Mar 2030, 1 working day past due (due by Wed 27 Mar 2030; "
                        "booked to start Thu 28 Mar 2030)")


def test_a_closure_dry_run_says_it_in_json_too(url, capsys):
    status, out, _ = run(capsys, "closure", "--db", url, "--date", "2030-03-28", "--dry-run", "--json")
    assert status == 0
    assert json.loads(out)["urgent"] == [{"course_id": SPINE, "booked_start": "2030-03-28", "start": "2030-03-29",
                                          "due": "2030-03-27", "working_days_later": 1, "working_days_past_due": 1}]


def test_an_urgent_start_later_but_still_on_time_says_so(url):
    from planner.app.booking import urgent_start_words

    item = UrgentStart(SPINE, THURSDAY, FRIDAY, date(2030, 4, 1), 1, 0)
    assert urgent_start_words(item, "Dora Mbeki (H0005)") == (
        "URGENT: Dora Mbeki (H0005) now starts Fri 29 Mar 2030, 1 working day later than booked, still by its due day "
        "(Mon 1 Apr 2030; booked to start Thu 28 Mar 2030)")


def test_the_window_s_closure_report_says_it_first_in_bold(url, qtbot):
    from planner.ui.closure_dialog import ClosureReportDialog

    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        report, updates = desk.close_department(THURSDAY, THURSDAY, "snow")
        dialog = ClosureReportDialog(desk, report, updates)
        qtbot.addWidget(dialog)
        dialog.show()
        label = dialog.urgent_label
        assert label.isVisible() and label.font().bold()
        assert label.text().startswith("URGENT: Dora Mbeki (H0005) now starts Fri 29 Mar 2030, 1 working day past due")
        discreet = ClosureReportDialog(desk, report, updates, discreet=True)
        qtbot.addWidget(discreet)
        assert discreet.urgent_label.text().startswith("URGENT: D. M. now starts")


def test_the_bookings_window_s_status_line_says_an_urgent_course_starts_later(url, qtbot, monkeypatch):
    from planner.ui import department_window
    from planner.ui.closure_dialog import CloseDepartmentDialog
    from planner.ui.department_window import DepartmentWindow

    def close_thursday(dialog: CloseDepartmentDialog) -> int:
        dialog.reason.setText("snow")
        dialog.close_and_rebook()
        return dialog.result()

    monkeypatch.setattr(department_window.CloseDepartmentDialog, "exec", close_thursday)
    monkeypatch.setattr(department_window.ClosureReportDialog, "exec", lambda report: 0)
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        window = DepartmentWindow(desk, THURSDAY)
        qtbot.addWidget(window)
        window.closure_action.trigger()
        assert "; URGENT: 1 urgent course now starts later." in window.message.text()
        assert window.waiting.item(0, window.waiting.STATUS).text() == "urgent, booked, overdue"
