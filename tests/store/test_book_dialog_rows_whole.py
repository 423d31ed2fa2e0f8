"""The Book dialog shows every proposal row whole on a 1366x768 and a 1024x700 screen: long notes under
the table (the days a proposal moved on) used to squeeze it, so its last row went under its edge."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QRect

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui import dialog_fit
from planner.ui.booking_dialogs import BookDialog

from .booking_scenario import stock

LONDON = ZoneInfo("Europe/London")
START = date(2030, 3, 25)
PANEL = 40  # a desktop's panel or task bar: the screen's free area is that much shorter


def working_days(first: date, count: int) -> list[date]:
    days: list[date] = []
    day = first
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


@pytest.fixture
def desk(tmp_path):
    """Both beam-matched linacs down for 13 working days: the proposals on them move on 13 times (13 lines of notes)."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with open_desk(url, load_catalogue(default_catalogue_path())) as opened:
        for day in working_days(START + timedelta(days=2), 13):
            for machine in ("Linac 1", "Linac 2"):
                opened.machine_down(machine, datetime(day.year, day.month, day.day, 7, 0, tzinfo=LONDON),
                                    datetime(day.year, day.month, day.day, 19, 0, tzinfo=LONDON), "service")
        opened.refresh()
        yield opened


def shown_dialog(qtbot, desk) -> BookDialog:
    dialog = BookDialog(desk, "course-prostate")
    qtbot.addWidget(dialog)
    dialog.use_earliest.setChecked(False)
    dialog.earliest.setDate(START)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.find_proposals()
    return dialog


def rows_whole(dialog: BookDialog, every_column: bool = True) -> bool:
    """Each row's whole height in the table's view (and each of its cells, unless the columns scroll sideways)."""
    table = dialog.table
    view = table.viewport().rect()
    cells = [table.visualRect(table.model().index(row, column)) for row in range(table.rowCount())
             for column in range(table.columnCount() if every_column else 1)]
    if every_column:
        return all(view.contains(cell) for cell in cells)
    return all(cell.top() >= view.top() and cell.bottom() <= view.bottom() for cell in cells)


@pytest.mark.parametrize("screen", [(1366, 768), (1024, 700)])
def test_every_proposal_row_is_whole_with_the_notes_in_view_too(qtbot, desk, monkeypatch, screen):
    width, height = screen
    room = QRect(0, 0, width, height - PANEL)
    monkeypatch.setattr(dialog_fit, "screen_room", lambda widget: room)
    dialog = shown_dialog(qtbot, desk)
    assert dialog.table.rowCount() == 3
    longest = 0
    for row in range(3):
        dialog.table.selectRow(row)
        qtbot.wait(1)
        longest = max(longest, dialog.notes.text().count("\n") + 1)
        assert rows_whole(dialog), f"row {row} chosen: a proposal row is cut off"
        assert not dialog.table.verticalScrollBar().isVisible()
        assert dialog.frameGeometry().height() <= room.height() and dialog.frameGeometry().bottom() <= room.bottom()
    assert longest >= 13, "the scenario: a proposal moved on once a day the linacs are down"
    assert dialog.notes_area.verticalScrollBar().maximum() == 0, "room enough: the notes are whole too"


def test_on_a_short_screen_the_notes_scroll_and_the_rows_stay_whole(qtbot, desk, monkeypatch):
    room = QRect(0, 0, 1024, 520)
    monkeypatch.setattr(dialog_fit, "screen_room", lambda widget: room)
    dialog = shown_dialog(qtbot, desk)
    dialog.table.selectRow(1)
    qtbot.wait(1)
    assert dialog.notes.text().count("\n") >= 12
    assert rows_whole(dialog)
    assert dialog.frameGeometry().height() <= room.height()
    assert dialog.notes_area.verticalScrollBar().maximum() > 0  # the notes give way, not the proposals
    assert dialog.notes_area.height() >= 3 * dialog.notes.fontMetrics().lineSpacing()


def test_a_narrow_dialog_keeps_the_last_row_above_the_horizontal_scroll_bar(qtbot, desk):
    dialog = shown_dialog(qtbot, desk)
    dialog.resize(dialog.minimumWidth() or 300, dialog.height())
    qtbot.wait(1)
    table = dialog.table
    if table.horizontalHeader().length() <= table.viewport().width():
        pytest.skip("the columns fit even at the dialog's narrowest")
    assert table.horizontalScrollBar().isVisible() and rows_whole(dialog, every_column=False)


def test_without_notes_the_heading_sits_on_the_table_and_the_room_left_goes_above_the_buttons(qtbot, tmp_path):
    """A course with nothing to note (the proposals start when asked): the dialog's spare height was shared out
    between the Find button, the Proposals heading and the table, leaving a gap above and below the heading."""
    from PySide6.QtWidgets import QLabel

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with open_desk(url, load_catalogue(default_catalogue_path())) as opened:
        dialog = BookDialog(opened, "course-prostate")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        dialog.find_proposals()
        assert dialog.table.rowCount() and not dialog.notes.text() and not dialog.notes_area.isVisible()
        dialog.resize(dialog.width(), dialog.height() + 200)  # a taller dialog than its contents need
        qtbot.wait(10)
        (heading,) = [label for label in dialog.findChildren(QLabel) if label.text() == "&Proposals"]
        spacing = dialog.layout().spacing() + 2
        assert heading.geometry().top() - dialog.find.geometry().bottom() <= spacing
        assert dialog.table.geometry().top() - heading.geometry().bottom() <= spacing
        assert dialog.buttons.geometry().top() - dialog.table.geometry().bottom() > 150
