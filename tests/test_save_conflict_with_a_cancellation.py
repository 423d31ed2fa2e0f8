"""Two coordinators on one stored course: while A edits it, B cancels it (treatment stopped). A's save is refused
by a dialog that says B cancelled the course and how to go on (open theirs, reinstate it if that was a mistake),
and offers no 'Save my changes on top of theirs': before, it said B had 'saved' the course (changed: cancelled)
and offered to save, which ended in a second refusal naming the course's id and a command-line command, while
the window and its Patients list went on showing the course booked."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from planner.app.stored_courses import open_stored
from planner.store.db import Store
from planner.ui import save_conflict
from tests.store_fill import fill_store
from tests.window_helpers import window_on_store


@pytest.fixture
def url(tmp_path):
    url = f"sqlite:///{tmp_path / 'planner.db'}"
    with Store.open(url, user="coordinator-a") as store:
        fill_store(store, 3)
    return url


@pytest.fixture
def window(qtbot, monkeypatch, url):
    store = Store.open(url, user="coordinator-a")
    yield window_on_store(qtbot, monkeypatch, store)
    store.close()


def test_a_course_cancelled_meanwhile_is_said_so_and_not_offered_for_saving(window, url, monkeypatch):
    link = window.store_link
    course = link.patients.model.course(0)
    link.open_course(course.course_id)
    mine = window.session.spec.updated(fractions=25)
    window.session.edit(mine, "fractions")
    with Store.open(url, user="coordinator-b") as other:
        other.set_cancelled(course.course_id, True, open_stored(other, course.course_id).version)
    shown = []
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))

    def look(dialog):
        shown.append((dialog.message.text(), dialog.save_button.isVisibleTo(dialog)))
        dialog.choice = save_conflict.ConflictChoice.KEEP_MINE_OPEN
        return 0

    monkeypatch.setattr(save_conflict.SaveConflictDialog, "exec", look)
    assert window.save_course() is False
    ((message, save_offered),) = shown
    assert "coordinator-b cancelled this course" in message and "Reinstate course" in message
    assert not save_offered and warned == []
    assert window.session.spec == mine and window.session.dirty  # nothing of mine is lost
    model = link.patients.model
    assert model.data(model.index(0, 2)) == "Cancelled"
