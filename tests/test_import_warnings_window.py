"""Department → Import course files… says each imported course's warnings in its result message, named by its patient,
as `planner import` says them on stderr: an SBRT course that closures stretch past its site's span, and one that cannot
be planned yet, were imported with no word in the window."""

from __future__ import annotations

import json
from datetime import date

from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.cli import main
from planner.core.spec import CourseSpec
from planner.store.course_file import save_course
from planner.store.db import Store
from planner.ui.main_window import MainWindow, catalogue_at

from .test_cli_import_warnings import CLOSED
from .test_cli_reader_gone import department_db
from .test_store_window import SETTINGS


def _imported(qtbot, monkeypatch, url: str, files: list) -> str:
    """What the window says after importing `files` through the menu."""
    said: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", lambda *a, **k: ([str(f) for f in files], ""))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text, *rest: said.append(text))
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *rest: said.append(f"WARNING {text}"))
    with Store.open(url) as store:
        window = MainWindow(SETTINGS, catalogue_at(""), persist_settings=False, open_store=lambda: store)
        qtbot.addWidget(window)
        window.store_link.import_action.trigger()
        window.close()
    (text,) = said
    return text


def test_the_import_message_says_each_imported_course_s_warnings(qtbot, monkeypatch, capsys, tmp_path):
    url = department_db(tmp_path, capsys)
    long = CourseSpec(patient_name="Ann Smith", patient_id="H100", site="lung", preset="sbrt-5-alternate",
                      start=date(2026, 12, 21), tz="America/New_York", closed=CLOSED)
    plain = CourseSpec(patient_name="Bea Jones", patient_id="H101", site="lung", preset="sbrt-5-alternate",
                       start=date(2026, 12, 21), tz="America/New_York")
    mars = CourseSpec(course_id="mars", patient_name="Cy Mars", patient_id="H42", site="prostate", preset="20-daily",
                      tz="Mars/Olympus_Mons")
    for name, spec in (("long", long), ("plain", plain), ("mars", mars)):
        save_course(spec, tmp_path / f"{name}.igrt.json")
    assert main(["plan", "--course", str(tmp_path / "long.igrt.json"), "--json"]) == 0
    warnings = json.loads(capsys.readouterr().out)["warnings"]
    assert any("more than the 14 days" in w for w in warnings)

    text = _imported(qtbot, monkeypatch, url, [tmp_path / f"{name}.igrt.json" for name in ("long", "plain", "mars")])
    lines = text.splitlines()
    assert lines[0] == "Imported 3 courses."
    said = lines[lines.index("Warnings:") + 1:]
    assert said[:-1] == [f"Ann Smith (H100): {w}" for w in warnings]
    assert said[-1].startswith("Cy Mars (H42): cannot be planned yet: field 'tz': 'Mars/Olympus_Mons' is not an IANA time zone")
    assert not any("Bea Jones" in line for line in said)


def test_an_import_without_warnings_says_none(qtbot, monkeypatch, capsys, tmp_path):
    url = department_db(tmp_path, capsys)
    save_course(CourseSpec(patient_name="Bea Jones", patient_id="H101", site="lung", preset="sbrt-5-alternate",
                           start=date(2026, 12, 21), tz="America/New_York"), tmp_path / "plain.igrt.json")
    assert _imported(qtbot, monkeypatch, url, [tmp_path / "plain.igrt.json"]) == "Imported 1 course."
