"""File and folder dialogs open in the window's folder for course files, else the home folder,
never in the folder the program was started from."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QDialog, QWidget

from planner.ui.start_folder import start_folder


class FolderWindow(QWidget):
    """A window that says where its files live, as the main window does."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def _folder(self) -> str:
        return str(self.folder)


def test_a_dialog_opens_in_its_window_s_folder(qtbot, tmp_path):
    window = FolderWindow(tmp_path)
    qtbot.addWidget(window)
    middle = QWidget(window)  # e.g. the department window between the main window and the report
    dialog = QDialog(middle)
    assert start_folder(dialog) == str(tmp_path)


def test_without_such_a_window_it_opens_at_home_not_in_the_working_folder(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path.parent)
    dialog = QDialog()
    qtbot.addWidget(dialog)
    assert start_folder(dialog) == str(Path.home()) == str(tmp_path)
    gone = FolderWindow(tmp_path / "deleted")
    qtbot.addWidget(gone)
    assert start_folder(QDialog(gone)) == str(tmp_path)


def test_a_folder_name_too_long_to_look_up_is_passed_over(qtbot, tmp_path, monkeypatch):
    """A remembered folder (settings.json edited by hand) or a window's folder whose name is too long: is_dir()
    raised 'File name too long' and Import course files… ended in 'Something went wrong'."""
    from planner.ui.start_folder import remembered_folder

    monkeypatch.setenv("HOME", str(tmp_path))
    too_long = str(tmp_path / ("x" * 300))
    window = FolderWindow(Path(too_long))
    qtbot.addWidget(window)
    assert start_folder(QDialog(window)) == str(tmp_path)
    assert remembered_folder(too_long, window) == str(tmp_path)
