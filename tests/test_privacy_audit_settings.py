"""A settings file that does not read: one clear line naming the file and the key (never a traceback,
never blamed on an option the user did not give), and the window does not write the defaults over it."""

from __future__ import annotations

import json
import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from planner.cli import main as cli_main
from planner.store.settings import SettingsError, load_settings, settings_path

PLAN = ["plan", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23"]


def written(values: dict) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(values), encoding="utf-8")


@pytest.mark.parametrize("hours", ["1-²", "²-9", "٣-١٩", "7-19-20", "-19", "07 - 19"])
def test_print_hours_of_other_digits_are_refused_by_name(hours):
    # '²'.isdigit() is True and int('²') raised ValueError: a traceback on every command
    written({"print_hours": hours})
    with pytest.raises(SettingsError, match="'print_hours' must be FIRST-LAST whole hours"):
        load_settings()


def test_print_hours_in_ascii_digits_still_read():
    written({"print_hours": "7-19"})
    assert load_settings().print_hour_range == (7.0, 19.0)


def test_the_command_line_names_the_settings_file_for_odd_print_hours(capsys):
    written({"print_hours": "1-²"})
    assert cli_main(PLAN) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert f"settings: {settings_path()}: 'print_hours'" in err


def test_a_bad_zone_in_the_settings_is_blamed_on_the_settings_not_on_tz(capsys):
    written({"time_zone": "/etc/passwd"})
    assert cli_main(PLAN) == 2
    err = capsys.readouterr().err
    assert err == f"planner: error: settings: {settings_path()}: time_zone: '/etc/passwd' is not an IANA time zone (e.g. Europe/London)\n"
    assert "--tz" not in err


def test_a_good_zone_in_the_settings_reads():
    written({"time_zone": "Europe/London"})
    assert load_settings().zone_name == "Europe/London"


def test_the_window_leaves_settings_it_could_not_read_as_they_were(qapp, monkeypatch):
    """It wrote the defaults over them on closing: the clinic's name, phone and database were lost."""
    from planner.ui import app as desktop
    from planner.ui.alt_keys import AltLettersKeptOut
    from planner.ui.keyboard_focus import FocusShownInDialogs
    from planner.ui.main_window import MainWindow

    original = json.dumps({"clinic_name": "Riverside", "clinic_phone": "+1 555 0100", "database": "postgresql://planner@db/igrt",
                           "treatment_time": "9"})
    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text(original, encoding="utf-8")
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append(text))
    monkeypatch.setattr(QApplication, "exec", lambda self: 0)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # main() installs its own: put back afterwards
    before = set(QApplication.topLevelWidgets())
    guards = set(qapp.findChildren(AltLettersKeptOut))
    rules = set(qapp.findChildren(FocusShownInDialogs))
    assert desktop.main(["main.py"]) == 0
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w not in before]
    for _ in range(3):  # the window fills itself (and links the store) on the next turns of the event loop
        qapp.processEvents()
    try:
        assert len(windows) == 1 and warned and "'treatment_time' must be HH:MM" in warned[0] and "left as it is" in warned[0]
        window = windows[0]
        window.courses.remember(settings_path().parent / "jane.igrt.json")  # a recent file is saved at once, as a rule
        window.close()
        assert settings_path().read_text(encoding="utf-8") == original
    finally:
        for window in windows:
            window.deleteLater()
        for guard in set(qapp.findChildren(AltLettersKeptOut)) - guards:  # main() filtered the application's keys again
            qapp.removeEventFilter(guard)
            guard.deleteLater()
        for rule in set(qapp.findChildren(FocusShownInDialogs)) - rules:  # and marked its dialogs
            rule.remove()


def test_settings_chosen_in_the_dialog_replace_a_file_that_could_not_be_read(qapp, monkeypatch):
    from dataclasses import replace

    from planner.store.settings import Settings
    from planner.ui import dialogs
    from planner.ui.main_window import MainWindow

    settings_path().parent.mkdir(parents=True, exist_ok=True)
    settings_path().write_text('{"treatment_time": "9"}', encoding="utf-8")
    window = MainWindow(Settings(), persist_settings=False)
    chosen = replace(Settings(), clinic_name="Riverside")

    class Chosen:
        result_settings = chosen
        result_catalogue = None

        def __init__(self, *args, **kwargs) -> None:
            pass

        def exec(self) -> bool:
            return True

    monkeypatch.setattr(dialogs, "SettingsDialog", Chosen)
    try:
        window.courses.edit_settings()
        assert load_settings().clinic_name == "Riverside"
    finally:
        window.close()
        window.deleteLater()


@pytest.mark.parametrize(("region", "reason"), [
    ("ZZ", "'ZZ' is not a country the holidays package knows"),
    ("US-XX", "'XX' is not a subdivision of US"),
])
def test_a_bad_holiday_region_in_the_settings_is_blamed_on_the_settings_not_on_holidays(capsys, region, reason):
    written({"holidays": region})
    assert cli_main(PLAN) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"planner: error: settings: {settings_path()}: holidays: {reason}") and err.count("\n") == 1
    assert "--holidays" not in err


def test_a_good_holiday_region_in_the_settings_still_plans(capsys):
    written({"holidays": "us-ny"})
    assert cli_main([*PLAN, "--json"]) == 0
    assert "Thanksgiving Day (public holiday, New York)" in capsys.readouterr().out
