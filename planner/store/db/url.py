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
CONNECT_SECONDS = 10  # a PostgreSQL server that does not answer is given up on after this long, whatever the URL names
MIN_HOST_SECONDS = 2  # libpq's shortest connect_timeout: each host named is tried at least this long
MAX_HOSTS = CONNECT_SECONDS // MIN_HOST_SECONDS  # hosts one URL may name (host=h1,h2,... for a primary and standbys)

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
    hidden = {key: "***" for key in parsed.query if _secret(key)}
    try:
        if hidden:  # libpq also takes the password after '?': password=..., sslpassword=...
            return parsed.update_query_dict(hidden).render_as_string(hide_password=True).replace("=%2A%2A%2A", "=***")
        return parsed.render_as_string(hide_password=True)
    except UnicodeError:  # bytes that are not UTF-8 in it (a command line's) do not render: shown by its scheme alone
        return _scheme_only(str(url))


def _secret(key: str) -> bool:
    return "password" in key.lower()


def url_secrets(url: URL) -> tuple[str, ...]:
    """The passwords `url` holds (in its user part, or after '?'), for taking them out of a driver's message."""
    found = [str(url.password)] if url.password else []
    for key, value in url.query.items():
        if _secret(key):
            found.extend([value] if isinstance(value, str) else value)
    return tuple(secret for secret in found if secret)


def parse_url(text: str) -> URL:
    """A URL the store can open: sqlite:///FILE or postgresql://... (driver psycopg 3)."""
    if isinstance(text, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in text):  # bytes that are not UTF-8 (a command
        # line's): no URL can hold them (a URL object, as a store's own `url`, is opened as it is)
        raise StoreError(f"'{_scheme_only(text)}' is not a database URL: it is not valid UTF-8 text")
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
    backend = url.get_backend_name().lower()  # a scheme reads alike in any case (RFC 3986): SQLITE:/// is SQLite
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
        hosts = _host_count(url)
        if hosts > MAX_HOSTS:  # each is waited on in turn: ten silent hosts would keep the command waiting minutes
            raise StoreError(f"{printable(masked(url))}: names {hosts} hosts; at most {MAX_HOSTS}, so a server that does not "
                             f"answer is given up on within {CONNECT_SECONDS} seconds")
        return url.set(drivername="postgresql+psycopg")
    raise StoreError(f"{masked(url)}: the store runs on SQLite or PostgreSQL, not {backend}")


def _host_count(url: URL) -> int:
    """How many servers a PostgreSQL URL names (its host, or host=h1,h2 / host=h1&host=h2 after '?');
    StoreError when its hosts and ports cannot be paired (the driver would raise an uncaught error)."""
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    try:
        _, params = PGDialect_psycopg().create_connect_args(url)  # type: ignore[no-untyped-call]
    except ArgumentError as exc:
        raise StoreError(f"{printable(masked(url))}: {printable(str(exc))}") from None
    host = params.get("host")
    return len(str(host).split(",")) if host else 1


def connect_seconds(url: URL) -> int:
    """libpq's connect_timeout for `url`, which it applies to each host in turn: the whole attempt stays
    within CONNECT_SECONDS (a URL's own connect_timeout is overridden: 0 would wait for ever)."""
    return max(MIN_HOST_SECONDS, CONNECT_SECONDS // _host_count(url))


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
