"""A PDF the print dialog writes ("Print to file") is readable by the user alone, like every other
file the planner writes: Qt's printer creates it itself, with the umask's mode (0644 under 022)."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, time

import pytest
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

from planner.ui.printing import SheetDocument, paint_document

from .helpers import plan
from .test_printing import context, pages_text


def sheet(catalogue, discreet: bool = True) -> SheetDocument:
    schedule = plan(catalogue, site="prostate", fractions=20, start=date(2026, 11, 23), at=time(8, 30), tz="America/New_York",
                    holidays="US-NY", simulation=datetime(2026, 11, 16, 10, 0))
    return SheetDocument(context(catalogue, schedule, discreet=discreet))


def file_printer(path) -> QPrinter:
    """The printer as the print dialog leaves it when the user picks its PDF printer and a file name."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_pdf_printed_to_a_file_is_mode_0600(qapp, catalogue, tmp_path, loose_umask):
    target = tmp_path / "print.pdf"
    assert paint_document(sheet(catalogue), file_printer(target)) >= 1
    assert mode(target) == 0o600
    text = " ".join(pages_text(target.read_bytes()))
    assert "Zoë Ångström" in text and "prostate" not in text.lower()  # the whole document, and still discreet


def test_printing_over_an_open_file_narrows_it_to_0600(qapp, catalogue, tmp_path, loose_umask):
    target = tmp_path / "schedule.pdf"
    target.write_bytes(b"an earlier print")
    target.chmod(0o644)
    paint_document(sheet(catalogue, discreet=False), file_printer(target))
    assert mode(target) == 0o600
    assert target.read_bytes().startswith(b"%PDF")


def test_a_preview_writes_no_file(qapp, catalogue, tmp_path):
    target = tmp_path / "print.pdf"
    printer = file_printer(target)
    preview = QPrintPreviewWidget(printer)
    pages = []
    preview.paintRequested.connect(lambda device: pages.append(paint_document(sheet(catalogue), device)))
    preview.updatePreview()
    assert pages and pages[0] >= 1
    assert not target.exists()  # the preview records its pages; only printing writes the file
    preview.deleteLater()


def test_a_pipe_named_as_the_pdf_is_refused_not_waited_on(qapp, catalogue, tmp_path):
    target = tmp_path / "pipe.pdf"
    os.mkfifo(target)
    with pytest.raises(OSError, match="not a regular file"):
        paint_document(sheet(catalogue), file_printer(target))


def test_the_window_says_plainly_when_the_print_dialogs_file_cannot_be_written(qapp, catalogue, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.printing.output import paint_or_say

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append((title, text)))
    folder = tmp_path / "a folder.pdf"
    folder.mkdir()
    paint_or_say(sheet(catalogue), file_printer(folder), None)
    assert said == [("Cannot print", f"{folder}: not a regular file, but a pipe, device or folder")]


@pytest.mark.parametrize(("name", "shown"), [("course\u202efdp.pdf", "course\\u202efdp.pdf"), ("two\nlines.pdf", "two\\nlines.pdf")])
def test_a_file_the_print_dialog_cannot_write_is_named_as_it_is(qapp, catalogue, tmp_path, monkeypatch, name, shown):
    """The print dialog's file name may hold an override or a line break: the message shows it escaped, on one line."""
    from PySide6.QtWidgets import QMessageBox

    from planner.ui.printing.output import paint_or_say

    said = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: said.append(text))
    (tmp_path / name).mkdir()
    paint_or_say(sheet(catalogue), file_printer(tmp_path / name), None)
    assert said == [f"{tmp_path}/{shown}: not a regular file, but a pipe, device or folder"]
