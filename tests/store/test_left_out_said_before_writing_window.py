"""In the window, the preparation reminders a discreet calendar update leaves out are said where the coordinator is
asked to write the updates, above Write calendar updates…, before anything is written: the re-booking reports (machine
down, closure, machine back, reopening, re-optimisation share `UpdatesReport`) and the Bookings window's Calendars tab.
Before, they were said only in the status line once the updates were written."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.ui.booking_dialogs import RebookingReport
from planner.ui.calendar_updates import OutdatedCalendars

from .command_line import run
from .test_discreet_updates_say_reminders_left_out import DOWN, SENTENCE, given


def leaving_them(monkeypatch) -> list[str]:
    """Every "Move them back now?" question answers "Leave them where they are"; the list of what each said below."""
    from PySide6.QtWidgets import QMessageBox

    from ..window_helpers import answer

    asked: list[str] = []
    clicked = answer("&Leave them where they are", [])

    def ask(box: QMessageBox) -> int:
        asked.append(box.informativeText())
        return clicked(box)

    monkeypatch.setattr(QMessageBox, "exec", ask)
    return asked

ZONE = ZoneInfo("Europe/London")


def report_on(capsys, qtbot, tmp_path, monkeypatch, *, discreet: bool = True, window_discreet: bool = False):
    """The machine-down report of the scenario's downtime, its updates not written yet, and the folder to write them."""
    url = given(capsys, tmp_path, monkeypatch, discreet=discreet)
    desk = open_desk(url, load_catalogue(tmp_path / "catalogue.toml"))
    report, updates = desk.machine_down("Linac 1", datetime(2030, 4, 2, 7, tzinfo=ZONE), datetime(2030, 4, 2, 19, tzinfo=ZONE),
                                        "beam fault")
    dialog = RebookingReport(desk, "Linac 1 down", report, updates, discreet=window_discreet)
    qtbot.addWidget(dialog)
    folder = tmp_path / "updates"
    folder.mkdir()
    return desk, dialog, folder


def test_the_report_says_it_above_write_calendar_updates_before_writing(capsys, qtbot, tmp_path, monkeypatch):
    desk, dialog, folder = report_on(capsys, qtbot, tmp_path, monkeypatch)
    with desk:
        dialog.show()
        assert dialog.left_out_said.isVisible() and dialog.left_out_said.text() == SENTENCE
        assert dialog.status.text() == "" and list(folder.iterdir()) == []  # nothing written yet
        dialog.write_to(folder)
        assert dialog.status.text().count(SENTENCE) == 1  # said of the updates written, once
        assert not dialog.left_out_said.isVisible()


def test_a_discreet_window_says_it_by_initials_without_the_words(capsys, qtbot, tmp_path, monkeypatch):
    desk, dialog, _ = report_on(capsys, qtbot, tmp_path, monkeypatch, window_discreet=True)
    with desk:
        text = dialog.left_out_said.text()
        assert text.startswith("Z. Å.: A discreet calendar leaves out 1 preparation reminder with no discreet wording")
        assert "bladder" not in text.lower() and "Ångström" not in text


def test_a_plain_update_says_nothing_more(capsys, qtbot, tmp_path, monkeypatch):
    desk, dialog, _ = report_on(capsys, qtbot, tmp_path, monkeypatch, discreet=False)
    with desk:
        dialog.show()
        assert dialog.left_out_said.text() == "" and not dialog.left_out_said.isVisible()


def test_the_calendars_tab_says_it_above_write_calendar_updates_before_writing(capsys, qtbot, tmp_path, monkeypatch):
    url = given(capsys, tmp_path, monkeypatch)
    assert run(capsys, "machine-down", *DOWN, "--db", url)[0] == 0  # owed, not written
    folder = tmp_path / "updates"
    folder.mkdir()
    with open_desk(url, load_catalogue(tmp_path / "catalogue.toml")) as desk:
        tab = OutdatedCalendars(desk)
        qtbot.addWidget(tab)
        tab.refresh()
        tab.show()  # what changed is read when the tab is shown
        assert tab.left_out_said.isVisible() and tab.left_out_said.text() == SENTENCE
        tab.set_discreet(True)  # a treatment room's screen: initials, no words
        assert tab.left_out_said.text().startswith("Z. Å.: A discreet calendar leaves out 1 preparation reminder")
        assert "bladder" not in tab.left_out_said.text().lower()
        tab.set_discreet(False)
        tab.write_to(folder)
        assert tab.status.text().count(SENTENCE) == 1  # written: said in the status line
        assert not tab.left_out_said.isVisible()  # the list is empty: nothing left to write


def test_the_reoptimisation_preview_says_it_before_re_optimising(capsys, qtbot, tmp_path, monkeypatch, waiting_url):
    """The window's dry run of the nightly re-optimisation, as `reoptimise --dry-run` says it on stderr."""
    from datetime import date

    from planner.ui.reoptimise_dialog import ReoptimiseDialog

    from ..test_discreet_reminders_left_out_said import without_bladder_wording

    catalogue = tmp_path / "catalogue.toml"
    catalogue.write_text(without_bladder_wording(), encoding="utf-8")
    monkeypatch.setenv("IGRT_PLANNER_CATALOGUE", str(catalogue))
    status, _, err = run(capsys, "export", "--db", waiting_url, "--course-id", "course-prostate", "--discreet", "-o",
                         str(tmp_path / "given.ics"))
    assert status == 0, err
    with open_desk(waiting_url, load_catalogue(catalogue)) as desk:
        desk.today = date(2030, 3, 22)
        dialog = ReoptimiseDialog(desk)
        qtbot.addWidget(dialog)
        dialog.preview()
        lines = dialog.previewed.text().split("\n")
        assert lines[0].startswith("Would place 1 course anew")
        assert lines[-1] == SENTENCE


def test_the_question_to_move_back_after_reopening_says_it(capsys, qtbot, tmp_path, monkeypatch):
    """Bookings → Move back after reopening… asks before moving back (which makes the calendar updates due): the
    question says what the discreet updates would leave out."""
    from datetime import date

    from PySide6.QtWidgets import QWidget

    from planner.ui.reopen_dialogs import offer_reopen_move_back


    url = given(capsys, tmp_path, monkeypatch)
    folder = tmp_path / "updates"
    folder.mkdir()
    day = "2030-04-02"
    assert run(capsys, "closure", "--date", day, "--reason", "snow", "--db", url, "--write-updates", str(folder))[0] == 0
    assert run(capsys, "reopen", "--date", day, "--db", url)[0] == 0  # reopened; what it moved stays moved
    asked = leaving_them(monkeypatch)
    parent = QWidget()
    qtbot.addWidget(parent)
    with open_desk(url, load_catalogue(tmp_path / "catalogue.toml")) as desk:
        offer_reopen_move_back(desk, [(date(2030, 4, 2), "snow")], parent)
        offer_reopen_move_back(desk, [(date(2030, 4, 2), "snow")], parent, discreet=True)
    assert asked[0] == f"Move them back now? Their patients' calendars then need an update again. {SENTENCE}"
    assert asked[1].endswith("Z. Å.: A discreet calendar leaves out 1 preparation reminder with no discreet wording in the "
                             "catalogue; tell the patient another way.")
    assert "bladder" not in asked[1].lower()


def test_the_question_to_move_back_after_a_downtime_shortened_in_settings_says_it(capsys, qtbot, tmp_path, monkeypatch):
    """Department settings saved a downtime shorter: the question whether to move back what it moved says what the
    discreet updates moving back would make due leave out."""
    from dataclasses import replace

    from PySide6.QtWidgets import QWidget

    from planner.core.department import shortened_downtime
    from planner.store.db import Store
    from planner.ui.machine_back_dialogs import offer_move_back


    url = given(capsys, tmp_path, monkeypatch)
    folder = tmp_path / "updates"
    folder.mkdir()
    assert run(capsys, "machine-down", *DOWN, "--db", url, "--write-updates", str(folder))[0] == 0  # the patient has it
    with Store.open(url) as store:  # the coordinator ends the downtime at 08:00 in Department settings
        shown = store.department()
        assert shown is not None
        store.set_department(replace(shown, downtime=tuple(replace(d, end=datetime(2030, 4, 2, 8, tzinfo=ZONE))
                                                           if d.machine == "Linac 1" else d for d in shown.downtime)),
                             opened=shown)
    asked = leaving_them(monkeypatch)
    parent = QWidget()
    qtbot.addWidget(parent)
    with open_desk(url, load_catalogue(tmp_path / "catalogue.toml")) as desk:
        offer_move_back(desk, shortened_downtime(shown.downtime, desk.department.downtime), parent)
    assert asked == [f"Move them back now? Their patients' calendars then need an update again. {SENTENCE}"]
