"""An unbooked course whose due date has passed says 'overdue' in the waiting list (one due today
'due today'), in words and in bold, so it reads in every palette; a booked course starting after
its due date stays 'late' as before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtGui import QPalette

from planner.app.booking import open_desk
from planner.core.agenda import WaitingCourse
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.colours import dark_palette
from planner.ui.department_views import WaitingList

from .booking_scenario import stock

READY = date(2030, 3, 25)
DUE = date(2030, 4, 25)
LONG = ("course-long", "Gus Ferreira", "H0010", "prostate", "39-daily", None)  # 8 weeks: still planned long after it is due


def course(booked_first: date | None = None, urgent: bool = False) -> WaitingCourse:
    return WaitingCourse("c", "Gus Ferreira", "Prostate", READY, DUE, urgent, booked_first)


@pytest.mark.parametrize(("today", "booked_first", "words"), [
    (DUE - timedelta(days=1), None, ("not booked",)),
    (DUE, None, ("not booked", "due today")),
    (DUE + timedelta(days=1), None, ("not booked", "overdue")),
    (DUE + timedelta(days=1), DUE + timedelta(days=3), ("booked", "late")),
    (DUE + timedelta(days=1), DUE - timedelta(days=3), ("booked",)),
])
def test_the_standing_of_a_waiting_course_in_words(today, booked_first, words):
    waiting = course(booked_first)
    assert waiting.status_words(today) == words
    assert waiting.overdue(today) == ("overdue" in words)
    assert waiting.needs_attention(today) == (len(words) > 1)
    urgent = tuple("overdue" if word == "late" else word for word in words)  # an urgent course booked past its due day
    assert course(booked_first, urgent=True).status_words(today) == ("urgent", *urgent)


def test_without_a_day_the_words_are_as_before():
    assert course().status_words() == ("not booked",) and not course().needs_attention()


def status_cells(table: WaitingList) -> list[tuple[str, bool, bool]]:
    """Each row's status, and whether the status and the due date are bold."""
    return [(table.item(r, table.STATUS).text(), table.item(r, table.STATUS).font().bold(), table.item(r, table.DUE).font().bold())
            for r in range(table.rowCount())]


def test_the_store_s_unbooked_course_past_its_due_date_is_overdue_in_the_window(qtbot, tmp_path):
    from planner.ui.department_window import DepartmentWindow

    url = stock(f"sqlite:///{tmp_path / 'department.db'}", (LONG,))
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    [waiting] = desk.waiting()
    assert (waiting.ready, waiting.due, waiting.booked_first) == (READY, DUE, None)
    desk.today = DUE + timedelta(days=3)
    window = DepartmentWindow(desk, day=desk.today)
    qtbot.addWidget(window)
    assert status_cells(window.waiting) == [("not booked, overdue", True, True)]
    window.discreet.setChecked(True)  # drawn again: still overdue
    assert status_cells(window.waiting) == [("not booked, overdue", True, True)]


def test_due_today_and_not_yet_due_in_the_list(qtbot):
    table = WaitingList()
    qtbot.addWidget(table)
    table.set_courses([course(), WaitingCourse("d", "Ida Berg", "Lung", READY, DUE + timedelta(days=5))], DUE)
    assert status_cells(table) == [("not booked, due today", True, True), ("not booked", False, False)]


def test_the_words_stay_in_a_dark_palette(qtbot):
    table = WaitingList()
    qtbot.addWidget(table)
    table.setPalette(dark_palette())
    table.set_courses([course()], DUE + timedelta(days=1))
    item = table.item(0, table.STATUS)
    assert item.text() == "not booked, overdue" and item.font().bold()
    assert item.foreground().style().name == "NoBrush", "no colour of its own: the palette's text, readable on its base"
    assert table.palette().color(QPalette.ColorRole.Text) != table.palette().color(QPalette.ColorRole.Base)
