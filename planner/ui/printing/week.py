"""The weekly view on paper: one landscape page per week, days across, a time axis down."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.kinds import AppointmentKind
from ...core.schedule import Appointment
from ...wording import appointment_notes, reminder_line, shown_reminders, title
from ..formats import day_text, short_day
from ..week_layout import CLOSED_FILL, KIND_STYLES, hour_range, lanes, minutes_of
from .canvas import BODY_PT, HEADING_PT, Canvas
from .context import PrintContext, skipped_weeks
from .week_axis import Span, TimeAxis, stretched_axis

MARGIN = 30.0
AXIS_WIDTH = 42.0
DAY_HEADER = 30.0
TITLE_LINES = 4  # a block's title wraps rather than ending in '…' ('Clinic appointm…' in a 7-day week): the axis makes room


class WeekDocument:
    """Pages for the weeks starting on the given Mondays. `week_days`: 5 (Monday to Friday) or 7
    columns, or None for the clinic's treatment days; a day with an appointment is always shown.
    `hours`: the first and last hour of the time axis, widened to every appointment of the week."""

    landscape = True

    @property
    def discreet(self) -> bool:
        return self.context.discreet

    def __init__(self, context: PrintContext, mondays: list[date], week_days: int | None = None,
                 hours: tuple[float, float] | None = None) -> None:
        self.context = context
        self.mondays = mondays
        self.week_days = week_days
        self.hours = hours

    def paginate(self, canvas: Canvas, page: QRectF) -> int:
        return len(self.mondays)

    # ------------------------------------------------------------------ page parts
    def days_of(self, monday: date) -> list[date]:
        request = self.context.schedule.request
        week = [monday + timedelta(days=i) for i in range(7)]
        busy = {a.start.date() for a in (*self.context.schedule.appointments, *self.context.schedule.missed)}
        shown = request.calendar.treatment_days if self.week_days is None else frozenset(range(self.week_days))
        return [d for d in week if d.weekday() in shown or d in busy]

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None:
        monday = self.mondays[index]
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        top = self._header(canvas, area, monday, skipped_weeks(self.context.schedule, self.mondays, index))
        top = self._legend(canvas, area, top + 4, monday)
        bottom = self._footer(canvas, area, index, count)
        bottom = self._preparation(canvas, area, bottom, monday)
        self._grid(canvas, QRectF(area.left(), top + 6, area.width(), bottom - top - 12), monday)

    def preparation_lines(self, monday: date) -> list[str]:
        """Each timed preparation of the week once, whole: printed under the grid, never cut off in a block."""
        ctx = self.context
        lines: list[str] = []
        for appointment in ctx.schedule.appointments:
            if appointment.start.date() not in self.days_of(monday):
                continue
            steps = " ".join(reminder_line(r, ctx.discreet) for r in shown_reminders(appointment.reminders, ctx.discreet)
                             if r.minutes_before > 0)
            if not steps:
                continue
            what = _PREP_FOR_DISCREET[appointment.kind is AppointmentKind.FRACTION] if ctx.discreet else _PREP_FOR[appointment.kind]
            line = f"Before {what}: {steps}"
            if line not in lines:
                lines.append(line)
        return lines

    def _preparation(self, canvas: Canvas, area: QRectF, bottom: float, monday: date) -> float:
        body = canvas.font(BODY_PT)
        lines = self.preparation_lines(monday)
        if not lines:
            return bottom
        height = sum(canvas.text_height(line, area.width(), body) + 2 for line in lines)
        top = bottom - height - 4
        y = top
        for line in lines:
            y += canvas.wrapped(QRectF(area.left(), y, area.width(), bottom - y), line, body) + 2
        return top

    def _header(self, canvas: Canvas, area: QRectF, monday: date, skipped: str = "") -> float:
        """The patient, the week and where to go; `skipped`, the weeks passed over before this one, said where
        they would have been ('No appointments from … (2 weeks)'): a page per week skipped them without a word."""
        ctx = self.context
        big = canvas.font(HEADING_PT, bold=True)
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        y = area.top()
        right_width = min(area.width() * 0.4, max(canvas.text_width(ctx.clinic_heading, bold),
                                                  canvas.text_width(f"Phone {ctx.clinic_phone}", body)) + 12)
        name = ctx.patient_name or "Appointments"
        name_width = area.width() - (right_width if ctx.clinic_heading else 0)  # no clinic beside it: the whole line
        lines = canvas.name_lines(name, name_width, big)
        for k, text in enumerate(lines):
            canvas.text(QRectF(area.left(), y + k * canvas.line_height(big), name_width, 22), text, big)
        right_y = y + 2
        if ctx.clinic_heading:  # whole, wrapped: on a discreet page it is the clinic's address, said nowhere else
            right_y += canvas.wrapped(QRectF(area.right() - right_width, right_y, right_width, 200), ctx.clinic_heading, bold,
                                      Qt.AlignmentFlag.AlignRight)
        y += canvas.line_height(big) * len(lines) + 2
        sunday = monday + timedelta(days=6)
        week = f"Week of {day_text(monday)} to {day_text(sunday)}"
        line = f"{ctx.site_name} · {week}" if ctx.site_name else week
        canvas.text(QRectF(area.left(), y, area.width() - right_width, 16), canvas.elide(line, area.width() - right_width, body), body)
        phone_bottom = max(y, right_y)
        if ctx.clinic_phone:  # whole, wrapped in its column: a long one ran left under the week's dates, its start unreadable
            phone_bottom += canvas.wrapped(QRectF(area.right() - right_width, phone_bottom, right_width, 200),
                                           f"Phone {ctx.clinic_phone}", body, Qt.AlignmentFlag.AlignRight)
        y += canvas.line_height(body)
        where = self.where_line()
        if where:  # whole, wrapped if need be: every appointment of the course is there
            y += canvas.wrapped(QRectF(area.left(), y, area.width() - right_width, 200), where, body)
        if zone := self.context.zone_line():
            y += canvas.wrapped(QRectF(area.left(), y, area.width() - right_width, 200), zone, bold)
        if skipped:
            y += canvas.wrapped(QRectF(area.left(), y, area.width() - right_width, 200), skipped, bold)
        y = max(y, phone_bottom) + 3
        canvas.line(area.left(), y, area.right(), y, 1.0)
        return y

    def where_line(self) -> str:
        return self.context.where_line()

    def legend_kinds(self, monday: date) -> list[AppointmentKind]:
        """The kinds of appointment the week's page shows in their colours (a missed one is crossed out, not coloured):
        the legend said 'Planning scan' on every week of a course, with no scan in sight."""
        days = set(self.days_of(monday))
        shown = {a.kind for a in self.context.schedule.appointments if a.start.date() in days and not a.missed}
        return [k for k in (AppointmentKind.SIMULATION, AppointmentKind.FRACTION, AppointmentKind.REVIEW, AppointmentKind.FOLLOW_UP)
                if k in shown]

    def _legend(self, canvas: Canvas, area: QRectF, y: float, monday: date) -> float:
        """What the page's colours mean: its kinds of appointment, and 'Clinic closed' on a week with a closed day."""
        body = canvas.font(BODY_PT)
        x = area.left()
        height = canvas.line_height(body)
        kinds = self.legend_kinds(monday)
        groups: dict[str, list[AppointmentKind]] = {}  # discreet: the kinds other than the fractions share one label
        for kind in kinds:
            groups.setdefault(_legend_label(kind, self.context.discreet), []).append(kind)
        for label, grouped in groups.items():
            for kind in grouped:
                _draw_block_box(canvas, QRectF(x, y + 2, 22, height - 4), kind)
                x += 26
            canvas.text(QRectF(x, y, 200, height), label, body)
            x += canvas.text_width(label, body) + 16
        if not any(self.context.closed_label(day) for day in self.days_of(monday)):
            return y + height
        closed = QRectF(x, y + 2, 22, height - 4)
        canvas.fill(closed, QBrush(CLOSED_FILL))
        canvas.hatch(closed, Qt.BrushStyle.FDiagPattern, QColor("#9a9a9a"))
        canvas.frame(closed, 0.5, color=QColor("#777777"))
        canvas.text(QRectF(x + 26, y, 200, height), "Clinic closed", body)
        return y + height

    def _footer(self, canvas: Canvas, area: QRectF, index: int, count: int) -> float:
        ctx = self.context
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        bottom_line = canvas.line_height(body)
        text = ""
        if ctx.call_team:
            text = "When to call your care team: " + "; ".join(ctx.call_team) + "."
        call_height = canvas.text_height(text, area.width(), body) if text else 0.0
        top = area.bottom() - bottom_line - call_height - 6
        canvas.line(area.left(), top, area.right(), top, 0.75)
        if text:
            canvas.wrapped(QRectF(area.left(), top + 3, area.width(), call_height + 2), text, body)
        y = area.bottom() - bottom_line
        footer = ctx.footer_within(lambda text: canvas.text_width(text, body) <= area.width() - 90)
        canvas.text(QRectF(area.left(), y, area.width() - 90, bottom_line), canvas.elide(footer, area.width() - 90, body), body)
        canvas.text(QRectF(area.right() - 90, y, 90.0, bottom_line), f"Page {index + 1} of {count}", bold,
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))
        return top

    def _grid(self, canvas: Canvas, grid: QRectF, monday: date) -> None:
        ctx = self.context
        schedule = ctx.schedule
        days = self.days_of(monday)
        week_appointments = [a for a in (*schedule.appointments, *schedule.missed) if a.start.date() in days]
        first_hour, last_hour = hour_range(week_appointments)
        if self.hours is not None:
            first_hour, last_hour = min(first_hour, self.hours[0]), max(last_hour, self.hours[1])
        first_hour = float(int(first_hour))  # the axis starts on a labelled hour: an 08:30 block sits below "08:00"
        bold = canvas.font(BODY_PT, bold=True)
        body = canvas.font(BODY_PT)
        column_width = (grid.width() - AXIS_WIDTH) / max(1, len(days))
        hours_top = grid.top() + DAY_HEADER
        axis, blocks = self._layout(canvas, grid, days, week_appointments, first_hour, last_hour)

        closed: list[tuple[float, str]] = []  # each closed day's column and label, drawn over the grid lines
        for column, day in enumerate(days):
            x = grid.left() + AXIS_WIDTH + column * column_width
            header = short_day(day)
            canvas.text(QRectF(x, grid.top() + 6, column_width, DAY_HEADER), header, bold,
                        int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop))
            reason = ctx.closed_label(day)
            if reason:
                shade = QRectF(x, hours_top, column_width, grid.bottom() - hours_top)
                canvas.fill(shade, QBrush(CLOSED_FILL))
                canvas.hatch(shade, Qt.BrushStyle.FDiagPattern, QColor("#c4c4c4"))
                closed.append((x, f"Closed: {reason}"))
        # Hour and half-hour lines, labelled on the axis. An hour that holds more text is taller, so labels may crowd:
        # the hours in which an appointment starts are labelled first, then the others, then the half hours of a
        # tall hour, each where it touches no label already placed nor runs under the grid (its line is still drawn).
        line_height = canvas.line_height(body)
        busy = {int(minutes_of(a.start) // 60) for a in week_appointments}
        steps = round((last_hour - first_hour) * 2)
        candidates: list[tuple[int, float, float]] = []  # priority, hour, y
        for step in range(steps + 1):
            hour = first_hour + step / 2
            y = axis.y(hour * 60)
            whole = hour == int(hour)
            canvas.line(grid.left() + AXIS_WIDTH - (4 if whole else 0), y, grid.right(), y, 0.5 if whole else 0.3,
                        QColor("#8a8a8a") if whole else QColor("#c8c8c8"), Qt.PenStyle.SolidLine if whole else Qt.PenStyle.DotLine)
            if step < steps and y + line_height <= grid.bottom():
                if whole:
                    candidates.append((0 if int(hour) in busy else 1, hour, y))
                elif axis.y((int(hour) + 1) * 60) - axis.y(int(hour) * 60) > 90:
                    candidates.append((2, hour, y))
        placed: list[float] = []
        for _, hour, y in sorted(candidates):
            if all(abs(y - other) >= line_height for other in placed):
                placed.append(y)
                whole = hour == int(hour)
                label = f"{int(hour):02d}:{'00' if whole else '30'}"
                canvas.text(QRectF(grid.left(), y - 1, AXIS_WIDTH - 8, 16), label, body if whole else canvas.font(BODY_PT, italic=True),
                            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))
        for column in range(len(days) + 1):
            x = grid.left() + AXIS_WIDTH + column * column_width
            canvas.line(x, grid.top(), x, grid.bottom(), 0.5, QColor("#8a8a8a"))
        canvas.line(grid.left() + AXIS_WIDTH, hours_top, grid.right(), hours_top, 1.0)
        for x, label in closed:  # on a white box above the hour lines: no line runs through the words
            label_height = canvas.text_height(label, column_width - 16, bold)  # the box's inner width
            box = QRectF(x + 4, hours_top + 6, column_width - 8, label_height + 8)
            canvas.fill(box, QBrush(QColor("white")))
            canvas.frame(box, 0.5, color=QColor("#777777"))
            canvas.wrapped(box.adjusted(4, 4, -4, -4), label, bold)
        # Appointments.
        for rect, appointment in blocks:
            self._block(canvas, rect, appointment)

    def _layout(self, canvas: Canvas, grid: QRectF, days: list[date], week_appointments: list[Appointment],
                first_hour: float, last_hour: float) -> tuple[TimeAxis, list[tuple[QRectF, Appointment]]]:
        """The time axis and each appointment's block on it. Each block starts at its own time: the axis gives
        each appointment's minutes the room its text needs (the empty hours share the rest), else the room
        until the next block of its day, so a block grown past its end never pushes the next one down."""
        line_height = canvas.line_height(canvas.font(BODY_PT))
        column_width = (grid.width() - AXIS_WIDTH) / max(1, len(days))
        hours_top = grid.top() + DAY_HEADER
        first, last = first_hour * 60, last_hour * 60
        placed: list[tuple[float, float, Appointment, float, float, float, float]] = []  # x, width, a, start, end, next, needed
        for column, day in enumerate(days):
            x = grid.left() + AXIS_WIDTH + column * column_width
            placements = lanes([a for a in week_appointments if a.start.date() == day])
            for appointment, lane, count in placements:
                width = (column_width - 6) / count
                start = minutes_of(appointment.start)
                end = minutes_of(appointment.end) if appointment.end.date() == day else 24 * 60
                following = min((minutes_of(other.start) for other, other_lane, _ in placements
                                 if other_lane == lane and other.start > appointment.start), default=last)
                needed = len(self._block_lines(canvas, width - 9, appointment)) * line_height + 4
                placed.append((x + 3 + lane * width, width - 2, appointment, start, end, following, needed))
        height = grid.bottom() - hours_top
        exact = stretched_axis(hours_top, height, first, last, [Span(p[3], p[4], p[6] + 1) for p in placed])
        axis = exact or stretched_axis(hours_top, height, first, last, [Span(p[3], p[5], p[6] + 1) for p in placed])
        stacked = axis is None  # more text than the page holds even packed: an even axis, each block below the one
        if axis is None:        # before it in its lane (late, but whole and apart) rather than over it
            axis = TimeAxis((first, last), (hours_top, grid.bottom()))
        blocks: list[tuple[QRectF, Appointment]] = []
        below: dict[float, float] = {}  # a lane's x: the bottom of its last block
        for x, width, appointment, start, end, _, needed in placed:
            top = max(axis.y(start), below.get(x, hours_top) + 1) if stacked else axis.y(start)
            rect = QRectF(x, top, width, max(axis.y(end) - top - 1, needed))
            below[x] = rect.bottom()
            blocks.append((rect, appointment))
        return axis, blocks

    def _block(self, canvas: Canvas, rect: QRectF, appointment: Appointment) -> None:
        """Time and title always (the title wraps rather than being cut), then the notes and the booked
        machine, every line (the block grew to hold them); the location and the timed preparation are
        printed whole once for the page, under the header and under the grid."""
        _draw_block_box(canvas, rect, appointment.kind)
        if appointment.missed:
            canvas.fill(rect, QBrush(QColor("white")))
            canvas.hatch(rect, Qt.BrushStyle.DiagCrossPattern, QColor("#d0d0d0"))
            canvas.frame(rect, 0.75, Qt.PenStyle.DashLine, QColor("#555555"))
        inner = rect.adjusted(4, 2, -3, -2)
        line_height = canvas.line_height(canvas.font(BODY_PT))
        y = inner.top()
        for text, font in self._block_lines(canvas, inner.width(), appointment):
            canvas.text(QRectF(inner.left(), y, inner.width(), line_height), canvas.elide(text, inner.width(), font), font)
            y += line_height

    def _block_lines(self, canvas: Canvas, width: float, appointment: Appointment) -> list[tuple[str, QFont]]:
        ctx = self.context
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        clock = f"{appointment.start:%H:%M}–{appointment.end:%H:%M}"
        name = title(appointment, ctx.discreet)
        keep_together = name.replace(" of ", "\u00a0of\u00a0")  # "25 of 40" never splits
        if appointment.missed:  # "Missed" on a line of its own, so the fraction's number is never cut
            lines = [("Missed", bold), (clock, bold)] + [(text, bold) for text in canvas.wrap_lines(keep_together, width, bold, TITLE_LINES)]
        elif canvas.text_width(f"{clock}  {name}", bold) <= width:
            lines = [(f"{clock}  {name}", bold)]
        else:
            lines = [(clock, bold)] + [(text, bold) for text in canvas.wrap_lines(keep_together, width, bold, TITLE_LINES)]
        notes = appointment_notes(appointment, ctx.schedule.phase_count)
        if notes and not appointment.missed:
            lines.append((notes.capitalize(), body))
        if appointment.missed:
            return lines
        machine = ctx.machine_of(appointment)  # the location is the page's, under the header (`where_line`)
        if machine:
            lines += [(text, body) for text in canvas.wrap_lines(machine, width, body, MACHINE_LINES)]
        said = ctx.rebooked_of(appointment)  # why a downtime or closure re-booked it, in the patient's words
        if said:
            italic = canvas.font(BODY_PT, italic=True)
            lines += [(text, italic) for text in canvas.wrap_lines(said, width, italic, REBOOKED_LINES)]
        return lines


MACHINE_LINES = 4  # a treatment room's name of 40-odd letters wraps whole in a day's narrow column, of a 7-day week too
REBOOKED_LINES = 6  # lines at most of a block's "why it was moved", in a day's narrow column

_PREP_FOR = {AppointmentKind.SIMULATION: "the planning scan", AppointmentKind.FRACTION: "each treatment session",
             AppointmentKind.REVIEW: "each review", AppointmentKind.FOLLOW_UP: "the follow-up visit"}


# Discreet, as on the course sheet: the fractions are the numbered appointments ("Clinic appointment 3 of 20").
_PREP_FOR_DISCREET = {True: "each numbered appointment", False: "each appointment"}


def _legend_label(kind: AppointmentKind, discreet: bool) -> str:
    if discreet:
        return "Numbered appointment" if kind is AppointmentKind.FRACTION else "Other appointment"
    return {AppointmentKind.SIMULATION: "Planning scan", AppointmentKind.FRACTION: "Radiotherapy",
            AppointmentKind.REVIEW: "Review", AppointmentKind.FOLLOW_UP: "Follow-up"}[kind]


def _draw_block_box(canvas: Canvas, rect: QRectF, kind: AppointmentKind) -> None:
    style = KIND_STYLES[kind]
    canvas.fill(rect, QBrush(style.fill))
    if style.pattern is not Qt.BrushStyle.NoBrush:
        canvas.hatch(rect, style.pattern, QColor("#b0b0b0"))
    canvas.frame(rect, style.border_pt, style.border)
