"""At 1024 x 700 with the Patients list open, a booked course with a missed session has a summary of five lines
and three notices: they took half the pane, leaving the list four rows and the week about an hour. They now take
at most a third of it and scroll there (all still reachable); at 1366 x 768 they fit whole, as before."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QLabel

from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui import main_window
from planner.ui.contrast_style import focus_colour
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.result_head import ResultHead
from tests.questions import discard_unsaved

from .booking_scenario import course_spec, place_bookings, stock
from .test_missed_booking_marked import marked_missed


@pytest.fixture
def make_window(qtbot, monkeypatch, tmp_path):
    discard_unsaved(monkeypatch)
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    marked_missed(url)
    store = Store.open(url)
    settings = replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=url)

    def make(width: int, height: int) -> MainWindow:
        monkeypatch.setattr(main_window, "first_size", lambda: (width, height))
        win = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(win)
        win.resize(width, height)
        win.show()
        qtbot.waitExposed(win)
        win.findChild(QDockWidget, "patients-dock").show()
        win.store_link.open_course("course-prostate")
        return win

    yield make
    store.close()


def words_height(window: MainWindow) -> int:
    """The height between the top of the summary's area and the schedule's tabs."""
    results = window.results
    head = window.summary
    while head.parentWidget() is not results:
        head = head.parentWidget()
    return results.tabs.y() - head.y()


def outlined(head: ResultHead) -> int:
    """How many pixels down the area's left edge are in the keyboard focus's colour."""
    image, outline = head.grab().toImage(), focus_colour(head.palette())
    return sum(image.pixelColor(1, y) == outline for y in range(image.height()))


def settled() -> None:
    """Every layout asked for done."""
    for _ in range(3):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def test_the_summary_and_notices_leave_the_schedule_room_on_a_small_screen(qtbot, make_window):
    window = make_window(1024, 700)
    results = window.results
    assert "missed" in window.notices.text() and "no booking yet" in window.notices.text()
    settled()
    assert words_height(window) <= results.height() // 3 + results.layout().spacing()
    table = results.table
    assert table.rowAt(table.viewport().height() - 1) >= 5  # six rows of the list in view, where there were four
    head = results.head
    bar = head.verticalScrollBar()
    assert bar.maximum() > 0 and head.focusPolicy() == Qt.FocusPolicy.StrongFocus  # the rest is a scroll (or arrow key) away
    bar.setValue(bar.maximum())
    notices = window.notices
    assert notices.mapTo(head.viewport(), QPoint(0, notices.height())).y() <= head.viewport().height()
    assert outlined(head) < head.height() // 2
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    head.setFocus(Qt.FocusReason.TabFocusReason)  # the keyboard in it: an outline round the words shows where
    qtbot.waitUntil(lambda: outlined(head) > head.height() // 2)


def test_on_a_larger_screen_they_show_whole(qtbot, make_window):
    window = make_window(1366, 768)
    head = window.results.head
    settled()
    assert head.verticalScrollBar().maximum() == 0 and head.focusPolicy() == Qt.FocusPolicy.NoFocus


def test_under_a_long_summary_the_first_notice_shows_without_scrolling(qtbot, make_window, tmp_path):
    """An urgent course not booked yet has a summary of eleven lines beside the Patients list: its notices were
    wholly under the fold, the scroll bar the only sign of them. The first line of the notices now shows."""
    with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
        late = course_spec("course-urgent", "Fenella Urquhart-Cavendish", "H0007", "lung", "sbrt-5-alternate", None,
                           start=date(2030, 4, 15))
        store.save_course(replace(late, urgent=True))
    window = make_window(1024, 700)
    window.store_link.open_course("course-urgent")
    settled()
    head, summary, notices = window.results.head, window.summary, window.notices
    assert "Urgent, not booked" in summary.text() and notices.text()
    assert head.verticalScrollBar().value() == 0
    # the summary alone fills most of its share (a fifth of the pane: its urgent line is shorter since the due day
    # has one wording, and the pane wider since the form's rows wrap: seven lines at 1024 px)
    assert summary.height() > head.pane.height() // 5 - notices.fontMetrics().lineSpacing()
    first_line = notices.mapTo(head.viewport(), QPoint(0, notices.fontMetrics().lineSpacing())).y()
    assert first_line <= head.viewport().height()
    table = window.results.table
    assert table.viewport().height() >= 4 * table.rowHeight(0)  # the list keeps room for four rows


def notice_bottoms(window: MainWindow) -> list[int]:
    """Where each notice ends, in the area's view, found by the notices' own text laid out one notice more at a time."""
    notices, head = window.notices, window.results.head
    lines = notices.text().split("<br>")
    bottoms = []
    for count in range(1, len(lines) + 1):
        probe = QLabel()
        probe.setWordWrap(True)
        probe.setFont(notices.font())
        probe.setText("<br>".join(lines[:count]))
        bottoms.append(notices.mapTo(head.viewport(), QPoint(0, 0)).y() + probe.heightForWidth(notices.width()))
    return bottoms


def test_notices_out_of_view_are_counted_under_them(qtbot, make_window):
    """At 1024 x 700 the notices scroll in their area and the last one sat under the fold, the scroll bar's thumb
    the only sign of it. A line under the area now counts the notices out of view; a click shows the next ones."""
    window = make_window(1024, 700)
    settled()
    head, more = window.results.head, window.results.head.more
    hidden = sum(bottom > head.viewport().height() for bottom in notice_bottoms(window))
    assert hidden >= 1  # the case: a notice under the fold
    assert more.isVisible() and more.text() == f"▾ {hidden} more notice{'s' if hidden != 1 else ''} below"
    tabs = window.results.tabs
    assert head.geometry().bottom() < more.geometry().top() and more.geometry().bottom() < tabs.geometry().top()
    table = window.results.table
    assert table.rowAt(table.viewport().height() - 1) >= 5  # the list keeps its six rows
    qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
    settled()
    assert head.verticalScrollBar().value() > 0
    while head.verticalScrollBar().value() < head.verticalScrollBar().maximum():
        qtbot.mouseClick(more, Qt.MouseButton.LeftButton)
        settled()
    assert "below" not in more.text() and more.text().startswith("▴")
    assert all(bottom <= head.viewport().height() + 1 for bottom in notice_bottoms(window))


def test_with_every_notice_in_view_no_line_counts_them(qtbot, make_window):
    window = make_window(1366, 768)
    settled()
    assert window.notices.text() and not window.results.head.more.isVisible()


def test_another_course_opens_with_its_summary_at_the_top(qtbot, make_window, tmp_path):
    """The notices of the course before scrolled to their end: the next course opened shown at that depth, its summary's
    first lines (the patient's regimen and dates) out of view above. Another course now opens at the top."""
    with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
        late = course_spec("course-urgent", "Fenella Urquhart-Cavendish", "H0007", "lung", "sbrt-5-alternate", None,
                           start=date(2030, 4, 15))
        store.save_course(replace(late, urgent=True))
    window = make_window(960, 700)  # a window narrow enough that both courses' words scroll in their area
    settled()
    bar = window.results.head.verticalScrollBar()
    for course in ("course-urgent", "course-prostate"):
        assert bar.maximum() > 0
        bar.setValue(bar.maximum())  # read to the end
        window.store_link.open_course(course)
        settled()
        assert bar.maximum() > 0 and bar.value() == 0, course
    bar.setValue(bar.maximum())
    window.form.patient_name.setFocus()
    qtbot.keyClicks(window.form.patient_name, "x")  # an edit of the same course: where the coordinator was reading stays
    settled()
    assert bar.value() == bar.maximum() > 0
