"""Each Alt letter of the Bookings window's dialogs is used once, so that a keyboard user reaches every field
and button by its letter: 'Move the rest' had M for both Machine and Move (Alt+M never reached the button),
'Department closed' had R for both Reason and Close and re-book."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget

from planner.ui.booking_dialogs import BookDialog, MachineDownDialog, MoveOneDialog, MoveRestDialog
from planner.ui.closure_dialog import CloseDepartmentDialog
from planner.ui.reoptimise_dialog import ReoptimiseDialog

from ..test_ui_small_screen import mnemonic

DAY = date(2030, 4, 2)


def letters_of(dialog: QWidget) -> list[tuple[str, str]]:
    texts = [w.text() for w in (*dialog.findChildren(QLabel), *dialog.findChildren(QAbstractButton)) if w.isVisibleTo(dialog)]
    return [(letter, text) for text in texts if (letter := mnemonic(text))]


def dialogs(desk) -> dict[str, QWidget]:
    entry = next(e for m in desk.agenda(DAY, 1).machines for e in m.entries)
    return {"book": BookDialog(desk, "course-prostate", "Zoë Ångström"),
            "move the rest": MoveRestDialog(desk, entry, "Linac 1"),
            "move one": MoveOneDialog(desk, entry, "Linac 1"),
            "machine down": MachineDownDialog(desk, DAY),
            "department closed": CloseDepartmentDialog(desk, DAY),
            "re-optimise": ReoptimiseDialog(desk)}


@pytest.mark.parametrize("name", ["book", "move the rest", "move one", "machine down", "department closed", "re-optimise"])
def test_each_alt_letter_of_the_dialog_is_used_once(qtbot, golden_desk, name):
    golden_desk.today = date(2030, 3, 29)
    dialog = dialogs(golden_desk)[name]
    qtbot.addWidget(dialog)
    dialog.show()
    used = letters_of(dialog)
    letters = [letter for letter, _ in used]
    assert len(letters) == len(set(letters)), sorted(used)
