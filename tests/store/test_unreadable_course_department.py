"""One stored course whose text does not read at all (a date that is not one, an unknown field, a date years out of
range) does not stop the department, as a damaged one does not: `agenda`, `reoptimise`, `calendar-updates` and the
Bookings window go on with the other courses, keep its bookings as taken machine time under a plain stand-in, and
name it in one warning line saying it cannot be read; `book` and `move` of it are refused in one line."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from planner.store.db import Store
from planner.store.db import bookings as db
from planner.store.db import schema as t

from .booking_scenario import desk_on, owed_calendars, place_bookings, stock
from .command_line import run

STAND_IN = "course course-breast (cannot be read)"


def unreadable(url: str, course_id: str = "course-breast", **fields: Any) -> None:
    """Write into the stored course what today's reading refuses (not free text a stand-in could replace)."""
    with Store.open(url) as store, store.engine.begin() as conn:
        document = json.loads(conn.execute(select(t.courses.c.spec).where(t.courses.c.id == course_id)).scalar_one())
        document.update(fields or {"start": "x"})
        conn.execute(update(t.courses).where(t.courses.c.id == course_id)
                     .values(spec=json.dumps(document, ensure_ascii=False, sort_keys=True)))


def warned_once(err: str, course_id: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("planner: warning: "), err
    assert f"course {course_id} cannot be read" in lines[0] and f"course show {course_id}" in lines[0], err
    assert "course save" not in lines[0]  # no option repairs it: not offered
    return lines[0]




def test_the_agenda_lists_an_unreadable_courses_bookings_under_a_stand_in_and_names_it(capsys, each_kind: str):
    url = each_kind
    unreadable(url)
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--db", url)
    assert status == 0, err
    assert f"08:30-09:00  {STAND_IN} (H0002)  fraction 1/15" in out, out  # its hospital number, from the patients table
    assert "Zoë Ångström (H0001)" in out
    assert "its bookings are listed as booked" in warned_once(err, "course-breast")

    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--json", "--db", url)
    assert status == 0, err
    warned_once(err, "course-breast")
    linac3 = next(m for m in json.loads(out)["machines"] if m["name"] == "Linac 3")
    assert [(b["course_id"], b["patient"]) for b in linac3["bookings"]] == [("course-breast", STAND_IN)]


@pytest.mark.parametrize("fields", [{"fractions": "many"}, {"start": "9999-01-01"}, {"adjustments": {"missed": [{"date": "x"}]}}],
                         ids=["a number that is text", "date out of range", "a missed session that does not read"])
def test_the_agenda_goes_on_whatever_does_not_read(capsys, url: str, fields: dict[str, Any]):
    unreadable(url, **fields)
    status, out, err = run(capsys, "course", "show", "course-breast", "--db", url)
    assert status == 2, (out, err)  # it does not read: `course show` says why
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--db", url)
    assert status == 0, err
    assert STAND_IN in out and "Zoë Ångström (H0001)" in out
    warned_once(err, "course-breast")


def _moved(out: str) -> set[str]:
    return {m["course_id"] for m in json.loads(out)["moved"]}


def test_reoptimise_leaves_an_unreadable_course_as_booked_and_says_so(capsys, each_kind: str):
    url = each_kind
    argv = ("reoptimise", "--date", "2030-03-25", "--dry-run", "--json", "--db", url)
    status, out, err = run(capsys, *argv)
    assert status == 0 and "course-spine" in _moved(out), err  # it waits: a re-optimisation would start it sooner

    unreadable(url, "course-spine")
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "course-spine" not in _moved(out)
    assert "left as booked" in warned_once(err, "course-spine")

    with Store.open(url) as store, store.engine.connect() as connection:
        before = db.course_bookings(connection, "course-spine")
    status, out, err = run(capsys, "reoptimise", "--date", "2030-03-25", "--json", "--db", url)
    assert status == 0, err
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-spine") == before
        placed = [b for c in json.loads(out)["moved"] for b in db.course_bookings(connection, c["course_id"])]
    clashes = [(p.start, b.start) for p in placed for b in before
               if p.machine == b.machine and p.start < b.end and b.start < p.end]
    assert clashes == []  # its machine time stays taken


def test_the_unreadable_course_itself_is_not_booked_or_moved(capsys, store_url: str):
    url = stock(store_url)
    place_bookings(url, skip=("course-breast",))
    unreadable(url)
    status, out, err = run(capsys, "book", "--course-id", "course-breast", "--dry-run", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1, (status, out, err)
    assert "course course-breast cannot be read" in err, err

    unreadable(url, "course-prostate")
    status, out, err = run(capsys, "move", "--course-id", "course-prostate", "--session", "2", "--to", "2030-03-26T13:00",
                           "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1, (status, out, err)
    assert "course course-prostate cannot be read" in err, err


def test_calendar_updates_go_on_with_the_others_and_keep_the_unreadable_one_owed(capsys, url: str, tmp_path: Path):
    for course_id in ("course-breast", "course-prostate"):
        status, _, err = run(capsys, "export", "--course-id", course_id, "-o", str(tmp_path / f"{course_id}.ics"), "--db", url)
        assert status == 0, err
    status, _, err = run(capsys, "move", "--course-id", "course-prostate", "--session", "2", "--to", "2030-03-26T13:00",
                         "--db", url)
    assert status == 0, err
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.mark_calendars(connection, ["course-breast"], True)
    unreadable(url)

    status, out, err = run(capsys, "calendar-updates", "--db", url)
    assert status == 0, err
    assert "calendar update is not written" in warned_once(err, "course-breast")
    assert "Zoë Ångström (H0001): 1 change" in out, out
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "calendar-updates", "--write-updates", str(folder), "--db", url)
    assert status == 0, err
    warned_once(err, "course-breast")
    assert len(list(folder.iterdir())) == 1  # the other's update
    assert owed_calendars(url) == ["course-breast"]  # the unreadable one still owed


def test_the_bookings_window_shows_an_unreadable_courses_blocks_under_a_stand_in_and_says_why(qtbot, url: str):
    from zoneinfo import ZoneInfo

    from planner.ui.department_window import DepartmentWindow

    unreadable(url)
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        linac3 = next(m for m in window.day_view.machines if m.name == "Linac 3")
        entries = linac3.on(date(2030, 3, 25), ZoneInfo("Europe/London"))
        assert [e.patient for e in entries] == [STAND_IN]
        assert "course course-breast cannot be read" in window.message.text()


def test_downtime_or_a_closure_over_an_unreadable_courses_booking_is_refused_in_one_line(capsys, each_kind: str):
    url = each_kind
    unreadable(url)
    with Store.open(url) as store, store.engine.connect() as connection:
        before = db.all_bookings(connection)
    for argv in (("machine-down", "Linac 3", "--from", "2030-03-26T08:00", "--to", "2030-03-26T12:00"),
                 ("closure", "--date", "2030-03-27")):
        status, out, err = run(capsys, *argv, "--db", url)
        assert status == 2 and out == "" and err.count("\n") == 1, (status, out, err)  # not an internal error
        assert "course course-breast cannot be read" in err and "cannot be re-booked, so nothing was recorded" in err, err
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.all_bookings(connection) == before
    status, _, err = run(capsys, "machine-down", "Linac 1", "--from", "2030-03-26T08:00", "--to", "2030-03-26T12:00",
                         "--db", url)
    assert status == 0, err  # a machine its bookings are not on: as ever


@pytest.mark.parametrize("argv", [("unbook",), ("course", "cancel")], ids=["unbook", "course cancel"])
def test_unbook_and_cancel_free_an_unreadable_courses_machine_time(capsys, url: str, tmp_path: Path, argv: tuple[str, ...]):
    """A treatment stopped frees its machine time even when the course's text does not read: every booking to come is
    released in one write, and its exported calendar stays owed, said once (its update cannot be written now)."""
    status, _, err = run(capsys, "export", "--course-id", "course-breast", "-o", str(tmp_path / "breast.ics"), "--db", url)
    assert status == 0, err
    unreadable(url)
    status, out, err = run(capsys, *argv, "--course-id", "course-breast", "--db", url)
    assert status == 0, (out, err)
    assert "calendar update is not written" in warned_once(err, "course-breast")
    assert "15" in out and "course-breast" in out, out
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-breast") == []
        assert db.course_bookings(connection, "course-prostate")  # the others as booked
        assert db.course_state(connection, "course-breast")[1] is (argv[0] == "course")  # cancelled, or only unbooked
    assert owed_calendars(url) == ["course-breast"]
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--db", url)
    assert status == 0 and STAND_IN not in out, (out, err)  # its time is free


def _back_and_stayed(out: str) -> tuple[set[str], dict[str, list[str]]]:
    report = json.loads(out)
    stayed: dict[str, list[str]] = {}
    for s in report["stayed"]:
        stayed.setdefault(s["course_id"], []).append(s["reason"])
    return {b["course_id"] for b in report["moved_back"]}, stayed


def test_reopening_moves_the_others_back_and_names_the_unreadable_course_left_where_it_is(capsys, url: str):
    """Its session stays where the closure put it, said with why (before: 'moved again since, or released', its
    number left out); every other course's goes back."""
    status, _, err = run(capsys, "closure", "--date", "2030-03-28", "--reason", "snow", "--db", url)
    assert status == 0, err
    unreadable(url)
    with Store.open(url) as store, store.engine.connect() as connection:
        before = db.course_bookings(connection, "course-breast")
    status, out, err = run(capsys, "reopen", "--date", "2030-03-28", "--move-back", "--json", "--db", url)
    assert status == 0, err
    back, stayed = _back_and_stayed(out)
    assert back == {"course-prostate", "course-prostate-2", "course-lung", "course-rectum", "course-spine"}
    assert list(stayed) == ["course-breast"] and "course course-breast cannot be read" in stayed["course-breast"][0]
    assert [s["number"] for s in json.loads(out)["stayed"]] == [15]  # the session it is now
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-breast") == before


def test_a_machine_back_sooner_moves_the_others_back_and_leaves_the_unreadable_course_as_it_is(capsys, url: str):
    """Before: the whole moving back stopped with a store error (the urgent-start check read every course)."""
    status, _, err = run(capsys, "machine-down", "Linac 2", "--from", "2030-04-01T00:00", "--to", "2030-04-02T23:00",
                         "--db", url)
    assert status == 0, err
    unreadable(url, "course-rectum")
    with Store.open(url) as store, store.engine.connect() as connection:
        before = db.course_bookings(connection, "course-rectum")
    status, out, err = run(capsys, "machine-up", "Linac 2", "--at", "2030-04-01T00:00", "--move-back", "--json", "--db", url)
    assert status == 0, err
    back, stayed = _back_and_stayed(out)
    assert back == {"course-prostate-2", "course-lung"}
    assert list(stayed) == ["course-rectum"] and len(stayed["course-rectum"]) == 2
    assert all("course course-rectum cannot be read" in reason for reason in stayed["course-rectum"])
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-rectum") == before


def test_the_waiting_list_shows_an_unreadable_course_under_a_stand_in_with_why_and_does_not_book_it(
        qtbot, monkeypatch, url: str):
    """As the day view shows its bookings: under the stand-in, with its hospital number (from the patients' table),
    first in the list (no due date can be told), its status and tooltip saying why and what to do; Enter on it says so
    in the status line instead of opening the Book dialog. Before: left out of the list without a word."""
    from PySide6.QtCore import Qt

    from planner.ui import department_window
    from planner.ui.department_window import DepartmentWindow

    unreadable(url)
    with desk_on(url) as desk:
        waiting = {w.course_id: w for w in desk.waiting()}
        assert "course-prostate" in waiting  # the others as ever
        found = waiting["course-breast"]
        assert (found.patient, found.hospital_number, found.booked_first) == (STAND_IN, "H0002", date(2030, 3, 25))
        assert found.ready is None and found.due is None and "ask the administrator" in found.unreadable

        monkeypatch.setattr(department_window, "BookDialog", lambda *a, **k: pytest.fail("the Book dialog opened"))
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        table = window.waiting
        assert [table.item(0, column).text() for column in range(table.columnCount())] == [
            STAND_IN, "H0002", "", "—", "—", "Mon 25 Mar 2030", "cannot be read, booked"]
        assert table.item(0, table.STATUS).font().bold()
        assert "course show course-breast" in table.item(0, 0).toolTip() and "ask the administrator" in table.item(0, 0).toolTip()
        assert table.item(1, 0).toolTip() == ""  # a course that reads says nothing more
        table.setCurrentCell(0, 0)
        qtbot.keyClick(table, Qt.Key.Key_Return)
        assert window.message.text().startswith("Not booked: course course-breast cannot be read"), window.message.text()


def test_an_unreadable_course_cancelled_leaves_the_waiting_list(capsys, url: str):
    unreadable(url)
    status, _, err = run(capsys, "course", "cancel", "--course-id", "course-breast", "--db", url)
    assert status == 0, err
    with desk_on(url) as desk:
        assert "course-breast" not in {w.course_id for w in desk.waiting()}


@pytest.mark.qt_log_ignore("does not support raise", "does not support grabbing")  # the offscreen platform, on the menu
@pytest.mark.parametrize("chosen", ["&Unbook this course (release its bookings)…", "&Cancel this course…"])
def test_the_waiting_lists_menu_unbooks_or_cancels_an_unreadable_course(qtbot, monkeypatch, url: str, tmp_path: Path,
                                                                       capsys, chosen: str):
    """The main window cannot open a course that does not read, so cannot unbook or cancel it: its row in the waiting
    list offers both, which free its machine time; the status line says so, and that its calendar update is owed."""
    from PySide6.QtCore import QPoint, QTimer
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

    from planner.ui.department_window import DepartmentWindow
    from tests.window_helpers import answer

    status, _, err = run(capsys, "export", "--course-id", "course-breast", "-o", str(tmp_path / "breast.ics"), "--db", url)
    assert status == 0, err
    unreadable(url)
    offered: list[tuple[str, bool]] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            offered.extend((a.text(), a.isEnabled()) for a in menu.actions())
            menu.close()
            next(a for a in menu.actions() if a.text() == chosen).trigger()

    def right_click(table: Any) -> None:
        QTimer.singleShot(0, choose)  # the menu, open, is looked at, closed and its action chosen
        table.contextMenuEvent(QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, QPoint(0, 0), QPoint(0, 0)))

    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("&Cancel course", asked))  # the cancel confirmation
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        table = window.waiting
        window.show()
        table.setCurrentCell(1, 0)  # a course that reads: no menu
        right_click(table)
        qtbot.wait(20)
        assert offered == []
        table.setCurrentCell(0, 0)
        right_click(table)
        assert offered == [("&Unbook this course (release its bookings)…", True), ("&Cancel this course…", True)]
        assert len(asked) == 1 and ("course course-breast" in asked[0] or "Amir Haddad" in asked[0]), asked
        said = window.message.text()
        assert "15" in said and "course course-breast" in said and "calendar update is owed" in said, said
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-breast") == []
        assert db.course_state(connection, "course-breast")[1] is chosen.startswith("&Cancel")
    assert owed_calendars(url) == ["course-breast"]


@pytest.mark.parametrize("argv", [("course", "show", "course-breast"), ("course", "export", "course-breast", "-o", "c.igrt.json"),
                                  ("export", "--course-id", "course-breast", "-o", "c.ics"),
                                  ("print", "--course-id", "course-breast", "-o", "c.pdf")],
                         ids=["course show", "course export", "export", "print"])
def test_show_export_and_print_of_an_unreadable_course_say_why_and_what_to_do_in_one_line(
        capsys, monkeypatch, url: str, tmp_path: Path, argv: tuple[str, ...]):
    """One line naming the course given (not --db: the store is sound), the field that does not read and why, and that
    no command repairs it (before: '--db: ...: course ... is damaged (...)', as if the store were at fault); no file."""
    monkeypatch.chdir(tmp_path)
    unreadable(url)
    status, out, err = run(capsys, *argv, "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1, (status, out, err)
    assert err.startswith(("planner: error: ID: ", "planner: error: --course-id: ")), err
    assert "course course-breast cannot be read (its stored text: field 'start':" in err, err
    assert "no command repairs it: ask the administrator" in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["department.db"]


def test_the_waiting_lists_status_line_says_what_an_unreadable_course_is_when_its_row_is_chosen(qtbot, url: str):
    """The row chosen by the keys is said in the status line with its due date; one that cannot be read has none: it
    says what it is and what the keys can do with it (before: the window stopped on the missing due date)."""
    from PySide6.QtCore import Qt

    from planner.ui.department_window import DepartmentWindow

    unreadable(url)
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        window.show()
        window.tabs.setCurrentWidget(window.waiting_page)
        table = window.waiting
        table.setCurrentCell(1, 0)
        table.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(table.hasFocus)
        qtbot.keyClick(table, Qt.Key.Key_Up)
        said = window.message.text()
        assert said.count("cannot be read") == 1, said  # it said so three times: the stand-in, its standing, the reason
        assert said == ("course course-breast · H0002: booked from Mon 25 Mar. It cannot be read (its stored text is damaged: "
                        "`course show course-breast` says where); no command repairs it: ask the administrator, who can "
                        "restore it from a backup of the store. The menu key or a right-click unbooks or cancels it.")


def test_a_discreet_agenda_and_day_list_show_an_unreadable_course_by_its_stand_in_not_made_up_initials(capsys, url: str, tmp_path):
    # its stand-in's words turned into initials ('C. C. C.') read as some patient's: the therapists looked for them
    import io

    from pypdf import PdfReader

    unreadable(url)
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--discreet", "--db", url)
    assert status == 0, err
    assert STAND_IN in out and "C. C. C." not in out and "Z. Å." in out, out
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--discreet", "--json", "--db", url)
    linac3 = next(m for m in json.loads(out)["machines"] if m["name"] == "Linac 3")
    assert [b["patient"] for b in linac3["bookings"]] == [STAND_IN]
    pdf = tmp_path / "day.pdf"
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--discreet", "--pdf", str(pdf), "--db", url)
    assert status == 0, err
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    assert "cannot be read" in text and "C. C. C." not in text and "Z. Å." in text, text


def test_the_discreet_waiting_list_shows_an_unreadable_course_by_its_stand_in_not_made_up_initials(qtbot, url: str):
    """Discreet, the patients are initials; the stand-in of a course that cannot be read names nobody and stays as it
    is (initials made of its words, 'C. C. B.', looked like a patient's)."""
    from planner.ui.department_window import DepartmentWindow

    unreadable(url)
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        window.waiting.set_discreet(True)
        names = [window.waiting.item(row, 0).text() for row in range(window.waiting.rowCount())]
        assert names[0] == STAND_IN and "C. C. B." not in names
        assert all(len(name) <= 8 for name in names[1:]), names  # the others as initials
        assert window.waiting.row_words(0).startswith("course course-breast: booked from ")  # not C. C. B., no number
