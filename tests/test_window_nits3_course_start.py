"""When the course's start changes (its first fraction or planning scan typed in another week), the Week view
goes to the new first week if it showed the old one, and Print offers the whole course again: the print must
not silently leave off the planning scan and the first fractions because the week on screen was stale."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtWidgets import QFileDialog

from planner.core.spec import CourseSpec, new_course_id
from planner.ui import dialogs
from tests.window_helpers import open_window

COURSE = CourseSpec(patient_name="Alex Example", patient_id="RX-1", site="prostate", fractions=20, start=date(2026, 11, 30),
                    simulation=datetime(2026, 11, 25, 10, 0), tz="America/New_York", holidays="US-NY")
EARLIER = {"start": date(2026, 11, 24), "simulation": datetime(2026, 11, 23, 10, 0)}  # Tue 24 and Mon 23 Nov


def week_window(qtbot, monkeypatch):
    window = open_window(qtbot, monkeypatch, COURSE, size=(1366, 768))
    window.results.tabs.setCurrentIndex(1)
    assert window.week.view.monday == date(2026, 11, 30)
    return window


def test_the_week_view_follows_the_start_it_was_showing(qtbot, monkeypatch):
    window = week_window(qtbot, monkeypatch)
    window.session.edit(replace(window.session.spec, **EARLIER), "start")
    assert window.week.view.monday == date(2026, 11, 23)
    assert window.week.label.text().startswith("Mon 23 Nov")
    window.session.edit(replace(window.session.spec, start=date(2026, 12, 8), simulation=datetime(2026, 12, 1, 10, 0)), "start")
    assert window.week.view.monday == date(2026, 12, 7)  # later: the view was on the start, it follows it


def test_a_week_further_in_the_course_stays_on_screen(qtbot, monkeypatch):
    window = week_window(qtbot, monkeypatch)
    window.week.go(date(2026, 12, 14))
    window.session.edit(replace(window.session.spec, **EARLIER), "start")
    assert window.week.view.monday == date(2026, 12, 14)  # still in the course: the coordinator's week stays


def printed_weeks(window, monkeypatch, tmp_path, pick=None):
    """The weeks the Print dialog offers (From, To) and prints: `pick(dialog)` may change them first."""
    seen: list[tuple[list[date], str]] = []

    def run(dialog):
        seen.append((dialog.choice().mondays, "" if dialog.range_note.isHidden() else dialog.range_note.text()))
        if pick is not None:
            pick(dialog)
        dialog.action = "pdf"
        return True

    monkeypatch.setattr(dialogs.PrintDialog, "exec", run)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "w.pdf"), ""))
    window.print_course()
    return seen[-1]


def test_print_offers_the_whole_course_once_it_changed_since_the_last_print(qtbot, monkeypatch, tmp_path):
    window = week_window(qtbot, monkeypatch)
    window.week.go(date(2026, 12, 14))  # the week on screen does not cut the course's start off
    offered, note = printed_weeks(window, monkeypatch, tmp_path, pick=lambda d: d.first.setCurrentIndex(2))
    assert offered[0] == date(2026, 11, 23) and note == ""  # the planning scan's week (Wed 25 Nov) first
    offered, note = printed_weeks(window, monkeypatch, tmp_path)
    assert offered[0] == date(2026, 12, 7)  # the same course, unchanged: the range chosen for it is offered again
    assert "Leaves off the start of the course: it begins in the week of Mon 23 Nov 2026." in note  # not "the Week of"
    window.session.edit(replace(window.session.spec, **EARLIER), "start")
    offered, note = printed_weeks(window, monkeypatch, tmp_path)
    assert offered[0] == date(2026, 11, 23) and note == ""  # changed since: the whole course again
    assert offered[-1] == max(offered)


def test_a_new_course_prints_whole_after_a_part_of_another_was_printed(qtbot, monkeypatch, tmp_path):
    window = week_window(qtbot, monkeypatch)
    printed_weeks(window, monkeypatch, tmp_path, pick=lambda d: d.first.setCurrentIndex(3))
    window.session.reset(replace(COURSE, patient_name="Another Patient", course_id=new_course_id()), None)
    offered, _ = printed_weeks(window, monkeypatch, tmp_path)
    assert offered[0] == date(2026, 11, 23)
