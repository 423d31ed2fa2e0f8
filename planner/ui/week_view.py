"""The week view on screen: days across, a time axis down, appointments as blocks coloured by
kind, closed days shaded and named; drag a block to move an appointment."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from PySide6.QtCore import QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QContextMenuEvent, QFont, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMenu, QPushButton, QSizePolicy, QToolTip, QVBoxLayout, QWidget

from ..core.kinds import AppointmentKey, AppointmentKind
from ..core.schedule import Appointment, Schedule
from ..wording import reminder_line, title
from .week_layout import CLOSED_FILL, KIND_STYLES, hour_range, lanes

AXIS = 48.0
HEADER = 34.0
SNAP_MINUTES = 5
LEGEND = {AppointmentKind.SIMULATION: "Planning scan", AppointmentKind.FRACTION: "Fraction",
          AppointmentKind.REVIEW: "Review", AppointmentKind.FOLLOW_UP: "Follow-up"}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


class WeekView(QWidget):
    """Signals carry the appointment's key (`AppointmentKey`)."""

    moveRequested = Signal(object, object)  # AppointmentKey, naive local datetime
    editRequested = Signal(object)
    missedRequested = Signal(object)
    resetRequested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.schedule: Schedule | None = None
        self.monday = monday_of(date.today())
        self._blocks: list[tuple[QRectF, Appointment]] = []
        self._drag: tuple[Appointment, QPointF] | None = None
        self.selected_role: AppointmentKey | None = None  # chosen with the keyboard or a click
        self._ghost: QRectF | None = None
        self._days: list[date] = []
        self._first_hour = 8.0
        self._per_hour = 60.0
        self._last_hour = 9.5
        self.setMouseTracking(True)
        self.setMinimumSize(480, 320)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip("Drag an appointment to move it; or choose one with the arrow keys and press Enter")

    # ------------------------------------------------------------------ data
    def set_schedule(self, schedule: Schedule | None) -> None:
        first_time = self.schedule is None
        self.schedule = schedule
        if schedule is not None and (first_time or not self._week_appointments()):
            self.monday = monday_of(schedule.first_fraction.start.date())
        self.update()

    def show_week(self, monday: date) -> None:
        self.monday = monday_of(monday)
        self.update()

    def _week_appointments(self) -> list[Appointment]:
        if self.schedule is None:
            return []
        end = self.monday + timedelta(days=7)
        return [a for a in self.schedule.appointments if self.monday <= a.start.date() < end]

    # ------------------------------------------------------------------ layout
    def _layout(self) -> None:
        schedule = self.schedule
        treatment_days = schedule.request.calendar.treatment_days if schedule else frozenset(range(5))
        week = self._week_appointments()
        busy = {a.start.date() for a in week}
        self._days = [d for d in (self.monday + timedelta(days=i) for i in range(7)) if d.weekday() in treatment_days or d in busy]
        first, last = hour_range(week)
        self._first_hour = first
        height = self.height() - HEADER - 28
        self._per_hour = max(20.0, height / max(0.5, last - first))
        self._last_hour = last
        self._blocks = []
        width = self._column_width()
        for column, day in enumerate(self._days):
            todays = [a for a in week if a.start.date() == day]
            for appointment, lane, count in lanes(todays):
                x = AXIS + column * width + 2 + lane * (width - 4) / count
                top = self._y(appointment.start)
                bottom = max(self._y(appointment.end), top + 18)
                self._blocks.append((QRectF(x, top, (width - 4) / count - 1, bottom - top), appointment))

    def _column_width(self) -> float:
        return (self.width() - AXIS - 1) / max(1, len(self._days))

    def _y(self, moment: datetime) -> float:
        return HEADER + (moment.hour + moment.minute / 60 - self._first_hour) * self._per_hour

    def block_at(self, point: QPointF) -> Appointment | None:
        self._layout()
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
        if point.x() < AXIS or not self._days:
            return None
        column = min(len(self._days) - 1, int((point.x() - AXIS) // self._column_width()))
        hours = self._first_hour + (point.y() - HEADER) / self._per_hour
        minutes = round(hours * 60 / SNAP_MINUTES) * SNAP_MINUTES
        minutes = max(0, min(minutes, 24 * 60 - SNAP_MINUTES))
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
                painter.setPen(QPen(QColor("#1a5fb4"), 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self._ghost)
            self._paint_legend(painter)
        finally:
            painter.end()

    def _paint_grid(self, painter: QPainter) -> None:
        schedule = self.schedule
        width = self._column_width()
        bottom = self.height() - 28
        bold = QFont(self.font())
        bold.setBold(True)
        for column, day in enumerate(self._days):
            x = AXIS + column * width
            reason = None
            if schedule is not None and day.weekday() in schedule.request.calendar.treatment_days:
                reason = schedule.request.calendar.closure_name(day)
            if reason:
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), QBrush(CLOSED_FILL))
                painter.fillRect(QRectF(x, HEADER, width, bottom - HEADER), QBrush(QColor("#c8c8c8"), Qt.BrushStyle.BDiagPattern))
                painter.setPen(QColor("#5a1a1a"))
                painter.drawText(QRectF(x + 4, HEADER + 4, width - 8, 60), int(Qt.TextFlag.TextWordWrap),
                                 f"Closed: {reason}")
            painter.setPen(self.palette().text().color())
            painter.setFont(bold if day == date.today() else self.font())
            painter.drawText(QRectF(x, 2, width, HEADER - 4), int(Qt.AlignmentFlag.AlignCenter), f"{day:%a %d %b}")
            painter.setFont(self.font())
        painter.setPen(QPen(QColor("#a0a0a0")))
        hour = self._first_hour
        while hour <= self._last_hour + 1e-6:
            y = HEADER + (hour - self._first_hour) * self._per_hour
            whole = abs(hour - round(hour)) < 1e-6
            painter.setPen(QPen(QColor("#a0a0a0") if whole else QColor("#dddddd")))
            painter.drawLine(QPointF(AXIS - (4 if whole else 0), y), QPointF(self.width(), y))
            if hour < self._last_hour:
                painter.setPen(self.palette().text().color())
                painter.drawText(QRectF(0, y - 1, AXIS - 6, 16), int(Qt.AlignmentFlag.AlignRight),
                                 f"{int(hour):02d}:{'00' if whole else '30'}")
            hour += 0.5
        painter.setPen(QPen(QColor("#a0a0a0")))
        for column in range(len(self._days) + 1):
            x = AXIS + column * width
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))

    def _paint_block(self, painter: QPainter, rect: QRectF, appointment: Appointment) -> None:
        style = KIND_STYLES[appointment.kind]
        painter.fillRect(rect, QBrush(style.fill))
        if style.pattern is not Qt.BrushStyle.NoBrush:
            painter.fillRect(rect, QBrush(QColor("#c0c0c0"), style.pattern))
        pen = QPen(QColor("#303030"), style.border_pt)
        pen.setStyle(style.border)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        moved = self.schedule is not None and self.schedule.request.adjustments.moved(appointment.key) is not None
        text = f"{appointment.start:%H:%M} {title(appointment)}" + (" (moved)" if moved else "")
        painter.setPen(QColor("#101010"))
        painter.drawText(rect.adjusted(4, 1, -3, -1), int(Qt.TextFlag.TextWordWrap), text)

    def _paint_legend(self, painter: QPainter) -> None:
        x = AXIS
        y = self.height() - 22
        for kind, label in LEGEND.items():
            style = KIND_STYLES[kind]
            swatch = QRectF(x, y + 3, 18, 12)
            painter.fillRect(swatch, QBrush(style.fill))
            pen = QPen(QColor("#303030"), 1)
            pen.setStyle(style.border)
            painter.setPen(pen)
            painter.drawRect(swatch)
            painter.setPen(self.palette().text().color())
            painter.drawText(QPointF(x + 24, y + 14), label)
            x += 34 + painter.fontMetrics().horizontalAdvance(label)
        swatch = QRectF(x, y + 3, 18, 12)
        painter.fillRect(swatch, QBrush(CLOSED_FILL))
        painter.fillRect(swatch, QBrush(QColor("#c8c8c8"), Qt.BrushStyle.BDiagPattern))
        painter.drawText(QPointF(x + 24, y + 14), "Closed")

    # ------------------------------------------------------------------ interaction
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        appointment = self.block_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if appointment is not None:
            rect = self.block_rect(appointment.key)
            assert rect is not None
            self._drag = (appointment, event.position() - rect.topLeft())
            self.selected_role = appointment.key
            self.update()
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        """Arrow keys choose an appointment of the week, Enter moves it, the menu key offers the rest."""
        self._layout()
        ordered = [a for _, a in sorted(self._blocks, key=lambda item: item[1].start)]
        roles = [a.key for a in ordered]
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up) and roles:
            step = 1 if key in (Qt.Key.Key_Right, Qt.Key.Key_Down) else -1
            index = roles.index(self.selected_role) + step if self.selected_role in roles else (0 if step > 0 else -1)
            self.selected_role = roles[max(0, min(index, len(roles) - 1))]
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
                    self._ghost = QRectF(AXIS + column * self._column_width() + 2, top, rect.width(), rect.height())
                    self.update()
        else:
            appointment = self.block_at(event.position())
            if appointment is not None:
                lines = [f"{title(appointment)}", f"{appointment.start:%a %d %b %Y, %H:%M}–{appointment.end:%H:%M}"]
                lines += [reminder_line(r) for r in appointment.reminders]
                QToolTip.showText(event.globalPosition().toPoint(), "\n".join(lines), self)
            else:
                QToolTip.hideText()
        super().mouseMoveEvent(event)

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
        if appointment is not None:
            self.editRequested.emit(appointment.key)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        appointment = self.block_at(QPointF(event.pos()))
        if appointment is not None:
            self._menu(appointment, event.globalPos())

    def _menu(self, appointment: Appointment, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addAction("Move…", lambda: self.editRequested.emit(appointment.key))
        if appointment.kind is AppointmentKind.FRACTION:
            menu.addAction("Mark missed…", lambda: self.missedRequested.emit(appointment.key))
        if self.schedule is not None and self.schedule.request.adjustments.moved(appointment.key) is not None:
            menu.addAction("Back to the planned time", lambda: self.resetRequested.emit(appointment.key))
        menu.exec(where)


class WeekPanel(QWidget):
    """The week view with previous / today / next navigation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view = WeekView()
        self.previous = QPushButton("◀ Previous")
        self.previous.setToolTip("Previous week (Alt+Left)")
        self.previous.setShortcut("Alt+Left")
        self.today = QPushButton("Today")
        self.today.setToolTip("The week of today")
        self.next = QPushButton("Next ▶")
        self.next.setToolTip("Next week (Alt+Right)")
        self.next.setShortcut("Alt+Right")
        self.first = QPushButton("Course start")
        self.first.setToolTip("The week of the first fraction")
        self.label = QLabel()
        bar = QHBoxLayout()
        for button in (self.previous, self.today, self.next, self.first):
            bar.addWidget(button)
        bar.addWidget(self.label, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        self.previous.clicked.connect(lambda: self.go(self.view.monday - timedelta(days=7)))
        self.next.clicked.connect(lambda: self.go(self.view.monday + timedelta(days=7)))
        self.today.clicked.connect(lambda: self.go(date.today()))
        self.first.clicked.connect(self._go_first)
        self._update_label()

    def go(self, day: date) -> None:
        self.view.show_week(day)
        self._update_label()

    def _go_first(self) -> None:
        if self.view.schedule is not None:
            self.go(self.view.schedule.first_fraction.start.date())

    def set_schedule(self, schedule: Schedule | None) -> None:
        self.view.set_schedule(schedule)
        self._update_label()

    def _update_label(self) -> None:
        monday = self.view.monday
        self.label.setText(f"  Week of {monday:%d %b %Y} – {monday + timedelta(days=6):%d %b %Y}")
