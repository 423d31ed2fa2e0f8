"""Two coordinators: A opens Department settings; meanwhile B takes Linac 1 down for the day (its patients
re-booked) and closes the department on another day (a power cut). A then saves a new phone number. B's
downtime and closure stay: before, A's save wrote the settings as A had opened them, so Linac 1 became
bookable again on the day it is broken and the closed day opened again, without a word to anyone."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from planner.store.db import Store
from planner.ui import department_settings

from .booking_scenario import desk_on, main_window_on, stock

LONDON = ZoneInfo("Europe/London")
DOWN = (datetime(2030, 3, 25, 8, 0, tzinfo=LONDON), datetime(2030, 3, 25, 18, 0, tzinfo=LONDON))
CLOSED = date(2030, 3, 27)


def bob_takes_linac_1_down_and_closes_a_day(url: str) -> None:
    with desk_on(url) as bob:
        bob.today = date(2030, 3, 22)
        bob.machine_down("Linac 1", *DOWN, "magnetron")
        bob.close_department(CLOSED, CLOSED, "power cut")


def kept(department) -> tuple[bool, bool]:
    down = any(d.machine == "Linac 1" and (d.start, d.end) == DOWN for d in department.downtime)
    return down, CLOSED in {day for day, _ in department.closures}


def test_settings_saved_from_a_copy_read_before_anothers_downtime_and_closure_keep_them(store_url):
    url = stock(store_url)
    with Store.open(url, user="alice") as alice:
        opened = alice.department()
        assert opened is not None and kept(opened) == (False, False)
        bob_takes_linac_1_down_and_closes_a_day(url)
        alice.set_department(replace(opened, phone="+44 20 7946 0000"), opened=opened)
        stored = alice.department()
    assert stored is not None and stored.phone == "+44 20 7946 0000"
    assert kept(stored) == (True, True)


def test_what_the_coordinator_removed_stays_removed(store_url):
    url = stock(store_url)
    with Store.open(url, user="alice") as alice:
        opened = alice.department()
        assert opened is not None and opened.downtime and opened.closures
        bob_takes_linac_1_down_and_closes_a_day(url)
        alice.set_department(replace(opened, downtime=opened.downtime[1:], closures=opened.closures[1:]), opened=opened)
        stored = alice.department()
    assert stored is not None and kept(stored) == (True, True)
    assert opened.downtime[0] not in stored.downtime and opened.closures[0] not in stored.closures


def test_the_window_keeps_downtime_recorded_while_department_settings_were_open(qtbot, monkeypatch, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with main_window_on(qtbot, monkeypatch, url) as window:

        def edit_meanwhile_and_save(dialog):
            bob_takes_linac_1_down_and_closes_a_day(url)  # while A's dialog is open
            dialog.details.setData(dialog.details.index(2, 0), "+44 20 7946 0000")
            dialog.accept()
            return dialog.result()

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", edit_meanwhile_and_save)
        window.store_link.edit_department()
        with Store.open(url) as store:
            stored = store.department()
        assert stored is not None and stored.phone == "+44 20 7946 0000" and kept(stored) == (True, True)
        assert kept(window.store_link.department) == (True, True)  # the window plans new courses on them too


def test_other_settings_changed_meanwhile_are_kept_where_this_coordinator_left_them_as_opened(store_url):
    from planner.core.department import BookingRules

    url = stock(store_url)
    with Store.open(url, user="alice") as alice, Store.open(url, user="bob") as bob:
        opened = alice.department()
        assert opened is not None
        theirs = bob.department()
        assert theirs is not None
        linac_9 = replace(theirs.machines[0], name="Linac 9")
        bob.set_department(replace(theirs, phone="+44 20 7946 0999", booking=BookingRules(urgent_reserve_percent=25),
                                   machines=(*theirs.machines, linac_9)), opened=theirs)
        mine = replace(opened, name="Riverside Cancer Centre (North)",
                       machines=(replace(opened.machines[0], group="Z"), *opened.machines[1:]))
        alice.set_department(mine, opened=opened)
        stored = alice.department()
    assert stored is not None
    assert stored.name == "Riverside Cancer Centre (North)" and stored.phone == "+44 20 7946 0999"
    assert stored.booking.urgent_reserve_percent == 25
    assert [m.name for m in stored.machines] == [*(m.name for m in opened.machines), "Linac 9"]
    assert stored.machines[0].group == "Z"
