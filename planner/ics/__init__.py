"""The .ics writer and reader: schedule -> phone calendar file, and our own files back. No Qt."""

from .diff import Change, compare
from .state import ExportFileError, ExportState, parse_export, read_export
from .writer import ExportOptions, appointment_uid, export_ics

__all__ = ["Change", "ExportFileError", "ExportOptions", "ExportState", "appointment_uid", "compare", "export_ics",
           "parse_export", "read_export"]
