"""A machine removed in Department settings (its patients moved or unbooked first) and a new one added later under the
same name: the new machine is another machine. It starts without the old one's downtime, and what the old one's
downtime moved is no longer offered for moving back: before, those records (kept by name) were the new machine's, and
`machine-up --move-back` on it would have put the old machine's patients onto the new one."""

from __future__ import annotations

import json
from dataclasses import replace

from planner.store.db import Store
from planner.store.db.downtime_moves import EARLIEST, LATEST, moves_off

from .booking_scenario import breast_booked
from .command_line import run


def test_a_machine_added_under_a_removed_ones_name_takes_nothing_of_it(capsys, store_url):
    url = breast_booked(store_url, capsys)
    status, out, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                           "--reason", "beam fault", "--json")
    assert status == 0 and json.loads(out)["appended"], err
    status, _, err = run(capsys, "unbook", "--db", url, "--course-id", "course-breast")
    assert status == 0, err
    with Store.open(url) as store:
        with store.engine.connect() as connection:
            assert moves_off(connection, "Linac 3", EARLIEST, LATEST, left=True), "what the downtime moved is recorded"
        stored = store.department()
        assert stored is not None
        [old] = [m for m in stored.machines if m.name == "Linac 3"]
        without = replace(stored, machines=tuple(m for m in stored.machines if m.name != "Linac 3"),
                          downtime=tuple(d for d in stored.downtime if d.machine != "Linac 3"))
        store.set_department(without, opened=stored)
        removed = store.department()
        assert removed is not None
        store.set_department(replace(removed, machines=(*removed.machines, old)), opened=removed)
        again = store.department()
        assert again is not None and "Linac 3" in [m.name for m in again.machines]
        assert [d for d in again.downtime if d.machine == "Linac 3"] == [], "the old machine's downtime went with it"
        with store.engine.connect() as connection:
            assert moves_off(connection, "Linac 3", EARLIEST, LATEST, left=True) == [], "nor is what it moved the new one's"


def test_what_a_downtime_moved_onto_a_removed_machine_is_not_taken_off_one_added_under_its_name(capsys, store_url):
    """Linac 1 down for a day put the prostate course's session on Linac 2; the course was unbooked, Linac 2 removed and
    a new Linac 2 added, the course booked on it at the same times. Before, the record of that move (kept by the removed
    machine's name) stayed, and `machine-up Linac 1 --move-back` took the new machine's session to Linac 1."""
    from planner.store.db.downtime_moves import downtime_moves

    from .booking_scenario import COURSES, stock

    url = stock(store_url, COURSES[:1])
    book = ("book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25", "--prefer-time", "08:30")
    status, _, err = run(capsys, *book, "--machine", "Linac 1")
    assert status == 0, err
    status, out, err = run(capsys, "machine-down", "Linac 1", "--db", url, "--from", "2030-04-02T07:00", "--to", "2030-04-02T18:00",
                           "--reason", "beam fault", "--json")
    assert status == 0, err
    assert [m["to"]["machine"] for m in json.loads(out)["moved"]] == ["Linac 2"]
    status, _, err = run(capsys, "unbook", "--db", url, "--course-id", "course-prostate")
    assert status == 0, err
    with Store.open(url) as store:
        stored = store.department()
        assert stored is not None
        [old] = [m for m in stored.machines if m.name == "Linac 2"]
        without = replace(stored, machines=tuple(m for m in stored.machines if m.name != "Linac 2"),
                          downtime=tuple(d for d in stored.downtime if d.machine != "Linac 2"))
        store.set_department(without, opened=stored)
        with store.engine.connect() as connection:
            assert [r.to_machine for r in connection.execute(downtime_moves.select())] == [], "they went with the machine"
        removed = store.department()
        assert removed is not None
        store.set_department(replace(removed, machines=(*removed.machines, old)), opened=removed)
    status, _, err = run(capsys, *book, "--machine", "Linac 2")
    assert status == 0, err
    status, out, err = run(capsys, "machine-up", "Linac 1", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    assert json.loads(out)["moved_back"] == [], "the new Linac 2's session stays on it"
