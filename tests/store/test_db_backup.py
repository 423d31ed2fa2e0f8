"""`db backup FILE`: a consistent, private copy of the embedded store, checked whole, that never replaces a
file; a PostgreSQL store is sent to its own tools."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path
from types import SimpleNamespace

import pytest

from planner.store.db import Store, StoreError
from planner.store.db.backup import back_up

from .booking_scenario import place_bookings, stock
from .command_line import run


@pytest.fixture
def department(tmp_path: Path) -> str:
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    return url


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()  # noqa: S608 - the test's own names


def test_the_copy_holds_every_row_is_private_and_opens_as_a_store(capsys, department: str, tmp_path: Path):
    old = os.umask(0o022)
    try:
        status, out, err = run(capsys, "db", "backup", "--db", department, str(tmp_path / "nightly.db"))
    finally:
        os.umask(old)
    copy = tmp_path / "nightly.db"
    assert (status, err) == (0, "")
    assert out.startswith("Backed up ") and f"to {copy}: " in out and "6 courses" in out and "booked appointments." in out
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    source = tmp_path / "department.db"
    for table in ("patients", "courses", "bookings", "machines", "department"):
        assert rows(copy, table) == rows(source, table) and rows(source, table), table
    with Store.open(f"sqlite:///{copy}") as restored:
        assert len(restored.list_courses()) == 6
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no half-written copy left beside it


def test_an_existing_file_is_never_replaced_and_a_missing_folder_or_the_store_itself_is_refused(capsys, department: str,
                                                                                               tmp_path: Path):
    kept = tmp_path / "monday.db"
    kept.write_bytes(b"last Monday's backup")
    status, out, err = run(capsys, "db", "backup", "--db", department, str(kept))
    assert status == 2 and out == "" and err.count("\n") == 1 and "already exists" in err and "FILE" in err
    assert kept.read_bytes() == b"last Monday's backup"
    status, _, err = run(capsys, "db", "backup", "--db", department, str(tmp_path / "no-such-folder" / "x.db"))
    assert status == 2 and "no such folder" in err
    status, _, err = run(capsys, "db", "backup", "--db", department, str(tmp_path / "department.db"))
    assert status == 2 and "already exists" in err


def test_a_link_dangling_to_nowhere_is_not_written_through(department: str, tmp_path: Path):
    link = tmp_path / "backup.db"
    link.symlink_to(tmp_path / "elsewhere.db")
    with Store.open(department) as store, pytest.raises(StoreError, match="already exists"):
        back_up(store, link)
    assert not (tmp_path / "elsewhere.db").exists()


def test_a_postgresql_or_in_memory_store_is_refused_naming_its_own_tools():
    postgres = SimpleNamespace(backend="postgresql", display_url="postgresql://planner@db/department")
    with pytest.raises(StoreError, match="pg_dump"):
        back_up(postgres, Path("x.db"))  # type: ignore[arg-type]
    memory = SimpleNamespace(backend="sqlite", display_url="sqlite://", url=SimpleNamespace(database=None))
    with pytest.raises(StoreError, match="in memory"):
        back_up(memory, Path("x.db"))  # type: ignore[arg-type]


def test_a_missing_store_is_refused_without_creating_one(capsys, tmp_path: Path):
    status, _, err = run(capsys, "db", "backup", "--db", f"sqlite:///{tmp_path / 'none.db'}", str(tmp_path / "copy.db"))
    assert status == 2 and err.count("\n") == 1
    assert not (tmp_path / "none.db").exists() and not (tmp_path / "copy.db").exists()


def test_an_empty_file_name_is_refused_as_such(capsys, department: str):
    status, _, err = run(capsys, "db", "backup", "--db", department, " ")
    assert status == 2 and "FILE: give a file name" in err


def test_a_dash_is_refused_not_made_a_file_named_dash(capsys, monkeypatch, department: str, tmp_path: Path):
    monkeypatch.chdir(tmp_path)  # elsewhere `-` means standard output: a copy there would be a file hard to remove
    status, out, err = run(capsys, "db", "backup", "--db", department, "-")
    assert (status, out) == (2, "") and err.count("\n") == 1
    assert err.startswith("planner: error: FILE: '-' ") and "give a file name" in err
    assert not (tmp_path / "-").exists()


def test_the_department_menu_backs_the_store_up_and_refuses_to_replace_a_file(qtbot, monkeypatch, department: str, tmp_path: Path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    from .booking_scenario import main_window_on

    chosen = tmp_path / "copy.db"
    asked: list[tuple[object, ...]] = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (asked.append((a, k)), (str(chosen), ""))[1])
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: warned.append(text))
    with main_window_on(qtbot, monkeypatch, department) as window:
        link = window.store_link
        assert link is not None and link.backup_action in link.menu.actions() and link.backup_action.isEnabled()
        letters = [a.text()[a.text().index("&") + 1].lower() for a in link.menu.actions() if "&" in a.text()]
        assert len(letters) == len(set(letters))  # one Alt letter each in the Department menu
        link.backup_action.trigger()
        assert "department-store-" in str(asked[0][0][2]) and asked[0][1]["options"] == QFileDialog.Option.DontConfirmOverwrite
        assert rows(chosen, "courses") == rows(tmp_path / "department.db", "courses")
        assert "Backed up the store to copy.db: " in window.statusBar().currentMessage() and warned == []
        chosen.write_bytes(b"kept")
        link.backup_action.trigger()
        assert chosen.read_bytes() == b"kept" and "Not backed up" in warned[0] and "already exists" in warned[0]


@pytest.mark.parametrize("name", ["x" * 300 + ".db", "department.db/inside.db"])
def test_a_file_name_too_long_or_under_a_file_is_refused_in_one_line(capsys, department: str, tmp_path: Path, name: str):
    """os.stat fails with ENAMETOOLONG or ENOTDIR there: no longer 'internal error', exit 1."""
    status, out, err = run(capsys, "db", "backup", "--db", department, str(tmp_path / name))
    assert status == 2 and out == "" and err.count("\n") == 1 and "cannot write there" in err and "FILE" in err
