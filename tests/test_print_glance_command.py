"""`print --layout glance`: the window's third layout, the course at a glance, from the command line
too (it offered only week and sheet), discreet and for one week as the window prints it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from planner.cli import main

from .test_printing import page_size, pages_text

COURSE = ["print", "--site", "prostate", "--preset", "20-daily", "--start", "2026-11-23", "--holidays", "US", "--tz", "UTC"]


def test_the_glance_prints_four_weeks_a_portrait_page(tmp_path, capsys, qapp):
    out = tmp_path / "glance.pdf"
    assert main([*COURSE, "--layout", "glance", "--paper", "a4", "-o", str(out)]) == 0
    data = out.read_bytes()
    texts = pages_text(data)
    assert len(texts) == 2  # five weeks: four on the first page, one on the second
    assert page_size(data) == (595, 842)  # A4 portrait, as the window prints it
    assert "Your appointments at a glance" in texts[0] and "Prostate" in texts[0]
    assert "Page 1 of 2" in texts[0] and "Page 2 of 2" in texts[1]
    assert (out.stat().st_mode & 0o777) == 0o600
    assert f"Wrote {out}" in capsys.readouterr().out


def test_a_discreet_glance_names_no_treatment(tmp_path, qapp):
    out = tmp_path / "glance.pdf"
    assert main([*COURSE, "--layout", "glance", "--discreet", "--paper", "letter", "-o", str(out)]) == 0
    text = " ".join(pages_text(out.read_bytes()))
    assert page_size(out.read_bytes()) == (612, 792)
    for word in ("Prostate", "Radiotherapy", "Treatment", "Planning scan", "Review"):
        assert word not in text
    assert "20 of 20" in text
    assert (PdfReader(str(out)).metadata.title or "") == "Appointments"


def test_one_week_at_a_glance_and_the_sheet_still_refuses_a_week(tmp_path, capsys, qapp):
    out = tmp_path / "glance.pdf"
    assert main([*COURSE, "--layout", "glance", "--week", "2026-11-25", "-o", str(out)]) == 0
    (text,) = pages_text(out.read_bytes())
    assert "Tue 24 Nov" in text and "Treatment 4 of 20" in text and "Mon 30" not in text and "5 of 20" not in text
    capsys.readouterr()
    assert main([*COURSE, "--layout", "sheet", "--week", "2026-11-25", "-o", str(out)]) == 2
    assert capsys.readouterr().err.count("\n") == 1


def test_the_help_offers_the_three_layouts_by_the_windows_names(capsys):
    with pytest.raises(SystemExit):
        main(["print", "--help"])
    shown = " ".join(capsys.readouterr().out.split())
    assert "{week,glance,sheet}" in shown and "glance (the course at a glance, up to 4 weeks a page)" in shown
