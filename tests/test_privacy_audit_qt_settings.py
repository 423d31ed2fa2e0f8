"""Qt's file dialog remembers the folders it was shown (a folder per patient names the patient): the
planner has Qt keep that in its own private config folder, at mode 0600, not in ~/.config/QtProject.conf
(0644, readable by everyone)."""

from __future__ import annotations

import stat

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog

from planner.ui.qt_settings import QT_SETTINGS_FILE, keep_qt_settings_private


def chosen_in_the_dialog(folder, name: str) -> str:
    """A file chosen in Qt's own save dialog (as the window's exports are), accepted as the user would."""
    QTimer.singleShot(300, lambda: [w.accept() for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog)])
    chosen, _ = QFileDialog.getSaveFileName(None, "Export calendar", str(folder / name), "Calendar (*.ics)",
                                            options=QFileDialog.Option.DontUseNativeDialog)
    return chosen


def test_the_file_dialogs_folders_are_kept_private(qapp, tmp_path, monkeypatch, loose_umask):
    home = tmp_path / "home"
    patient_folder = home / "patients" / "Jane-Doe-H200"
    patient_folder.mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    private = tmp_path / "config"
    kept = keep_qt_settings_private(private)
    assert chosen_in_the_dialog(patient_folder, "Jane-Doe-H200-appointments.ics").endswith("Jane-Doe-H200-appointments.ics")
    assert kept == private / QT_SETTINGS_FILE and "Jane-Doe-H200" in kept.read_text(encoding="utf-8")  # Qt wrote it there
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert stat.S_IMODE(private.stat().st_mode) == 0o700
    assert not (home / ".config" / QT_SETTINGS_FILE).exists()


def test_an_existing_qt_settings_file_is_narrowed(qapp, tmp_path):
    private = tmp_path / "config"
    private.mkdir(mode=0o700)
    (private / QT_SETTINGS_FILE).write_text("[FileDialog]\n", encoding="utf-8")
    (private / QT_SETTINGS_FILE).chmod(0o644)
    keep_qt_settings_private(private)
    assert stat.S_IMODE((private / QT_SETTINGS_FILE).stat().st_mode) == 0o600
    assert (private / QT_SETTINGS_FILE).read_text(encoding="utf-8") == "[FileDialog]\n"


def test_a_config_folder_that_cannot_be_made_does_not_stop_the_start(qapp, tmp_path):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("", encoding="utf-8")
    kept = keep_qt_settings_private(blocked / "config")
    assert kept == blocked / "config" / QT_SETTINGS_FILE and not kept.exists()


def test_a_pipe_or_folder_where_qt_keeps_its_settings_is_left_alone_and_never_opened(qapp, tmp_path, loose_umask):
    """Qt opens its settings file as it builds a file dialog, and waited on a named pipe there for ever (File > Open
    hung the window): Qt then keeps its settings for the session in a private folder of its own."""
    import os

    from PySide6.QtCore import QSettings

    for kind in ("pipe", "folder"):
        private = tmp_path / kind
        private.mkdir(mode=0o700)
        there = private / QT_SETTINGS_FILE
        os.mkfifo(there) if kind == "pipe" else there.mkdir()
        kept = keep_qt_settings_private(private)
        assert kept.parent != private and kept.is_file() and stat.S_IMODE(kept.stat().st_mode) == 0o600
        assert stat.S_IMODE(kept.parent.stat().st_mode) == 0o700
        qt_file = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "QtProject").fileName()
        assert qt_file == str(kept), "the file Qt's dialogs open"
        assert stat.S_ISFIFO(there.lstat().st_mode) if kind == "pipe" else there.is_dir()  # left as it was


def test_a_link_where_qt_keeps_its_settings_is_never_written_through(qapp, tmp_path, loose_umask):
    """A link there (to another file, or to a device) was followed: the file it names made 0600 and replaced by Qt's
    settings, a device too when run as root. Qt then keeps its settings for the session in a folder of its own."""
    from PySide6.QtCore import QSettings

    private = tmp_path / "config"
    private.mkdir(mode=0o700)
    target = tmp_path / "elsewhere.txt"
    target.write_text("someone else's file\n", encoding="utf-8")
    target.chmod(0o644)
    there = private / QT_SETTINGS_FILE
    there.symlink_to(target)
    kept = keep_qt_settings_private(private)
    assert kept.parent != private and kept.is_file() and not kept.is_symlink()
    settings = QSettings(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, "QtProject")
    assert settings.fileName() == str(kept)
    settings.setValue("FileDialog/history", ["file:///patients/Jane-Doe-H200"])
    settings.sync()
    assert target.read_text(encoding="utf-8") == "someone else's file\n" and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert there.is_symlink()  # left as it was
