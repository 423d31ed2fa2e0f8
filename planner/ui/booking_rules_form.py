"""The Booking page of the department's settings: how every coordinator's bookings are made (how soon
an urgent course starts, the time held for urgent starts and when it opens to routine bookings, and
how a fraction lost to downtime may be made up). Spin boxes keep each number within its bounds; the
one thing they cannot keep, weekend hours that end before they begin, is named under the field."""

from __future__ import annotations

from datetime import time
from typing import Any

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QLabel, QSpinBox, QTimeEdit, QVBoxLayout, QWidget

from ..core.department import BookingRules, booking_to_json
from ..core.limits import MAX_RESERVE_RELEASE_DAYS, MAX_URGENT_RESERVE_PERCENT, MAX_URGENT_WITHIN_DAYS
from .booking_dialogs import buddy_label
from .course_form import FieldError

HINT = ("These rules apply to every coordinator's bookings. An urgent course (e.g. palliative: cord compression, "
        "bleeding, pain) must start within the days below; the reserve is a block at the end of each machine-day "
        "that only urgent courses may book until the days below, when routine bookings may take what is left. "
        "When a machine goes down, a fraction goes first to a beam-matched machine the same day; a gap-sensitive "
        "course may then have a second session or a weekend session, if allowed here, else the fraction is added "
        "at the end of the course. A change applies to the bookings made after it; booked appointments stay.")
DEFAULT_WEEKEND = (time(9, 0), time(13, 0))


def _spin(top: int, suffix: str, one: str | None = None) -> QSpinBox:
    """A spin box from 0 to `top` reading e.g. "2 working days" (`one`: the suffix for 1, "1 working day")."""
    box = QSpinBox()
    box.setRange(0, top)
    box.setSuffix(suffix)
    box.setAccelerated(True)
    if one is not None:
        box.valueChanged.connect(lambda value: box.setSuffix(one if value == 1 else suffix))
    return box


def _time_edit(value: time) -> QTimeEdit:
    edit = QTimeEdit(QTime(value.hour, value.minute))
    edit.setDisplayFormat("HH:mm")
    return edit


class BookingRulesForm(QWidget):
    """Edits a department's booking rules; `values()` gives them as the department file's [booking] keys."""

    def __init__(self, rules: BookingRules, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        hint = QLabel(HINT)
        hint.setWordWrap(True)
        self.within = _spin(MAX_URGENT_WITHIN_DAYS, " working days", " working day")
        self.reserve = _spin(MAX_URGENT_RESERVE_PERCENT, " % of each machine-day")
        self.release = _spin(MAX_RESERVE_RELEASE_DAYS, " working days ahead", " working day ahead")
        self.second = QCheckBox("A seco&nd session the same day, at least 6 hours after the first")  # S: the dialog's Save
        self.weekend = QCheckBox("&Weekend sessions, from")
        opens, closes = rules.weekend_hours or DEFAULT_WEEKEND
        self.weekend_from = _time_edit(opens)
        self.weekend_to = _time_edit(closes)
        self.weekend_from.setAccessibleName("Weekend sessions from")
        self.weekend_to.setAccessibleName("Weekend sessions until")
        self.weekend_error = FieldError()
        self.within.setValue(rules.urgent_within_days)
        self.reserve.setValue(rules.urgent_reserve_percent)
        self.release.setValue(rules.reserve_release_days)
        self.second.setChecked(rules.second_session)
        self.weekend.setChecked(rules.weekend_hours is not None)
        self.weekend.toggled.connect(self._weekend_toggled)
        self._weekend_toggled(self.weekend.isChecked())
        for edit in (self.weekend_from, self.weekend_to):
            edit.timeChanged.connect(lambda _: self.weekend_error.show_message(""))

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow(buddy_label("&Urgent courses start within", self.within), self.within)
        form.addRow(buddy_label("Urgent &reserve", self.reserve), self.reserve)
        form.addRow(buddy_label("Reserve &opens to routine bookings", self.release), self.release)
        make_ups = QVBoxLayout()
        make_ups.addWidget(self.second)
        weekend_row = QHBoxLayout()
        weekend_row.addWidget(self.weekend)
        weekend_row.addWidget(self.weekend_from)
        weekend_row.addWidget(QLabel("to"))
        weekend_row.addWidget(self.weekend_to)
        weekend_row.addStretch(1)
        make_ups.addLayout(weekend_row)
        form.addRow(QLabel("Make-ups after downtime\n(gap-sensitive courses)"), make_ups)
        # A row of its own: nested in the row above, the form keeps that row at its size hint and
        # clips the wrapped message to one squeezed line.
        form.addRow("", self.weekend_error)
        column = QVBoxLayout(self)
        column.addWidget(hint)
        column.addLayout(form)
        column.addStretch(1)

    def _weekend_toggled(self, on: bool) -> None:
        self.weekend_from.setEnabled(on)
        self.weekend_to.setEnabled(on)
        if not on:
            self.weekend_error.show_message("")

    def state(self) -> tuple[object, ...]:
        """The fields as they stand, checked or not: whether the user changed anything."""
        return (self.within.value(), self.reserve.value(), self.release.value(), self.second.isChecked(), self.weekend.isChecked(),
                self.weekend_from.time().toString(), self.weekend_to.time().toString())

    def values(self) -> dict[str, Any] | None:
        """The rules as [booking] keys; None (and the reason under the weekend hours) when they cannot be."""
        weekend: tuple[time, time] | None = None
        if self.weekend.isChecked():
            opens, closes = (edit.time().toPython() for edit in (self.weekend_from, self.weekend_to))
            assert isinstance(opens, time) and isinstance(closes, time)
            if not opens < closes:
                self.weekend_error.show_message(f"Weekend sessions: the end ({closes:%H:%M}) must come after the start "
                                                f"({opens:%H:%M}).")
                self.weekend_from.setFocus()
                return None
            weekend = (opens, closes)
        self.weekend_error.show_message("")
        return booking_to_json(BookingRules(
            urgent_within_days=self.within.value(), urgent_reserve_percent=self.reserve.value(),
            reserve_release_days=self.release.value(), second_session=self.second.isChecked(), weekend_hours=weekend))
