"""One render path for paper: the same document paints the PDF, the printer and the preview."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QLocale, QMarginsF, QRectF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter

from ... import APP_NAME
from ...store.files import write_private
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
