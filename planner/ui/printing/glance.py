"""The course at a glance: up to four weeks on one portrait page, each day a box listing its
appointments. For short courses, where a page per week wastes paper (five fractions used to take
three pages, one holding only a Friday)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...core.kinds import AppointmentKind
from ...core.schedule import Appointment
from ...wording import appointment_notes, more_this_day, title
from ..formats import short_day
from ..week_layout import CLOSED_FILL, KIND_STYLES
from .canvas import BODY_PT, HEADING_PT, Canvas
from .context import PrintContext, skipped_weeks

MARGIN = 36.0
WEEKS_PER_PAGE = 4
BOX_PAD = 2.0  # between an appointment's box and its text: narrow, so a 7-day week on A4 keeps whole words


class GlanceDocument:
    """Weeks (given by their Mondays) four to a page; `week_days` 5 or 7 columns, None: the clinic's treatment
    days decide (Monday to Friday when the clinic treats on no other day and no appointment falls on a weekend)."""

    landscape = False

    @property
    def discreet(self) -> bool:
        return self.context.discreet

    def __init__(self, context: PrintContext, mondays: list[date], week_days: int | None = 7) -> None:
        self.context = context
        self.mondays = mondays
        self._pages: list[list[int]] = []
        if week_days is None:
            schedule = context.schedule
            days = {*schedule.request.calendar.treatment_days,
                    *(a.start.weekday() for a in (*schedule.appointments, *schedule.missed))}
            week_days = 5 if days <= set(range(5)) else 7
        self.week_days = 5 if week_days == 5 else 7

    def paginate(self, canvas: Canvas, page: QRectF) -> int:
        self._pages = self._paged(canvas, page)
        return len(self._pages)

    def _paged(self, canvas: Canvas, page: QRectF) -> list[list[int]]:
        """The weeks (by index) on each page: up to four, fewer when a week needs a taller row to show every
        appointment of its days (it said '…more on the sheet', a sheet the patient may never have had)."""
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        room = self._rows_bottom(canvas, area) - self._header(canvas, area, draw=False)
        pages: list[list[int]] = [[]]
        used = 0.0
        for index, monday in enumerate(self.mondays):
            needed = self._gap_height(canvas, area, index) + self._week(canvas, QRectF(area.left(), 0, area.width(), 1e6),
                                                                        monday, draw=False) + 6
            if pages[-1] and (len(pages[-1]) == WEEKS_PER_PAGE or used + needed > room):
                pages.append([])
                used = 0.0
            pages[-1].append(index)
            used += needed
        return pages

    def _gap_height(self, canvas: Canvas, area: QRectF, index: int) -> float:
        line = skipped_weeks(self.context.schedule, self.mondays, index)
        return canvas.text_height(line, area.width(), canvas.font(BODY_PT, bold=True)) + 4 if line else 0.0

    def _rows_bottom(self, canvas: Canvas, area: QRectF) -> float:
        return area.bottom() - canvas.line_height(canvas.font(BODY_PT)) - 8

    def _header(self, canvas: Canvas, area: QRectF, draw: bool = True) -> float:
        """The patient, the clinic and where to go, at the top of each page; returns where the weeks start."""
        ctx = self.context
        big = canvas.font(HEADING_PT, bold=True)
        body = canvas.font(BODY_PT)
        lines = canvas.name_lines(ctx.patient_name or "Appointments", area.width(), big)
        for k, text in enumerate(lines if draw else []):
            canvas.text(QRectF(area.left(), area.top() + k * canvas.line_height(big), area.width(), 22), text, big)
        y = area.top() + canvas.line_height(big) * len(lines) + 2
        contact = ctx.contact_line()
        phone = f"Phone {ctx.clinic_phone}"
        if ctx.clinic_phone and canvas.text_width(phone, body) <= area.width():  # the number kept on one line
            contact = contact.replace(phone, phone.replace(" ", "\u00a0"))
        subtitle = " · ".join(p for p in (ctx.site_name, "Your appointments at a glance", contact) if p)
        # Wrapped, never elided nor cut at a line count: the clinic's phone number is the line's last and most
        # needed part ('… or after hours +1 (212) 555-0199 (on-' lost the rest of a long one).
        for text in (subtitle, ctx.where_line(), ctx.zone_line()):  # where to go, as the week says it: the glance named no place
            if not text:
                continue
            rect = QRectF(area.left(), y, area.width(), area.height() / 4)
            y += (canvas.wrapped(rect, text, body) if draw else canvas.text_height(text, area.width(), body)) + 4
        return y

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None:
        ctx = self.context
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        pages = self._pages or self._paged(canvas, page)
        y = self._header(canvas, area)
        rows_bottom = self._rows_bottom(canvas, area)
        weeks = pages[index]
        gaps = [self._gap_height(canvas, area, at) for at in weeks]
        box = QRectF(area.left(), 0, area.width(), 1e6)
        needed = [self._week(canvas, box, self.mondays[at], draw=False) + 6 for at in weeks]
        room = rows_bottom - y - sum(gaps)
        # Four even rows as always when each week fits its quarter; else each row its own height, the rest shared.
        even = room / WEEKS_PER_PAGE
        heights = [even] * len(weeks) if all(n <= even for n in needed) else \
            [n + max(0.0, room - sum(needed)) / len(weeks) for n in needed]
        for at, gap, height in zip(weeks, gaps, heights, strict=True):
            if gap:  # where the print passes over weeks: 'No appointments from … to … (2 weeks)'
                canvas.wrapped(QRectF(area.left(), y, area.width(), gap), skipped_weeks(ctx.schedule, self.mondays, at), bold)
                y += gap
            self._week(canvas, QRectF(area.left(), y, area.width(), min(height, rows_bottom - y) - 6), self.mondays[at])
            y += height
        bottom = area.bottom() - canvas.line_height(body)
        canvas.line(area.left(), bottom - 4, area.right(), bottom - 4, 0.5)
        footer_text = ctx.footer_within(lambda text: canvas.text_width(text, body) <= area.width() - 90)
        canvas.text(QRectF(area.left(), bottom, area.width() - 90, 16), canvas.elide(footer_text, area.width() - 90, body), body)
        canvas.text(QRectF(area.right() - 90, bottom, 90.0, 16), f"Page {index + 1} of {count}", body,
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))

    def _week(self, canvas: Canvas, box: QRectF, monday: date, draw: bool = True) -> float:
        """Draws the week's row in `box` (or with `draw` False only measures it); returns the height its fullest day needs."""
        ctx = self.context
        bold = canvas.font(BODY_PT, bold=True)
        small = canvas.font(BODY_PT)
        shown = (*ctx.schedule.appointments, *ctx.schedule.missed)  # a missed session is said, as the week and the sheet say it
        busy = {a.start.date() for a in shown}
        days = [monday + timedelta(days=i) for i in range(7)]
        days = [d for d in days if d.weekday() < self.week_days or d in busy]
        width = box.width() / max(1, len(days))
        labels, heading_font = heading_labels(canvas, days, width - 6)
        header = canvas.line_height(bold) + 4
        line = canvas.line_height(small)
        needed = 0.0
        for column, day in enumerate(days):
            cell = QRectF(box.left() + column * width, box.top(), width, box.height())
            reason = ctx.closed_label(day)
            if draw:
                if reason:
                    canvas.fill(cell, QBrush(CLOSED_FILL))
                canvas.frame(cell, 0.5, color=QColor("#777777"))
                canvas.text(QRectF(cell.left() + 3, cell.top() + 2, width - 6, header),
                            canvas.elide(labels[column], width - 6, heading_font), heading_font)
            y = cell.top() + header
            if reason:
                # "Closed" alone rather than a holiday's name running into the next day ("Thanksgiving" on A4)
                for text in fitted(canvas, (f"Closed: {reason}", "Closed"), width - 6, small, 3):
                    if draw:
                        canvas.text(QRectF(cell.left() + 3, y, width - 6, line), text, small)
                    y += line
            inner = width - 4 - 2 * BOX_PAD  # the text's width inside a box
            todays = sorted((a for a in shown if a.start.date() == day), key=lambda a: a.start)
            for number, appointment in enumerate(todays):
                lines = self.box_lines(canvas, appointment, inner)
                block = QRectF(cell.left() + 2, y, width - 4, len(lines) * line + 3)
                if draw and block.bottom() > cell.bottom():  # a week taller than a whole page: say how many are left out
                    left = len(todays) - number
                    more = fitted(canvas, more_this_day(left), width - 6, small, 3)
                    for offset, text in enumerate(more):
                        canvas.text(QRectF(cell.left() + 3, cell.bottom() - (len(more) - offset) * line - 1, width - 6, line),
                                    text, small)
                    break
                if draw:
                    self._box(canvas, block, appointment, lines, inner, line)
                y = block.bottom() + 3
            needed = max(needed, y - cell.top())
        return needed

    def _box(self, canvas: Canvas, block: QRectF, appointment: Appointment, lines: list[tuple[str, QFont]], inner: float,
             line: float) -> None:
        style = KIND_STYLES[appointment.kind]
        if appointment.missed:  # crossed out and dashed, as on the week: no session was given
            canvas.fill(block, QBrush(QColor("white")))
            canvas.hatch(block, Qt.BrushStyle.DiagCrossPattern, QColor("#d0d0d0"))
            canvas.frame(block, 0.75, Qt.PenStyle.DashLine, QColor("#555555"))
        else:
            canvas.fill(block, QBrush(style.fill))
            canvas.frame(block, 0.75, style.border)
        for offset, (text, font) in enumerate(lines):
            canvas.text(QRectF(block.left() + BOX_PAD, block.top() + 1 + offset * line, inner, line),
                        canvas.elide(text, inner, font), font)

    def box_lines(self, canvas: Canvas, appointment: Appointment, width: float) -> list[tuple[str, QFont]]:
        """An appointment's box: its time, what it is in the fullest words whose every line fits whole
        ('Radiotherapy 3 of 20', else 'Treatment 3 of 20'), then its phase and make-up, never cut."""
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        clock = f"{appointment.start:%H:%M}–{appointment.end:%H:%M}"
        if canvas.text_width(clock, bold) > width:  # the start whole rather than "09:00–09…"
            clock = f"{appointment.start:%H:%M}"
        lines = [("Missed", bold)] if appointment.missed else []
        lines += [(clock, bold)]
        lines += [(text, body) for text in fitted(canvas, box_labels(appointment, self.context.discreet), width, body, 3)]
        notes = appointment_notes(appointment, self.context.schedule.phase_count)
        if notes:
            lines += [(text, body) for text in fitted(canvas, (_together(notes.capitalize()),), width, body, 3)]
        return lines


def heading_labels(canvas: Canvas, days: list[date], width: float) -> tuple[list[str], QFont]:
    """One week's day headings and their font, decided for the whole row so its days read alike:
    "Wed 16 Dec" in the body's bold, else in a smaller bold (down to 8 pt) where the whole row fits,
    else "Wed 16" throughout (never "Wed 16 …")."""
    full = [short_day(day) for day in days]
    for points in (BODY_PT, BODY_PT - 1, BODY_PT - 2, BODY_PT - 3):
        font = canvas.font(points, bold=True)
        if all(canvas.text_width(label, font) <= width for label in full):
            return full, font
    return [label.rsplit(" ", 1)[0] for label in full], canvas.font(BODY_PT, bold=True)


def _together(text: str) -> str:
    """'3 of 20', '(week 2)': the number stays with its words when a label wraps ('phase' / '2 of 3')."""
    return text.replace(" of ", "\u00a0of\u00a0").replace("week ", "week\u00a0")


def box_labels(appointment: Appointment, discreet: bool) -> tuple[str, ...]:
    """What a box may call the appointment, fullest first: a narrow column takes the first that fits.
    Discreet wording names no treatment ('Clinic appointment 3 of 20', at the narrowest 'Visit 3 of 20')."""
    number = f" {appointment.number} of {appointment.total}" if appointment.kind is AppointmentKind.FRACTION else ""
    if discreet:
        labels: tuple[str, ...] = (title(appointment, True), f"Appointment{number}", f"Visit{number}")
    else:
        short = {AppointmentKind.SIMULATION: "Planning scan", AppointmentKind.FRACTION: f"Treatment{number}",
                 AppointmentKind.REVIEW: f"Review (week {appointment.number})", AppointmentKind.FOLLOW_UP: "Follow-up visit"}
        labels = (title(appointment), short[appointment.kind])
    return tuple(_together(label) for label in labels)


def fitted(canvas: Canvas, labels: tuple[str, ...], width: float, font: QFont, max_lines: int) -> list[str]:
    """The first of `labels` that wraps into `max_lines` lines each `width` wide without cutting a word;
    the last one wrapped (and, past all hope, elided) when none does."""
    for label in labels:
        lines = canvas.wrap_lines(label, width, font, max_lines)
        if "".join(lines).replace(" ", "") == label.replace(" ", "") and all(canvas.text_width(t, font) <= width for t in lines):
            return lines
    return canvas.wrap_lines(labels[-1], width, font, max_lines)
