"""Department settings (and the department file's `formerly`): one machine removed and another renamed to the removed
one's name in the same save (Linac 2 taken out of service, Linac 3 renamed "Linac 2"). Before, the save was refused
("save its removal first, then the rename"): it took two saves. Now it is one, done safely: the machine renamed keeps
its own bookings, downtime and what its downtime moved under the name; the removed machine's downtime (the monthly QA)
goes with it and never becomes the renamed one's. A removed machine's downtime row left in the window's table is marked
and refused, saying to remove it; a removed machine that still holds bookings is refused as any removal is."""

from __future__ import annotations

import json
from pathlib import Path

from planner.core.kinds import AppointmentKind
from planner.store.db import Store
from planner.store.db import bookings as db

from .booking_scenario import DEPARTMENT_FILE, breast_booked, main_window_on
from .command_line import run

QA = "monthly QA"  # the golden department's downtime, on Linac 2 (the machine removed)
FAULT = "beam fault"  # recorded on Linac 3 (the machine renamed "Linac 2"): its sessions move to the course's end


def _booked_and_down(capsys, tmp_path: Path) -> tuple[str, int]:
    """The breast course booked on Linac 3, a fault on Linac 3 recorded; Linac 3's row id."""
    url = breast_booked(f"sqlite:///{tmp_path / 'department.db'}", capsys)
    status, out, err = run(capsys, "machine-down", "Linac 3", "--db", url, "--from", "2030-04-02T07:00", "--to",
                           "2030-04-02T18:00", "--reason", FAULT, "--json")
    assert status == 0 and json.loads(out)["appended"], err
    with Store.open(url) as store:
        return url, store.machine_ids()["Linac 3"]


def _the_renamed_machine_holds_what_linac_3_held(capsys, url: str, linac_3: int) -> None:
    with Store.open(url) as store:
        department = store.department()
        assert department is not None
        assert [m.name for m in department.machines] == ["Linac 1", "Linac 2", "CT simulator"]
        assert department.machine("Linac 2").capabilities == frozenset({"vmat", "dibh"})  # Linac 3's, not the removed one's
        assert store.machine_ids()["Linac 2"] == linac_3, "the same machine, under its new name"
        assert {d.reason: d.machine for d in department.downtime} == {FAULT: "Linac 2"}, "the removed machine's QA went with it"
        with store.engine.connect() as connection:
            held = {b.machine for b in db.course_bookings(connection, "course-breast") if b.kind is AppointmentKind.FRACTION}
        assert held == {"Linac 2"}
    status, out, err = run(capsys, "machine-up", "Linac 2", "--db", url, "--at", "2030-04-02T08:00", "--move-back", "--json")
    assert status == 0, err
    assert [m["to"]["machine"] for m in json.loads(out)["moved_back"]] == ["Linac 2"], "what its downtime moved comes back"


def test_the_department_file_removes_one_machine_and_renames_another_to_its_name(capsys, tmp_path):
    url, linac_3 = _booked_and_down(capsys, tmp_path)
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    linac_2 = text[text.index('[[machines]]\nname = "Linac 2"'):text.index('[[machines]]\nname = "Linac 3"')]
    qa = text[text.index("[[downtime]]"):]
    file = tmp_path / "department.toml"
    file.write_text(text.replace(linac_2, "").replace(qa, "")
                    .replace('name = "Linac 3"\n', 'name = "Linac 2"\nformerly = "Linac 3"\n'), encoding="utf-8")
    status, _, err = run(capsys, "department", "import", str(file), "--db", url)
    assert status == 0, err
    _the_renamed_machine_holds_what_linac_3_held(capsys, url, linac_3)


def _remove_and_rename(dialog, *, drop_its_downtime: bool) -> None:
    [two] = [n for n, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 2"]
    dialog.machines.removeRows(two, 1)
    [three] = [n for n, cells in enumerate(dialog.machines.rows()) if cells[0] == "Linac 3"]
    assert dialog.machines.setData(dialog.machines.index(three, 0), "Linac 2")
    if drop_its_downtime:
        [qa] = [n for n, cells in enumerate(dialog.downtime.rows()) if cells[3] == QA]
        dialog.downtime.removeRows(qa, 1)
    dialog.accept()


def test_department_settings_remove_one_machine_and_rename_another_to_its_name_in_one_save(qtbot, monkeypatch, capsys,
                                                                                          tmp_path):
    from planner.ui import department_settings

    url, linac_3 = _booked_and_down(capsys, tmp_path)
    with main_window_on(qtbot, monkeypatch, url) as window:
        def save(dialog) -> int:
            _remove_and_rename(dialog, drop_its_downtime=True)
            assert dialog.error.text() == "", dialog.error.text()
            return 1 if dialog.result_department is not None else 0

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save)
        window.store_link.edit_department()
    _the_renamed_machine_holds_what_linac_3_held(capsys, url, linac_3)


def test_the_removed_machines_downtime_left_in_the_table_is_refused_at_its_row(qtbot, monkeypatch, capsys, tmp_path):
    from planner.ui import department_settings

    url, _ = _booked_and_down(capsys, tmp_path)
    said: list[str] = []
    with main_window_on(qtbot, monkeypatch, url) as window:
        def save(dialog) -> int:
            _remove_and_rename(dialog, drop_its_downtime=False)
            said.append(dialog.error.text())
            assert dialog.result_department is None
            return 0

        monkeypatch.setattr(department_settings.DepartmentDialog, "exec", save)
        window.store_link.edit_department()
    [words] = said
    assert "Linac 2" in words and "removed" in words and "remove this row" in words, words
    with Store.open(url) as store:  # nothing saved
        department = store.department()
        assert department is not None and [m.name for m in department.machines] == ["Linac 1", "Linac 2", "Linac 3",
                                                                                     "CT simulator"]


def test_a_removed_machine_holding_bookings_is_refused_and_nothing_is_renamed(capsys, tmp_path):
    url, linac_3 = _booked_and_down(capsys, tmp_path)
    with Store.open(url) as store:
        stored = store.department()
        assert stored is not None
        from dataclasses import replace

        # Linac 3 (holding the breast course) removed, Linac 1 renamed "Linac 3"
        machines = tuple(replace(m, name="Linac 3") if m.name == "Linac 1" else m for m in stored.machines if m.name != "Linac 3")
        new = replace(stored, machines=machines, downtime=tuple(d for d in stored.downtime if d.machine != "Linac 3"))
        try:
            store.set_department(new, opened=stored, renamed={"Linac 1": "Linac 3"})
        except Exception as exc:  # noqa: BLE001 - the refusal's words are what is tested
            assert "Linac 3 has" in str(exc) and "move or unbook them before removing it" in str(exc), exc
        else:
            raise AssertionError("a machine holding bookings was removed")
        assert store.machine_ids()["Linac 3"] == linac_3
        assert [m.name for m in store.department().machines] == ["Linac 1", "Linac 2", "Linac 3", "CT simulator"]


def test_a_file_still_giving_the_removed_machines_downtime_under_its_name_is_refused(capsys, tmp_path):
    """The golden file's monthly QA left under "Linac 2" while Linac 2 is removed and Linac 3 renamed to its name: it
    would become the renamed machine's downtime (bookable time lost on it, unsaid). Refused, nothing written, saying
    what to do."""
    url, linac_3 = _booked_and_down(capsys, tmp_path)
    text = DEPARTMENT_FILE.read_text(encoding="utf-8")
    linac_2 = text[text.index('[[machines]]\nname = "Linac 2"'):text.index('[[machines]]\nname = "Linac 3"')]
    file = tmp_path / "department.toml"
    file.write_text(text.replace(linac_2, "").replace('name = "Linac 3"\n', 'name = "Linac 2"\nformerly = "Linac 3"\n'),
                    encoding="utf-8")
    status, out, err = run(capsys, "department", "import", str(file), "--db", url)
    assert (status, out) == (2, ""), err
    assert err.count("\n") == 1
    assert "Linac 2's downtime 2030-03-05 08:00–10:00 is that of the machine these settings remove" in err
    assert "take it out of the settings" in err
    with Store.open(url) as store:
        assert store.machine_ids()["Linac 3"] == linac_3
        assert [m.name for m in store.department().machines] == ["Linac 1", "Linac 2", "Linac 3", "CT simulator"]
