"""A store whose department settings no longer read (damaged rows, or two machines whose names an
older version let look alike) says "import the department file again"; that import works, from the
command line and the window, and keeps the recorded downtime that still reads."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import update

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.store.db import Store, StoreError
from planner.store.db import schema as t
from planner.ui.department_import import DepartmentImportDialog

from .booking_scenario import DEPARTMENT_FILE, stock
from .command_line import run

CATALOGUE = load_catalogue(default_catalogue_path())
LONDON = ZoneInfo("Europe/London")
FAULT = ("Linac 2", datetime(2030, 4, 1, 8, tzinfo=LONDON), datetime(2030, 4, 1, 13, tzinfo=LONDON), "beam fault")


def damaged(url: str, how: str) -> None:
    """The golden department with a downtime recorded, then its rows spoilt `how`."""
    stock(url, ())
    with open_desk(url, CATALOGUE) as desk:
        desk.machine_down(*FAULT)
    with Store.open(url) as store, store.engine.begin() as connection:
        if how == "look-alike":  # what an older version let through: 'Linac 1' beside 'linac 1'
            connection.execute(update(t.machines).where(t.machines.c.name == "Linac 3").values(name="linac 1"))
        else:
            connection.execute(update(t.department).values(closures="{not json"))


def downtime(url: str) -> list[tuple[str, int, int, str]]:
    with Store.open(url) as store:
        department = store.department()
    assert department is not None
    return [(d.machine, d.start.astimezone(LONDON).hour, d.end.astimezone(LONDON).hour, d.reason) for d in department.downtime]


@pytest.mark.parametrize("how", ["look-alike", "closures"])
def test_the_command_line_import_repairs_what_the_refusal_says_it_would(tmp_path, capsys, how):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    damaged(url, how)
    with Store.open(url) as store, pytest.raises(StoreError, match="import the department file again"):
        store.department()
    status, _, err = run(capsys, "department", "import", str(DEPARTMENT_FILE), "--db", url)
    assert status == 0, err
    assert ("Linac 2", 8, 13, "beam fault") in downtime(url), "the downtime recorded with machine-down stays"
    status, _, err = run(capsys, "agenda", "--date", "2030-04-01", "--db", url, "--json")
    assert status == 0, err


def test_the_window_import_says_the_settings_do_not_read_and_replaces_them(qtbot, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    damaged(url, "look-alike")
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", lambda parent, title, text, *a: asked.append(text) or QMessageBox.StandardButton.Yes)
    with Store.open(url) as store:
        dialog = DepartmentImportDialog(store, CATALOGUE)
        qtbot.addWidget(dialog)
        assert dialog.current.text().startswith("The department's settings in the database are damaged (")
        assert "Importing a file replaces the department's settings" in dialog.current.text()
        dialog.show()
        dialog.path.setText(str(DEPARTMENT_FILE))
        dialog.read_file()
        assert dialog.height() >= dialog.layout().totalHeightForWidth(dialog.width()), \
            "as tall as the file's preview and the long refusal need: no line squeezed over another"
        dialog.import_now()
        assert len(asked) == 1 and "cannot be read" in asked[0] and "Replace them with" in asked[0]
        assert dialog.imported is not None
    assert ("Linac 2", 8, 13, "beam fault") in downtime(url)


def test_the_window_import_answered_cancel_leaves_the_store_as_it_was(qtbot, tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    damaged(url, "closures")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Cancel)
    with Store.open(url) as store:
        dialog = DepartmentImportDialog(store, CATALOGUE)
        qtbot.addWidget(dialog)
        dialog.path.setText(str(DEPARTMENT_FILE))
        dialog.import_now()
        assert dialog.imported is None
        with pytest.raises(StoreError, match="damaged"):
            store.department()
