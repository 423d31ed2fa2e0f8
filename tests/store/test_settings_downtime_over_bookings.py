"""Downtime typed into Department settings' Downtime table over booked appointments was saved as it
stood: the patients stayed booked on a machine that is down (the day view drew them inside the
hatching, their calendars kept the times). It is refused, nothing written, with where to record it so
that they are re-booked; downtime that hits nobody is saved as before."""

from __future__ import annotations

from datetime import date

from planner.app.booking import BookingDesk
from planner.app.department_tables import department_from_tables, tables_from_department
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import DowntimeHitsBookings, Store, StoreError
from planner.ui.department_settings import DepartmentDialog

from .booking_scenario import place_bookings, stock


def open_store(tmp_path) -> Store:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    return Store.open(url)


def with_downtime_row(dialog: DepartmentDialog, cells: list[str]) -> None:
    model = dialog.downtime
    model.insertRows(model.rowCount(), 1)
    for column, text in enumerate(cells):
        model.setData(model.index(model.rowCount() - 1, column), text)


def test_downtime_over_bookings_is_refused_with_where_to_record_it(qtbot, tmp_path):
    with open_store(tmp_path) as store:
        before = store.department()
        desk = BookingDesk(store, load_catalogue(default_catalogue_path()), today=date(2030, 3, 22))
        booked = [e for m in desk.agenda(date(2030, 4, 2), 1, "Linac 1").machines for e in m.entries]
        assert booked  # Linac 1 treats on the morning of 2 April
        dialog = DepartmentDialog(before, store.set_department)
        qtbot.addWidget(dialog)
        with_downtime_row(dialog, ["Linac 1", "2030-04-02T08:00", "2030-04-02T12:00", "service"])
        dialog.accept()
        assert dialog.result() != dialog.DialogCode.Accepted and dialog.result_department is None
        text = dialog.error.text()
        assert "Not saved: Linac 1's downtime Tue 2 Apr 2030 08:00–12:00 hits" in text
        assert "Department → Bookings… → Machine down…" in text
        assert store.department() == before  # nothing written


def test_the_store_refuses_it_however_the_department_comes(tmp_path):
    with open_store(tmp_path) as store:
        before = store.department()
        tables = tables_from_department(before)
        tables.downtime.append(["Linac 1", "2030-04-02T08:00", "2030-04-02T12:00", "service"])
        try:
            store.set_department(department_from_tables(tables))
        except DowntimeHitsBookings as exc:
            assert exc.down.machine == "Linac 1" and exc.hit >= 1
        else:
            raise AssertionError("downtime over bookings was saved")
        assert store.department() == before


def test_downtime_that_hits_nobody_is_saved(qtbot, tmp_path):
    with open_store(tmp_path) as store:
        dialog = DepartmentDialog(store.department(), store.set_department)
        qtbot.addWidget(dialog)
        with_downtime_row(dialog, ["Linac 1", "2030-06-03T08:00", "2030-06-03T12:00", "service"])
        dialog.accept()
        assert dialog.result() == dialog.DialogCode.Accepted
        assert any(d.reason == "service" for d in store.department().downtime)


def test_hours_or_a_closure_that_would_shut_booked_time_are_refused(qtbot, tmp_path):
    with open_store(tmp_path) as store:
        before = store.department()
        dialog = DepartmentDialog(before, store.set_department)
        qtbot.addWidget(dialog)
        row = next(r for r, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 1")
        tuesday = 4  # Name, group, capabilities, then Mon, Tue...
        dialog.machines.setData(dialog.machines.index(row, tuesday), "13:00-18:00")  # Linac 1 treats on Tuesday mornings
        dialog.accept()
        assert dialog.result() != dialog.DialogCode.Accepted
        assert "would fall outside the new opening hours" in dialog.error.text() and "Linac 1 Tue" in dialog.error.text()
        assert store.department() == before
        tables = tables_from_department(before)
        tables.closures.append(["2030-04-02", "Flood"])
        try:
            store.set_department(department_from_tables(tables))
        except StoreError as exc:
            assert "would fall outside" in str(exc)
        else:
            raise AssertionError("a closure over bookings was saved")
        tables = tables_from_department(before)
        tables.closures.append(["2030-08-26", "Bank holiday"])  # nobody booked then: saved
        assert any(day == date(2030, 8, 26) for day, _ in store.set_department(department_from_tables(tables)).closures)
