"""A booking desk kept open (the Bookings window's) while another coordinator changes the department:
it proposes by the department as the store holds it now (downtime, booking rules), a proposal made
before the change is refused by the store as a lost booking (exit 3, one line, nothing written), and
two coordinators booking the same course at once: one wins, the other's booking is lost (exit 3)."""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
from dataclasses import replace
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import make_url, text

from planner.app.booking import BookingDesk, open_desk
from planner.core.department import BookingRules
from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db.bookings import SlotTaken

from .booking_scenario import stock
from .command_line import run
from .test_booking_concurrency import _Holder, race, sleeping_in_sqlite_busy_wait

LONDON = ZoneInfo("Europe/London")
FRIDAY = date(2030, 3, 22)  # the desks' today: the Monday after is 25 March 2030
DOWN = (datetime(2030, 3, 25, 8, 0, tzinfo=LONDON), datetime(2030, 3, 25, 18, 0, tzinfo=LONDON))
DOWN_WORDS = "Linac 1 was taken down Mon 25 Mar 2030 08:00–18:00 meanwhile (magnetron)"


def desk_on(url: str, catalogue) -> BookingDesk:
    desk = open_desk(url, catalogue)
    desk.today = FRIDAY
    return desk


def propose(desk: BookingDesk):
    answer = desk.propose("course-prostate", earliest=date(2030, 3, 25), prefer_time=time(8, 30), machine="Linac 1")
    assert answer.best is not None
    return answer.best


def in_downtime(proposal) -> list[int]:
    return [b.number for b in proposal.bookings if b.machine == "Linac 1" and b.start < DOWN[1] and DOWN[0] < b.end]


def test_a_desk_opened_before_anothers_machine_down_proposes_around_it_and_books(store_url, catalogue):
    url = stock(store_url)
    with desk_on(url, catalogue) as window, desk_on(url, catalogue) as other:
        assert in_downtime(propose(window)) == [1]  # before: the first fraction at 08:30 on Linac 1
        other.machine_down("Linac 1", *DOWN, "magnetron")
        proposal = propose(window)
        assert in_downtime(proposal) == []
        first = min((b for b in proposal.bookings if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
        assert first.start.date() == date(2030, 3, 25) and first.machine != "Linac 1"  # the same day, another machine
        window.commit(proposal)
        agenda = window.agenda(date(2030, 3, 25), 1)
        linac = agenda.machine("Linac 1")
        assert linac is not None and linac.entries == () and [(d.start, d.end) for d in linac.downtime] == [DOWN]


@pytest.mark.parametrize("change, words", [
    ("downtime", DOWN_WORDS),
    ("closure", "the department was closed on Mon 25 Mar 2030 meanwhile (power cut)"),
    ("hours", "Linac 1's hours on Mon 25 Mar 2030 changed meanwhile to 12:00–18:00: 08:30 is outside them"),
])
def test_a_proposal_made_before_another_coordinators_change_is_refused_and_nothing_is_booked(store_url, catalogue, change, words):
    url = stock(store_url)
    with desk_on(url, catalogue) as window, desk_on(url, catalogue) as other:
        proposal = propose(window)
        if change == "downtime":
            other.machine_down("Linac 1", *DOWN, "magnetron")
        elif change == "closure":
            other.close_department(date(2030, 3, 25), date(2030, 3, 25), "power cut")
        else:  # Department settings saved meanwhile: Linac 1 opens at noon on Mondays
            department = other.store.department()
            assert department is not None
            machines = tuple(replace(m, hours={**m.hours, 0: (time(12, 0), time(18, 0))}) if m.name == "Linac 1" else m
                             for m in department.machines)
            other.store.set_department(replace(department, machines=machines))
        with pytest.raises(SlotTaken) as refused:
            window.commit(proposal)
        assert str(refused.value) == words
        assert window.first_booked("course-prostate") is None
        window.commit(propose(window))  # proposed again, by the department as it is now
        assert window.first_booked("course-prostate") is not None


def test_a_desk_opened_before_a_change_of_the_booking_rules_proposes_by_the_new_ones(tmp_path, catalogue):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        store.set_department(replace(department, booking=BookingRules(urgent_reserve_percent=0)))
    with open_desk(url, catalogue) as window, Store.open(url) as other:

        def second_fraction() -> str:
            answer = window.propose("course-prostate", earliest=date(2030, 4, 8), prefer_time=time(17, 20))
            assert answer.best is not None
            fractions = sorted((b for b in answer.best.bookings if b.kind is AppointmentKind.FRACTION), key=lambda b: b.start)
            return f"{fractions[1].start.astimezone(LONDON):%H:%M}"

        assert second_fraction() == "17:20"  # nothing held for urgent starts
        department = other.department()
        assert department is not None
        other.set_department(replace(department, booking=BookingRules(urgent_reserve_percent=40)))  # Department settings, meanwhile
        assert second_fraction() <= "14:00"  # the machines close at 18:00: 40 % holds 14:00-18:00
        assert window.department.booking.urgent_reserve_percent == 40


def test_the_desk_reads_the_department_again_only_when_it_changed(tmp_path, catalogue):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with desk_on(url, catalogue) as window, desk_on(url, catalogue) as other:
        read = window.department
        assert window.refresh() is False and window.department is read
        other.machine_down("Linac 1", *DOWN, "magnetron")
        assert window.refresh() is True and window.department.downtime_of("Linac 1")[-1].reason == "magnetron"
        assert window.refresh() is False


def test_book_exits_3_with_one_line_when_the_machine_was_taken_down_meanwhile(capsys, tmp_path, monkeypatch, catalogue):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    proposed = BookingDesk.propose

    def propose_then_machine_down(desk: BookingDesk, *args, **kwargs):
        answer = proposed(desk, *args, **kwargs)
        with desk_on(url, catalogue) as other:  # another coordinator, between the proposals and the booking
            other.machine_down("Linac 1", *DOWN, "magnetron")
        return answer

    monkeypatch.setattr(BookingDesk, "propose", propose_then_machine_down)
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--machine", "Linac 1", "--json")
    assert (status, out) == (3, "")
    assert err == f"planner: conflict: booking lost: {DOWN_WORDS}; nothing was booked, run book again for new proposals\n"
    monkeypatch.undo()
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25",
                           "--prefer-time", "08:30", "--machine", "Linac 1", "--json")
    assert status == 0, err
    first = json.loads(out)["appointments"][0]
    assert first["start"].startswith("2030-03-25T") and first["machine"] != "Linac 1"


def test_a_course_booked_meanwhile_by_another_coordinator_is_a_lost_booking(capsys, tmp_path, monkeypatch, catalogue):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    proposed = BookingDesk.propose

    def propose_then_book(desk: BookingDesk, *args, **kwargs):
        answer = proposed(desk, *args, **kwargs)
        with desk_on(url, catalogue) as other:
            taken = proposed(other, "course-prostate", earliest=date(2030, 3, 26)).best
            assert taken is not None
            other.commit(taken)
        return answer

    monkeypatch.setattr(BookingDesk, "propose", propose_then_book)
    status, out, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate", "--earliest", "2030-03-25")
    assert (status, out) == (3, "") and err.count("\n") == 1
    assert err.startswith("planner: conflict: booking lost: course course-prostate was booked meanwhile by ")
    assert err.endswith(" (Linac 1 from Tue 26 Mar 2030 08:30); nothing more was booked, look at the course "
                        "(course show --course-id course-prostate)\n")
    monkeypatch.undo()
    with desk_on(url, catalogue) as desk:  # the other coordinator's booking is kept
        first = desk.first_booked("course-prostate")
        assert first is not None and first.start.date() == date(2030, 3, 26)
    status, _, err = run(capsys, "book", "--db", url, "--course-id", "course-prostate")
    assert status == 2 and "already booked; unbook it first" in err  # booking a booked course on purpose: unchanged


def _same_course_race(url: str, hold_lock, waiting) -> list[tuple[int, str, str]]:
    return race(url, hold_lock, waiting, courses=("course-prostate", "course-prostate"))


def _check_one_booked(url: str, results: list[tuple[int, str, str]]) -> None:
    assert sorted(status for status, _, _ in results) == [0, 3], results
    loser = next(err for status, _, err in results if status == 3)
    assert loser.startswith("planner: conflict: booking lost: course course-prostate was booked meanwhile") and loser.count("\n") == 1
    with Store.open(url) as store, store.engine.connect() as connection:
        rows = connection.execute(text("SELECT course_id, COUNT(*) FROM bookings GROUP BY course_id")).all()
        booked = connection.execute(text("SELECT course_id FROM booked_courses")).scalars().all()
    assert [tuple(r) for r in rows] == [("course-prostate", 20)] and booked == ["course-prostate"]


def test_two_processes_booking_one_course_on_sqlite(tmp_path):
    path = tmp_path / "department.db"
    url = stock(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        lock = lambda: _Holder(lambda: holder.execute("BEGIN IMMEDIATE"), lambda: holder.execute("ROLLBACK"))  # noqa: E731
        results = _same_course_race(url, lock, lambda processes: all(sleeping_in_sqlite_busy_wait(p.pid) for p in processes))
    finally:
        holder.close()
    _check_one_booked(url, results)


def test_two_processes_booking_one_course_on_postgresql(postgres):
    import psycopg

    url = stock(postgres.new_database())
    database = make_url(url).database
    holder = psycopg.connect(host=str(postgres.socket), user="planner", dbname=database)
    watcher = psycopg.connect(host=str(postgres.socket), user="planner", dbname=database, autocommit=True)

    def waiting(_processes) -> bool:  # one waits for the bookings table the test holds, the other for the writers' lock
        found = watcher.execute("SELECT count(*) FROM pg_locks WHERE NOT granted "
                                "AND (relation = 'bookings'::regclass OR locktype = 'advisory')").fetchone()
        return found is not None and found[0] >= 2

    try:
        lock = lambda: _Holder(lambda: holder.execute("LOCK TABLE bookings IN SHARE ROW EXCLUSIVE MODE"), holder.rollback)  # noqa: E731
        results = _same_course_race(url, lock, waiting)
    finally:
        holder.close()
        watcher.close()
    _check_one_booked(url, results)


def test_the_window_redraws_by_the_department_as_stored(qtbot, tmp_path, catalogue):
    from planner.ui.department_window import DepartmentWindow

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with desk_on(url, catalogue) as desk, desk_on(url, catalogue) as other:
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        with contextlib.redirect_stdout(io.StringIO()):
            other.machine_down("Linac 1", *DOWN, "magnetron")
        assert all(not m.downtime for m in window.day_view.machines)
        window.refresh()
        linac = next(m for m in window.day_view.machines if m.name == "Linac 1")
        assert [(d.start, d.end, d.reason) for d in linac.downtime] == [(*DOWN, "magnetron")]


def test_the_book_dialog_says_why_a_proposal_made_before_anothers_machine_down_was_not_booked(qtbot, tmp_path, catalogue):
    from planner.ui.booking_dialogs import BookDialog

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    with desk_on(url, catalogue) as window, desk_on(url, catalogue) as other:
        dialog = BookDialog(window, "course-prostate")
        qtbot.addWidget(dialog)
        dialog.use_earliest.setChecked(False)
        dialog.earliest.setDate(date(2030, 3, 25))
        dialog.machine.setCurrentIndex(dialog.machine.findData("Linac 1"))
        dialog.find_proposals()
        assert dialog.answer is not None and in_downtime(dialog.answer.proposals[0])
        other.machine_down("Linac 1", *DOWN, "magnetron")
        dialog.book_selected()
        assert dialog.error.text() == f"Not booked: {DOWN_WORDS}. Find proposals again."
        with window.store.engine.connect() as connection:  # nothing of the course was booked
            assert not db.course_bookings(connection, "course-prostate")
