"""Calendars still owed (issue 13: the machine-down report "shows which patients need an updated
calendar"): a patient whose exported calendar a re-booking changed stays listed, on the command line
(`calendar-updates`) and in the Bookings window's Calendars tab, until the update is written or the
course is exported again, even when the report was closed without writing it."""

from __future__ import annotations

import json
import stat
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.app.booking import Relocation, open_desk
from planner.app.file_names import course_tag, with_course_id
from planner.core.catalogue import load_catalogue
from planner.ics import parse_export
from planner.resources_path import default_catalogue_path

from .command_line import run

LONDON = ZoneInfo("Europe/London")
DOWN = (datetime(2030, 3, 26, 7, 0, tzinfo=LONDON), datetime(2030, 3, 26, 18, 0, tzinfo=LONDON))
DOWN_AGAIN = (datetime(2030, 3, 28, 7, 0, tzinfo=LONDON), datetime(2030, 3, 28, 18, 0, tzinfo=LONDON))



def desk_on(url: str):
    return open_desk(url, load_catalogue(default_catalogue_path()))


def machine_of(url: str, course_id: str) -> str:
    with desk_on(url) as desk:
        booked = desk.booked_course(course_id)
    return next(machine for key, machine in booked.machines if key.kind.value == "fraction")


def exported_then_down(url: str, course_id: str = "course-prostate", down: tuple[datetime, datetime] = DOWN) -> bytes:
    """The course exported (the patient has its calendar), then its machine down all of `down`'s day: returns the export."""
    machine = machine_of(url, course_id)
    with desk_on(url) as desk:
        ics = desk.export_calendar(course_id, now=datetime(2030, 3, 1, tzinfo=UTC))
        assert desk.outdated_calendars() == []
        _, updates = desk.machine_down(machine, *down, "beam fault")
        assert course_id in {u.course_id for u in updates}
    return ics


def owed(url: str) -> list[str]:
    with desk_on(url) as desk:
        return [c.course_id for c in desk.outdated_calendars()]


def test_a_calendar_changed_by_a_downtime_stays_listed_until_its_update_is_written(url, tmp_path):
    first = parse_export(exported_then_down(url), "first")
    assert owed(url) == ["course-prostate"], "closing the report without writing leaves it owed"
    folder = tmp_path / "out"
    folder.mkdir()
    with desk_on(url) as desk:
        pending = desk.outdated_updates()
        assert [(u.course_id, u.patient) for u in pending] == [("course-prostate", "Zoë Ångström")] and pending[0].changed >= 1
        written = desk.write_outdated(folder)
    assert [u.course_id for u in written] == ["course-prostate"]
    path = written[0].written
    assert path is not None and path.parent == folder and stat.S_IMODE(path.stat().st_mode) == 0o600
    update = parse_export(path.read_bytes(), "update")
    assert any(event.sequence > first.events[uid].sequence for uid, event in update.events.items())
    assert owed(url) == []


def test_exporting_the_course_again_settles_it(url):
    exported_then_down(url)
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate")
    assert owed(url) == []
    exported_then_down(url, down=DOWN_AGAIN)
    with desk_on(url) as desk:  # the store's own record of an export (the main window's and `export`'s path) settles it too
        update = desk.outdated_updates()[0]
        desk.store.record_export("course-prostate", update.ics)
    assert owed(url) == []


def test_a_move_put_back_owes_nothing(url):
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
        held = desk.first_booked("course-prostate")
        assert held is not None
        start = held.start.astimezone(LONDON)
        fraction = next(b for b in desk.agenda(start.date(), 1, held.machine).machines[0].entries
                        if b.course_id == "course-prostate" and b.kind.value == "fraction")
        later = fraction.start.astimezone(LONDON).replace(hour=16, minute=0)
        desk.move("course-prostate", [Relocation(fraction.kind, fraction.number, held.machine, later)])
        assert [c.course_id for c in desk.outdated_calendars()] == ["course-prostate"]
        desk.move("course-prostate", [Relocation(fraction.kind, fraction.number, held.machine, fraction.start)])
        assert desk.outdated_calendars() == [], "the patient's calendar is right again"


def test_the_command_lists_and_writes_the_calendars_owed(capsys, url, tmp_path):
    status, out, err = run(capsys, "calendar-updates", "--db", url)
    assert (status, out, err) == (0, "No patient is owed a calendar update.\n", "")
    exported_then_down(url)
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0
    listed = json.loads(out)["calendars"]
    assert [(c["course_id"], c["patient"], c["written"]) for c in listed] == [("course-prostate", "Zoë Ångström", None)]
    assert listed[0]["changed"] >= 1
    status, out, _ = run(capsys, "calendar-updates", "--db", url)
    assert status == 0 and "Calendars to update (1):" in out and "Zoë Ångström (H0001): 1 change" in out and "--write-updates DIR" in out
    folder = tmp_path / "given"
    folder.mkdir()
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder), "--json")
    assert status == 0
    written = json.loads(out)["calendars"]
    assert [Path(c["written"]).parent for c in written] == [folder]
    assert Path(written[0]["written"]).name.startswith("Zo") and Path(written[0]["written"]).suffix == ".ics"
    status, out, _ = run(capsys, "calendar-updates", "--db", url, "--json")
    assert status == 0 and json.loads(out) == {"calendars": [], "left_out": []}


@pytest.mark.parametrize(("argv", "said"), [
    (["--write-updates", "/nonexistent-folder"], "--write-updates: /nonexistent-folder is not a folder"),
    (["--write-updates", ""], "--write-updates: give a folder (got an empty name)"),
])
def test_the_command_refuses_a_bad_folder_in_one_line(capsys, url, argv, said):
    exported_then_down(url)
    status, out, err = run(capsys, "calendar-updates", "--db", url, *argv)
    assert status == 2 and out == "" and said in err and err.count("\n") == 1
    assert owed(url) == ["course-prostate"], "nothing was written, so it is still owed"


def test_the_command_names_a_store_without_a_department(capsys, tmp_path):
    from planner.store.db import Store

    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    Store.open(empty).close()
    status, _, err = run(capsys, "calendar-updates", "--db", empty)
    assert status == 2 and err.count("\n") == 1 and "no department" in err


def test_the_window_lists_the_calendars_owed_and_writes_them(qtbot, url, tmp_path):
    from planner.ui.department_window import DepartmentWindow

    exported_then_down(url)
    desk = desk_on(url)
    window = DepartmentWindow(desk)
    qtbot.addWidget(window)
    tab = window.tabs.indexOf(window.calendars)
    assert window.tabs.tabText(tab) == "&Calendars to update (1)"
    pane = window.calendars
    window.show()
    window.tabs.setCurrentWidget(pane)
    assert pane.table.rowCount() == 1 and pane.table.item(0, 0).text() == "Zoë Ångström"
    assert pane.table.item(0, 1).text() == "H0001"  # looked up by number
    assert pane.table.item(0, 2).text() == "1 change", "what changed, as the report says it, not the course's internal id"
    assert pane.table.horizontalHeaderItem(2).text() == "What changed"
    assert pane.write_button.isEnabled() and pane.heading.text().startswith("1 patient's exported calendar changed")
    window.discreet.setChecked(True)
    assert pane.table.item(0, 0).text() == "Z. Å." and pane.table.isColumnHidden(1), "no hospital number"
    assert pane.table.item(0, 2).text() == "1 change"
    folder = tmp_path / "window"
    folder.mkdir()
    pane.write_to(folder)
    assert [p.suffix for p in folder.iterdir()] == [".ics"]
    assert window.message.text() == f"Wrote 1 calendar update to {folder}."
    assert pane.status.text() == window.message.text(), "a discreet window names no file: each file's name is the patient's"
    assert window.tabs.tabText(tab) == "&Calendars" and pane.table.rowCount() == 0 and not pane.write_button.isEnabled()
    assert owed(url) == []


def test_the_window_says_a_folder_it_cannot_write_and_keeps_the_list(qtbot, url, tmp_path):
    from planner.ui.department_window import DepartmentWindow

    exported_then_down(url)
    window = DepartmentWindow(desk_on(url))
    qtbot.addWidget(window)
    window.calendars.write_to(tmp_path / "missing")
    assert window.calendars.status.text().startswith(f"Could not write the updates into {tmp_path / 'missing'}")
    assert window.calendars.table.rowCount() == 1


def test_the_report_says_where_the_updates_not_written_stay(qtbot, url):
    from PySide6.QtWidgets import QLabel

    from planner.ui.booking_dialogs import DownReportDialog

    machine = machine_of(url, "course-prostate")
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate")
        report, updates = desk.machine_down(machine, *DOWN, "beam fault")
        dialog = DownReportDialog(desk, report, updates)
        qtbot.addWidget(dialog)
        words = [label.text() for label in dialog.findChildren(QLabel)]
        assert any("stay listed in the Bookings window's Calendars tab" in text for text in words)
        dialog.reject()  # closed without writing: still owed
        assert [c.course_id for c in desk.outdated_calendars()] == ["course-prostate"]


def test_the_tab_follows_updates_written_from_the_machine_down_report(qtbot, url, tmp_path, monkeypatch):
    from planner.ui import department_window
    from planner.ui.booking_dialogs import MachineDownDialog
    from planner.ui.department_window import DepartmentWindow

    machine = machine_of(url, "course-prostate")
    with desk_on(url) as desk:
        desk.export_calendar("course-prostate")
    window = DepartmentWindow(desk_on(url))
    qtbot.addWidget(window)
    folder = tmp_path / "from-report"
    folder.mkdir()

    def down(dialog: MachineDownDialog) -> int:  # the coordinator takes the machine down all day
        dialog.report, dialog.updates = dialog.desk.machine_down(machine, *DOWN, "beam fault")
        return 1

    def written(report) -> int:  # ... and writes the updates from the report
        report.write_to(folder)
        return 1

    monkeypatch.setattr(MachineDownDialog, "exec", down)
    monkeypatch.setattr(department_window.DownReportDialog, "exec", written)
    window.machine_down()
    assert [p.suffix for p in folder.iterdir()] == [".ics"]
    assert window.tabs.tabText(window.tabs.indexOf(window.calendars)) == "&Calendars"
    said = window.message.text()  # the status line follows: it said "1 patient calendar to update." before the report
    assert said.startswith(f"{machine} down: ") and said.count("Every calendar update written.") == 1
    assert said.endswith("Every calendar update written.")  # written: not "no patient calendar to update", as if none changed
    assert "to update" not in said


def test_with_nothing_owed_the_tabs_words_stay_together_at_the_top(qtbot, url, tmp_path):
    from planner.ui.department_window import DepartmentWindow

    exported_then_down(url)
    window = DepartmentWindow(desk_on(url))
    qtbot.addWidget(window)
    window.resize(1000, 700)
    window.show()
    window.tabs.setCurrentWidget(window.calendars)
    pane = window.calendars
    pane.write_to(tmp_path)
    qtbot.wait(20)
    assert pane.table.rowCount() == 0 and not pane.table_label.isVisible()  # no heading over a list that is not there
    gap = pane.status.geometry().top() - pane.heading.geometry().bottom()
    assert gap < 4 * pane.write_button.height(), gap  # not spread down the page


GIVEN_NAME = f"Zoë-Ångström-H0001-appointments-{course_tag('course-prostate')}.ics"  # the window's export of it is named so


def test_the_update_replaces_the_calendar_the_patient_was_given_under_its_name(url, tmp_path):
    given = exported_then_down(url)
    folder = tmp_path / "calendars"
    folder.mkdir()
    (folder / GIVEN_NAME).write_bytes(given)
    with desk_on(url) as desk:
        (written,) = desk.write_outdated(folder)
    assert written.written == folder / GIVEN_NAME and [p.name for p in folder.iterdir()] == [GIVEN_NAME]
    assert (folder / GIVEN_NAME).read_bytes() == written.ics != given


def test_a_file_of_that_name_that_is_not_the_course_calendar_is_kept_and_the_update_named_by_its_course_too(url, tmp_path):
    exported_then_down(url)
    folder = tmp_path / "calendars"
    folder.mkdir()
    (folder / GIVEN_NAME).write_text("the coordinator's own notes\n")
    with desk_on(url) as desk:
        (written,) = desk.write_outdated(folder)
    assert written.written == folder / with_course_id(GIVEN_NAME, "course-prostate")
    assert "prostate" not in written.written.name  # a longer tag of the course, not its id (which may name a site)
    assert (folder / GIVEN_NAME).read_text() == "the coordinator's own notes\n"


def test_two_updates_of_one_name_are_both_written(url, tmp_path):
    """Two patients of one name whose calendars leave the hospital number off (discreet), starting on one day:
    neither update is written over the other."""
    from dataclasses import replace

    exported_then_down(url)
    with desk_on(url) as desk:
        (update,) = desk.outdated_updates()
        assert update.file_name == GIVEN_NAME
        twin = replace(update, course_id="course-breast")  # another stored course, its update of the same name
        written = desk.write_updates([update, twin], tmp_path)
    assert [u.written for u in written] == [tmp_path / GIVEN_NAME,
                                            tmp_path / with_course_id(GIVEN_NAME, "course-breast")]
    assert all(u.written is not None and u.written.read_bytes() == u.ics for u in written)


@pytest.mark.parametrize("shows_id", [True, False])
def test_a_discreet_calendar_s_update_is_named_as_the_windows_export_of_it(url, shows_id):
    """The hospital number in a discreet calendar's update's name as in the window's export's: as the setting
    'discreet print shows the hospital number' says (it used to be left off the update's always, so the update
    did not replace the export)."""
    from planner.app.file_names import names_hospital_number, proposed_export_name
    from planner.store.db import Store

    with Store.open(url) as store:
        stored = store.load_course("course-prostate")
        store.save_course(stored.spec.updated(discreet=True), stored.version)
    with open_desk(url, load_catalogue(default_catalogue_path()), discreet_shows_id=shows_id) as desk:
        desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC))
        held = desk.first_booked("course-prostate")
        assert held is not None
        fraction = next(b for b in desk.agenda(held.start.astimezone(LONDON).date(), 1, held.machine).machines[0].entries
                        if b.course_id == "course-prostate" and b.kind.value == "fraction")
        later = fraction.start.astimezone(LONDON).replace(hour=16, minute=0)
        desk.move("course-prostate", [Relocation(fraction.kind, fraction.number, held.machine, later)])
        (update,) = desk.outdated_updates()
        spec = desk.booked_course("course-prostate").spec
    assert update.file_name == proposed_export_name(spec, hospital_number=names_hospital_number(True, shows_id))
    number = "-H0001" if shows_id else ""
    assert update.file_name == f"Zoë-Ångström{number}-appointments-{course_tag('course-prostate')}.ics"


@pytest.mark.parametrize("shows_id", [True, False])
def test_calendar_updates_names_a_discreet_update_as_the_window_names_its_export(capsys, url, tmp_path, shows_id):
    """`calendar-updates --write-updates` reads the setting 'discreet print shows the hospital number' as the window's
    export does: with it ticked (the default) the update of a discreet calendar used to leave the number off its name,
    so it lay beside the export in the patient's folder instead of replacing it."""
    from planner.app.file_names import names_hospital_number, proposed_export_name
    from planner.store.db import Store
    from planner.store.settings import Settings, save_settings

    save_settings(Settings(discreet_print_shows_id=shows_id))
    with Store.open(url) as store:
        stored = store.load_course("course-prostate")
        store.save_course(stored.spec.updated(discreet=True), stored.version)
        spec = store.load_course("course-prostate").spec
    folder = tmp_path / "given"
    folder.mkdir()
    exported = folder / proposed_export_name(spec, hospital_number=names_hospital_number(True, shows_id))
    with desk_on(url) as desk:  # the window's export, where the patient's calendars are kept, then a session moved
        exported.write_bytes(desk.export_calendar("course-prostate", now=datetime(2030, 3, 1, tzinfo=UTC)))
        held = desk.first_booked("course-prostate")
        later = held.start.astimezone(LONDON).replace(hour=16, minute=0)
        desk.move("course-prostate", [Relocation(held.kind, held.number, held.machine, later)])
    status, out, err = run(capsys, "calendar-updates", "--db", url, "--write-updates", str(folder), "--json")
    assert status == 0, err
    (written,) = json.loads(out)["calendars"]
    assert [p.name for p in folder.iterdir()] == [exported.name] and Path(written["written"]) == exported
    assert ("H0001" in exported.name) is shows_id


def test_booking_a_course_never_exported_writes_no_calendar_mark(url):
    """A mark already right is not written again (a write transaction saved); a course exported and moved is still
    marked (the tests above)."""
    from sqlalchemy import event

    with desk_on(url) as desk:
        desk.unbook("course-spine")
        answer = desk.propose("course-spine")
        assert answer.best is not None
        statements: list[str] = []
        event.listen(desk.store.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
        assert desk.commit(answer.best) == []
        assert not [s for s in statements if "calendar_owed=" in s.replace(" ", "")], "the mark was already right"
        assert sum("FROM courses JOIN patients" in s and "courses.spec" in s for s in statements) == 1, \
            "the course's text is read once after the write (its calendar), not again inside it"
        assert desk.outdated_calendars() == []
