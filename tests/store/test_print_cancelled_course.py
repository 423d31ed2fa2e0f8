"""A cancelled course's printouts show the appointments its patient had, not the released ones that
will never take place (as its calendar update keeps only those given): `print --course-id` and the
window's Print. A course cancelled before any treatment session has nothing to print: one line, exit 2,
and in the window a message."""

from __future__ import annotations

import contextlib
import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QFileDialog, QMessageBox

from planner.app.cancelling import cancel_course
from planner.cli import main
from planner.ui import dialogs

from .booking_scenario import desk_on, main_window_on, place_bookings, stock
from .command_line import run

MIDWAY = "course-prostate"  # cancelled on its sixth day, after its sixth fraction (08:30)
UNBEGUN = "course-breast"  # cancelled before its first


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}")
    place_bookings(made)
    with desk_on(made) as desk:
        for course_id, when in ((MIDWAY, datetime(2030, 4, 1, 12, 0, tzinfo=UTC)), (UNBEGUN, datetime(2030, 3, 20, tzinfo=UTC))):
            cancel_course(desk, course_id, now=when)
    return made


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.mark.parametrize("layout", ["sheet", "week", "glance"])
def test_the_command_lines_print_shows_only_the_appointments_given(url, tmp_path, qapp, layout):
    target = tmp_path / f"{layout}.pdf"
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["print", "--db", url, "--course-id", MIDWAY, "--layout", layout, "-o", str(target)]) == 0
    text = pdf_text(target)
    assert "6 of 20" in text and "7 of 20" not in text and "20 of 20" not in text
    if layout == "sheet":
        assert "6 treatment sessions, from Mon 25 Mar 2030 to Mon 1 Apr 2030" in text


def test_a_course_cancelled_before_any_session_is_not_printed(capsys, url, tmp_path):
    target = tmp_path / "none.pdf"
    status, _, err = run(capsys, "print", "--db", url, "--course-id", UNBEGUN, "-o", str(target))
    assert status == 2 and not target.exists()
    assert err == (f"planner: error: --course-id: course {UNBEGUN} was cancelled before any treatment session: "
                   "there is no appointment of it to print\n")


def test_the_windows_print_shows_only_the_appointments_given(qtbot, monkeypatch, url, tmp_path):
    monkeypatch.setattr(dialogs.PrintDialog, "exec", lambda self: (setattr(self, "action", "pdf"), True)[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "window.pdf"), ""))
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text, *a: said.append(text))
    with main_window_on(qtbot, monkeypatch, url, clinic_phone="+44 20 7946 0000") as window:
        qtbot.waitUntil(lambda: window.started, timeout=10_000)
        window.store_link.open_course(MIDWAY)
        window.courses.print_course()
        text = pdf_text(tmp_path / "window.pdf")
        assert "6 of 20" in text and "7 of 20" not in text and "20 of 20" not in text
        window.store_link.open_course(UNBEGUN)
        window.courses.print_course()
    assert said == [f"Not printed: course {UNBEGUN} was cancelled before any treatment session: there is no appointment of it to print."]
