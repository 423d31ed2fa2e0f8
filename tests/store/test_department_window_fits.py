"""The department window opens within the screen (a 1024×700 laptop included): its toolbar shows
every action without folding at 1024 px, the day view scrolls, and the waiting list says "booked"
for a booked course rather than leaving the status empty."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QApplication, QToolBar

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.department_window import FRAME_ROOM, PREFERRED_SIZE, DepartmentWindow

from .booking_scenario import place_bookings, stock

DAY = date(2030, 4, 2)


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))
    opened = open_desk(url, load_catalogue(default_catalogue_path()))
    opened.today = date(2030, 3, 20)  # before the golden courses start: they wait, booked or not
    yield opened
    opened.store.close()


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768), (1600, 1000)])
def test_the_window_opens_within_the_screen_and_its_toolbar_fits(qtbot, desk, monkeypatch, width, height):
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, width, height))
    window = DepartmentWindow(desk, DAY)
    qtbot.addWidget(window)
    assert window.width() == min(PREFERRED_SIZE[0], width - FRAME_ROOM[0])
    assert window.height() == min(PREFERRED_SIZE[1], height - FRAME_ROOM[1])
    # placed with its frame inside the free area: not left to a window manager that put it 63 px down a 768-px screen
    assert window.testAttribute(Qt.WidgetAttribute.WA_Moved)  # a place of its own, which a window manager keeps
    assert window.x() >= 0 and window.y() >= 0
    assert window.y() + window.height() + FRAME_ROOM[1] <= height and window.x() + window.width() + FRAME_ROOM[0] <= width
    window.show()
    QApplication.processEvents()
    bar = window.findChild(QToolBar, "department-toolbar")
    assert bar is not None
    hidden = [a.text() or "(widget)" for a in bar.actions() if not a.isSeparator() and not bar.widgetForAction(a).isVisible()]
    assert hidden == []  # nothing folded away, "Print day list…" included
    assert bar.sizeHint().width() <= 1024 - FRAME_ROOM[0]
    if height < 800:
        assert window.day_scroll.verticalScrollBar().maximum() > 0  # the day scrolls; the machines stay in the width
    assert window.day_scroll.horizontalScrollBar().maximum() == 0  # every machine in view, the CT simulator too
    window.close()


def test_the_waiting_list_says_booked_for_a_booked_course(qtbot, desk):
    window = DepartmentWindow(desk, DAY)
    qtbot.addWidget(window)
    statuses = {window.waiting.item(r, 0).text(): window.waiting.item(r, window.waiting.STATUS).text() for r in range(window.waiting.rowCount())}
    assert statuses["Eamon O'Neill"] == "not booked"
    assert statuses["Zoë Ångström"].startswith("booked")
    assert all(statuses.values())
    window.close()


def test_the_calendars_last_day_shows_without_a_refusal(qtbot, desk):
    window = DepartmentWindow(desk, date(2200, 12, 31))  # a Wednesday: its week runs past the calendar
    qtbot.addWidget(window)
    assert window.message.text() == ""
    assert window.day == date(2200, 12, 31)
    window.close()


def busy_department() -> str:
    """Twelve linacs and a CT simulator, open on weekdays: a busy department's machines."""
    hours = '{ mon = "08:00-20:00", tue = "08:00-20:00", wed = "08:00-20:00", thu = "08:00-20:00", fri = "08:00-20:00" }'
    lines = ['[department]', 'name = "Busy Centre"', 'timezone = "Europe/London"', 'treatment_days = ["mon", "tue", "wed", "thu", "fri"]']
    for n in range(1, 13):
        lines += ["[[machines]]", f'name = "Linac {n}"', 'group = "linacs"', 'capabilities = ["vmat"]', f"hours = {hours}"]
    lines += ["[[machines]]", 'name = "CT simulator"', 'group = "ct"', 'capabilities = ["ct"]', f"hours = {hours}"]
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("width", "height"), [(1024, 700), (1366, 768)])
def test_twelve_machines_keep_the_window_within_the_screen_the_week_scrolls(qtbot, tmp_path, monkeypatch, width, height):
    from PySide6.QtCore import QPointF
    from PySide6.QtCore import Qt as Keys

    from planner.core.department import parse_department
    from planner.store.db import Store
    from planner.ui.department_views import HEADER

    url = f"sqlite:///{tmp_path / 'busy.db'}"
    with Store.open(url) as store:
        store.set_department(parse_department(busy_department(), "busy department"))
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, width, height))
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        assert len(window.occupancy.agenda.machines) == 13  # a row each, and the total row
        assert window.height() + FRAME_ROOM[1] <= height  # the status line at the foot stays on the screen
        window.tabs.setCurrentWidget(window.occupancy_scroll)
        window.focus_page()
        QApplication.processEvents()
        bar = window.occupancy_scroll.verticalScrollBar()
        assert bar.maximum() > 0 and bar.value() == 0
        viewport = window.occupancy_scroll.viewport()
        names = viewport.grab(QRect(0, 0, viewport.width(), int(HEADER))).toImage()  # the days' names, at the top
        window.occupancy.setFocus()
        for _ in range(14):  # down to the total row, kept in view as the arrows go
            qtbot.keyClick(window.occupancy, Keys.Key.Key_Down)
        assert bar.value() == bar.maximum()
        QApplication.processEvents()
        # the days' names still at the top of what is seen, and a click on them opens no cell under them
        assert viewport.grab(QRect(0, 0, viewport.width(), int(HEADER))).toImage() == names
        view = window.occupancy
        assert view.cell_at(QPointF(view.name_width() + 20, bar.value() + HEADER / 2)) is None
        assert view.cell_at(QPointF(view.name_width() + 20, bar.value() + HEADER + 10)) is not None
        window.close()


def test_the_time_axis_stays_at_the_left_when_twelve_machines_scroll_sideways(qtbot, tmp_path, monkeypatch):
    from PySide6.QtCore import QPointF
    from PySide6.QtGui import QPalette

    from planner.core.department import parse_department
    from planner.store.db import Store
    from planner.ui.department_views import HEADER

    url = f"sqlite:///{tmp_path / 'busy.db'}"
    with Store.open(url) as store:
        store.set_department(parse_department(busy_department(), "busy department"))
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1024, 700))
    with open_desk(url, load_catalogue(default_catalogue_path())) as desk:
        window = DepartmentWindow(desk, DAY)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        bar = window.day_scroll.horizontalScrollBar()
        assert bar.maximum() > 0  # thirteen columns do not fit 1024 px: the day scrolls sideways
        bar.setValue(bar.maximum())
        QApplication.processEvents()
        view = window.day_view
        left = bar.value()
        assert view.pinned_left() == left
        # the axis's hours written at the left of what is seen, over the machines scrolled under it
        image = window.day_scroll.viewport().grab().toImage()
        text = view.palette().color(QPalette.ColorRole.Text).rgb()
        written = sum(image.pixel(x, y) == text for x in range(2, int(view.axis_width) - 8)
                      for y in range(int(HEADER) + 4, image.height()))
        assert written > 0
        # and a click there is on the axis, not on the machine under it
        assert view.slot_at(QPointF(left + 10, HEADER + 100)) is None
        assert view.slot_at(QPointF(left + view.axis_width + 10, HEADER + 100)) is not None
        window.close()
