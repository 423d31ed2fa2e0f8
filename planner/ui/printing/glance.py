"""The course at a glance: up to four weeks on one portrait page, each day a box listing its
appointments. For short courses, where a page per week wastes paper (five fractions used to take
three pages, one holding only a Friday)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor

from ...wording import title
from ..week_layout import CLOSED_FILL, KIND_STYLES
from .canvas import BODY_PT, HEADING_PT, Canvas
from .context import PrintContext

MARGIN = 36.0
WEEKS_PER_PAGE = 4
SMALL_PT = BODY_PT - 1


class GlanceDocument:
    """Weeks (given by their Mondays) four to a page; `week_days` 5 or 7 columns."""

    landscape = False

    @property
    def discreet(self) -> bool:
        return self.context.discreet

    def __init__(self, context: PrintContext, mondays: list[date], week_days: int = 7) -> None:
        self.context = context
        self.mondays = mondays
        self.week_days = 5 if week_days == 5 else 7

    def paginate(self, canvas: Canvas, page: QRectF) -> int:
        return max(1, -(-len(self.mondays) // WEEKS_PER_PAGE))

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None:
        ctx = self.context
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        big = canvas.font(HEADING_PT, bold=True)
        body = canvas.font(BODY_PT)
        canvas.text(QRectF(area.left(), area.top(), area.width(), 22), canvas.elide(ctx.patient_name or "Appointments", area.width(), big), big)
        y = area.top() + canvas.line_height(big) + 2
        contact = ctx.contact_line()
        if ctx.clinic_phone:  # the number kept on one line
            contact = contact.replace(f"Phone {ctx.clinic_phone}", "Phone\u00a0" + ctx.clinic_phone.replace(" ", "\u00a0"))
        subtitle = " · ".join(p for p in (ctx.site_name, "Your appointments at a glance", contact) if p)
        # Wrapped, never elided: the clinic's phone number is the line's last and most needed part.
        y += canvas.wrapped(QRectF(area.left(), y, area.width(), 3 * canvas.line_height(body)), subtitle, body) + 4
        footer = canvas.line_height(body) + 8
        weeks = self.mondays[index * WEEKS_PER_PAGE:(index + 1) * WEEKS_PER_PAGE]
        height = (area.bottom() - footer - y) / WEEKS_PER_PAGE
        for row, monday in enumerate(weeks):
            self._week(canvas, QRectF(area.left(), y + row * height, area.width(), height - 6), monday)
        bottom = area.bottom() - canvas.line_height(body)
        canvas.line(area.left(), bottom - 4, area.right(), bottom - 4, 0.5)
        footer_text = ctx.footer_within(lambda text: canvas.text_width(text, body) <= area.width() - 90)
        canvas.text(QRectF(area.left(), bottom, area.width() - 90, 16), canvas.elide(footer_text, area.width() - 90, body), body)
        canvas.text(QRectF(area.right() - 90, bottom, 90.0, 16), f"Page {index + 1} of {count}", body,
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop))

    def _week(self, canvas: Canvas, box: QRectF, monday: date) -> None:
        ctx = self.context
        calendar = ctx.schedule.request.calendar
        bold = canvas.font(BODY_PT, bold=True)
        small = canvas.font(SMALL_PT)
        small_bold = canvas.font(SMALL_PT, bold=True)
        busy = {a.start.date() for a in ctx.schedule.appointments}
        days = [monday + timedelta(days=i) for i in range(7)]
        days = [d for d in days if d.weekday() < self.week_days or d in busy]
        width = box.width() / max(1, len(days))
        header = canvas.line_height(bold) + 4
        for column, day in enumerate(days):
            cell = QRectF(box.left() + column * width, box.top(), width, box.height())
            reason = calendar.closure_name(day) if day.weekday() in calendar.treatment_days else None
            if reason:
                canvas.fill(cell, QBrush(CLOSED_FILL))
            canvas.frame(cell, 0.5, color=QColor("#777777"))
            label = f"{ctx.weekday(day, short=True)} {ctx.day_month(day)}"
            if canvas.text_width(label, bold) > width - 6:  # a narrow column: "Wed 16", never "Wed 16 …"
                label = f"{ctx.weekday(day, short=True)} {day.day}"
            canvas.text(QRectF(cell.left() + 3, cell.top() + 2, width - 6, header), canvas.elide(label, width - 6, bold), bold)
            y = cell.top() + header
            line = canvas.line_height(small)
            if reason:
                for text in canvas.wrap_lines(f"Closed: {reason}", width - 6, small, 3):
                    canvas.text(QRectF(cell.left() + 3, y, width - 6, line), text, small)
                    y += line
            for appointment in (a for a in ctx.schedule.appointments if a.start.date() == day):
                clock = f"{appointment.start:%H:%M}–{appointment.end:%H:%M}"
                if canvas.text_width(clock, small_bold) > width - 12:  # the start whole rather than "09:00–09…"
                    clock = f"{appointment.start:%H:%M}"
                lines = [(clock, small_bold)]
                lines += [(text, small) for text in canvas.wrap_lines(title(appointment, ctx.discreet), width - 12, small, 2)]
                block = QRectF(cell.left() + 3, y, width - 6, len(lines) * line + 3)
                if block.bottom() > cell.bottom():
                    canvas.text(QRectF(cell.left() + 3, cell.bottom() - line - 1, width - 6, line), "…more on the sheet", small)
                    break
                style = KIND_STYLES[appointment.kind]
                canvas.fill(block, QBrush(style.fill))
                canvas.frame(block, 0.75, style.border)
                for offset, (text, font) in enumerate(lines):
                    canvas.text(QRectF(block.left() + 3, block.top() + 1 + offset * line, width - 12, line),
                                canvas.elide(text, width - 12, font), font)
                y = block.bottom() + 3
