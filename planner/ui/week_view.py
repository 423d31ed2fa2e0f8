"""The week view on screen: days across, a time axis down, appointments as blocks coloured by
kind, closed days shaded and named; drag a block to move an appointment.

The view covers the clinic's whole day at a readable hour height and scrolls vertically; the
day names stay at the top while it scrolls. Every block is also an accessible item.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from ..core.course import BOOKED_REASON, TO_BOOK_REASON, booked_there
from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Appointment, Schedule
from ..wording import (
    BOOKED_OFF_WORDS,
    MOVED,
    NOT_BOOKED_YET_WORDS,
    SHORT_MOVE_NOTES,
    appointment_notes,
    missed_title,
    move_note,
    reminder_line,
    title,
)
from .accessible import MarkerSet, moves_said
from .colours import closed_fill, grid_line, kind_fill, text_on, tone_on
from .flow_row import FlowRow
from .fonts import first_line_drop
from .formats import day_text, short_day
from .keyed_menu import MISSED_KEYS, MOVE_ONE_KEYS, REST_KEYS, KeyedMenu
from .week_layout import KIND_STYLES, hour_range, lanes

AXIS = 48.0  # the time axis with its half-hours ('08:30')
HEADER = 34.0
BLOCK_MARGINS = 12  # a block's text room is its column's width less these (the gaps beside the block, its inner margins)
LEAST_FRACTION = "40/40"  # the narrowest column still shows a fraction's number whole
SNAP_MINUTES = 5
SMALL_NOTE_SCALE = 0.85  # a fraction's notes (not booked yet) in a block too small for them in its own type: ~7.5 pt for 9
MIN_HOUR_HEIGHT = 48.0
WANTED_HOURS = 5.0  # a short view (a laptop's) lowers its hour rows until this much of the day is in sight, if it can
CLINIC_DAY = (7.0, 20.0)  # hours always shown, so a block can be dragged to any time of the clinic's day
LEGEND = {AppointmentKind.SIMULATION: "Planning scan", AppointmentKind.FRACTION: "Fraction",
          AppointmentKind.REVIEW: "Review", AppointmentKind.FOLLOW_UP: "Follow-up"}


# The keys that turn the week (Alt+arrow, or Ctrl+Page Up/Down as calendars do), said in the buttons' tooltips
WEEK_KEYS = (("Alt+Left", "Ctrl+PgUp"), ("Alt+Right", "Ctrl+PgDown"))
HOUR_KEYS = "Page Up and Page Down scroll through the hours"
# A make-up shown after the last booked session: what its menus offer instead of "Back to the planned time"
BOOK_MAKE_UP = "&Book the make-up…"
# A session its machine booking put off the planned time: the booking decides where it is, so its menus open the bookings
BOOKINGS_OF_THE_DAY = "Bookings of that &day…"


def course_choices(menu: KeyedMenu, fraction: bool, move: Callable[[], object], missed: Callable[[], object],
                   rest: Callable[[bool], object]) -> None:
    """An appointment's first choices, the same in the course's list and its week view: Move…, and for a fraction Mark
    missed…, Re-time the rest of the course from here… (`rest(False)`) and Shift the rest by one open day from here…
    (`rest(True)`). Each names the Edit menu's key that does it, which chooses it while the menu is open too."""
    menu.add_named("&Move…", move, MOVE_ONE_KEYS)
    if fraction:
        menu.add_named("Mark m&issed…", missed, MISSED_KEYS)
        menu.add_named("Re-&time the rest of the course from here…", lambda: rest(False), REST_KEYS)
        menu.add_named("&Shift the rest by one open day from here…", lambda: rest(True))


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeekView(QWidget):
    """Signals carry the appointment's key (`AppointmentKey`)."""

    moveRequested = Signal(object, object)  # AppointmentKey, naive local datetime
    editRequested = Signal(object)
    missedRequested = Signal(object)
    resetRequested = Signal(object)
    bookMakeUpRequested = Signal(object)  # a make-up shown where booking will put it: book it
    bookingsDayRequested = Signal(object)  # a session booked off its planned time: the Bookings window on its day (a date)
    restRequested = Signal(bool)  # the rest of the course from the chosen fraction on: re-timed (False) or shifted (True)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self.monday = monday_of(date.today())
        self._blocks: list[tuple[QRectF, Appointment]] = []
        self._drag: tuple[Appointment, QPointF] | None = None
        self.selected_role: AppointmentKey | None = None  # chosen with the keyboard or a click
        self._ghost: QRectF | None = None
        self._days: list[date] = []
        self._first_hour = CLINIC_DAY[0]
        self._axis = AXIS  # the time axis's width: narrower (whole hours only) when the days need the room
        self._per_hour = MIN_HOUR_HEIGHT
        self._last_hour = CLINIC_DAY[1]
        self._top = 0.0  # the scrolled-away height: the day names are painted below it
        self._room = 0  # the height in view (the scroll area's); 0: not known, the hour rows keep their roomy height
        self.markers = MarkerSet(self)
        self.machines: dict[AppointmentKey, str] = {}  # the booked machine of each appointment at its booked time
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Week view")
        self.setToolTip("Drag an appointment to move it; or choose one with the arrow keys and press Enter")

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as the week's days at their narrowest beside the compact axis: at 1024 px beside the Patients list
        the five treatment days are in view without scrolling sideways (it was 360, three and a half days in view)."""
        first, last = self._hours()
        least = self._compact_axis() + len(self._shown_days()) * self.least_column() + 1
        return QSize(int(least + 0.999), int(HEADER + (last - first) * self._hour_height() + 8))

    def _hour_height(self) -> float:
        """Tall enough that the week's shortest session shows two lines (its time and title). In a view too short to
        show WANTED_HOURS of the day so (1024x700), lower, down to one line for the shortest session ('09:00 7/20')."""
        shortest = min((max(5.0, (a.end - a.start).total_seconds() / 60) for a in self._week_appointments()), default=60.0)
        line = self.fontMetrics().height()
        roomy = min(200.0, max(MIN_HOUR_HEIGHT, (2 * line + 6) * 60 / shortest))
        if self._room <= 0:
            return roomy
        compact = min(200.0, max(MIN_HOUR_HEIGHT, (line + 4) * 60 / shortest))
        return min(roomy, max(compact, (self._room - HEADER) / WANTED_HOURS))

    def hour_at_scroll(self, value: int) -> float:
        """The hour at the top of the grid, under the day names, when scrolled by `value`."""
        self._layout()
        return self._first_hour + value / self._per_hour

    def scroll_for_hour(self, hour: float) -> int:
        """The scroll that puts `hour` at the top of the grid, under the day names."""
        self._layout()
        return max(0, round((hour - self._first_hour) * self._per_hour))

    def set_room(self, height: int) -> None:
        """The height in view: the hour rows are as tall as it leaves them (see _hour_height)."""
        if height != self._room:
            self._room = height
            self._changed()

    def sizeHint(self) -> QSize:  # noqa: N802
        return self.minimumSizeHint()

    def _hours(self) -> tuple[float, float]:
        """The clinic's day, widened to the week's earliest and latest appointments."""
        first, last = hour_range(self._week_appointments())
        return min(first, CLINIC_DAY[0]), max(last, CLINIC_DAY[1])

    # ------------------------------------------------------------------ data
    def set_schedule(self, schedule: Schedule | None) -> None:
        before = self.schedule
        self.schedule = schedule
        self.markers.moved_words = moves_said(schedule)
        if schedule is not None and (before is None or not self._week_appointments() or self._start_left(before, schedule)):
            self.monday = monday_of(schedule.first_fraction.start.date())
        self._changed()

    def _start_left(self, before: Schedule, after: Schedule) -> bool:
        """The course's planned start (its first fraction's or planning scan's date) changed while the view showed
        its old start (or a week before it): the view follows the start, as a coordinator who typed the new date
        expects; a week further in the course, still holding appointments, stays. A move (an adjustment) never
        changes the planned start, so the week a move was made in stays on screen."""
        was, now = before.request, after.request
        if (was.start, was.simulation) == (now.start, now.simulation):
            return False
        return self.monday <= monday_of(before.first_fraction.start.date())

    def set_machines(self, machines: tuple[tuple[AppointmentKey, str], ...]) -> None:
        """Each booked appointment's machine, named on its block (empty: the course is not booked)."""
        self.machines = dict(machines)
        self.markers.machines = self.machines
        self._changed()

    def show_week(self, monday: date) -> None:
        self.monday = monday_of(monday)
        self._changed()

    def _changed(self) -> None:
        self.updateGeometry()
        self._place_markers()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_markers()

    def set_top(self, top: float) -> None:
        """The height scrolled away; the day names are drawn just below it."""
        self._top = top
        self.update()

    def _place_markers(self) -> None:
        self._layout()
        adjustments = self.schedule.request.adjustments if self.schedule is not None else None
        self.markers.place([(a, move_note(adjustments.move_reason(a.key)) if adjustments is not None else "", rect.toRect())
                            for rect, a in sorted(self._blocks, key=lambda item: item[1].start)])

    def first_block_top(self) -> float | None:
        self._layout()
        return min((rect.top() for rect, _ in self._blocks), default=None)

    def _week_appointments(self) -> list[Appointment]:
        if self.schedule is None:
            return []
        end = self.monday + timedelta(days=7)
        # Missed sessions stay in sight, drawn apart, in their place.
        return [a for a in (*self.schedule.appointments, *self.schedule.missed) if self.monday <= a.start.date() < end]

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        week = self._week_appointments()
        self._days = self._shown_days()
        self._axis = AXIS if (self.width() - AXIS - 1) / max(1, len(self._days)) >= self._one_line_day() else self._compact_axis()
        first, last = self._hours()
        self._first_hour = first
        height = (self._room or self.height()) - HEADER - 8  # the room in view, not a height the scroll area has yet to change
        self._per_hour = max(self._hour_height(), height / max(0.5, last - first))
        self._last_hour = last
        self._blocks = []
        width = self._column_width()
        for column, day in enumerate(self._days):
            todays = [a for a in week if a.start.date() == day]
            for appointment, lane, count in lanes(todays):
                x = self._axis + column * width + 2 + lane * (width - 4) / count
                top = self._y(appointment.start)
                bottom = max(self._y(appointment.end), top + 18)
                self._blocks.append((QRectF(x, top, (width - 4) / count - 1, bottom - top), appointment))

    def _shown_days(self) -> list[date]:
        """The week's treatment days, and a day outside them only when it holds an appointment (a weekend make-up)."""
        schedule = self.schedule
        treatment_days = schedule.request.calendar.treatment_days if schedule else frozenset(range(5))
        busy = {a.start.date() for a in self._week_appointments()}
        return [d for d in (self.monday + timedelta(days=i) for i in range(7)) if d.weekday() in treatment_days or d in busy]

    def _bold(self) -> QFontMetricsF:
        """Today's day name is bold: the headings' widths are measured so."""
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetricsF(bold)

    def _one_line_day(self) -> float:
        """The least column that names its day on one line ('Wed 30'); narrower, the axis gives way first."""
        return self._bold().horizontalAdvance("Wed 30") + 6

    def _compact_axis(self) -> float:
        """The time axis naming whole hours only ('08'), for a week in a narrow pane (1024 px beside the Patients list)."""
        return self.fontMetrics().horizontalAdvance("00") + 10.0

    def least_column(self) -> float:
        """The narrowest day: its name on two lines ('Wed' over '30') and a fraction's number ('40/40') whole."""
        bold = self._bold()
        return max(bold.horizontalAdvance("Wed") + 6, bold.horizontalAdvance("30") + 6,
                   self.fontMetrics().horizontalAdvance(LEAST_FRACTION) + BLOCK_MARGINS)

    def _column_width(self) -> float:
        return (self.width() - self._axis - 1) / max(1, len(self._days))

    def _y(self, moment: datetime) -> float:
        return HEADER + (moment.hour + moment.minute / 60 - self._first_hour) * self._per_hour

    def block_at(self, point: QPointF) -> Appointment | None:
        self._layout()
        if point.y() < self._top + HEADER:
            return None  # the day names, drawn over the top of the scrolled grid
        for rect, appointment in reversed(self._blocks):
            if rect.contains(point):
                return appointment
        return None

    def block_rect(self, role: AppointmentKey) -> QRectF | None:
        self._layout()
        return next((rect for rect, a in self._blocks if a.key == role), None)

    def moment_at(self, point: QPointF) -> datetime | None:
        """The local date and time under `point`, snapped to 5 minutes."""
        self._layout()
        if point.x() < self._axis or not self._days:
            return None
        column = min(len(self._days) - 1, int((point.x() - self._axis) // self._column_width()))
        hours = self._first_hour + (point.y() - HEADER) / self._per_hour
        minutes = round(hours * 60 / SNAP_MINUTES) * SNAP_MINUTES
        minutes = max(int(self._first_hour * 60), min(minutes, int(self._last_hour * 60) - SNAP_MINUTES, 24 * 60 - SNAP_MINUTES))
        day = self._days[column]
        return datetime(day.year, day.month, day.day, minutes // 60, minutes % 60)

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        self._layout()
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.fillRect(self.rect(), self.palette().base())
            self._paint_grid(painter)
            for rect, appointment in self._blocks:
                self._paint_block(painter, rect, appointment)
                if appointment.key == self.selected_role and self.hasFocus():
                    painter.setPen(QPen(self.palette().highlight().color(), 3))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(rect.adjusted(-2, -2, 2, 2))
            if self._ghost is not None:
                painter.setPen(QPen(self.palette().highlight().color(), 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self._ghost)
            self._paint_header(painter)
        finally:
            painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        schedule = self.schedule
        palette = self.palette()
        width = self._column_width()
        bottom = self.height()
        shade = closed_fill(palette)
        for column, day in enumerate(self._days):
            x = self._axis + column * width
            reason = None
            if schedule is not None and day.weekday() in schedule.request.calendar.treatment_days:
                reason = schedule.request.calendar.closure_name(day)
            if reason:
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), QBrush(shade))
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER),
                                 QBrush(grid_line(palette, False), Qt.BrushStyle.BDiagPattern))
                painter.setPen(tone_on("closed", shade))
                painter.drawText(QRectF(x + 4, self.closure_label_top(), width - 8, 60), int(Qt.TextFlag.TextWordWrap),
                                 f"Closed: {reason}")
        hour = self._first_hour
        while hour <= self._last_hour + 1e-6:
            y = self._y_of(hour)
            whole = abs(hour - round(hour)) < 1e-6
            painter.setPen(QPen(grid_line(palette, whole)))
            painter.drawLine(QPointF(self._axis - (4 if whole else 0), y), QPointF(self.width(), y))
            compact = self._axis < AXIS  # whole hours only, '08'
            if hour < self._last_hour and (whole or not compact):
                painter.setPen(palette.text().color())
                painter.drawText(QRectF(0, y - 1, self._axis - 6, 16), int(Qt.AlignmentFlag.AlignRight),
                                 f"{int(hour):02d}" if compact else f"{int(hour):02d}:{'00' if whole else '30'}")
            hour += 0.5
        painter.setPen(QPen(grid_line(palette, True)))
        for column in range(len(self._days) + 1):
            x = self._axis + column * width
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))

    def closure_label_top(self) -> float:
        """A closed day's name stays in sight under the day names while the view scrolls."""
        return max(self._y_of(self._first_hour), self._top + HEADER) + 4

    def _y_of(self, hour: float) -> float:
        return HEADER + (hour - self._first_hour) * self._per_hour

    def _paint_header(self, painter: QPainter) -> None:
        """The day names, kept in sight at the top of the scrolled view."""
        palette = self.palette()
        width = self._column_width()
        band = QRectF(0, self._top, self.width(), HEADER)
        painter.fillRect(band, palette.window())
        painter.setPen(QPen(grid_line(palette, True)))
        painter.drawLine(band.bottomLeft(), band.bottomRight())
        bold = QFont(self.font())
        bold.setBold(True)
        brief = any(QFontMetricsF(bold).horizontalAdvance(short_day(day)) > width - 6 for day in self._days)
        two_lines = width < self._one_line_day()
        for column, day in enumerate(self._days):
            x = self._axis + column * width
            painter.setPen(palette.windowText().color())
            painter.setFont(bold if day == date.today() else self.font())
            # Narrow columns name the day alone, all alike: the month is in the week's title above; narrower
            # still (five days in a 1024-px pane beside the Patients list), the weekday over the day's number.
            label = f"{day:%a}\n{day.day}" if two_lines else f"{day:%a} {day.day}" if brief else short_day(day)
            painter.drawText(QRectF(x, self._top + 2, width, HEADER - 4), int(Qt.AlignmentFlag.AlignCenter), label)
        painter.setFont(self.font())

    def _paint_block(self, painter: QPainter, rect: QRectF, appointment: Appointment) -> None:
        palette = self.palette()
        fill, text = block_colours(appointment.kind, palette)
        style = KIND_STYLES[appointment.kind]
        painter.fillRect(rect, QBrush(fill))
        if style.pattern is not Qt.BrushStyle.NoBrush:
            painter.fillRect(rect, QBrush(grid_line(palette, False), style.pattern))
        pen = QPen(text, style.border_pt)
        pen.setStyle(style.border)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if appointment.missed:
            painter.fillRect(rect, QBrush(palette.color(QPalette.ColorRole.Base)))
            painter.fillRect(rect, QBrush(grid_line(palette, False), Qt.BrushStyle.DiagCrossPattern))
            text = palette.color(QPalette.ColorRole.Text)
            pen = QPen(text, 1.2, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(rect)
        moved = move_note(self.schedule.request.adjustments.move_reason(appointment.key)) if self.schedule is not None else ""
        phases = self.schedule.phase_count if self.schedule is not None else 1
        machine = "" if appointment.missed else self.machines.get(appointment.key, "")
        font = painter.font()
        small = QFont(font)
        if font.pointSizeF() > 0:
            small.setPointSizeF(font.pointSizeF() * SMALL_NOTE_SCALE)
        else:  # a type sized in pixels
            small.setPixelSize(max(1, round(font.pixelSize() * SMALL_NOTE_SCALE)))
        inner = rect.adjusted(4, 1, -3, -1)
        label, smaller = block_text(QFontMetricsF(font, painter.device()), QFontMetricsF(small, painter.device()), inner,
                                    appointment, phases, moved, machine)
        painter.setPen(text)
        if smaller:
            painter.setFont(small)
        # a tall accented capital ('Å' of a machine's name) rises above the font's ascent: the words go lower where
        # the block has room under them, clear of its top outline
        drop = 0.0
        if not label.isascii():  # plain words are not measured
            metrics = QFontMetricsF(painter.font(), painter.device())
            spare = inner.height() - metrics.boundingRect(inner, int(Qt.TextFlag.TextWordWrap), label).height()
            drop = first_line_drop(metrics, label, inner.top() - rect.top(), style.border_pt / 2 + 1, spare)
        painter.drawText(inner.adjusted(0, drop, 0, 0), int(Qt.TextFlag.TextWordWrap), label)
        painter.setFont(font)

    # ------------------------------------------------------------------ interaction
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        appointment = self.block_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if appointment is not None and not appointment.missed:  # a missed session is listed, not dragged
            rect = self.block_rect(appointment.key)
            assert rect is not None
            self._drag = (appointment, event.position() - rect.topLeft())
            self.selected_role = appointment.key
            self.update()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Arrow keys choose an appointment of the week, Enter moves it, the menu key offers the rest."""
        self._layout()
        # A missed session is shown and read out, but it is changed in the form's list of adjustments.
        ordered = [a for _, a in sorted(self._blocks, key=lambda item: item[1].start) if not a.missed]
        roles = [a.key for a in ordered]
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up) and roles:
            step = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            index = roles.index(self.selected_role) + step if self.selected_role in roles else (0 if step > 0 else -1)
            self.selected_role = roles[max(0, min(index, len(roles) - 1))]
            self._announce_selection()
            self._selected_in_view()
            self.update()
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.selected_role in roles:
            self.editRequested.emit(self.selected_role)
        elif key == Qt.Key.Key_Menu and self.selected_role in roles:
            rect = self.block_rect(self.selected_role)
            if rect is not None:
                self._menu(ordered[roles.index(self.selected_role)], self.mapToGlobal(rect.center().toPoint()))
        else:
            super().keyPressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            appointment, offset = self._drag
            rect = self.block_rect(appointment.key)
            if rect is not None:
                moment = self.moment_at(event.position() - offset)
                if moment is not None:
                    top = HEADER + (moment.hour + moment.minute / 60 - self._first_hour) * self._per_hour
                    column = self._days.index(moment.date())
                    self._ghost = QRectF(self._axis + column * self._column_width() + 2, top, rect.width(), rect.height())
                    self._scroll_to(event.position())
                    self.update()
        else:
            appointment = self.block_at(event.position())
            if appointment is not None:
                QToolTip.showText(event.globalPosition().toPoint(), self.block_tip(appointment), self)
            else:
                QToolTip.hideText()
        super().mouseMoveEvent(event)

    def block_tip(self, appointment: Appointment) -> str:
        """A block's tooltip: its whole title, its day and times, its machine once booked, why it is not at its planned
        time (a coordinator's move: from when, and why), its reminders. What a narrow block leaves out is said here."""
        what = missed_title(appointment) if appointment.missed else title(appointment)
        lines = [what, f"{day_text(appointment.start.date())}, {appointment.start:%H:%M}–{appointment.end:%H:%M}"]
        if self.machines.get(appointment.key) and not appointment.missed:
            lines.append(f"On {self.machines[appointment.key]}")
        reason = self.schedule.request.adjustments.move_reason(appointment.key) if self.schedule is not None else None
        if reason in (TO_BOOK_REASON, BOOKED_REASON):
            lines.append(NOT_BOOKED_YET_WORDS if reason == TO_BOOK_REASON else BOOKED_OFF_WORDS)
        elif appointment.key in self.markers.moved_words and not appointment.missed:
            lines.append(self.markers.moved_words[appointment.key])
        lines += [reminder_line(r) for r in appointment.reminders]
        return "\n".join(lines)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            appointment, offset = self._drag
            self._drag = None
            self._ghost = None
            moment = self.moment_at(event.position() - offset)
            if moment is not None and moment != appointment.start.replace(tzinfo=None):
                self.moveRequested.emit(appointment.key, moment)
            self.update()
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        appointment = self.block_at(event.position())
        if appointment is not None and not appointment.missed:
            self.editRequested.emit(appointment.key)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        appointment = self.block_at(QPointF(event.pos()))
        if appointment is not None and not appointment.missed:
            self._menu(appointment, event.globalPos())

    def _announce_selection(self) -> None:
        """Tell assistive technology which appointment the arrow keys chose."""
        marker = next((m for m in self.markers.visible() if m.key == self.selected_role), None)
        if marker is not None:
            self.setAccessibleDescription(marker.accessibleName())
            QAccessible.updateAccessibility(QAccessibleEvent(marker, QAccessible.Event.Focus))

    def _selected_in_view(self) -> None:
        """The appointment the arrow keys chose in sight, below the day names that stay on top."""
        from .scroll_focus import bring_into_view

        rect = self.block_rect(self.selected_role) if self.selected_role is not None else None
        if rect is not None:
            bring_into_view(self, rect.toAlignedRect(), int(HEADER))

    def _scroll_to(self, point: QPointF) -> None:
        """While dragging near the edge of the visible part, scroll on."""
        viewport = self.parentWidget()
        area = viewport.parentWidget() if viewport is not None else None
        if isinstance(area, QScrollArea):
            area.ensureVisible(int(point.x()), int(point.y()), 0, int(HEADER + 20))

    def _menu(self, appointment: Appointment, where: QPoint) -> None:
        """The appointment's menu, the course's list's own; the appointment chosen first (outlined), so the outline shows
        what the menu acts on and the rest of the course is re-timed or shifted from it."""
        if self.selected_role != appointment.key:
            self.selected_role = appointment.key
            self._announce_selection()
            self.update()
        menu = KeyedMenu(self)
        course_choices(menu, appointment.kind is AppointmentKind.FRACTION, lambda: self.editRequested.emit(appointment.key),
                       lambda: self.missedRequested.emit(appointment.key), self.restRequested.emit)
        reason = self.schedule.request.adjustments.move_reason(appointment.key) if self.schedule is not None else None
        if reason == TO_BOOK_REASON:  # shown where booking will put it: no move of the coordinator's to take back
            menu.addAction(BOOK_MAKE_UP, lambda: self.bookMakeUpRequested.emit(appointment.key))
        elif booked_there(reason):  # the booking decides where it is: no move of the coordinator's to take back
            menu.addAction(BOOKINGS_OF_THE_DAY, lambda: self.bookingsDayRequested.emit(appointment.start.date()))
        elif reason is not None:
            menu.addAction("Back to the &planned time", lambda: self.resetRequested.emit(appointment.key))
        menu.exec(where)


def block_label(appointment: Appointment, phases: int, moved: str, narrow: bool = False, machine: str = "") -> str:
    """'09:00 Radiotherapy 7 of 20 (phase 2 of 2, make-up)', or 'Missed: 09:00 Radiotherapy 7 of 20'; `moved`: the
    move's note (`move_note`: 'moved', 'not booked yet', 'booked off the planned time'), '' when not moved;
    in a column too narrow for the word (a laptop's six-day week), 'Fraction 7/20': the tooltip and
    the accessible name keep the whole title. A booked appointment ends with its machine: '· Linac 1'."""
    name = title(appointment)
    if narrow and appointment.kind is AppointmentKind.FRACTION:
        name = f"Fraction {appointment.number}/{appointment.total}"
    elif narrow and appointment.kind is AppointmentKind.REVIEW:
        name = f"Review {appointment.number}"
    if appointment.missed:
        return f"Missed: {name} at {appointment.start:%H:%M}"
    notes = [n for n in (appointment_notes(appointment, phases), moved) if n]
    return f"{appointment.start:%H:%M} {name}" + (f" ({', '.join(notes)})" if notes else "") + (f" · {machine}" if machine else "")


def fitting_label(metrics: QFontMetricsF, inner: QRectF, appointment: Appointment, phases: int, moved: str, machine: str = "") -> str:
    """The block's label, in its short form when the column is too narrow for "Radiotherapy" or the
    whole label would wrap past the block's height (a 15-minute review in a six-day week)."""
    narrow = metrics.horizontalAdvance("Radiotherapy") > inner.width() - 1
    label = block_label(appointment, phases, moved, narrow, machine)

    def fits(text: str) -> bool:
        return metrics.boundingRect(inner, int(Qt.TextFlag.TextWordWrap), text).height() <= inner.height() + 1

    if not narrow and not fits(label):
        label = block_label(appointment, phases, moved, True, machine)
    if not appointment.missed and appointment.kind is AppointmentKind.FRACTION and not fits(label):
        # A laptop's narrow column or a short session: the time and number, then the machine if booked ('09:00 7/20'
        # over 'Linac 1'), with the notes, in short words when the whole ones do not fit (`noted_labels`); narrower
        # still, the time is left to the axis beside the block, and the notes go last (the tooltip says them).
        tried = [*noted_labels(appointment, phases, moved, machine), *_plain_labels(appointment, machine, moved)]
        if moved == MOVED:  # a coordinator's move: its time kept before its notes ('13:00 3/5' before '3/5 (moved)')
            timed = [text for text in tried if text.startswith(f"{appointment.start:%H:%M} ")]
            tried = [*timed, *(text for text in tried if text not in timed)]
        label = next((text for text in tried if fits(text)), tried[-1])
    elif not appointment.missed and not fits(label):
        # A review or scan booked off its planned time in a short block: '16:15 Review 5 (booked off the planned time)'
        # was cut after '(booked off'. Its note in short words, then without its room, then the time and name alone
        # (the tooltip says the rest).
        short = SHORT_MOVE_NOTES.get(moved, moved)
        tried = list(dict.fromkeys((block_label(appointment, phases, short, True, machine),
                                    block_label(appointment, phases, short, True),
                                    block_label(appointment, phases, "", True))))
        label = next((text for text in tried if fits(text)), tried[-1])
    return label


def block_text(metrics: QFontMetricsF, small: QFontMetricsF, inner: QRectF, appointment: Appointment, phases: int, moved: str,
               machine: str = "") -> tuple[str, bool]:
    """The block's label (`fitting_label`) and whether it is drawn in the `small` type: a fraction whose notes no label
    keeps in the block's own type (a 20-minute make-up not booked yet in a laptop's column: '30/30 not booked') has them
    in the small type rather than left out; a block with room for them keeps the block's type. A moved block keeps its
    time: its note in the small type beside the time, or left out ('13:00 3/5'; the tooltip says it)."""
    label = fitting_label(metrics, inner, appointment, phases, moved, machine)
    if label not in _plain_labels(appointment, machine, moved):
        return label, False
    noted = noted_labels(appointment, phases, moved, machine)
    if moved == MOVED and label.startswith(f"{appointment.start:%H:%M} "):  # its time kept: its note in the small type beside it only
        noted = [text for text in noted if text.startswith(f"{appointment.start:%H:%M} ")]
    found = next((text for text in noted
                  if small.boundingRect(inner, int(Qt.TextFlag.TextWordWrap), text).height() <= inner.height() + 1), None)
    return (label, False) if found is None else (found, True)


def _plain_labels(appointment: Appointment, machine: str, moved: str = "") -> tuple[str, ...]:
    """A narrow fraction's last labels, without notes: '09:00 7/20 Linac 1', '7/20 Linac 1', and in a column too
    narrow for its machine (five days at 1024 px beside the Patients list), '7/20' (the machine is in its tooltip),
    rather than the machine's name cut off after 'Linac'. A moved one keeps its time before its machine ('13:00 7/20'
    before '7/20 Linac 1'): the time is what the move changed."""
    number, bare = _number(appointment, machine), _number(appointment, "")
    when = f"{appointment.start:%H:%M} "
    if moved == MOVED:
        return tuple(dict.fromkeys((f"{when}{number}", f"{when}{bare}", number, bare)))
    plain = (f"{when}{number}", number)
    return (*plain, bare) if machine else plain


def noted_labels(appointment: Appointment, phases: int, moved: str, machine: str = "") -> list[str]:
    """A fraction's labels for a narrow column that keep its notes, longest first: '09:00 30/30 (make-up, not booked yet)',
    '09:00 30/30 (make-up, not booked)', '30/30 (make-up, not booked)', then the move's note alone ('30/30 not booked'),
    which says the rest (only a make-up is 'not booked'). None for one without notes.

    A block the coordinator moved keeps its time first, the time being what the move changed (it read '3/5 (moved)'
    where its neighbours read '09:00 1/5'): '13:00 3/5 Linac 1 (moved)', '13:00 3/5 Linac 1 moved', then without its
    machine ('13:00 3/5 moved'), and only then without its time ('3/5 (moved)')."""
    whole, short = _notes(appointment, phases, moved, False), _notes(appointment, phases, moved, True)
    if not whole:
        return []
    when, number = f"{appointment.start:%H:%M} ", _number(appointment, machine)
    note = SHORT_MOVE_NOTES.get(moved, moved)
    if moved == MOVED:
        timed = [text for each in (number, _number(appointment, ""))
                 for text in (f"{when}{each} ({whole})", f"{when}{each} ({short})", f"{when}{each} {note}")]
        return list(dict.fromkeys([*timed, f"{number} ({short})", f"{number} {note}", f"{_number(appointment, '')} {note}"]))
    found = [f"{when}{number} ({whole})", f"{when}{number} ({short})", f"{number} ({short})"]
    if moved:
        found += [f"{when}{number} {note}", f"{number} {note}"]
    return list(dict.fromkeys(found))


def _number(appointment: Appointment, machine: str) -> str:
    return f"{appointment.number}/{appointment.total}{f' {machine}' if machine else ''}"


def _notes(appointment: Appointment, phases: int, moved: str, short: bool) -> str:
    """A fraction's notes after its number in a narrow column ('make-up, not booked yet'), or in their short words
    ('make-up, not booked', 'phase 2/2'); '' without notes."""
    notes = []
    if phases > 1:
        notes.append(f"phase {appointment.phase}/{phases}" if short else f"phase {appointment.phase} of {phases}")
    if appointment.make_up:
        notes.append("make-up")
    if moved:
        notes.append(SHORT_MOVE_NOTES.get(moved, moved) if short else moved)
    return ", ".join(notes)


def block_colours(kind: AppointmentKind, palette: QPalette) -> tuple[QColor, QColor]:
    """A block's fill and the text on it: the kind's tint in this palette, text that reads on it."""
    fill = kind_fill(kind, palette)
    return fill, text_on(fill, palette)


class WeekLegend(QWidget):
    """What the fills and borders of the week view mean; its entries wrap onto more rows when it is narrow."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setAccessibleName("Legend: " + ", ".join(LEGEND.values()) + ", closed day")

    def _row_height(self) -> int:
        return max(20, self.fontMetrics().height() + 4)

    def places(self, width: int) -> list[tuple[QPointF, AppointmentKind | None, str]]:
        """Where each entry (its swatch's top left, its kind or None for a closed day, its words) goes in `width`."""
        metrics = self.fontMetrics()
        x, y, places = 4.0, 2.0, []
        for kind, label in [*LEGEND.items(), (None, "Closed")]:
            wide = 24 + metrics.horizontalAdvance(label)
            if x > 4 and x + wide > width - 4:
                x, y = 4.0, y + self._row_height()
            places.append((QPointF(x, y), kind, label))
            x += wide + 10
        return places

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        return int(self.places(width)[-1][0].y()) + self._row_height() + 2

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        wide = int(sum(24 + 10 + self.fontMetrics().horizontalAdvance(label) for label in [*LEGEND.values(), "Closed"]))
        return QSize(wide, self.heightForWidth(wide))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        widest = max(24 + self.fontMetrics().horizontalAdvance(label) for label in [*LEGEND.values(), "Closed"]) + 8
        return QSize(widest, self._row_height() + 4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        painter = QPainter(self)
        try:
            palette = self.palette()
            for corner, kind, label in self.places(self.width()):
                x, y = corner.x(), corner.y()
                swatch = QRectF(x, y + 3, 18, 12)
                if kind is None:
                    painter.fillRect(swatch, QBrush(closed_fill(palette)))
                    painter.fillRect(swatch, QBrush(grid_line(palette, False), Qt.BrushStyle.BDiagPattern))
                else:
                    fill, text = block_colours(kind, palette)
                    painter.fillRect(swatch, QBrush(fill))
                    pen = QPen(text, 1)
                    pen.setStyle(KIND_STYLES[kind].border)
                    painter.setPen(pen)
                    painter.drawRect(swatch)
                painter.setPen(palette.windowText().color())
                painter.drawText(QPointF(x + 24, y + 14), label)
        finally:
            painter.end()


class WeekPanel(QWidget):
    """The week view with previous / today / next navigation, scrolling through the clinic's day."""

    def __init__(self, parent: QWidget | None = None, words_apart: bool = False) -> None:
        """`words_apart`: the week's buttons (`buttons`), dates (`label`) and the `legend` are left for the
        caller to place outside a pane that scrolls sideways, so they wrap to the width in view."""
        super().__init__(parent)
        self.view = WeekView()
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.view)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the view inside takes focus, not its frame
        self._fit_least_width()
        self.scroll.verticalScrollBar().valueChanged.connect(lambda value: self.view.set_top(float(value)))
        self.scroll.viewport().installEventFilter(self)  # its height sets the hour rows' (compact on a short screen)
        # A week chosen while the tab is hidden is scrolled again once the view has its real height.
        self._scroll_pending = False
        self._keep_hour: float | None = None  # the hour to keep at the top while the hour rows change height
        self.scroll.verticalScrollBar().rangeChanged.connect(self._scroll_again)
        self.previous = QPushButton("◀ Previous")
        self.previous.setToolTip(f"Previous week (Alt+Left or Ctrl+Page Up); {HOUR_KEYS}")
        self.previous.setShortcut(WEEK_KEYS[0][0])
        self.today = QPushButton("Today")
        self.today.setToolTip("The week of today")
        self.next = QPushButton("Next ▶")
        self.next.setToolTip(f"Next week (Alt+Right or Ctrl+Page Down); {HOUR_KEYS}")
        self.next.setShortcut(WEEK_KEYS[1][0])
        for button, (_, calendar_keys) in zip((self.previous, self.next), WEEK_KEYS, strict=True):
            # The week the way calendars turn it too; only while the week is on show (the shortcut's parent visible)
            QShortcut(QKeySequence(calendar_keys), self, button.click)
        self.first = QPushButton("Course start")
        self.first.setToolTip("The week of the first fraction")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setMinimumWidth(60)
        self.legend = WeekLegend()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if words_apart:
            # The buttons too, on a second line when the pane is narrow (at 1024 px beside the Patients list
            # "Course start" was cut to "Cou" behind the sideways scroll).
            self.buttons = QWidget()
            bar: QHBoxLayout | FlowRow = FlowRow(self.buttons)
        else:
            bar = QHBoxLayout()
            layout.addLayout(bar)
        for button in (self.previous, self.today, self.next, self.first):
            bar.addWidget(button)
        layout.addWidget(self.scroll, 1)
        if not words_apart:
            bar.addWidget(self.label, 1)
            layout.addWidget(self.legend)
        self.previous.clicked.connect(lambda: self.go(self.view.monday - timedelta(days=7)))
        self.next.clicked.connect(lambda: self.go(self.view.monday + timedelta(days=7)))
        self.today.clicked.connect(lambda: self.go(date.today()))
        self.first.clicked.connect(self._go_first)
        self._update_label()

    def _fit_least_width(self) -> None:
        """Never narrower than the week's least width (its days', more in a week with a weekend session): in a narrower
        pane the page scrolls sideways, rather than the week being cut at the edge of this area (which scrolls only
        through the day)."""
        self.scroll.setMinimumWidth(self.view.minimumSizeHint().width() + self.scroll.verticalScrollBar().sizeHint().width()
                                    + 2 * self.scroll.frameWidth())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.scroll.viewport() and event.type() == QEvent.Type.Resize:
            height = self.scroll.viewport().height()
            if height != self.view._room:
                if not self._scroll_pending and self._keep_hour is None:  # the hour at the top stays there
                    self._keep_hour = self.view.hour_at_scroll(self.scroll.verticalScrollBar().value())
                self.view.set_room(height)
                self._keep_top()
        return False

    def _keep_top(self) -> None:
        """After the hour rows changed height, the hour that was at the top is at the top again (once the range allows)."""
        if self._keep_hour is None:
            return
        bar = self.scroll.verticalScrollBar()
        wanted = self.view.scroll_for_hour(self._keep_hour)
        bar.setValue(wanted)
        if bar.value() == wanted:
            self._keep_hour = None

    def go(self, day: date) -> None:
        self.view.show_week(day)
        self._fit_least_width()
        self._update_label()
        self._scroll_to_first()

    def _go_first(self) -> None:
        if self.view.schedule is not None:
            self.go(self.view.schedule.first_fraction.start.date())

    def set_machines(self, machines: tuple[tuple[AppointmentKey, str], ...]) -> None:
        self.view.set_machines(machines)

    def set_schedule(self, schedule: Schedule | None) -> None:
        monday = self.view.monday
        self.view.set_schedule(schedule)
        self._fit_least_width()
        self._update_label()
        if self.view.monday != monday:
            self._scroll_to_first()

    def _scroll_to_first(self) -> None:
        """The week's first appointment in sight, with an hour above it."""
        top = self.view.first_block_top()
        if top is None:
            self._scroll_pending = False
            return
        bar = self.scroll.verticalScrollBar()
        wanted = max(0, int(top - HEADER - self.view._per_hour))
        bar.setValue(wanted)
        self._scroll_pending = bar.value() != wanted or not self.scroll.isVisible()

    def _scroll_again(self) -> None:
        if self._scroll_pending:
            self._keep_hour = None
            self._scroll_to_first()
        else:
            self._keep_top()

    def _update_label(self) -> None:
        monday = self.view.monday
        self.label.setText(f"{short_day(monday)} – {day_text(monday + timedelta(days=6))}")
