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


@pytest.fixture
def url(tmp_path: Path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    return made


@pytest.fixture
def each_kind(store_url: str) -> str:
    """The booked department in a database of each kind (SQLite, PostgreSQL)."""
    made = stock(store_url)
    place_bookings(made)
    return made


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
