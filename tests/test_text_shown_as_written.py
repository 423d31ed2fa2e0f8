"""Stored text and quoted paths are shown as written. A store shared with an older planner (or edited by hand)
may hold a name or an audit value with a tag, and a message may quote a path under a folder named like one: Qt
took such text for rich text in a tooltip, a label or a message box and, for an <img>, read the file it named
(a pipe hung the window, /dev/zero filled its memory)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt

from planner.store.db import AuditEntry, Store
from planner.ui.as_written import as_written
from planner.ui.course_history import CourseHistoryPanel
from planner.ui.patient_list import PatientListModel
from tests.store.booking_scenario import COURSES, course_spec, stock
from tests.store.test_damaged_text_repair import stored_as_an_old_version_would

HOSTILE = '<img src="/dev/zero">'


def test_text_holding_a_tag_becomes_escaped_rich_text_and_other_text_stays():
    assert as_written("Jane Doe\nLast saved by a") == "Jane Doe\nLast saved by a"
    assert as_written(None) is None
    tip = as_written(f"{HOSTILE} Jane\nsecond line")
    assert "<img" not in tip and "&lt;img src=\"/dev/zero\"&gt; Jane<br>second line" in tip


def test_a_stored_name_with_a_tag_is_shown_as_written_in_the_patients_tooltip(tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}", courses=())
    with Store.open(url, user=HOSTILE) as store:  # saved by a user named with a tag
        store.save_course(course_spec(*COURSES[0]))
    stored_as_an_old_version_would(url, patient=f"{HOSTILE} Jane", course=COURSES[0][0])  # as an older planner, which took such text
    with Store.open(url) as store:
        model = PatientListModel(store)
        model.refresh()
        for column in range(model.columnCount()):
            tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
            assert tip is None or "<img" not in tip, (column, tip)
        model.folded = True
        tip = model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole)
        assert "<img" not in tip and "&lt;img" in tip


def test_an_audit_value_with_a_tag_is_shown_as_written_in_the_historys_tooltip(qtbot):
    panel = CourseHistoryPanel()
    qtbot.addWidget(panel)
    at = datetime(2030, 3, 20, 9, 15, tzinfo=UTC)
    panel.show_entries([AuditEntry(at, HOSTILE, "c-1", 2, "location", '"Level 2"', f'"{HOSTILE}"'.replace('"/', '\\"/').replace('">', '\\">'))])
    model = panel.model
    for folded in (False, True):
        model.folded = folded
        for column in range(model.columnCount()):
            tip = model.data(model.index(0, column), Qt.ItemDataRole.ToolTipRole)
            assert tip is None or "<img" not in tip, (folded, column, tip)


def test_the_save_conflict_dialog_names_who_saved_as_written(qtbot):
    """Who saved first is the store's word (an older planner's login name, a database role): the dialog's message
    took a tag there for rich text."""
    from planner.store.db import ConflictDetails
    from planner.ui.save_conflict import SaveConflictDialog

    details = ConflictDetails("c-1", HOSTILE, datetime(2030, 3, 20, 9, 15, tzinfo=UTC), 3, ("location",))
    dialog = SaveConflictDialog(details, [], None)
    qtbot.addWidget(dialog)
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText and HOSTILE in dialog.message.text()


def test_a_message_quoting_a_path_that_holds_a_tag_shows_it_as_written(qtbot, monkeypatch, tmp_path):
    """A course file under folders named '<img src=', 'dev' and 'zero>' (a stick or an archive from elsewhere):
    the message box saying it cannot be opened took its path for rich text and read /dev/zero."""
    from PySide6.QtWidgets import QMessageBox

    from planner.core.spec import CourseSpec
    from tests.window_helpers import open_window

    folder = tmp_path / "<img src=" / "dev" / "zero>"
    folder.mkdir(parents=True)
    (folder / "course.json").write_text("{}", encoding="utf-8")
    said = []
    window = open_window(qtbot, monkeypatch, CourseSpec(site="prostate", preset="20-daily", tz="UTC"))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    window.open_path(folder / "course.json")
    assert len(said) == 1 and "<img" not in said[0] and "&lt;img src=/dev/zero&gt;/course.json" in said[0]
