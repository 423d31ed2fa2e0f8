"""Printed weekly views and course sheets: one render path for PDF, printer and preview."""

from .canvas import unprintable
from .context import PrintContext, context_for, context_from, course_weeks
from .glance import GlanceDocument
from .headless import qt_ready
from .output import default_paper, paint_document, paper_size, pdf_bytes, write_pdf
from .sheet import SheetDocument
from .week import WeekDocument

__all__ = ["GlanceDocument", "PrintContext", "SheetDocument", "WeekDocument", "context_for", "context_from", "course_weeks",
           "default_paper", "paint_document", "paper_size", "pdf_bytes", "qt_ready", "unprintable", "write_pdf"]
