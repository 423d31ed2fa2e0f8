"""Course files that carry the patient: a proposed name when saving, and an Open dialog that
shows whose course each file holds before it is opened."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QWidget

from ..core.spec import CourseSpec
from ..core.text import counted
from ..store.course_file import CourseFileError, load_course
from .formats import day_text

FILE_FILTER = "IGRT course (*.igrt.json *.json)"


def _patient_stem(spec: CourseSpec, hospital_number: bool = True) -> str:
    """'Nguyen Zoe', '123456' -> 'Nguyen-Zoe-123456': letters and digits of any script kept, everything
    else (slashes, dots, newlines) folded into single dashes."""
    words = " ".join(part for part in (spec.patient_name, spec.patient_id if hospital_number else "") if part)
    return re.sub(r"[\W_]+", "-", words, flags=re.UNICODE).strip("-")[:60].strip("-")


def proposed_file_name(spec: CourseSpec) -> str:
    """'Nguyen Zoe 123456' -> 'Nguyen-Zoe-123456.igrt.json'."""
    return f"{_patient_stem(spec) or 'course'}.igrt.json"


def _course_output_name(spec: CourseSpec, what: str, first: date | None, extension: str, hospital_number: bool = True) -> str:
    """'<patient>-<number>-<what>-<first day><extension>', the parts there are: two patients' or two
    courses' files differ; never the site, the diagnosis or the treatment."""
    parts = [_patient_stem(spec, hospital_number), what, first.isoformat() if first is not None else ""]
    return "-".join(part for part in parts if part) + extension


def proposed_export_name(spec: CourseSpec, first: date | None, hospital_number: bool = True) -> str:
    """The calendar's file: the patient, hospital number and first day, so that two patients' or two
    courses' exports differ ('Nguyen-Zoe-123456-appointments-2026-12-07.ics'); never the site, the
    diagnosis or the treatment, so a discreet export's name is as neutral as its contents, and the
    hospital number only when the calendar holds it (a discreet export may leave it off)."""
    return _course_output_name(spec, "appointments", first, ".ics", hospital_number)


def proposed_pdf_name(spec: CourseSpec, first: date | None, hospital_number: bool = True) -> str:
    """The printed schedule's PDF, named as the calendar export is ('Nguyen-Zoe-123456-schedule-2026-12-07.pdf')
    so one patient's print never overwrites another's; the hospital number only when the pages print it
    (a discreet print may leave it off), and, like the pages, no site, diagnosis or treatment."""
    return _course_output_name(spec, "schedule", first, ".pdf", hospital_number)


def course_preview(path: Path) -> str:
    """Two or three lines naming the patient and the course in `path`, or why it cannot be read."""
    try:
        spec = load_course(path)
    except CourseFileError as exc:
        return f"Not a course the planner can open:\n{exc}"
    patient = spec.patient_name or "No patient name"
    if spec.patient_id:
        patient += f" ({spec.patient_id})"
    count = counted(spec.fractions, "fraction") if spec.fractions is not None else (counted(spec.weeks, "week") if spec.weeks else "")
    course = ", ".join(part for part in (spec.site, count, f"first {day_text(spec.start)}" if spec.start else "") if part)
    return f"{patient}\n{course}"


class CourseOpenDialog(QFileDialog):
    """The file dialog with a pane that names the patient and course of the file under the cursor."""

    def __init__(self, parent: QWidget | None, folder: str) -> None:
        super().__init__(parent, "Open course", folder, FILE_FILTER)
        self.setOption(QFileDialog.Option.DontUseNativeDialog, True)  # a native dialog has no room for the pane
        self.setFileMode(QFileDialog.FileMode.ExistingFile)
        self.preview = QLabel("Choose a file to see whose course it is.")
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)  # the file's text: a name is never taken as markup
        self.preview.setMinimumWidth(200)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        layout = self.layout()
        if isinstance(layout, QGridLayout):
            layout.addWidget(self.preview, 0, layout.columnCount(), layout.rowCount(), 1)
        self.currentChanged.connect(self.show_preview)

    def show_preview(self, name: str) -> None:
        path = Path(name)
        self.preview.setText(course_preview(path) if name and path.is_file() else "Choose a file to see whose course it is.")


def choose_course_file(parent: QWidget | None, folder: str) -> Path | None:
    dialog = CourseOpenDialog(parent, folder)
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None
