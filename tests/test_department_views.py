"""The department's day view, occupancy view and waiting list, over plain agenda data."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication

from planner.core.agenda import AgendaEntry, WaitingCourse, check_slot, initials
from planner.core.kinds import AppointmentKind
from planner.ui.department_views import DayView, OccupancyView, WaitingList, block_label, identified
from tests.department_sample import DAY, TZ, at, sample_agenda


@pytest.fixture
def day_view(qtbot):
    view = DayView()
    qtbot.addWidget(view)
    view.set_agenda(sample_agenda(), DAY)
    view.resize(1000, view.sizeHint().height())
    return view


def entry_of(agenda, machine: str, patient: str) -> AgendaEntry:
    found = agenda.machine(machine)
    return next(e for e in found.entries if e.patient == patient)


def test_initials_keep_accents_and_skip_non_letters():
    assert initials("Zoë Ångström") == "Z. Å."
    assert initials("Jean-Luc  Picard") == "J. L. P."
    assert initials("  ") == "?"


def test_every_booking_of_the_day_is_a_block_in_its_machines_column(day_view):
    agenda = day_view.agenda
    width = day_view._column_width()
    shown = 0
    for column, machine in enumerate(agenda.machines):
        for entry in machine.on(DAY, TZ):
            rect = day_view.block_rect(entry)
            assert rect is not None, entry
            assert 52 + column * width <= rect.left() < 52 + (column + 1) * width
            assert day_view.block_at(rect.center()) == (entry, machine.name)
            shown += 1
    assert shown == 7
    # a later booking sits lower than an earlier one on the same machine
    linac1 = agenda.machine("Linac 1").on(DAY, TZ)
    assert day_view.block_rect(linac1[0]).top() < day_view.block_rect(linac1[1]).top()


def test_blocks_name_patient_fraction_and_kind_or_initials_only_when_discreet(day_view):
    entry = entry_of(day_view.agenda, "Linac 1", "Zoë Ångström")
    assert block_label(entry, discreet=False) == ("Zoë Ångström", "3 of 20 · Treatment")
    assert block_label(entry, discreet=True) == ("Z. Å.", "3/20")
    scan = entry_of(day_view.agenda, "CT simulator", "Fatima Zahra Idrissi")
    assert block_label(scan, discreet=False) == ("Fatima Zahra Idrissi", "Planning scan")
    assert block_label(scan, discreet=True) == ("F. Z. I.", "")


def test_a_narrow_block_writes_its_fraction_whole_rather_than_cut_short(day_view):
    """Twelve machines on one screen: '3 of 20 · Tre…' becomes '3 of 20' (the colour says treatment), then '3/20';
    a make-up keeps its word; a planning scan and a discreet block are as before."""
    from PySide6.QtGui import QFontMetrics

    from planner.core.department import MakeUpCause, MakeUpMark
    from planner.ui.department_views import fitted_which

    metrics = QFontMetrics(day_view.font())
    entry = entry_of(day_view.agenda, "Linac 1", "Zoë Ångström")
    whole = metrics.horizontalAdvance("3 of 20 · Treatment")
    assert fitted_which(entry, False, metrics, whole) == "3 of 20 · Treatment"
    assert fitted_which(entry, False, metrics, whole - 5) == "3 of 20"
    assert fitted_which(entry, False, metrics, metrics.horizontalAdvance("3 of 20") - 1) == "3/20"
    make_up = replace(entry, make_up=MakeUpMark(DAY - timedelta(days=1), MakeUpCause.MISSED))
    assert fitted_which(make_up, False, metrics, metrics.horizontalAdvance("3 of 20 · make-up")) == "3 of 20 · make-up"
    assert fitted_which(entry, True, metrics, 10) == "3/20"
    scan = entry_of(day_view.agenda, "CT simulator", "Fatima Zahra Idrissi")
    assert fitted_which(scan, False, metrics, 10) == "Planning scan"  # cut short by the painter, as before


def test_a_tooltip_or_the_status_line_names_the_patient_with_the_hospital_number_unless_discreet(day_view):
    entry = entry_of(day_view.agenda, "Linac 1", "Zoë Ångström")
    assert identified(entry, discreet=False) == "Zoë Ångström · RCC-00001"
    assert identified(entry, discreet=True) == "Z. Å."
    assert identified(replace(entry, hospital_number=""), discreet=False) == "Zoë Ångström"


def test_discreet_mode_paints_differently(day_view):
    full = day_view.grab().toImage()
    day_view.set_discreet(True)
    discreet = day_view.grab().toImage()
    assert full != discreet


def test_drop_onto_an_occupied_slot_is_refused_with_the_reason(day_view, qtbot):
    agenda = day_view.agenda
    moving = entry_of(agenda, "Linac 1", "Amir Haddad")  # 09:00-09:15
    moved, refused = [], []
    day_view.moveRequested.connect(lambda *a: moved.append(a))
    day_view.dropRefused.connect(refused.append)
    assert not day_view.drop(moving, "Linac 1", "Linac 1", at(DAY, 8, 35))
    assert moved == []
    assert refused and "overlaps Zoë Ångström's fraction 3 of 20 (08:30–08:45)" in refused[0]


def test_drop_into_downtime_or_outside_hours_is_refused(day_view):
    moving = entry_of(day_view.agenda, "Linac 1", "Amir Haddad")
    refused: list[str] = []
    day_view.dropRefused.connect(refused.append)
    assert not day_view.drop(moving, "Linac 1", "Linac 2", at(DAY, 10))
    assert "Linac 2 is down 08:00–13:00: beam fault" in refused[-1]
    assert not day_view.drop(moving, "Linac 1", "Linac 1", at(DAY, 7, 0))
    assert "outside Linac 1's open hours (08:00–18:00)" in refused[-1]


def test_drop_onto_a_free_slot_asks_for_the_move(day_view):
    moving = entry_of(day_view.agenda, "Linac 1", "Amir Haddad")
    moved = []
    day_view.moveRequested.connect(lambda *a: moved.append(a))
    assert day_view.drop(moving, "Linac 1", "Linac 2", at(DAY, 15))
    assert moved == [(moving, "Linac 2", at(DAY, 15))]


def test_dragging_with_the_mouse_shows_the_conflict_before_the_drop(day_view, qtbot):
    agenda = day_view.agenda
    moving = entry_of(agenda, "Linac 1", "Amir Haddad")
    target = entry_of(agenda, "Linac 1", "Zoë Ångström")
    refused: list[str] = []
    day_view.dropRefused.connect(refused.append)
    start = day_view.block_rect(moving).center()
    over = day_view.block_rect(target).center()
    qtbot.mousePress(day_view, Qt.MouseButton.LeftButton, pos=start.toPoint())
    check = day_view.drag_to(QPointF(over))
    assert check is not None and not check.free and "Zoë Ångström" in check.reason()
    shown = day_view.grab().toImage()
    assert _has_colour(shown, QColor("#c01c28"))  # the outline says "refused" while dragging
    qtbot.mouseRelease(day_view, Qt.MouseButton.LeftButton, pos=over.toPoint())
    assert refused and "Zoë Ångström" in refused[0]


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen Qt, when a tip is shown
def test_the_refusal_tip_follows_the_pointer_while_its_reason_stays_the_same(day_view, qtbot):
    agenda = day_view.agenda
    moving = entry_of(agenda, "Linac 1", "Amir Haddad")
    target = day_view.block_rect(entry_of(agenda, "Linac 1", "Zoë Ångström"))
    day_view.show()
    qtbot.mousePress(day_view, Qt.MouseButton.LeftButton, pos=day_view.block_rect(moving).center().toPoint())
    places, reasons = [], []
    for dx in (0, 8, 16):  # three points over the same booking: the same reason each time
        point = QPointF(target.center().x() + dx, target.center().y())
        QApplication.sendEvent(day_view, QMouseEvent(QEvent.Type.MouseMove, point, day_view.mapToGlobal(point),
                                                     Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton,
                                                     Qt.KeyboardModifier.NoModifier))
        tip = next(w for w in QApplication.topLevelWidgets() if w.metaObject().className() == "QTipLabel" and w.isVisible())
        places.append(tip.pos().x())
        reasons.append(tip.text())
    assert len(set(reasons)) == 1 and "Zoë Ångström" in reasons[0]
    assert places[0] < places[1] < places[2]
    day_view.cancel_drag()


def _has_colour(image: QImage, colour: QColor) -> bool:
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            if image.pixelColor(x, y) == colour:
                return True
    return False


def test_check_slot_lets_a_session_keep_its_own_place():
    agenda = sample_agenda()
    machine = agenda.machine("Linac 1")
    mine = machine.on(DAY, TZ)[0]
    assert check_slot(machine, mine.start + timedelta(minutes=5), mine.end + timedelta(minutes=5), tz=TZ, moving=mine).free
    other = check_slot(machine, mine.start, mine.end, tz=TZ)
    assert not other.free and other.conflicts[0].entry == mine


def test_occupancy_counts_booked_over_open_minutes_less_downtime():
    agenda = sample_agenda(7, DAY - timedelta(days=1))
    linac2 = agenda.machine("Linac 2")
    assert linac2.open_minutes(DAY, TZ) == 300  # 08:00-18:00 less 08:00-13:00 down
    assert linac2.booked_minutes(DAY, TZ) == 30
    assert linac2.occupancy(DAY, TZ) == pytest.approx(0.1)
    assert linac2.occupancy(date(2026, 11, 28), TZ) is None  # Saturday: closed
    view = OccupancyView()
    view.set_agenda(agenda)
    assert view.cell_text(linac2, DAY) == "30 / 300 min · 10 %\n300 min down"
    assert view.cell_text(linac2, date(2026, 11, 28)) == "closed"


def test_views_follow_a_dark_palette(qtbot):
    view = OccupancyView()
    qtbot.addWidget(view)
    view.set_agenda(sample_agenda(5, DAY))
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    view.setPalette(dark)
    view.resize(1300, view.sizeHint().height())
    image = view.grab().toImage()
    assert image.pixelColor(2, 2) == QColor("#1e1e1e")
    assert _has_colour(image, QColor("#f0f0f0"))


def test_views_fit_a_1366_pixel_screen(qtbot):
    day = DayView()
    day.set_agenda(sample_agenda(), DAY)
    occupancy = OccupancyView()
    occupancy.set_agenda(sample_agenda(7, DAY))
    assert day.minimumSizeHint().width() <= 1366 - 40
    assert occupancy.minimumSizeHint().width() <= 1366 - 40


def test_waiting_list_sorts_by_due_date_and_says_urgent_and_late_in_words(qtbot):
    table = WaitingList()
    qtbot.addWidget(table)
    table.set_courses([
        WaitingCourse("a", "Ann Routine", "Prostate", date(2026, 11, 20), date(2026, 12, 21)),
        WaitingCourse("b", "Ben Urgent", "Spine", date(2026, 11, 23), date(2026, 11, 25), urgent=True),
        WaitingCourse("c", "Cat Late", "Breast", date(2026, 11, 2), date(2026, 11, 24), booked_first=date(2026, 11, 26)),
    ])
    rows = [(table.item(r, 0).text(), table.item(r, table.STATUS).text()) for r in range(table.rowCount())]
    assert rows == [("Cat Late", "booked, late"), ("Ben Urgent", "urgent, not booked"), ("Ann Routine", "not booked")]
    chosen = []
    table.courseActivated.connect(chosen.append)
    table.cellDoubleClicked.emit(1, 0)
    assert chosen == ["b"]


def test_entries_know_their_minutes():
    entry = AgendaEntry("c", "P", AppointmentKind.FRACTION, 1, 5, at(DAY, 8), at(DAY, 8, 40))
    assert entry.minutes == 40


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on the menu
def test_keyboard_chooses_and_moves_a_booking_or_says_why_not(day_view, qtbot):
    moved, refused, rest = [], [], []
    day_view.moveRequested.connect(lambda *a: moved.append(a))
    day_view.dropRefused.connect(refused.append)
    day_view.moveRestRequested.connect(rest.append)
    day_view.setFocus()
    qtbot.keyClick(day_view, Qt.Key.Key_Down)  # the first booking of the first machine
    assert day_view.selected.patient == "Zoë Ångström"
    qtbot.keyClick(day_view, Qt.Key.Key_Down)
    assert day_view.selected.patient == "Amir Haddad"
    qtbot.keyClick(day_view, Qt.Key.Key_Up, Qt.KeyboardModifier.ShiftModifier)  # its outline 5 minutes earlier: 08:55, free
    assert not moved
    qtbot.keyClick(day_view, Qt.Key.Key_Enter)  # dropped there
    assert moved and moved[-1][0].patient == "Amir Haddad" and moved[-1][2] == at(DAY, 8, 55)
    qtbot.keyClick(day_view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)  # Linac 2 is down until 13:00
    qtbot.keyClick(day_view, Qt.Key.Key_Return)
    assert refused and "Linac 2 is down" in refused[-1]
    menus: list[list[str]] = []

    def choose_the_rest() -> None:  # the menu key opens the booking's menu, as a right-click does: its second choice
        menu = QApplication.activePopupWidget()
        if menu is not None:
            menus.append([a.text() for a in menu.actions()])
            menu.actions()[1].trigger()
            menu.close()

    QTimer.singleShot(0, choose_the_rest)
    qtbot.keyClick(day_view, Qt.Key.Key_Menu)
    assert menus == [["Move this &session to another day…", "M&ove the rest of this course…"]]
    assert rest and rest[0].patient == "Amir Haddad"
    activated: list[AgendaEntry] = []
    day_view.entryActivated.connect(activated.append)
    qtbot.keyClick(day_view, Qt.Key.Key_Enter)  # Enter, as a double-click: the booking chosen, activated
    assert [e.patient for e in activated] == ["Amir Haddad"]
    qtbot.keyClick(day_view, Qt.Key.Key_Right)  # across to the nearest booking on the next machine with any
    assert day_view.selected.patient in ("Dora Mbeki", "Eamon O'Neill", "Fatima Zahra Idrissi")


def test_a_drop_back_onto_its_own_place_in_the_hour_the_clocks_repeat_is_no_move(day_view):
    """The block's time read in UTC, the drop's on the clock at 01:30 (its first run, London's autumn
    night): one instant, so nothing is asked or refused; `==` called them different (PEP 495)."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    moving = replace(entry_of(day_view.agenda, "Linac 1", "Amir Haddad"),
                     start=datetime(2026, 10, 25, 0, 30, tzinfo=UTC), end=datetime(2026, 10, 25, 0, 45, tzinfo=UTC))
    said: list[object] = []
    day_view.moveRequested.connect(lambda *a: said.append(a))
    day_view.dropRefused.connect(said.append)
    assert not day_view.drop(moving, "Linac 1", "Linac 1", datetime(2026, 10, 25, 1, 30, tzinfo=ZoneInfo("Europe/London")))
    assert said == []
