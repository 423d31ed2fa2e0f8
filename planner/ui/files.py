"""Course files that carry the patient: a proposed name when saving, and an Open dialog that
shows whose course each file holds before it is opened."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QGridLayout, QLabel, QWidget

from ..core.text import counted
from ..store.course_file import CourseFileError, load_course
from .formats import day_text
from .shown_names import shown_name

FILE_FILTER = "IGRT course (*.igrt.json *.json)"


def course_preview(path: Path) -> str:
    """Two or three lines naming the patient and the course in `path`, or why it cannot be read."""
    try:
        spec = load_course(path)
    except CourseFileError as exc:
        return f"Not a course the planner can open:\n{shown_name(str(exc))}"
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
        """Whose course the file holds; first, when the file's name holds a line break, an override or an invisible
        character, that name as written (the dialog's own list shows it reversed, split or as another name)."""
        path = Path(name)
        if not (name and path.is_file()):
            self.preview.setText("Choose a file to see whose course it is.")
            return
        written = shown_name(path.name)
        self.preview.setText((f"File name as written: {written}\n\n" if written != path.name else "") + course_preview(path))


def choose_course_file(parent: QWidget | None, folder: str) -> Path | None:
    dialog = CourseOpenDialog(parent, folder)
    if dialog.exec() and dialog.selectedFiles():
        return Path(dialog.selectedFiles()[0])
    return None
