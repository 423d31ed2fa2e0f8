"""The department as data: clinic details, its calendar, its treatment machines and their downtime.

A department is read from and written to a TOML file (`python -m planner department import`),
kept in the store, and gives every course of the department its clinic calendar.

Downtime is held as aware datetimes in the department's zone: bookings are compared on real
instants (an overlap across a daylight-saving change is still an overlap), while the file shows
the wall-clock time the physicist wrote. A wall-clock time that does not exist (skipped by a
spring-forward change) is refused; one that happens twice takes its first occurrence unless the
file gives the UTC offset (`2026-11-01T01:30-05:00`).
"""

from __future__ import annotations

import errno
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time
from enum import StrEnum
from pathlib import Path
from typing import Any, NoReturn
from zoneinfo import ZoneInfo

from .bounded import read_bounded
from .clinic import DEFAULT_TREATMENT_DAYS, WEEKDAY_KEYS, ClinicCalendar, HolidayRegion, HolidaySource, PackageHolidays, parse_weekday
from .errors import Field, InputError
from .kinds import AppointmentKind
from .limits import MAX_RESERVE_RELEASE_DAYS, MAX_URGENT_RESERVE_PERCENT, MAX_URGENT_WITHIN_DAYS, check_date, check_dates
from .parsing import parse_date, parse_offset_datetime, parse_time
from .text import MARKUP, holds_unsafe, phone_problem, size_words, too_long
from .toml_text import TomlRefused, load_toml
from .wall_clock import check_wall_clock_given, hours_instants
from .zones import zone

MAX_FILE_BYTES = 1_000_000
MAX_MACHINES = 100
MAX_CLOSURES = 2000
MAX_DOWNTIME = 20_000
MAX_TEXT = 200
MAX_CAPABILITIES = 50
CAPABILITY_WORD = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")


class DepartmentFileError(ValueError):
    """A department file that cannot be used: names the file, the entry and the problem."""


def plain_text(field_name: Field, value: str, required: bool = False) -> str:
    """One line of at most MAX_TEXT characters, or an InputError naming the field."""
    text = value.strip()
    if required and not text:
        raise InputError(field_name, "must not be empty")
    long = too_long(text, MAX_TEXT)
    if long:
        raise InputError(field_name, long)
    if holds_unsafe(text):  # also a bidirectional override, which would reorder a list row or a terminal line
        raise InputError(field_name, "must be one line without control characters")
    if MARKUP.search(text):  # a window would show it as rich text, and load the files an <img> names
        raise InputError(field_name, "must be plain text, without markup (a '<' right before a letter)")
    return text


def machine_key(name: str) -> str:
    """What tells two machines' names apart for a person: not capitals, spacing, a character's width or an
    invisible one ('Linac 1', 'linac  1', 'Ｌｉｎａｃ 1' and 'Linac 1' with a zero-width space are one name),
    so no two machines read the same on a screen."""
    visible = "".join(c for c in unicodedata.normalize("NFKC", name) if unicodedata.category(c) != "Cf")
    return " ".join(visible.casefold().split())


_LOOK_ALIKE_SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")  # alphabets with letters that look the same ('a' and 'а', 'o' and 'ο')


def mixed_alphabets(name: str) -> str | None:
    """Why a machine's name cannot be told from another on a screen though no key tells them apart: a word
    that mixes Latin, Cyrillic or Greek letters ('Lіnac' with a Cyrillic 'і' beside 'Linac'); None for a
    name whose every word (run of letters and digits) keeps to one of them: a name in Cyrillic, or 'γ-Knife', is fine."""
    for word in re.findall(r"\w+", name):
        seen: dict[str, str] = {}
        for char in word:
            script = unicodedata.name(char, "").split(" ", 1)[0]
            if script in _LOOK_ALIKE_SCRIPTS:
                seen.setdefault(script, char)
        if len(seen) > 1:
            (first, _), (other, odd) = sorted(seen.items(), key=lambda item: word.index(item[1]))[:2]
            return (f"the word '{word}' mixes {first.title()} and {other.title()} letters ('{odd}' is U+{ord(odd):04X} "
                    f"{unicodedata.name(odd)}); type it in one alphabet so that it cannot pass for another machine's name")
    return None


CT_CAPABILITY = "ct"  # a CT simulator: planning scans, never fractions
ROOM_CAPABILITY = "room"  # a clinic room: on-treatment reviews, never fractions


HELD_WORDS = {AppointmentKind.SIMULATION: "planning scans", AppointmentKind.FRACTION: "treatment sessions",
              AppointmentKind.REVIEW: "reviews", AppointmentKind.FOLLOW_UP: "follow-up visits"}  # "CT simulator takes planning scans"


def held_kind(capabilities: frozenset[str]) -> AppointmentKind:
    """What a machine with these capabilities is booked for: a CT simulator takes planning scans,
    a clinic room takes reviews, every other machine takes fractions."""
    if CT_CAPABILITY in capabilities:
        return AppointmentKind.SIMULATION
    if ROOM_CAPABILITY in capabilities:
        return AppointmentKind.REVIEW
    return AppointmentKind.FRACTION


@dataclass(frozen=True)
class Machine:
    """A treatment machine: its beam-matched group (machines of one group treat each other's
    patients), capabilities (free words: vmat, sbrt, dibh, srs) and opening hours per weekday
    (0 = Monday -> (opens, closes), local wall-clock times; a weekday not listed is closed)."""

    name: str
    group: str = ""
    capabilities: frozenset[str] = frozenset()
    hours: Mapping[int, tuple[time, time]] = field(default_factory=dict, hash=False)
    # The department file's `formerly`: the name the store knows this machine by, renamed to `name` on import (it keeps
    # its bookings, downtime and what its downtime moved). Not part of what the machine is.
    formerly: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        plain_text(Field.NAME, self.name, required=True)
        plain_text(Field.GROUP, self.group)
        for word in self.capabilities:
            if not CAPABILITY_WORD.match(word):
                raise InputError(Field.CAPABILITIES, f"'{word}' is not a capability word (lower-case letters, digits, '-' or '_')")
        if {CT_CAPABILITY, ROOM_CAPABILITY} <= self.capabilities:
            raise InputError(Field.CAPABILITIES, f"a machine is a CT simulator ('{CT_CAPABILITY}') or a clinic room "
                                                 f"('{ROOM_CAPABILITY}'), not both")
        for weekday, (opens, closes) in self.hours.items():
            if weekday not in range(7):
                raise InputError(Field.HOURS, "weekdays are numbered 0 (Monday) to 6 (Sunday)")
            if not opens < closes:
                raise InputError(Field.HOURS, f"{WEEKDAY_KEYS[weekday]}: the machine must open before it closes")

    def has(self, capabilities: frozenset[str]) -> bool:
        """Whether this machine offers every one of `capabilities`."""
        return capabilities <= self.capabilities

    @property
    def holds(self) -> AppointmentKind:
        """The kind of appointment booked on it (see `held_kind`)."""
        return held_kind(self.capabilities)

    def opening(self, day: date, tz: ZoneInfo) -> tuple[datetime, datetime] | None:
        """When the machine opens and closes on `day`, as aware datetimes in `tz` (on a day the clocks
        change, as `hours_instants` reads its hours); None when closed."""
        hours = self.hours.get(day.weekday())
        if hours is None:
            return None
        return hours_instants(day, hours[0], hours[1], tz)


class MakeUpCause(StrEnum):
    """Why a fraction makes up another session: the patient missed it (a mark on the course), or a
    re-booking took it off its day (a machine's downtime, the whole department closed)."""

    MISSED = "missed"
    DOWNTIME = "downtime"
    CLOSURE = "closure"


@dataclass(frozen=True)
class MakeUpMark:
    """A fraction given in place of a session not given on `day` (the day that session was booked or planned)."""

    day: date
    cause: MakeUpCause


class Rebooked(StrEnum):
    """How a downtime or closure re-booked a session the patient had been given: to another time or machine that
    day, to a weekend, as a second session on another day, or added at the end of the course; or, when none of the
    course had been given before the sessions it added at the end, the course starts later (said on its first)."""

    OTHER_TIME = "other time"
    OTHER_MACHINE = "other machine"
    WEEKEND = "weekend"
    SECOND_SESSION = "second session"
    END = "end of course"
    LATER_START = "later start"


@dataclass(frozen=True)
class RebookedNote:
    """Why a booked session is not where the patient's course had it: `how` it was re-booked, lost to `cause`
    (a machine's downtime, the department closed), in place of the session of `day`. Worded for the patient
    by `planner.wording.rebooked_line`."""

    how: Rebooked
    cause: MakeUpCause
    day: date
    count: int = 1  # the sessions of `day` re-booked so (a twice-daily course's whole day: 2); LATER_START: the first day


@dataclass(frozen=True)
class Booking:
    """One appointment placed on a machine at a time: start and end aware (the engine's are in the
    department's zone, the store's in UTC when read back). `make_up`: a fraction a downtime or closure
    re-booking gave in place of a session it took off its day (a weekend, a second session or one added
    at the end of the course), kept with the booking when it moves or is numbered again. `moved`: a session
    a downtime or closure re-booking moved to another time or machine on its own day, and why (written then,
    so the patient's calendar line does not change when the downtime is shortened later). `released`: a
    session marked missed in advance, kept as the record of its day, holding no machine time."""

    course_id: str
    kind: AppointmentKind
    number: int
    machine: str
    start: datetime
    end: datetime
    make_up: MakeUpMark | None = None
    moved: MakeUpCause | None = None
    released: bool = False

    @property
    def key(self) -> tuple[str, AppointmentKind, int]:
        return (self.course_id, self.kind, self.number)


@dataclass(frozen=True)
class Recorded:
    """Who entered a downtime or closure into the department's store, and when (aware): the store's login
    for its audit trail ("alice (role planner)"), as a course's history names it."""

    who: str
    at: datetime


@dataclass(frozen=True)
class Downtime:
    """A planned time a machine treats no one (QA, service): start and end are aware datetimes.
    `recorded`: who entered it into the store and when (None: not known, e.g. entered before the store kept
    track, or not stored yet); not part of what the downtime is, so it takes no part in comparing two."""

    machine: str
    start: datetime
    end: datetime
    reason: str = ""
    recorded: Recorded | None = field(default=None, compare=False)

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise InputError(Field.START, "downtime needs aware date-times (in the department's zone)")
        if not self.start < self.end:
            raise InputError(Field.END, "downtime must end after it starts")
        check_date(Field.START, self.start)  # every path (file, window, command line) within the planner's calendar
        check_date(Field.END, self.end)
        plain_text(Field.REASON, self.reason)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """Whether [start, end) shares any instant with this downtime."""
        return self.start < end and start < self.end


@dataclass(frozen=True)
class BookingRules:
    """How the department books its machines: each a setting of the department (every coordinator's
    bookings follow the same rules), with the default a clinic starts from."""

    urgent_within_days: int = 2  # an urgent course starts within this many working days of being ready
    urgent_reserve_percent: int = 10  # share of each machine-day held for urgent starts (a block at its end)
    reserve_release_days: int = 2  # working days ahead when that share opens to routine bookings
    second_session: bool = True  # a fraction lost to downtime may be made up as a second session >= 6 h apart
    weekend_hours: tuple[time, time] | None = None  # ... or on a weekend in these hours; None: no weekend sessions

    def __post_init__(self) -> None:
        for value, top, what in ((self.urgent_within_days, MAX_URGENT_WITHIN_DAYS, Field.URGENT_WITHIN),
                                 (self.reserve_release_days, MAX_RESERVE_RELEASE_DAYS, Field.RESERVE_RELEASE)):
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= top:
                raise InputError(what, f"must be a whole number of working days from 0 to {top}")
        percent = self.urgent_reserve_percent
        if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= MAX_URGENT_RESERVE_PERCENT:
            raise InputError(Field.URGENT_RESERVE, f"must be a whole percentage from 0 to {MAX_URGENT_RESERVE_PERCENT}")
        if not isinstance(self.second_session, bool):
            raise InputError(Field.SECOND_SESSION, "must be true or false")
        if self.weekend_hours is not None and not self.weekend_hours[0] < self.weekend_hours[1]:
            raise InputError(Field.WEEKEND_HOURS, "must close after they open")

    def summary(self) -> str:
        """The rules in one line, as the department's listing shows them."""
        days = "working day" if self.urgent_within_days == 1 else "working days"
        ahead = "working day" if self.reserve_release_days == 1 else "working days"
        reserve = (f"{self.urgent_reserve_percent} % of each machine-day held for them, open to routine bookings "
                   f"{self.reserve_release_days} {ahead} ahead" if self.urgent_reserve_percent else "no time held for them")
        make_ups = [kind for kind, allowed in (("a second session that day", self.second_session),
                                              (f"a weekend session ({self.weekend_text})", self.weekend_hours is not None)) if allowed]
        lost = (f"gap-sensitive courses make up a fraction lost to downtime in {' or '.join(make_ups)}" if make_ups else
                "a fraction lost to downtime goes to the end of the course")
        return f"urgent courses start within {self.urgent_within_days} {days}; {reserve}; {lost}"

    @property
    def weekend_text(self) -> str:
        """The weekend hours as the file and the settings window write them ("09:00-13:00"), '' for none."""
        if self.weekend_hours is None:
            return ""
        opens, closes = self.weekend_hours
        return f"{opens:%H:%M}-{closes:%H:%M}"


@dataclass(frozen=True)
class Department:
    """One radiotherapy department: who it is, when it treats, and on which machines."""

    name: str
    timezone: str = "UTC"
    address: str = ""
    phone: str = ""
    treatment_days: frozenset[int] = DEFAULT_TREATMENT_DAYS
    holidays: str | None = None  # a region code such as "US-NY", or None for no public holidays
    closures: tuple[tuple[date, str], ...] = ()
    machines: tuple[Machine, ...] = ()
    downtime: tuple[Downtime, ...] = ()
    booking: BookingRules = BookingRules()
    # Who entered each closure into the store and when, by day (a day left out: not known); as Downtime.recorded,
    # no part of what the department is.
    closures_recorded: tuple[tuple[date, Recorded], ...] = field(default=(), compare=False)

    def __post_init__(self) -> None:
        plain_text(Field.NAME, self.name, required=True)
        plain_text(Field.ADDRESS, self.address)
        plain_text(Field.PHONE, self.phone)
        zone(Field.TIMEZONE, self.timezone)
        if not self.treatment_days:
            raise InputError(Field.TREATMENT_DAYS, "the department needs at least one treatment weekday")
        if any(d not in range(7) for d in self.treatment_days):
            raise InputError(Field.TREATMENT_DAYS, "weekdays are numbered 0 (Monday) to 6 (Sunday)")
        check_dates(Field.CLOSED, (day for day, _ in self.closures))
        names = [m.name for m in self.machines]
        keys = [machine_key(name) for name in names]
        for index, name in enumerate(names):
            if keys[index] in keys[:index]:
                other = names[keys.index(keys[index])]
                also = "" if other == name else f" (and '{other}': capitals, spacing, width and invisible characters do not tell machines apart)"
                raise InputError(Field.MACHINES, f"two machines are named '{name}'{also}")
        for item in self.downtime:
            if item.machine not in names:
                raise InputError(Field.DOWNTIME, f"'{item.machine}' is not a machine of the department")

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def machine(self, name: str) -> Machine | None:
        return next((m for m in self.machines if m.name == name), None)

    def closure_recorded(self, day: date) -> Recorded | None:
        """Who entered the closure of `day` into the store, and when; None when not known."""
        return next((recorded for closed, recorded in self.closures_recorded if closed == day), None)

    def downtime_of(self, machine: str) -> tuple[Downtime, ...]:
        return tuple(d for d in self.downtime if d.machine == machine)

    def clinic_calendar(self, source: HolidaySource | None = None) -> ClinicCalendar:
        """The department's calendar: treatment weekdays, public holidays (asked of `source`,
        else of the holidays package itself) and closures."""
        asked = source if source is not None else PackageHolidays()
        region = HolidayRegion.parse(Field.HOLIDAYS, self.holidays, asked) if self.holidays else None
        return ClinicCalendar(treatment_days=self.treatment_days, holiday_region=region,
                              closures=dict(self.closures), holidays_from=asked)


def _downtime_key(down: Downtime) -> tuple[str, datetime, datetime]:
    return (down.machine, down.start, down.end)


def kept_downtime(recorded: tuple[Downtime, ...], new: Department) -> tuple[Downtime, ...]:
    """Downtime `recorded` in the store that `new` does not hold, on machines `new` still has: replacing
    the settings keeps it (downtime of a machine left out goes with the machine)."""
    machines = {m.name for m in new.machines}
    held = {_downtime_key(d) for d in new.downtime}
    return tuple(d for d in recorded if d.machine in machines and _downtime_key(d) not in held)


def shortened_downtime(before: tuple[Downtime, ...], after: tuple[Downtime, ...]) -> list[tuple[Downtime, Downtime]]:
    """Each downtime of `before` that `after` ends earlier (the same machine and start, an earlier end, the old
    period gone): (old, new). The machine is bookable again from the new end; what its downtime moved stays moved."""
    held = {_downtime_key(d) for d in after}
    return [(old, new) for old in before if _downtime_key(old) not in held
            for new in after if new.machine == old.machine and new.start == old.start and new.end < old.end]


def with_machines_renamed(department: Department, renamed: Mapping[str, str]) -> Department:
    """`department` with each machine named in `renamed` (old name -> new name) under its new name, and its
    downtime too (who recorded each stays): the department as it reads once the store renamed those machines."""
    if not renamed:
        return department
    machines = tuple(replace(m, name=renamed.get(m.name, m.name)) for m in department.machines)
    downtime = tuple(replace(d, machine=renamed[d.machine], recorded=d.recorded) if d.machine in renamed else d
                     for d in department.downtime)
    return replace(department, machines=machines, downtime=downtime)


def with_recorded_downtime(recorded: tuple[Downtime, ...], new: Department) -> Department:
    """`new` with the downtime `recorded` in the store kept beside its own (each period once): a broken
    machine must not become bookable because the department's settings were read in again."""
    kept = kept_downtime(recorded, new)
    if not kept:
        return new
    together = sorted(new.downtime + kept, key=lambda d: (d.machine, d.start, d.end))
    return replace(new, downtime=tuple(together))


def with_recorded_closures(recorded: tuple[tuple[date, str], ...], new: Department, since: date) -> Department:
    """`new` with the closures `recorded` in the store from `since` on that it does not hold kept beside its own:
    a day closed with `closure` (its patients re-booked) must not open again because the department file,
    which never named it, was read in again. Past closures, and any removed in Department settings, go."""
    days = {day for day, _ in new.closures}
    kept = tuple((day, note) for day, note in recorded if day >= since and day not in days)
    return replace(new, closures=tuple(sorted(new.closures + kept))) if kept else new


def with_changes_since(opened: Department, stored: Department, new: Department) -> Department:
    """`new`, the settings a coordinator edited from `opened`, with the downtime and closures another coordinator
    recorded in the store since (in `stored`, not in `opened`: a machine taken down, the department closed for a
    day) kept beside its own: saving settings opened before them must not make a broken machine bookable or a
    closed day open again. What the coordinator removed from `opened` stays removed. So does every other setting
    the other coordinator changed that this one left as opened (the phone, the booking rules, a machine's hours
    or a machine added, by name); one both changed takes `new`'s."""
    taken = {name: getattr(stored, name) for name in ("name", "timezone", "address", "phone", "treatment_days", "holidays",
                                                      "booking") if getattr(new, name) == getattr(opened, name)}
    if taken:
        new = replace(new, **taken)
    new = replace(new, machines=_machines_since(opened.machines, stored.machines, new.machines))
    seen = {_downtime_key(d) for d in opened.downtime}
    since = tuple(d for d in stored.downtime if _downtime_key(d) not in seen)
    if since:
        new = with_recorded_downtime(since, new)
    known = {day for day, _ in opened.closures} | {day for day, _ in new.closures}
    closed = tuple((day, note) for day, note in stored.closures if day not in known)
    if closed:
        new = replace(new, closures=tuple(sorted(new.closures + closed)))
    return new


def _machines_since(opened: tuple[Machine, ...], stored: tuple[Machine, ...], new: tuple[Machine, ...]) -> tuple[Machine, ...]:
    """Each machine, by name, as `new` has it where this coordinator changed it (added, edited or removed) since
    `opened`, else as `stored` has it (another coordinator's change); in `new`'s order, others' additions after."""
    before, theirs, mine = ({m.name: m for m in group} for group in (opened, stored, new))
    names = [*mine, *(name for name in theirs if name not in mine)]
    chosen = [mine.get(name) if mine.get(name) != before.get(name) else theirs.get(name) for name in names]
    return tuple(machine for machine in chosen if machine is not None)


def new_downtime(recorded: tuple[Downtime, ...], new: Department) -> tuple[Downtime, ...]:
    """The downtime of `new` not `recorded` in the store already."""
    known = {_downtime_key(d) for d in recorded}
    return tuple(d for d in new.downtime if _downtime_key(d) not in known)


# ---------------------------------------------------------------------- the TOML file
_DEPARTMENT_KEYS = {"name", "timezone", "holidays", "treatment_days", "phone", "address"}
_MACHINE_KEYS = {"name", "group", "capabilities", "hours", "formerly"}
_CLOSURE_KEYS = {"date", "name"}
_DOWNTIME_KEYS = {"machine", "start", "end", "reason"}
_BOOKING_KEYS = {"urgent_within_days", "urgent_reserve_percent", "reserve_release_days", "second_session", "weekend_hours"}
_TOP_KEYS = {"department", "booking", "closures", "machines", "downtime"}


class _Entry:
    """One table of the file, naming itself in every refusal."""

    def __init__(self, source: str, label: str, data: Any, allowed: set[str]) -> None:
        self.source = source
        self.label = label
        if not isinstance(data, dict):
            self.fail("must be a table")
        self.data: dict[str, Any] = data
        unknown = sorted(set(data) - allowed)
        if unknown:
            self.fail(f"unknown key '{unknown[0]}' (known: {', '.join(sorted(allowed))})")

    def fail(self, problem: str) -> NoReturn:
        raise DepartmentFileError(f"{self.source}: {self.label}: {problem}")

    def text(self, key: str, required: bool = False) -> str:
        if required and key not in self.data:  # left out, which is not the same slip as written empty
            self.fail(f"'{key}' is missing")
        value = self.data.get(key, "")
        if not isinstance(value, str):
            self.fail(f"'{key}' must be text")
        try:
            return plain_text(Field(key), value, required)
        except InputError as exc:
            self.fail(f"'{key}' {exc.reason}")

    def words(self, key: str, limit: int) -> list[str]:
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(f"'{key}' must be a list of text")
        if len(value) > limit:
            self.fail(f"'{key}' lists more than {limit} entries")
        return value

    def checked(self, key: str, parse: Any, *args: Any) -> Any:
        try:
            return parse(*args)
        except InputError as exc:
            self.fail(f"'{key}': {exc.reason}")


def _tables(source: str, data: dict[str, Any], key: str, limit: int) -> list[Any]:
    value = data.get(key, [])
    if not isinstance(value, list):
        raise DepartmentFileError(f"{source}: '{key}' must be an array of tables ([[{key}]])")
    if len(value) > limit:
        raise DepartmentFileError(f"{source}: more than {limit} [[{key}]] entries")
    return value


def _hours(text: str) -> tuple[time, time]:
    opens, sep, closes = text.partition("-")
    if not sep:
        raise InputError(Field.HOURS, f"'{text}' is not opening hours in the form HH:MM-HH:MM")
    span = parse_time(Field.HOURS, opens), parse_time(Field.HOURS, closes)
    if not span[0] < span[1]:
        raise InputError(Field.HOURS, f"'{text}' closes before it opens")
    return span


def parse_local_instant(field: Field, text: str, tz: ZoneInfo) -> datetime:
    """'2026-12-02T07:30' (wall clock in `tz`) or with a UTC offset -> an aware datetime in `tz`;
    a wall-clock time skipped by a daylight-saving change is refused, and so is one it repeats unless
    its UTC offset says which of the two instants is meant."""
    moment = parse_offset_datetime(field, text)  # within the planner's calendar: no zone arithmetic overflows
    if moment.tzinfo is not None:
        return moment.astimezone(tz)
    local = moment.replace(tzinfo=tz)
    check_wall_clock_given(field, text, local, offset_picks=True)
    return local


def parse_department(text: str, source: str) -> Department:
    """The department described by a TOML text; DepartmentFileError names `source`, the entry and the problem."""
    try:
        data = load_toml(text)
    except TomlRefused as exc:  # a syntax error, or a text built to make the parser hang or crash
        raise DepartmentFileError(f"{source}: not valid TOML: {exc}") from None
    return department_from_data(data, source)


def department_from_data(data: dict[str, Any], source: str) -> Department:
    """The department described by TOML or JSON tables, checked entry by entry."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise DepartmentFileError(f"{source}: unknown section '{unknown[0]}' (known: {', '.join(sorted(_TOP_KEYS))})")
    if "department" not in data:
        raise DepartmentFileError(f"{source}: the file has no [department] table")
    head = _Entry(source, "[department]", data["department"], _DEPARTMENT_KEYS)
    name = head.text("name", required=True)
    tz_name = head.text("timezone") or "UTC"
    tz = head.checked("timezone", zone, Field.TIMEZONE, tz_name)
    holidays = head.text("holidays") or None
    days = head.words("treatment_days", 7) if "treatment_days" in head.data else [WEEKDAY_KEYS[d] for d in sorted(DEFAULT_TREATMENT_DAYS)]
    weekdays = [head.checked("treatment_days", parse_weekday, Field.TREATMENT_DAYS, d) for d in days]
    if len(set(weekdays)) != len(weekdays):
        head.fail("'treatment_days' names a weekday twice")
    if not weekdays:
        head.fail("'treatment_days' must name at least one weekday")

    closures: list[tuple[date, str]] = []
    for index, raw in enumerate(_tables(source, data, "closures", MAX_CLOSURES), 1):
        entry = _Entry(source, f"[[closures]] #{index}", raw, _CLOSURE_KEYS)
        day = entry.data.get("date")
        if isinstance(day, date) and not isinstance(day, datetime):
            when = day
        elif isinstance(day, str):
            when = entry.checked("date", parse_date, Field.DATE, day)
        else:
            entry.fail("'date' must be a date such as 2026-12-24")
        entry.checked("date", check_date, Field.DATE, when)  # a TOML date is not parsed from text: checked here
        if any(when == other for other, _ in closures):
            entry.fail(f"{when.isoformat()} is listed twice")
        closures.append((when, entry.text("name")))

    machines: list[Machine] = []
    for index, raw in enumerate(_tables(source, data, "machines", MAX_MACHINES), 1):
        entry = _Entry(source, f"[[machines]] #{index}", raw, _MACHINE_KEYS)
        machine_name = entry.text("name", required=True)
        entry.label = f"[[machines]] #{index} ({machine_name})"
        hours_table = entry.data.get("hours", {})
        if not isinstance(hours_table, dict):
            entry.fail("'hours' must be a table such as { mon = \"07:30-19:00\" }")
        hours: dict[int, tuple[time, time]] = {}
        for key, span in hours_table.items():
            weekday = entry.checked(f"hours.{key}", parse_weekday, Field.HOURS, str(key))
            if weekday in hours:
                entry.fail(f"'hours' names {WEEKDAY_KEYS[weekday]} twice")
            if not isinstance(span, str):
                entry.fail(f"'hours.{key}' must be text such as \"07:30-19:00\"")
            hours[weekday] = entry.checked(f"hours.{key}", _hours, span)
        words = [w.strip().lower() for w in entry.words("capabilities", MAX_CAPABILITIES)]
        bad = next((w for w in words if not CAPABILITY_WORD.match(w)), None)
        if bad is not None:
            entry.fail(f"'capabilities': '{bad}' is not a capability word (lower-case letters, digits, '-' or '_')")
        if {CT_CAPABILITY, ROOM_CAPABILITY} <= set(words):
            entry.fail(f"'capabilities': a machine is a CT simulator ('{CT_CAPABILITY}') or a clinic room "
                       f"('{ROOM_CAPABILITY}'), not both")
        mixed = mixed_alphabets(machine_name)
        if mixed is not None:
            entry.fail(f"'name': {mixed}")
        same = next((m.name for m in machines if machine_key(m.name) == machine_key(machine_name)), None)
        if same is not None:
            also = "" if same == machine_name else f" (as '{same}': capitals, spacing, width and invisible characters do not tell machines apart)"
            entry.fail(f"a machine named '{machine_name}' is listed twice{also}")
        formerly = entry.data.get("formerly", "")
        if not isinstance(formerly, str):
            entry.fail("'formerly' must be text")
        try:
            formerly = plain_text(Field.NAME, formerly)
        except InputError as exc:
            entry.fail(f"'formerly' {exc.reason}")
        if formerly and machine_key(formerly) == machine_key(machine_name):
            formerly = ""  # its name as it was: no rename
        if formerly and any(m.formerly == formerly for m in machines):
            entry.fail(f"'formerly': two machines say they were '{formerly}'")
        machines.append(Machine(name=machine_name, group=entry.text("group"), capabilities=frozenset(words), hours=hours,
                                formerly=formerly))
    # A name given up by a rename may be another machine's new name (two machines swap names, or A -> B while B -> C):
    # it is listed under its old name too only when the machine listed so says it was something else before.
    kept_names = {other.name for other in machines if not other.formerly}
    renamed_away = next((m for m in machines if m.formerly and m.formerly in kept_names), None)
    if renamed_away is not None:
        _Entry(source, f"[[machines]] ({renamed_away.name})", {}, _MACHINE_KEYS).fail(
            f"'formerly': '{renamed_away.formerly}' is listed as a machine too: a machine renamed is listed under its new name only")

    downtime: list[Downtime] = []
    known = {m.name for m in machines}
    for index, raw in enumerate(_tables(source, data, "downtime", MAX_DOWNTIME), 1):
        entry = _Entry(source, f"[[downtime]] #{index}", raw, _DOWNTIME_KEYS)
        machine_name = entry.text("machine", required=True)
        if machine_name not in known:
            entry.fail(f"'machine': '{machine_name}' is not one of the [[machines]]")
        span = []
        for key in ("start", "end"):
            if key not in entry.data:
                entry.fail(f"'{key}' is missing (a date and time such as 2026-12-02T07:30)")
            value = entry.data.get(key)
            if isinstance(value, datetime):  # a TOML date-time, written to the second: read as the minute it gives
                value = value.isoformat(timespec="minutes" if not (value.second or value.microsecond) else "auto")
            if not isinstance(value, str):
                entry.fail(f"'{key}' must be a date and time such as 2026-12-02T07:30")
            span.append(entry.checked(key, parse_local_instant, Field(key), value, tz))
        if not span[0] < span[1]:
            entry.fail("'end' must come after 'start'")
        downtime.append(Downtime(machine=machine_name, start=span[0], end=span[1], reason=entry.text("reason")))

    booking = _booking_rules(source, data.get("booking", {}))
    try:
        phone = head.text("phone")
        problem = phone_problem(phone)
        if problem:
            head.fail(f"'phone': {problem}")
        return Department(name=name, timezone=tz.key, address=head.text("address"), phone=phone,
                          treatment_days=frozenset(weekdays), holidays=holidays, closures=tuple(closures),
                          machines=tuple(machines), downtime=tuple(downtime), booking=booking)
    except InputError as exc:
        raise DepartmentFileError(f"{source}: {exc}") from None


def _booking_rules(source: str, data: Any) -> BookingRules:
    """The [booking] table: each key optional, the default taken for one left out."""
    entry = _Entry(source, "[booking]", data, _BOOKING_KEYS)
    values: dict[str, Any] = {}
    for key in ("urgent_within_days", "urgent_reserve_percent", "reserve_release_days"):
        if key in entry.data:
            value = entry.data[key]
            if isinstance(value, bool) or not isinstance(value, int):
                entry.fail(f"'{key}' must be a whole number")
            values[key] = value
    if "second_session" in entry.data:
        if not isinstance(entry.data["second_session"], bool):
            entry.fail("'second_session' must be true or false")
        values["second_session"] = entry.data["second_session"]
    weekend = entry.data.get("weekend_hours", "")
    if not isinstance(weekend, str):
        entry.fail("'weekend_hours' must be text such as \"09:00-13:00\" (empty: no weekend sessions)")
    if weekend.strip():
        values["weekend_hours"] = entry.checked("weekend_hours", _hours, weekend.strip())
    try:
        return BookingRules(**values)
    except InputError as exc:
        key = {Field.URGENT_WITHIN: "urgent_within_days", Field.URGENT_RESERVE: "urgent_reserve_percent",
               Field.RESERVE_RELEASE: "reserve_release_days"}.get(exc.field, exc.field.value)
        entry.fail(f"'{key}' {exc.reason}")


def load_department(path: Path) -> Department:
    """Read a department file (at most 1 MB of UTF-8 TOML) from a regular file."""
    try:
        raw = read_bounded(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise DepartmentFileError(f"{path}: no such file") from None
    except OSError as exc:
        if exc.errno == errno.EINVAL:
            raise DepartmentFileError(f"{path}: not a regular file") from None
        raise DepartmentFileError(f"{path}: cannot read the department file ({exc.strerror or exc})") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DepartmentFileError(f"{path}: too large for a department file (at most {size_words(MAX_FILE_BYTES)})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise DepartmentFileError(f"{path}: the department file is not UTF-8 text") from None
    return parse_department(text, str(path))


def _toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for char in text:
        if char in ('"', "\\"):
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def instant_text(moment: datetime, tz: ZoneInfo) -> str:
    """Wall-clock text in `tz`; with the UTC offset only where the wall-clock time happens twice."""
    local = moment.astimezone(tz)
    wall = local.replace(tzinfo=None)
    other = wall.replace(fold=1 - local.fold).replace(tzinfo=tz)
    if other.utcoffset() != local.utcoffset():
        return local.isoformat(timespec="minutes")
    return wall.isoformat(timespec="minutes")


def department_to_toml(department: Department) -> str:
    """The department file for `department`; parse_department reads it back to an equal value."""
    q = _toml_string
    lines = ["[department]", f"name = {q(department.name)}", f"timezone = {q(department.timezone)}"]
    if department.holidays:
        lines.append(f"holidays = {q(department.holidays)}")
    lines.append("treatment_days = [" + ", ".join(q(WEEKDAY_KEYS[d]) for d in sorted(department.treatment_days)) + "]")
    if department.phone:
        lines.append(f"phone = {q(department.phone)}")
    if department.address:
        lines.append(f"address = {q(department.address)}")
    rules = department.booking
    lines += ["", "[booking]", f"urgent_within_days = {rules.urgent_within_days}",
              f"urgent_reserve_percent = {rules.urgent_reserve_percent}",
              f"reserve_release_days = {rules.reserve_release_days}",
              f"second_session = {'true' if rules.second_session else 'false'}",
              f"weekend_hours = {q(rules.weekend_text)}"]
    for day, note in department.closures:
        lines += ["", "[[closures]]", f"date = {day.isoformat()}", f"name = {q(note)}"]
    for machine in department.machines:
        lines += ["", "[[machines]]", f"name = {q(machine.name)}", f"group = {q(machine.group)}",
                  "capabilities = [" + ", ".join(q(w) for w in sorted(machine.capabilities)) + "]"]
        hours = ", ".join(f"{WEEKDAY_KEYS[d]} = {q(f'{o:%H:%M}-{c:%H:%M}')}" for d, (o, c) in sorted(machine.hours.items()))
        lines.append(f"hours = {{ {hours} }}" if hours else "hours = {}")
    tz = department.zone
    for item in department.downtime:
        lines += ["", "[[downtime]]", f"machine = {q(item.machine)}", f"start = {q(instant_text(item.start, tz))}",
                  f"end = {q(instant_text(item.end, tz))}", f"reason = {q(item.reason)}"]
    return "\n".join(lines) + "\n"


def booking_to_json(rules: BookingRules) -> dict[str, Any]:
    """The booking rules as the [booking] table's keys and plain values."""
    return {"urgent_within_days": rules.urgent_within_days, "urgent_reserve_percent": rules.urgent_reserve_percent,
            "reserve_release_days": rules.reserve_release_days, "second_session": rules.second_session,
            "weekend_hours": rules.weekend_text}


def department_to_json(department: Department) -> dict[str, Any]:
    """The department as plain JSON values (for `department show --json` and the store)."""
    tz = department.zone
    return {
        "name": department.name,
        "address": department.address,
        "phone": department.phone,
        "timezone": department.timezone,
        "holidays": department.holidays,
        "treatment_days": [WEEKDAY_KEYS[d] for d in sorted(department.treatment_days)],
        "booking": booking_to_json(department.booking),
        "closures": [{"date": d.isoformat(), "name": note} for d, note in department.closures],
        "machines": [
            {"name": m.name, "group": m.group, "capabilities": sorted(m.capabilities),
             "hours": {WEEKDAY_KEYS[d]: f"{o:%H:%M}-{c:%H:%M}" for d, (o, c) in sorted(m.hours.items())}}
            for m in department.machines
        ],
        "downtime": [
            {"machine": d.machine, "start": d.start.astimezone(tz).isoformat(timespec="minutes"),
             "end": d.end.astimezone(tz).isoformat(timespec="minutes"), "reason": d.reason}
            for d in department.downtime
        ],
    }


def department_from_json(data: Any, source: str) -> Department:
    """The inverse of department_to_json (the store keeps a department this way), checked as a file is."""
    if not isinstance(data, dict):
        raise DepartmentFileError(f"{source}: not a department (expected an object)")
    head = {k: data[k] for k in _DEPARTMENT_KEYS if data.get(k) is not None}
    extra = sorted(set(data) - _DEPARTMENT_KEYS - _TOP_KEYS)
    if extra:
        raise DepartmentFileError(f"{source}: unknown key '{extra[0]}'")
    return department_from_data({"department": head, **{k: data[k] for k in ("booking", "closures", "machines", "downtime")
                                                        if k in data}}, source)
