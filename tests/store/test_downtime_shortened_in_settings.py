"""The engineer says Linac 2 is back at 14:00, not tomorrow noon: the coordinator shortens its downtime in Department
settings, and the window said only "Department settings saved." while the sessions the downtime had moved to Linac 1
(and to other times) stayed there, nothing offered or said. It now says from when the machine is bookable again and
that what the downtime moved stays moved, to be moved back in the Bookings window."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

from planner.core.department import Downtime, shortened_downtime

from .booking_scenario import main_window_on, stock

LONDON = ZoneInfo("Europe/London")
QA = Downtime("Linac 2", datetime(2030, 3, 5, 8, 0, tzinfo=LONDON), datetime(2030, 3, 5, 10, 0, tzinfo=LONDON), "monthly QA")


def test_a_downtime_ended_sooner_is_found_and_only_that():
    sooner = replace(QA, end=datetime(2030, 3, 5, 9, 0, tzinfo=LONDON))
    later = replace(QA, end=datetime(2030, 3, 5, 11, 0, tzinfo=LONDON))
    assert shortened_downtime((QA,), (sooner,)) == [(QA, sooner)]
    assert shortened_downtime((QA,), (later,)) == []  # longer: not back sooner
    assert shortened_downtime((QA,), (QA,)) == []
    assert shortened_downtime((QA,), (replace(sooner, machine="Linac 1"),)) == []  # another machine's
    assert shortened_downtime((QA,), (QA, sooner)) == []  # the old one still held: the machine is down as long


def test_saving_a_shortened_downtime_says_when_the_machine_is_back_and_that_moves_stay(qtbot, monkeypatch, tmp_path):
    from planner.ui import department_settings

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:
        def save_shorter(dialog) -> int:  # the coordinator types 09:00 as the end and saves
            department = window.store_link.store.department()
            assert QA in department.downtime
            shorter = replace(department, downtime=tuple(replace(d, end=datetime(2030, 3, 5, 9, 0, tzinfo=LONDON)) if d == QA else d
                                                         for d in department.downtime))
            dialog._save(shorter)
            dialog.result_department = shorter
            return 1

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save_shorter)
        window.store_link.edit_department()
        said = window.statusBar().currentMessage()
        assert said == "Saved: Linac 2 back from Tue 5 Mar 2030 09:00; what its downtime moved stays moved (move it back in Bookings)."


def saved_in_settings(qtbot, monkeypatch, url, edits) -> str:
    """The status bar after Department settings saved `edits` ((table, the first cell of its row as the dialog opened,
    column, text), typed in turn; a downtime row the one ending at 10:00)."""
    from planner.ui import department_settings

    with main_window_on(qtbot, monkeypatch, url) as window:
        def typed(dialog) -> int:
            rows = []
            for table, first, _, _ in edits:
                model = getattr(dialog, table)
                [row] = [n for n, cells in enumerate(model.rows()) if cells[0] == first
                         and (table != "downtime" or cells[2].endswith("T10:00"))]
                rows.append(row)
            for row, (table, _, column, text) in zip(rows, edits, strict=True):
                model = getattr(dialog, table)
                assert model.setData(model.index(row, column), text)
            dialog.accept()
            assert dialog.result_department is not None, dialog.error.text()
            return 1

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", typed)
        window.store_link.edit_department()
        return window.statusBar().currentMessage()


def test_a_downtime_shortened_as_its_machine_is_renamed_says_when_it_is_back(qtbot, monkeypatch, tmp_path):
    """Before, the downtime saved under the new name was not matched with the one shown under the old: nothing said."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    said = saved_in_settings(qtbot, monkeypatch, url, [("machines", "Linac 2", 0, "Linac Two"),
                                                        ("downtime", "Linac 2", 2, "2030-03-05T09:00")])
    assert said == "Saved: Linac Two back from Tue 5 Mar 2030 09:00; what its downtime moved stays moved (move it back in Bookings)."


def test_two_machines_swapping_names_are_not_taken_for_a_downtime_shortened(qtbot, monkeypatch, tmp_path):
    """Linac 1 down 08:00-12:00 and Linac 2 08:00-10:00 on the same morning: after a swap of their names, Linac 1's
    downtime was compared with the other machine's and said to end sooner (and what that one's downtime moved was
    offered to move back)."""
    from planner.store.db import Store

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, downtime=(*department.downtime, replace(QA, machine="Linac 1",
                                                                                          end=datetime(2030, 3, 5, 12, 0, tzinfo=LONDON)))))
    said = saved_in_settings(qtbot, monkeypatch, url, [("machines", "Linac 1", 0, "Linac 2"), ("machines", "Linac 2", 0, "Linac 1")])
    assert said.startswith("Department settings saved") and "back from" not in said
