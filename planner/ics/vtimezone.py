"""VTIMEZONE blocks computed from the IANA rules, written so every client reads them alike.

icalendar's own `add_missing_timezones()` writes many dates on one RDATE line, which
Mozilla's ical.js and vobject misread. Here a zone with a regular yearly rule (most of the
world's daylight saving) gets one STANDARD and one DAYLIGHT block with a yearly RRULE, as
Outlook writes them, checked against every real transition from a year before the course to
a year after it; any other zone gets one block per transition, each with a single DTSTART.
"""

from __future__ import annotations

import calendar as month_calendar
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard, vRecur

_LOOK_BACK = timedelta(days=366)
_LOOK_AHEAD = timedelta(days=366)
_RULE_ORIGIN_YEAR = 1970
_DAY_CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# One observance: (onset in UTC, offset before, offset after, dst, name, yearly rule or None)
Observance = tuple[datetime, timedelta, timedelta, timedelta, str, "YearlyRule | None"]


def _offset(tz: ZoneInfo, moment: datetime) -> tuple[timedelta, timedelta, str]:
    local = moment.astimezone(tz)
    return local.utcoffset() or timedelta(0), local.dst() or timedelta(0), local.tzname() or tz.key


def _transition_in(tz: ZoneInfo, low: datetime, high: datetime) -> datetime:
    """The first UTC instant in (low, high] whose offset differs from low's (to the second)."""
    before = _offset(tz, low)[0]
    while high - low > timedelta(seconds=1):
        middle = low + (high - low) / 2
        if _offset(tz, middle)[0] == before:
            low = middle
        else:
            high = middle
    return high.replace(microsecond=0)


def transitions(tz: ZoneInfo, start: datetime, end: datetime) -> list[datetime]:
    """UTC instants where the zone's offset changes between `start` and `end` (UTC, aware)."""
    found: list[datetime] = []
    step = timedelta(hours=12)
    cursor = start
    current = _offset(tz, cursor)[0]
    while cursor < end:
        following = min(cursor + step, end)
        offset = _offset(tz, following)[0]
        if offset != current:
            found.append(_transition_in(tz, cursor, following))
            current = offset
        cursor = following
    return found


class YearlyRule:
    """'The Nth (or last) weekday of a month at a wall-clock time', e.g. last Sunday of October 03:00."""

    def __init__(self, month: int, weekday: int, nth: int, hour: int, minute: int, second: int) -> None:
        self.month, self.weekday, self.nth = month, weekday, nth
        self.hour, self.minute, self.second = hour, minute, second

    @classmethod
    def of(cls, wall: datetime) -> YearlyRule:
        days = month_calendar.monthrange(wall.year, wall.month)[1]
        nth = -1 if wall.day + 7 > days else (wall.day - 1) // 7 + 1
        return cls(wall.month, wall.weekday(), nth, wall.hour, wall.minute, wall.second)

    def key(self) -> tuple[int, ...]:
        return (self.month, self.weekday, self.nth, self.hour, self.minute, self.second)

    def in_year(self, year: int) -> datetime:
        weeks = month_calendar.monthcalendar(year, self.month)
        days = [week[self.weekday] for week in weeks if week[self.weekday]]
        day = days[-1] if self.nth == -1 else days[self.nth - 1]
        return datetime(year, self.month, day, self.hour, self.minute, self.second)

    def recur(self) -> vRecur:
        return vRecur({"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": f"{self.nth}{_DAY_CODES[self.weekday]}"})


def _yearly(tz: ZoneInfo, onsets: list[datetime], first_day: datetime, last_day: datetime) -> list[Observance] | None:
    """Two yearly rules that reproduce every transition in the range, or None."""
    groups: dict[tuple[timedelta, timedelta, timedelta, str], list[datetime]] = {}
    for onset in onsets:
        before = _offset(tz, onset - timedelta(seconds=1))[0]
        after, dst, name = _offset(tz, onset)
        groups.setdefault((before, after, dst, name), []).append(onset)
    if len(groups) != 2 or len(onsets) < 3:
        return None
    rows: list[Observance] = []
    years = range(first_day.year, last_day.year + 1)
    for (before, after, dst, name), group in groups.items():
        rule = YearlyRule.of(group[0] + before)
        predicted = {rule.in_year(y) - before for y in years}
        predicted = {p.replace(tzinfo=UTC) for p in predicted if first_day <= p.replace(tzinfo=UTC) <= last_day}
        if predicted != set(group):
            return None
        rows.append((rule.in_year(_origin(first_day).year).replace(tzinfo=UTC) - before, before, after, dst, name, rule))
    return rows


def _origin(first_day: datetime) -> datetime:
    """Where the first observance begins: 1 January 1970, as Outlook writes it, or the range's first day for a
    course before 1970 (the planner takes dates from 1900): a time before every observance has no offset in
    RFC 5545, and ical.js reads it as UTC."""
    return min(datetime(_RULE_ORIGIN_YEAR, 1, 1, tzinfo=UTC), first_day.replace(hour=0, minute=0, second=0, microsecond=0))


@lru_cache(maxsize=64)
def _observances(key: str, first_day: datetime, last_day: datetime) -> tuple[Observance, ...]:
    tz = ZoneInfo(key)
    onsets = transitions(tz, first_day, last_day)
    rules = _yearly(tz, onsets, first_day, last_day)
    if rules is not None:
        return tuple(rules)
    earlier = transitions(tz, first_day - _LOOK_BACK, first_day)
    onsets = ([earlier[-1]] if earlier else []) + onsets
    rows: list[Observance] = []
    for onset in onsets:
        before = _offset(tz, onset - timedelta(seconds=1))[0]
        after, dst, name = _offset(tz, onset)
        rows.append((onset, before, after, dst, name, None))
    if not rows or rows[0][0] > first_day:
        # A zone with no change for years (UTC, Asia/Tokyo), or none in the year before its first change in
        # range (Moscow's lasting move to UTC+3 in 2014): the offset in force at the start, from 1970 (or earlier).
        after, dst, name = _offset(tz, first_day)
        rows.insert(0, (_origin(first_day) - after, after, after, dst, name, None))
    return tuple(rows)


def _midnight(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def vtimezone(tz: ZoneInfo, first: datetime, last: datetime) -> Timezone:
    """A VTIMEZONE for `tz`, right for every instant from a year before `first` to a year after
    `last` (so a client that keeps the first VTIMEZONE it saw still shows later updates right)."""
    component = Timezone()
    component.add("tzid", tz.key)
    for onset, before, after, dst, name, rule in _observances(tz.key, _midnight(first) - _LOOK_BACK, _midnight(last) + _LOOK_AHEAD):
        block = TimezoneDaylight() if dst else TimezoneStandard()
        # DTSTART of an observance is local wall-clock time, in the offset before the change.
        block.add("dtstart", (onset + before).replace(tzinfo=None))
        if rule is not None:
            block.add("rrule", rule.recur())
        block.add("tzoffsetfrom", before)
        block.add("tzoffsetto", after)
        block.add("tzname", name)
        component.add_component(block)
    return component
