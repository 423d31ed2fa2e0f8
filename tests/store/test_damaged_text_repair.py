"""A course an older version stored with markup in its free text (before text fields refused it) reads as damaged:
`course show` and `course export` refuse it in one line naming the field and how to repair it, and `course save
--course-id ID --FIELD VALUE` repairs it, the rest of the course as stored, the change in its trail."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select, update

from planner.store.db import Store
from planner.store.db import schema as t

from .booking_scenario import stock
from .command_line import run

COURSE = "course-breast"


def stored_as_an_old_version_would(url: str, *, location: str | None = None, patient: str | None = None,
                                   closed: list[dict[str, str]] | None = None, course: str = COURSE) -> None:
    """Write markup straight into the stored `course` (and the patient's row), past today's checks."""
    with Store.open(url) as store, store.engine.begin() as conn:
        row = conn.execute(select(t.courses.c.spec, t.courses.c.patient_id).where(t.courses.c.id == course)).one()
        document = json.loads(row.spec)
        if location is not None:
            document["location"] = location
        if closed is not None:
            document["closed"] = closed
        if patient is not None:
            document["patient"]["name"] = patient
            conn.execute(update(t.patients).where(t.patients.c.id == row.patient_id)
                         .values(name=patient, name_folded=patient.casefold()))
        conn.execute(update(t.courses).where(t.courses.c.id == course)
                     .values(spec=json.dumps(document, ensure_ascii=False, sort_keys=True)))


def refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2, (status, out, err)
    assert out == "" and err.count("\n") == 1 and "Traceback" not in err, err
    return err.removeprefix("planner: error: ").rstrip("\n")


def stored_document(url: str) -> dict[str, object]:
    with Store.open(url) as store, store.engine.connect() as conn:
        loaded: dict[str, object] = json.loads(conn.execute(select(t.courses.c.spec).where(t.courses.c.id == COURSE)).scalar_one())
        return loaded


def test_a_location_with_markup_is_refused_with_the_repair_and_repaired_by_course_save(capsys, store_url: str, tmp_path: Path):
    url = stock(store_url)
    before = stored_document(url)
    stored_as_an_old_version_would(url, location="<b>Riverside</b> clinic")
    output = tmp_path / "breast.igrt.json"
    for argv in (("course", "show", COURSE), ("course", "export", COURSE, "-o", str(output))):
        line = refused(capsys, *argv, "--db", url)
        assert "field 'location'" in line and "holds markup" in line, line
        assert f"course save --course-id {COURSE} --location TEXT" in line, line
        assert "<b>" not in line  # the value is quoted escaped, never as markup a window would render
    assert not output.exists()

    status, out, err = run(capsys, "course", "save", "--course-id", COURSE, "--location", "Riverside clinic", "--db", url)
    assert status == 0, err
    assert out == f"{COURSE}\n"

    after = stored_document(url)
    assert after["location"] == "Riverside clinic"
    assert {k: v for k, v in after.items() if k != "location"} == {k: v for k, v in before.items() if k != "location"}
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    shown = json.loads(out)
    assert shown["version"] == 2
    assert [(e["field"], e["old"], e["new"]) for e in shown["history"] if e["version"] == 2] == [
        ("location", json.dumps("<b>Riverside</b> clinic"), json.dumps("Riverside clinic"))]
    assert run(capsys, "course", "export", COURSE, "-o", str(output), "--db", url)[0] == 0


def test_a_patient_name_with_markup_needs_a_clean_name_to_be_saved(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    stored_as_an_old_version_would(url, patient="<i>Amir</i> Haddad")
    line = refused(capsys, "course", "show", COURSE, "--db", url)
    assert "field 'patient.name'" in line and f"course save --course-id {COURSE} --patient NAME" in line, line

    # another field changed, the damaged name left: refused, naming it and how to repair it; nothing saved
    line = refused(capsys, "course", "save", "--course-id", COURSE, "--location", "Riverside", "--db", url)
    assert "field 'patient'" in line and "--patient" in line and "holds markup" in line, line
    # a new name with markup of its own: refused as any other
    line = refused(capsys, "course", "save", "--course-id", COURSE, "--patient", "Amir <b>Haddad", "--db", url)
    assert line.startswith("--patient: ") and "holds markup" in line, line
    with Store.open(url) as store:
        assert store.load_course(COURSE, repairing=True).version == 1

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--patient", "Amir Haddad", "--db", url)
    assert status == 0, err
    status, out, err = run(capsys, "course", "show", COURSE, "--json", "--db", url)
    assert status == 0, err
    shown = json.loads(out)
    assert shown["patient"] == "Amir Haddad" and shown["version"] == 2
    assert ("patient.name", json.dumps("<i>Amir</i> Haddad"), json.dumps("Amir Haddad")) in [
        (e["field"], e["old"], e["new"]) for e in shown["history"]]
    assert stored_document(url)["location"] == ""  # nothing else given, nothing else changed


def test_a_closure_note_with_markup_is_repaired_by_giving_the_closure_again(capsys, tmp_path: Path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    closures = [{"date": "2030-04-01", "note": "<b>Linac</b> service"}, {"date": "2030-04-02", "note": "Staff training"}]
    stored_as_an_old_version_would(url, closed=closures)
    line = refused(capsys, "course", "export", COURSE, "-o", str(tmp_path / "c.igrt.json"), "--db", url)
    assert "field 'closed.note' (2030-04-01)" in line and f"course save --course-id {COURSE} --closed 2030-04-01" in line, line

    status, _, err = run(capsys, "course", "save", "--course-id", COURSE, "--closed", "2030-04-01", "--db", url)
    assert status == 0, err
    # the closure kept (its day still closed), its note left empty; the other closure as it was
    assert stored_document(url)["closed"] == [{"date": "2030-04-01", "note": ""}, {"date": "2030-04-02", "note": "Staff training"}]
    assert run(capsys, "course", "show", COURSE, "--db", url)[0] == 0


def test_the_store_refuses_to_save_a_course_read_for_repair_with_its_markup_still_in_it(tmp_path: Path):
    from planner.core.errors import InputError

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    stored_as_an_old_version_would(url, location="<img src=/dev/zero>")
    with Store.open(url) as store:
        course = store.load_course(COURSE, repairing=True)
        assert [d.field for d in course.damaged] == ["location"]
        with pytest.raises(InputError, match="markup"):
            store.save_course(course.spec.updated(fractions=10), course.version)
        assert store.load_course(COURSE, repairing=True).version == 1


def test_the_window_opens_such_a_course_with_the_field_marked_and_saving_clean_text_repairs_it(qtbot, monkeypatch,
                                                                                                 tmp_path: Path):
    from PySide6.QtWidgets import QMessageBox

    from planner.core.errors import Field

    from .booking_scenario import main_window_on

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    stored_as_an_old_version_would(url, location="<b>Riverside</b> clinic", patient="<i>Amir</i> Haddad")
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        assert said == []  # opened, not refused
        form = window.form
        assert window.store_link.opened is not None and window.store_link.opened.course_id == COURSE
        assert form.patient_name.text() == "<i>Amir</i> Haddad"  # a QLineEdit: its plain text, never rendered
        assert "holds markup" in form.errors[Field.PATIENT].text() and form.errors[Field.PATIENT].isVisible()

        form.patient_name.setText("Amir Haddad")
        form.patient_name.textEdited.emit("Amir Haddad")
        qtbot.waitUntil(lambda: "holds markup" in form.errors[Field.LOCATION].text())  # the next one, beside its field
        assert not window.store_link.save()  # still damaged: not saved
        assert said and "holds markup" in said[-1]
        with Store.open(url) as store:
            assert store.load_course(COURSE, repairing=True).version == 1

        form.location.setText("Riverside clinic")
        form.location.textEdited.emit("Riverside clinic")
        qtbot.waitUntil(lambda: not form.errors[Field.LOCATION].isVisible())
        assert window.store_link.save()
    with Store.open(url) as store:
        repaired = store.load_course(COURSE)  # reads without repair now
        assert (repaired.version, repaired.spec.patient_name, repaired.spec.location) == (2, "Amir Haddad", "Riverside clinic")
        changed = {e.field for e in store.course_history(COURSE) if e.version == 2}
        assert {"patient.name", "location"} <= changed


def test_the_window_marks_a_closure_note_with_markup_and_saves_once_the_closure_is_given_again(qtbot, monkeypatch,
                                                                                                tmp_path: Path):
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from planner.core.errors import Field

    from .booking_scenario import main_window_on

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    stored_as_an_old_version_would(url, closed=[{"date": "2030-04-01", "note": "<b>Linac</b> service"}])
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: pytest.fail(f"refused: {a[2]}"))
    with main_window_on(qtbot, monkeypatch, url) as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(COURSE)
        form = window.form
        assert [form.closures.item(i).text() for i in range(form.closures.count())] == ["Mon 1 Apr 2030 — <b>Linac</b> service"]
        assert "holds markup" in form.errors[Field.CLOSED].text()
        form.closures.setCurrentRow(0)
        form.remove_closure.click()
        form.closure_date.setDate(date(2030, 4, 1))
        form.closure_note.setText("Linac service")
        form.add_closure.click()
        qtbot.waitUntil(lambda: not form.errors[Field.CLOSED].isVisible())
        assert window.store_link.save()
    assert stored_document(url)["closed"] == [{"date": "2030-04-01", "note": "Linac service"}]
