"""The main window says a store it cannot write (another program holds it, its file is damaged) in one sentence naming
what failed and what to do, as the Bookings window does: never SQLite's message or the store's address; the course as
typed stays in the form. A store it may only read still says why (tests/store/test_window_read_only_store.py)."""

from __future__ import annotations

import sqlite3

from PySide6.QtWidgets import QMessageBox

from planner.store.db import Store

from .test_store_failure_words import LOCKED, held_by_another_program, writes_fail
from .test_window_booking import url, window  # noqa: F401 - the window on a department store


def _version(url: str) -> int:  # noqa: F811
    with Store.open(url) as store:
        return store.load_course("course-prostate").version


def test_a_save_refused_by_a_lock_is_said_plainly_and_keeps_the_form(window, url, monkeypatch):  # noqa: F811
    window.store_link.open_course("course-prostate")
    before = _version(url)
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: warned.append(f"{title}: {text}"))
    window.form.location.setText("Level 2, room 4")
    store = window.store_link.store
    with held_by_another_program(url, store):
        assert window.save_course() is False
    assert warned == [f"Not saved: {LOCKED}"]
    assert "sqlite" not in warned[0] and str(store.url.database) not in warned[0]
    assert window.form.location.text() == "Level 2, room 4", "what was typed stays"
    assert _version(url) == before, "nothing was saved"
    assert window.save_course() is True, "once the other program lets go, the same save goes through"
    assert _version(url) == before + 1


def test_a_damaged_store_is_said_plainly(window, url, monkeypatch):  # noqa: F811
    window.store_link.open_course("course-prostate")
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: warned.append(text))
    window.form.location.setText("Level 3")
    with writes_fail(window.store_link.store, sqlite3.DatabaseError("database disk image is malformed")):
        assert window.save_course() is False
    assert warned == ["The department store could not be written: the store file is damaged. Nothing was changed; "
                      "ask the administrator to restore it from a backup."]
