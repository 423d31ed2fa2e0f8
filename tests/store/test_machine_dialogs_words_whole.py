"""The words of the Machine down…, Machine back sooner… and Department closed… dialogs, whole and where they belong. In Machine down…, the
dialog's own error line (a refusal of the store's) took its room from the period's words above it, cut to a line and
a half; in Machine back sooner…, the words under the check box stood in a box twice their height, a blank band above
them (a form layout gives a wrapped label the height of a narrow guess at its width)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QPoint, QTime
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from planner.store.db import StoreError
from planner.ui.booking_dialogs import MachineDownDialog
from planner.ui.closure_dialog import CloseDepartmentDialog
from planner.ui.colours import dark_palette, high_contrast_palette
from planner.ui.machine_back_dialogs import MachineBackDialog

from .booking_scenario import desk_on, place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 3, 26)
FULL_DISK = ("The department's store could not be written: the disk is full (no space left on device); nothing was changed. "
             "Ask whoever looks after the department database to free some room on its disk, then try again.")


@pytest.fixture
def desk(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with desk_on(url) as opened:
        yield opened


def settled() -> None:
    for _ in range(4):
        QApplication.sendPostedEvents()
        QApplication.processEvents()


def top_in(dialog: QWidget, widget: QWidget) -> int:
    return widget.mapTo(dialog, QPoint(0, 0)).y()


def whole(label: QLabel) -> bool:
    """The label is at least as tall as its words at its width."""
    return label.height() >= label.heightForWidth(label.width())


def shown(qtbot, dialog, palette):
    """The dialog on screen (in `palette`, else the application's), laid out."""
    qtbot.addWidget(dialog)
    if palette is not None:
        dialog.setPalette(palette())
    dialog.show()
    qtbot.waitExposed(dialog)
    settled()
    return dialog


@pytest.mark.parametrize("palette", [None, dark_palette, high_contrast_palette])
def test_machine_down_keeps_the_period_readable_under_its_error_line(qtbot, desk, monkeypatch, palette):
    dialog = shown(qtbot, MachineDownDialog(desk, DAY, machine="Linac 1"), palette)
    assert "1 session booked on it then will be re-booked" in dialog.period.text() and whole(dialog.period)

    def refused(*_: object, **__: object) -> None:
        raise StoreError(FULL_DISK)

    monkeypatch.setattr(desk, "machine_down", refused)
    dialog.take_down()
    settled()
    assert dialog.error.isVisible() and dialog.error.text() == FULL_DISK
    assert whole(dialog.period) and whole(dialog.error)
    assert top_in(dialog, dialog.period) + dialog.period.height() <= top_in(dialog, dialog.error), "the error under the words"


@pytest.mark.parametrize("palette", [None, dark_palette, high_contrast_palette])
def test_machine_back_sooner_has_no_blank_band_above_its_words(qtbot, desk, palette):
    desk.machine_down("Linac 1", datetime(2030, 3, 26, 8, tzinfo=LONDON), datetime(2030, 3, 26, 13, tzinfo=LONDON), "beam fault")
    dialog = shown(qtbot, MachineBackDialog(desk, machine="Linac 1"), palette)
    outcome, box = dialog.outcome, dialog.move_back
    assert outcome.text().startswith("From its start: the downtime is removed whole")
    words = outcome.heightForWidth(outcome.width())
    assert whole(outcome) and outcome.height() <= words + 2, "a box as tall as its words"
    gap = top_in(dialog, outcome) - (top_in(dialog, box) + box.height())
    assert gap < outcome.fontMetrics().lineSpacing(), "the words right under the check box, no blank line between"


def test_machine_down_takes_back_its_error_once_the_period_is_put_right(qtbot, desk):
    """'Until: the downtime must end after it starts' stayed under Until after the time was put right, beside the words
    that said the period (now whole) and what it moves."""
    dialog = MachineDownDialog(desk, DAY, machine="Linac 1")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.end.time_field.setTime(QTime(7, 0))
    dialog.take_down()
    assert dialog.end_error.isVisible() and "must end after it starts" in dialog.end_error.text()
    dialog.end.time_field.setTime(QTime(14, 0))
    assert dialog.end_error.isHidden() and "08:00–14:00" in dialog.period.text()
    dialog.end.time_field.setTime(QTime(7, 30))  # wrong again: said again only when asked to take it down
    assert dialog.end_error.isHidden() and dialog.period.text() == ""
    dialog.take_down()
    assert dialog.end_error.isVisible() and "must end after it starts" in dialog.end_error.text()


def test_department_closed_has_no_blank_band_and_keeps_its_words_above_its_error_line(qtbot, desk, monkeypatch):
    """Department closed… has the same words under its fields (what the closure moves) and the same error line."""
    dialog = CloseDepartmentDialog(desk, DAY)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    settled()
    affected, reason = dialog.affected, dialog.reason
    assert affected.text().startswith("Booked then: 4 appointments of 4 patients")
    assert whole(affected) and affected.height() <= affected.heightForWidth(affected.width()) + 2, "a box as tall as its words"
    assert top_in(dialog, affected) - (top_in(dialog, reason) + reason.height()) < affected.fontMetrics().lineSpacing()

    def refused(*_: object, **__: object) -> None:
        raise StoreError(FULL_DISK)

    monkeypatch.setattr(desk, "close_department", refused)
    dialog.close_and_rebook()
    settled()
    assert dialog.error.isVisible() and whole(affected) and whole(dialog.error)
    assert top_in(dialog, affected) + affected.height() <= top_in(dialog, dialog.error)


def placeholder_whole(field) -> bool:
    """The field's grey example fits its width (a QLineEdit elides it with '…' otherwise)."""
    return field.fontMetrics().horizontalAdvance(field.placeholderText()) <= field.contentsRect().width() - 8


def test_the_reason_fields_show_their_example_whole(qtbot, desk):
    """Department closed…'s reason read 'Optional, e.g. snow or power cut (the closure's note in Department se…', cut."""
    closure = shown(qtbot, CloseDepartmentDialog(desk, DAY), None)
    assert placeholder_whole(closure.reason), closure.reason.placeholderText()
    assert "Department settings" in closure.reason.toolTip()  # where the reason shows later, said where it is whole
    down = shown(qtbot, MachineDownDialog(desk, DAY), None)
    assert placeholder_whole(down.reason), down.reason.placeholderText()
