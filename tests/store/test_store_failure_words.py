"""A store write that fails (another program holds the store, its file is damaged or may only be read) is said in the
Bookings window and its dialogs in one sentence naming what failed and what to do: never SQLite's message, a SQL
statement or the store's address. What the coordinator typed or chose stays in the dialog."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QDialog
from sqlalchemy import event

from planner.app.booking import open_desk
from planner.app.store_words import store_words
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store, StoreError
from planner.store.db.errors import Trouble, trouble_of
from planner.ui.booking_dialogs import BookDialog, MachineDownDialog
from planner.ui.department_window import DepartmentWindow

from .booking_scenario import place_bookings, stock

LONDON = ZoneInfo("Europe/London")
DAY = date(2030, 4, 2)
LOCKED = "The department store could not be written: another program holds it. Nothing was changed; try again in a moment."


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made, skip=("course-prostate-2",))  # left waiting, to be booked
    return made


@pytest.fixture
def desk(url):
    opened = open_desk(url, load_catalogue(default_catalogue_path()))
    yield opened
    opened.store.close()


@contextmanager
def writes_fail(store: Store, error: sqlite3.Error, *, reads_too: bool = False) -> Iterator[None]:
    """Every statement that changes the store fails with `error`, as SQLite raises it (reads go on, but `reads_too`)."""

    def fail(_conn, _cursor, statement, *_args) -> None:
        if reads_too or statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            raise error

    event.listen(store.engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(store.engine, "before_cursor_execute", fail)


@contextmanager
def held_by_another_program(url: str, store: Store) -> Iterator[None]:
    """The store's file write-locked by another connection (another coordinator's planner mid-write), the store waiting
    for it a tenth of a second rather than its ten."""

    @event.listens_for(store.engine, "connect")
    def impatient(dbapi_connection, _record) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout=100")

    store.engine.dispose()  # the connections made from now on are impatient
    with closing(sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)) as other:
        other.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            other.execute("ROLLBACK")
    event.remove(store.engine, "connect", impatient)
    store.engine.dispose()


def stored_downtime(url: str) -> tuple:
    with Store.open(url) as store:
        department = store.department()
    assert department is not None
    return department.downtime


def downtime_count(url: str) -> int:
    return len(stored_downtime(url))


def machine_down(qtbot, desk) -> MachineDownDialog:
    dialog = MachineDownDialog(desk, DAY, machine="Linac 2")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reason.setText("beam fault")
    return dialog


def refused_and_kept(dialog: MachineDownDialog, url: str, before: int) -> None:
    assert dialog.result() != QDialog.DialogCode.Accepted and dialog.isVisible()
    assert downtime_count(url) == before
    assert dialog.reason.text() == "beam fault" and dialog.machine.currentText() == "Linac 2"  # what was typed stays


@pytest.mark.parametrize(("error", "why", "what"), [
    (sqlite3.OperationalError("database is locked"), "another program holds it", "try again in a moment"),
    (sqlite3.DatabaseError("database disk image is malformed"), "the store file is damaged",
     "ask the administrator to restore it from a backup"),
    (sqlite3.OperationalError("attempt to write a readonly database"), "it may only be read here",
     "ask the administrator to let you write it"),
])
def test_machine_down_says_a_failed_write_in_one_plain_sentence(qtbot, desk, url, error, why, what):
    dialog, before = machine_down(qtbot, desk), downtime_count(url)
    with writes_fail(desk.store, error):
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.error.text() == f"The department store could not be written: {why}. Nothing was changed; {what}."
    refused_and_kept(dialog, url, before)


def test_machine_down_while_another_program_holds_the_store(qtbot, desk, url):
    dialog, before = machine_down(qtbot, desk), downtime_count(url)
    with held_by_another_program(url, desk.store):
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.error.text() == LOCKED
    refused_and_kept(dialog, url, before)
    QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # once let go, the same entries take the machine down
    assert dialog.result() == QDialog.DialogCode.Accepted and downtime_count(url) == before + 1


def test_booking_a_proposal_says_a_failed_write_and_keeps_the_proposals(qtbot, desk):
    dialog = BookDialog(desk, "course-prostate-2", "Eamon O'Neill")
    qtbot.addWidget(dialog)
    dialog.use_earliest.setChecked(False)
    dialog.earliest.setDate(QDate(2030, 3, 25))
    dialog.prefer_time.setTime(QTime(8, 30))
    dialog.find_proposals()
    rows = dialog.table.rowCount()
    assert rows >= 1
    with writes_fail(desk.store, sqlite3.OperationalError("database is locked")):
        dialog.book_selected()
    assert dialog.booked is None and dialog.error.text() == LOCKED
    assert dialog.table.rowCount() == rows and dialog.prefer_time.time() == QTime(8, 30)
    dialog.book_selected()
    assert dialog.booked is not None


def test_a_booking_dropped_in_the_day_view_says_a_failed_write_plainly(qtbot, desk):
    window = DepartmentWindow(desk, DAY)
    qtbot.addWidget(window)
    dora = next(e for m in window.day_view.machines if m.name == "Linac 1" for e in m.on(DAY, LONDON) if e.patient == "Dora Mbeki")
    with writes_fail(desk.store, sqlite3.DatabaseError("database disk image is malformed")):
        window.day_view.drop(dora, "Linac 1", "Linac 2", datetime(2030, 4, 2, 15, 0, tzinfo=LONDON))
    said = window.message.text()
    assert said.endswith("The department store could not be written: the store file is damaged. Nothing was changed; "
                         "ask the administrator to restore it from a backup.")
    assert "sqlite" not in said.lower() and "department.db" not in said and "malformed" not in said


def test_sqlites_own_failures_are_sorted_by_their_codes(tmp_path: Path):
    store = tmp_path / "store.db"
    with closing(sqlite3.connect(store)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.execute("PRAGMA query_only=1")
        with pytest.raises(sqlite3.Error) as read_only:
            connection.execute("INSERT INTO t VALUES (1)")
    not_a_store = tmp_path / "not.db"
    not_a_store.write_bytes(b"this is no database, only text " * 200)
    with closing(sqlite3.connect(not_a_store)) as connection, pytest.raises(sqlite3.Error) as damaged:
        connection.execute("SELECT * FROM t")
    assert trouble_of(read_only.value) is Trouble.READ_ONLY
    assert trouble_of(damaged.value) is Trouble.DAMAGED
    assert trouble_of(sqlite3.OperationalError("something new")) is Trouble.OTHER


def test_the_stores_own_refusals_are_said_without_its_address():
    refusal = StoreError("sqlite:////srv/planner/department.db: another user changed the same records at the same moment; try again")
    assert store_words(refusal, "sqlite:////srv/planner/department.db") == (
        "Another user changed the same records at the same moment; try again")
    read = StoreError("sqlite:////srv/planner/department.db: disk I/O error", trouble=Trouble.UNREACHABLE)
    assert store_words(read, "sqlite:////srv/planner/department.db") == (
        "The department store could not be read: it cannot be reached (its disk, share or server is gone). "
        "Check the connection, then try again.")


def test_a_store_that_cannot_even_be_read_is_said_the_same_way_not_as_an_unexpected_problem(qtbot, desk, url, monkeypatch):
    from planner.ui import guard

    reported: list[str] = []
    monkeypatch.setattr(guard, "report", lambda error, *_: reported.append(type(error).__name__))
    dialog, before = machine_down(qtbot, desk), downtime_count(url)

    with writes_fail(desk.store, sqlite3.DatabaseError("database disk image is malformed"), reads_too=True):
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)  # the re-booking's own reading of the bookings fails first
    assert reported == []
    assert dialog.error.text() == ("The department store could not be read: the store file is damaged. "
                                   "Ask the administrator to restore it from a backup.")
    refused_and_kept(dialog, url, before)


def test_department_settings_say_a_failed_save_plainly_and_stay_open(qtbot, desk):
    from planner.ui.department_settings import DepartmentDialog

    shown = desk.department
    dialog = DepartmentDialog(shown, lambda department: desk.store.set_department(department, opened=shown), desk=desk)
    qtbot.addWidget(dialog)
    dialog.show()
    with writes_fail(desk.store, sqlite3.OperationalError("attempt to write a readonly database")):
        dialog.accept()
    assert dialog.isVisible() and dialog.result_department is None
    assert dialog.error.text() == ("Not saved. The department store could not be written: it may only be read here. "
                                   "Nothing was changed; ask the administrator to let you write it.")


def test_the_calendars_tab_says_a_store_it_cannot_write_plainly_and_keeps_the_list(qtbot, tmp_path):
    from .test_outdated_calendars import exported_then_down

    made = stock(f"sqlite:///{tmp_path / 'owed.db'}")
    place_bookings(made)
    exported_then_down(made)
    desk = open_desk(made, load_catalogue(default_catalogue_path()))
    try:
        window = DepartmentWindow(desk)
        qtbot.addWidget(window)
        folder = tmp_path / "updates"
        folder.mkdir()
        with writes_fail(desk.store, sqlite3.OperationalError("database is locked")):
            window.calendars.write_to(folder)
        assert window.calendars.status.text() == (f"Could not write the updates into {folder}. The department store could not "
                                                  "be written: another program holds it. Try again in a moment.")
        assert window.calendars.table.rowCount() == 1
    finally:
        desk.store.close()


def test_postgresqls_failures_are_sorted_by_their_sqlstate_or_words(postgres, tmp_path):
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import SQLAlchemyError

    engine = create_engine(postgres.new_database())
    try:
        with engine.connect() as connection, pytest.raises(SQLAlchemyError) as read_only:
            connection.execute(text("SET TRANSACTION READ ONLY"))
            connection.execute(text("CREATE TABLE t (x int)"))
    finally:
        engine.dispose()
    gone = create_engine(f"postgresql+psycopg://planner@/nowhere?host={tmp_path}")  # no server listens there
    with pytest.raises(SQLAlchemyError) as unreachable:
        gone.connect()
    assert trouble_of(read_only.value) is Trouble.READ_ONLY
    assert trouble_of(unreachable.value) is Trouble.UNREACHABLE


def test_a_drag_whose_course_cannot_be_read_says_why_plainly(qtbot, desk):
    window = DepartmentWindow(desk, DAY)
    qtbot.addWidget(window)
    window.day_view.set_agenda(window.day_view.agenda)  # the rules read so far are forgotten
    dora = next(e for m in window.day_view.machines if m.name == "Linac 1" for e in m.on(DAY, LONDON) if e.patient == "Dora Mbeki")
    with writes_fail(desk.store, sqlite3.OperationalError("database is locked"), reads_too=True):
        check = window.day_view.check_drop(dora, "Linac 1", datetime(2030, 4, 2, 15, 0, tzinfo=LONDON))
    assert check.reason() == ("the course's rules could not be read (the department store could not be read: another "
                              "program holds it; try again in a moment)")


def test_machine_back_says_a_failed_write_plainly_and_keeps_the_moment_typed(qtbot, desk, url):
    from PySide6.QtCore import QDateTime

    from planner.ui.machine_back_dialogs import MachineBackDialog

    dialog = MachineBackDialog(desk, machine="Linac 2")  # its monthly QA, 5 Mar 2030 08:00 to 10:00
    qtbot.addWidget(dialog)
    dialog.show()
    down, before = dialog.chosen(), stored_downtime(url)
    back = QDateTime(QDate(2030, 3, 5), QTime(9, 0))
    dialog.at.setDateTime(back)
    with writes_fail(desk.store, sqlite3.OperationalError("database is locked")):
        dialog.end_downtime()
    assert dialog.report is None and dialog.error.text() == LOCKED
    assert dialog.at.dateTime() == back and dialog.chosen() == down
    assert stored_downtime(url) == before
