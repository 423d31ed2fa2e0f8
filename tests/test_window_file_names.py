"""The window shows the name of a file the user gives as it is, on one line: a name holding a line break, a
right-to-left override, an invisible character or a NUL byte (a recent file edited into the settings file) never
shows two lines, reversed text or two look-alike entries in the title, the Recent menu, the status bar or a message,
and a recent file no system can open is refused in one message, the course on screen kept."""

from __future__ import annotations

import errno
import os
from dataclasses import replace

import pytest
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.core.bounded import read_bounded
from planner.ui import guard
from planner.ui.main_window import MainWindow, catalogue_at
from planner.ui.shown_names import shown_name
from tests.questions import discard_unsaved
from tests.test_import_folder import import_from, window_on
from tests.test_import_folder import store as store  # noqa: F401 - the fixture, for the import test
from tests.test_ui import SETTINGS, fill_course
from tests.test_ui import window as window  # noqa: F401 - the fixture: the window on a blank form, shown

# A name as a file system allows it, and what the window shows for it.
HOSTILE = [
    ("first\nline.igrt.json", "first\\nline.igrt.json"),
    ("course\u202enosj.fdp.igrt.json", "course\\u202enosj.fdp.igrt.json"),
    ("cour\u200bse.igrt.json", "cour\\u200bse.igrt.json"),
]
RAW = ("\n", "\u202e", "\u200b", "\x00")


def no_raw(text: str) -> bool:
    return not any(char in text for char in RAW)


@pytest.fixture
def unexpected(monkeypatch):
    """The errors the window's last line of defence met (each would be the 'unexpected problem' box)."""
    met: list[BaseException] = []
    monkeypatch.setattr(guard, "report", lambda error, *_a, **_k: met.append(error))
    return met


@pytest.fixture
def warnings(monkeypatch):
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *_a: said.append(text))
    return said


@pytest.mark.parametrize(("name", "shown"), HOSTILE)
def test_a_course_saved_and_opened_under_a_hostile_name_is_named_as_it_is(window, qtbot, tmp_path, monkeypatch, name,
                                                                        shown):
    fill_course(window, qtbot)
    path = tmp_path / name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.save_course() is True
    assert window.statusBar().currentMessage() == f"Saved {shown}"
    assert f"— {shown}[*] —" in window.windowTitle() and no_raw(window.windowTitle())
    (recent,) = window.recent_menu.actions()
    assert recent.text() == str(tmp_path / shown) and no_raw(recent.text())

    window.session.new()
    recent.trigger()  # the Recent menu opens the file itself, not the name shown
    assert window.form.patient_name.text() == "Zoë Ångström-Nguyễn"
    assert window.session.path == path and shown in window.windowTitle() and no_raw(window.windowTitle())


@pytest.mark.parametrize(("name", "shown"), HOSTILE)
def test_a_file_that_cannot_be_opened_or_written_is_named_as_it_is(window, qtbot, tmp_path, monkeypatch, warnings,
                                                                   name, shown):
    fill_course(window, qtbot)
    broken = tmp_path / name
    broken.write_text("{", encoding="utf-8")
    assert window.open_path(broken) is False
    assert warnings[-1].startswith(f"{tmp_path / shown}: not a course file") and no_raw(warnings[-1])
    assert window.form.patient_name.text() == "Zoë Ångström-Nguyễn" and window.session.path is None

    gone = tmp_path / "gone" / name  # its folder removed while the Save dialog was open
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(gone), ""))
    assert window.save_course_as() is False
    assert warnings[-1] == f"{tmp_path / 'gone' / shown}: No such file or directory"
    assert window.session.dirty and window.settings.recent_files == ()


def test_a_recent_file_with_a_nul_byte_is_refused_in_one_message(qtbot, monkeypatch, warnings, unexpected):
    """A settings file edited by hand may name a recent file no system can open: the Recent menu shows it escaped,
    and choosing it says why it cannot be opened, the course on screen kept (it was the 'unexpected problem' box)."""
    discard_unsaved(monkeypatch)
    win = MainWindow(replace(SETTINGS, recent_files=("/courses/a\x00b.igrt.json",)), catalogue_at(""), persist_settings=False)
    qtbot.addWidget(win)
    win.show()
    fill_course(win, qtbot)
    (recent,) = win.recent_menu.actions()
    assert recent.text() == "/courses/a\\x00b.igrt.json"
    recent.trigger()
    assert unexpected == []
    assert warnings == ["/courses/a\\x00b.igrt.json: cannot open (a file name cannot hold a NUL byte)"]
    assert win.form.patient_name.text() == "Zoë Ångström-Nguyễn"


def test_the_bounded_reader_refuses_a_name_with_a_nul_byte_as_every_other_unreadable_name(tmp_path):
    with pytest.raises(OSError) as refused:
        read_bounded(str(tmp_path / "a\x00b.json"), 100)
    assert refused.value.errno == errno.EINVAL and "NUL byte" in str(refused.value)


def test_course_files_refused_by_the_import_are_named_as_they_are(qtbot, store, tmp_path, monkeypatch, warnings):  # noqa: F811
    discard_unsaved(monkeypatch)
    win = window_on(qtbot, store)
    pipe = tmp_path / "pipe\u202enosj.igrt.json"
    os.mkfifo(pipe)
    import_from(win, monkeypatch, [pipe])
    (said,) = warnings
    assert said.splitlines()[1] == f"{tmp_path}/pipe\\u202enosj.igrt.json: not a regular file"
    assert no_raw(said.split("\n", 1)[1])


def test_shown_name_keeps_what_a_name_may_rightly_hold():
    """Right-to-left letters, the joiners Persian and emoji need, accents and spaces are shown unchanged."""
    for name in ("דוח קורס.igrt.json", "می\u200cخواهم.igrt.json", "👩\u200d⚕️ Zoë.igrt.json"):
        assert shown_name(name) == name
    assert shown_name("a\ufeffb\u2060c\x1bd") == "a\\ufeffb\\u2060c\\x1bd"


def test_an_export_names_its_files_as_they_are(window, qtbot, tmp_path, monkeypatch):
    """The earlier calendar chosen is a pipe with an override in its name: refused next to its field, escaped; the
    calendar then written under a name with a line break is said on one line, and readable by the user alone."""
    from planner.ui import dialogs

    fill_course(window, qtbot)
    pipe = tmp_path / "given\u202esci.ics"
    os.mkfifo(pipe)
    errors = []

    def fake_exec(self):
        errors.append(self.error.text())
        if len(errors) == 1:
            self.previous.setText(str(pipe))
        else:
            self.previous.setText("")
        return len(errors) <= 2

    monkeypatch.setattr(dialogs.ExportDialog, "exec", fake_exec)
    target = tmp_path / "zoe\ncalendar.ics"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.export_calendar()
    assert errors[1] == f"{tmp_path}/given\\u202esci.ics: cannot open (not a regular file, but a pipe, device or folder)."
    assert window.statusBar().currentMessage().endswith("to zoe\\ncalendar.ics")
    assert (target.stat().st_mode & 0o777) == 0o600


def test_a_catalogue_chosen_in_settings_is_named_as_it_is_next_to_its_field(window, qtbot, tmp_path):
    from planner.ui import dialogs

    folder = tmp_path / "clinic\u202elmot.toml"
    folder.mkdir()
    dialog = dialogs.SettingsDialog(SETTINGS, catalogue_at, window)
    qtbot.addWidget(dialog)
    dialog.catalogue_path.setText(str(folder))
    dialog._accept()
    assert dialog.result_settings is None
    assert dialog.errors["catalogue_path"].text() == (f"{tmp_path}/clinic\\u202elmot.toml: cannot read the catalogue "
                                                      "(not a regular file, but a pipe, device or folder)")


def test_a_path_thousands_of_characters_long_is_shown_cut_in_its_middle(window, qtbot, tmp_path, warnings):
    """Its message box grew taller than the screen (its OK button below the edge), its Recent menu wider."""
    from planner.ui.shown_names import MENU_CHARS, SHOWN_CHARS

    fill_course(window, qtbot)
    deep = tmp_path.joinpath(*["a-folder-nested-deep"] * 190) / "zoe.igrt.json"
    assert len(str(deep)) > 3800
    assert window.open_path(deep) is False
    (said,) = warnings
    assert len(said) == SHOWN_CHARS and "…" in said
    assert said.startswith(str(tmp_path)) and said.endswith("a-folder-nested-deep/zoe.igrt.json: cannot open (No such file or directory)")
    assert window.form.patient_name.text() == "Zoë Ångström-Nguyễn"

    window.settings = replace(window.settings, recent_files=(str(deep),))
    window.courses.fill_recent()
    (recent,) = window.recent_menu.actions()
    assert len(recent.text()) == MENU_CHARS and recent.text().endswith("/zoe.igrt.json")
    recent.trigger()  # the whole path is opened, not the one shown
    assert warnings[-1] == said


def test_shown_name_leaves_a_name_within_its_limit_whole():
    assert shown_name("a" * 1000) == "a" * 1000
    assert shown_name("a" * 500 + "b" * 501) == "a" * 250 + "…" + "a" * 248 + "b" * 501  # its first quarter, then its end
    assert shown_name("x" * 200, limit=120) == "x" * 30 + "…" + "x" * 89


def test_the_open_dialog_names_a_file_as_written_when_its_list_cannot(window, qtbot, tmp_path, monkeypatch):
    """Qt's own list in the Open dialog shows 'course', an override, 'nosj.fdp' as 'coursefdp.json': its preview pane
    names the file as written first, then whose course it holds."""
    from planner.ui.files import CourseOpenDialog

    fill_course(window, qtbot)
    path = tmp_path / "course\u202enosj.fdp.igrt.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(path), ""))
    assert window.save_course() is True
    plain = tmp_path / "plain.igrt.json"
    plain.write_bytes(path.read_bytes())
    dialog = CourseOpenDialog(window, str(tmp_path))
    qtbot.addWidget(dialog)
    dialog.show_preview(str(path))
    assert dialog.preview.text().startswith("File name as written: course\\u202enosj.fdp.igrt.json\n\nZoë Ångström-Nguyễn")
    dialog.show_preview(str(plain))
    assert dialog.preview.text().startswith("Zoë Ångström-Nguyễn")
