"""A coordinator imports the department file in the window: Department → Import department file…
reads it with the command line's own bounded reader and refuses it with the command line's own
words (under the file's field, never a traceback), asks before it replaces a department already in
the store, and on a fresh start Department → Bookings… points to that menu entry, not to a shell
command, and offers it at once."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMenu, QMessageBox

from planner.cli import main
from planner.core.catalogue import load_catalogue
from planner.core.department import load_department
from planner.resources_path import default_catalogue_path
from planner.store.db import Store
from planner.store.settings import Settings
from planner.ui.colours import contrast, dark_palette, high_contrast_palette
from planner.ui.department_import import DepartmentImportDialog
from planner.ui.department_window import DepartmentWindow
from planner.ui.main_window import MainWindow, catalogue_at
from tests.questions import discard_unsaved

from .store.booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .test_ui_machine_down_dialog import show_active

CATALOGUE = load_catalogue(default_catalogue_path())


def department_in(url: str):
    with Store.open(url) as store:
        return store.department()


@pytest.fixture
def fresh(tmp_path) -> str:
    """A department database that does not exist yet (a fresh start)."""
    return f"sqlite:///{tmp_path / 'fresh' / 'department.db'}"


@pytest.fixture
def fresh_window(qtbot, monkeypatch, fresh):
    (Path(fresh.removeprefix("sqlite:///")).parent).mkdir()
    discard_unsaved(monkeypatch)
    stores: list[Store] = []

    def open_store() -> Store:
        stores.append(Store.open(fresh))
        return stores[-1]

    window = MainWindow(replace(Settings(clinic_name="Riverside", time_zone="Europe/London"), database=fresh), catalogue_at(""),
                        persist_settings=False, open_store=open_store, store_known=False)
    qtbot.addWidget(window)
    window.show()
    yield window
    for top in QApplication.topLevelWidgets():
        if isinstance(top, DepartmentWindow):
            top.close()
    for store in stores:
        store.close()


def menu_entries(window: MainWindow) -> list[str]:
    window.department_menu.aboutToShow.emit()  # the store's entries come with the menu's first opening
    menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Department")
    assert isinstance(menu, QMenu)
    return [a.text() for a in menu.actions() if a.text()]


def test_a_fresh_start_offers_the_import_in_the_menu_and_bookings_points_to_it(fresh_window, monkeypatch):
    assert "Import department &file…" in menu_entries(fresh_window)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    earlier = {id(w) for w in QApplication.topLevelWidgets()}  # windows an earlier test left behind
    fresh_window.courses.open_department()
    assert len(said) == 1
    assert "Department → Import department file…" in said[0] and "Department → Department settings…" in said[0]
    assert "python" not in said[0] and "department import FILE" not in said[0]  # no shell command for the window's user
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, DepartmentWindow) and id(w) not in earlier]


def test_importing_from_the_fresh_start_message_opens_the_bookings(fresh_window, fresh, monkeypatch):
    def choose_import(box: QMessageBox) -> int:
        next(b for b in box.buttons() if b.text() == "&Import department file…").click()
        return 0

    def fill_in(dialog: DepartmentImportDialog) -> int:
        dialog.path.setText(str(DEPARTMENT_FILE))
        dialog.import_now()
        return dialog.result()

    monkeypatch.setattr(QMessageBox, "exec", choose_import)
    monkeypatch.setattr(DepartmentImportDialog, "exec", fill_in)
    fresh_window.courses.open_department()
    assert department_in(fresh) == load_department(DEPARTMENT_FILE)
    opened = [w for w in QApplication.topLevelWidgets() if isinstance(w, DepartmentWindow) and w.isVisible()]
    assert len(opened) == 1 and [m.name for m in opened[0].day_view.machines] == ["Linac 1", "Linac 2", "Linac 3", "CT simulator"]
    assert fresh_window.store_link.department == load_department(DEPARTMENT_FILE)
    assert fresh_window.session.spec.tz == "Europe/London"  # the untouched first course follows the department


@pytest.fixture
def dialog(qtbot, tmp_path):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    store = Store.open(url)
    shown = DepartmentImportDialog(store, CATALOGUE, folder=str(tmp_path))
    shown.url = url
    yield show_active(qtbot, shown)
    store.close()


def focused():
    return QApplication.focusWidget()


def test_by_keyboard_enter_reads_and_shows_the_file_then_imports_it(dialog):
    assert focused() is dialog.path
    QTest.keyClicks(dialog.path, str(DEPARTMENT_FILE))
    QTest.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.preview.isVisible() and dialog.preview.text().startswith("Riverside")
    assert "4 machines" in dialog.preview.text() and "Treats: Linac 1, Linac 2, Linac 3" in dialog.preview.text()
    assert dialog.preview.text().endswith("\nBooking: urgent courses start within 2 working days; 10 % of each machine-day "
                                          "held for them, open to routine bookings 2 working days ahead; gap-sensitive "
                                          "courses make up a fraction lost to downtime in a second session that day.")
    assert dialog.import_button.isEnabled() and dialog.file_error.isHidden()
    assert department_in(dialog.url) is None  # read, not yet imported
    QTest.keyClick(dialog.path, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert department_in(dialog.url) == load_department(DEPARTMENT_FILE) == dialog.imported


def test_alt_letters_browse_and_escape(dialog, monkeypatch, qtbot):
    asked: list[str] = []

    def chosen(parent, caption, folder, filters):
        asked.append(filters)
        return str(DEPARTMENT_FILE), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", chosen)
    QTest.keyClick(focused(), Qt.Key.Key_B, Qt.KeyboardModifier.AltModifier)  # Browse… (a button's letter clicks it shortly after)
    qtbot.waitUntil(lambda: bool(asked))
    assert "*.toml" in asked[0]
    assert dialog.path.text() == str(DEPARTMENT_FILE) and dialog.preview.text().startswith("Riverside")
    dialog.import_button.setFocus()
    QTest.keyClick(focused(), Qt.Key.Key_F, Qt.KeyboardModifier.AltModifier)
    assert focused() is dialog.path
    QTest.keyClick(dialog.path, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected and department_in(dialog.url) is None


def hostile_files(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "hostile"
    folder.mkdir()
    big = folder / "big.toml"
    big.write_bytes(b"#" * 1_000_001)
    latin = folder / "latin1.toml"
    latin.write_bytes('[department]\nname = "Clinique Saint-\xc9tienne"\n'.encode("latin-1"))
    broken = folder / "broken.toml"
    broken.write_text("[department\nname = 'x'", encoding="utf-8")
    zone = folder / "zone.toml"
    zone.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace("Europe/London", "Mars/Olympus_Mons"), encoding="utf-8")
    pipe = folder / "pipe.toml"
    os.mkfifo(pipe)
    files = [folder / "missing.toml", folder, big, latin, broken, zone, pipe]
    if Path("/dev/zero").exists():
        files.append(Path("/dev/zero"))
    return files


def test_hostile_files_are_refused_under_the_field_with_the_command_lines_words(dialog, tmp_path, capsys):
    for path in hostile_files(tmp_path):
        status = main(["department", "import", str(path), "--db", f"sqlite:///{tmp_path / 'cli.db'}"])
        _, err = capsys.readouterr()
        assert status == 2 and err.startswith("planner: error: ") and err.count("\n") == 1, (path, err)
        dialog.path.setText(str(path))
        dialog.read_file()
        assert not dialog.file_error.isHidden(), path
        assert dialog.file_error.text() == "File: " + err.removeprefix("planner: error: ").strip(), path
        assert not dialog.import_button.isEnabled() and dialog.read is None
        dialog.import_now()  # a click anyway: nothing happens but the message
        assert dialog.result() != QDialog.DialogCode.Accepted
    dialog.path.setText("dept\0.toml")  # pasted: no command line can pass it, the window's field can
    dialog.read_file()
    assert dialog.file_error.text().startswith("File: dept") and "NUL" in dialog.file_error.text()
    assert department_in(dialog.url) is None


@pytest.fixture
def stocked(qtbot, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    store = Store.open(url)
    shown = DepartmentImportDialog(store, CATALOGUE)
    qtbot.addWidget(shown)
    shown.url = url
    yield shown
    store.close()


def renamed(tmp_path: Path, text: str | None = None) -> Path:
    path = tmp_path / "renamed.toml"
    path.write_text((text or DEPARTMENT_FILE.read_text(encoding="utf-8")).replace("Riverside Cancer Centre", "Lakeside Oncology"),
                    encoding="utf-8")
    return path


def test_an_existing_department_is_replaced_only_after_a_question(stocked, tmp_path, monkeypatch):
    before = department_in(stocked.url)
    assert "replaces the department in the store: Riverside" in stocked.current.text()
    asked: list[str] = []
    answer = QMessageBox.StandardButton.Cancel

    def question(parent, title, text, *args):
        asked.append(text)
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    stocked.path.setText(str(renamed(tmp_path)))
    stocked.import_now()
    assert len(asked) == 1 and "Riverside" in asked[0] and "Lakeside Oncology" in asked[0]
    assert department_in(stocked.url) == before and stocked.result() != QDialog.DialogCode.Accepted
    answer = QMessageBox.StandardButton.Yes
    stocked.import_now()
    assert department_in(stocked.url).name == "Lakeside Oncology" and stocked.result() == QDialog.DialogCode.Accepted


def test_downtime_over_bookings_is_refused_in_the_dialog_and_nothing_is_imported(stocked, tmp_path, monkeypatch):
    place_bookings(stocked.url)
    before = department_in(stocked.url)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    text = DEPARTMENT_FILE.read_text(encoding="utf-8") + (
        '\n[[downtime]]\nmachine = "Linac 1"\nstart = "2030-04-02T08:00"\nend = "2030-04-02T13:00"\nreason = "service"\n')
    stocked.path.setText(str(renamed(tmp_path, text)))
    stocked.import_now()
    assert not stocked.error.isHidden()
    assert stocked.error.text().startswith("downtime of Linac 1 from 2030-04-02T08:00 hits ")
    assert "Machine down…" in stocked.error.text() and "machine-down" not in stocked.error.text()
    assert department_in(stocked.url) == before and stocked.imported is None


@pytest.mark.parametrize("palette", [dark_palette, high_contrast_palette])
def test_the_refusal_is_readable_in_dark_and_high_contrast_palettes(qtbot, tmp_path, palette):
    app = QApplication.instance()
    before = app.palette()
    app.setPalette(palette())
    try:
        with Store.open(f"sqlite:///{tmp_path / 'department.db'}") as store:
            shown = DepartmentImportDialog(store, CATALOGUE)
            qtbot.addWidget(shown)
            shown.path.setText(str(tmp_path / "missing.toml"))
            shown.read_file()
            error = shown.file_error
            assert not error.isHidden()
            assert contrast(error.palette().color(error.foregroundRole()), shown.palette().color(shown.backgroundRole())) >= 4.5
    finally:
        app.setPalette(before)
