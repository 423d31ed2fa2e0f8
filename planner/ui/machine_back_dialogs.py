"""A machine back sooner than its downtime, in the window: the Bookings window's dialog that ends or shortens a downtime
(the day view's right-click on a downtime, Bookings → Machine back sooner…) and offers to move back the sessions it
moved; Department settings' offer after a downtime saved shorter; and the report of what went back, what stayed and why,
and whose calendar to update (with the offer to write the updates), as a re-booking's report says it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QFormLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from ..app.booking import BookingDesk, CalendarUpdate, SlotTaken, urgent_start_words
from ..app.machine_back import MachineBack, SessionBack, SessionStayed, starts_sooner
from ..app.store_words import store_words
from ..booking.model import UrgentStart
from ..core.department import Downtime
from ..core.errors import Field, InputError
from ..core.schedule import exists_locally
from ..core.text import counted
from ..store.db import StoreError
from .booking_dialogs import (
    REPORT_SIZE,
    UpdatesReport,
    buddy_label,
    fold_last_column,
    lay_out_dialog,
    left_out_of_updates,
    plain_table,
    report_names,
    say_refusal,
    show_dialog_error,
    snug,
    urgent_label,
    with_error_line,
)
from .course_form import FieldError
from .date_field import DateTimeField
from .date_limits import bound_dates
from .dialog_fit import FRAME_ROOM, FormNote, RoomKept, fit_on_screen, screen_room
from .formats import day_text, short_day
from .guard import guarded

BACK_COLUMNS = ("Patient", "Fraction", "From", "Back to", "How")
STAYED_COLUMNS = ("Patient", "Fraction", "Stays at", "Was", "Why")
OUTCOME_NOTE = ("Sessions that have begun, or whose old time is before the machine is back, stay where they are; the report "
                "says who went back, who stayed and why, and whose calendar to update.")


def moment_words(moment: datetime) -> str:
    return f"{day_text(moment.date())} {moment:%H:%M}"


def coming_downtime(desk: BookingDesk, machine: str | None = None) -> list[Downtime]:
    """The downtime not over yet (of `machine`, else of every machine), by start: what a machine can come back from."""
    now = desk.now()
    return sorted((d for d in desk.department.downtime if d.end > now and (machine is None or d.machine == machine)),
                  key=lambda d: (d.start, d.machine))


class MachineBackDialog(QDialog):
    """The machine is back sooner: choose its downtime and from when it is back (typed as shown, e.g. 2 Apr 2030 10:30;
    the downtime ends there, at its start it is removed whole), and whether the sessions it moved go back to their old
    slots. On OK the desk does it all in one write; the report is kept in `report`."""

    def __init__(self, desk: BookingDesk, parent: QWidget | None = None, *, machine: str | None = None,
                 down: Downtime | None = None, at: datetime | None = None, day: date | None = None) -> None:
        """The downtime chosen first: `down`, else `machine`'s next, else the first running now or on `day` (the day shown)."""
        super().__init__(parent)
        self.desk = desk
        self.report: MachineBack | None = None
        self.updates: list[CalendarUpdate] = []
        self.setWindowTitle("Machine back sooner")
        form = QFormLayout()
        self.downtime = QComboBox()
        zone = desk.zone
        for item in coming_downtime(desk):
            start, end = item.start.astimezone(zone), item.end.astimezone(zone)
            until = f"{end:%H:%M}" if end.date() == start.date() else f"{short_day(end.date())} {end:%H:%M}"
            self.downtime.addItem(f"{item.machine}: down {short_day(start.date())} {start:%H:%M}–{until} ({item.reason})", item)
        if down is not None:
            found = next((k for k in range(self.downtime.count()) if self.downtime.itemData(k) == down), -1)
            self.downtime.setCurrentIndex(max(0, found))
        elif machine is not None:
            found = next((k for k in range(self.downtime.count()) if self.downtime.itemData(k).machine == machine), -1)
            self.downtime.setCurrentIndex(max(0, found))
        else:
            now = desk.now()
            found = next((k for k in range(self.downtime.count()) if self.downtime.itemData(k).start <= now), -1)
            if found < 0 and day is not None:
                found = next((k for k in range(self.downtime.count())
                              if self.downtime.itemData(k).start.astimezone(zone).date() <= day
                              <= self.downtime.itemData(k).end.astimezone(zone).date()), -1)
            self.downtime.setCurrentIndex(max(0, found))
        self.downtime_error = FieldError()
        form.addRow(buddy_label("&Downtime", self.downtime), with_error_line(self.downtime, self.downtime_error))
        self.at = DateTimeField()
        bound_dates(self.at.date_field)
        self.at_error = FieldError()
        self.at.problemChanged.connect(lambda problem: self.at_error.show_message(f"Back from: {problem}" if problem else ""))
        form.addRow(buddy_label("&Back from", self.at.date_field), with_error_line(self.at, self.at_error))
        self.move_back = QCheckBox("&Move back the sessions it moved, to their old slots where free")
        self.move_back.setToolTip("The sessions this downtime moved go back to the slots they had, where those are free "
                                  "again and the course's rules hold; the others stay where they are")
        self.move_back.setChecked(True)
        form.addRow("", self.move_back)
        self.outcome = FormNote()  # what the downtime becomes, said as the moment is typed
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.outcome)
        self.error = lay_out_dialog(self, form, "&End the downtime", self.end_downtime)
        # As tall as its fields, words and error lines need at the width it opens at (its minimum, wider than its hint)
        self.room = RoomKept(self, self.downtime_error, self.at_error, self.error)
        self.downtime.currentIndexChanged.connect(lambda _: self._start_at(None))
        self.at.date_field.dateChanged.connect(self._say_outcome)
        self.at.time_field.timeChanged.connect(self._say_outcome)
        self.downtime.currentIndexChanged.connect(self._say_outcome)
        self._start_at(at)
        self._say_outcome()
        # wide enough for the check box's words (at 80 'x' they were cut: "... free ag")
        self.setMinimumWidth(max(self.fontMetrics().horizontalAdvance("x") * 80,
                                 self.move_back.sizeHint().width() + self.fontMetrics().horizontalAdvance("x") * 20))
        for field in (self.downtime, self.at.date_field, self.at.time_field, self.move_back):
            field.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        QWidget.setTabOrder(self.downtime, self.at.date_field)
        QWidget.setTabOrder(self.at.date_field, self.at.time_field)
        QWidget.setTabOrder(self.at.time_field, self.move_back)
        (self.at.time_field if self.downtime.count() else self.downtime).setFocus()
        if not self.downtime.count():
            show_dialog_error(self.error, "No machine is down now or later: there is no downtime to end.")

    def chosen(self) -> Downtime | None:
        found = self.downtime.currentData()
        return found if isinstance(found, Downtime) else None

    def _start_at(self, at: datetime | None) -> None:
        """The moment a machine is back starts as `at` (the moment right-clicked), else now (to the next 5 minutes) when
        the downtime runs now, else its start; never past its end."""
        down = self.chosen()
        if down is None:
            return
        zone = self.desk.zone
        if at is None:
            now = self.desk.now().astimezone(zone).replace(second=0, microsecond=0)
            at = now + timedelta(minutes=-now.minute % 5) if down.start < now else down.start.astimezone(zone)
        at = min(at.astimezone(zone), down.end.astimezone(zone) - timedelta(minutes=5))
        at = max(at, down.start.astimezone(zone))
        self.at.setDateTime(QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute)))

    def _say_outcome(self, *_: object) -> None:
        """'Linac 2 is then down 08:00–10:15 only' / 'The downtime is then removed whole' / outside it: nothing."""
        down = self.chosen()
        if down is None:
            self.outcome.setText(OUTCOME_NOTE)
            self.room.refit()
            return
        zone = self.desk.zone
        at = self.at.dateTime().toPython().replace(tzinfo=zone, fold=0)
        start = down.start.astimezone(zone)
        if at == start:
            said = f"From its start: the downtime is removed whole; {down.machine} treats as usual then."
        elif start < at < down.end:
            said = f"{down.machine} is then down {moment_words(start)} to {moment_words(at)} only, and bookable again from then."
        else:
            said = ""
        text = f"{said}\n{OUTCOME_NOTE}" if said else OUTCOME_NOTE
        if text != self.outcome.text():
            self.outcome.setText(text)
            self.room.refit()  # a line more or less: the dialog keeps room for them, and no more

    def moment(self) -> datetime | None:
        """The moment typed (aware, the department's zone), or None after saying under the field what is wrong."""
        show_dialog_error(self.error, "")
        self.downtime_error.show_message("")
        problem = self.at.commit()
        if problem:
            self.at.setFocus()
            return None
        at = self.at.dateTime().toPython().replace(tzinfo=self.desk.zone, fold=0)
        if not exists_locally(at):
            self.at_error.show_message(f"Back from: {moment_words(at)} does not exist in {self.desk.zone.key} (the clocks go forward then)")
            self.at.setFocus()
            return None
        return at

    @guarded
    def end_downtime(self) -> None:
        down = self.chosen()
        if down is None:
            show_dialog_error(self.error, "No machine is down now or later: there is no downtime to end.")
            return
        at = self.moment()
        if at is None:
            return
        if not down.start <= at < down.end:
            zone = self.desk.zone
            self.at_error.show_message(f"Back from: {moment_words(at)} is not within this downtime "
                                       f"({moment_words(down.start.astimezone(zone))} to {moment_words(down.end.astimezone(zone))})")
            self.at.setFocus()
            return
        try:
            self.report, self.updates = self.desk.machine_up(down.machine, at, move_back=self.move_back.isChecked())
        except SlotTaken as exc:
            show_dialog_error(self.error, f"Another coordinator's change came first: {exc}; "
                                          "nothing was changed. Try again.")
            return
        except InputError as exc:
            places = {Field.AT: (self.at_error, "Back from", self.at), Field.MACHINE: (self.downtime_error, "Downtime", self.downtime)}
            say_refusal(exc, places, self.error)
            return
        except StoreError as exc:
            show_dialog_error(self.error, store_words(exc, self.desk.store.display_url))
            return
        self.accept()


def back_words(report: MachineBack, zone_of: BookingDesk) -> str:
    """'Linac 2 back from Tue 5 Mar 2030 09:00 (down until 12:00)': the report's first line."""
    zone = zone_of.zone
    end = report.down.end.astimezone(zone)
    start = report.down.start.astimezone(zone)
    until = f"{end:%H:%M}" if end.date() == start.date() else moment_words(end)
    if report.kept is None:
        return f"{report.machine}'s downtime of {moment_words(start)}–{until} {'would be ' if report.dry_run else ''}removed whole."
    return f"{report.machine} back from {moment_words(report.back.astimezone(zone))} (it was down until {until})."


class MovedBackReport(UpdatesReport):
    """Who went back to their old slot (from where to where), who stayed and why, whose calendar needs an update;
    offers to write the updates. Discreet: initials only, and no changes said (as every re-booking report). Said for a
    machine back sooner (`MachineBackReport`) and for the department reopening after a closure."""

    def __init__(self, desk: BookingDesk, head_words: str, moved_back: Sequence[SessionBack], stayed_sessions: Sequence[SessionStayed],
                 updates: list[CalendarUpdate], parent: QWidget | None = None, *, discreet: bool = False, title: str = "",
                 urgent: Sequence[UrgentStart] = ()) -> None:
        super().__init__(desk, updates, parent, discreet=discreet)
        zone = desk.zone
        self.setWindowTitle(title)
        who = report_names(desk, {b.course_id for b in moved_back} | {s.course_id for s in stayed_sessions}
                           | {u.course_id for u in urgent}, discreet)

        def when(machine: str | None, moment: datetime | None, nowhere: str = "no place") -> str:
            if machine is None or moment is None:
                return nowhere
            return f"{machine} {short_day(moment.astimezone(zone).date())} {moment.astimezone(zone):%H:%M}"

        sooner = starts_sooner(moved_back)  # put off whole by the downtime: back from the end, it starts sooner

        def how(back: SessionBack) -> str:
            if not back.shortens:
                return "back to its old slot"
            return "back from the end of the course: " + ("it starts sooner again" if back.course_id in sooner
                                                          else "a session shorter again")

        back = [(who(b.course_id), f"{b.number} (was {b.was})" if b.was else str(b.number), when(b.from_machine, b.from_start),
                 when(b.to_machine, b.to_start), how(b)) for b in moved_back]
        stayed = [(who(s.course_id), str(s.number) if s.number else "—", when(s.machine, s.start),
                   when(s.was_machine, s.was_start, "not kept"), s.reason) for s in stayed_sessions]
        self.back_table = plain_table(BACK_COLUMNS, back)
        self.stayed_table = plain_table(STAYED_COLUMNS, stayed)
        layout = QVBoxLayout(self)
        head = QLabel(head_words)
        head.setWordWrap(True)
        layout.addWidget(head)
        # first and in bold, as the re-booking's report says it: an urgent course the downtime still starts later
        self.urgent_label = urgent_label([urgent_start_words(item, who(item.course_id), still=True) for item in urgent])
        layout.addWidget(self.urgent_label)
        layout.addWidget(QLabel(f"<b>Moved back</b> ({len(back)})" if back else "No session went back."))
        if back:
            layout.addWidget(self.back_table, 3)
        if stayed:
            # said once: a moving back asked again does not offer them again
            layout.addWidget(QLabel(f"<b>Stay where they are</b> ({len(stayed)}): not offered again, move them in Bookings if wanted"))
            layout.addWidget(self.stayed_table, 2)
        self.add_updates(layout)
        for table in (self.back_table, self.stayed_table, self.calendar_table):
            fold_last_column(table)
        snug(self.calendar_table)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 100)
        room = screen_room(self)  # as wide as the re-booking report: 'back to its old slot' on one line, each row one line
        wide = min(REPORT_SIZE[0], room.width() - FRAME_ROOM[0]) if room is not None else REPORT_SIZE[0]
        self.resize(max(self.minimumWidth(), wide), self.height())
        fit_on_screen(self, min(700, 260 + 30 * (len(back) + len(stayed) + len(updates))))  # its buttons above a laptop's edge


class MachineBackReport(MovedBackReport):
    """A machine back sooner: who went back to their old slot, who stayed and why, whose calendar needs an update."""

    def __init__(self, desk: BookingDesk, report: MachineBack, updates: list[CalendarUpdate], parent: QWidget | None = None, *,
                 discreet: bool = False) -> None:
        super().__init__(desk, back_words(report, desk), report.moved_back, report.stayed, updates, parent, discreet=discreet,
                         title=f"{report.machine} back: moving back report", urgent=report.urgent)


def ask_move_back(parent: QWidget, title: str, head: str, since: str, back: int, staying: int, left_out: str = "") -> bool:
    """The question before sessions a downtime or closure moved go back (a machine back sooner, the department reopening):
    `head` ('Linac 2 back from … Its downtime moved') then how many it moved (`since`: ' from then on'), how many can go
    back and how many would stay; True on Move back (which is off when none can go back). `left_out`: what the discreet
    calendar updates moving back would make due leave out (`left_out_of_updates`), said before they are made."""
    question = QMessageBox(parent)
    question.setIcon(QMessageBox.Icon.Question)
    question.setWindowTitle(title)
    stays = (f" {counted(staying, 'session')} would stay where {'it is' if staying == 1 else 'they are'} "
             "(the report says why).") if staying else ""
    question.setText(f"{head} {counted(back + staying, 'session')}{since}: {back} can go back to the slot "
                     f"{'it' if back == 1 else 'they'} had.{stays}")
    question.setInformativeText(" ".join(filter(None, ("Move them back now? Their patients' calendars then need an update again.",
                                                       left_out))))
    move = question.addButton("Move &back", QMessageBox.ButtonRole.AcceptRole)
    question.addButton("&Leave them where they are", QMessageBox.ButtonRole.RejectRole)
    question.setDefaultButton(move)
    move.setEnabled(back > 0)
    question.exec()
    return question.clickedButton() is move


def offer_move_back(desk: BookingDesk, pairs: list[tuple[Downtime, Downtime]], parent: QWidget, *,
                    discreet: bool = False) -> str:
    """After Department settings saved downtime shorter: for each, say what its downtime moved that could go back and
    ask; moved back on Move back, and the report shown. Returns the status line's words (empty: nothing to move back)."""
    said: list[str] = []
    for old, new in pairs:
        try:
            preview, would = desk.move_back_after(old, new, dry_run=True)
        except (InputError, StoreError) as exc:
            why = exc if isinstance(exc, InputError) else store_words(exc, desk.store.display_url)
            said.append(f"{old.machine}: sessions not moved back ({why})")
            continue
        if not preview.moved_back and not preview.stayed:
            continue
        if not ask_move_back(parent, f"{old.machine} back sooner", f"{back_words(preview, desk)} Its downtime moved",
                             " from then on", len(preview.moved_back), len(preview.stayed), left_out_of_updates(would, discreet)):
            said.append(f"{old.machine}: what its downtime moved stays moved")
            continue
        try:
            report, updates = desk.move_back_after(old, new)
        except SlotTaken as exc:
            QMessageBox.warning(parent, "Not moved back", f"Another coordinator's change came first: {exc}; nothing was moved. "
                                "Machine back sooner… in the Bookings window tries again.")
            continue
        except (InputError, StoreError) as exc:
            QMessageBox.warning(parent, "Not moved back", str(exc) if isinstance(exc, InputError) else store_words(exc, desk.store.display_url))
            continue
        said.append(f"{old.machine}: {counted(len(report.moved_back), 'session')} moved back")
        MachineBackReport(desk, report, updates, parent, discreet=discreet).exec()
    return "; ".join(said)
