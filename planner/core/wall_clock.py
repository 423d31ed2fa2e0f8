"""Wall-clock times a daylight-saving change skips (spring) or repeats (autumn): typed ones are
refused rather than silently taken as some instant, naming the field and saying what to give."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo

from .errors import Field, InputError
from .text import quoted


def same_instant(one: datetime, other: datetime) -> bool:
    """Whether two aware datetimes are one instant. `==` is not enough: across zones it is always False
    for a time in the hour the clocks repeat (PEP 495), and within one zone it compares wall clocks."""
    return one.astimezone(UTC) == other.astimezone(UTC)


def repeated(moment: datetime) -> bool:
    """Whether the wall-clock time of `moment` (aware) happens twice in its zone, e.g. 02:30 on the
    night the clocks go back in Europe: the same text names two instants an hour apart."""
    if skipped(moment):
        return False  # its two folds differ as well, but neither happens
    return moment.replace(fold=1 - moment.fold).utcoffset() != moment.utcoffset()


def clock_text(moment: datetime) -> str:
    """'01:10' as the clock shows `moment` (aware), with its zone's abbreviation when the clocks show that
    time twice ('01:10 GMT', the second run on London's autumn night): a day list or an agenda line then
    names one instant."""
    return f"{moment:%H:%M} {moment.tzname()}" if repeated(moment) else f"{moment:%H:%M}"


def skipped(moment: datetime) -> bool:
    """Whether the wall-clock time of `moment` (aware) never happens in its zone (e.g. 02:30 on the
    night the clocks go forward in Europe)."""
    # The round trip is the same instant: its wall-clock time differs from `moment`'s exactly
    # when its offset does (a skipped time is read with the offset from before the change).
    return moment.astimezone(UTC).astimezone(moment.tzinfo).utcoffset() != moment.utcoffset()


def both_instants(moment: datetime) -> tuple[str, str]:
    """The two instants a repeated wall-clock time names, as text with their UTC offsets: (first, second)."""
    first, second = moment.replace(fold=0), moment.replace(fold=1)
    return first.isoformat(timespec="minutes"), second.isoformat(timespec="minutes")


def check_wall_clock_given(field: Field, text: str, moment: datetime, *, offset_picks: bool) -> None:
    """Refuse a typed wall-clock time (`text`, read as `moment`, aware in its zone) that the clocks skip
    or repeat. Where the value is kept as an instant (`offset_picks`: downtime), its UTC offset says which
    of a repeated time's two instants is meant (2026-10-25T02:30+01:00). A course keeps wall-clock times
    (its file, the patient's calendar), in which a repeated time means the first instant: another time is asked for."""
    zone = str(moment.tzinfo)  # a ZoneInfo's key, e.g. Europe/London
    shown = quoted(text.strip())
    if skipped(moment):
        raise InputError(field, f"{shown} does not exist in {zone} (the clocks skip it)")
    if repeated(moment):
        first, second = both_instants(moment)
        raise InputError(field, f"{shown} occurs twice in {zone} (the clocks go back that night): give its UTC offset, "
                                f"{first} for the first or {second} for the second" if offset_picks else
                                f"{shown} occurs twice in {zone} (the clocks go back that night: {first} and {second}); "
                                "give a time the clocks show once that day")


def _jump(moment: datetime) -> datetime:
    """The instant the clocks jump forward over `moment` (a wall-clock time they skip), to the second."""
    zone = moment.tzinfo
    before = int(moment.replace(fold=1).timestamp())  # read with the offset after the jump: an instant before it
    after = int(moment.replace(fold=0).timestamp())  # read with the offset before it: an instant after it
    offset_after = datetime.fromtimestamp(after, zone).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, zone).utcoffset() == offset_after:
            after = middle
        else:
            before = middle
    return datetime.fromtimestamp(after, zone)


def first_showing(day: date, clock: time, zone: tzinfo) -> datetime:
    """The first moment of local `day` the clock in `zone` shows `clock` or later: `clock` itself on most
    days, the jump when the clocks skip it (02:30 in spring is reached at 03:00), the first of the two
    when they repeat it."""
    moment = datetime.combine(day, clock, tzinfo=zone)  # fold 0: the first occurrence of a repeated time
    return _jump(moment) if skipped(moment) else moment.astimezone(UTC).astimezone(zone)


def as_planned(day: date, clock: time, zone: tzinfo) -> datetime:
    """The instant a daily time names on local `day`, as a course's plan and the patient's calendar read
    it: `clock` itself on most days; a time the clocks skip with the offset before the change, as RFC 5545
    reads it (01:30 in London's spring gap is 02:30, and the plan says so among its warnings); the first
    of the two when they repeat it."""
    return datetime.combine(day, clock, tzinfo=zone).astimezone(UTC).astimezone(zone)


def hours_instants(day: date, opens: time, closes: time, zone: tzinfo) -> tuple[datetime, datetime]:
    """The instants wall-clock hours (`opens` before `closes`) hold from and to on local `day`: from the
    first moment the clock shows `opens` or later to the first moment it shows `closes` or later.

    On most days that is simply `opens` to `closes`. A time the clocks skip (spring) is reached when
    they jump over it, so hours of 02:30-23:00 open at 03:00 that night and the skipped hour is no one's
    time. A time the clocks repeat (autumn) is reached at its first occurrence: staff leave when the
    clock first shows their closing time, and a department open 00:00-23:59 has both runs of the
    repeated hour inside its hours."""
    return first_showing(day, opens, zone), first_showing(day, closes, zone)
