"""Qt's own settings (its file dialog's last folder and folder history) kept private.

Qt's file dialog writes the folders it was last shown to ~/.config/QtProject.conf, readable by
everyone (0644): a coordinator who keeps a folder per patient ("patients/Jane-Doe-H200") would
leave the patient's name and hospital number there. The planner points Qt's user settings at its
own config folder (0700) and the file at mode 0600, which Qt keeps when it saves the file again.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QSettings

from ..store.files import ensure_private_dir, make_private

QT_SETTINGS_FILE = "QtProject.conf"  # the name Qt gives the settings of its dialogs (organisation "QtProject")


def keep_qt_settings_private(folder: Path) -> Path:
    """Make Qt keep its user settings in `folder` (made 0700) with the dialogs' file at mode 0600; returns that file.
    A folder that cannot be made (a read-only home) does not stop the start: Qt then just cannot save them."""
    with contextlib.suppress(OSError):
        ensure_private_dir(folder)
    for settings_format in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(settings_format, QSettings.Scope.UserScope, str(folder))
    path = folder / QT_SETTINGS_FILE
    with contextlib.suppress(OSError):  # a settings file Qt cannot keep private is Qt's to fail on, not a reason not to start
        make_private(path)
    return path
