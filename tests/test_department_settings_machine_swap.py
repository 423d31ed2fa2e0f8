"""Department settings: two machines' names swapped by typing one over the other (Linac 1 becomes "Linac 2", then Linac 2
becomes "Linac 1"), or renamed in a chain (Linac 1 becomes "Linac 2" while Linac 2 becomes "Linac 9"). Before, the
downtime rows followed the name as typed, so after the first edit both machines' downtime said "Linac 2" and the second
edit could not tell them apart: Save put both machines' downtime under one of them. Now each downtime row follows its
machine's row."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from planner.core.department import Department, Downtime, Recorded, load_department
from planner.ui.department_settings import DepartmentDialog
from tests.store.booking_scenario import DEPARTMENT_FILE

QA_REASON = "monthly QA"  # the golden department's downtime, on Linac 2
FAULT_REASON = "beam fault"


@pytest.fixture
def department() -> Department:
    """The golden department with a downtime on Linac 1 too, each recorded by someone else."""
    golden = load_department(DEPARTMENT_FILE)
    zone = golden.zone
    fault = Downtime("Linac 1", datetime(2030, 3, 6, 8, 0, tzinfo=zone), datetime(2030, 3, 6, 12, 0, tzinfo=zone), FAULT_REASON,
                     Recorded("engineer", datetime(2030, 3, 1, 9, 0, tzinfo=UTC)))
    qa = replace(golden.downtime[0], recorded=Recorded("physicist", datetime(2030, 2, 1, 9, 0, tzinfo=UTC)))
    return replace(golden, downtime=(qa, fault))


def machine_row(dialog: DepartmentDialog, name: str) -> int:
    [row] = [n for n, cells in enumerate(dialog.machines.rows()) if cells[0] == name]
    return row


def downtime_says(dialog: DepartmentDialog) -> dict[str, tuple[str, str]]:
    """Each downtime row by its reason: the machine it names and who it says recorded it."""
    model = dialog.downtime
    return {cells[3]: (cells[0], model.data(model.index(row, model.recorded_column)))
            for row, cells in enumerate(model.rows())}


def typed(dialog: DepartmentDialog, *renames: tuple[str, str]) -> None:
    """Each (name, new name): the new name typed over the machine's (found by the name it shows then)."""
    rows = [machine_row(dialog, old) for old, _ in renames]
    for row, (_, new) in zip(rows, renames, strict=True):
        assert dialog.machines.setData(dialog.machines.index(row, 0), new)


@pytest.mark.parametrize("order", ["Linac 1 first", "Linac 2 first"])
def test_two_machines_swapping_names_keep_their_own_downtime(qtbot, department, order):
    saved: list[Department] = []
    dialog = DepartmentDialog(department, saved.append)
    qtbot.addWidget(dialog)
    before = downtime_says(dialog)
    assert before[FAULT_REASON][0] == "Linac 1" and before[QA_REASON][0] == "Linac 2"
    one, two = machine_row(dialog, "Linac 1"), machine_row(dialog, "Linac 2")
    edits = [(one, "Linac 2"), (two, "Linac 1")]
    for row, name in edits if order == "Linac 1 first" else edits[::-1]:
        assert dialog.machines.setData(dialog.machines.index(row, 0), name)
    assert downtime_says(dialog) == {FAULT_REASON: ("Linac 2", before[FAULT_REASON][1]),
                                     QA_REASON: ("Linac 1", before[QA_REASON][1])}, "each still the one its recorder entered"
    dialog.accept()
    [saved_department] = saved
    assert dialog.renamed == {"Linac 1": "Linac 2", "Linac 2": "Linac 1"}
    assert {d.reason: d.machine for d in saved_department.downtime} == {FAULT_REASON: "Linac 2", QA_REASON: "Linac 1"}
    assert saved_department.machine("Linac 1").hours == department.machine("Linac 2").hours  # Linac 2's Friday closes at 16:00


@pytest.mark.parametrize("renames", [(("Linac 1", "Linac 2"), ("Linac 2", "Linac 9")),
                                     (("Linac 2", "Linac 9"), ("Linac 1", "Linac 2"))], ids=["onto the name first", "off it first"])
def test_a_chain_of_renames_keeps_each_machines_downtime(qtbot, department, renames):
    saved: list[Department] = []
    dialog = DepartmentDialog(department, saved.append)
    qtbot.addWidget(dialog)
    before = downtime_says(dialog)
    one, two = machine_row(dialog, "Linac 1"), machine_row(dialog, "Linac 2")
    for old, new in renames:
        row = {"Linac 1": one, "Linac 2": two}[old]
        assert dialog.machines.setData(dialog.machines.index(row, 0), new)
    assert downtime_says(dialog) == {FAULT_REASON: ("Linac 2", before[FAULT_REASON][1]),
                                     QA_REASON: ("Linac 9", before[QA_REASON][1])}
    dialog.accept()
    [saved_department] = saved
    assert dialog.renamed == {"Linac 1": "Linac 2", "Linac 2": "Linac 9"}
    assert {d.reason: d.machine for d in saved_department.downtime} == {FAULT_REASON: "Linac 2", QA_REASON: "Linac 9"}


def test_downtime_follows_its_machine_after_rows_are_added_and_removed(qtbot, department):
    dialog = DepartmentDialog(department, lambda _: None)
    qtbot.addWidget(dialog)
    dialog.downtime.insertRows(0, 1)  # a row above the others: theirs keep their machines
    dialog.machines.insertRows(0, 1)
    assert dialog.machines.setData(dialog.machines.index(0, 0), "Linac 5")
    for column, text in enumerate(["Linac 5", "2030-03-07T08:00", "2030-03-07T09:00", "service"]):
        dialog.downtime.setData(dialog.downtime.index(0, column), text)
    dialog.machines.removeRows(machine_row(dialog, "Linac 3"), 1)
    typed(dialog, ("Linac 1", "Linac 2"), ("Linac 2", "Linac 1"), ("Linac 5", "Linac Five"))
    assert {reason: machine for reason, (machine, _) in downtime_says(dialog).items()} == {
        FAULT_REASON: "Linac 2", QA_REASON: "Linac 1", "service": "Linac Five"}
    removed = machine_row(dialog, "Linac 2")
    dialog.machines.removeRows(removed, 1)  # its downtime names a machine no longer there (Save refuses it)
    dialog.machines.insertRows(removed, 1)
    assert dialog.machines.setData(dialog.machines.index(removed, 0), "Linac 2")  # another machine, added under its name
    assert dialog.machines.setData(dialog.machines.index(removed, 0), "Linac Two")
    assert downtime_says(dialog)[FAULT_REASON][0] == "Linac 2", "the removed machine's downtime does not follow the new one"


def test_renaming_a_machine_does_not_ask_about_capability_words_it_had(qtbot, monkeypatch, department):
    """Linac 3's 'dibh', a word no catalogue entry here asks for, was there when the dialog opened: a new name typed over
    Linac 3's (or two names swapped) is no word typed, so Save does not ask "Capabilities no site asks for". Before, the
    words were told by the machine's name, so a renamed machine's words all looked new."""
    from PySide6.QtWidgets import QMessageBox

    from tests.window_helpers import answer

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("&Save anyway", asked))
    saved: list[Department] = []
    dialog = DepartmentDialog(department, saved.append, known_capabilities=frozenset({"vmat", "sbrt", "ct"}))
    qtbot.addWidget(dialog)
    typed(dialog, ("Linac 3", "Linac Three"), ("Linac 1", "Linac 2"), ("Linac 2", "Linac 1"))
    dialog.accept()
    assert asked == [] and len(saved) == 1
    three = dialog.machines.index(machine_row(dialog, "Linac Three"), 2)
    assert dialog.machines.setData(three, "vmat, dibh, gating")  # a word typed now is asked about
    dialog.accept()
    assert len(asked) == 1 and "'gating'" in asked[0] and "'dibh'" not in asked[0]
