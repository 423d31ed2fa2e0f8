"""The course sheet: every appointment in a table, then preparation, missed sessions, when to
call, and the contact block. Portrait, one to three pages."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor

from ...core.kinds import AppointmentKind
from ...core.schedule import Appointment
from ...core.text import counted
from ...wording import phase_label, reminder_line, shown_reminders
from ..formats import day_text
from ..week_layout import CLOSED_FILL, KIND_STYLES
from .canvas import BODY_PT, HEADING_PT, Canvas
from .context import PrintContext

MARGIN = 40.0
# The date as the planner writes it ("Mon 11 Jan 2027"), never the locale's "11/01/2027" (11 Jan or 1 Nov?).
COLUMNS = (("Date", 0.28), ("Time", 0.19), ("Appointment", 0.38), ("No.", 0.15))
APPOINTMENT_LINES = 3  # of a row's Appointment cell: the kind and the machine's name
_PREP_HEADINGS = {
    AppointmentKind.SIMULATION: "Before the planning scan",
    AppointmentKind.FRACTION: "Before each treatment session",
    AppointmentKind.REVIEW: "Before each review",
    AppointmentKind.FOLLOW_UP: "Before the follow-up visit",
}


@dataclass
class _Item:
    height: float
    draw: Callable[[Canvas, float, float, float], None]  # canvas, x, y, width
    keep_with_next: bool = False
    table_row: bool = False


class SheetDocument:
    landscape = False

    @property
    def discreet(self) -> bool:
        return self.context.discreet

    def __init__(self, context: PrintContext) -> None:
        self.context = context
        self.pages: list[list[_Item]] = []

    # ------------------------------------------------------------------ flow
    def paginate(self, canvas: Canvas, page: QRectF) -> int:
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        usable = area.height() - self._footer_height(canvas)
        items = self._items(canvas, area.width())
        header = self._table_header(canvas)
        pages: list[list[_Item]] = [[]]
        used = 0.0
        index = 0
        while index < len(items):
            item = items[index]
            group = [item]
            while group[-1].keep_with_next and index + len(group) < len(items):  # a phase's heading, its row, its note
                group.append(items[index + len(group)])
            need = sum(i.height for i in group)
            if used + need > usable and pages[-1]:
                pages.append([])
                used = 0.0
                if item.table_row:
                    pages[-1].append(header)
                    used += header.height
            pages[-1].extend(group)
            used += need
            index += len(group)
        self.pages = pages
        return len(pages)

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None:
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        y = area.top()
        for item in self.pages[index]:
            item.draw(canvas, area.left(), y, area.width())
            y += item.height
        self._footer(canvas, area, index, count)

    # ------------------------------------------------------------------ pieces
    def _items(self, canvas: Canvas, width: float) -> list[_Item]:
        ctx = self.context
        items = [self._title(canvas, width), self._table_header(canvas)]
        schedule = ctx.schedule
        rows = sorted((*schedule.appointments, *schedule.missed), key=lambda a: (a.start, not a.missed))
        closed = self._closed_days()
        phase = 0
        for row in rows:
            while closed and closed[0][0] < row.start.date():
                items.append(self._closed_row(canvas, *closed.pop(0)))
            if schedule.phase_count > 1 and row.kind is AppointmentKind.FRACTION and row.phase != phase:
                phase = row.phase
                items.append(self._phase_row(canvas, phase_label(phase, schedule.phase_count).capitalize()))
            items.append(self._row(canvas, row, width))
            said = ctx.rebooked_of(row)
            if said:  # why a downtime or closure re-booked it, in the patient's words, under its row, on its page
                items[-1].keep_with_next = True
                items.append(self._note_row(canvas, said, width))
        items.append(_Item(14, lambda c, x, y, w: None))
        shown: set[str] = set()
        for kind in (AppointmentKind.SIMULATION, AppointmentKind.FRACTION, AppointmentKind.REVIEW, AppointmentKind.FOLLOW_UP):
            appointment = next((a for a in ctx.schedule.appointments if a.kind is kind), None)
            reminders = shown_reminders(appointment.reminders, ctx.discreet) if appointment is not None else []
            if not reminders:
                continue
            heading = _PREP_HEADINGS[kind]
            if ctx.discreet:  # no "treatment session": the fractions are the numbered appointments
                heading = "Before each numbered appointment" if kind is AppointmentKind.FRACTION else "Before each appointment"
            if heading in shown:
                continue
            shown.add(heading)
            items.append(self._heading(canvas, heading))
            items += [self._bullet(canvas, reminder_line(r, ctx.discreet), width) for r in reminders]
        if ctx.missed_session:
            items.append(self._heading(canvas, "If you miss a session"))
            items.append(self._paragraph(canvas, ctx.missed_session, width))
        if ctx.call_team:
            items.append(self._heading(canvas, "When to call your care team"))
            items += [self._bullet(canvas, text, width) for text in ctx.call_team]
        contact = [p for p in (ctx.clinic_name, ctx.clinic_address, f"Phone: {ctx.clinic_phone}" if ctx.clinic_phone else "",
                               f"Where: {ctx.location}" if ctx.location and ctx.location != ctx.clinic_address else "") if p]
        if contact:
            items.append(self._heading(canvas, "Contact"))
            items += [self._paragraph(canvas, line, width) for line in contact]
        return items

    def _title(self, canvas: Canvas, width: float) -> _Item:
        ctx = self.context
        big = canvas.font(HEADING_PT + 3, bold=True)
        bold = canvas.font(BODY_PT, bold=True)
        body = canvas.font(BODY_PT)
        schedule = ctx.schedule
        first, last = schedule.first_fraction.start.date(), schedule.last_fraction.start.date()
        count = len(schedule.fractions)
        noun = "appointment" if ctx.discreet else "treatment session"
        summary = (f"{count} {noun}{'s' if count != 1 else ''}, from {day_text(first)} to {day_text(last)}"
                   if count > 1 else f"1 {noun}, on {day_text(first)}")
        # A discreet sheet does not sum up the days: "(two a day)" tells a hyperfractionated course; its table lists each.
        if schedule.treatment_days != count and not ctx.discreet:
            per_day = Counter(f.start.date() for f in schedule.fractions)
            doubled = sum(1 for n in per_day.values() if n > 1)  # a moved or made-up session beside the day's own
            two = "two a day" if doubled == len(per_day) else f"two on {counted(doubled, 'day')}"
            summary += f", on {counted(schedule.treatment_days, 'day')} ({two})"
        if schedule.phase_count > 1:
            summary += f", in {schedule.phase_count} phases"
        heading = "Your appointments" if ctx.discreet else "Your radiotherapy appointments"
        lines = [(heading, big), (ctx.patient_name, bold)]
        if ctx.site_name:
            lines.append((ctx.site_name, body))
        lines.append((summary, body))
        if zone := ctx.zone_line():
            lines.append((zone, canvas.font(BODY_PT, bold=True)))
        contact = ctx.contact_line()
        if contact:
            lines.append((contact, body))
        heights = [canvas.text_height(text, width, font) for text, font in lines if text]

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            for text, font in lines:
                if text:
                    y += c.wrapped(QRectF(x, y, w, 200), text, font)
            c.line(x, y + 4, x + w, y + 4, 1.0)

        return _Item(sum(heights) + 12, draw)

    def _table_header(self, canvas: Canvas) -> _Item:
        bold = canvas.font(BODY_PT, bold=True)
        height = canvas.line_height(bold) + 6

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            c.fill(QRectF(x, y, w, height), QBrush(QColor("#dcdcdc")))
            cursor = x
            for name, share in COLUMNS:
                c.text(QRectF(cursor + 4, y + 3, w * share - 6, height), name, bold)
                cursor += w * share
            c.line(x, y + height, x + w, y + height, 1.0)

        return _Item(height, draw, keep_with_next=True)

    def _row(self, canvas: Canvas, appointment: Appointment, width: float) -> _Item:
        """One appointment's row; its Appointment cell wraps (the machine's name after the kind: 'Treatment, TrueBeam
        HyperArc …' hid which room), up to APPOINTMENT_LINES lines, and the row grows to hold it."""
        ctx = self.context
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        day = appointment.start.date()
        number = f"{appointment.number} of {appointment.total}" if appointment.kind is AppointmentKind.FRACTION else ""
        label = ctx.kind_label(appointment)
        if appointment.missed:
            label = f"Missed: {label.lower()}"
        elif appointment.make_up:
            label += " (make-up)"
        machine = ctx.machine_of(appointment) if ctx.sheet_names_machine else ""
        if machine and not appointment.missed:
            label += f", {machine}"
        cells = [day_text(day), f"{appointment.start:%H:%M}–{appointment.end:%H:%M}", label, number]
        strong = appointment.kind is not AppointmentKind.FRACTION
        font = bold if strong else body
        label_lines = canvas.wrap_lines(label, width * COLUMNS[2][1] - 8, font, APPOINTMENT_LINES) or [""]
        spacing = canvas.line_height(body)
        height = spacing * len(label_lines) + 3

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            style = KIND_STYLES[appointment.kind]
            marker = QRectF(x, y + 2, 4, height - 4)
            c.fill(marker, QBrush(style.fill.darker(160)))
            cursor = x
            for column, ((_, share), text) in enumerate(zip(COLUMNS, cells, strict=True)):
                parts = label_lines if column == 2 else [c.elide(text, w * share - 8, font)]
                for k, part in enumerate(parts):
                    c.text(QRectF(cursor + 6, y + 1 + k * spacing, w * share - 8, spacing + 3), part, font)
                cursor += w * share
            if appointment.missed:  # struck through: planned, not given
                c.line(x + 6, y + spacing / 2 + 1.5, x + w * (1 - COLUMNS[-1][1]), y + height / 2, 0.5, QColor("#555555"))
            c.line(x, y + height, x + w, y + height, 0.3, QColor("#9a9a9a"))

        return _Item(height, draw, table_row=True)

    def _closed_days(self) -> list[tuple[date, str]]:
        """The clinic closures (a department's too: snow, a power cut) between the course's first and last fraction, each
        with its label ('Clinic closure (snow)'; a discreet sheet's without the note): the day the patient is not
        treated, said where it falls, as the week shades it. Public holidays are the patient's own to know."""
        ctx = self.context
        calendar = ctx.schedule.request.calendar
        first, last = ctx.schedule.first_fraction.start.date(), ctx.schedule.last_fraction.start.date()
        days = []
        for day in sorted(d for d in calendar.closures if first < d < last):
            label = ctx.closed_label(day)
            if label is not None:
                days.append((day, label))
        return days

    def _closed_row(self, canvas: Canvas, day: date, label: str) -> _Item:
        """A closed day's row in the table, shaded as the week print shades it: 'Thu 28 Mar 2030 · Closed: Clinic closure (snow)'."""
        italic = canvas.font(BODY_PT, italic=True)
        height = canvas.line_height(italic) + 3
        cells = (day_text(day), "", f"Closed: {label}", "")

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            row = QRectF(x, y, w, height)
            c.fill(row, QBrush(CLOSED_FILL))
            c.hatch(QRectF(x, y + 2, 4, height - 4), Qt.BrushStyle.FDiagPattern, QColor("#9a9a9a"))
            cursor = x
            for (_, share), text in zip(COLUMNS, cells, strict=True):
                width = w * share - 8 if share != COLUMNS[2][1] else w * (COLUMNS[2][1] + COLUMNS[3][1]) - 8
                if text:
                    c.text(QRectF(cursor + 6, y + 1, width, height), c.elide(text, width, italic), italic)
                cursor += w * share
            c.line(x, y + height, x + w, y + height, 0.3, QColor("#9a9a9a"))

        return _Item(height, draw, table_row=True)

    def _note_row(self, canvas: Canvas, text: str, width: float) -> _Item:
        """A line under an appointment's row, from its Appointment column on, wrapped: why it was re-booked."""
        italic = canvas.font(BODY_PT - 1, italic=True)
        indent = width * (COLUMNS[0][1] + COLUMNS[1][1]) + 6
        height = canvas.text_height(text, width - indent - 2, italic) + 3

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            c.wrapped(QRectF(x + indent, y, w - indent - 2, height + 4), text, italic)
            c.line(x, y + height, x + w, y + height, 0.3, QColor("#9a9a9a"))

        return _Item(height, draw, table_row=True)

    def _phase_row(self, canvas: Canvas, text: str) -> _Item:
        bold = canvas.font(BODY_PT, bold=True)
        height = canvas.line_height(bold) + 5

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            c.fill(QRectF(x, y, w, height), QBrush(QColor("#f0f0f0")))
            c.text(QRectF(x + 6, y + 2, w - 8, height), text, bold)
            c.line(x, y + height, x + w, y + height, 0.3, QColor("#9a9a9a"))

        return _Item(height, draw, keep_with_next=True, table_row=True)

    def _heading(self, canvas: Canvas, text: str) -> _Item:
        font = canvas.font(BODY_PT + 2, bold=True)
        height = canvas.line_height(font) + 8
        return _Item(height, lambda c, x, y, w: c.text(QRectF(x, y + 6, w, height), text, font), keep_with_next=True)

    def _paragraph(self, canvas: Canvas, text: str, width: float) -> _Item:
        body = canvas.font(BODY_PT)
        height = canvas.text_height(text, width, body) + 2

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            c.wrapped(QRectF(x, y, w, height + 4), text, body)

        return _Item(height, draw)

    def _bullet(self, canvas: Canvas, text: str, width: float) -> _Item:
        body = canvas.font(BODY_PT)
        indent = 14.0
        height = canvas.text_height(text, width - indent, body) + 2

        def draw(c: Canvas, x: float, y: float, w: float) -> None:
            c.text(QRectF(x + 2, y, indent, height), "•", body)
            c.wrapped(QRectF(x + indent, y, w - indent, height + 4), text, body)

        return _Item(height, draw)

    def _footer_height(self, canvas: Canvas) -> float:
        return canvas.line_height(canvas.font(BODY_PT)) + 10

    def _footer(self, canvas: Canvas, area: QRectF, index: int, count: int) -> None:
        ctx = self.context
        body = canvas.font(BODY_PT)
        height = canvas.line_height(body)
        y = area.bottom() - height
        canvas.line(area.left(), y - 4, area.right(), y - 4, 0.5)
        footer = ctx.footer_within(lambda text: canvas.text_width(text, body) <= area.width() - 90)
        canvas.text(QRectF(area.left(), y, area.width() - 90, height), canvas.elide(footer, area.width() - 90, body), body)
        canvas.text(QRectF(area.right() - 90, y, 90.0, height), f"Page {index + 1} of {count}", body,
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))
