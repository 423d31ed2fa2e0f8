"""A right-click on a booking in the day view chooses it first: the outline (and the window's status line)
moves to the booking the menu acts on, not left on the one chosen before."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu

from planner.ui.department_views import DayView
from tests.department_sample import DAY, sample_agenda


def shown_day(qtbot) -> DayView:
    """The sample day in a day view, on screen."""
    view = DayView()
    qtbot.addWidget(view)
    view.set_agenda(sample_agenda(), DAY)
    view.resize(1000, view.sizeHint().height())
    view.show()
    qtbot.waitExposed(view)
    return view


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on the menu
def test_right_click_chooses_the_booking_its_menu_acts_on(qtbot):
    view = shown_day(qtbot)
    first, second = [e for m in view.machines for e in m.entries if view.block_rect(e) is not None][:2]
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=view.block_rect(first).center().toPoint())
    assert view.selected == first
    chosen: list[object] = []
    view.selectedChanged.connect(chosen.append)
    seen: list[tuple[object, list[str]]] = []

    def look_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.append((view.selected, [a.text() for a in menu.actions()]))
            menu.close()

    def right_click(where: QPoint) -> None:
        QTimer.singleShot(0, look_and_close)  # the menu, open, is looked at and closed
        QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, where, view.mapToGlobal(where)))

    rested: list[object] = []
    view.moveRestRequested.connect(rested.append)
    where = view.block_rect(second).center().toPoint()
    right_click(where)
    assert seen == [(second, ["Move this &session to another day…", "M&ove the rest of this course…"])], "chosen before the menu shows"
    assert chosen == [second]  # said in the window's status line, as a click says it
    right_click(where)
    assert chosen == [second], "choosing it again says nothing new"
    empty = QPoint(int(view.width()) - 5, int(view.height()) - 5)
    machine, start = view.slot_at(QPointF(empty))
    right_click(empty)
    # off a booking: the selection stays, and the menu is the machine's at that moment (to take it down from there)
    assert view.selected == second and seen[2:] == [(second, [f"{machine} &down from {start:%H:%M}…"])]


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_free_time_right_clicked_takes_its_machine_down_from_that_moment(qtbot):
    view = shown_day(qtbot)
    free = next(QPoint(x, y) for y in range(int(view.height()) - 5, 60, -10) for x in range(80, int(view.width()), 40)
                if view.block_at(QPointF(x, y)) is None and view.slot_at(QPointF(x, y)) is not None)
    machine, start = view.slot_at(QPointF(free))
    asked: list[tuple[str, object]] = []
    view.downRequested.connect(lambda name, when: asked.append((name, when)))

    def take_it() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            menu.actions()[0].trigger()
            menu.close()

    QTimer.singleShot(0, take_it)
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, free, view.mapToGlobal(free)))
    assert asked == [(machine, start)] and start.tzinfo is not None


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")
def test_a_right_click_on_downtime_says_until_when_and_offers_it_back_sooner_from_there(qtbot):
    """Linac 2 is down 08:00-13:00 (beam fault): a right-click at 10:00 there offered "Linac 2 down from 10:00…",
    as if it were up; the engineer says it is back sooner: the menu says until when it is down and offers it back
    from the moment right-clicked (the Machine back sooner dialog, which can move back what the downtime moved)."""
    view = shown_day(qtbot)
    column = [m.name for m in view.machines].index("Linac 2")
    x = int(view._axis + view._column_width() * (column + 0.5))
    inside = next(QPoint(x, y) for y in range(60, int(view.height()), 5)
                  if (slot := view.slot_at(QPointF(x, y))) is not None and slot[0] == "Linac 2" and slot[1].hour == 10)
    seen: list[list[tuple[str, bool]]] = []
    asked: list[object] = []
    view.downRequested.connect(lambda *args: asked.append(args))

    def look_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.append([(a.text(), a.isEnabled()) for a in menu.actions()])
            menu.close()

    QTimer.singleShot(0, look_and_close)
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, inside, view.mapToGlobal(inside)))
    assert seen == [[("Linac 2 is down until 13:00: &back sooner, from 10:00…", True)]]
    assert asked == []
    back: list[tuple] = []
    view.backRequested.connect(lambda *args: back.append(args))

    def choose_it() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            menu.actions()[0].trigger()
            menu.close()

    QTimer.singleShot(0, choose_it)
    QApplication.sendEvent(view, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, inside, view.mapToGlobal(inside)))
    down = next(p for m in view.machines if m.name == "Linac 2" for p in m.downtime)
    [(machine, down_start, at)] = back
    assert (machine, down_start) == ("Linac 2", down.start) and at.hour == 10 and at.tzinfo is not None
