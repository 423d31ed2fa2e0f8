"""Department settings: the coordinator types a new name over Linac 3's. Before, Save refused (its downtime rows still
named Linac 3; once those were retyped, "Linac 3 has N bookings: move or unbook them before removing it"): a rename
was taken for a machine removed and another added. Now the downtime rows follow the name as it is typed, and the
machine keeps its bookings, its downtime and what that downtime moved, which `machine-up --move-back` still moves back."""

from __future__ import annotations

import json

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import breast_booked, main_window_on
from .command_line import run


def test_renaming_a_booked_machine_in_department_settings_keeps_what_it_holds(qtbot, monkeypatch, tmp_path, capsys):
    from planner.ui import department_settings

    url = breast_booked(f"sqlite:///{tmp_path / 'department.db'}", capsys)
    status, _, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                         "--reason", "beam fault", "--json")
    assert status == 0, err
    with main_window_on(qtbot, monkeypatch, url) as window:
        def rename(dialog) -> int:  # the coordinator types the new name over the old one and saves
            [row] = [n for n, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 3"]
            [down] = [n for n, cells in enumerate(dialog.downtime.rows()) if cells[0] == "Linac 3"]
            recorder = dialog.downtime.index(down, dialog.downtime.recorded_column)
            said = dialog.downtime.data(recorder)
            assert said.startswith("recorded by ")
            assert dialog.machines.setData(dialog.machines.index(row, 0), "Linac Three")
            assert dialog.downtime.rows()[down][0] == "Linac Three", "its downtime rows follow the name"
            assert dialog.downtime.data(recorder) == said, "its downtime is still the one recorded, not a new one"
            dialog.accept()
            return 1 if dialog.result_department is not None else 0

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", rename)
        window.store_link.edit_department()
        department = window.store_link.store.department()
    assert "Linac Three" in [m.name for m in department.machines] and "Linac 3" not in [m.name for m in department.machines]
    assert [d.machine for d in department.downtime if d.reason == "beam fault"] == ["Linac Three"]
    with Store.open(url) as store, store.engine.connect() as connection:
        assert {b.machine for b in db.course_bookings(connection, "course-breast") if b.kind is AppointmentKind.FRACTION} == {"Linac Three"}
    status, out, err = run(capsys, "machine-up", "Linac Three", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    [back] = json.loads(out)["moved_back"]
    assert back["to"] == {"machine": "Linac Three", "start": "2030-04-02T08:30+01:00"}


def test_two_machines_swapping_names_in_department_settings_keep_what_each_holds(qtbot, monkeypatch, url, capsys):
    """The golden bookings; Linac 1 down for a day (its sessions went to Linac 2); then the coordinator types "Linac 2"
    over Linac 1's name and "Linac 1" over Linac 2's, and saves: each machine keeps its bookings, its downtime (and who
    recorded it), what its downtime moved and its trail, under its new name."""
    from planner.store.db import schema as t
    from planner.store.db.downtime_moves import downtime_moves
    from planner.ui import department_settings

    status, out, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                           "--reason", "beam fault", "--json")
    assert status == 0, err
    assert {m["to"]["machine"] for m in json.loads(out)["moved"]} == {"Linac 2"}
    with Store.open(url) as store, store.engine.connect() as connection:
        lung_before = {b.machine for b in db.course_bookings(connection, "course-lung")}
        stored = store.department()
    assert lung_before == {"Linac 2"}
    with main_window_on(qtbot, monkeypatch, url) as window:
        def swap(dialog) -> int:
            one = [n for n, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 1"]
            two = [n for n, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 2"]
            assert dialog.machines.setData(dialog.machines.index(one[0], 0), "Linac 2")
            assert dialog.machines.setData(dialog.machines.index(two[0], 0), "Linac 1")
            dialog.accept()
            return 1 if dialog.result_department is not None else 0

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", swap)
        window.store_link.edit_department()
        department = window.store_link.store.department()
    assert department.machine("Linac 1").hours == stored.machine("Linac 2").hours  # Linac 2's Friday closes at 16:00
    assert department.machine("Linac 2").hours == stored.machine("Linac 1").hours
    assert {d.reason: d.machine for d in department.downtime} == {"beam fault": "Linac 2", "monthly QA": "Linac 1"}
    assert {d.reason: d.recorded for d in department.downtime} == {d.reason: d.recorded for d in stored.downtime}
    with Store.open(url) as store, store.engine.connect() as connection:
        assert {b.machine for b in db.course_bookings(connection, "course-lung")} == {"Linac 1"}
        assert {(r.from_machine, r.to_machine) for r in connection.execute(downtime_moves.select())} == {("Linac 2", "Linac 1")}
        trail = {r.note: r.machine for r in connection.execute(t.department_trail.select()) if r.subject == "downtime"}
        assert trail == {"beam fault": "Linac 2", "monthly QA": "Linac 1"}
    status, out, err = run(capsys, "machine-up", "Linac 2", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    back = json.loads(out)["moved_back"]
    assert back and {b["to"]["machine"] for b in back} == {"Linac 2"}


def test_open_windows_show_a_machine_renamed_elsewhere_once_active_again(qtbot, monkeypatch, tmp_path, capsys):
    """Another coordinator renames Linac 3 while this one has the breast course and the Bookings window open: each shows
    the new name when it is active again (as it shows their bookings), not the name it read when it opened."""
    from dataclasses import replace
    from datetime import date

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    from planner.ui.department_window import DepartmentWindow

    url = breast_booked(f"sqlite:///{tmp_path / 'department.db'}", capsys)
    with main_window_on(qtbot, monkeypatch, url) as window:
        window.store_link.open_course("course-breast")
        window.courses.open_department()
        (bookings,) = window.findChildren(DepartmentWindow)
        bookings.show_day(date(2030, 4, 2))
        assert "Linac 3" in [m.name for m in bookings.day_view.machines]
        assert {name for _, name in window.results.machines} == {"Linac 3"}
        with Store.open(url) as store:  # the other coordinator's Department settings
            opened = store.department()
            assert opened is not None
            store.set_department(replace(opened, machines=tuple(replace(m, name="Linac Three") if m.name == "Linac 3" else m
                                                                for m in opened.machines)),
                                 opened=opened, renamed={"Linac 3": "Linac Three"})
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
        assert {name for _, name in window.results.machines} == {"Linac Three"}
        assert "Linac Three" in window.results.summary.text()
        bookings.refresh()  # as when it is active again
        assert [m.name for m in bookings.day_view.machines if m.name.startswith("Linac")] == ["Linac 1", "Linac 2", "Linac Three"]
