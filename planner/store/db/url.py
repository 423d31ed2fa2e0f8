"""Which database: the embedded SQLite file by default, or a department's PostgreSQL server.

The choice, first found wins: `--db URL`, the IGRT_PLANNER_DB variable, the `database` setting,
else `planner.db` in the user's data folder. A password (in the URL, or from ~/.pgpass, which
libpq reads itself) is never shown: every message names the URL through `masked`.
"""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from ...core.text import printable
from .errors import StoreError

MAX_PATH_SHOWN = 4096  # a file name echoed back in a message; longer text is no file name (PATH_MAX)
MAX_NAME_BYTES = 255  # one part of a path (NAME_MAX): the system refuses a longer one

# File systems on which SQLite's locking is unsafe: concurrent writers corrupt the file.
NETWORK_FILE_SYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb", "smb2", "smb3", "smbfs", "fuse.sshfs", "sshfs", "9p", "afs", "ncpfs", "davfs",
    "fuse.davfs2", "fuse.rclone", "fuse.s3fs", "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "gpfs",
})


def masked(url: str | URL) -> str:
    """The URL with any password replaced by ***; text that is not a URL is shown only by its scheme."""
    try:
        parsed = url if isinstance(url, URL) else make_url(url)
    except (ArgumentError, ValueError):  # ValueError: a port that is not a number
        text = str(url)
        scheme, sep, _ = text.partition("://")
        return f"{scheme}://..." if sep else "(not a database URL)"
    return parsed.render_as_string(hide_password=True)


def parse_url(text: str) -> URL:
    """A URL the store can open: sqlite:///FILE or postgresql://... (driver psycopg 3)."""
    try:
        url = make_url(text)
    except ValueError:  # e.g. a port that is not a number ('host:abc'), which SQLAlchemy does not catch itself
        raise StoreError(f"'{_scheme_only(text)}' is not a database URL: its port is not a number "
                         "(use sqlite:///FILE or postgresql://USER@HOST[:PORT]/DB)") from None
    except ArgumentError:
        if "://" not in text and "@" not in text and text.strip() and len(text) <= MAX_PATH_SHOWN:
            # a file name (no password to hide): say how to give it
            raise StoreError(f"'{printable(text)}' is a file name, not a database URL: use sqlite:///{printable(text)} "
                             "(or postgresql://USER@HOST/DB)") from None
        raise StoreError(f"'{masked(text)}' is not a database URL (use sqlite:///FILE or postgresql://USER@HOST/DB)") from None
    backend = url.get_backend_name()
    if backend == "sqlite":
        if not url.database or url.database == ":memory:":
            raise StoreError(f"{masked(url)}: give the SQLite file, e.g. sqlite:///planner.db")
        if any(ord(c) < 32 or ord(c) == 127 for c in url.database):
            raise StoreError(f"{printable(masked(url))}: a database file name holds no line break or other control character")
        _check_file_name(url.database)
        if url.query:  # the driver would ignore them with a warning, or fail on a bad value
            raise StoreError(f"{printable(masked(url.set(query={})))}: an SQLite URL takes no options after '?' "
                             f"(got {', '.join(sorted(url.query))[:80]})")
        return url.set(drivername="sqlite+pysqlite")
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+psycopg")
    raise StoreError(f"{masked(url)}: the store runs on SQLite or PostgreSQL, not {backend}")


def _scheme_only(text: str) -> str:
    """The URL shown by its scheme alone: text that does not parse may hold a password anywhere."""
    scheme, sep, _ = text.partition("://")
    return f"{printable(scheme[:40])}://..." if sep else "(not a database URL)"


def _check_file_name(name: str) -> None:
    """A file name the system can open: no longer than PATH_MAX, no part longer than NAME_MAX (not echoed back)."""
    if len(name) > MAX_PATH_SHOWN or any(len(part.encode("utf-8", "surrogateescape")) > MAX_NAME_BYTES
                                          for part in name.split("/")):
        raise StoreError(f"the SQLite file name is too long (at most {MAX_PATH_SHOWN} characters, "
                         f"{MAX_NAME_BYTES} bytes between two '/')")


def mount_type(path: Path, table: Path = Path("/proc/self/mounts")) -> str | None:
    """The file system type of the mount holding `path` (from Linux's mount table), or None when unknown."""
    try:
        mounts = table.read_text(encoding="utf-8", errors="replace").splitlines()[:10_000]
    except OSError:
        return None
    target = os.path.realpath(path)
    best, kind = "", None
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        point = parts[1].replace("\\040", " ")
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, kind = point, parts[2]
    return kind


def refuse_network_share(path: Path, url: URL | str, table: Path = Path("/proc/self/mounts")) -> None:
    """SQLite on NFS or SMB corrupts under concurrent writers: refuse it, naming the reason."""
    probe = path if path.exists() else path.parent
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    kind = mount_type(probe, table)
    if kind is not None and (kind in NETWORK_FILE_SYSTEMS or kind.startswith(("nfs", "cifs", "smb"))):
        raise StoreError(f"{masked(url)}: the file is on a network share ({kind}); SQLite corrupts there under "
                         "several writers: use a PostgreSQL database for a shared store")
