"""The department's views of its machines: a day view (machines across, time down, every
booking a block you can drag), a week of occupancy per machine, and the courses waiting to
start. They read an `Agenda` (plain data); the store and the booking engine sit behind signals.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from PySide6.QtCore import QEvent, QModelIndex, QPointF, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QBrush,
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
)
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QSizePolicy, QTableWidget, QTableWidgetItem, QToolTip, QWidget

from ..app.booking import past_reason
from ..app.store_words import store_reason
from ..booking.course_rules import CourseRules
from ..core.agenda import (
    UNREADABLE_WORD,
    Agenda,
    AgendaEntry,
    Conflict,
    MachineAgenda,
    Period,
    SlotCheck,
    WaitingCourse,
    check_slot,
    initials,
    shown_patient,
)
from ..core.department import HELD_WORDS
from ..core.errors import InputError
from ..core.kinds import AppointmentKind
from ..core.short_forms import distinct_names, down_label_lines, name_choices
from ..core.text import printable
from ..core.wall_clock import clock_text, first_showing, same_instant
from ..store.db import StoreError
from ..wording import KIND_LABELS, booking_note, mark_word, moved_from_words, recorded_words
from .colours import closed_fill, closed_hatch, grid_line, kind_colours, now_colour, text_on
from .fonts import first_line_drop
from .formats import day_text, short_day
from .keyed_menu import MOVE_ONE_KEYS, REST_KEYS, KeyedMenu, menu_words
from .week_layout import KIND_STYLES

AXIS_LABEL_HEIGHT = 16  # the least height of an hour's label in the axis, from just above its tick
AXIS = 52.0  # the time axis's least width; wider on the night the clocks go back ('01:00 BST', '01:00 GMT')
HEADER = 38.0
# Where the day view's time axis starts: a little below the machines' names, so that a booking at the top of the day
# shows its top edge and the whole of its first line (the ring of 'Å' rises above the font's ascent: it was lost under
# the names' line, 'Zoë Ångström' read 'Zoë Angström').
AXIS_TOP = HEADER + 5
SNAP_MINUTES = 5
MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta)  # pressed alone: the keys' outline stays
REFUSED = QColor("#c01c28")
ACCEPTED = QColor("#1a5fb4")
MAKE_UP_BADGE = 10.0  # the width kept in a make-up's block for its '+' (a missed session's '✗')
NAME_CHOICES_KEPT = 5000  # the ways of showing a name in a block's room, measured, kept for the next paint
NOW_CHECK_MS = 20_000  # how often the day view looks at the clock: its line at the current time moves each minute


def block_label(entry: AgendaEntry, discreet: bool) -> tuple[str, str]:
    """The two lines of a booking's block: who, then which session ('7 of 20 · Treatment · make-up'; discreet:
    '7/20 · make-up', a make-up being no diagnosis; 'missed' likewise)."""
    mark = mark_word(entry)
    if discreet:
        which = f"{entry.shown_number}/{entry.total}" if entry.kind is AppointmentKind.FRACTION else ""
        return shown_patient(entry, discreet), " · ".join(p for p in (which, mark) if p)
    which = f"{entry.shown_number} of {entry.total}" if entry.kind is AppointmentKind.FRACTION else ""
    return entry.patient or "(no name)", " · ".join(p for p in (which, KIND_LABELS[entry.kind], mark) if p)


def fitted_which(entry: AgendaEntry, discreet: bool, metrics: QFontMetrics, width: float) -> str:
    """A block's second line as it fits `width`: whole where it fits; a treatment session's too long (twelve machines on
    one screen) first leaves out 'Treatment', which its colour says, then writes '7/20', so that the fraction and any
    'make-up' read whole rather than '7 of 20 · Tre…'. Whatever still does not fit is cut short by the caller."""
    which = block_label(entry, discreet)[1]
    if discreet or entry.kind is not AppointmentKind.FRACTION or metrics.horizontalAdvance(which) <= width:
        return which
    mark = mark_word(entry)
    for number in (f"{entry.shown_number} of {entry.total}", f"{entry.shown_number}/{entry.total}"):
        shorter = " · ".join(p for p in (number, mark) if p)
        if metrics.horizontalAdvance(shorter) <= width:
            return shorter
    return shorter


def down_span(period: Period, day: date, tz: tzinfo) -> str:
    """A downtime's time on `day` for its label: '08:00–13:00'; 'until 11:00' when it began a day before, 'from 14:00'
    when it ends a day after, 'all day' when it covers the day (the tooltip gives its days and times)."""
    first, last = day_instants(day, tz)
    start, end = period.start.astimezone(tz), period.end.astimezone(tz)
    if period.start <= first and period.end >= last:
        return "all day"
    if period.start <= first:
        return f"until {clock_text(end)}"
    if period.end >= last:
        return f"from {clock_text(start)}"
    return f"{clock_text(start)}–{clock_text(end)}"


def down_label_fitted(span: str, reason: str, metrics: QFontMetrics, room: int, lines: int) -> list[str]:
    """A downtime's label as `short_forms.down_label_lines` fits it to `room` pixels and `lines` lines of `metrics`."""

    def fits(text: str) -> bool:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room) == text  # as Qt measures what it cuts

    def cut(text: str) -> str:
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)

    return down_label_lines(span, reason, fits, cut, lines)


def note_line(entry: AgendaEntry) -> str:
    """What a make-up replaces, as a sentence ('Make-up for the session missed on Tue 8 Dec 2026'), or 'Missed, as
    marked on the course'; empty for any other booking."""
    words = booking_note(entry)
    return words[:1].upper() + words[1:]


def down_tip(machine: str, period: Period, tz: tzinfo) -> str:
    """A downtime block's tooltip: what it is, then who put it there and when ('Linac 2 down 08:00–12:00: beam fault' /
    'recorded by alice on Mon 23 Nov 2026 09:14'): the coordinator whose patients it moved can ask them."""
    start, end = period.start.astimezone(tz), period.end.astimezone(tz)
    if start.date() == end.date():
        span = f"{clock_text(start)}–{clock_text(end)}"
    else:
        span = f"{short_day(start.date())} {clock_text(start)} to {short_day(end.date())} {clock_text(end)}"
    why = f": {period.reason}" if period.reason else ""
    words = recorded_words(period.recorded, tz)
    return f"{machine} down {span}{why}\n{words[:1].upper()}{words[1:]}"


def booking_words(entry: AgendaEntry, machine: str, tz: tzinfo, discreet: bool) -> str:
    """A booking in words, for a screen reader and the tooltip's reader alike: 'Zoë Ångström · H0001, fraction 7 of
    20, Treatment, on Linac 1, 08:30–08:50, make-up for the session missed on Tue 8 Dec 2026'. Discreet: initials,
    the session's number and no kind (as the block and the day list)."""
    who = identified(entry, discreet)
    if entry.kind is AppointmentKind.FRACTION:
        which = f"{'session' if discreet else 'fraction'} {entry.shown_number} of {entry.total}"
    else:
        which = "" if discreet else KIND_LABELS[entry.kind]
    kind = KIND_LABELS[entry.kind] if entry.kind is AppointmentKind.FRACTION and not discreet else ""
    when = f"{clock_text(entry.start.astimezone(tz))}–{clock_text(entry.end.astimezone(tz))}"
    return ", ".join(p for p in (who, which, kind, f"on {machine}" if machine else "", when, booking_note(entry),
                                 moved_from_words(entry)) if p)


def identified(entry: AgendaEntry, discreet: bool) -> str:
    """Who a booking is for, where there is room to say it (a tooltip, the status line): the name and
    hospital number, the two identifiers checked at the treatment room's door; initials when discreet."""
    who = block_label(entry, discreet)[0]
    return f"{who} · {entry.hospital_number}" if entry.hospital_number and not discreet else who


TICK = timedelta(minutes=30)  # the axis's lines: whole hours solid, half hours dotted
HOUR = timedelta(hours=1)


def day_instants(day: date, tz: tzinfo) -> tuple[datetime, datetime]:
    """The instants (UTC) local `day` runs from and to: 24 hours apart on most days, 23 on the night the
    clocks go forward and 25 on the night they go back."""
    return (first_showing(day, time(0), tz).astimezone(UTC),
            first_showing(day + timedelta(days=1), time(0), tz).astimezone(UTC))


def axis_ticks(top: datetime, bottom: datetime, tz: tzinfo) -> list[tuple[datetime, str]]:
    """Every half hour from `top` to `bottom` (instants) in elapsed time, each with its label as the clock
    shows it: the hour the clocks skip is not there (the first time after the jump names its zone, '02:00
    BST', saying why 01:00 is missing), and the one they repeat comes twice, each labelled with its run
    ('01:00 BST', then '01:00 GMT'). A day shown to its end ends at '24:00', not at a second '00:00'."""
    ticks: list[tuple[datetime, str]] = []
    moment = top.astimezone(UTC)
    day = moment.astimezone(tz).date()
    while moment <= bottom:
        local = moment.astimezone(tz)
        label = clock_text(local)
        if local.date() > day and (local.hour, local.minute) == (0, 0):
            label = "24:00"  # the midnight that ends the day shown
        elif ticks and label == f"{local:%H:%M}" and ticks[-1][0].astimezone(tz).utcoffset() != local.utcoffset():
            label = f"{label} {local.tzname()}"  # just after the clocks changed
        ticks.append((moment, label))
        moment += TICK
    return ticks


def _length(entry: AgendaEntry) -> timedelta:
    """A booking's length in elapsed time (two times of one zone subtract by the clock, an hour off across a change)."""
    return entry.end.astimezone(UTC) - entry.start.astimezone(UTC)


NOTHING_CHOSEN = "No booking chosen: the arrow keys choose one"


class BookingMarker(QWidget):
    """An invisible, mouse-transparent stand-in for one painted booking, whose accessible name says it in words:
    a painted block is nothing to a screen reader (as `accessible.AppointmentMarker` in the course's week view)."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.key: tuple[str, AppointmentKind, int] | None = None

    def describe(self, entry: AgendaEntry, words: str, rect: QRect) -> None:
        self.key = entry.key
        self.setAccessibleName(words)
        self.setGeometry(rect)
        self.show()


class DayView(QWidget):
    """One day of the department: a column per machine, a block per booking.

    Dragging a block shows where it would land and what is in the way; a drop onto a slot that
    is not free is refused with the reason (`dropRefused`), a free one asks for the move. The keys do
    the same: Shift+arrows move an outline of the chosen booking (`previewSaid` says where and what is
    in the way), Enter drops it there, Escape leaves the booking where it was."""

    moveRequested = Signal(object, str, object)  # AgendaEntry, machine name, aware start
    dropRefused = Signal(str)
    previewSaid = Signal(str)  # the outline Shift+arrows moved: where, and free or what is in the way
    moveRestRequested = Signal(object)  # AgendaEntry: move the rest of its course
    moveOneRequested = Signal(object)  # AgendaEntry: move that session alone to another day
    downRequested = Signal(str, object)  # machine name, aware start: an empty slot right-clicked, to take the machine down from there
    backRequested = Signal(str, object, object)  # machine name, its downtime's start, aware moment: a downtime right-clicked, back from then
    entryActivated = Signal(object)  # AgendaEntry
    selectedChanged = Signal(object)  # AgendaEntry chosen by click or arrows (the window scrolls to it and says it)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda: Agenda | None = None
        self.day = date.today()
        self.discreet = False
        self.per_minute = 1.6
        self._top = datetime.combine(self.day, time(8), tzinfo=UTC)  # the instant at the top of the time axis
        self._bottom = self._top + 10 * HOUR  # and at its foot
        self._axis = AXIS  # the time axis's width (its widest label's)
        self._blocks: list[tuple[QRectF, AgendaEntry, str]] = []
        self._name_choices: dict[tuple[str, int, bool, str], list[str]] = {}  # see short_forms
        self._drag: tuple[AgendaEntry, str, QPointF] | None = None
        self._ghost: QRectF | None = None
        self._ghost_check: SlotCheck | None = None
        self._keyed: tuple[AgendaEntry, str, str, datetime] | None = None  # Shift+arrows: booking, its machine, where its outline is
        self.selected: AgendaEntry | None = None  # chosen with a click or the arrow keys
        self._unchosen = False  # no booking chosen on purpose (`choose_none`): focus coming back chooses none either
        self.holds: dict[str, AppointmentKind] = {}  # what each machine is booked for (a CT simulator: planning scans)
        # The course's own rules (BookingDesk.move_rules), read once per course while the agenda is shown:
        # a drag then checks the pattern, spacing and the patient's other appointments on every mouse move.
        self.course_rules: Callable[[str], CourseRules] | None = None
        self._rules: dict[str, CourseRules | str] = {}  # by course id; a str: why they could not be read
        self.now: Callable[[], datetime] | None = None  # the desk's clock (BookingDesk.now): no session is moved from or into the past
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setToolTip("Drag a booking to move it; double-click it to move that session to another day; right-click for its "
                        "menu. Keyboard: arrows choose a booking; Shift+arrows move its outline (5 minutes, or to the next "
                        "machine) and say what is in the way, Enter then moves it there, Escape leaves it; Enter alone "
                        "moves it to another day, Shift+F10 or the menu key opens its menu")
        self.setAccessibleName("Day of every machine")
        self._markers: list[BookingMarker] = []  # each booking's stand-in for assistive technology (see BookingMarker)
        self._now_drawn: float | None = None  # where the line at the current time was last drawn (None: not drawn)
        self._clock = QTimer(self)  # keeps that line at the current time while the view is shown
        self._clock.setInterval(NOW_CHECK_MS)
        self._clock.timeout.connect(self._clock_ticked)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        self._clock.start()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        super().hideEvent(event)
        self._clock.stop()

    def _clock_ticked(self) -> None:
        """Redrawn when the line at the current time has moved, or comes or goes (the day turned at midnight)."""
        if self.now_y() != self._now_drawn:
            self.update()

    def now_moment(self) -> datetime | None:
        """The current instant (the desk's clock, `now`), when the day shown is today in the department's zone; else None."""
        if self.now is None or self.agenda is None:
            return None
        moment = self.now()
        return moment if moment.astimezone(self.agenda.tz).date() == self.day else None

    def now_y(self, *, within: bool = True) -> float | None:
        """Where the line at the current time is drawn: None on another day, and (`within`) when the time lies
        before or after the time axis; else at the axis's nearer end (where the window scrolls to show it)."""
        moment = self.now_moment()
        if moment is None:
            return None
        instant = moment.astimezone(UTC)
        if within and not self._top <= instant <= self._bottom:
            return None
        return self._y(max(self._top, min(self._bottom, instant)))

    # ------------------------------------------------------------------ data
    def set_agenda(self, agenda: Agenda | None, day: date | None = None) -> None:
        self.agenda = agenda
        self._rules = {}  # the bookings may have changed: read each course's again when it is dragged
        if day is not None:
            self.day = day
        elif agenda is not None and not agenda.first <= self.day < agenda.first + timedelta(days=agenda.days):
            self.day = agenda.first
        if self.selected is not None:  # the chosen booking as it is now (moved, perhaps), not as it was
            key = self.selected.key
            self.selected = next((e for m in self.machines for e in m.entries if e.key == key), self.selected)
        self._range()
        self.updateGeometry()
        self._place_markers()
        self._keyed_follows()
        self.update()

    def _keyed_follows(self) -> None:
        """The bookings read again while Shift+arrows hold an outline: it stays, checked again, while its booking is
        where it was on the day shown; else it goes (the booking moved meanwhile, or another day is shown)."""
        if self._keyed is None:
            return
        entry, machine_from, machine, start = self._keyed
        now = next((e for m in self.machines if m.name == machine_from for e in m.entries if e.key == entry.key), None)
        if now is None or not same_instant(now.start, entry.start) or machine not in [m.name for m in self.machines]:
            self._keyed, self._ghost, self._ghost_check = None, None, None
            return
        self._keyed = (now, machine_from, machine, start)
        self._place_ghost(now, machine, start)

    def set_discreet(self, discreet: bool) -> None:
        self.discreet = discreet
        self._place_markers()
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._place_markers()

    def _place_markers(self) -> None:
        """Every booking of the day said to assistive technology: a marker at its block, named in words
        (`booking_words`: initials only while discreet); the chosen booking's words are the view's description."""
        self._layout()
        tz = self.agenda.tz if self.agenda is not None else UTC
        while len(self._markers) < len(self._blocks):
            self._markers.append(BookingMarker(self))
        for marker, (rect, entry, machine) in zip(self._markers, self._blocks, strict=False):
            marker.describe(entry, booking_words(entry, machine, tz, self.discreet), rect.toRect())
        for marker in self._markers[len(self._blocks):]:
            marker.key = None
            marker.hide()
        chosen = self._marker_of(self.selected)
        self.setAccessibleDescription(chosen.accessibleName() if chosen is not None else NOTHING_CHOSEN)

    def _marker_of(self, entry: AgendaEntry | None) -> BookingMarker | None:
        if entry is None:
            return None
        return next((m for m in self._markers if m.key == entry.key and not m.isHidden()), None)

    def _announce(self) -> None:
        """Say the chosen booking to a screen reader: the view's description, and the focus on its marker."""
        marker = self._marker_of(self.selected)
        if marker is None:
            self._place_markers()  # a booking of a day just shown: its marker comes with the layout
            marker = self._marker_of(self.selected)
        if marker is None:
            return
        self.setAccessibleDescription(marker.accessibleName())
        if self.hasFocus():
            QAccessible.updateAccessibility(QAccessibleEvent(marker, QAccessible.Event.Focus))

    @property
    def machines(self) -> tuple[MachineAgenda, ...]:
        return self.agenda.machines if self.agenda is not None else ()

    def _range(self) -> None:
        """The time axis, in elapsed time (instants): whole hours covering every machine's open hours and
        bookings of the day, within the local day (23 or 25 hours long on the nights the clocks change)."""
        agenda = self.agenda
        if agenda is None:
            return
        start, end = day_instants(self.day, agenda.tz)
        moments: list[datetime] = []
        for machine in agenda.machines:
            for period in machine.open_hours:
                if period.start.astimezone(agenda.tz).date() == self.day:
                    moments += [period.start.astimezone(UTC), min(period.end.astimezone(UTC), end)]
            for entry in machine.on(self.day, agenda.tz):
                moments += [entry.start.astimezone(UTC), min(entry.end.astimezone(UTC), end)]
        if not moments:
            moments = [start + 8 * HOUR, start + 18 * HOUR]
        self._top = start + (min(moments) - start) // HOUR * HOUR
        self._bottom = min(end, max(start + -(-(max(moments) - start) // HOUR) * HOUR, self._top + HOUR))
        metrics = QFontMetrics(self.font())
        self._axis = max(AXIS, max(metrics.horizontalAdvance(label) for _, label in axis_ticks(self._top, self._bottom, agenda.tz)) + 14)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(int(self._axis + 150 * max(1, len(self.machines))), int(self._foot() + self._foot_room()))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(int(self._axis + 90 * max(1, len(self.machines))), self.sizeHint().height())

    # ------------------------------------------------------------------ geometry
    def _column_width(self) -> float:
        return (self.width() - self._axis - 1) / max(1, len(self.machines))

    def _foot(self) -> float:
        """Where the time axis ends."""
        return AXIS_TOP + (self._bottom - self._top).total_seconds() / 60 * self.per_minute

    def _foot_room(self) -> float:
        """The height kept below the foot of the time axis: its last hour's label is written there, under its tick
        as every label is (13:00 on a Saturday open 09:00–13:00)."""
        _, last = self._axis_label_span(0.0, QFontMetrics(self.font()))
        return last + 3

    def _y(self, moment: datetime) -> float:
        """Where an instant is drawn: by elapsed time from the top of the axis, so that the two runs of the
        hour the clocks repeat are drawn one below the other (a moment outside the day: at its edge)."""
        assert self.agenda is not None
        start, end = day_instants(self.day, self.agenda.tz)
        moment = max(start, min(end, moment.astimezone(UTC)))
        return AXIS_TOP + (moment - self._top).total_seconds() / 60 * self.per_minute

    def _layout(self) -> None:
        self._blocks = []
        agenda = self.agenda
        if agenda is None:
            return
        width = self._column_width()
        for column, machine in enumerate(agenda.machines):
            todays = machine.on(self.day, agenda.tz)
            # A session marked missed ahead (its time released) that another booking now lies over shares the column
            # with it: the record on the right, the session given then on the left, so that both are seen.
            shared = {id(e) for e in todays for other in todays
                      if e.released != other.released and e.start < other.end and other.start < e.end}
            for entry in todays:
                top = self._y(entry.start)
                bottom = max(self._y(entry.end), top + 12)
                left, wide = self._axis + column * width + 3, width - 6
                if id(entry) in shared:
                    split = round(wide * 0.62)
                    left, wide = (left + split + 2, wide - split - 2) if entry.released else (left, split)
                self._blocks.append((QRectF(left, top, wide, bottom - top - 1), entry, machine.name))

    def block_at(self, point: QPointF) -> tuple[AgendaEntry, str] | None:
        if point.y() < max(0, self.visibleRegion().boundingRect().top()) + HEADER:
            return None  # the machines' names lie over the blocks there
        if (left := self.pinned_left()) > 0 and point.x() < left + self._axis:
            return None  # and the time axis kept at the left, where the day scrolls sideways
        self._layout()
        for rect, entry, machine in reversed(self._painted()):
            if rect.contains(point):
                return entry, machine
        return None

    def _painted(self) -> list[tuple[QRectF, AgendaEntry, str]]:
        """The blocks in the order they are painted: a session marked missed ahead of its day (its time released, see
        AgendaEntry.released) first, under a session booked into its time since, which a click finds first."""
        return sorted(self._blocks, key=lambda block: not block[1].released)

    def block_rect(self, entry: AgendaEntry) -> QRectF | None:
        self._layout()
        return next((rect for rect, e, _ in self._blocks if e.key == entry.key), None)

    def slot_at(self, point: QPointF) -> tuple[str, datetime] | None:
        """The machine and the instant under `point` (aware in the department's zone), snapped to 5 minutes
        of elapsed time: in the hour the clocks repeat, the run drawn there ('01:10 GMT', not 01:10 BST)."""
        if self.agenda is None or not self.machines or point.x() < self._axis + self.pinned_left():
            return None
        column = min(len(self.machines) - 1, int((point.x() - self._axis) // self._column_width()))
        minutes = (point.y() - AXIS_TOP) / self.per_minute
        snapped = self._top + timedelta(minutes=round(minutes / SNAP_MINUTES) * SNAP_MINUTES)
        start, end = day_instants(self.day, self.agenda.tz)
        snapped = max(start, min(snapped, end - timedelta(minutes=SNAP_MINUTES)))
        return self.machines[column].name, snapped.astimezone(self.agenda.tz)

    def down_at(self, point: QPointF) -> tuple[str, Period] | None:
        """The machine and the downtime under `point` (None off every downtime)."""
        if self.agenda is None or not self.machines or point.x() < self._axis or point.y() < HEADER:
            return None
        column = int((point.x() - self._axis) // self._column_width())
        if column >= len(self.machines):
            return None
        moment = self._top + timedelta(minutes=(point.y() - AXIS_TOP) / self.per_minute)
        machine = self.machines[column]
        found = next((p for p in machine.downtime if p.start <= moment < p.end), None)
        return (machine.name, found) if found is not None else None

    def check_drop(self, entry: AgendaEntry, machine_name: str, start: datetime) -> SlotCheck:
        """What stands in the way of `entry` at `start` on `machine_name` (nothing: the slot is free): the
        kind of machine, its capabilities, the slot, and the course's own rules, as the desk checks a move."""
        assert self.agenda is not None
        machine = self.agenda.machine(machine_name)
        assert machine is not None
        end = (start.astimezone(UTC) + _length(entry)).astimezone(start.tzinfo)  # elapsed time: the same length across a clock change
        rules = self.rules_of(entry.course_id)
        if isinstance(rules, CourseRules):  # the course's own appointments are its rules' to check, on any machine
            machine = replace(machine, entries=tuple(e for e in machine.entries if e.course_id != entry.course_id))
        found = check_slot(machine, start, end, tz=self.agenda.tz, moving=entry, discreet=self.discreet,
                           closed=self.agenda.closed(start.astimezone(self.agenda.tz).date()))
        conflicts = list(found.conflicts)
        past = past_reason(entry.kind, entry.number, entry.start, start, self.now()) if self.now is not None else None
        if past is not None:  # said first: nothing else matters for a session given or a time gone
            conflicts.insert(0, Conflict(past))
        held = self.holds.get(machine_name, entry.kind)
        if held is not entry.kind:  # said while dragging, not only after the drop
            conflicts.insert(0, Conflict(f"{machine_name} takes {HELD_WORDS[held]}, not {HELD_WORDS[entry.kind]}"))
        elif isinstance(rules, CourseRules):
            local = start.astimezone(self.agenda.tz).date()
            first = rules.machine_reason(entry.kind, machine_name) or rules.calendar_reason(entry.kind, entry.number, local)
            if first is not None:
                conflicts.insert(0, Conflict(first))
            conflicts += [Conflict(reason) for reason in rules.conflicts([(entry.kind, entry.number, machine_name, start)])]
        elif isinstance(rules, str):
            conflicts.append(Conflict(rules))
        return SlotCheck(tuple(conflicts))

    def rules_of(self, course_id: str) -> CourseRules | str | None:
        """The course's rules (read once while this agenda is shown), why they could not be read, or None without a desk."""
        if self.course_rules is None:
            return None
        if course_id not in self._rules:
            try:
                self._rules[course_id] = self.course_rules(course_id)
            except (InputError, StoreError) as exc:
                why = exc.reason if isinstance(exc, InputError) else store_reason(exc)
                self._rules[course_id] = f"the course's rules could not be read ({why})"
        return self._rules[course_id]

    # ------------------------------------------------------------------ painting
    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        self._layout()
        painter = QPainter(self)
        try:
            palette = self.palette()
            painter.fillRect(self.rect(), palette.base())
            self._paint_columns(painter, palette)  # grid lines without antialiasing: one crisp pixel, not two faint ones
            self._paint_axis(painter, palette)
            self._paint_now(painter, palette)  # under the blocks: it never strikes through a patient's name
            self._paint_down_labels(painter, palette)  # nor through "Down 08:00–13:00 (beam fault)" (now lies in a downtime)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            header_bottom = max(0, self.visibleRegion().boundingRect().top()) + HEADER
            names = self.block_names()
            for rect, entry, _ in self._painted():
                self._paint_block(painter, rect, entry, names.get(id(entry)))
                # The chosen booking's outline; none while it lies wholly under the machines' names (scrolled out of
                # view above), where its top edge, kept just inside, drew a stray line under a column's name.
                if self.selected is not None and entry.key == self.selected.key and rect.bottom() > header_bottom:
                    painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    outline = rect.adjusted(-2, -2, 2, 2)
                    if outline.top() - 1.5 < header_bottom:  # the machines' names lie over it: its top edge just inside
                        outline.setTop(max(rect.top(), header_bottom) + 1.5)
                    painter.drawRect(outline)
            if self._ghost is not None:
                refused = self._ghost_check is not None and not self._ghost_check.free
                painter.setPen(QPen(REFUSED if refused else ACCEPTED, 2.5, Qt.PenStyle.DashLine))
                painter.setBrush(QBrush(REFUSED, Qt.BrushStyle.BDiagPattern) if refused else Qt.BrushStyle.NoBrush)
                painter.drawRect(self._ghost)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            self._paint_pinned_axis(painter, palette)
            self._paint_header(painter, palette, max(0, self.visibleRegion().boundingRect().top()))
            if self.hasFocus() and self.selected_rect() is None:  # the keyboard is here, on no booking: say so by a frame
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(self.visibleRegion().boundingRect()).adjusted(1, 1, -1, -1))
        finally:
            painter.end()

    def _paint_now(self, painter: QPainter, palette: QPalette) -> None:
        """A thin line across the machines at the current time, on today only, with the time in the axis
        (in the link colour: not the selection's, which outlines the chosen booking), drawn under the bookings
        so that none has its name struck through. Never on paper: the day list is printed from the agenda,
        not from this view."""
        y = self.now_y()
        self._now_drawn = y
        if y is None:
            return
        moment = self.now_moment()
        assert moment is not None and self.agenda is not None
        colour = now_colour(palette)
        painter.setPen(QPen(colour, 2))
        painter.drawLine(QPointF(self._axis - 6, y), QPointF(self.width(), y))
        label = clock_text(moment.astimezone(self.agenda.tz))
        metrics = painter.fontMetrics()
        width, height = metrics.horizontalAdvance(label) + 8, metrics.height() + 2
        box = QRectF(self._axis - 6 - width, self._now_box_top(y, height, metrics), width, height)
        painter.fillRect(box, colour)
        painter.setPen(text_on(colour, palette))
        painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)

    def _now_box_top(self, y: float, height: float, metrics: QFontMetrics) -> float:
        """The top of the current time's box in the axis: centred on its line, unless it would cover an hour's
        or half hour's label (at 10:28 it hid '10:30'); then just above or below that label, whichever is
        nearer the line, where it covers none."""
        labels = [self._axis_label_span(tick_y, metrics) for tick_y in self._axis_tick_ys()]

        def clear(top: float) -> bool:
            return all(top + height <= first or top >= last for first, last in labels)

        centred = y - height / 2
        if clear(centred):
            return centred
        tops = [top for first, last in labels for top in (first - height, last) if clear(top) and top >= HEADER]
        return min(tops, key=lambda top: abs(top + height / 2 - y), default=centred)

    def _axis_tick_ys(self) -> list[float]:
        """The heights of the axis's labelled ticks (an hour or a half hour each)."""
        tz = self.agenda.tz if self.agenda is not None else UTC
        return [self._y(moment) for moment, _ in axis_ticks(self._top, self._bottom, tz)]

    @staticmethod
    def _axis_label_span(y: float, metrics: QFontMetrics) -> tuple[float, float]:
        """From where to where down the axis the label of the tick at `y` is written."""
        return y - 1, y - 1 + max(AXIS_LABEL_HEIGHT, metrics.height())

    @property
    def axis_width(self) -> float:
        """The time axis's width: what a booking scrolled into view must clear at the left, where the axis is kept."""
        return self._axis

    def pinned_left(self) -> int:
        """Where the time axis is drawn: the left of what is visible, once the day scrolls sideways (twelve machines
        on a narrow screen), so that the last machines' bookings still have their times beside them; 0 otherwise."""
        return max(0, self.visibleRegion().boundingRect().left())

    def _paint_pinned_axis(self, painter: QPainter, palette: QPalette) -> None:
        """The time axis again at the left of what is visible, over the machines scrolled under it (see `pinned_left`)."""
        left = self.pinned_left()
        if left <= 0:
            return
        painter.fillRect(QRectF(left, 0, self._axis, self.height()), palette.base())
        tz = self.agenda.tz if self.agenda is not None else UTC
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        for moment, label in axis_ticks(self._top, self._bottom, tz):
            first, last = self._axis_label_span(self._y(moment), painter.fontMetrics())
            painter.drawText(QRectF(left, first, self._axis - 8, last - first), int(Qt.AlignmentFlag.AlignRight), label)
        painter.setPen(QPen(grid_line(palette, True)))
        painter.drawLine(QPointF(left + self._axis, 0), QPointF(left + self._axis, self.height()))

    def _paint_header(self, painter: QPainter, palette: QPalette, top: int) -> None:
        """The date and the machines' names, kept at the top of what is visible when the day scrolls (the date at its
        left when it scrolls sideways, over the time axis kept there)."""
        band = QRectF(0, top, self.width(), HEADER)
        painter.fillRect(band, palette.base())
        text = palette.color(QPalette.ColorRole.Text)
        painter.setPen(text)
        painter.setFont(self.font())
        left = self.pinned_left()
        date_words = f"{self.day:%a}\n{self.day.day} {self.day:%b}"
        if left <= 0:  # scrolled sideways, it is written last, over the machines' names gone under it
            painter.drawText(QRectF(0, top, self._axis, HEADER), int(Qt.AlignmentFlag.AlignCenter), date_words)
        bold = QFont(self.font())
        bold.setBold(True)
        painter.setFont(bold)
        width = self._column_width()
        for column in range(len(self.machines)):
            painter.drawText(QRectF(self._axis + column * width, top, width, HEADER), int(Qt.AlignmentFlag.AlignCenter),
                             self.heading(column))
        painter.setFont(self.font())
        painter.setPen(QPen(grid_line(palette, True)))
        painter.drawLine(QPointF(0, top + HEADER), QPointF(self.width(), top + HEADER))
        for column in range(len(self.machines) + 1):
            x = self._axis + column * width
            if left <= 0 or x > left + self._axis:  # a column's edge under the date kept at the left is not drawn over it
                painter.drawLine(QPointF(x, top), QPointF(x, top + HEADER))
        if left > 0:
            painter.fillRect(QRectF(left, top, self._axis, HEADER), palette.base())
            painter.setPen(text)
            painter.drawText(QRectF(left, top, self._axis, HEADER), int(Qt.AlignmentFlag.AlignCenter), date_words)
            painter.setPen(QPen(grid_line(palette, True)))
            painter.drawLine(QPointF(left + self._axis, top), QPointF(left + self._axis, top + HEADER))

    def heading(self, column: int) -> str:
        """A machine's name as its column's heading shows it, in bold, cut short (…) to the column's width."""
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(bold).elidedText(self.machines[column].name, Qt.TextElideMode.ElideRight, int(self._column_width() - 6))

    def _paint_columns(self, painter: QPainter, palette: QPalette) -> None:
        agenda = self.agenda
        width = self._column_width()
        bottom = self._foot()
        bold = QFont(self.font())
        bold.setBold(True)
        shade = closed_fill(palette)
        closed = QBrush(closed_hatch(palette), Qt.BrushStyle.Dense6Pattern)
        down = QBrush(palette.color(QPalette.ColorRole.Text), Qt.BrushStyle.BDiagPattern)
        for column, machine in enumerate(self.machines):
            x = self._axis + column * width
            column_rect = QRectF(x, AXIS_TOP, width, bottom - AXIS_TOP)
            painter.fillRect(column_rect, shade)  # closed unless an open period paints over it
            painter.fillRect(column_rect, closed)
            assert agenda is not None
            for period in machine.open_hours:
                if period.start.astimezone(agenda.tz).date() == self.day:
                    top, end = self._y(period.start), self._y(period.end)
                    painter.fillRect(QRectF(x, top, width, end - top), palette.base())
            for period in machine.downtime:
                top, end = max(AXIS_TOP, self._y(period.start)), min(bottom, self._y(period.end))
                if end > top:
                    painter.fillRect(QRectF(x, top, width, end - top), down)
        painter.setPen(QPen(grid_line(palette, True)))
        for column in range(len(self.machines) + 1):
            x = self._axis + column * width
            painter.drawLine(QPointF(x, 0), QPointF(x, bottom))

    def down_labels(self, metrics: QFontMetrics) -> list[tuple[QRectF, str]]:
        """Each downtime's box for its label ("Down 08:00–13:00 (beam fault)") and the words, a line each
        (`short_forms.down_label_lines`: shorter forms in a narrow column, twelve machines on one screen): at its top,
        or, with its top scrolled under the machines' names, at the top of what is in view while the rest of it shows
        there, so a hatched morning scrolled past its start still says why."""
        agenda = self.agenda
        if agenda is None:
            return []
        width = self._column_width()
        bottom = self._foot()
        in_view = max(0, self.visibleRegion().boundingRect().top()) + HEADER
        line = metrics.height()
        labels = []
        for column, machine in enumerate(self.machines):
            x = self._axis + column * width
            for period in machine.downtime:
                top, end = max(AXIS_TOP, self._y(period.start)), min(bottom, self._y(period.end))
                if end <= top:
                    continue
                if top < in_view and in_view + 21 <= end:
                    top = in_view
                lines = down_label_fitted(down_span(period, self.day, agenda.tz), period.reason, metrics, int(width - 13),
                                          max(1, int((end - top - 6) // line)))
                tall = max(18, len(lines) * line + 4)
                wide = max(metrics.horizontalAdvance(each) for each in lines) + 7  # the words and their margins
                labels.append((QRectF(x + 4, top + 3, min(width - 8, wide), tall), "\n".join(lines)))
        return labels

    def _paint_down_labels(self, painter: QPainter, palette: QPalette) -> None:
        """Each downtime's label (see down_labels), on the background, over the line of the current time."""
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        width = self._column_width()
        line = painter.fontMetrics().height()
        for box, words in self.down_labels(painter.fontMetrics()):
            painter.fillRect(box, palette.base())
            rows = words.split("\n")
            first = box.y() + (box.height() - len(rows) * line) / 2
            for number, row in enumerate(rows):
                painter.drawText(QRectF(box.x() + 3, first + number * line, width - 11, line), int(Qt.AlignmentFlag.AlignVCenter),
                                 row)

    def _paint_axis(self, painter: QPainter, palette: QPalette) -> None:
        """A line every half hour of elapsed time, labelled as the clock shows it (see axis_ticks)."""
        grid = grid_line(palette, True)  # half hours dotted, in the same colour
        tz = self.agenda.tz if self.agenda is not None else UTC
        for moment, label in axis_ticks(self._top, self._bottom, tz):
            y = AXIS_TOP + (moment - self._top).total_seconds() / 60 * self.per_minute
            whole = moment.astimezone(tz).minute == 0
            pen = QPen(grid, 1, Qt.PenStyle.SolidLine if whole else Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(self._axis - (5 if whole else 0), y), QPointF(self.width(), y))
            painter.setPen(palette.color(QPalette.ColorRole.Text))  # the foot's too: the day's last hour is named
            first, last = self._axis_label_span(y, painter.fontMetrics())
            painter.drawText(QRectF(0, first, self._axis - 8, last - first), int(Qt.AlignmentFlag.AlignRight), label)

    def _text_room(self, rect: QRectF, entry: AgendaEntry, line: int | None = None) -> tuple[QRectF, bool]:
        """Where a block's words go (inside its border, left of a make-up's '+'), and whether it has two lines' room
        (the patient in bold over the session) or one; `line`: the font's height, when known."""
        inner = rect.adjusted(4, 0, -3, 0)
        if entry.make_up is not None or entry.missed:
            inner.setRight(inner.right() - MAKE_UP_BADGE - 2)
        return inner, rect.height() >= 2 * (line if line is not None else QFontMetrics(self.font()).height()) + 2

    def block_names(self) -> dict[int, str]:
        """The patient's name each block shows (by the id of its entry), shortened where it does not fit the block as
        `short_forms` says, so that two patients of one column never read alike if that can be avoided.
        Discreet, none: the initials are shown as they were, cut short where they must be."""
        if self.discreet:
            return {}
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = {True: QFontMetrics(bold), False: QFontMetrics(self.font())}
        line, font_key = metrics[False].height(), self.font().key()
        columns: dict[str, list[tuple[AgendaEntry, str, list[str]]]] = {}
        for rect, entry, machine in self._blocks:
            if entry.unreadable or not entry.patient:  # a stand-in names nobody: cut short as before
                continue
            inner, two_lines = self._text_room(rect, entry, line)
            font = metrics[two_lines]
            room = int(inner.width())
            key = (entry.patient, room, two_lines, font_key)
            choices = self._name_choices.get(key)
            if choices is None:  # measured once a name and room (a paint of a busy day measured each block anew)

                def fits(text: str, font: QFontMetrics = font, room: int = room) -> bool:
                    return font.elidedText(text, Qt.TextElideMode.ElideRight, room) == text  # as Qt measures what it cuts

                def elided(text: str, middle: bool, font: QFontMetrics = font, room: int = room) -> str:
                    return font.elidedText(text, Qt.TextElideMode.ElideMiddle if middle else Qt.TextElideMode.ElideRight, room)

                if len(self._name_choices) > NAME_CHOICES_KEPT:
                    self._name_choices.clear()
                choices = self._name_choices[key] = name_choices(entry.patient, fits, elided)
            columns.setdefault(machine, []).append((entry, entry.patient, choices))
        names: dict[int, str] = {}
        for blocks in columns.values():
            shown = distinct_names([(name, choices) for _, name, choices in blocks])
            names.update((id(entry), text) for (entry, _, _), text in zip(blocks, shown, strict=True))
        return names

    def _paint_block(self, painter: QPainter, rect: QRectF, entry: AgendaEntry, name: str | None = None) -> None:
        """A booking's block; `name`: the patient's name as it fits (see short_forms), else the name cut short."""
        style = KIND_STYLES[entry.kind]
        fill, text = kind_colours(entry.kind, self.palette())  # the palette's own tint: no pale block in a dark palette
        if entry.released:  # marked missed ahead: a faint hatched record that holds no time (others may lie over it)
            painter.fillRect(rect, self.palette().base())
            painter.fillRect(rect, QBrush(text if self.palette().base().color().lightness() < 128 else fill.darker(115),
                                          Qt.BrushStyle.BDiagPattern))  # its words keep their colour: still read
        else:
            painter.fillRect(rect, QBrush(fill))
        pen = QPen(text, style.border_pt)
        pen.setStyle(Qt.PenStyle.DotLine if entry.released else style.border)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        who, which = block_label(entry, self.discreet)
        metrics = painter.fontMetrics()
        painter.setPen(text)
        inner, two_lines = self._text_room(rect, entry)
        if entry.make_up is not None or entry.missed:  # '+' (or '✗') in its corner, as the month view marks a make-up (a
            # missed session): seen even where its words are cut short
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            badge = QRectF(inner.right() + 2, inner.top() + 1, MAKE_UP_BADGE, min(inner.height() - 1, metrics.height()))
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop), "✗" if entry.missed else "+")
            painter.setFont(self.font())
        clear = style.border_pt / 2 + 1  # a pixel of the block's fill between its outline and the tallest letter
        if two_lines:
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            shown = name if name is not None else painter.fontMetrics().elidedText(who, Qt.TextElideMode.ElideRight, int(inner.width()))
            # the ring of 'Å' rises above the font's ascent: the lines go lower where the block has room under them
            top = inner.y() + 1 + first_line_drop(painter.fontMetrics(), shown, 1, clear,
                                                  rect.height() - style.border_pt / 2 - 1 - 2 * metrics.height())
            painter.drawText(QRectF(inner.x(), top, inner.width(), metrics.height()), int(Qt.AlignmentFlag.AlignLeft), shown)
            painter.setFont(self.font())
            which = fitted_which(entry, self.discreet, metrics, inner.width())
            painter.drawText(QRectF(inner.x(), top + metrics.height(), inner.width(), metrics.height()),
                             int(Qt.AlignmentFlag.AlignLeft), metrics.elidedText(which, Qt.TextElideMode.ElideRight, int(inner.width())))
        else:
            line = f"{who} · {which}" if which else who
            if name is not None and metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(inner.width())) != line:
                # the name as it fits, whole, then the session as far as there is room
                rest = int(inner.width() - metrics.horizontalAdvance(f"{name} · "))
                tail = metrics.elidedText(which, Qt.TextElideMode.ElideRight, rest) if which and rest > 0 else ""
                line = f"{name} · {tail}" if tail.strip("…") else name
            line = metrics.elidedText(line, Qt.TextElideMode.ElideRight, int(inner.width()))
            above = (rect.height() - metrics.height()) / 2  # the line centred: from the outline to its top
            drop = first_line_drop(metrics, line, above, clear, above - style.border_pt / 2)
            painter.drawText(inner.translated(0, drop), int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), line)

    # ------------------------------------------------------------------ interaction
    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        self.cancel_outline(say=False)  # the mouse takes over: the keys' outline goes, the booking stays
        found = self.block_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if found is not None:
            entry, machine = found
            rect = self.block_rect(entry)
            assert rect is not None
            self._drag = (entry, machine, event.position() - rect.topLeft())
            self._select(entry)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Arrows choose a booking (up/down on its machine, left/right across machines); with Shift they move
        its outline by 5 minutes or to the next machine, checked as a drag is (red, and the reason said, where
        something is in the way); Enter drops it there, with a drop's checks, Escape leaves the booking where it was."""
        self._layout()
        blocks = [(machine, entry) for _, entry, machine in self._blocks]
        names = [m.name for m in self.machines]
        key = event.key()
        arrows = (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Right)
        shifted = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if self._keyed is not None:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.drop_outline()
                return
            if key == Qt.Key.Key_Escape:
                self.cancel_outline()
                return
            if not (key in arrows and shifted) and key not in MODIFIER_KEYS:
                self.cancel_outline(say=False)  # another key: the booking stays where it is, and the key does its own
        current = next(((m, e) for m, e in blocks if self.selected is not None and e.key == self.selected.key), None)
        if key in arrows and blocks and current is None:
            self._select(self._first_in_view(blocks))
        elif key in arrows and current is not None and shifted:
            self._move_outline(current[1], current[0], key)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and current is not None:
            machine, entry = current
            same = [e for m, e in blocks if m == machine]
            index = same.index(entry) + (1 if key == Qt.Key.Key_Down else -1)
            self._select(same[max(0, min(index, len(same) - 1))])
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and current is not None:
            machine, entry = current
            step = 1 if key == Qt.Key.Key_Right else -1
            column = names.index(machine) + step
            while 0 <= column < len(names):
                others = [e for m, e in blocks if m == names[column]]
                if others:
                    self._select(min(others, key=lambda e: abs((e.start - entry.start).total_seconds())))
                    break
                column += step
        elif current is not None and (key == Qt.Key.Key_Menu or (key == Qt.Key.Key_F10 and event.modifiers()
                                                                    & Qt.KeyboardModifier.ShiftModifier)):
            self.menu_at_block(current[1])  # Shift+F10: the context menu's key where a keyboard has no menu key
        elif current is not None and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.entryActivated.emit(current[1])  # as a double-click: the menu's first (bold) choice
        elif key == Qt.Key.Key_Escape and self.dragging:
            self.cancel_drag()
        else:
            super().keyPressEvent(event)
            return
        self.update()

    def _select(self, entry: AgendaEntry) -> None:
        self.selected = entry
        self._unchosen = False
        self.update()
        self._announce()
        self.selectedChanged.emit(entry)

    def choose(self, entry: AgendaEntry) -> None:
        """Choose a booking of the day shown, as the arrows do: outlined, said, and `selectedChanged` (the window scrolls to it)."""
        self._select(entry)

    def choose_none(self) -> None:
        """No booking chosen (a machine with none that day opened from the week): no outline on another machine's booking,
        said as `NOTHING_CHOSEN`; the arrows, or the focus coming back, choose one again."""
        self.selected = None
        self._unchosen = True
        self._place_markers()
        self.update()

    def column_span(self, column: int) -> tuple[float, float]:
        """Where a machine's column lies across the view: its left edge and its width."""
        return self._axis + column * self._column_width(), self._column_width()

    def _first_in_view(self, blocks: list[tuple[str, AgendaEntry]]) -> AgendaEntry:
        """The first booking at or below the top of what is in view (else the day's first): the arrows
        start where the eye is, not at a block scrolled out of sight."""
        top = max(0, self.visibleRegion().boundingRect().top()) + HEADER
        shown = [(rect.top(), rect.left(), entry) for rect, entry, _ in self._blocks if rect.top() >= top]
        return min(shown, key=lambda row: row[:2])[2] if shown else blocks[0][1]

    def block_rects(self) -> list[QRectF]:
        """Where the day's bookings are drawn."""
        self._layout()
        return [rect for rect, _, _ in self._blocks]

    def selected_rect(self) -> QRectF | None:
        """Where the chosen booking is drawn now (None: nothing chosen, or not on this day)."""
        return self.block_rect(self.selected) if self.selected is not None else None

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        """Reached by Tab: the chosen booking (else the first in view) is chosen and said, so the keyboard user sees where they are."""
        super().focusInEvent(event)
        self._layout()
        if event.reason() in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.update()  # back from a dialog or a menu: what it reported stays in the status line
            return
        blocks = [(machine, entry) for _, entry, machine in self._blocks]
        if self.selected is not None and self.selected_rect() is not None:
            self._announce()
            self.selectedChanged.emit(self.selected)
        elif self._unchosen:  # left with none chosen on purpose (`choose_none`): not another machine's booking
            self._unchosen = False
            self.update()
        elif blocks:
            self._select(self._first_in_view(blocks))
        else:
            self.update()  # the focus frame of an empty day

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason):
            self.cancel_outline(say=False)  # Tab to another part: the booking stays where it is
        self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            self.drag_to(event.position())
            if self._ghost_check is not None and not self._ghost_check.free:
                # A one-pixel rect: the tip follows the pointer even while its words stay the same
                # (Qt leaves a tip with unchanged text where it was, inside its rect).
                here = event.position().toPoint()
                QToolTip.showText(event.globalPosition().toPoint(), self._ghost_check.reason(), self, QRect(here, QSize(1, 1)))
            else:
                QToolTip.hideText()
        else:
            words = self.tip_at(event.position())
            if words:
                QToolTip.showText(event.globalPosition().toPoint(), words, self)
            else:
                QToolTip.hideText()
        super().mouseMoveEvent(event)

    def tip_at(self, point: QPointF) -> str:
        """The tooltip of what is under `point`: a booking (who, which, where and when), a downtime (when, why, and
        who recorded it when), or a machine's name its heading shows cut short; empty elsewhere (the view's own tip on how to use it shows there)."""
        if self.agenda is None:
            return ""
        top = max(0, self.visibleRegion().boundingRect().top())
        if top <= point.y() < top + HEADER:  # a machine's name cut short in its heading: the whole of it
            if point.x() < self._axis or not self.machines:
                return ""
            column = min(len(self.machines) - 1, int((point.x() - self._axis) // self._column_width()))
            name = self.machines[column].name
            return name if self.heading(column) != name else ""
        found = self.block_at(point)
        if found is not None:
            entry, machine = found
            who, which = identified(entry, self.discreet), block_label(entry, self.discreet)[1]
            when = f"{clock_text(entry.start.astimezone(self.agenda.tz))}–{clock_text(entry.end.astimezone(self.agenda.tz))}"
            moved = moved_from_words(entry)  # a patient from another machine's list: its therapists are told where from
            lines = (who, which, f"{machine}, {when}", note_line(entry), moved[:1].upper() + moved[1:])
            return "\n".join(line for line in lines if line)
        down = self.down_at(point)
        return down_tip(*down, self.agenda.tz) if down is not None else ""

    def event(self, event: QEvent) -> bool:
        """The pointer resting over a booking or a downtime keeps its own tip: the view's tip on how to use it
        replaced it after a moment (the words shown on moving the pointer there went as it rested)."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent) and self._drag is None:
            words = self.tip_at(QPointF(event.pos()))
            if words:
                QToolTip.showText(event.globalPos(), words, self)
                return True
        return super().event(event)

    @property
    def dragging(self) -> bool:
        return self._drag is not None

    def cancel_drag(self) -> None:
        """Escape during a drag: the block stays where it was and the release moves nothing."""
        self._drag = None
        self._ghost, self._ghost_check = None, None
        QToolTip.hideText()
        self.update()

    def drag_to(self, point: QPointF) -> SlotCheck | None:
        """Move the dragged block's outline to `point` and check the slot under it."""
        if self._drag is None:
            return None
        entry, _, offset = self._drag
        slot = self.slot_at(point - offset)
        if slot is None:
            self._ghost, self._ghost_check = None, None
        else:
            self._place_ghost(entry, *slot)
        self.update()
        return self._ghost_check

    def _place_ghost(self, entry: AgendaEntry, machine: str, start: datetime) -> None:
        """The outline of `entry` at `start` on `machine`, and what stands in its way there."""
        column = [m.name for m in self.machines].index(machine)
        top = self._y(start)
        height = _length(entry).total_seconds() / 60 * self.per_minute
        self._ghost = QRectF(self._axis + column * self._column_width() + 3, top, self._column_width() - 6, height - 1)
        self._ghost_check = self.check_drop(entry, machine, start)

    # ------------------------------------------------------------------ moving by the keys
    @property
    def outlined(self) -> tuple[str, datetime] | None:
        """Where Shift+arrows have put the chosen booking's outline (machine, aware start); None: no such outline."""
        return (self._keyed[2], self._keyed[3]) if self._keyed is not None else None

    def outline_rect(self) -> QRectF | None:
        """Where the outline Shift+arrows moved is drawn (None: none)."""
        return QRectF(self._ghost) if self._keyed is not None and self._ghost is not None else None

    def _move_outline(self, entry: AgendaEntry, machine_from: str, key: int) -> None:
        """One Shift+arrow: the outline 5 minutes earlier or later (in elapsed time: 01:55 BST goes on to 01:00 GMT on
        the night the clocks go back), or on the next machine; within the time axis, so it stays in sight."""
        if self._keyed is None or self._keyed[0].key != entry.key:
            self._keyed = (entry, machine_from, machine_from, entry.start)
        _, _, machine, start = self._keyed
        names = [m.name for m in self.machines]
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = timedelta(minutes=SNAP_MINUTES if key == Qt.Key.Key_Down else -SNAP_MINUTES)
            latest = max(self._top, self._bottom - _length(entry))
            moved = max(self._top, min(latest, start.astimezone(UTC) + step))
            start = moved.astimezone(start.tzinfo) if not same_instant(moved, start) else start
        else:
            column = names.index(machine) + (1 if key == Qt.Key.Key_Right else -1)
            machine = names[max(0, min(column, len(names) - 1))]
        self._keyed = (entry, machine_from, machine, start)
        self._place_ghost(entry, machine, start)
        self.update()
        self._say_outline()

    def _say_outline(self) -> None:
        """Where the outline is and whether it is free, in the status line (`previewSaid`), to a screen reader (the
        view's description) and, when something is in the way, in a tip beside it, as a drag shows it."""
        if self._keyed is None or self._ghost is None or self._ghost_check is None or self.agenda is None:
            return
        entry, machine_from, machine, start = self._keyed
        tz = self.agenda.tz
        end = (start.astimezone(UTC) + _length(entry)).astimezone(tz)
        who = block_label(entry, self.discreet)[0]
        where = f"{machine}, {clock_text(start.astimezone(tz))}–{clock_text(end)}"
        if machine == machine_from and same_instant(start, entry.start):
            words = f"Moving {who}: back where it is ({where}). Shift+arrows move it, Escape leaves it."
        elif self._ghost_check.free:
            words = f"Moving {who} to {where}: free. Enter moves it there, Escape leaves it where it is."
        else:
            words = (f"Moving {who} to {where}: cannot move there: {self._ghost_check.reason()}. "
                     "Shift+arrows try another place, Escape leaves it where it is.")
        self.setAccessibleDescription(words)
        if self.hasFocus():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.DescriptionChanged))
        if self._ghost_check.free:
            QToolTip.hideText()
        else:
            QToolTip.showText(self.mapToGlobal(self._ghost.topRight().toPoint()), self._ghost_check.reason(), self)
        self.previewSaid.emit(words)

    def drop_outline(self) -> bool:
        """Enter after Shift+arrows: the booking dropped where its outline is, as a mouse drop there (refused with
        the reason, or the move asked for). True when the move was asked for."""
        if self._keyed is None:
            return False
        entry, machine_from, machine, start = self._keyed
        self._keyed, self._ghost, self._ghost_check = None, None, None
        QToolTip.hideText()
        self.update()
        if machine == machine_from and same_instant(start, entry.start):
            self._select(entry)  # nowhere else: the booking said as it is
            return False
        return self.drop(entry, machine_from, machine, start)

    def cancel_outline(self, *, say: bool = True) -> None:
        """Escape after Shift+arrows (or another key, or the focus gone): the outline goes, the booking stays where it
        was, and (`say`) is said as it is."""
        if self._keyed is None:
            return
        entry = self._keyed[0]
        self._keyed, self._ghost, self._ghost_check = None, None, None
        QToolTip.hideText()
        self.update()
        if say and self.selected is not None and self.selected.key == entry.key:
            self._select(self.selected)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None:
            entry, machine_from, offset = self._drag
            self._drag = None
            self._ghost, self._ghost_check = None, None
            slot = self.slot_at(event.position() - offset)
            if slot is not None:
                self.drop(entry, machine_from, *slot)
            self.update()
        super().mouseReleaseEvent(event)

    def drop(self, entry: AgendaEntry, machine_from: str, machine: str, start: datetime) -> bool:
        """Refuse with the reason, or ask for the move; unchanged places are no move."""
        if machine == machine_from and same_instant(start, entry.start):
            return False
        check = self.check_drop(entry, machine, start)
        if not check.free:
            self.dropRefused.emit(f"Cannot move there: {check.reason()}")
            return False
        self.moveRequested.emit(entry, machine, start)
        return True

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        """A booking double-clicked: `entryActivated`, as Enter on the chosen one (the window moves that session alone)."""
        found = self.block_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if found is not None:
            self._drag = None  # the press that began the double-click started no drag: nothing moves on its release
            if self.selected is None or self.selected.key != found[0].key:
                self._select(found[0])  # outlined and said, as a right-click chooses the booking its menu acts on
            self.entryActivated.emit(found[0])

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802
        """The menu of the booking right-clicked, chosen first (outlined and said), so the outline shows what the menu acts on;
        on free time, the menu of the machine and moment under the pointer (take it down from there)."""
        found = self.block_at(QPointF(event.pos()))
        if found is None:
            slot = self.slot_at(QPointF(event.pos()))
            if slot is not None:
                self.free_time_menu(*slot).exec(event.globalPos())
            return
        entry = found[0]
        if self.selected is None or self.selected.key != entry.key:
            self._select(entry)
        self.booking_menu(entry).exec(event.globalPos())

    def free_time_menu(self, machine: str, start: datetime) -> QMenu:
        """The menu of a machine's moment off any booking: take the machine down from there, or, when it is down then
        already, say until when and offer it back sooner from there (moving back what the downtime moved)."""
        menu = KeyedMenu(self)
        held = self.agenda.machine(machine) if self.agenda is not None else None
        down = next((p for p in held.downtime if p.start <= start < p.end), None) if held is not None else None
        if down is None:
            menu.addAction(f"{menu_words(machine)} &down from {clock_text(start)}…", lambda: self.downRequested.emit(machine, start))
        else:
            end = down.end.astimezone(start.tzinfo)
            until = clock_text(end) if end.date() == start.date() else f"{short_day(end.date())} {clock_text(end)}"
            menu.addAction(f"{menu_words(machine)} is down until {until}: &back sooner, from {clock_text(start)}…",
                           lambda: self.backRequested.emit(machine, down.start, start))
        return menu

    def booking_menu(self, entry: AgendaEntry) -> KeyedMenu:
        """A booking's menu, for the mouse (a right-click) and the keys (the menu key, Shift+F10) alike. Its first choice,
        in bold, is what Enter and a double-click do; each names the window's key that does it from the day view, which
        chooses it while the menu is open too, as its underlined letter does."""
        menu = KeyedMenu(self)
        # the Bookings menu's letters and keys, said in the menu: the window's actions do it with the keys
        one = menu.add_named("Move this &session to another day…", lambda: self.moveOneRequested.emit(entry), MOVE_ONE_KEYS)
        menu.setDefaultAction(one)
        action = menu.add_named("M&ove the rest of this course…", lambda: self.moveRestRequested.emit(entry), REST_KEYS)
        action.setEnabled(entry.kind is AppointmentKind.FRACTION)  # from a treatment session: a scan's number is no fraction's
        menu.room_for_bold_default()
        return menu

    def menu_at_block(self, entry: AgendaEntry) -> None:
        """The booking's menu by the keys: the mouse's menu, shown under the booking's block, which stays readable (within
        what is in view)."""
        rect = self.block_rect(entry)
        if rect is None:
            return
        shown = QRectF(self.visibleRegion().boundingRect())
        shown.setTop(shown.top() + HEADER)  # below the machines' names, which lie over the top of the view
        x = min(max(rect.left() + 12, shown.left()), shown.right() - 1)
        y = min(max(rect.bottom() + 2, shown.top()), shown.bottom() - 1)
        menu = self.booking_menu(entry)
        # Opened by the keys, its first choice (in bold: what Enter does in the day view) is highlighted, so that Enter
        # chooses it there too, as in a menu opened from a menu bar; the mouse's menu opens with none, as Qt's do.
        menu.highlight_default = True
        menu.exec(self.mapToGlobal(QPointF(x, y).toPoint()))


class OccupancyView(QWidget):
    """A week of occupancy: a row per machine, a column per day, each cell booked / open minutes.

    A Tab stop like the day view: the arrows choose a cell (outlined), whose words `cellChosen`
    says; the accessible description says every machine's week, booked and open minutes."""

    ROW = 60.0  # room for a bar and two lines: the minutes and share, then the time the machine was down
    NAME = 120.0
    cellChosen = Signal(str)  # the chosen cell in words: 'Linac 1, Tue 26 Mar: 312 / 600 min booked · 52 %. Enter opens ...'
    # Enter or a double-click on a cell: its day (None: the week's total) and machine (None: the total row), to open in the day view
    cellActivated = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.agenda: Agenda | None = None
        self.treating: frozenset[str] | None = None
        self.current = (0, 0)  # (row, column) of the chosen cell: a machine (or the total row), a day (or the week)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Week occupancy of every machine")
        self.setToolTip("Booked and open minutes of each machine per day; double-click a day to open it in the Day tab. "
                        "Keyboard: the arrows go from cell to cell, Home and End to the first and last day, Enter opens the day")

    def set_agenda(self, agenda: Agenda | None, treating: frozenset[str] | None = None) -> None:
        """`treating`: the machines that take treatment sessions; the total row counts only them (a CT
        simulator's or a clinic room's open hours are no room for fractions). None: every machine."""
        self.agenda = agenda
        self.treating = treating
        rows, columns = self._grid()
        self.current = (min(self.current[0], rows - 1), min(self.current[1], columns - 1))
        self.setAccessibleDescription(self.week_words())
        self.updateGeometry()
        self.update()

    def _grid(self) -> tuple[int, int]:
        """How many rows (the machines and the total) and columns (the days and the week) there are."""
        if self.agenda is None:
            return 1, 1
        return len(self.agenda.machines) + 1, len(self.agenda.dates) + 1

    def week_words(self) -> str:
        """Every machine's week in words, for a screen reader: 'Linac 1: 1200 / 3000 min booked this week · 40 %; ...'."""
        if self.agenda is None:
            return "No week shown."
        rows, columns = self._grid()
        return "; ".join(self.words_at(row, columns - 1) for row in range(rows)) + "."

    def words_at(self, row: int, column: int) -> str:
        """The whole text of one cell: row a machine (the last: the total), column a day (the last: the week)."""
        agenda = self.agenda
        if agenda is None:
            return ""
        days = agenda.dates
        machines = self.totalled() if row == len(agenda.machines) else (agenda.machines[row],)
        chosen = days if column == len(days) else (days[column],)
        booked = sum(m.booked_minutes(d, agenda.tz) for m in machines for d in chosen)
        opened = sum(agenda.counted_minutes(m, d) for m in machines for d in chosen)
        down = sum(m.down_minutes(d, agenda.tz) for m in machines for d in chosen)
        who = self.total_name() if row == len(agenda.machines) else machines[0].name
        when = "the week" if column == len(days) else short_day(chosen[0])
        if not opened:
            idle = shared_idle_word(agenda, machines, chosen)
            return f"{who}, {when}: {idle}" + (f" · {booked} min booked" if booked else "")
        lost = f" · {down} min down" if down else ""
        return f"{who}, {when}: {booked} / {opened} min booked · {round(100 * booked / opened)} %{lost}"

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        """The (row, column) of the cell under `point`; None outside the cells."""
        agenda = self.agenda
        name = self.name_width()
        if agenda is None or point.x() < name or point.y() < self.header_top() + HEADER:
            return None  # left of the cells, or on the days' names (kept at the top of what is seen)
        days = agenda.dates
        column = int((point.x() - name) // ((self.width() - name - 1) / max(1, len(days) + 1)))
        row = int((point.y() - HEADER) // self.ROW)
        if not (0 <= column <= len(days) and 0 <= row <= len(agenda.machines)):
            return None
        return row, column

    def activate(self, row: int, column: int) -> None:
        """Open a cell: `cellActivated` with its day and machine (None for the week's total, the total row)."""
        agenda = self.agenda
        if agenda is None:
            return
        day = agenda.dates[column] if column < len(agenda.dates) else None
        machine = agenda.machines[row].name if row < len(agenda.machines) else None
        self.cellActivated.emit(day, machine)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """A cell double-clicked is chosen (outlined and said) and opened, as Enter opens the chosen one."""
        cell = self.cell_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        if cell is None:
            super().mouseDoubleClickEvent(event)
            return
        self.current = cell
        self._say_current()
        self.activate(*cell)

    def cell_rect(self, row: int, column: int) -> QRectF:
        """Where a cell is drawn."""
        left = self.name_width()
        width = (self.width() - left - 1) / max(1, self._grid()[1])
        return QRectF(left + column * width + 4, HEADER + row * self.ROW + 4, width - 8, self.ROW - 8)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """The arrows choose a cell, Home and End the first day and the week's total; the chosen cell is said.
        Enter opens it (`activate`), as a double-click does."""
        rows, columns = self._grid()
        row, column = self.current
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.agenda is not None \
                and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            self.activate(row, column)
            return
        moves = {Qt.Key.Key_Left: (row, column - 1), Qt.Key.Key_Right: (row, column + 1), Qt.Key.Key_Up: (row - 1, column),
                 Qt.Key.Key_Down: (row + 1, column), Qt.Key.Key_Home: (row, 0), Qt.Key.Key_End: (row, columns - 1)}
        target = moves.get(Qt.Key(event.key()))
        if self.agenda is None or target is None or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        self.current = (max(0, min(rows - 1, target[0])), max(0, min(columns - 1, target[1])))
        self._say_current()

    def key_hint(self, row: int, column: int) -> str:
        """What Enter does on a cell, said after its words: open its machine's day (or the day of every machine, from the
        total row) in the Day tab; the week's total is no day: a day is chosen first."""
        agenda = self.agenda
        if agenda is None:
            return ""
        if column >= len(agenda.dates):
            return "Left chooses a day; Enter opens it in the Day tab."
        whose = f"{agenda.machines[row].name}'s day" if row < len(agenda.machines) else "the day"
        return f"Enter opens {whose} in the Day tab."

    def _say_current(self) -> None:
        words = f"{self.words_at(*self.current)}. {self.key_hint(*self.current)}"
        self.setAccessibleDescription(f"{words} {self.week_words()}")
        self.update()
        self.cellChosen.emit(words)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        """Reached by Tab: the chosen cell is outlined and said, as the day view says its chosen booking."""
        super().focusInEvent(event)
        if self.agenda is not None:
            self._say_current()

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        super().focusOutEvent(event)
        self.setAccessibleDescription(self.week_words())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        rows = len(self.agenda.machines) if self.agenda else 1
        return QSize(900, int(HEADER + self.ROW * (rows + 1) + 8))

    def minimumSizeHint(self) -> QSize:  # noqa: N802
        return QSize(600, self.sizeHint().height())

    def cell_text(self, machine: MachineAgenda, day: date) -> str:
        """'312 / 600 min · 52 %' (and '240 min down' under it), or 'closed' (or 'down': its downtime takes the whole day)."""
        assert self.agenda is not None
        opened = self.agenda.counted_minutes(machine, day)
        booked = machine.booked_minutes(day, self.agenda.tz)
        if not opened:
            word = self.agenda.idle_word(machine, day)
            return f"{word}\n{booked} min booked" if booked else word
        down = machine.down_minutes(day, self.agenda.tz)
        return "\n".join(line for line in (occupancy_forms(booked, opened)[0], down_words(down)) if line)

    def totalled(self) -> tuple[MachineAgenda, ...]:
        """The machines the total row adds up."""
        machines = self.agenda.machines if self.agenda is not None else ()
        return machines if self.treating is None else tuple(m for m in machines if m.name in self.treating)

    def name_width(self) -> float:
        """The width of the machines' names column: the longest name (the total row's too) in bold,
        at least NAME and at most a fifth of the view, so that "Treatment machines" reads whole."""
        if self.agenda is None:
            return self.NAME
        bold = QFont(self.font())
        bold.setBold(True)
        metrics = QFontMetrics(bold)
        widest = max(metrics.horizontalAdvance(name) for name in [*(m.name for m in self.agenda.machines), self.total_name()])
        return max(self.NAME, min(widest + 18.0, self.width() / 5))

    def total_name(self) -> str:
        machines = self.agenda.machines if self.agenda is not None else ()
        return "All machines" if len(self.totalled()) == len(machines) else "Treatment machines"

    def cell_words(self, point: QPointF) -> str:
        """The whole text of the cell under `point` ('Linac 1, Mon 23 Nov: 312 / 600 min · 52 %'), for its
        tooltip: a narrow cell shows the share alone. Empty outside the cells."""
        cell = self.cell_at(point)
        return self.words_at(*cell) if cell is not None else ""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            words = self.cell_words(QPointF(event.pos()))
            if words:
                QToolTip.showText(event.globalPos(), words, self)
            else:
                QToolTip.hideText()
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802
        painter = QPainter(self)
        try:
            palette = self.palette()
            painter.fillRect(self.rect(), palette.base())
            agenda = self.agenda
            if agenda is None:
                return
            days = agenda.dates
            left = self.name_width()
            width = (self.width() - left - 1) / max(1, len(days) + 1)
            bold = QFont(self.font())
            bold.setBold(True)
            text = palette.color(QPalette.ColorRole.Text)
            rows = [(m.name, [(m.booked_minutes(d, agenda.tz), agenda.counted_minutes(m, d), agenda.idle_word(m, d),
                               m.down_minutes(d, agenda.tz)) for d in days])
                    for m in agenda.machines]
            names = {m.name for m in self.totalled()}
            counted = [r for r in rows if r[0] in names]
            totals = [(sum(r[1][i][0] for r in counted), sum(r[1][i][1] for r in counted),
                       shared_idle_word(agenda, self.totalled(), (day,)), sum(r[1][i][3] for r in counted))
                      for i, day in enumerate(days)]
            rows.append((self.total_name(), totals))
            # One form in every day's cell, and one in the week's (its larger numbers may need a shorter one).
            metrics = QFontMetrics(self.font())
            level = occupancy_level([(c[0], c[1], c[3]) for _, cells in rows for c in cells], metrics, width - 8)
            week_level = occupancy_level([(sum(c[0] for c in cells), sum(c[1] for c in cells), 0) for _, cells in rows], metrics,
                                         width - 8)
            for row, (name, cells) in enumerate(rows):
                y = HEADER + row * self.ROW
                painter.setFont(bold)
                painter.setPen(text)
                painter.drawText(QRectF(6, y, left - 10, self.ROW), int(Qt.AlignmentFlag.AlignVCenter),
                                 painter.fontMetrics().elidedText(name, Qt.TextElideMode.ElideRight, int(left - 12)))
                painter.setFont(self.font())
                week = (sum(c[0] for c in cells), sum(c[1] for c in cells), "closed", sum(c[3] for c in cells))
                for column, (booked, opened, idle, down) in enumerate([*cells, week]):
                    self._cell(painter, palette, QRectF(left + column * width + 4, y + 4, width - 8, self.ROW - 8), booked, opened,
                               idle, down, week_level if column == len(cells) else level)
                painter.setPen(QPen(grid_line(palette, True)))
                painter.drawLine(QPointF(0, y + self.ROW), QPointF(self.width(), y + self.ROW))
            if self.hasFocus():  # the keyboard's cell, outlined as the day view outlines its chosen booking
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(self.cell_rect(*self.current).adjusted(-3, -3, 3, 3))
            # the days' names last, at the top of what is seen: twelve machines scroll, and their days stay named
            top = self.header_top()
            painter.fillRect(QRectF(0, top, self.width(), HEADER), palette.base())
            painter.setFont(bold)
            painter.setPen(text)
            for column, day in enumerate(days):
                painter.drawText(QRectF(left + column * width, top, width, HEADER), int(Qt.AlignmentFlag.AlignCenter), short_day(day))
            painter.drawText(QRectF(left + len(days) * width, top, width, HEADER), int(Qt.AlignmentFlag.AlignCenter), "Week")
            if top > 0:
                painter.setPen(QPen(grid_line(palette, True)))
                painter.drawLine(QPointF(0, top + HEADER), QPointF(self.width(), top + HEADER))
        finally:
            painter.end()

    def header_top(self) -> int:
        """Where the days' names are written: the top of what is seen of the week (lower once it scrolls)."""
        return max(0, self.visibleRegion().boundingRect().top())

    def _cell(self, painter: QPainter, palette: QPalette, rect: QRectF, booked: int, opened: int, idle: str = "closed",
              down: int = 0, level: int | None = None) -> None:
        text = palette.color(QPalette.ColorRole.Text)
        bar = QRectF(rect.x(), rect.y(), rect.width(), 10)
        painter.setPen(QPen(text, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(bar)
        if opened:
            share = booked / opened
            fill = palette.color(QPalette.ColorRole.Highlight)
            painter.fillRect(QRectF(bar.x() + 1, bar.y() + 1, (bar.width() - 2) * min(1.0, share), bar.height() - 2), fill)
            label = occupancy_label(booked, opened, painter.fontMetrics(), rect.width(), down, level)
        else:
            painter.fillRect(bar.adjusted(1, 1, -1, -1), QBrush(closed_hatch(palette), Qt.BrushStyle.Dense6Pattern))
            label = f"{idle}\n{booked} min booked" if booked else idle
        painter.setPen(text)
        lines = [painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, int(rect.width())) for line in label.split("\n")]
        painter.drawText(QRectF(rect.x(), bar.bottom() + 2, rect.width(), rect.height() - 12), int(Qt.AlignmentFlag.AlignLeft),
                         "\n".join(lines))


def shared_idle_word(agenda: Agenda, machines: Iterable[MachineAgenda], days: Iterable[date]) -> str:
    """What cells with no counted minutes are when they all say the same ('weekend', 'down'); else 'closed'."""
    words = {agenda.idle_word(m, d) for m in machines for d in days}
    return words.pop() if len(words) == 1 else "closed"


def occupancy_forms(booked: int, opened: int) -> tuple[str, str, str]:
    """A cell's booked and open minutes and share, longest first: '312 / 600 min · 52 %', '312/600 min · 52 %', '52 %'."""
    share = f"{round(100 * booked / opened)} %"
    return f"{booked} / {opened} min · {share}", f"{booked}/{opened} min · {share}", share


def down_words(down: int) -> str:
    """A cell's second line when its machine was down part of the time: '240 min down' (empty when it was not)."""
    return f"{down} min down" if down else ""


def occupancy_level(cells: Iterable[tuple[int, int, int]], metrics: QFontMetrics, width: float) -> int:
    """Which of `occupancy_forms` every cell of the view shows: the longest that fits each of them, so that
    the cells read alike (not one with its minutes beside one without). `cells`: (booked, open, down) minutes."""
    shown = [(booked, opened, down) for booked, opened, down in cells if opened]
    for level in (0, 1):
        if all(metrics.horizontalAdvance(occupancy_forms(booked, opened)[level]) <= width for booked, opened, _ in shown):
            return level
    return 2


def occupancy_label(booked: int, opened: int, metrics: QFontMetrics, width: float, down: int = 0, level: int | None = None) -> str:
    """A cell's words: its minutes and share as `occupancy_forms[level]` (the longest that fits `width` when no
    `level` is given: a narrow cell, a 1024-px screen or the week's total, keeps the share whole and drops minutes
    first), and on a second line the time its machine was down ('312 / 360 min · 87 %' / '240 min down')."""
    if level is None:
        level = occupancy_level([(booked, opened, down)], metrics, width)
    return "\n".join(line for line in (occupancy_forms(booked, opened)[level], down_words(down)) if line)


class WaitingList(QTableWidget):
    """The courses waiting to start, soonest due first (or in the order of a heading clicked, clicked again the other
    way); urgent and late ones say so in words; the hospital
    number tells two patients of one name apart. Discreet (a screen in a treatment room): initials only,
    no number and no site, as the day view."""

    COLUMNS = ("Patient", "Hospital number", "Site", "Ready", "Due", "Booked start", "Status")
    NUMBER, SITE, DUE, STATUS = 1, 2, 4, 6
    courseActivated = Signal(str)  # course id
    courseChosen = Signal(str)  # the course the keys or a click chose, in words (its due date, and what Enter does)
    # of a course that cannot be read (the main window cannot open it to do so): its right-click menu's actions
    unbookRequested = Signal(str)
    cancelRequested = Signal(str)
    listed = Signal()  # the rows were drawn again (new courses, a filter): the page's count follows

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.COLUMNS), parent)
        self.setHorizontalHeaderLabels(list(self.COLUMNS))
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # One course at a time, the highlight following the keys (Ctrl+End too): what is highlighted is what Enter books.
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.courses: list[WaitingCourse] = []  # the rows shown, in their order: those the filter keeps
        self.all_courses: list[WaitingCourse] = []  # every course waiting to start, soonest due first
        self.find_text = ""  # part of a name or hospital number: only the courses it matches are shown
        self.sort_column: int | None = None  # a heading clicked: the courses in its order (None: soonest due first)
        self.sort_descending = False
        header = self.horizontalHeader()
        header.setSectionsClickable(True)
        header.sectionClicked.connect(self.sort_by)
        self.unbooked_only = False  # only the courses not booked yet (at 400 courses on treatment, the few to book)
        self.discreet = False
        self.today: date | None = None  # the desk's today: what is overdue
        self.cellDoubleClicked.connect(self._activated)
        self.currentCellChanged.connect(self._chosen)

    def row_words(self, row: int) -> str:
        """A course in words, for the window's status line: 'Ben Urgent · H0002: due Wed 25 Nov 2026, urgent, not booked.
        Enter or Ctrl+B books it.' Discreet: initials, and no number (as the row). A course that cannot be read is named by
        its id, and says so once, in the reason: 'course c-7: booked from Mon 25 Mar. It cannot be read (...); ...'."""
        if not 0 <= row < len(self.courses):
            return ""
        course = self.courses[row]
        who = initials(course.patient) if self.discreet else course.patient or "(no name)"
        if course.unreadable:  # said once, by the reason, not by its stand-in's '(cannot be read)' and its standing too
            who = f"course {course.course_id}"
        if course.hospital_number and not self.discreet:
            who = f"{who} · {course.hospital_number}"
        standing = ", ".join("booked from " + short_day(course.booked_first) if word == "booked" and course.booked_first else word
                             for word in course.status_words(self.today) if not (course.unreadable and word == UNREADABLE_WORD))
        if course.unreadable:  # what it is, why, and what can be done with it
            why = printable(course.unreadable)
            subject = f"course {course.course_id} "
            why = f"It {why.removeprefix(subject)}" if why.startswith(subject) else why[:1].upper() + why[1:]
            return f"{who}: {standing}. {why}. The menu key or a right-click unbooks or cancels it."
        if course.due is None:  # no due date can be told
            return f"{who}: {standing}. The menu key or a right-click unbooks or cancels it; no due date."
        then = "Enter shows its booking, and books any make-up still waiting." if course.booked_first else "Enter or Ctrl+B books it."
        return f"{who}: due {day_text(course.due)}, {standing}. {then}"

    def _chosen(self, row: int, _column: int, previous: int, _previous_column: int) -> None:
        """Chosen by the keys or a click (the list has the focus then): said. A redraw that keeps the row says nothing."""
        if row != previous and self.hasFocus() and 0 <= row < len(self.courses):
            self.courseChosen.emit(self.row_words(row))

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt's name
        """Reached by Tab or the tab's Alt letter: the course with the keys' frame is said (not on coming back from a
        dialog or a menu, whose report stays in the status line). It is highlighted whole, in the selection's colour: Qt
        marks a current cell without a selection only by a pale tint of that cell, next to invisible."""
        super().focusInEvent(event)
        if 0 <= self.currentRow() < len(self.courses) and not self.selectionModel().isRowSelected(self.currentRow()):
            self.selectRow(self.currentRow())
        if event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason) \
                and 0 <= self.currentRow() < len(self.courses):
            self.courseChosen.emit(self.row_words(self.currentRow()))

    def set_discreet(self, discreet: bool) -> None:
        """Names become initials and the number and site columns go (the site is a diagnosis), or all come back."""
        self.discreet = discreet
        self.setColumnHidden(self.NUMBER, discreet)
        self.setColumnHidden(self.SITE, discreet)
        self.set_courses(self.all_courses)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter opens the current course, as a double-click does (the window books it, or shows a booked one's booking: see
        `row_words`); the Patients list opens one the same way."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentRow() >= 0:
            self.selectRow(self.currentRow())  # highlighted, if Ctrl+Space had taken the highlight off it
            self._activated(self.currentRow(), 0)
            return
        super().keyPressEvent(event)

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:  # noqa: N802
        """Home and End go to the first and last course, as in a list: a row is chosen whole, so going to
        its first or last column would change nothing to be seen."""
        if action in (QAbstractItemView.CursorAction.MoveHome, QAbstractItemView.CursorAction.MoveEnd) and self.rowCount():
            row = 0 if action is QAbstractItemView.CursorAction.MoveHome else self.rowCount() - 1
            column = max(0, self.currentColumn())
            return self.model().index(row, column)
        return super().moveCursor(action, modifiers)

    def set_courses(self, courses: list[WaitingCourse], today: date | None = None) -> None:
        """`today` (kept for a later redraw): an unbooked course past its due date says 'overdue', one due today 'due today'."""
        if today is not None:
            self.today = today
        # one that cannot be read first: it has no due date, and waits for the administrator whatever else is due
        self.all_courses = sorted(courses, key=lambda c: (c.due is not None, c.due or date.min, not c.urgent, c.patient))
        if self.sort_column is not None:  # a heading's order, the due order within it; one that cannot be read stays first
            column = self.sort_column
            self.all_courses.sort(key=lambda c: self._sort_value(c, column)[1], reverse=self.sort_descending)
            self.all_courses.sort(key=lambda c: (not c.unreadable, self._sort_value(c, column)[0]))  # no day: last either way
        self.courses = [course for course in self.all_courses if self.shows(course)]
        self.setRowCount(len(self.courses))
        for row, course in enumerate(self.courses):
            status = course.status_words(self.today)
            who = initials(course.patient) if self.discreet and not course.unreadable else course.patient  # a stand-in names nobody
            values = (who, "" if self.discreet else course.hospital_number, "" if self.discreet else course.site,
                      day_text(course.ready) if course.ready else "—", day_text(course.due) if course.due else "—",
                      day_text(course.booked_first) if course.booked_first else "—", ", ".join(status))
            why = printable(course.unreadable)  # why it cannot be read and what to do, on each of its cells
            bold = {self.STATUS} if course.needs_attention(self.today) else set()
            if (course.urgent and course.late) or (self.today is not None and (course.overdue(self.today) or course.due_today(self.today))):
                bold.add(self.DUE)  # the due date itself, which has come (or an urgent start booked past it)
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column in bold:
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setToolTip(why)
                self.setItem(row, column, item)
        self.listed.emit()

    def _sort_value(self, course: WaitingCourse, column: int) -> tuple[bool, object]:
        """What a course is sorted by under the heading `column`: its words, or its day (a course without one last)."""
        days = {3: course.ready, self.DUE: course.due, 5: course.booked_first}
        if column in days:
            day = days[column]
            return day is None, day or date.min
        words = {0: course.patient, self.NUMBER: course.hospital_number, self.SITE: course.site,
                 self.STATUS: ", ".join(course.status_words(self.today))}
        return False, words.get(column, "").casefold()

    def sort_by(self, column: int) -> None:
        """A heading clicked: the courses in its order (by name, number, site, day or status), clicked again the other
        way; the course chosen stays chosen."""
        chosen = self.courses[self.currentRow()].course_id if 0 <= self.currentRow() < len(self.courses) else None
        self.sort_descending = not self.sort_descending if column == self.sort_column else False
        self.sort_column = column
        header = self.horizontalHeader()
        header.setSortIndicatorShown(True)
        header.setSortIndicator(column, Qt.SortOrder.DescendingOrder if self.sort_descending else Qt.SortOrder.AscendingOrder)
        self.set_courses(self.all_courses)
        row = next((n for n, course in enumerate(self.courses) if course.course_id == chosen), None)
        if row is not None:
            self.setCurrentCell(row, max(0, self.currentColumn()))
            self.selectRow(row)

    def shows(self, course: WaitingCourse) -> bool:
        """Whether the filter keeps `course`: not booked yet (when asked), and its patient's name or hospital number
        holding the text typed (any case, any accents as typed; a course that cannot be read is always shown: it waits
        for the administrator, and its stand-in name matches nothing typed)."""
        if course.unreadable:
            return True
        if self.unbooked_only and course.booked_first is not None:
            return False
        wanted = self.find_text.strip().casefold()
        return not wanted or wanted in course.patient.casefold() or wanted in course.hospital_number.casefold()

    def set_filter(self, text: str, unbooked_only: bool) -> None:
        """Show only the courses whose name or number holds `text`, and only those not booked yet if `unbooked_only`;
        the first shown becomes the current course, so that Enter (or Ctrl+B) books the one found, and is said (none
        found: nothing is), not the course said before, which the filter may have hidden."""
        self.find_text, self.unbooked_only = text, unbooked_only
        self.set_courses(self.all_courses)
        if self.courses:
            self.setCurrentCell(0, 0)
            self.selectRow(0)
        self.courseChosen.emit(self.row_words(0) if self.courses else "")

    def _activated(self, row: int, _column: int) -> None:
        if 0 <= row < len(self.courses):
            self.courseActivated.emit(self.courses[row].course_id)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt's name
        """A course that cannot be read, right-clicked (or the current one, by the menu key): release its bookings or
        cancel it, which needs none of its text; its machine time goes back to the department. The main window, which
        cannot open it, offers neither. Any other course: no menu (Enter books it; the main window unbooks or cancels it)."""
        keyboard = event.reason() is QContextMenuEvent.Reason.Keyboard
        row = self.currentRow() if keyboard else self.rowAt(event.pos().y())
        if not 0 <= row < len(self.courses) or not self.courses[row].unreadable:
            return
        course = self.courses[row]
        self.selectRow(row)
        menu = QMenu(self)
        unbook = menu.addAction("&Unbook this course (release its bookings)…", lambda: self.unbookRequested.emit(course.course_id))
        unbook.setEnabled(course.booked_first is not None)
        menu.addAction("&Cancel this course…", lambda: self.cancelRequested.emit(course.course_id))
        menu.exec(event.globalPos())
