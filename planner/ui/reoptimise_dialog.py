"""Re-optimise the coming weeks from the department window: ask how far ahead, run the desk's
nightly re-optimisation now, and show which courses start earlier and whose calendar needs an
update (and write those updates), as the machine-down report does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ..app.booking import BookingDesk, CalendarUpdate, SlotTaken
from ..app.store_words import store_words
from ..booking.reoptimise import HORIZON_DAYS, Reoptimisation
from ..core.errors import InputError
from ..store.db import StoreError
from ..wording import kept_as_booked_words
from .booking_dialogs import UpdatesReport, lay_out_dialog, left_out_of_updates, plain_table, report_names, show_dialog_error
from .dialog_fit import fit_height
from .formats import short_day
from .guard import guarded

MAX_DAYS = 60


class ReoptimiseDialog(QDialog):
    """How many working days ahead to look; on OK the desk re-optimises them and the answer is kept in `answer`."""

    def __init__(self, desk: BookingDesk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.answer: Reoptimisation | None = None
        self.updates: list[CalendarUpdate] = []
        self.setWindowTitle("Re-optimise coming weeks")
        form = QFormLayout()
        self.days = QSpinBox()
        self.days.setRange(1, MAX_DAYS)
        self.days.setValue(HORIZON_DAYS)
        self.days.setSuffix(" working days")
        label = QLabel("&Look ahead")
        label.setBuddy(self.days)
        form.addRow(label, self.days)
        note = QLabel("Courses that have not started yet may move to start earlier; none starts later, and a course "
                      "that cannot start earlier keeps its times unless it makes room for one that can. Preview shows who "
                      "would move, changing nothing.")
        note.setWordWrap(True)
        form.addRow(note)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.clicked.connect(self.preview)
        form.addRow("", self.preview_button)
        self.previewed = QLabel()
        self.previewed.setWordWrap(True)
        self.previewed.setTextFormat(Qt.TextFormat.PlainText)  # patients' names and a damaged course's words as written
        self.previewed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow(self.previewed)
        self.error = lay_out_dialog(self, form, "&Re-optimise", self.run)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)
        self.days.valueChanged.connect(lambda _: self.previewed.clear())  # said of another look-ahead

    @guarded
    def preview(self) -> None:
        """What a re-optimisation would do now, written nowhere (the command line's --dry-run)."""
        show_dialog_error(self.error, "")
        try:
            found, would = self.desk.reoptimise(self.days.value(), dry_run=True, calendars=True)
        except (InputError, StoreError) as exc:
            show_dialog_error(self.error, str(exc) if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))
            return
        left = [f"{words}; it is left as booked." for _, words in sorted(self.desk.damaged_booked().items())]
        # what the discreet calendar updates it would make due leave out: said before Re-optimise, as --dry-run says it
        said = left_out_of_updates(would, False)
        self.previewed.setText("\n".join([preview_words(found, self.desk.patient_names(found.updated_courses)), *left,
                                          *([said] if said else [])]))
        fit_height(self)

    @guarded
    def run(self) -> None:
        try:
            self.answer, self.updates = self.desk.reoptimise(self.days.value())
        except SlotTaken as exc:
            show_dialog_error(self.error, f"Another coordinator's change came first: {exc}; nothing was changed. Try again.")
            return
        except (InputError, StoreError) as exc:
            show_dialog_error(self.error, str(exc) if isinstance(exc, InputError) else store_words(exc, self.desk.store.display_url))
            return
        self.accept()


PREVIEW_LINES = 8


def preview_words(found: Reoptimisation, patients: dict[str, str]) -> str:
    """'Would place 2 courses anew (7 working days of wait saved): Zoë Ångström: starts …' or that nothing would change."""
    if not found.changes:
        return "Nothing would change: no course could start earlier." if found.waiting == 0 else \
            f"Nothing would change: {found.waiting} could start earlier, but no room could be made for them."
    saved = found.days_saved
    lines = [f"Would place {len(found.changes)} course{'s' if len(found.changes) != 1 else ''} anew ({saved} working "
             f"day{'s' if saved != 1 else ''} of wait saved):"]
    lines += [f"{patients.get(c.course_id) or c.course_id}: {c.what_changed()}" for c in found.changes[:PREVIEW_LINES]]
    if len(found.changes) > PREVIEW_LINES:
        lines.append(f"… and {len(found.changes) - PREVIEW_LINES} more")
    return "\n".join(lines)


COURSE_COLUMNS = ("Patient", "Now", "Wait (working days)", "What changes for the patient")


class ReoptimiseReportDialog(UpdatesReport):
    """Which courses were placed anew (from where to where, and in words only what changed for the
    patient), whose calendar needs an update; offers to write the updates."""

    def __init__(self, desk: BookingDesk, result: Reoptimisation, updates: list[CalendarUpdate], parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(desk, updates, parent, discreet=discreet)
        self.setWindowTitle("Re-optimisation report")
        who = report_names(desk, result.updated_courses, discreet)
        rows = [(who(c.course_id),
                 f"{short_day(c.to_first)} {c.to_machine} {c.to_time:%H:%M}",
                 f"{c.wait_before} → {c.wait_after}", c.what_changed()) for c in result.changes]
        self.course_table = plain_table(COURSE_COLUMNS, rows)
        layout = QVBoxLayout(self)
        span = f"Courses starting after {short_day(result.today)} up to {short_day(result.last_day)}: "
        if result.changes:
            saved = result.days_saved
            layout.addWidget(QLabel(f"{span}<b>{len(rows)} placed anew</b>, {saved} working day{'s' if saved != 1 else ''} "
                                    f"of wait saved{kept_as_booked_words(result.unchanged)}."))
            layout.addWidget(self.course_table)
        else:
            layout.addWidget(QLabel(span + ("no course could start earlier." if result.waiting == 0 else
                                            f"{result.waiting} could start earlier, but no room could be made for them.")))
        self.add_updates(layout)
        if result.changes:
            self.resize(900, 480)
        else:  # two lines of words: no empty box around them
            layout.addStretch(1)
            self.adjustSize()
