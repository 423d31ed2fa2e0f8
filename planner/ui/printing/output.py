"""One render path for paper: the same document paints the PDF, the printer and the preview."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import QKeySequence, QPagedPaintDevice, QPageLayout, QPageSize, QPaintEngine, QPainter, QPdfWriter, QShortcut
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QToolBar, QWidget

from ... import APP_NAME
from ...store.files import make_private, write_private
from ..as_written import as_written
from ..shown_names import shown_name
from .canvas import Canvas

PDF_DPI = 1200
DISCREET_CREATOR = "Course Planner"  # the PDF's Creator when the print is discreet: no treatment named
# Territories whose printers default to US Letter; everywhere else A4.
_LETTER_TERRITORIES = {
    QLocale.Country.UnitedStates, QLocale.Country.Canada, QLocale.Country.Mexico, QLocale.Country.Philippines,
    QLocale.Country.Chile, QLocale.Country.Colombia, QLocale.Country.Venezuela, QLocale.Country.CostaRica,
    QLocale.Country.Guatemala, QLocale.Country.Panama, QLocale.Country.DominicanRepublic,
    QLocale.Country.PuertoRico, QLocale.Country.ElSalvador, QLocale.Country.Nicaragua,
}


class PrintDocument(Protocol):
    landscape: bool

    @property
    def discreet(self) -> bool:
        """True when the page (and the PDF's metadata) must name no diagnosis, site or treatment."""
        ...

    def paginate(self, canvas: Canvas, page: QRectF) -> int: ...

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None: ...


def default_paper(locale: QLocale | None = None) -> QPageSize.PageSizeId:
    territory = (locale or QLocale()).territory()
    return QPageSize.PageSizeId.Letter if territory in _LETTER_TERRITORIES else QPageSize.PageSizeId.A4


def paper_size(name: str | None) -> QPageSize.PageSizeId:
    """'a4' or 'letter'; anything else (None, 'default') the locale's paper."""
    return {"a4": QPageSize.PageSizeId.A4, "letter": QPageSize.PageSizeId.Letter}.get(name or "", default_paper())


def paint_document(document: PrintDocument, device: QPagedPaintDevice) -> int:
    """Paint every page of `document` on `device`; returns the page count."""
    pdf_file = _printer_pdf_file(device)
    if pdf_file is not None:
        make_private(pdf_file)  # before Qt opens it: it would create the file readable by everyone
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("cannot start painting on the output device")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        canvas = Canvas(painter)
        page = QRectF(0, 0, device.width() / canvas.scale, device.height() / canvas.scale)
        count = document.paginate(canvas, page)
        for index in range(count):
            if index:
                device.newPage()
            # A pen the page's first black text differs from: QPainter skips a pen equal to its own, so
            # a print preview (which records each page and replays it on a painter of its own) would
            # otherwise draw that text in the window palette's colour, light grey in a dark palette.
            painter.setPen(Qt.PenStyle.NoPen)
            document.render_page(canvas, page, index, count)
        return count
    finally:
        painter.end()
        if pdf_file is not None:
            with contextlib.suppress(OSError):  # the failure to paint, if any, is the one to report
                os.chmod(pdf_file, 0o600)


def paint_or_say(document: PrintDocument, device: QPagedPaintDevice, parent: QWidget | None) -> None:
    """Paint for a preview or a printer; a file the print dialog's PDF printer may not write (a folder,
    a pipe, no permission) is said plainly beside the window, not reported as an unexpected error."""
    try:
        paint_document(document, device)
    except OSError as exc:
        where = exc.filename or "The printer"
        QMessageBox.warning(parent, "Cannot print", as_written(shown_name(f"{where}: {exc.strerror or exc}")))


def print_preview(printer: QPrinter, document: PrintDocument, parent: QWidget, title: str = "") -> QPrintPreviewDialog:
    """The print preview of `document` on `printer`, titled `title` when given, over the screen's free area
    (dialog_fit.fill_screen): the window's course prints and the Bookings window's day lists alike."""
    from ..dialog_fit import fill_screen

    preview = QPrintPreviewDialog(printer, parent)
    preview.paintRequested.connect(lambda device: paint_or_say(document, device, parent))
    if title:
        preview.setWindowTitle(title)
    print_by_keys(preview)
    fill_screen(preview, parent)
    return preview


# The preview's toolbar buttons (by Qt's words on them) and their keys, as PDF viewers give them: Ctrl+P prints,
# Ctrl++ (or Ctrl+=, unshifted) and Ctrl+- zoom, Ctrl+0 shows the whole page and Ctrl+2 fits its width, Page Up and
# Page Down turn the page, Ctrl+Home and Ctrl+End go to the first and last.
PREVIEW_KEYS: dict[str, tuple[QKeySequence.StandardKey | str, ...]] = {
    "Print": (QKeySequence.StandardKey.Print,),
    "Zoom in": (QKeySequence.StandardKey.ZoomIn, "Ctrl+="),
    "Zoom out": (QKeySequence.StandardKey.ZoomOut,),
    "Fit page": ("Ctrl+0",),
    "Fit width": ("Ctrl+2",),
    "First page": ("Ctrl+Home",),
    "Previous page": ("PgUp",),
    "Next page": ("PgDown",),
    "Last page": ("Ctrl+End",),
}


def print_by_keys(preview: QPrintPreviewDialog) -> None:
    """The preview's printing, zoom and page buttons by keyboard (PREVIEW_KEYS): Qt's toolbar buttons take no keyboard
    focus and have no keys, so without them the keyboard alone reached the preview and could neither print it nor read
    past its first page. Each key clicks its button, as the mouse does (Qt zooms on the button's click, repeated while
    it is held, not on its action), and does nothing while the button is greyed (Previous page on the first). Each
    button's tooltip names its key ("Zoom in (Ctrl++ or Ctrl+=)")."""
    bar = preview.findChild(QToolBar)
    if bar is None:
        return
    for action in bar.actions():
        keys = PREVIEW_KEYS.get(action.text().replace("&", ""))
        button = bar.widgetForAction(action)
        if keys is None or not isinstance(button, QAbstractButton):
            continue
        bound = [QKeySequence.keyBindings(key) if isinstance(key, QKeySequence.StandardKey) else [QKeySequence(key)]
                 for key in keys]
        shortcut = QShortcut(preview)
        shortcut.setKeys(list(dict.fromkeys(sequence for sequences in bound for sequence in sequences)))
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(button.click)
        # each key by its first binding: a standard key's others are a keyboard's own Zoom key, or a desktop's variant
        named = " or ".join(dict.fromkeys(sequences[0].toString(QKeySequence.SequenceFormat.NativeText)
                                          for sequences in bound if sequences))
        action.setToolTip(f"{action.text().replace('&', '')} ({named})")


def _printer_pdf_file(device: QPagedPaintDevice) -> Path | None:
    """The file a printer set to "Print to file" (the print dialog's PDF printer) writes; None for a
    real printer, a preview (its pages are recorded, not written) or a QPdfWriter (see pdf_bytes)."""
    if not isinstance(device, QPrinter) or device.outputFormat() != QPrinter.OutputFormat.PdfFormat:
        return None
    engine = device.paintEngine()
    if engine is None or engine.type() != QPaintEngine.Type.Pdf or not device.outputFileName():
        return None
    return Path(device.outputFileName())


def page_layout(document: PrintDocument, paper: QPageSize.PageSizeId) -> QPageLayout:
    orientation = QPageLayout.Orientation.Landscape if document.landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(paper), orientation, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)


def pdf_bytes(document: PrintDocument, paper: QPageSize.PageSizeId, title: str) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(page_layout(document, paper))
    writer.setTitle(title)
    writer.setCreator(DISCREET_CREATOR if document.discreet else APP_NAME)
    paint_document(document, writer)
    del writer  # finishes the PDF into the buffer
    buffer.close()
    return bytes(data.data())


def write_pdf(document: PrintDocument, path: Path, paper: QPageSize.PageSizeId, title: str) -> None:
    """Write the PDF readable by the user alone; an existing file is replaced only when complete."""
    write_private(path, pdf_bytes(document, paper, title))
