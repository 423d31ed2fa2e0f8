"""A course file added to the store stops being where the window saves it (the title and Ctrl+S say the store);
Save As of a stored course writes a copy; a file whose course is in the store offers the store's version."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.core.kinds import AppointmentKey
from planner.store.course_file import load_course, save_course
from planner.ui.store_link import STORED_TITLE
from tests.test_store_window import store, window  # noqa: F401 - its fixtures: the window on a store of 30 courses
from tests.window_helpers import answer


def added_from_file(shown, tmp_path):
    spec = shown.session.spec.updated(patient_name="Arthur Pendleton", patient_id="LDN1001")
    path = tmp_path / "arthur.igrt.json"
    save_course(spec, path)
    assert shown.open_path(path)
    shown.store_link.add_course()
    return spec, path



def test_a_file_added_to_the_store_is_no_longer_named_or_saved_as_the_course(window, store, tmp_path):  # noqa: F811
    spec, path = added_from_file(window, tmp_path)
    assert window.session.path is None and STORED_TITLE in window.windowTitle() and "arthur.igrt.json" not in window.windowTitle()
    assert "Ctrl+S saves there now; arthur.igrt.json stays as it was" in window.statusBar().currentMessage()
    before = path.read_bytes()
    window.form.patient_name.setText("Arthur Pendleton-Smith")
    window.form.patient_name.textEdited.emit("Arthur Pendleton-Smith")
    assert window.isWindowModified()
    assert window.save_course()
    assert store.load_course(spec.course_id).spec.patient_name == "Arthur Pendleton-Smith" and not window.isWindowModified()
    assert path.read_bytes() == before  # the file was never claimed to be saved


def test_save_as_of_a_stored_course_writes_a_copy_and_the_course_stays_the_stores(window, store, tmp_path, monkeypatch):  # noqa: F811
    spec, _ = added_from_file(window, tmp_path)
    window.form.patient_name.setText("Arthur P.")
    window.form.patient_name.textEdited.emit("Arthur P.")
    copy = tmp_path / "copy.igrt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(copy), ""))
    assert window.save_course_as()
    assert load_course(copy).patient_name == "Arthur P."
    assert window.session.path is None and window.isWindowModified()  # the store has not been saved: still said
    assert window.store_link.opened is not None and "stays the store's" in window.statusBar().currentMessage()
    assert window.save_course() and store.load_course(spec.course_id).spec.patient_name == "Arthur P."


def test_opening_a_file_whose_course_is_in_the_store_offers_the_stores_version(window, store, tmp_path, monkeypatch):  # noqa: F811
    spec, path = added_from_file(window, tmp_path)
    window.form.patient_name.setText("Arthur Pendleton-Smith")
    window.form.patient_name.textEdited.emit("Arthur Pendleton-Smith")
    assert window.save_course()
    window.courses.new_course()
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", answer("Keep the &file", seen))
    assert window.open_path(path)
    assert "also in the department's store (version 2" in seen[0] and "arthur.igrt.json may be older" in seen[0]
    assert window.session.path == path and window.session.spec.patient_name == "Arthur Pendleton"
    monkeypatch.setattr(QMessageBox, "exec", answer("Open the &store's version", seen))
    assert window.open_path(path)
    assert window.store_link.opened is not None and window.session.spec.patient_name == "Arthur Pendleton-Smith"
    assert window.session.path is None and STORED_TITLE in window.windowTitle()
    other = tmp_path / "other.igrt.json"
    save_course(window.session.spec.updated(course_id="not-stored-1", patient_id="LDN2002"), other)
    seen.clear()
    assert window.open_path(other) and seen == []  # a course not in the store: nothing asked


def test_a_new_course_leaves_no_stored_course_highlighted_in_the_patients_list(window):  # noqa: F811
    link = window.store_link
    course = link.patients.model.course(0)
    link.open_course(course.course_id)
    assert link.patients.show_course(course.course_id)  # highlighted, as after a click or a save
    assert link.patients.table.selectionModel().selectedRows()
    window.courses.new_course()
    assert link.opened is None and not link.patients.table.selectionModel().selectedRows()


def test_the_untouched_new_course_follows_a_department_settings_save(window, store, monkeypatch):  # noqa: F811
    from planner.ui import department_settings

    window.courses.new_course()
    closed = window.session.schedule.find(AppointmentKey.fraction(3)).start.date()

    def close_and_save(dialog):
        dialog.details.setData(dialog.details.index(0, 0), "Riverside Cancer Centre")
        dialog.machines.insertRows(0, 1)
        for column, text in enumerate(["Linac 1", "A", "vmat", "07:30-19:00"]):
            dialog.machines.setData(dialog.machines.index(0, column), text)
        dialog.closures.insertRows(0, 1)
        dialog.closures.setData(dialog.closures.index(0, 0), closed.isoformat())
        dialog.closures.setData(dialog.closures.index(0, 1), "Staff training day")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(department_settings.DepartmentDialog, "exec", close_and_save)
    window.store_link.edit_department()
    assert window.session.department is not None and window.session.department.closures
    assert all(a.start.date() != closed for a in window.session.schedule.fractions)  # moved off the new closure
    assert "the new course on screen follows them" in window.statusBar().currentMessage()
