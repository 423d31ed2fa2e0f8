"""The Print dialog's note under From and To ("Leaves off the end of the course: ...") appears once the dialog is
open, when the coordinator narrows the range to print one week: the dialog grows to it, so its wrapped lines are
not squeezed over the To field above and the buttons below."""

from __future__ import annotations

from datetime import date, timedelta

from planner.ui.dialogs import PrintDialog

WEEKS = [date(2026, 11, 30) + timedelta(weeks=k) for k in range(5)]


def test_the_range_note_gets_its_room_when_it_appears(qtbot):
    dialog = PrintDialog(WEEKS)
    qtbot.addWidget(dialog)
    dialog.resize(430, dialog.sizeHint().height())  # narrow enough that the note wraps to two lines
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.range_note.isHidden()
    dialog.last.setCurrentIndex(0)  # print the first week only
    qtbot.wait(50)
    note = dialog.range_note
    assert note.isVisible() and note.text().startswith("Leaves off the end of the course")
    assert note.heightForWidth(note.width()) > note.fontMetrics().height(), "the scenario: the note wraps"
    assert note.height() >= note.heightForWidth(note.width()), "the note's lines are squeezed"
    assert note.geometry().top() >= dialog.last.geometry().bottom(), "the note runs over the To field"
    assert note.geometry().bottom() <= dialog.days.geometry().top()
    grown = dialog.height()
    dialog.last.setCurrentIndex(len(WEEKS) - 1)  # the whole course again: the note goes, and its room with it
    qtbot.wait(50)
    assert dialog.range_note.isHidden() and dialog.height() < grown
