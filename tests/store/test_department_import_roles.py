"""`department import` says what each machine is booked for and notes capability words no catalogue
entry asks for (a typo would turn a clinic room into a treatment machine), and refuses, by name, to
remove a machine that still holds bookings, from the command line and from the Department settings."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from planner.app.catalogues import catalogue_at
from planner.app.machine_roles import capability_notes, known_capabilities, role_summary
from planner.core.department import load_department
from planner.store.db import Store

from .booking_scenario import DEPARTMENT_FILE, place_bookings, stock
from .command_line import run

ROOM = '''
[[machines]]
name = "Clinic room 1"
capabilities = ["rooom"]
hours = { mon = "09:00-17:00", tue = "09:00-17:00", wed = "09:00-17:00", thu = "09:00-17:00", fri = "09:00-17:00" }
'''


def without_linac1(tmp_path: Path) -> Path:
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    text = re.sub(r'\[\[machines\]\]\nname = "Linac 1"\n(?:.+\n)+?\n', "", text, count=1)
    assert "Linac 1" not in text
    path = tmp_path / "department.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_removing_a_machine_with_bookings_is_refused_by_name(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    status, out, err = run(capsys, "department", "import", str(without_linac1(tmp_path)), "--db", url)
    assert status == 2 and out == ""
    path = re.escape(str(tmp_path / "department.toml"))
    assert re.fullmatch(rf"planner: error: {path}: \[\[machines\]\]: 'Linac 1' is left out of the file but has \d+ bookings: "
                        r"move or unbook them before removing it \(or keep it in the file\)\n", err), err
    with Store.open(url) as store:
        assert "Linac 1" in {m.name for m in store.department().machines}  # nothing changed


def test_removing_a_machine_without_bookings_goes_through(capsys, tmp_path):
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    status, _, err = run(capsys, "department", "import", str(without_linac1(tmp_path)), "--db", url)
    assert status == 0, err
    with Store.open(url) as store:
        assert "Linac 1" not in {m.name for m in store.department().machines}


def test_the_department_settings_window_says_the_same(qtbot, tmp_path):
    from planner.ui.department_settings import DepartmentDialog

    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    with Store.open(url) as store:
        department = store.department()
        dialog = DepartmentDialog(department, store.set_department)
        qtbot.addWidget(dialog)
        model = dialog.machines
        row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "Linac 1")
        model.removeRows(row, 1)
        dialog.accept()
        assert dialog.result_department is None
        assert re.fullmatch(r"Not saved: Linac 1 has \d+ bookings: move or unbook them before removing it", dialog.error.text())


def test_import_says_what_each_machine_is_booked_for_and_notes_unknown_capabilities(capsys, tmp_path):
    url = f"sqlite:///{tmp_path / 'department.db'}"
    path = tmp_path / "department.toml"
    path.write_text(DEPARTMENT_FILE.read_text(encoding="utf-8").replace('["vmat", "sbrt"]', '["sbrt"]')
                    .replace('["vmat", "dibh"]', '["dibh"]') + ROOM, encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 0
    assert out.splitlines()[-1] == "Treats: Linac 1, Linac 2, Linac 3, Clinic room 1; planning scans: CT simulator"
    assert err.splitlines() == ["note: Clinic room 1's capability 'rooom' is not one the catalogue asks for "
                                "(did you mean 'room'? known: ct, dibh, imrt, room, sbrt, sgrt, srs, vmat)"]
    path.write_text(path.read_text(encoding="utf-8").replace('"rooom"', '"room"'), encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(path), "--db", url)
    assert status == 0 and err == ""
    assert out.splitlines()[-1] == "Treats: Linac 1, Linac 2, Linac 3; planning scans: CT simulator; reviews: Clinic room 1"


def test_known_words_are_the_catalogues_requirements_and_the_two_roles():
    catalogue = catalogue_at("")
    known = known_capabilities(catalogue)
    assert {"ct", "room"} <= known
    assert {w for s in catalogue.sites for w in s.requires} <= known
    assert {w for s in catalogue.sites for p in s.presets for w in p.requires} <= known
    department = load_department(DEPARTMENT_FILE)
    assert role_summary(department) == "Treats: Linac 1, Linac 2, Linac 3; planning scans: CT simulator"
    assert capability_notes(department, catalogue) == []  # vmat, sbrt, dibh and ct are all known
    odd = replace(department, machines=(replace(department.machines[0], capabilities=frozenset({"vmat", "rooom"})),), downtime=())
    assert [n.split("'")[2] for n in capability_notes(odd, catalogue)] == ["rooom"]




def test_the_department_settings_explain_ct_and_room_and_note_a_mistyped_word(qtbot):
    from planner.ui.department_settings import HINTS, DepartmentDialog

    assert "ct: a CT simulator (planning scans), room: a clinic room (reviews)" in HINTS["Machines"]
    department = load_department(DEPARTMENT_FILE)
    dialog = DepartmentDialog(department, lambda _: None, known_capabilities=known_capabilities(catalogue_at("")))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.tabs.setCurrentIndex(2)
    assert not dialog.capability_note.isVisible() or "rooom" not in dialog.capability_note.text()
    model = dialog.machines
    model.insertRows(model.rowCount(), 1)
    row = model.rowCount() - 1
    model.setData(model.index(row, 0), "Clinic room 1")
    model.setData(model.index(row, 2), "rooom")
    note = ("Note: Clinic room 1's capability 'rooom' is not one the catalogue asks for "
            "(did you mean 'room'? known: ct, dibh, imrt, room, sbrt, sgrt, srs, vmat)")
    assert note in dialog.capability_note.text().splitlines()
    assert dialog.capability_note.isVisible()
    model.setData(model.index(row, 2), "room")
    assert "Clinic room 1" not in dialog.capability_note.text()
