"""One course an older version stored damaged (markup in its patient's name or location) does not stop the department:
`agenda`, `book` of another course, `reoptimise`, `calendar-updates` and the Bookings window go on with the other
courses, keep the damaged course's bookings as taken machine time, show a plain stand-in for its damaged text and
name it in one warning line with how to repair it."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import desk_on, owed_calendars, place_bookings, stock
from .command_line import run
from .test_damaged_text_repair import stored_as_an_old_version_would

STAND_IN = "course course-breast (damaged: repair it)"


def damage(url: str, course_id: str = "course-breast", **text: str) -> None:
    stored_as_an_old_version_would(url, course=course_id, **text)


def warned_once(err: str, course_id: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("planner: warning: "), err
    assert f"course {course_id} is damaged" in lines[0] and f"course save --course-id {course_id}" in lines[0], err
    assert "<i>" not in err and "<b>" not in err  # quoted escaped, never as markup
    return lines[0]




def test_the_agenda_lists_a_damaged_courses_bookings_under_a_stand_in_and_names_it(capsys, each_kind: str):
    url = each_kind
    damage(url, patient="<i>Amir</i> Haddad", location="<b>Riverside</b> clinic")
    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--db", url)
    assert status == 0, err
    assert f"08:30-09:00  {STAND_IN} (H0002)  fraction 1/15" in out, out
    assert "Zoë Ångström (H0001)" in out and "<i>" not in out
    assert "field 'patient.name'" in warned_once(err, "course-breast")

    status, out, err = run(capsys, "agenda", "--date", "2030-03-25", "--json", "--db", url)
    assert status == 0, err
    warned_once(err, "course-breast")
    linac3 = next(m for m in json.loads(out)["machines"] if m["name"] == "Linac 3")
    assert [(b["course_id"], b["patient"]) for b in linac3["bookings"]] == [("course-breast", STAND_IN)]


def test_the_agenda_of_a_damaged_course_with_a_missed_session_still_reads(capsys, url: str):
    status, _, err = run(capsys, "course", "save", "--course-id", "course-breast", "--missed", "3", "--db", url)
    assert status == 0, err
    damage(url, location="<b>Riverside</b> clinic")
    status, out, err = run(capsys, "agenda", "--date", "2030-03-27", "--db", url)
    assert status == 0, err
    assert "Amir Haddad (H0002)" in out
    warned_once(err, "course-breast")


def test_booking_another_course_keeps_off_a_damaged_courses_machine_time(capsys, store_url: str):
    url = stock(store_url)
    place_bookings(url, skip=("course-prostate-2",))
    damage(url, "course-prostate", location="<b>Riverside</b> clinic")
    status, _, err = run(capsys, "book", "--course-id", "course-prostate-2", "--earliest", "2030-03-25", "--prefer-time", "08:30",
                         "--machine", "Linac 1", "--db", url)
    assert status == 0, err
    with Store.open(url) as store, store.engine.connect() as connection:
        damaged = db.course_bookings(connection, "course-prostate")
        booked = db.course_bookings(connection, "course-prostate-2")
    assert booked and damaged
    clashes = [(b.start, d.start) for b in booked for d in damaged
               if b.machine == d.machine and b.start < d.end and d.start < b.end]
    assert clashes == []


def _moved(out: str) -> set[str]:
    return {m["course_id"] for m in json.loads(out)["moved"]}


def test_reoptimise_leaves_a_damaged_course_where_it_is_and_says_so(capsys, each_kind: str):
    url = each_kind
    argv = ("reoptimise", "--date", "2030-03-25", "--dry-run", "--json", "--db", url)
    status, out, err = run(capsys, *argv)
    assert status == 0 and err == "", err
    assert "course-spine" in _moved(out)  # it waits: a re-optimisation would start it sooner

    damage(url, "course-spine", location="<b>Riverside</b> clinic")
    status, out, err = run(capsys, *argv)
    assert status == 0, err
    assert "course-spine" not in _moved(out)
    assert "left as booked" in warned_once(err, "course-spine")

    status, out, err = run(capsys, "reoptimise", "--date", "2030-03-25", "--json", "--db", url)
    assert status == 0, err
    with desk_on(url) as desk:
        assert desk.first_booked("course-spine").start.date() == date(2030, 3, 28)  # as booked


def both_owed_an_update(capsys, url: str, tmp_path: Path) -> None:
    """Amir's and Zoë's calendars exported, then each owed an update (Zoë's session 2 moved, Amir's marked)."""
    for course_id in ("course-breast", "course-prostate"):
        status, _, err = run(capsys, "export", "--course-id", course_id, "-o", str(tmp_path / f"{course_id}.ics"), "--db", url)
        assert status == 0, err
    status, _, err = run(capsys, "move", "--course-id", "course-prostate", "--session", "2", "--to", "2030-03-26T13:00",
                         "--db", url)
    assert status == 0, err
    with Store.open(url) as store, db.writing(store.engine, store.display_url) as connection:
        db.mark_calendars(connection, ["course-breast"], True)


def test_calendar_updates_go_on_with_the_others_and_keep_the_damaged_one_owed(capsys, url: str, tmp_path: Path):
    both_owed_an_update(capsys, url, tmp_path)
    damage(url, location="<b>Riverside</b> clinic")

    status, out, err = run(capsys, "calendar-updates", "--db", url)
    assert status == 0, err
    assert "calendar update is not written" in warned_once(err, "course-breast")
    assert "Zoë Ångström (H0001): 1 change" in out and "Amir" not in out, out
    folder = tmp_path / "updates"
    folder.mkdir()
    status, out, err = run(capsys, "calendar-updates", "--write-updates", str(folder), "--db", url)
    assert status == 0, err
    warned_once(err, "course-breast")
    assert len(list(folder.iterdir())) == 1  # the other's update
    assert owed_calendars(url) == ["course-breast"]  # the damaged one still owed


def test_the_bookings_window_shows_a_damaged_courses_blocks_under_a_stand_in_and_says_why(qtbot, url: str):
    from zoneinfo import ZoneInfo

    from planner.ui.department_window import DepartmentWindow

    damage(url, patient="<i>Amir</i> Haddad")
    with desk_on(url) as desk:
        window = DepartmentWindow(desk, date(2030, 3, 25))
        qtbot.addWidget(window)
        linac3 = next(m for m in window.day_view.machines if m.name == "Linac 3")
        entries = linac3.on(date(2030, 3, 25), ZoneInfo("Europe/London"))
        assert [e.patient for e in entries] == [STAND_IN]
        said = window.message.text()
        assert "course course-breast is damaged" in said and "course save --course-id course-breast --patient NAME" in said
        assert "<i>" not in said


def test_the_damaged_course_itself_is_booked_or_moved_only_once_repaired(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url, skip=("course-breast",))
    damage(url, location="<b>Riverside</b> clinic")
    status, out, err = run(capsys, "book", "--course-id", "course-breast", "--dry-run", "--db", url)
    assert status == 2 and out == "" and err.count("\n") == 1, (status, out, err)
    assert "course save --course-id course-breast --location TEXT" in err and "<b>" not in err, err

    damage(url, "course-prostate", location="<b>Riverside</b> clinic")
    status, out, err = run(capsys, "move", "--course-id", "course-prostate", "--session", "2", "--to", "2030-03-26T13:00",
                           "--db", url)
    assert status == 2 and err.count("\n") == 1 and "course course-prostate is damaged" in err, (status, out, err)
    with desk_on(url) as desk:
        assert [b.start.hour for b in desk.booked_course("course-prostate").schedule.fractions[1:2]] == [8]


def test_the_windows_re_optimisation_preview_says_the_damaged_course_is_left_as_booked(qtbot, url: str):
    from planner.ui.reoptimise_dialog import ReoptimiseDialog

    damage(url, "course-spine", location="<b>Riverside</b> clinic")
    with desk_on(url) as desk:
        desk.today = date(2030, 3, 25)
        dialog = ReoptimiseDialog(desk)
        qtbot.addWidget(dialog)
        dialog.preview()
        said = dialog.previewed.text()
        assert "course course-spine is damaged" in said and "it is left as booked." in said and "<b>" not in said, said
        assert "Dora Mbeki" not in said  # not placed anew


def test_the_calendars_tab_marks_a_damaged_course_and_writes_the_others(qtbot, url: str, capsys, tmp_path: Path):
    from planner.ui.calendar_updates import DAMAGED_WORDS, OutdatedCalendars

    both_owed_an_update(capsys, url, tmp_path)
    damage(url, patient="<i>Amir</i> Haddad")
    with desk_on(url) as desk:
        tab = OutdatedCalendars(desk)
        qtbot.addWidget(tab)
        tab.show()
        tab.refresh()
        rows = {tab.table.item(r, 0).text(): tab.table.item(r, 2).text() for r in range(tab.table.rowCount())}
        assert rows[STAND_IN] == DAMAGED_WORDS and "<i>Amir</i> Haddad" not in rows
        assert "course course-breast is damaged" in tab.status.text()
        folder = tmp_path / "updates"
        folder.mkdir()
        tab.write_to(folder)
        assert len(list(folder.iterdir())) == 1
        assert [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())] == [STAND_IN]
        assert "Wrote" in tab.status.text() or "wrote" in tab.status.text(), tab.status.text()
        assert "course course-breast is damaged" in tab.status.text()


def test_a_machine_down_moves_a_damaged_course_off_it_and_leaves_its_patient_owed_an_update(capsys, url: str, tmp_path: Path):
    status, _, err = run(capsys, "export", "--course-id", "course-breast", "-o", str(tmp_path / "breast.ics"), "--db", url)
    assert status == 0, err
    damage(url, location="<b>Riverside</b> clinic")
    status, out, err = run(capsys, "machine-down", "Linac 3", "--from", "2030-03-26T08:00", "--to", "2030-03-26T12:00",
                           "--db", url)
    assert status == 0, err
    assert "Amir Haddad (H0002)" in out and "<b>" not in out, out
    with Store.open(url) as store, store.engine.connect() as connection:
        moved = [b for b in db.course_bookings(connection, "course-breast") if b.start.date() == date(2030, 3, 26)]
    assert [b.start.hour for b in moved] != [8]  # off the downtime
    assert owed_calendars(url) == ["course-breast"]  # its update waits for the repair, not forgotten


def test_a_booked_damaged_course_is_repaired_by_course_save_and_its_bookings_stay(capsys, url: str):
    damage(url, patient="<i>Amir</i> Haddad", location="<b>Riverside</b> clinic")
    with Store.open(url) as store, store.engine.connect() as connection:
        before = db.course_bookings(connection, "course-breast")
    status, out, err = run(capsys, "course", "save", "--course-id", "course-breast", "--patient", "Amir Haddad",
                           "--location", "Riverside clinic", "--db", url)
    assert (status, out) == (0, "course-breast\n"), err  # saved, and said so (not a refusal after the save)
    with Store.open(url) as store, store.engine.connect() as connection:
        repaired = store.load_course("course-breast")  # reads without repair now
        assert (repaired.spec.patient_name, repaired.spec.location) == ("Amir Haddad", "Riverside clinic")
        assert db.course_bookings(connection, "course-breast") == before
    status, _, err = run(capsys, "agenda", "--date", "2030-03-25", "--db", url)
    assert status == 0 and err == "", err


def test_a_booked_courses_damaged_reason_is_repaired_by_course_save_reason(capsys, url: str):
    import json as json_module

    from sqlalchemy import select, update

    from planner.store.db import schema as t

    status, _, err = run(capsys, "course", "save", "--course-id", "course-breast", "--missed", "3", "--reason", "transport",
                         "--db", url)
    assert status == 0, err
    with Store.open(url) as store, store.engine.begin() as conn:
        document = json_module.loads(conn.execute(select(t.courses.c.spec).where(t.courses.c.id == "course-breast")).scalar_one())
        document["adjustments"]["missed"][0]["reason"] = "<b>x"
        conn.execute(update(t.courses).where(t.courses.c.id == "course-breast")
                     .values(spec=json_module.dumps(document, sort_keys=True)))
    status, out, err = run(capsys, "course", "save", "--course-id", "course-breast", "--reason", "patient unwell", "--db", url)
    assert (status, out) == (0, "course-breast\n"), err
    with Store.open(url) as store:
        assert [m.reason for m in store.load_course("course-breast").spec.adjustments.missed] == ["patient unwell"]


def test_the_window_repairs_a_booked_damaged_course(qtbot, monkeypatch, url: str):
    from PySide6.QtWidgets import QMessageBox

    from planner.core.errors import Field

    from .booking_scenario import main_window_on

    damage(url, location="<b>Riverside</b> clinic")
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"refused: {a[2]}"))
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course("course-breast")
        form = window.form
        assert form.location.text() == "<b>Riverside</b> clinic"
        qtbot.waitUntil(lambda: "holds markup" in form.errors[Field.LOCATION].text())
        form.location.setText("Riverside clinic")
        form.location.textEdited.emit("Riverside clinic")
        qtbot.waitUntil(lambda: not form.errors[Field.LOCATION].isVisible())
        assert window.store_link.save()
    with Store.open(url) as store:
        assert store.load_course("course-breast").spec.location == "Riverside clinic"


def test_a_damaged_course_is_cancelled_its_machine_time_freed_and_its_update_said_owed(capsys, url: str, tmp_path: Path):
    """Cancelling needs none of the course's text: a damaged course is cancelled as any other (before: refused until
    repaired, its machine time kept); its exported calendar's update stays owed until it is repaired, said once."""
    status, _, err = run(capsys, "export", "--course-id", "course-breast", "-o", str(tmp_path / "breast.ics"), "--db", url)
    assert status == 0, err
    damage(url, patient="<i>Amir</i> Haddad")
    status, out, err = run(capsys, "course", "cancel", "--course-id", "course-breast", "--db", url)
    assert status == 0, (out, err)
    assert "calendar update is not written" in warned_once(err, "course-breast")
    assert f"Cancelled course course-breast ({STAND_IN}): released 15 coming bookings" in out, out
    with Store.open(url) as store, store.engine.connect() as connection:
        assert db.course_bookings(connection, "course-breast") == []
    assert owed_calendars(url) == ["course-breast"]


def test_reopening_moves_a_damaged_courses_session_back_with_the_others(capsys, url: str):
    """A damaged course's rules read (only its free text is replaced by stand-ins): its session closed on goes back
    where it was, as every other course's, named by its stand-in, never by its markup."""
    status, _, err = run(capsys, "closure", "--date", "2030-03-28", "--reason", "snow", "--db", url)
    assert status == 0, err
    damage(url, patient="<i>Amir</i> Haddad")
    status, out, err = run(capsys, "reopen", "--date", "2030-03-28", "--move-back", "--json", "--db", url)
    assert status == 0, err
    report = json.loads(out)
    assert "course-breast" in {b["course_id"] for b in report["moved_back"]} and report["stayed"] == []
    status, out, err = run(capsys, "agenda", "--date", "2030-03-28", "--db", url)
    assert status == 0 and f"08:30-08:50  {STAND_IN} (H0002)  fraction 4/15" in out, out
