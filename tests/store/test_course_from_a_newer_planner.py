"""A department store shared with a newer planner: a course it saved with a field this version does not know is
still shown here (read without it), but saving over it, or writing it to a course file, would drop that field, so
both are refused in one line naming the field; the course as the newer planner stored it is left whole. A course
file with a field this planner does not know (misspelt by hand, or a newer planner's) is refused, naming the field,
never read without it."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from planner.store.course_file import CourseFileError, loads
from planner.store.db import CourseFromNewer, Store
from planner.store.db import schema as t
from planner.store.db.stored_spec import NEWER_TAIL

from .booking_scenario import desk_on, place_bookings, stock
from .command_line import run

COURSE = "course-breast"


def saved_by_a_newer_planner(url: str, **fields: object) -> str:
    """The stored course's text with `fields` added, as a newer planner would write them; returns the text."""
    with Store.open(url) as store, store.engine.begin() as conn:
        document = json.loads(conn.execute(select(t.courses.c.spec).where(t.courses.c.id == COURSE)).scalar_one())
        for name, value in fields.items():
            if name == "adjustments_breaks":
                document["adjustments"]["breaks"] = value
            else:
                document[name] = value
        stored = json.dumps(document, ensure_ascii=False, sort_keys=True)
        conn.execute(update(t.courses).where(t.courses.c.id == COURSE).values(spec=stored))
    return stored


def stored_text(url: str) -> str:
    with Store.open(url) as store, store.engine.connect() as conn:
        return str(conn.execute(select(t.courses.c.spec).where(t.courses.c.id == COURSE)).scalar_one())


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2, (status, out, err)
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    return err.removeprefix("planner: error: ").rstrip("\n")


def test_the_store_shows_a_newer_planners_course_and_refuses_to_save_over_it(store_url: str):
    url = stock(store_url)
    text = saved_by_a_newer_planner(url, gating="breath-hold", adjustments_breaks=[{"from": 4, "days": 2}])
    with Store.open(url) as store:
        course = store.load_course(COURSE)  # shown: read without the fields it does not know
        assert course.unknown == ("gating", "adjustments.breaks")
        with pytest.raises(CourseFromNewer) as refusal:
            store.save_course(course.spec.updated(location="Riverside"), course.version)
    words = str(refusal.value)
    assert "field" in words and "'gating'" in words and "'adjustments.breaks'" in words and "newer version" in words, words
    assert "\n" not in words
    assert stored_text(url) == text  # nothing written: the newer planner's fields are all there
    with Store.open(url) as store:
        assert store.load_course(COURSE).version == 1


def test_a_course_of_this_version_is_saved_as_before(store_url: str):
    url = stock(store_url)
    with Store.open(url) as store:
        course = store.load_course(COURSE)
        assert course.unknown == ()
        assert store.save_course(course.spec.updated(location="Riverside"), course.version) == 2


def test_the_command_line_refuses_to_save_or_export_it_naming_the_field(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    text = saved_by_a_newer_planner(url, gating="breath-hold")
    status, out, err = run(capsys, "course", "show", COURSE, "--db", url)
    assert status == 0, err  # shown as this version reads it, saying what it leaves out
    assert "Shown without field 'gating', saved by a newer version of the planner" in out, out
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0 and json.loads(out)["unknown_fields"] == ["gating"], (out, err)
    line = refused(capsys, "course", "save", "--course-id", COURSE, "--location", "Riverside", "--db", url)
    assert line.startswith("--course-id: ") and "field 'gating'" in line and "nothing was written" in line, line
    output = tmp_path / "breast.igrt.json"
    line = refused(capsys, "course", "export", COURSE, "-o", str(output), "--db", url)
    assert "field 'gating'" in line and "course file" in line, line
    line = refused(capsys, "plan", "--course-id", COURSE, "--save", str(output), "--db", url)
    assert "field 'gating'" in line, line
    assert not output.exists()
    assert stored_text(url) == text


def course_file(tmp_path: Path, url: str, **extra: object) -> Path:
    """The stored course exported as a course file, then edited by hand: `extra` fields added."""
    path = tmp_path / "edited.igrt.json"
    status = run_quiet(url, path)
    assert status == 0
    data = json.loads(path.read_text(encoding="utf-8"))
    data.update(extra)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def run_quiet(url: str, path: Path) -> int:
    from planner.cli import main

    return main(["course", "export", COURSE, "-o", str(path), "--db", url])


def test_a_misspelt_field_in_a_course_file_is_named_not_dropped(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    path = course_file(tmp_path, url, follow_up_weks=6)
    capsys.readouterr()
    line = refused(capsys, "plan", "--course", str(path))
    assert line.startswith("--course: ") and "field 'follow_up_weks'" in line and "misspelt" in line, line
    line = refused(capsys, "import", str(path), "--db", f"sqlite:///{tmp_path / 'other.db'}")
    assert "follow_up_weks" in line, line
    with pytest.raises(CourseFileError, match=r"field 'patient\.nmae'"):
        data = json.loads(path.read_text(encoding="utf-8"))
        del data["follow_up_weks"]
        data["patient"]["nmae"] = "Jane"
        loads(json.dumps(data).encode(), "edited.igrt.json")


def test_the_window_shows_it_says_why_above_the_form_and_does_not_save_over_it(qtbot, monkeypatch, tmp_path: Path):
    from PySide6.QtWidgets import QMessageBox

    from .booking_scenario import main_window_on

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    text = saved_by_a_newer_planner(url, gating="breath-hold")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, words, *a: said.append(words))
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        assert said == []  # opened and shown, not refused
        form = window.form
        assert window.session.spec.course_id == COURSE
        notice = form.general_error
        qtbot.waitUntil(lambda: notice.isVisible() and "field 'gating'" in notice.text())
        assert "newer version" in notice.text()
        form.location.setText("Riverside")  # an edit: the notice may go, the save says it again
        assert not window.store_link.save()
        assert said and "field 'gating'" in said[-1] and "nothing was written" in said[-1], said
        assert notice.isVisible() and "field 'gating'" in notice.text()
        assert not window.courses._save_to(tmp_path / "copy.igrt.json")  # nor a copy in a file without it
        assert not (tmp_path / "copy.igrt.json").exists()
        assert "course file" in said[-1]
    assert stored_text(url) == text


def test_booking_it_here_is_refused_naming_the_field(capsys, tmp_path: Path):
    """Booked here, the course would be planned without the newer planner's field (which may change its days)."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    saved_by_a_newer_planner(url, gating="breath-hold")
    words = refused(capsys, "book", "--db", url, "--course-id", COURSE, "--earliest", "2030-03-25")
    assert words.startswith("--course-id: course course-breast holds field 'gating', which this version"), words
    assert "booking it" in words and "newer version of the planner" in words, words
    assert stored_text(url).count('"gating"') == 1


def test_once_booked_its_bookings_and_calendar_are_left_to_the_newer_planner(tmp_path: Path):
    """A booked course a newer planner saved since: re-optimising keeps it as booked, moving its sessions is refused,
    and its calendar update is not written here (planned without the field, it could tell the patient wrong days)."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    saved_by_a_newer_planner(url, gating="breath-hold")
    with desk_on(url) as desk:
        kept = desk.damaged_booked()
        assert COURSE in kept and "'gating'" in kept[COURSE] and kept[COURSE].endswith(NEWER_TAIL), kept
        held = desk.move_rules(COURSE).held
        first = next(b for b in held if b.start > desk.now())
        reasons = desk.check_move(COURSE, [(first.kind, first.number, first.machine, first.start + timedelta(minutes=30))])
        assert reasons == [kept[COURSE]], reasons
