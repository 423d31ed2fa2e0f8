"""What a new coordinator met in the department window on a stored department, one test per defect:
Discreet left names and sites in 'Waiting to start', the week's occupancy cut its percentage, the
move-the-rest dialog squeezed its fields and said one refusal once per fraction, the arrow keys chose
a booking scrolled out of sight, the rest of a course was reachable only by a menu key, Enter in the
waiting list did nothing, and the status line said too little (or something stale)."""

from __future__ import annotations

from datetime import date, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QEvent, QPointF, QRect, Qt, QTime
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog

from planner.app.booking import BookingDesk
from planner.booking.reoptimise import Reoptimisation
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.ui import booking_dialogs, department_window
from planner.ui.booking_dialogs import REPORT_COLUMNS, MoveRestDialog
from planner.ui.department_views import HEADER, occupancy_label
from planner.ui.department_window import DepartmentWindow
from planner.ui.reoptimise_dialog import ReoptimiseReportDialog

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)  # a Tuesday with bookings on Linac 1 and Linac 2


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-prostate-2",))  # left waiting
    store = Store.open(url)
    opened = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
    yield opened
    store.close()


@pytest.fixture
def window(qtbot, desk):
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    shown.resize(900, 420)  # short: the day scrolls
    shown.show()
    shown.activateWindow()
    qtbot.waitExposed(shown)
    qtbot.waitUntil(shown.isActiveWindow)
    return shown


def waiting_texts(window, column: int) -> list[str]:
    table = window.waiting
    return [table.item(row, column).text() for row in range(table.rowCount())]


def test_discreet_shows_initials_and_no_site_in_the_waiting_list_too(window):
    site, number = window.waiting.SITE, window.waiting.NUMBER
    names = waiting_texts(window, 0)
    assert "Eamon O'Neill" in names and any(waiting_texts(window, site)) and all(waiting_texts(window, number))
    window.discreet.setChecked(True)
    assert "E. O." in waiting_texts(window, 0) and not any("Eamon" in n for n in waiting_texts(window, 0))
    assert window.waiting.isColumnHidden(site) and not any(waiting_texts(window, site))  # a site is a diagnosis
    assert window.waiting.isColumnHidden(number) and not any(waiting_texts(window, number))  # initials only
    window.refresh()  # a redraw keeps it discreet
    assert not any("Eamon" in n for n in waiting_texts(window, 0)) and not any(waiting_texts(window, number))
    window.discreet.setChecked(False)
    assert waiting_texts(window, 0) == names and not window.waiting.isColumnHidden(site)
    assert not window.waiting.isColumnHidden(number) and all(waiting_texts(window, number))


def test_enter_in_the_waiting_list_books_the_course_as_a_double_click_does(window, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(booking_dialogs.BookDialog, "exec", lambda self: opened.append(self.course_id) or 0)
    window.tabs.setCurrentWidget(window.waiting_page)
    row = next(r for r, c in enumerate(window.waiting.courses) if c.course_id == "course-prostate-2")
    window.waiting.setCurrentCell(row, 0)
    window.waiting.setFocus()
    QTest.keyClick(window.waiting, Qt.Key.Key_Return)
    assert opened == ["course-prostate-2"]


def test_a_narrow_occupancy_cell_keeps_the_percentage_whole(window):
    metrics = QFontMetrics(window.font())
    wide = occupancy_label(312, 600, metrics, 1000)
    assert wide == "312 / 600 min · 52 %"
    narrow = occupancy_label(1130, 2700, metrics, metrics.horizontalAdvance("1130 / 2700 min · 4"))
    assert narrow.startswith("42 %") and metrics.horizontalAdvance(narrow) <= metrics.horizontalAdvance("1130 / 2700 min · 4")
    assert occupancy_label(1130, 2700, metrics, metrics.horizontalAdvance("42 %")) == "42 %"


def entry_of(window, patient: str):
    return next(e for m in window.day_view.machines for e in m.entries if e.patient == patient)


def test_moving_the_rest_offers_treatment_machines_and_says_one_refusal_once(qtbot, window):
    amir = entry_of(window, "Amir Haddad")  # left breast in breath-hold: only Linac 3 has dibh
    dialog = MoveRestDialog(window.desk, amir, "Linac 3", window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    offered = [dialog.machine.itemText(i) for i in range(dialog.machine.count())]
    assert "CT simulator" not in offered and "Linac 1" in offered
    dialog.machine.setCurrentIndex(offered.index("Linac 1"))
    dialog.move()
    assert dialog.result() != QDialog.DialogCode.Accepted
    text = dialog.error.text()
    assert text.count("Linac 1 cannot treat this course (it lacks dibh)") == 1
    qtbot.waitUntil(lambda: dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width()))
    assert dialog.machine.height() >= dialog.machine.minimumSizeHint().height()  # the fields keep their height
    assert dialog.time.height() >= dialog.time.minimumSizeHint().height()
    tall = dialog.height()
    dialog._refuse("Not moved: the time was taken.")  # a short reason after a long one: no blank space kept
    qtbot.waitUntil(lambda: dialog.height() < tall)
    assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width())


def visible_part(window) -> QRect:
    return window.day_view.visibleRegion().boundingRect()


def test_the_arrows_choose_a_booking_in_view_and_keep_it_in_view(qtbot, window):
    bar = window.day_scroll.verticalScrollBar()
    bar.setValue(bar.maximum())  # the afternoon
    window.day_view.setFocus()
    QTest.keyClick(window.day_view, Qt.Key.Key_Down)
    chosen = window.day_view.selected
    assert chosen is not None
    assert visible_part(window).intersects(window.day_view.selected_rect().toRect())
    assert chosen.patient in window.message.text() and "Shift+arrows" in window.message.text()
    bar.setValue(0)
    for _ in range(8):  # down Linac 1's list, past the bottom of the view
        QTest.keyClick(window.day_view, Qt.Key.Key_Down)
        assert visible_part(window).intersects(window.day_view.selected_rect().toRect())


def test_tab_reaches_the_day_without_a_stop_on_its_scroll_area(qtbot, window):
    assert window.day_scroll.focusPolicy() == Qt.FocusPolicy.NoFocus
    window.tabs.tabBar().setFocus()
    QTest.keyClick(window.tabs.tabBar(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.day_view
    assert window.day_view.selected is not None  # the keyboard user sees where they are
    assert visible_part(window).intersects(window.day_view.selected_rect().toRect())


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on the menu
def test_the_rest_of_a_course_by_ctrl_shift_r_or_from_the_menu_shift_f10_opens(qtbot, window, monkeypatch):
    """Ctrl+Shift+R moves the rest of the chosen booking's course at once; Shift+F10 (the menu key) opens the booking's menu,
    the right-click's own, at its block: its second choice moves the rest (it went straight there, offering no other)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QMenu

    opened: list[str] = []
    monkeypatch.setattr(department_window.MoveRestDialog, "exec", lambda self: opened.append(self.entry.patient) or 0)
    assert window.move_rest_action in window.bookings_menu.actions()
    window.move_rest_action.trigger()
    assert not opened and "Choose a booking in the day view first" in window.message.text()
    window.day_view.setFocus()
    QTest.keyClick(window.day_view, Qt.Key.Key_Down)
    chosen = window.day_view.selected.patient
    QTest.keyClick(window.day_view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert opened == [chosen]
    seen: list[tuple[list[str], bool]] = []

    def choose_the_rest() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            block = window.day_view.selected_rect().toRect()
            at = window.day_view.mapFromGlobal(menu.pos())  # under the block, at its left
            seen.append(([a.text() for a in menu.actions()], block.left() <= at.x() <= block.right() and abs(at.y() - block.bottom()) <= 4))
            menu.actions()[1].trigger()
            menu.close()

    QTimer.singleShot(0, choose_the_rest)
    QTest.keyClick(window.day_view, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert seen == [(["Move this &session to another day…", "M&ove the rest of this course…"], True)]
    assert opened == [chosen, chosen]


def test_enter_or_a_double_click_moves_the_chosen_session_to_another_day(qtbot, window, monkeypatch):
    """Enter on the chosen booking, or a double-click on one, did nothing: each opens "Move this session to another day…"
    (Ctrl+M), the first choice of the booking's menu, for that booking."""
    opened: list[str] = []
    monkeypatch.setattr(department_window.MoveOneDialog, "exec", lambda self: opened.append(self.entry.patient) or 0)
    window.day_view.setFocus()
    QTest.keyClick(window.day_view, Qt.Key.Key_Down)
    chosen = window.day_view.selected
    QTest.keyClick(window.day_view, Qt.Key.Key_Return)
    assert opened == [chosen.patient]
    other = next(e for m in window.day_view.machines for e in m.entries
                 if e.patient != chosen.patient and window.day_view.block_rect(e) is not None)
    window.day_scroll.ensureVisible(0, int(window.day_view.block_rect(other).center().y()), 0, int(HEADER) + 20)
    QTest.mouseDClick(window.day_view, Qt.MouseButton.LeftButton, pos=window.day_view.block_rect(other).center().toPoint())
    assert opened == [chosen.patient, other.patient]
    assert window.day_view.selected == other  # chosen, as the menu's booking is


def test_machine_down_starts_on_the_chosen_bookings_machine_and_says_what_it_did(qtbot, window, monkeypatch):
    seen: list[str] = []

    def take_down(dialog):
        seen.append(dialog.machine.currentData())
        dialog.reason.setText("beam fault")
        dialog.take_down()
        return dialog.result()

    monkeypatch.setattr(department_window.MachineDownDialog, "exec", take_down)
    monkeypatch.setattr(department_window.DownReportDialog, "exec", lambda self: 0)
    window.say("Moved someone earlier.")
    linac2 = next(m for m in window.day_view.machines if m.name == "Linac 2").entries[0]
    window.day_view.setFocus()
    window.day_view.selected = linac2
    window.machine_down()
    assert seen == ["Linac 2"]
    assert window.message.text().startswith("Linac 2 down: ") and "moved" in window.message.text()


def test_a_day_every_machine_is_closed_says_so(window):
    saturday = DAY + timedelta(days=(5 - DAY.weekday()))
    window.show_day(saturday)
    assert "every machine is closed" in window.message.text()
    window.show_day(DAY)
    assert "closed" not in window.message.text()  # said of the Saturday, not of this day


def test_an_empty_reoptimisation_report_is_no_bigger_than_its_words(qtbot, window):
    nothing = Reoptimisation(date(2030, 3, 22), date(2030, 4, 19), (), (), 3, 0, "OPTIMAL", ())
    report = ReoptimiseReportDialog(window.desk, nothing, [], window)
    qtbot.addWidget(report)
    report.show()
    qtbot.waitExposed(report)
    assert report.height() < 200


def test_the_rebooking_report_says_its_fraction_numbers_are_after_the_rebooking():
    assert REPORT_COLUMNS[1] == "Fraction now"
    assert "after the re-booking" in booking_dialogs.FRACTION_NOW_TIP


def test_the_day_list_prints_one_machine_or_each_on_its_own_page(qtbot, window, monkeypatch):
    printed: list = []
    monkeypatch.setattr(window, "preview", lambda document, title="": printed.append(document))

    def choose_linac_2(dialog):
        assert dialog.discreet.isChecked() and dialog.own_pages.isChecked()  # the window's Discreet carries over
        dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 2"))
        assert not dialog.own_pages.isEnabled()
        return 1

    monkeypatch.setattr(department_window.DayListDialog, "exec", choose_linac_2)
    window.discreet.setChecked(True)
    window.print_day_list()
    document = printed[0]
    assert [m.name for m in document.agenda.machines] == ["Linac 2"] and document.discreet
    every = window.day_list(None, discreet=False, page_per_machine=True)
    assert len(every.agenda.machines) == len(window.desk.machine_names()) and every.page_per_machine


def test_an_occupancy_cell_says_its_whole_text_in_its_tooltip(window):
    view = window.occupancy
    view.resize(700, view.sizeHint().height())  # narrow: the cells show the share alone
    left = view.name_width()
    width = (view.width() - left - 1) / 8
    tuesday = QPointF(left + width + width / 2, HEADER + view.ROW / 2)  # Linac 1, the day shown
    words = view.cell_words(tuesday)
    linac1 = view.agenda.machines[0]
    assert words == f"Linac 1, Tue 2 Apr: {linac1.booked_minutes(DAY, LONDON)} / {linac1.open_minutes(DAY, LONDON)} min booked · " \
                    f"{round(100 * linac1.booked_minutes(DAY, LONDON) / linac1.open_minutes(DAY, LONDON))} %"
    week = view.cell_words(QPointF(left + 7 * width + width / 2, HEADER + len(view.agenda.machines) * view.ROW + view.ROW / 2))
    assert week.startswith("Treatment machines, the week: ") and week.endswith("%")  # the CT simulator is no room for fractions
    assert view.cell_words(QPointF(5, 5)) == ""


def test_the_occupancy_total_counts_treatment_machines_only(window):
    view = window.occupancy
    assert view.total_name() == "Treatment machines"
    assert [m.name for m in view.totalled()] == ["Linac 1", "Linac 2", "Linac 3"]  # not the CT simulator
    linacs = view.totalled()
    week = view.agenda.dates
    booked = sum(m.booked_minutes(d, LONDON) for m in linacs for d in week)
    opened = sum(m.open_minutes(d, LONDON) for m in linacs for d in week)
    left = view.name_width()
    width = (view.width() - left - 1) / 8
    words = view.cell_words(QPointF(left + 7 * width + width / 2, HEADER + len(view.agenda.machines) * view.ROW + view.ROW / 2))
    assert words == f"Treatment machines, the week: {booked} / {opened} min booked · {round(100 * booked / opened)} %"


def test_the_total_rows_name_reads_whole_at_1366_pixels(window):
    view = window.occupancy
    window.resize(1366, 740)
    window.tabs.setCurrentWidget(window.occupancy_scroll)
    QApplication.processEvents()  # the week laid out in its scroll area, as on screen
    bold = QFont(view.font())
    bold.setBold(True)
    needed = QFontMetrics(bold).horizontalAdvance("Treatment machines")
    assert view.name_width() - 12 >= needed  # the painted name is elided to name_width() - 12
    window.resize(706, 740)  # the week as wide as its scroll area lets it be: about 700 px
    QApplication.processEvents()
    assert view.width() <= 710 and view.name_width() <= view.width() / 5  # room kept for its seven days and the week


def test_ctrl_z_puts_the_booking_moved_last_back(window):
    zoe, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    assert not window.undo_move_action.isEnabled()
    target = dora.start.replace(hour=15, minute=0)
    assert window.day_view.drop(dora, "Linac 1", "Linac 2", target)
    assert "Ctrl+Z puts it back" in window.message.text() and window.undo_move_action.isEnabled()
    QTest.keyClick(window.day_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    back = [e for m in window.day_view.machines if m.name == "Linac 1" for e in m.entries if e.key == dora.key]
    assert back and back[0].start == dora.start
    assert window.message.text().startswith("Put back Dora Mbeki") and not window.undo_move_action.isEnabled()


def test_ctrl_z_does_not_undo_a_booking_changed_since(window):
    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    target = dora.start.replace(hour=15, minute=0)
    assert window.day_view.drop(dora, "Linac 1", "Linac 2", target)
    from planner.app.booking import Relocation

    window.desk.move(dora.course_id, [Relocation(dora.kind, dora.number, "Linac 2", target.replace(hour=16))])  # another coordinator
    window.undo_move_action.trigger()
    assert "was changed since it was moved" in window.message.text()
    moved = [e for m in window.day_view.machines if m.name == "Linac 2" for e in m.entries if e.key == dora.key]
    assert moved and moved[0].start == target.replace(hour=16)


def test_back_in_the_window_it_shows_the_bookings_as_they_are_now(qtbot, window, desk):
    from PySide6.QtWidgets import QWidget

    from planner.app.booking import Relocation

    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    target = dora.start.replace(hour=15, minute=0)
    other = BookingDesk(Store.open(str(desk.store.url)), desk.catalogue, today=desk.today)  # another coordinator's desk
    try:
        other.move(dora.course_id, [Relocation(dora.kind, dora.number, "Linac 2", target)])
    finally:
        other.store.close()
    elsewhere = QWidget()
    qtbot.addWidget(elsewhere)
    elsewhere.show()
    elsewhere.activateWindow()
    qtbot.waitUntil(lambda: not window.isActiveWindow())
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    moved = [e for m in window.day_view.machines if m.name == "Linac 2" for e in m.entries if e.key == dora.key]
    assert moved and moved[0].start == target


def test_the_department_menu_raises_the_open_window_rather_than_open_a_second(qtbot, monkeypatch, tmp_path):
    from .test_department_menu import main_window

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    main = main_window(qtbot, monkeypatch, url)
    main.open_department()
    main.open_department()
    opened = [w for w in main.findChildren(DepartmentWindow) if w.isVisible()]
    assert len(opened) == 1
    opened[0].close()


def test_the_rest_of_a_course_is_never_moved_from_a_planning_scan(window, monkeypatch):
    opened: list[object] = []
    monkeypatch.setattr(department_window.MoveRestDialog, "exec", lambda self: opened.append(self) or 0)
    scans = [e for m in window.desk.agenda(date(2030, 3, 20), 1, "CT simulator").machines for e in m.entries]
    assert scans and scans[0].kind.value == "simulation"
    window.move_rest(scans[0])  # its number is 1: "the rest" would have been every fraction of the course
    assert not opened
    assert "this is Chen Wei's planning scan" in window.message.text()


def test_moving_the_rest_says_whose_fractions_went_where(window, monkeypatch):
    def move(dialog):
        dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 2"))
        dialog.time.setTime(QTime(15, 0))
        dialog.move()
        assert not dialog.error.text()
        return dialog.result()

    monkeypatch.setattr(department_window.MoveRestDialog, "exec", move)
    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    window.move_rest(dora)
    assert window.message.text().startswith(f"Moved Dora Mbeki's fractions {dora.number} to {dora.total} to Linac 2 at 15:00.")


def test_the_booking_dialog_opens_with_its_proposals(qtbot, window):
    dialog = booking_dialogs.BookDialog(window.desk, "course-prostate-2", "Eamon O'Neill", window)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 0  # nothing asked of the store before it is shown
    dialog.show()
    qtbot.waitExposed(dialog)
    assert 1 <= dialog.table.rowCount() <= 3 and dialog.book_button.isEnabled()  # no empty table to puzzle over
    booked = booking_dialogs.BookDialog(window.desk, "course-prostate", "Zoë Ångström", window)
    qtbot.addWidget(booked)
    booked.show()
    qtbot.waitExposed(booked)
    assert booked.table.rowCount() == 0 and not booked.error.text()  # already booked: it says so, and finds nothing


def test_dragging_a_fraction_onto_the_ct_simulator_is_refused_while_dragging(window):
    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    quiet = dora.start.replace(hour=15, minute=0)  # the CT simulator is open and free then
    check = window.day_view.check_drop(dora, "CT simulator", quiet)
    assert not check.free and check.reason() == "CT simulator takes planning scans, not treatment sessions"
    assert not window.day_view.drop(dora, "Linac 1", "CT simulator", quiet)
    assert window.message.text() == "Cannot move there: CT simulator takes planning scans, not treatment sessions"
    assert window.day_view.check_drop(dora, "Linac 2", quiet).free


def test_the_chosen_booking_at_the_top_of_the_day_shows_its_whole_outline(qtbot, window):
    zoe = next(e for m in window.day_view.machines if m.name == "Linac 1" for e in m.entries if e.start.date() == DAY)
    rect = window.day_view.block_rect(zoe)
    window.day_scroll.verticalScrollBar().setValue(int(rect.top() - HEADER))  # the booking starts where the names end
    qtbot.waitUntil(lambda: window.day_view.visibleRegion().boundingRect().top() == int(rect.top() - HEADER))
    window.day_view.selected = zoe
    image = window.day_view.grab(window.day_view.visibleRegion().boundingRect()).toImage()
    rect.translate(0, -(rect.top() - HEADER))  # in the grabbed picture
    highlight = window.day_view.palette().color(window.day_view.palette().ColorRole.Highlight)
    top_edge = [image.pixelColor(x, int(rect.top()) + 1) for x in range(int(rect.left()) + 10, int(rect.right()) - 10)]
    assert sum(c == highlight for c in top_edge) > len(top_edge) * 0.9  # not hidden under the names


def test_a_click_on_a_booking_says_that_booking(qtbot, window):
    window.say("Zoë Ångström (2 of 20 · Treatment): Linac 1, 08:00–08:20.")  # what an earlier choice said
    linac2 = next(m for m in window.day_view.machines if m.name == "Linac 2").entries[0]
    centre = window.day_view.block_rect(linac2).center().toPoint()
    window.day_scroll.ensureVisible(centre.x(), centre.y(), 10, int(HEADER) + 40)
    qtbot.mousePress(window.day_view, Qt.MouseButton.LeftButton, pos=centre)
    assert window.day_view.selected == linac2
    assert window.message.text().startswith(f"{linac2.patient} · {linac2.hospital_number} (")  # both identifiers
    qtbot.mouseRelease(window.day_view, Qt.MouseButton.LeftButton, pos=centre)


def test_after_moving_the_rest_the_chosen_booking_reads_its_new_time(qtbot, window):
    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    window.day_view.setFocus()
    window.day_view._select(dora)
    dialog = MoveRestDialog(window.desk, dora, "Linac 1", window)
    dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 2"))
    dialog.time.setTime(QTime(15, 0))
    dialog.move()
    window.refresh()
    assert window.day_view.selected is not None and window.day_view.selected.start.astimezone(LONDON).hour == 15
    window.day_view.selectedChanged.emit(window.day_view.selected)
    assert "Linac 2, 15:00" in window.message.text()


def test_back_from_a_dialog_the_status_line_keeps_what_the_dialog_reported(qtbot, window):
    from PySide6.QtGui import QFocusEvent

    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    window.day_view._select(dora)
    window.say("Moved Dora Mbeki's fractions to Linac 2 at 15:00.")
    QApplication.sendEvent(window.day_view, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.ActiveWindowFocusReason))
    assert window.message.text().startswith("Moved Dora Mbeki")
    QApplication.sendEvent(window.day_view, QFocusEvent(QEvent.Type.FocusIn, Qt.FocusReason.TabFocusReason))
    assert window.message.text().startswith("Dora Mbeki · H0005 (")


def test_a_long_refusal_in_the_status_line_is_read_whole(qtbot, window):
    words = ("Cannot move there: fraction 5 would overlap fraction 6 (Wed 9 Dec 14:00–14:30); fraction 5 would come after "
             "fraction 6 (Wed 9 Dec 14:00); fraction 5: twice daily: at least 6 hours between the two sessions of a day "
             "(fraction 6 is at 14:00)")
    window.say(words)
    qtbot.waitUntil(lambda: window.message.height() >= window.message.heightForWidth(window.message.width()))
    label = window.message
    assert label.wordWrap() and QFontMetrics(label.font()).horizontalAdvance(words) > label.width()  # it had to wrap
    assert label.toolTip() == words


def test_the_earliest_start_box_says_where_the_wait_counts_from_without_a_planning_scan(qtbot, window):
    dialog = booking_dialogs.BookDialog(window.desk, "course-prostate-2", "Eamon O'Neill", window)
    qtbot.addWidget(dialog)
    words = dialog.use_earliest.text().replace("&", "")
    assert "planning scan" in words and "first fraction" in words  # a course with no scan starts from its own first date


def test_another_day_does_not_keep_describing_the_booking_chosen_on_the_last(qtbot, window):
    _, dora = (e for e in next(m for m in window.day_view.machines if m.name == "Linac 1").entries if e.start.date() == DAY)
    window.day_view._select(dora)
    assert window.message.text().startswith("Dora Mbeki · H0005 (")
    window.show_day(DAY + timedelta(days=1))
    assert not window.message.text().startswith("Dora Mbeki · H0005 (")  # her booking of the day before is not on this one
    window.show_day(DAY)
    window.day_view._select(dora)
    window.refresh()  # the same day again: still said, as it is now
    assert window.message.text().startswith("Dora Mbeki · H0005 (")


def test_a_cell_says_the_time_its_machine_was_down_when_it_fits(qapp):
    from PySide6.QtGui import QFont, QFontMetrics

    from planner.ui.department_views import occupancy_label

    metrics = QFontMetrics(QFont())
    assert occupancy_label(312, 360, metrics, 1000, down=240) == "312 / 360 min · 87 %\n240 min down"
    assert occupancy_label(312, 360, metrics, metrics.horizontalAdvance("312 / 360 min · 87 %")) == "312 / 360 min · 87 %"
    narrow = metrics.horizontalAdvance("312/360 min · 87 %")
    assert occupancy_label(312, 360, metrics, narrow, down=240) == "312/360 min · 87 %\n240 min down"  # its minutes kept
    assert occupancy_label(312, 360, metrics, metrics.horizontalAdvance("87 %"), down=240) == "87 %\n240 min down"
