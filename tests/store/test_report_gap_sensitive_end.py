"""A re-booking report flags a gap-sensitive course (RCR category 1: head and neck, bladder, cervix, lung)
whose lost session went to the end of the course: its overall treatment time grows, which costs tumour
control and is worth the team's attention; 'end of course' alone read like any palliative course's."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from planner.booking.model import Move, RebookReport
from planner.core.department import Downtime
from planner.ui.booking_dialogs import DownReportDialog

from .booking_scenario import COURSES, desk_on, stock

LONDON = ZoneInfo("Europe/London")
BLADDER = ("course-bladder", "Gus Moreau", "H0009", "bladder", "20-daily", None)


def at(day: int, hour: int) -> datetime:
    return datetime(2030, 4, day, hour, 0, tzinfo=LONDON)


def test_the_gap_sensitive_course_made_up_at_the_end_is_flagged(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (*COURSES, BLADDER))
    report = RebookReport(Downtime("Linac 1", at(2, 8), at(2, 18), "beam fault"), (),
                          (Move("course-bladder", 20, "Linac 1", at(2, 9), "Linac 1", at(26, 9), "end of course", was=6),
                           Move("course-prostate", 20, "Linac 1", at(2, 8), "Linac 1", at(26, 8), "end of course", was=6)),
                          (), ("course-bladder", "course-prostate"))
    with desk_on(url) as desk:
        shown = DownReportDialog(desk, report, [])
        qtbot.addWidget(shown)
        table = shown.moved_table
        how = {table.item(row, 0).text(): table.item(row, 4).text() for row in range(table.rowCount())}
    assert how == {"Gus Moreau (H0009)": "end of course (gap-sensitive: the overall treatment time grows)",
                   "Zoë Ångström (H0001)": "end of course"}


def test_a_course_whose_first_fraction_went_to_the_end_starts_later(qtbot, tmp_path):
    """Nothing of it came before the downtime: the course starts later, its overall treatment time does not grow."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (*COURSES, BLADDER))
    report = RebookReport(Downtime("Linac 1", at(2, 8), at(2, 18), "beam fault"), (),
                          (Move("course-bladder", 20, "Linac 1", at(2, 9), "Linac 1", at(26, 9), "end of course", was=1),),
                          (), ("course-bladder",))
    with desk_on(url) as desk:
        shown = DownReportDialog(desk, report, [])
        qtbot.addWidget(shown)
        assert shown.moved_table.item(0, 4).text() == "end of course (the course starts later)"


def test_only_the_session_made_up_at_the_end_says_the_overall_time_grows(qtbot, tmp_path):
    """The same course's other moves (the same day, the first fraction's set-up time) leave its overall time as it was:
    they said "(gap-sensitive: the overall treatment time grows)" too."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (*COURSES, BLADDER))
    report = RebookReport(Downtime("Linac 1", at(2, 8), at(2, 18), "beam fault"),
                          (Move("course-bladder", 7, "Linac 1", at(3, 9), "Linac 2", at(3, 9), "same day"),),
                          (Move("course-bladder", 20, "Linac 1", at(2, 9), "Linac 1", at(26, 9), "end of course", was=6),),
                          (), ("course-bladder",))
    with desk_on(url) as desk:
        shown = DownReportDialog(desk, report, [])
        qtbot.addWidget(shown)
        table = shown.moved_table
        how = [table.item(row, 4).text() for row in range(table.rowCount())]
    assert how == ["same day", "end of course (gap-sensitive: the overall treatment time grows)"]
