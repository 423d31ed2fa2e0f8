"""A store's file replaced or moved while the planner has it open (a backup copied over it without closing the planner,
as README asks): the planner's open handles still held the old file, so it went on showing the old one, and every
later save went into that file, gone with it once the planner closed. Now every read and write first checks that the
file at the store's path is the one it opened, and refuses in plain words (close and open the store again) before
anything is read or written; the Bookings window's change mark reads as unknown, so that it reads (and is told)."""

from __future__ import annotations

import os
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text

from planner.app.store_words import store_words
from planner.store.db import Store, StoreError
from planner.store.db import bookings as db
from planner.store.db.errors import Trouble

from .booking_scenario import COURSES, course_spec, stock


@pytest.fixture
def opened(tmp_path: Path):
    path = tmp_path / "department.db"
    stock(f"sqlite:///{path}")
    shutil.copy(path, tmp_path / "backup.db")  # last night's copy, made by the administrator (`db backup`)
    with Store.open(f"sqlite:///{path}") as store:
        yield store, path, tmp_path / "backup.db"


def names_in(path: Path) -> set[str]:
    with Store.open(f"sqlite:///{path}") as store, store.engine.connect() as connection:
        return {row[0] for row in connection.execute(text("SELECT name FROM patients"))}


def a_new_course():
    return replace(course_spec(*COURSES[0]), course_id="course-new", patient_name="Ines Nouveau", patient_id="H0099")


def test_a_save_after_a_backup_was_copied_over_the_store_is_refused_and_said_in_plain_words(opened):
    store, path, backup = opened
    store.save_course(a_new_course())  # before: written into the store's file
    assert "Ines Nouveau" in names_in(path)
    assert store.change_mark() is not None
    os.replace(shutil.copy(backup, path.with_suffix(".restoring")), path)  # the backup put back, the planner still open
    with pytest.raises(StoreError) as refused:
        store.save_course(replace(a_new_course(), course_id="course-later", patient_name="Lena Later", patient_id="H0100"))
    assert refused.value.trouble is Trouble.REPLACED and refused.value.writing
    assert str(refused.value).endswith("the store's file was replaced or moved while the planner had it open; nothing was "
                                       "read or written: close the planner's windows on this store and open it again")
    assert store_words(refused.value, store.display_url) == (
        "The department store could not be written: its file was replaced or moved while the planner had it open. Nothing "
        "was changed; close the planner's windows on this store and open it again.")
    with pytest.raises(StoreError) as unread:
        store.department()
    assert unread.value.trouble is Trouble.REPLACED and not unread.value.writing
    with pytest.raises(StoreError, match="replaced or moved"), db.writing(store.engine, store.display_url) as connection:
        db.release(connection, "course-prostate")  # a booking's write, through the bookings' own transaction
    assert store.change_mark() is None  # the Bookings window reads again, and is told
    assert "Lena Later" not in names_in(path)  # the refused save went nowhere, rather than into the file put aside


def test_a_store_file_moved_away_is_refused_too_and_a_store_opened_again_works(opened):
    store, path, _ = opened
    os.replace(path, path.with_name("moved.db"))
    with pytest.raises(StoreError, match="replaced or moved") as refused:
        store.save_course(a_new_course())
    assert refused.value.trouble is Trouble.REPLACED
    os.replace(path.with_name("moved.db"), path)  # put back where it was: the same file again
    store.save_course(a_new_course())
    assert "Ines Nouveau" in names_in(path)
