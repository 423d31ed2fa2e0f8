"""A copy of the department's embedded (SQLite) store, taken while others may be using it: what a
department keeps before a risky change, or every night. A PostgreSQL store is backed up by the
database's own tools (pg_dump); the planner says so rather than copying half of it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import StoreError
from .store import Store


@dataclass(frozen=True)
class BackupCopy:
    """What was copied: the file, and counts a person can check against the department they know."""

    path: Path
    patients: int
    courses: int
    bookings: int


def back_up(store: Store, target: Path) -> BackupCopy:
    """A consistent copy of `store` (SQLite's online backup: writers may go on meanwhile) at `target`, mode
    0600, checked whole (`PRAGMA integrity_check`) before it takes the name. Never replaces a file that
    exists, so an older backup cannot be lost to a typo; a failure leaves nothing behind."""
    if store.backend != "sqlite":
        raise StoreError(f"{store.display_url}: a PostgreSQL database is backed up with its own tools "
                         "(e.g. pg_dump --format=custom), not by the planner")
    if not store.url.database or store.url.database == ":memory:":
        raise StoreError(f"{store.display_url}: a store held in memory has no file to back up")
    source = Path(str(store.url.database)).expanduser()
    target = Path(target)
    try:
        os.lstat(target)  # a link too, even to nothing
    except FileNotFoundError:
        pass
    except OSError as exc:  # a name too long, a folder in its path that is a file or may not be searched
        raise StoreError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    else:
        raise StoreError(f"{target}: already exists (a backup never replaces a file; choose a new name)")
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(f"{target}: no such folder {folder}")
    with contextlib.suppress(OSError):
        if source.resolve() == target.resolve():
            raise StoreError(f"{target}: that is the store itself")
    try:
        fd, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise StoreError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    os.close(fd)  # mkstemp made it 0600; sqlite3 writes into it
    temp = Path(temp_name)
    try:
        with contextlib.closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as src, \
                contextlib.closing(sqlite3.connect(temp)) as dst:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise StoreError(f"{target}: the copy failed its integrity check ({verdict}); the store may be damaged")
            counts = [dst.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608 - fixed table names
                      for table in ("patients", "courses", "bookings")]
        os.chmod(temp, 0o600)
        os.link(temp, target)  # fails if the name was taken meanwhile: never replaces
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: the backup failed ({exc})") from None
    except FileExistsError:
        raise StoreError(f"{target}: already exists (a backup never replaces a file; choose a new name)") from None
    except OSError as exc:
        raise StoreError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            temp.unlink()
    return BackupCopy(target, *counts)
