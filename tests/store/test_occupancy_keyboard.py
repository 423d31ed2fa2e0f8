"""The week's occupancy by keyboard and to a screen reader, as the day view: a Tab stop whose
accessible description says every machine's week (booked and open minutes), arrows that choose a
cell (outlined) and a status line that says it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.colours import dark_palette

from .booking_scenario import place_bookings, stock

DAY = date(2030, 3, 26)  # a Tuesday of the golden bookings' first week


@pytest.fixture
def window(qtbot, tmp_path):
    from planner.ui.department_window import DepartmentWindow

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    shown = DepartmentWindow(open_desk(url, load_catalogue(default_catalogue_path())), day=DAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    shown.tabs.setCurrentWidget(shown.occupancy)
    return shown


def test_the_week_is_a_tab_stop_that_says_every_machine_s_week(window):
    view = window.occupancy
    assert view.focusPolicy() == Qt.FocusPolicy.StrongFocus and view.accessibleName() == "Week occupancy of every machine"
    description = view.accessibleDescription()
    agenda = view.agenda
    assert agenda is not None
    for machine in agenda.machines:
        booked = sum(machine.booked_minutes(d, agenda.tz) for d in agenda.dates)
        opened = sum(machine.open_minutes(d, agenda.tz) for d in agenda.dates)
        assert f"{machine.name}, the week: {booked} / {opened} min booked · {round(100 * booked / opened)} %" in description
    assert "Treatment machines, the week: " in description
    linac1 = agenda.machines[0]
    assert sum(linac1.booked_minutes(d, agenda.tz) for d in agenda.dates) > 0, "the scenario books Linac 1 that week"


def test_the_arrows_choose_a_cell_and_the_window_says_it(window):
    view = window.occupancy
    view.setFocus()
    assert view.hasFocus() and view.current == (0, 0)
    assert window.message.text().startswith("Linac 1, Mon 25 Mar: ")
    QTest.keyClick(view, Qt.Key.Key_Right)
    said = window.message.text()
    assert said.startswith("Linac 1, Tue 26 Mar: ") and " min booked · " in said
    assert view.accessibleDescription().startswith(said + " Linac 1, the week: ")
    QTest.keyClick(view, Qt.Key.Key_Down)
    assert window.message.text().startswith("Linac 2, Tue 26 Mar: ")
    QTest.keyClick(view, Qt.Key.Key_End)
    assert window.message.text().startswith("Linac 2, the week: ")
    for _ in range(10):
        QTest.keyClick(view, Qt.Key.Key_Down)
    assert window.message.text().startswith("Treatment machines, the week: "), "the total row is the last"
    QTest.keyClick(view, Qt.Key.Key_Home)
    assert window.message.text().startswith("Treatment machines, Mon 25 Mar: ")
    QTest.keyClick(view, Qt.Key.Key_Left)
    assert view.current == (len(view.agenda.machines), 0), "it stops at the edge"


def test_the_chosen_cell_is_outlined_in_a_dark_palette_too(window):
    view = window.occupancy
    view.setPalette(dark_palette())
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    image = view.grab().toImage()
    rect = view.cell_rect(*view.current).adjusted(-3, -3, 3, 3)
    highlight = view.palette().color(view.palette().ColorRole.Highlight).rgb()
    edge = [image.pixel(int(rect.left()) + x, int(rect.top())) for x in range(4, int(rect.width()) - 4)]
    assert highlight in edge, "the dashed outline on the chosen cell's top edge"
    view.clearFocus()
    image = view.grab().toImage()
    assert highlight not in [image.pixel(int(rect.left()) + x, int(rect.top())) for x in range(4, int(rect.width()) - 4)]


def test_a_cell_says_how_long_its_machine_was_down_and_a_day_all_down_says_down(window):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    london = ZoneInfo("Europe/London")
    window.desk.machine_down("Linac 1", datetime(2030, 3, 27, 8, 0, tzinfo=london), datetime(2030, 3, 27, 12, 0, tzinfo=london), "QA")
    window.desk.machine_down("Linac 3", datetime(2030, 3, 28, 0, 0, tzinfo=london), datetime(2030, 3, 29, 0, 0, tzinfo=london), "service")
    window.refresh()
    view = window.occupancy
    days = view.agenda.dates
    names = [m.name for m in view.agenda.machines]
    wednesday, thursday = days.index(date(2030, 3, 27)), days.index(date(2030, 3, 28))
    assert view.words_at(names.index("Linac 1"), wednesday).endswith(" · 240 min down")
    assert view.words_at(names.index("Linac 3"), thursday).startswith("Linac 3, Thu 28 Mar: down")
    assert "min down" not in view.words_at(names.index("Linac 2"), wednesday)


def test_the_status_line_says_that_enter_opens_the_chosen_machine_day(window):
    """As the day view's and the waiting list's status lines end with what Enter does, the chosen cell's says it too:
    its machine's day, the day of every machine from the total row, and how to reach a day from the week's total."""
    view = window.occupancy
    view.setFocus()
    QTest.keyClick(view, Qt.Key.Key_Right)
    said = window.message.text()
    assert said.startswith("Linac 1, Tue 26 Mar: ") and said.endswith(" %. Enter opens Linac 1's day in the Day tab.")
    for _ in range(10):
        QTest.keyClick(view, Qt.Key.Key_Down)
    assert window.message.text().endswith(". Enter opens the day in the Day tab.")
    QTest.keyClick(view, Qt.Key.Key_End)
    assert window.message.text().endswith(" %. Left chooses a day; Enter opens it in the Day tab.")
    QTest.keyClick(view, Qt.Key.Key_Home)
    QTest.keyClick(view, Qt.Key.Key_Up)
    QTest.keyClick(view, Qt.Key.Key_Right)
    QTest.keyClick(view, Qt.Key.Key_Return)  # it does what it says
    assert window.tabs.currentWidget() is window.day_scroll and window.day == DAY
