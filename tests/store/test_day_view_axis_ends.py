"""The two ends of the Bookings window's day axis, in a light, a dark and a high-contrast palette.

The top: a booking at the first hour shown (09:00 on a Saturday open 09:00–13:00 for weekend sessions) is drawn whole,
as it is lower down the day. Before, its top pixel rows lay under the machines' names and their line: the ring of the
'Å' in 'Zoë Ångström' was lost ('Angström') and the block had no top edge.

The foot: the axis's last hour is labelled (13:00 that Saturday; 18:00 on a weekday the linacs close at 18:00; 10:00 on
a closed Saturday still holding a make-up at 09:40), wholly inside the view. Before, the axis stopped at 12:30, and
where the day ended had to be guessed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QImage, QPalette

from planner.app.booking import BookingDesk
from planner.core.catalogue import load_catalogue
from planner.core.department import BookingRules
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui.colours import dark_palette, high_contrast_palette
from planner.ui.department_views import DayView
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock
from .command_line import run

LONDON = ZoneInfo("Europe/London")
SATURDAY, MONDAY = date(2030, 3, 30), date(2030, 3, 25)
PALETTES = {"light": QPalette, "dark": dark_palette, "high-contrast": high_contrast_palette}


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def weekend_store(capsys, folder, weekend_hours: bool) -> str:
    """The golden department, Zoë Ångström's make-up booked on Saturday 30 March at 09:40 on Linac 2 while the
    department books weekend sessions 09:00–13:00; `weekend_hours` False: it stopped doing so afterwards."""
    url = stock(f"sqlite:///{folder / 'department.db'}")
    place_bookings(url, skip=("course-prostate",))
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, booking=BookingRules(weekend_hours=(time(9), time(13)))))
    for argv in (["course", "save", "--course-id", "course-prostate", "--missed", "3=weekend", "--reason", "cannot come"],
                 ["book", "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30"]):
        status, _, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    if not weekend_hours:
        with Store.open(url) as store:
            department = store.department()
            assert department is not None
            store.set_department(replace(department, booking=BookingRules()))
    return url


@pytest.fixture
def opened(qtbot, capsys, tmp_path):
    """A function opening the Bookings window on `day` of the weekend store, its day view in `palette`."""
    stores: list[Store] = []

    def open_on(day: date, palette: QPalette, weekend_hours: bool = True) -> DepartmentWindow:
        store = Store.open(weekend_store(capsys, tmp_path, weekend_hours))
        stores.append(store)
        window = DepartmentWindow(BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 20)), day)
        qtbot.addWidget(window)
        window.day_view.setPalette(palette)
        window.resize(1200, 800)
        window.show()
        return window

    yield open_on
    for store in stores:
        store.close()


def make_up(view: DayView):
    return next(e for m in view.machines for e in m.entries if e.course_id == "course-prostate" and e.make_up)


def block_picture(view: DayView) -> QImage:
    """The make-up's block as drawn, with the pixel rows just above and below its edges."""
    view.choose_none()
    rect = view.block_rect(make_up(view))
    assert rect is not None
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    whole = rect.toAlignedRect().adjusted(0, -1, 0, 1)
    return image.copy(QRect(int(whole.x() * ratio), int(whole.y() * ratio), int(whole.width() * ratio), int(whole.height() * ratio)))


@pytest.mark.parametrize("name", list(PALETTES))
def test_a_booking_at_the_top_of_the_day_is_drawn_whole(opened, name):
    window = opened(SATURDAY, PALETTES[name]())
    view = window.day_view
    assert make_up(view).start == at(SATURDAY, 9, 40)
    lower = block_picture(view)
    window.move_entry(make_up(view), "Linac 2", at(SATURDAY, 9))  # as Shift+Up pressed until it sits at 09:00
    session = make_up(view)
    assert session.start == at(SATURDAY, 9) and view._top == session.start.astimezone(view._top.tzinfo)  # the axis's top
    top = block_picture(view)
    assert top.size() == lower.size()
    assert top == lower, "the block at the top of the day is not drawn as it is lower down: the machines' names cover it"


def foot_label_rows(view: DayView) -> list[int]:
    """The rows of the axis below the foot's tick holding a label's ink (anything but the background)."""
    image = view.grab().toImage()
    ratio = image.devicePixelRatio()
    base = view.palette().color(QPalette.ColorRole.Base).rgb()
    foot = view._y(view._bottom)
    rows = range(int((foot + 1) * ratio), image.height())
    return [y for y in rows if any(image.pixel(x, y) != base for x in range(int((view._axis - 8) * ratio)))]


@pytest.mark.parametrize("name", list(PALETTES))
@pytest.mark.parametrize(("day", "weekend_hours", "foot"), [(SATURDAY, True, 13), (MONDAY, True, 18), (SATURDAY, False, 10)],
                         ids=["weekend-hours", "weekday", "closed-day"])
def test_the_last_hour_of_the_day_is_labelled_whole(opened, name, day, weekend_hours, foot):
    window = opened(day, PALETTES[name](), weekend_hours)
    view = window.day_view
    assert view._bottom == at(day, foot)
    ink = foot_label_rows(view)
    image_height = view.grab().toImage().height()
    assert ink, f"{foot}:00 is not written at the foot of the axis"
    assert max(ink) < image_height - 1, "the foot's label is cut by the view's edge"
    assert max(ink) - min(ink) + 1 >= view.fontMetrics().capHeight(), "the foot's label is cut short"
