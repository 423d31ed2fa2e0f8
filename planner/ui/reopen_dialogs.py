"""The department reopening in the window: after Department settings saved without closures still to come, the offer
to move back the sessions those closures moved (as after a downtime saved shorter), and the report of what went back,
what stayed and why, and whose calendar to update. Left where they were, they can be moved back later from the Bookings
window (Move back after reopening…: the reopened days to choose from, then the same offer and report)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QAbstractItemView, QDialog, QFormLayout, QLabel, QListWidget, QListWidgetItem, QMessageBox, QWidget

from ..app.booking import BookingDesk, CalendarUpdate, SlotTaken
from ..app.reopening import NO_OLD_SLOT, ReopenedDay, Reopening, days_words, move_back_after_reopening
from ..app.store_words import store_words
from ..core.dates import day_text
from ..core.errors import InputError
from ..core.text import counted
from ..store.db import StoreError
from .booking_dialogs import lay_out_dialog, left_out_of_updates, show_dialog_error
from .machine_back_dialogs import MovedBackReport, ask_move_back


def reopened_head(report: Reopening) -> str:
    """'The department reopens Thu 28 Mar 2030 (snow).': the report's first line; days closed for one reason share it
    ('Thu 28 Mar 2030, Fri 29 Mar 2030 (snow)'), else each day says its own ('Thu 28 Mar 2030 (snow), Tue 2 Apr 2030
    (power cut)')."""
    notes = {note for _, note in report.reopened}
    if len(notes) > 1:
        days = sorted(report.reopened)
        said = ", ".join(day_text(day) + (f" ({note})" if note else "") for day, note in days[:3])
        return f"The department reopens {said}" + (f" and {len(days) - 3} more" if len(days) > 3 else "") + "."
    said = days_words(day for day, _ in report.reopened)
    note = next(iter(notes), "")
    return f"The department reopens {said}" + (f" ({note})" if note else "") + "."


class ReopenReport(MovedBackReport):
    """The department reopens: who went back to the slot they had before the closure, who stayed and why (one moved by
    an older version: its old slot not kept), whose calendar needs an update."""

    def __init__(self, desk: BookingDesk, report: Reopening, updates: list[CalendarUpdate], parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(desk, reopened_head(report), report.moved_back, report.stayed, updates, parent, discreet=discreet,
                         title="Department reopens: moving back report")


def offer_reopen_move_back(desk: BookingDesk, reopened: Sequence[tuple[date, str]], parent: QWidget, *,
                           discreet: bool = False) -> str:
    """After Department settings saved without closures still to come: say what those closures moved that could go
    back and ask; moved back on Move back, and the report shown. Returns the status line's words about those sessions
    (empty: the closures moved nothing still to come)."""
    if not reopened:
        return ""
    try:
        preview, would = move_back_after_reopening(desk, reopened, dry_run=True)
    except (InputError, StoreError) as exc:
        return f"sessions its closure moved not moved back ({exc if isinstance(exc, InputError) else store_words(exc, desk.store.display_url)})"
    count = len(preview.moved_back)
    older = [s for s in preview.stayed if s.reason == NO_OLD_SLOT]
    if not count and len(older) == len(preview.stayed):  # nothing recorded to move back: said in the status line
        if not older:
            return ""
        stay = "stays where it" if len(older) == 1 else "stay where they"
        return (f"{counted(len(older), 'session')} its closure moved {stay} went (no old slot was kept: moved before this "
                "version, or by an earlier closure of the day; move them in Bookings if wanted)")
    if not ask_move_back(parent, "The department reopens", f"{reopened_head(preview)} Its closure moved", "", count,
                         len(preview.stayed), left_out_of_updates(would, discreet)):
        return "what its closure moved stays moved (Bookings → Move back after reopening… later)"
    try:
        report, updates = move_back_after_reopening(desk, reopened)
    except SlotTaken as exc:
        QMessageBox.warning(parent, "Not moved back", f"Another coordinator's change came first: {exc}; nothing was moved: "
                            "the sessions stay where the closure put them.")
        return "what its closure moved stays moved"
    except (InputError, StoreError) as exc:
        QMessageBox.warning(parent, "Not moved back", str(exc) if isinstance(exc, InputError) else store_words(exc, desk.store.display_url))
        return "what its closure moved stays moved"
    ReopenReport(desk, report, updates, parent, discreet=discreet).exec()
    return f"{counted(len(report.moved_back), 'session')} moved back"


def reopened_day_words(reopened: ReopenedDay) -> str:
    """'Thu 28 Mar 2030 (snow): 6 sessions its closure moved'."""
    note = f" ({reopened.note})" if reopened.note else ""
    return f"{day_text(reopened.day)}{note}: {counted(reopened.sessions, 'session')} its closure moved"


class ReopenedDaysDialog(QDialog):
    """Bookings → Move back after reopening…: the days the department reopened whose closure's sessions stayed where
    they went, every one chosen; Continue asks, as Department settings does, whether to move them back."""

    def __init__(self, days: Sequence[ReopenedDay], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Move back after reopening")
        self.days = tuple(days)
        self.list = QListWidget()
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for reopened in self.days:
            item = QListWidgetItem(reopened_day_words(reopened))
            item.setData(Qt.ItemDataRole.UserRole, reopened.day)
            self.list.addItem(item)
        self.list.selectAll()
        # each day whole, no scrolling sideways (a 1024-pixel screen has room for it)
        self.list.setMinimumWidth(min(self.list.sizeHintForColumn(0) + 2 * self.list.frameWidth() + 32, 900))
        self.list.setCurrentRow(0, QItemSelectionModel.SelectionFlag.NoUpdate)  # the keys' place, every day kept chosen
        label = QLabel("The department &reopened on these days; what their closures moved stays where it went. "
                       "Choose the days to move back (all are chosen):")
        label.setWordWrap(True)
        label.setBuddy(self.list)
        form = QFormLayout()
        form.addRow(label)
        form.addRow(self.list)
        self.error = lay_out_dialog(self, form, "C&ontinue…", self.go_on)
        self.list.setFocus()

    def chosen(self) -> tuple[tuple[date, str], ...]:
        """The chosen days with their closures' notes, as the offer to move back takes them."""
        wanted = {item.data(Qt.ItemDataRole.UserRole) for item in self.list.selectedItems()}
        return tuple((d.day, d.note) for d in self.days if d.day in wanted)

    def go_on(self) -> None:
        if not self.chosen():
            show_dialog_error(self.error, "Choose at least one day (Ctrl+A chooses them all).")
            self.list.setFocus()
            return
        self.accept()
