"""A coordinator whose PostgreSQL role may only read the department's database (a viewer's, a reception desk's, a
trainee's role granted only SELECT): the store opens read-only as an SQLite file this user may not write does, its
`read_only_why` naming the role and what to ask for; the commands that read work, those that would change it are
refused at once in one line (exit status 2) naming why; an older schema is not upgraded; the make-up fix-up on opening
writes nothing. A role that may write some of the planner's tables but not all counts as read-only, naming them; a role
that may write them all writes. Before, such a role got whatever its first write's failure said (the driver's
'permission denied'), and an opening's fix-up failed quietly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, time

import pytest

from planner.core.catalogue import Catalogue
from planner.core.department import load_department
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from planner.store.db import Access, Store, StoreError
from planner.store.db import bookings as db
from planner.store.db.errors import Trouble
from planner.store.db.store import database_user
from planner.store.db.url import masked

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

ASK = "ask the department's database administrator for write access"
# what a role may do with every table and sequence the planner writes, as a department's setup grants a coordinator
EVERY_WRITE = ("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};"
               "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {role}")


def only_reads(role: str) -> str:
    return f"your database role '{role}' may only read this database; {ASK}"


def reads_only(role: str) -> str:
    """Why, as the windows say it before what to ask for."""
    return f"your database role '{role}' may only read this database"


def _rows(url: str) -> tuple[object, ...]:
    """What the store holds, as its writer reads it: to compare before and after."""
    with Store.open(url) as store, store.connection() as conn:
        from sqlalchemy import text

        return tuple(tuple(conn.execute(text(f"SELECT * FROM {name} ORDER BY 1")).all())  # noqa: S608 - our own names
                     for name in ("courses", "patients", "bookings", "booked_courses", "audit", "department", "machines",
                                  "downtime", "department_trail", "course_exports", "downtime_moves"))


@pytest.fixture
def department(postgres):
    """The golden department, booked, on a database the planner's role made: the cluster and its URL."""
    url = stock(postgres.new_database())
    place_bookings(url, skip=("course-lung",))
    return postgres, url


def test_a_select_only_role_opens_the_store_read_only_and_a_save_says_why(department):
    cluster, url = department
    viewer_url, role = cluster.role_url(url)
    before = _rows(url)
    with Store.open(viewer_url, access=Access.READ) as store:
        assert store.read_only is True
        assert store.read_only_why == only_reads(role)
        assert len(store.list_courses()) == 6  # it reads all the same
        stored = store.load_course("course-prostate")
        with pytest.raises(StoreError) as refused:
            store.save_course(replace(stored.spec, location="Room 9"), stored.version)
    assert str(refused.value) == (f"{masked(viewer_url)}: the database cannot be changed here ({only_reads(role)}); "
                                  "nothing was changed")
    assert refused.value.trouble is Trouble.READ_ONLY
    with pytest.raises(StoreError) as at_once:  # a caller that will change it is refused before anything is done
        Store.open(viewer_url, access=Access.WRITE)
    assert str(at_once.value) == f"{masked(viewer_url)}: the database cannot be changed here ({only_reads(role)}); nothing was changed"
    assert _rows(url) == before


def test_a_role_that_may_write_some_tables_but_not_all_is_read_only_naming_them_and_one_that_may_write_all_writes(department):
    cluster, url = department
    viewer_url, role = cluster.role_url(url, EVERY_WRITE + ";REVOKE INSERT, UPDATE, DELETE ON bookings, audit FROM {role}")
    with Store.open(viewer_url, access=Access.READ) as store:
        assert store.read_only is True
        assert store.read_only_why == f"your database role '{role}' may not write tables audit and bookings of this database; {ASK}"
    no_ids_url, other = cluster.role_url(url, "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}")
    with Store.open(no_ids_url, access=Access.READ) as store:  # a new row's id comes from a sequence it may not use
        assert store.read_only is True
        assert store.read_only_why.startswith(f"your database role '{other}' may not write tables machines, downtime, ")
    writer_url, role = cluster.role_url(url, EVERY_WRITE)  # a coordinator's role, granted every write: it writes
    for access in (Access.READ, Access.WRITE, Access.ANY):
        with Store.open(writer_url, access=access) as store:
            assert (store.read_only, store.read_only_why) == (False, "")
    with Store.open(writer_url, access=Access.WRITE) as store:
        stored = store.load_course("course-prostate")
        version = store.save_course(replace(stored.spec, location="Room 9"), stored.version)
        assert store.load_course("course-prostate").spec.location == "Room 9"
        assert database_user(role) in {entry.who for entry in store.course_history("course-prostate")}
    assert version == stored.version + 1


def test_the_command_line_reads_and_refuses_every_change_in_one_line(department, capsys, tmp_path):
    cluster, url = department
    viewer_url, role = cluster.role_url(url)
    before = _rows(url)
    for reading in (["course", "list", "--db", viewer_url], ["course", "show", "course-prostate", "--db", viewer_url],
                    ["department", "show", "--db", viewer_url], ["agenda", "--date", "2030-03-25", "--db", viewer_url],
                    ["book", "--course-id", "course-lung", "--dry-run", "--db", viewer_url]):
        status, out, err = run(capsys, *reading)
        assert status == 0 and err == "" and out, (reading, err)
    calendar = tmp_path / "prostate.ics"
    (tmp_path / "updates").mkdir()
    course_file = tmp_path / "new.igrt.json"
    save_course(CourseSpec(patient_name="Ann Smith", patient_id="H9", site="breast", fractions=15, tz="Europe/London"), course_file)
    for changing in (
        ["course", "save", "--course-id", "course-prostate", "--time", "09:00", "--db", viewer_url],
        ["book", "--course-id", "course-lung", "--db", viewer_url],
        ["unbook", "--course-id", "course-prostate", "--db", viewer_url],
        ["machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T10:00", "--db", viewer_url],
        ["export", "--course-id", "course-prostate", "-o", str(calendar), "--db", viewer_url],
        ["db", "upgrade", "--db", viewer_url],
        ["import", str(course_file), "--db", viewer_url],
        ["department", "import", str(DEPARTMENT_FILE), "--db", viewer_url],
        ["closure", "--date", "2030-03-26", "--reason", "flood", "--db", viewer_url],
        ["reopen", "--date", "2030-03-08", "--db", viewer_url],
        ["machine-up", "Linac 1", "--at", "2030-03-26T09:00", "--db", viewer_url],
        ["reoptimise", "--date", "2030-03-20", "--db", viewer_url],
        ["move", "--course-id", "course-prostate", "--session", "3", "--time", "10:00", "--db", viewer_url],
        ["course", "cancel", "--course-id", "course-prostate", "--db", viewer_url],
        ["calendar-updates", "--write-updates", str(tmp_path / "updates"), "--db", viewer_url],
    ):
        status, out, err = run(capsys, *changing)
        assert (status, out) == (2, ""), (changing, err)
        assert err == (f"planner: error: --db: {masked(viewer_url)}: the database cannot be changed here ({only_reads(role)}); "
                       "nothing was changed\n"), changing
    assert not calendar.exists()  # the export is recorded in the store: refused before its file is written
    assert list((tmp_path / "updates").iterdir()) == []
    assert _rows(url) == before


def test_an_older_schema_is_not_upgraded_by_a_role_that_may_only_read_it(postgres, capsys):
    from .test_migrations import make_first_schema_database

    url = postgres.new_database()
    make_first_schema_database(url)
    viewer_url, _ = postgres.role_url(url)
    status, out, err = run(capsys, "course", "list", "--db", viewer_url)
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert err.startswith(f"planner: error: --db: {masked(viewer_url)}: the database is at schema 0001, this planner needs ")
    assert "it cannot be upgraded here (read-only): ask someone who may change it to run `python -m planner db upgrade`" in err
    assert _revision(url) == "0001"


def _revision(url: str) -> str:
    """The schema revision of the database at `url`, read without upgrading it."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())
    finally:
        engine.dispose()


HN, FIRST, LAST_BOOKED, MAKE_UP_DAY = "course-hn", date(2030, 3, 18), date(2030, 4, 26), date(2030, 4, 29)


def test_the_make_up_fix_up_on_opening_writes_nothing_and_keeps_the_days_beside_the_store(postgres, capsys):
    # a store an older planner wrote kept a booked course's last booked session's day, its make-up waiting at its end
    from planner.app.booking import BookingDesk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    from .booking_scenario import WEEKDAYS

    url = postgres.new_database()
    with Store.open(url) as store:
        store.set_department(replace(load_department(DEPARTMENT_FILE), holidays=None))
        store.save_course(CourseSpec(course_id=HN, patient_name="Ines Peeters", patient_id="H0042", site="head-neck",
                                     preset="30-daily", start=FIRST, time=time(8, 30), tz="Europe/London", days=WEEKDAYS))
    for argv in (["book", "--course-id", HN, "--earliest", FIRST.isoformat(), "--prefer-time", "08:30"],
                 ["course", "save", "--course-id", HN, "--missed", "3=end"], ["course", "save", "--course-id", HN, "--holidays", "BE"]):
        status, _, err = run(capsys, *argv, "--db", url)
        assert status == 0, err
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.set_course_days(connection, HN, FIRST, LAST_BOOKED)
    viewer_url, _ = postgres.role_url(url)
    before = _rows(url)

    catalogue: Catalogue = load_catalogue(default_catalogue_path())
    with Store.open(viewer_url, access=Access.READ) as store:
        assert BookingDesk(store, catalogue).follow_make_ups() is True  # put right beside the store, not in it
        assert store.last_days_not_written == {HN: (LAST_BOOKED, MAKE_UP_DAY)}
    status, out, err = run(capsys, "course", "list", "--json", "--db", viewer_url)
    assert (status, err) == (0, "")  # nothing alarming: the list as stored, as a read-only SQLite file shows it
    (listed,) = json.loads(out)["courses"]
    assert (listed["last"], listed["last_not_booked"]) == (LAST_BOOKED.isoformat(), False)
    assert _rows(url) == before


def test_the_window_shows_the_store_read_only_and_says_why_a_save_is_refused(department, qtbot, monkeypatch):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from planner.app.booking import open_desk
    from planner.app.store_words import store_words
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path
    from planner.store.settings import Settings
    from planner.ui.app import open_department_store
    from planner.ui.main_window import MainWindow, catalogue_at

    from .booking_scenario import discard_unsaved

    cluster, url = department
    viewer_url, role = cluster.role_url(url)
    before = _rows(url)
    discard_unsaved(monkeypatch)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, said, *rest: warned.append(said))
    settings = Settings(clinic_name="Riverside", time_zone="Europe/London", database=viewer_url)
    window = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: open_department_store(settings))
    qtbot.addWidget(window)
    window.show()
    link = window.store_link
    try:
        assert link.store is not None and link.store.read_only
        assert window.statusBar().currentMessage() == (f"Store read-only: your database role '{role}' may not write it; "
                                                       "its courses can be looked at, not saved.")
        assert link.read_only_mark is not None and link.read_only_mark.toolTip() == (
            f"The department's store is read-only here ({only_reads(role)}): its courses can be looked at, not saved.")
        assert link.patients is not None and link.patients.model.total == 6
        assert not link.offer.isVisible() and not link.add_action.isEnabled()  # no 'Add to the store'
        link.open_course("course-prostate")
        window.session.edit(window.session.spec.updated(location="Room 9"), "location")
        assert window.save_course() is False
        assert len(warned) == 1
        assert f"the database cannot be changed here ({only_reads(role)}); nothing was changed" in warned[0]
        # the Bookings window's desk is not asked at opening, as for an SQLite file: its write is refused when it comes
        with open_desk(viewer_url, load_catalogue(default_catalogue_path())) as desk:
            assert desk.store.read_only is False
            with pytest.raises(StoreError) as unbooking:
                desk.unbook("course-prostate")
        assert store_words(unbooking.value) == (f"The department store could not be written: {reads_only(role)}. "
                                                f"Nothing was changed; {ASK}.")
    finally:
        window.close()
        QApplication.processEvents()
        if link.store is not None:
            link.store.close()
    assert _rows(url) == before


def test_the_bookings_window_names_the_role_when_a_write_is_refused_asking_only_then(department, qtbot):
    """The Bookings window opens its store without asking whether its role may write (Access.ANY): a refused write said
    'it may only be read here', where the main window and the command line name the role and why. Now the refusal
    names them too, in the same words, asked once when the write is refused; its readings ask nothing more."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QDialog
    from sqlalchemy import event

    from planner.app.booking import open_desk
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path
    from planner.ui.booking_dialogs import MachineDownDialog
    from planner.ui.department_window import DepartmentWindow

    cluster, url = department
    viewer_url, role = cluster.role_url(url)
    before = _rows(url)
    asked: list[str] = []
    with open_desk(viewer_url, load_catalogue(default_catalogue_path())) as desk:
        event.listen(desk.store.engine, "before_cursor_execute",
                     lambda _conn, _cursor, statement, *_: asked.append(statement) if "has_table_privilege" in statement else None)
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        window.show()
        window.refresh()
        assert asked == []  # opening and reading ask nothing of the role
        dialog = MachineDownDialog(desk, date(2030, 4, 2), machine="Linac 2")
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.reason.setText("beam fault")
        QTest.keyClick(dialog.reason, Qt.Key.Key_Return)
        assert dialog.error.text() == (f"The department store could not be written: {reads_only(role)}. "
                                       f"Nothing was changed; {ASK}.")
        assert dialog.result() != QDialog.DialogCode.Accepted and dialog.reason.text() == "beam fault"
        assert len(asked) == 1  # once, when the write was refused
        window.refresh()
        assert len(asked) == 1
        dialog.close()  # closed while the store is open: closing it later activated the window, which read the store
        window.close()  # again after it was closed, through a connection nothing closed (found by a later test's GC)
        QApplication.processEvents()
    assert _rows(url) == before


def test_a_role_refused_one_table_is_told_which_when_its_write_fails(department):
    from planner.app.booking import open_desk
    from planner.app.store_words import store_words
    from planner.core.catalogue import load_catalogue
    from planner.resources_path import default_catalogue_path

    cluster, url = department
    viewer_url, role = cluster.role_url(url, EVERY_WRITE + ";REVOKE INSERT, UPDATE, DELETE ON bookings FROM {role}")
    before = _rows(url)
    with open_desk(viewer_url, load_catalogue(default_catalogue_path())) as desk, pytest.raises(StoreError) as unbooking:
        desk.unbook("course-prostate")
    why = f"your database role '{role}' may not write table bookings of this database"
    assert unbooking.value.why == why and unbooking.value.trouble is Trouble.READ_ONLY
    assert str(unbooking.value) == f"{masked(viewer_url)}: the database cannot be changed here ({why}; {ASK}); nothing was changed"
    assert store_words(unbooking.value) == f"The department store could not be written: {why}. Nothing was changed; {ASK}."
    assert _rows(url) == before


def test_the_read_only_message_fits_a_window_1024_px_wide_beside_its_mark_a_long_role_name_cut_short(department, qtbot):
    """A role's name of 50 characters and more cut the status bar's message at 1000 px: its reason and what can be done
    were lost. The message names the role cut short; the mark's tooltip keeps it whole."""
    from PySide6.QtGui import QFontMetrics
    from PySide6.QtWidgets import QApplication

    from planner.store.settings import Settings
    from planner.ui.app import open_department_store
    from planner.ui.main_window import MainWindow, catalogue_at

    cluster, url = department
    viewer_url, role = cluster.role_url(url, name="reception_desk_viewer_of_the_radiotherapy_department")
    assert len(role) > 55
    settings = Settings(clinic_name="Riverside", time_zone="Europe/London", database=viewer_url)
    window = MainWindow(settings, catalogue_at(""), persist_settings=False, open_store=lambda: open_department_store(settings))
    qtbot.addWidget(window)
    window.resize(1024, 700)
    window.show()
    qtbot.waitExposed(window)
    link = window.store_link
    try:
        said, bar, mark = window.statusBar().currentMessage(), window.statusBar(), link.read_only_mark
        assert mark is not None and mark.isVisible()
        assert said == (f"Store read-only: your database role '{role[:24]}...' may not write it; "
                        "its courses can be looked at, not saved.")
        assert QFontMetrics(bar.font()).horizontalAdvance(said) < mark.geometry().left() - 10  # whole, beside the mark
        assert f"your database role '{role}' may only read this database; {ASK}" in mark.toolTip()
    finally:
        window.close()
        QApplication.processEvents()
        if link.store is not None:
            link.store.close()
