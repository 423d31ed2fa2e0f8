"""The treatment room's day list: per machine, every booking of the day in time order, and the
machine's downtime among them (when and why: a reason is no patient data). Portrait; a machine
starts on a fresh page when the previous one's list ran long, or always (`page_per_machine`: a sheet
for each treatment room, naming only its own patients). Discreet: initials only, and no kind
of appointment, so the sheet can lie on a desk patients walk past."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QTextLayout, QTextOption

from ...core.agenda import Agenda, AgendaEntry, MachineAgenda, Period, shown_patient
from ...core.kinds import AppointmentKind
from ...core.wall_clock import clock_text
from ...wording import KIND_LABELS, booking_note, moved_from_words
from ..formats import day_text
from .canvas import BODY_PT, HEADING_PT, Canvas

MARGIN = 40.0
ROW = 20.0
FOOTER = 24.0  # the page's footer line and the space above it
COLUMNS = (("Time", 0.17), ("Patient", 0.31), ("Hospital no.", 0.20), ("Session", 0.12), ("Kind", 0.20))
DISCREET_HIDES = ("Hospital no.", "Kind")  # initials only: nothing on the sheet identifies a patient or a treatment
WRAPPED = ("Time", "Patient", "Hospital no.")  # the identifiers checked at the door, and a time naming its run: never cut short
# Of a wrapped cell: a name of 100-odd letters (four lines of the patient's column) is printed whole; a longer text, e.g.
# hostile input of hundreds of letters, ends elided, so a row always fits on a page
MAX_LINES = 10


@dataclass(frozen=True)
class _Line:
    machine: str
    entry: AgendaEntry | None  # None: the machine's heading (or "nothing booked", or its downtime)
    empty: bool = False
    down: Period | None = None  # the machine's downtime on the day, cut to the day
    lines: int = 1  # a booking's row: the text lines of its tallest wrapped cell (see paginate)
    idle: tuple[str, ...] = ()  # a page each: the machines with nothing booked and no downtime, said on one line

    @property
    def heading(self) -> bool:
        return self.entry is None and not self.empty and self.down is None and not self.idle


def down_on(machine: MachineAgenda, day: date, agenda: Agenda) -> list[Period]:
    """The machine's downtime on `day`, each cut to the day (a fault over midnight shows on both days) and to the
    machine's opening hours that day, as the day view hatches it ('all day' reads 08:00–18:00, not 00:00–24:00)."""
    first = datetime.combine(day, time(0), tzinfo=agenda.tz)
    after = datetime.combine(day + timedelta(days=1), time(0), tzinfo=agenda.tz)
    spans = [(first, after)]
    opening = [(max(o.start, first), min(o.end, after)) for o in machine.open_hours if o.start < after and first < o.end]
    if opening:  # a day the machine is closed keeps the whole day: nothing is booked then anyway
        spans = opening
    cut = [Period(max(p.start, start), min(p.end, end), p.reason) for p in sorted(machine.downtime, key=lambda p: p.start)
           for start, end in spans if p.start < end and start < p.end]
    return sorted(cut, key=lambda p: p.start)


def down_texts(period: Period, agenda: Agenda) -> tuple[str, str]:
    """What a downtime row shows: its time on the day ('08:00–13:00', to '24:00' at midnight; 'All day' for the whole of
    a day the machine is closed, which read '00:00–24:00') and why."""
    start, end = period.start.astimezone(agenda.tz), period.end.astimezone(agenda.tz)
    if start.time() == time(0) and end.date() > start.date() and end.time() == time(0):
        when = "All day"
    else:
        when = f"{clock_text(start)}–24:00" if end.date() > start.date() else span_text(start, end)
    return when, "Machine down" + (f": {period.reason}" if period.reason else "")


def wrapped(canvas: Canvas, text: str, width: float, font: QFont) -> list[str]:
    """`text` in lines `width` points wide, broken at spaces, else anywhere (a hospital number may have
    none); at most MAX_LINES, the last elided."""
    layout = QTextLayout(text, font, canvas.painter.device())
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    lines: list[str] = []
    layout.beginLayout()
    try:
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width * canvas.scale)
            lines.append(text[line.textStart():line.textStart() + line.textLength()].strip())
    finally:
        layout.endLayout()
    if len(lines) > MAX_LINES:
        lines = [*lines[:MAX_LINES - 1], canvas.elide(" ".join(lines[MAX_LINES - 1:]), width, font)]
    return lines or [""]


def row_texts(entry: AgendaEntry, agenda: Agenda, discreet: bool) -> tuple[str, str, str, str, str]:
    """What one row shows: time, patient (initials when discreet), hospital number (the second
    identifier checked at the door; none when discreet), session k/N, kind (none when discreet)."""
    start, end = entry.start.astimezone(agenda.tz), entry.end.astimezone(agenda.tz)
    who = shown_patient(entry, discreet)
    number = "" if discreet else entry.hospital_number
    session = f"{entry.shown_number} / {entry.total}" if entry.kind is AppointmentKind.FRACTION else ""
    kind = "" if discreet else KIND_LABELS[entry.kind]
    return span_text(start, end), who, number, session, kind


def row_note(entry: AgendaEntry) -> str:
    """The line under a make-up's row: which session it replaces ('Make-up for the session missed on Tue 8 Dec 2026');
    under a missed session's, 'Missed, as marked on the course'; under a patient from another machine's list, where
    they usually come from ('From Linac 2, its usual machine'); empty for any other booking. It names no reason, site
    or treatment: a discreet sheet shows it too."""
    words = "; ".join(w for w in (booking_note(entry), moved_from_words(entry)) if w)
    return words[:1].upper() + words[1:]


def span_text(start: datetime, end: datetime) -> str:
    """'08:30–08:50'; in the hour the clocks repeat, the run's abbreviation once at the end ('01:10–01:30 GMT',
    wrapped under the times in the narrow column), or after each time when they differ."""
    shown = f"{start:%H:%M}–{end:%H:%M}"
    if clock_text(start) == f"{start:%H:%M}" and clock_text(end) == f"{end:%H:%M}":
        return shown
    if start.tzname() == end.tzname():
        return f"{shown} {start.tzname()}"
    return f"{start:%H:%M} {start.tzname()}–{end:%H:%M} {end.tzname()}"


class DayListDocument:
    landscape = False

    def __init__(self, agenda: Agenda, day: date, *, discreet: bool, clinic_name: str, printed_on: date,
                 page_per_machine: bool = False) -> None:
        self.agenda = agenda
        self.page_per_machine = page_per_machine
        self.day = day
        self.discreet = discreet
        self.clinic_name = clinic_name
        self.printed_on = printed_on
        self.pages: list[list[_Line]] = []

    def lines(self) -> list[_Line]:
        """Each machine's heading and rows. A page each for several machines: the machines with nothing booked and
        no downtime that day share one closing line ('Nothing booked on: Linac 3, Linac 4') rather than a page
        each saying 'Nothing booked.'; one machine asked for keeps its page."""
        lines: list[_Line] = []
        idle: list[str] = []
        gather = self.page_per_machine and len(self.agenda.machines) > 1
        for machine in self.agenda.machines:
            entries = machine.on(self.day, self.agenda.tz)
            down = down_on(machine, self.day, self.agenda)
            if gather and not entries and not down:
                idle.append(machine.name)
                continue
            lines.append(_Line(machine.name, None))
            rows = [(e.start, _Line(machine.name, e)) for e in entries]
            rows += [(p.start, _Line(machine.name, None, down=p)) for p in down]
            lines += [line for _, line in sorted(rows, key=lambda row: row[0].astimezone(UTC))]  # by instant, not by the clock
            if not entries:
                lines.append(_Line(machine.name, None, empty=True))
        if idle:
            lines.append(_Line("", None, idle=tuple(idle)))
        return lines

    def idle_words(self, machines: tuple[str, ...]) -> str:
        return f"Nothing booked on: {', '.join(machines)}."

    def paginate(self, canvas: Canvas, page: QRectF) -> int:
        """Rows laid out by the height each takes on paper (a long name wrapped onto three lines takes three lines,
        not three rows); a row never splits over pages, a heading never ends a page, a page starting inside a
        machine's list repeats its heading, and a page each starts each machine afresh."""
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        room = area.height() - self._header_height(canvas) - FOOTER
        sized: list[_Line] = []
        for line in self.lines():
            if line.entry is not None:
                line = replace(line, lines=self._lines_of(canvas, line.entry, area.width()))
            elif line.down is not None:
                line = replace(line, lines=len(max(self._down_cells(canvas, line.down, area.width()), key=len)))
            elif line.idle:
                line = replace(line, lines=len(wrapped(canvas, self.idle_words(line.idle), area.width(), canvas.font(BODY_PT))))
            sized.append(line)
        pages: list[list[_Line]] = [[]]
        used = 0.0
        for index, line in enumerate(sized):
            height = self._height(canvas, line)
            # a heading keeps its first row with it; the closing line of idle machines starts its own page
            needed = height + (self._height(canvas, sized[index + 1]) if line.heading and index + 1 < len(sized) else 0.0)
            own_page = self.page_per_machine and (line.heading or bool(line.idle))
            if pages[-1] and (own_page or used + needed > room):
                pages.append([])
                used = 0.0
            if not pages[-1] and not line.heading and not line.idle:
                heading = _Line(line.machine, None)  # repeat the machine's heading on a new page
                pages[-1].append(heading)
                used += self._height(canvas, heading)
            pages[-1].append(line)
            used += height
        self.pages = pages
        return len(pages)

    def _height(self, canvas: Canvas, line: _Line) -> float:
        """The points a line takes on the page, as render_page draws it."""
        if line.heading:
            return 2 * ROW + 2
        spacing = canvas.line_height(canvas.font(BODY_PT, bold=line.down is not None))
        return ROW + (line.lines - 1) * spacing

    def _lines_of(self, canvas: Canvas, entry: AgendaEntry, width: float) -> int:
        """The text lines of a booking's row: its patient's name or hospital number wrapped whole."""
        texts = row_texts(entry, self.agenda, self.discreet)
        body = canvas.font(BODY_PT)
        return max(len(wrapped(canvas, texts[column], width * share - 6, body))
                   for column, label, share in self._columns() if label in WRAPPED) + (1 if row_note(entry) else 0)

    def _down_cells(self, canvas: Canvas, period: Period, width: float) -> tuple[list[str], list[str]]:
        """A downtime row's two cells in lines, in bold: its time wrapped in the time column as a booking's is
        ('01:10–01:30' over 'GMT' in the repeated hour), its reason wrapped in the rest of the row."""
        when, why = down_texts(period, self.agenda)
        bold = canvas.font(BODY_PT, bold=True)
        first = width * COLUMNS[0][1]
        return wrapped(canvas, when, first - 6, bold), wrapped(canvas, why, width - first, bold)

    def _columns(self) -> list[tuple[int, str, float]]:
        """The columns this sheet shows (index into COLUMNS, heading, share of the width): a discreet
        sheet leaves out what DISCREET_HIDES names, the others keeping their widths (the time
        column lines up with a downtime's row)."""
        return [(k, label, share) for k, (label, share) in enumerate(COLUMNS) if not (self.discreet and label in DISCREET_HIDES)]

    def closed_words(self) -> str:
        """'The department is closed: Good Friday (public holiday, England)' on a day it is closed (discreet: a clinic
        closure without its note); 'No treatment on Saturdays: open 09:00–13:00 for weekend sessions only' on a weekday
        the department books only in its weekend hours; else empty."""
        closed = self.agenda.closed(self.day)
        weekend = self.agenda.weekend_sessions(self.day)
        if closed is not None and weekend is not None:  # a weekday without treatment, open in the weekend hours
            words, tz = closed.words(self.discreet), self.agenda.tz
            return (f"{words[:1].upper()}{words[1:]}: open {span_text(weekend.start.astimezone(tz), weekend.end.astimezone(tz))} "
                    "for weekend sessions only")
        return f"The department is closed: {closed.words(self.discreet)}" if closed is not None else ""

    def _header_height(self, canvas: Canvas) -> float:
        closed = canvas.line_height(canvas.font(BODY_PT, bold=True)) + 3 if self.closed_words() else 0.0
        return canvas.line_height(canvas.font(HEADING_PT, bold=True)) + canvas.line_height(canvas.font(BODY_PT)) + 12 + closed

    def render_page(self, canvas: Canvas, page: QRectF, index: int, count: int) -> None:
        area = page.adjusted(MARGIN, MARGIN, -MARGIN, -MARGIN)
        big = canvas.font(HEADING_PT, bold=True)
        body = canvas.font(BODY_PT)
        bold = canvas.font(BODY_PT, bold=True)
        y = area.top()
        title = f"Day list {day_text(self.day)}"  # never strftime: its words follow the machine's locale
        canvas.text(QRectF(area.left(), y, area.width(), 24), canvas.elide(title, area.width(), big), big)
        y += canvas.line_height(big)
        line = self.clinic_name + (" · discreet: initials only" if self.discreet else "")
        canvas.text(QRectF(area.left(), y, area.width(), 18), canvas.elide(line.strip(" ·"), area.width(), body), body)
        y += canvas.line_height(body) + 4
        if closed := self.closed_words():  # on every page: whoever picks up page 2 reads it too
            canvas.text(QRectF(area.left(), y, area.width(), 18), canvas.elide(closed, area.width(), bold), bold)
            y += canvas.line_height(bold) + 3
        canvas.line(area.left(), y, area.right(), y, 1.0)
        y += 8
        for item in self.pages[index]:
            if item.heading:
                y += 4
                canvas.text(QRectF(area.left(), y, area.width(), ROW), canvas.elide(item.machine, area.width(), bold), bold)
                y += ROW
                x = area.left()
                for _, label, share in self._columns():
                    canvas.text(QRectF(x, y, area.width() * share, ROW), label, bold)
                    x += area.width() * share
                y += ROW - 4
                canvas.line(area.left(), y, area.right(), y, 0.5)
                y += 2
                continue
            if item.empty:
                canvas.text(QRectF(area.left(), y, area.width(), ROW), "Nothing booked.", body)
                y += ROW
                continue
            if item.idle:
                spacing = canvas.line_height(body)
                for k, part in enumerate(wrapped(canvas, self.idle_words(item.idle), area.width(), body)):
                    canvas.text(QRectF(area.left(), y + k * spacing, area.width(), ROW), part, body)
                y += ROW + (item.lines - 1) * spacing
                continue
            if item.down is not None:
                width = area.width() * COLUMNS[0][1]
                spacing = canvas.line_height(bold)
                when, why = self._down_cells(canvas, item.down, area.width())
                for left, cell_width, cell in ((area.left(), width - 6, when), (area.left() + width, area.width() - width, why)):
                    for k, part in enumerate(cell):
                        canvas.text(QRectF(left, y + k * spacing, cell_width, ROW), part, bold)
                y += ROW + (item.lines - 1) * spacing
                continue
            assert item.entry is not None
            x = area.left()
            texts = row_texts(item.entry, self.agenda, self.discreet)
            spacing = canvas.line_height(body)
            note = row_note(item.entry)
            for column, label, share in self._columns():
                text, width = texts[column], area.width() * share
                shown = wrapped(canvas, text, width - 6, body) if label in WRAPPED else [canvas.elide(text, width - 6, body)]
                for k, part in enumerate(shown):
                    canvas.text(QRectF(x, y + k * spacing, width - 6, ROW), part, body)
                x += width
            if note:  # under the row, from the patient's column on: the make-up said in words, in italics
                left = area.left() + area.width() * COLUMNS[0][1]
                italic = canvas.font(BODY_PT, italic=True)
                canvas.text(QRectF(left, y + (item.lines - 1) * spacing, area.right() - left, ROW),
                            canvas.elide(note, area.right() - left - 6, italic), italic)
            y += ROW + (item.lines - 1) * spacing
        footer = f"Printed on {day_text(self.printed_on)} · page {index + 1} of {count}"
        canvas.text(QRectF(area.left(), area.bottom() - 16, area.width(), 16), footer, body,
                    int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom))
