"""The words a patient or coordinator reads for each appointment, in full or discreet form.

Formatting lives here, outside the domain model, shared by the CLI, the .ics writer, the
window and the printed pages.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime, tzinfo

from .core.agenda import AgendaEntry
from .core.catalogue import PrepReminder
from .core.clinic import WEEKDAY_NAMES
from .core.course import BOOKED_ON_PLAN_REASON, BOOKED_REASON, TO_BOOK_REASON, Adjustment, MakeUp, MissedSession, Move, Retime
from .core.dates import day_text, moment_text
from .core.department import MakeUpCause, MakeUpMark, Rebooked, RebookedNote, Recorded
from .core.kinds import AppointmentKind
from .core.schedule import Appointment, Schedule
from .core.text import counted, printable, quoted

KIND_LABELS = {
    AppointmentKind.SIMULATION: "Planning scan",
    AppointmentKind.FRACTION: "Treatment",
    AppointmentKind.REVIEW: "Review",
    AppointmentKind.FOLLOW_UP: "Follow-up",
}


def title(appointment: Appointment, discreet: bool = False) -> str:
    """'Radiotherapy 3 of 20', or 'Clinic appointment 3 of 20' when discreet."""
    return title_for(appointment.kind, appointment.number, appointment.total, discreet)


def title_for(kind: AppointmentKind, number: int, total: int, discreet: bool = False) -> str:
    """The title of the `number`th appointment of a kind; a fraction's total of 0 is left out
    (a cancelled event whose course total is no longer known)."""
    of_total = f" of {total}" if total else ""
    if discreet:
        if kind is AppointmentKind.FRACTION:
            return f"Clinic appointment {number}{of_total}"
        return "Clinic appointment"
    if kind is AppointmentKind.FRACTION:
        return f"Radiotherapy {number}{of_total}"
    if kind is AppointmentKind.SIMULATION:
        return "Radiotherapy planning scan"
    if kind is AppointmentKind.REVIEW:
        return f"On-treatment review (week {number})"
    return "Radiotherapy follow-up visit"


def reminder_shown(reminder: PrepReminder, discreet: bool) -> bool:
    """Whether a page or a calendar shows `reminder`: a discreet one leaves out a reminder with no discreet wording."""
    return not discreet or bool(reminder.discreet_text)


def shown_reminders(reminders: Iterable[PrepReminder], discreet: bool) -> list[PrepReminder]:
    """The reminders a page or a calendar shows (`reminder_shown`), in their order."""
    return [reminder for reminder in reminders if reminder_shown(reminder, discreet)]


def reminders_left_out(schedule: Schedule, *, timed_only: bool = False) -> list[PrepReminder]:
    """The course's preparation reminders a discreet calendar or print leaves out (`reminder_shown`): the catalogue
    gives them no discreet wording (theirs names the treatment or the body part, or the clinic wrote
    `discreet_text = ""`). Each once, in the course's order; `timed_only`: the timed steps only (all a weekly print shows)."""
    left_out: list[PrepReminder] = []
    for appointment in schedule.appointments:
        for reminder in appointment.reminders:
            if reminder_shown(reminder, True) or reminder in left_out or (timed_only and reminder.minutes_before == 0):
                continue
            left_out.append(reminder)
    return left_out


LEFT_OUT_LISTED = 3  # reminders a warning names by their first words; the rest are counted
LEFT_OUT_WORDS = 6  # the first words that name one


def left_out_words(reminders: Iterable[PrepReminder], what: str, where: str, quote: Callable[[str], str], *,
                   leaves: str = "leaves out") -> str:
    """What a discreet `what` ("calendar", "print") leaves out, for the coordinator to tell the patient another way:
    "a discreet calendar leaves out 1 preparation reminder, “Empty your bladder, then drink 500…”: it has no discreet
    wording in the catalogue; tell the patient another way (`where`, whose "{them}" says it or them)". Empty when it leaves
    none out. `leaves`: "would leave out" for what is not written yet (a dry run, a list of updates owed)."""
    chosen = list(reminders)
    if not chosen:
        return ""
    named = []
    for reminder in chosen[:LEFT_OUT_LISTED]:
        words = reminder.text.split()
        named.append(quote(" ".join(words[:LEFT_OUT_WORDS]) + ("…" if len(words) > LEFT_OUT_WORDS else "")))
    more = len(chosen) - len(named)
    listing = ", ".join(named) + (f" and {more} more" if more else "")
    one = len(chosen) == 1
    has, them = ("it has", "it") if one else ("they have", "them")
    return (f"a discreet {what} {leaves} {counted(len(chosen), 'preparation reminder')}, {listing}: {has} no discreet "
            f"wording in the catalogue; tell the patient another way ({where.format(them=them)})")


def reminder_text(reminder: PrepReminder, discreet: bool = False) -> str:
    return reminder.discreet_text if discreet else reminder.text


def when_before(minutes: int) -> str:
    """60 -> '60 minutes before', 180 -> '3 hours before', 1440 -> 'the day before'."""
    if minutes == 0:
        return "at the appointment"
    if minutes == 1440:
        return "the day before"
    if minutes % 60 == 0:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''} before"
    return f"{minutes} minute{'s' if minutes != 1 else ''} before"


def reminder_line(reminder: PrepReminder, discreet: bool = False) -> str:
    text = reminder_text(reminder, discreet)
    if reminder.minutes_before == 0:
        return text
    return f"{when_before(reminder.minutes_before).capitalize()}: {text}"


def summary_line(schedule: Schedule) -> str:
    """'20 fractions, Mon 23 Nov 2026 to Mon 21 Dec 2026: 29 days overall, ends on a Monday'."""
    fractions = schedule.fractions
    first, last = schedule.first_fraction.start, schedule.last_fraction.start
    count = f"{len(fractions)} fraction{'s' if len(fractions) != 1 else ''}"
    days = schedule.treatment_days
    if days != len(fractions):
        count += f" on {days} treatment day{'s' if days != 1 else ''}"
    if schedule.phase_count > 1:
        count += f" in {schedule.phase_count} phases"
    if len(fractions) == 1:
        return f"{count}, {day_text(first)} ({WEEKDAY_NAMES[first.weekday()]})"
    return (f"{count}, {day_text(first)} to {day_text(last)}: {schedule.overall_days} days overall, "
            f"ends on a {WEEKDAY_NAMES[last.weekday()]}")


def cancelled_line(given: Schedule | None, planned: Schedule) -> str:
    """A cancelled course's summary: '6 of 20 fractions given, Mon 25 Mar 2030 to Mon 1 Apr 2030', or
    'cancelled before its first fraction (20 were planned)'."""
    planned_count = len(planned.fractions)
    if given is None:
        return f"cancelled before its first fraction ({planned_count} {'were' if planned_count != 1 else 'was'} planned)"
    first, last = given.first_fraction.start, given.last_fraction.start
    count = f"{len(given.fractions)} of {planned_count} fraction{'s' if planned_count != 1 else ''} given"
    return f"{count}, {day_text(first)}" if first.date() == last.date() else f"{count}, {day_text(first)} to {day_text(last)}"


def no_appointments_line(first: date, last: date) -> str:
    """'No appointments from Mon 7 Dec 2026 to Sun 20 Dec 2026 (2 weeks)': the weeks a print passes over, said
    where it passes over them, so a patient does not take a week left out for a page gone missing."""
    weeks = counted(((last - first).days + 1) // 7, "week")
    return f"No appointments from {day_text(first)} to {day_text(last)} ({weeks})"


def more_this_day(count: int) -> tuple[str, ...]:
    """What a printed day's box says of the appointments it has no room for, fullest first: true on its own
    ('…more on the sheet' sent the patient to a sheet they may never have had)."""
    return (f"{count} more this day, not shown: ask the clinic", f"{count} more: ask the clinic", f"+{count} more")


def phase_label(phase: int, phases: int) -> str:
    """'phase 2 of 2'."""
    return f"phase {phase} of {phases}"


def missed_title(appointment: Appointment, discreet: bool = False) -> str:
    """'Missed: Radiotherapy 7 of 20'."""
    return f"Missed: {title(appointment, discreet)}"


def appointment_notes(appointment: Appointment, phases: int) -> str:
    """What the views add beside an appointment's title: 'phase 2 of 2, make-up' (a missed one is
    titled by `missed_title`)."""
    notes = []
    if phases > 1 and appointment.kind is AppointmentKind.FRACTION:
        notes.append(phase_label(appointment.phase, phases))
    if appointment.make_up:
        notes.append("make-up")
    return ", ".join(notes)


MOVED = "moved"  # an appointment the coordinator moved off its planned time
NOT_BOOKED_YET = "not booked yet"  # a make-up shown after the last booked session, where booking it will put it
NOT_BOOKED_YET_WORDS = "Not booked yet: shown after the last booked session, where booking it will put it"
BOOKED_OFF = "booked off the planned time"  # a booked session its machine booking put elsewhere (a downtime re-booking, a hand move)
BOOKED_OFF_WORDS = "Moved from its planned time by its machine booking"
# The same notes where a narrow week column has room for a few words only (the tooltip and screen reader say them whole)
SHORT_MOVE_NOTES = {NOT_BOOKED_YET: "not booked", BOOKED_OFF: "booked off plan"}


def move_note(reason: str | None) -> str:
    """What the week and month views add beside a moved appointment (`reason`: its move's, None when not moved):
    'moved', 'not booked yet' for a make-up the course shows where booking it will put it (no move anyone made,
    and none to take back), or 'booked off the planned time' where its machine booking put it (the booking decides)."""
    if reason is None or reason == BOOKED_ON_PLAN_REASON:  # at a time its plan gives a session: not off the plan
        return ""
    return {TO_BOOK_REASON: NOT_BOOKED_YET, BOOKED_REASON: BOOKED_OFF}.get(reason, MOVED)


def moved_words(reason: str, planned: datetime | None = None) -> str:
    """Where a coordinator's move took an appointment from, and why (`reason`, '' when none was given): 'Moved from its
    planned time (Mon 7 Dec 2026 09:00): transport'; without the planned time, 'Moved from its planned time'."""
    when = f" ({moment_text(planned)})" if planned is not None else ""
    return f"Moved from its planned time{when}" + (f": {reason}" if reason else "")


MAKE_UP_WORD = "make-up"  # where there is room for a word only: a booking's block in the day view
MISSED_WORD = "missed"


def mark_word(entry: AgendaEntry) -> str:
    """A booking's mark where there is room for a word only (the day view's block): 'make-up', 'missed' or none."""
    return MISSED_WORD if entry.missed else MAKE_UP_WORD if entry.make_up is not None else ""


def booking_note(entry: AgendaEntry) -> str:
    """What a booking's words add after who, which and when: the session a make-up replaces, or that the patient
    missed this one ('missed, as marked on the course': the booking stays as the record of the day), or, on the first
    session of a course a re-booking put off, that it starts later. Empty for any other booking. It names no reason,
    site or treatment: a discreet screen or sheet shows it too."""
    if entry.released:
        return f"{MISSED_WORD}, as marked on the course; its time is free"
    if entry.missed:
        return f"{MISSED_WORD}, as marked on the course"
    if entry.starts_later is not None:
        return starts_later_words(entry.starts_later)
    return make_up_words(entry.make_up) if entry.make_up is not None else ""


def starts_later_words(mark: MakeUpMark) -> str:
    """'starts later: was to begin on Thu 28 Mar 2030 (machine down)': the first session of a course a
    downtime or closure put off before any of it was given (the sessions added at the end for it make up nothing)."""
    return f"starts later: was to begin on {day_text(mark.day)} ({_lost_why(mark)})"


def moved_from_words(entry: AgendaEntry) -> str:
    """Where a patient on another machine's list today usually comes from: 'from Linac 2, its usual machine', for a
    fraction a downtime's re-booking or a manual move put on another machine than its course's; empty otherwise. A
    machine's name is no diagnosis: a discreet screen or sheet shows it too."""
    return f"from {entry.moved_from}, its usual machine" if entry.moved_from else ""


def make_up_words(mark: MakeUpMark) -> str:
    """Which session a make-up fraction replaces, and why that one was not given: 'make-up for the session
    missed on Tue 8 Dec 2026', or 'make-up for the session of Tue 15 Dec 2026 (machine down)'. No reason
    the coordinator typed (a patient's 'unwell' is health data): the words fit a discreet screen too."""
    if mark.cause is MakeUpCause.MISSED:
        return f"{MAKE_UP_WORD} for the session missed on {day_text(mark.day)}"
    return f"{MAKE_UP_WORD} for the session of {day_text(mark.day)} ({_lost_why(mark)})"


def _lost_why(mark: MakeUpMark) -> str:
    return "machine down" if mark.cause is MakeUpCause.DOWNTIME else "department closed"


def rebooked_line(note: RebookedNote, discreet: bool = False) -> str:
    """One plain line for the patient on a session a downtime or closure re-booked: 'Moved: the machine is unavailable
    at the usual time.', 'Added at the end of the course: the session of Wed 25 Nov 2026 could not go ahead (the
    department was closed).', 'Starts later: the course could not begin on Thu 28 Mar 2030 as planned (the machine was
    unavailable).' (on the first session of a course put off before any of it was given). No diagnosis, site or
    treatment. Discreet (a phone's cloud calendar, a lock screen): no cause either, a machine being one more hint of
    the treatment; a change of machine alone, which a discreet calendar does not show, says nothing."""
    lost = day_text(note.day)
    if discreet:
        both = f"the {note.count} appointments of {lost}"
        ones = both if note.count > 1 else f"the one of {lost}"
        return {
            Rebooked.OTHER_TIME: "Moved from the usual time.",
            Rebooked.OTHER_MACHINE: "",
            Rebooked.WEEKEND: f"Extra appointment: {ones} could not go ahead.",
            Rebooked.SECOND_SESSION: f"Second appointment this day: {ones} could not go ahead.",
            Rebooked.END: f"Added at the end: {both if note.count > 1 else f'the appointment of {lost}'} could not go ahead.",
            Rebooked.LATER_START: f"Starts later: the appointments could not begin on {lost} as planned.",
        }[note.how]
    why = "the machine was unavailable" if note.cause is MakeUpCause.DOWNTIME else "the department was closed"
    sessions = f"the {note.count} sessions of {lost}" if note.count > 1 else f"the session of {lost}"
    return {
        Rebooked.OTHER_TIME: "Moved: the machine is unavailable at the usual time.",
        Rebooked.OTHER_MACHINE: "On another machine: the usual one is unavailable at this time.",
        Rebooked.WEEKEND: f"Weekend session: {sessions} could not go ahead ({why}).",
        Rebooked.SECOND_SESSION: f"Second session this day, at least 6 hours after the other: {sessions} could "
                                 f"not go ahead ({why}).",
        Rebooked.END: f"Added at the end of the course: {sessions} could not go ahead ({why}).",
        Rebooked.LATER_START: f"Starts later: the course could not begin on {lost} as planned ({why}).",
    }[note.how]


def unbooked_make_up_words(day: date, count: int = 1) -> str:
    """A course's make-up that no booking gives yet (its session was marked missed after it was booked): said on the
    course, so that no booked session is taken for it. A twice-daily day missed has `count` 2: both its make-ups."""
    if count > 1:
        return (f"The {count} make-ups for the sessions missed on {day_text(day)} have no booking yet: they still need "
                "booking on a machine (Department → Book course…, or `book --make-ups`; the booked sessions keep their own times)")
    return (f"The make-up for the session missed on {day_text(day)} has no booking yet: it still needs booking on a "
            "machine (Department → Book course…, or `book --make-ups`; the booked sessions keep their own times)")


def not_given_words(count: int) -> str:
    """What a course whose make-up was never booked, its day passed, lacks: '1 fraction not given'."""
    return f"{counted(count, 'fraction')} not given"


# What a coordinator may do about a make-up never booked whose day has passed (its day can no longer be booked)
NEVER_BOOKED_CHOICES = ("if the treatment ended short, record it by cancelling the course (Department → Cancel course…, "
                        "or `course cancel`: the sessions given stay its record); if the session was given after all, "
                        "take back its missed mark")


def never_booked_make_up_words(missed: date, due: date, count: int = 1) -> str:
    """A course's make-up that no booking gives whose day (`due`, where booking would have put it) has passed: the
    prescribed fraction was not given. A twice-daily day missed has `count` 2."""
    which = f"The {count} make-ups for the sessions" if count > 1 else "The make-up for the session"
    return (f"{which} missed on {day_text(missed)} {'were' if count > 1 else 'was'} due on {day_text(due)} and never "
            f"booked: {not_given_words(count)} of the prescribed course. {NEVER_BOOKED_CHOICES[:1].upper()}"
            f"{NEVER_BOOKED_CHOICES[1:]}")


def unbooked_make_up_lines(days: Iterable[date]) -> list[str]:
    """`unbooked_make_up_words` once for each missed day of `days` (one entry for each make-up waiting)."""
    counts: dict[date, int] = {}
    for day in days:
        counts[day] = counts.get(day, 0) + 1
    return [unbooked_make_up_words(day, count) for day, count in sorted(counts.items())]


def adjustment_line(entry: Adjustment) -> str:
    """One adjustment as the coordinator reads it in a list: 'Fraction 7 moved to Tue 2026-11-10 13:00 (transport)'."""
    if isinstance(entry, Move):
        what = str(entry.key).replace("-", " ").capitalize()
        text = f"{what} moved to {moment_text(entry.start)}"
    elif isinstance(entry, MissedSession):
        text = f"Missed on {day_text(entry.day)}: "
        if entry.make_up is MakeUp.END and entry.make_up_at is None:
            text += "made up at the end of the course"
        else:
            kind = {MakeUp.END: "make-up", MakeUp.WEEKEND: "weekend make-up", MakeUp.SAME_DAY: "second-session make-up"}[entry.make_up]
            text += f"{kind} on {moment_text(entry.make_up_at)}" if entry.make_up_at else kind
    elif isinstance(entry, Retime):
        text = f"From fraction {entry.from_number} on, at {entry.at:%H:%M}"
    else:
        days = f"{entry.days} open day{'s' if entry.days != 1 else ''}"
        text = f"From fraction {entry.from_number} on, shifted by {days}"
    return f"{text} ({entry.reason})" if entry.reason else text


def kept_as_booked_words(unchanged: int) -> str:
    """'; 1 other course looked at, kept as booked' after what a re-optimisation placed anew (nothing when
    every course looked at was placed anew), for its text and its report in the window."""
    if unchanged == 0:
        return ""
    return f"; {unchanged} other course{'s' if unchanged != 1 else ''} looked at, kept as booked"


def unknown_zone(text: str) -> str:
    """Why a time zone typed in a window's field is refused: the same words in Settings and Department settings."""
    return f"{quoted(text.strip())} is not an IANA time zone: type part of its name (e.g. London) and pick it from the list"


UNKNOWN_RECORDER = "who recorded it is not known (entered before the store kept track)"


def recorded_words(recorded: Recorded | None, tz: tzinfo) -> str:
    """Who entered a downtime or closure into the store and when, on the department's clock: 'recorded by
    alice (role planner) on Mon 23 Nov 2026 09:14'; one entered before the store kept track says so."""
    if recorded is None:
        return UNKNOWN_RECORDER
    return f"recorded by {printable(recorded.who)} on {moment_text(recorded.at.astimezone(tz))}"


def removed_words(recorded: Recorded, tz: tzinfo) -> str:
    """'removed by bob on Tue 24 Nov 2026 10:02': the trace a downtime or closure taken out of the store leaves."""
    return f"removed by {printable(recorded.who)} on {moment_text(recorded.at.astimezone(tz))}"
