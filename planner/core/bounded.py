"""The one way the planner reads a file it is given: regular files only, never blocking, bounded.

A named pipe, a device (/dev/zero), a socket or a folder given as a course, catalogue,
settings file, earlier export or holiday cache is refused at once instead of hanging or
filling memory. It lives in the core because the catalogue is read there; the store and the
.ics reader use the same function.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def not_regular(path: Path | str) -> OSError:
    return OSError(errno.EINVAL, "not a regular file, but a pipe, device or folder", str(path))


def read_bounded(path: Path | str, limit: int) -> bytes:
    """At most limit + 1 bytes of the regular file `path`: enough for a caller to refuse an
    oversized file without reading it all. Raises OSError for anything but a regular file (and for
    a name no file can have: one holding a NUL byte);
    opening never blocks (O_NONBLOCK), so a pipe without a writer is refused, not waited on."""
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except ValueError:  # a NUL byte in the name (a recent file or a path edited into the settings file)
        raise OSError(errno.EINVAL, "a file name cannot hold a NUL byte", str(path)) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise not_regular(path)
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
