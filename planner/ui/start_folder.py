"""Where a file or folder dialog opens: the window's folder for course files (the open course's,
else the last file's), else the user's home; never the folder the program was started from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget


def _is_folder(name: str) -> bool:
    """Whether `name` is a folder; a name the system cannot look up (too long: a settings file edited by hand) is not."""
    try:
        return Path(name).is_dir()
    except OSError:
        return False


def start_folder(widget: QWidget | None) -> str:
    """The folder of the first window up the parent chain that says where its files live (the main
    window's `_folder`), else the home folder."""
    while widget is not None:
        folder = getattr(widget, "_folder", None)
        if callable(folder):
            chosen = str(folder())
            if chosen and _is_folder(chosen):
                return chosen
        widget = widget.parentWidget()
    return str(Path.home())


def remembered_folder(remembered: str, widget: QWidget | None) -> str:
    """`remembered` (the folder a dialog last opened, from the settings) while it is still a folder, else
    `start_folder`: a dialog with a folder of its own (importing course files) goes back there."""
    if remembered and _is_folder(remembered):
        return remembered
    return start_folder(widget)


def choose_update_folder(widget: QWidget) -> Path | None:
    """The folder the coordinator picks for patients' updated calendars; None when cancelled."""
    folder = QFileDialog.getExistingDirectory(widget, "Folder for the updated calendars", start_folder(widget))
    return Path(folder) if folder else None
