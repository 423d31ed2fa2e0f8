"""`print` on the command line says on stderr what the window asks about before a print: a page with
no clinic phone number (the patient has no one to call), no patient's name, or a name with letters no
installed font has (printed as boxes). Before, it wrote such a PDF without a word. The PDF is still written."""

from __future__ import annotations

from planner.cli import main

COURSE = ["print", "--site", "palliative", "--preset", "5-daily", "--start", "2026-11-23", "--time", "09:00", "--tz", "UTC"]


def test_a_print_without_a_phone_or_a_name_says_so(tmp_path, capsys, qapp):
    out = tmp_path / "week.pdf"
    assert main([*COURSE, "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "names no clinic phone number" in err and "--phone" in err
    assert "names no patient; give --patient" in err
    assert out.exists()


def test_a_complete_print_says_nothing(tmp_path, capsys, qapp):
    out = tmp_path / "week.pdf"
    assert main([*COURSE, "--patient", "Zoë Ångström-Nováková 李小龙", "--phone", "+44 20 7946 0000", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""


def test_a_name_no_font_shows_is_named(tmp_path, capsys, qapp, monkeypatch):
    monkeypatch.setattr("planner.ui.fonts.uncovered_characters", lambda text, font: [c for c in text if c == "\U0001f397"])
    out = tmp_path / "week.pdf"
    assert main([*COURSE, "--patient", "Bob \U0001f397\ufe0f Smith", "--phone", "+44 20 7946 0000", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "--patient: no font on this computer shows \U0001f397" in err and "print as boxes" in err
    assert out.exists()
