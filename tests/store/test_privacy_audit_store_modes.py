"""The department store's SQLite file and the journal files SQLite writes beside it are readable by
the user alone, also when the file was made readable by others before the planner opened it
(copied by hand, restored from a backup, made by an older version): SQLite gives its -wal and -shm
files the database file's own mode."""

from __future__ import annotations

import stat
from pathlib import Path

from planner.store.db import Store


def modes(path: Path) -> dict[str, int]:
    """The mode of the database file and of each journal file beside it, by suffix."""
    return {p.name[len(path.name):] or "db": stat.S_IMODE(p.stat().st_mode) for p in path.parent.glob(f"{path.name}*")}


def test_a_new_store_and_its_journal_files_are_mode_0600(tmp_path: Path, loose_umask):
    path = tmp_path / "planner.db"
    with Store.open(f"sqlite:///{path}") as store, store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM alembic_version").all()
        seen = modes(path)
    assert seen == {"db": 0o600, "-wal": 0o600, "-shm": 0o600}


def test_a_store_readable_by_others_is_narrowed_before_its_journal_files_are_made(tmp_path: Path, loose_umask):
    path = tmp_path / "planner.db"
    Store.open(f"sqlite:///{path}").close()
    path.chmod(0o644)
    with Store.open(f"sqlite:///{path}") as store, store.engine.connect() as conn:
        conn.exec_driver_sql("SELECT count(*) FROM alembic_version").all()
        seen = modes(path)
    assert seen == {"db": 0o600, "-wal": 0o600, "-shm": 0o600}


def test_journal_files_left_readable_by_others_are_narrowed_too(tmp_path: Path, loose_umask):
    path = tmp_path / "planner.db"
    Store.open(f"sqlite:///{path}").close()
    for suffix in ("-wal", "-shm"):  # as a crash of an older version could leave them
        Path(f"{path}{suffix}").write_bytes(b"")
        Path(f"{path}{suffix}").chmod(0o664)
    path.chmod(0o640)
    Store.open(f"sqlite:///{path}").close()
    assert all(mode == 0o600 for mode in modes(path).values()), modes(path)
