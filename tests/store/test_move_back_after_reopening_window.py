"""Bookings → Move back after reopening… (Alt+B, V): the department reopened on a closed day and the coordinator left what
the closure moved where it went (Department settings' "Leave them where they are", or `reopen` without --move-back);
the window had no later way to move them back (only `reopen --move-back` did). It lists the reopened days, then asks
Department settings' question (what can go back, what would stay) and shows its report."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox

from planner.app.booking import open_desk
from planner.core.catalogue import load_catalogue
from planner.resources_path import default_catalogue_path
from planner.ui.department_window import DepartmentWindow
from planner.ui.reopen_dialogs import ReopenedDaysDialog, ReopenReport
from tests.test_ui_small_screen import mnemonic
from tests.window_helpers import answer

from .booking_scenario import place_bookings, stock
from .command_line import run
from .test_reopen_move_back import THURSDAY, close_thursday, stored

DAY = date(2030, 3, 28)


@pytest.fixture
def reopened(capsys, tmp_path):
    """The golden bookings; Thursday closed (six sessions moved), then reopened leaving them where they went."""
    url = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(url)
    before = stored(url)
    close_thursday(capsys, url)
    status, _, err = run(capsys, "reopen", "--db", url, "--date", THURSDAY.isoformat())
    assert status == 0, err
    assert stored(url) != before
    return url, before


@pytest.fixture
def window(qtbot, reopened):
    url, _ = reopened
    desk = open_desk(url, load_catalogue(default_catalogue_path()))
    shown = DepartmentWindow(desk, DAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitExposed(shown)
    yield shown
    desk.store.close()


def test_the_action_has_its_own_letter_in_the_bookings_menu(window):
    texts = [action.text() for action in window.bookings_menu.actions() if not action.isSeparator()]
    letters = [mnemonic(text) for text in texts]
    assert mnemonic(window.reopen_back_action.text()) == "v" and letters.count("v") == 1
    assert len([letter for letter in letters if letter]) == len({letter for letter in letters if letter}), texts


def test_it_lists_the_reopened_day_asks_as_department_settings_and_moves_them_back(qtbot, monkeypatch, window, reopened):
    url, before = reopened
    listed: list[list[str]] = []

    def choose_with_enter(dialog: ReopenedDaysDialog) -> int:  # every day chosen; Enter continues
        dialog.show()
        qtbot.waitExposed(dialog)
        listed.append([dialog.list.item(i).text() for i in range(dialog.list.count())])
        assert dialog.list.hasFocus() or dialog.focusWidget() is dialog.list
        assert dialog.list.viewport().width() >= dialog.list.sizeHintForColumn(0)  # each day read whole, no scrolling sideways
        QTest.keyClick(dialog.list, Qt.Key.Key_Return)
        return dialog.result()

    asked: list[str] = []
    reports: list[ReopenReport] = []
    monkeypatch.setattr(ReopenedDaysDialog, "exec", choose_with_enter)
    monkeypatch.setattr(QMessageBox, "exec", answer("Move &back", asked))
    monkeypatch.setattr(ReopenReport, "exec", lambda self: reports.append(self) or 0)
    window.reopen_back_action.trigger()
    assert listed == [["Thu 28 Mar 2030 (snow): 6 sessions its closure moved"]]
    [question] = asked
    assert question.startswith("The department reopens Thu 28 Mar 2030 (snow). Its closure moved 6 sessions: 6 can go back")
    [report] = reports
    assert report.windowTitle() == "Department reopens: moving back report"
    assert stored(url) == before  # every session back in the slot it had
    assert window.message.text().startswith("The department reopened: 6 sessions moved back.")
    window.reopen_back_action.trigger()  # nothing left to move back: said, no dialog
    assert window.message.text() == "No day the department reopened has sessions its closure moved still to move back."
    assert len(listed) == 1


def test_leaving_them_again_keeps_them_and_the_day_stays_offered(qtbot, monkeypatch, window, reopened):
    url, _ = reopened
    moved = stored(url)
    monkeypatch.setattr(ReopenedDaysDialog, "exec", lambda dialog: (dialog.go_on(), dialog.result())[1])
    monkeypatch.setattr(QMessageBox, "exec", answer("&Leave them where they are", []))
    window.reopen_back_action.trigger()
    assert stored(url) == moved
    from planner.app.reopening import reopened_still_moved

    assert [(d.day, d.sessions) for d in reopened_still_moved(window.desk)] == [(THURSDAY, 6)]


def test_with_no_day_chosen_it_says_so_next_to_the_list(qtbot, window):
    from planner.app.reopening import reopened_still_moved

    dialog = ReopenedDaysDialog(reopened_still_moved(window.desk), window)
    qtbot.addWidget(dialog)
    dialog.list.clearSelection()
    dialog.go_on()
    assert dialog.result() != dialog.DialogCode.Accepted and not dialog.error.isHidden()
    assert dialog.error.text() == "Choose at least one day (Ctrl+A chooses them all)."
