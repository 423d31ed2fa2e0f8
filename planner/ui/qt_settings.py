"""Qt's own settings (its file dialog's last folder and folder history) kept private.

Qt's file dialog writes the folders it was last shown to ~/.config/QtProject.conf, readable by
everyone (0644): a coordinator who keeps a folder per patient ("patients/Jane-Doe-H200") would
leave the patient's name and hospital number there. The planner points Qt's user settings at its
own config folder (0700) and the file at mode 0600, which Qt keeps when it saves the file again.

Qt opens that file as it builds its file dialog and waits on a named pipe there for ever (File > Open hung the
window). Where the file is anything but a regular file (a pipe, a device, a folder, a link), Qt keeps its settings for this
session in a private folder of its own instead, removed when the planner ends; the thing in the config folder is
left as it is.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import stat
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings

from ..store.files import ensure_private_dir, make_private

QT_SETTINGS_FILE = "QtProject.conf"  # the name Qt gives the settings of its dialogs (organisation "QtProject")


def keep_qt_settings_private(folder: Path) -> Path:
    """Make Qt keep its user settings in `folder` (made 0700) with the dialogs' file at mode 0600; returns that file.
    A folder that cannot be made (a read-only home) does not stop the start: Qt then just cannot save them."""
    with contextlib.suppress(OSError):
        ensure_private_dir(folder)
    if not _regular_or_absent(folder / QT_SETTINGS_FILE):
        folder = Path(tempfile.mkdtemp(prefix="planner-qt-"))  # 0700; the folders shown this session, gone at the end
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    path = folder / QT_SETTINGS_FILE
    with contextlib.suppress(OSError):  # a settings file Qt cannot keep private is Qt's to fail on, not a reason not to start
        make_private(path)
    return path


def _regular_or_absent(path: Path) -> bool:
    """Whether `path` is a regular file or nothing Qt would open: not a pipe, device or folder, and not a link, which
    Qt would write through (it made the file a link names 0600 and replaced it: run as root, a link to /dev/zero left
    a settings file where the device was)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except (FileNotFoundError, NotADirectoryError):
        return True  # nothing there yet: Qt makes the file
    except OSError:
        return True  # cannot be looked at (a folder without search permission): Qt cannot open it either
