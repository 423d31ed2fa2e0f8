"""A seeded simulated year of a large radiotherapy department, booked by three policies in one run.

Run: .venv/bin/python benchmarks/department_sim.py [--weeks 52] [--seed 7] [--per-day 25]

The department: 7 linacs in three beam-matched groups, 12-20 minute sessions (SBRT longer),
26-60 sessions a machine-day. About 25 new courses every working day with a case mix over the
catalogue's sites and presets (phases and twice-daily courses included), 20 % palliative and a
quarter of those urgent; each ready to treat its site's planning days after the planning scan.
Random downtime, a few machine-days a month, is announced the day before and re-booked.

Policies: the engine's own (same machine, same time, earliest start); the same engine with the
nightly re-optimisation a department runs (`python -m planner reoptimise`: after each day's
bookings, the coming weeks' unstarted courses placed anew so fewer wait, none later), the column
the targets are judged on; and a first-fit baseline (each fraction in the earliest free slot on
any eligible machine). All see the same arrivals and the same downtime; the figures are printed
as a Markdown table.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time as clock
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planner.booking.engine import BookingEngine  # noqa: E402
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, Proposal, SessionNeed  # noqa: E402
from planner.booking.reoptimise import reoptimise  # noqa: E402
from planner.core.catalogue import load_catalogue  # noqa: E402
from planner.core.clinic import ClinicCalendar  # noqa: E402
from planner.core.department import Downtime  # noqa: E402
from planner.core.kinds import AppointmentKind  # noqa: E402
from planner.resources_path import default_catalogue_path  # noqa: E402

TZ = ZoneInfo("Europe/London")
START = date(2027, 1, 4)  # a Monday
WARM_UP_WEEKS = 6  # courses arriving before the measured year fill the machines first


def department(slot_minutes: int = 5) -> list[BookableMachine]:
    """Seven linacs of a large centre: four matched Versa HDs, two matched TrueBeams (SBRT, SRS,
    breath-hold) and a Halcyon on its own; sessions start on `slot_minutes` marks."""
    long_day = {d: (time(7, 40), time(20, 0)) for d in range(5)}
    day = {d: (time(8, 0), time(18, 0)) for d in range(5)}
    grid = slot_minutes  # sessions start on these minute marks from opening
    machines = [BookableMachine(f"Linac {k}", "Versa", frozenset({"dibh"} if k <= 2 else set()), long_day, grid) for k in range(1, 5)]
    machines += [BookableMachine(f"Linac {k}", "TrueBeam", frozenset({"sbrt", "srs", "dibh"}), long_day, grid) for k in (5, 6)]
    machines.append(BookableMachine("Halcyon", "Halcyon", frozenset(), day, grid))
    return machines


@dataclass(frozen=True)
class Regimen:
    """One line of the case mix: a catalogue site and preset with the department's session length."""

    site: str
    preset: str
    weight: float
    minutes: int
    palliative: bool = False
    twice_daily: bool = False
    boost: tuple[int, int] | None = None  # a second phase: (fractions, minutes)


CASE_MIX = (
    Regimen("palliative", "1-single", 3.5, 15, palliative=True),
    Regimen("palliative", "5-daily", 4.0, 15, palliative=True),
    Regimen("palliative", "10-daily", 2.0, 15, palliative=True),
    Regimen("palliative", "5-twice-weekly", 1.0, 15, palliative=True),
    Regimen("spine-bone", "1-single", 3.0, 15, palliative=True),
    Regimen("spine-bone", "5-daily", 2.0, 15, palliative=True),
    Regimen("breast", "5-daily", 20.0, 15),
    Regimen("breast", "15-daily", 4.0, 15, boost=(4, 15)),
    Regimen("breast", "left-15-daily-dibh", 3.0, 15),
    Regimen("prostate", "20-daily", 6.0, 15),
    Regimen("prostate", "sbrt-5-alternate", 3.0, 30),
    Regimen("lung", "sbrt-3-alternate", 2.0, 30),
    Regimen("lung", "sbrt-5-alternate", 2.0, 30),
    Regimen("lung", "30-daily", 1.0, 15),
    Regimen("head-neck", "30-daily", 1.5, 20),
    Regimen("head-neck", "35-daily", 0.5, 20, twice_daily=True),
    Regimen("rectum", "5-daily", 3.0, 15),
    Regimen("rectum", "25-daily", 1.0, 15),
    Regimen("bladder", "20-daily", 1.5, 15),
    Regimen("brain", "srs-1", 2.0, 30),
    Regimen("brain", "30-daily", 1.0, 15),
    Regimen("pelvis-gyn", "25-daily", 1.0, 15, boost=(3, 20)),
    Regimen("oesophagus", "25-daily", 1.0, 15),
    Regimen("upper-abdomen", "sbrt-5-alternate", 1.0, 30),
)


@dataclass
class Arrival:
    need: CourseNeed
    arrived: date
    measured: bool
    urgent: bool


@dataclass
class Outcome:
    """What one policy did over the simulated year."""

    name: str
    seconds: float = 0.0
    cpu_seconds: float = 0.0
    booked: dict[str, Proposal] = field(default_factory=dict)
    booking_ms: list[float] = field(default_factory=list)
    moved: int = 0
    appended: int = 0
    unplaced: int = 0
    downtime_ms: list[float] = field(default_factory=list)
    changed_by_downtime: set[str] = field(default_factory=set)
    put_off_by_downtime: set[str] = field(default_factory=set)  # courses whose first fraction a downtime moved to a later day
    nightly_ms: list[float] = field(default_factory=list)
    reoptimised: int = 0  # courses the nightly re-optimisation placed anew
    days_saved: int = 0  # working days of wait it took off them


def sessions_for(regimen: Regimen, fractions: int, min_days: int, extra: int) -> tuple[SessionNeed, ...]:
    sessions: list[SessionNeed] = []
    if regimen.twice_daily:
        # Hyperfractionated: the course's fractions in pairs, two sessions a day >= 6 h apart.
        for number in range(1, fractions + 1):
            same_day = number % 2 == 0
            sessions.append(SessionNeed(number, regimen.minutes + (extra if number == 1 else 0),
                                        0 if number == 1 or same_day else 1, same_day))
        return tuple(sessions)
    for number in range(1, fractions + 1):
        sessions.append(SessionNeed(number, regimen.minutes + (extra if number == 1 else 0), 0 if number == 1 else min_days))
    if regimen.boost is not None:
        count, minutes = regimen.boost
        for k in range(count):
            sessions.append(SessionNeed(fractions + k + 1, minutes, 1, phase=2))
    return tuple(sessions)


def arrivals(seed: int, weeks: int, per_day: float, engine: BookingEngine, first_extra: int | None = None) -> dict[date, list[Arrival]]:
    """Every course that arrives, by the day its planning scan is done."""
    catalogue = load_catalogue(default_catalogue_path())
    rng = random.Random(seed)
    weights = [r.weight for r in CASE_MIX]
    extra = catalogue.first_fraction_extra_minutes if first_extra is None else first_extra
    found: dict[date, list[Arrival]] = {}
    serial = 0
    measured_from = START + timedelta(weeks=WARM_UP_WEEKS)
    day = START
    end = measured_from + timedelta(weeks=weeks)
    while day < end:
        if engine.is_open(day):
            todays = []
            for _ in range(_poisson(rng, per_day)):
                regimen = rng.choices(CASE_MIX, weights)[0]
                site = catalogue.site(regimen.site)
                assert site is not None
                preset = site.preset(regimen.preset)
                assert preset is not None
                urgent = regimen.palliative and rng.random() < 0.25
                planning = 0 if urgent else (1 if regimen.palliative else (site.planning_days or 7))
                serial += 1
                need = CourseNeed(
                    course_id=f"c{serial:05d}",
                    sessions=sessions_for(regimen, preset.fractions, preset.pattern.min_gap_days, extra),
                    requires=site.requirements(preset),
                    earliest=engine.add_working_days(day, max(1, planning)),
                    urgent=urgent,
                    gap_sensitive=site.gap_sensitive,
                )
                todays.append(Arrival(need, day, day >= measured_from, urgent))
            found[day] = todays
        day += timedelta(days=1)
    return found


def downtimes(seed: int, weeks: int, machines: list[BookableMachine], engine: BookingEngine) -> dict[date, list[Downtime]]:
    """Random downtime, about three machine-days a month, by the day it is announced (the day before)."""
    rng = random.Random(seed * 7919 + 1)
    found: dict[date, list[Downtime]] = {}
    day = START + timedelta(weeks=WARM_UP_WEEKS)
    end = day + timedelta(weeks=weeks)
    while day < end:
        if engine.is_open(day) and rng.random() < 3 / 21:
            machine = rng.choice(machines)
            tomorrow = engine.add_working_days(day, 1)
            if rng.random() < 0.5:
                start, stop = datetime.combine(tomorrow, time(0, 0), TZ), datetime.combine(tomorrow + timedelta(days=1), time(0, 0), TZ)
            else:
                start, stop = datetime.combine(tomorrow, time(8, 0), TZ), datetime.combine(tomorrow, time(13, 0), TZ)
            found.setdefault(day, []).append(Downtime(machine.name, start, stop, "breakdown"))
        day += timedelta(days=1)
    return found


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; the mean is small.
    limit, k, product = pow(2.718281828459045, -mean), 0, rng.random()
    while product > limit:
        k += 1
        product *= rng.random()
    return k


def run(name: str, book: Callable[[BookingEngine, CourseNeed, date], Proposal], engine: BookingEngine,
        stream: dict[date, list[Arrival]], breakdowns: dict[date, list[Downtime]], nightly: bool = False) -> Outcome:
    """Book every arrival on its day; with `nightly`, re-optimise the coming weeks' unstarted
    courses after each day's bookings (tomorrow onwards), as a department's nightly job would."""
    outcome = Outcome(name)
    began = clock.perf_counter()
    cpu = clock.process_time()
    for day in sorted(stream):
        for downtime in breakdowns.get(day, ()):
            starts = _first_days(engine, _hit_courses(engine, downtime))
            t0 = clock.perf_counter()
            report = engine.add_downtime(downtime, day)
            outcome.downtime_ms.append((clock.perf_counter() - t0) * 1000)
            outcome.moved += len(report.moved)
            outcome.appended += len(report.appended)
            outcome.unplaced += len(report.unplaced)
            outcome.changed_by_downtime.update(report.updated_courses)
            after = _first_days(engine, starts)
            outcome.put_off_by_downtime.update(c for c, first in starts.items() if after[c] > first)
        for arrival in stream[day]:
            t0 = clock.perf_counter()
            proposal = book(engine, arrival.need, day)
            outcome.booking_ms.append((clock.perf_counter() - t0) * 1000)
            outcome.booked[arrival.need.course_id] = proposal
        if nightly:
            t0 = clock.perf_counter()
            night = reoptimise(engine, day)
            outcome.nightly_ms.append((clock.perf_counter() - t0) * 1000)
            outcome.reoptimised += len(night.changes)
            outcome.days_saved += night.days_saved
    outcome.seconds = clock.perf_counter() - began
    outcome.cpu_seconds = clock.process_time() - cpu
    return outcome


def _hit_courses(engine: BookingEngine, downtime: Downtime) -> set[str]:
    """The courses with a booking on the machine on a day the downtime touches."""
    found: set[str] = set()
    day = downtime.start.astimezone(TZ).date()
    while datetime.combine(day, time(0, 0), TZ) < downtime.end:
        found.update(b.course_id for b in engine.agenda(day, downtime.machine)[downtime.machine])
        day += timedelta(days=1)
    return found


def _first_days(engine: BookingEngine, course_ids: Iterable[str]) -> dict[str, date]:
    """Each course's first fraction day, as booked now."""
    firsts: dict[str, date] = {}
    for course_id in course_ids:
        days = [b.start.astimezone(TZ).date() for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION]
        if days:
            firsts[course_id] = min(days)
    return firsts


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def figures(outcome: Outcome, engine: BookingEngine, stream: dict[date, list[Arrival]], weeks: int) -> dict[str, float]:
    policy = engine.policy
    waits: list[float] = []
    kept: list[float] = []  # the waits of courses whose start no downtime put off
    short: list[float] = []  # the waits of courses ready the next working day (palliative, urgent or not)
    routine: list[float] = []  # the others: ready after their site's planning days
    urgent_total = urgent_on_time = 0
    sds: list[float] = []
    changed = considered = 0
    for arrivals_of_day in stream.values():
        for arrival in arrivals_of_day:
            if not arrival.measured:
                continue
            course_id = arrival.need.course_id
            fractions = [b for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION]
            first = min(b.start for b in fractions).astimezone(TZ).date()
            earliest = arrival.need.earliest or arrival.arrived
            wait = engine.working_days(earliest, first)
            waits.append(wait)
            if course_id not in outcome.put_off_by_downtime:
                kept.append(wait)
            (short if earliest <= engine.add_working_days(arrival.arrived, 1) else routine).append(wait)
            if arrival.urgent:
                urgent_total += 1
                urgent_on_time += wait <= policy.urgent_within_days
            firsts: dict[date, int] = {}
            for b in fractions:
                local = b.start.astimezone(TZ)
                firsts.setdefault(local.date(), local.hour * 60 + local.minute)
            if len(firsts) >= 2:
                sds.append(statistics.pstdev(firsts.values()))
            if course_id not in outcome.changed_by_downtime:
                considered += 1
                changed += len({b.machine for b in fractions}) > 1
    measured_from = START + timedelta(weeks=WARM_UP_WEEKS)
    middle = engine.add_working_days(measured_from + timedelta(weeks=weeks // 2), 0)
    on_treatment = 0
    for course_id in engine.booked_courses():
        starts = [b.start.astimezone(TZ).date() for b in engine.bookings(course_id) if b.kind is AppointmentKind.FRACTION]
        on_treatment += bool(starts) and min(starts) <= middle <= max(starts)
    booked = open_ = 0
    day = measured_from
    while day < measured_from + timedelta(weeks=weeks):
        for machine in engine.machines:
            booked += engine.booked_minutes(machine.name, day)
            open_ += engine.open_minutes(machine.name, day)
        day += timedelta(days=1)
    return {
        "courses": len(waits),
        "wait_median": statistics.median(waits),
        "wait_p95": percentile(waits, 0.95),
        "wait_mean": statistics.fmean(waits),
        "waiting_share": 100.0 * sum(w >= 1 for w in waits) / max(1, len(waits)),
        "short_waiting_share": 100.0 * sum(w >= 1 for w in short) / max(1, len(short)),
        "routine_waiting_share": 100.0 * sum(w >= 1 for w in routine) / max(1, len(routine)),
        "put_off": len(waits) - len(kept),
        "kept_p95": percentile(kept, 0.95),
        "kept_waiting_share": 100.0 * sum(w >= 1 for w in kept) / max(1, len(kept)),
        "urgent_on_time": 100.0 * urgent_on_time / max(1, urgent_total),
        "urgent": urgent_total,
        "sd_median": statistics.median(sds) if sds else 0.0,
        "sd_p95": percentile(sds, 0.95),
        "machine_change": 100.0 * changed / max(1, considered),
        "utilisation": 100.0 * booked / max(1, open_),
        "moved": outcome.moved + outcome.appended,
        "appended": outcome.appended,
        "unplaced": outcome.unplaced,
        "on_treatment": on_treatment,
        "booking_ms_median": statistics.median(outcome.booking_ms),
        "booking_ms_p95": percentile(outcome.booking_ms, 0.95),
        "downtime_ms_max": max(outcome.downtime_ms, default=0.0),
        "reoptimised": outcome.reoptimised,
        "days_saved": outcome.days_saved,
        "nightly_ms_median": statistics.median(outcome.nightly_ms) if outcome.nightly_ms else float("nan"),
        "nightly_ms_max": max(outcome.nightly_ms, default=float("nan")),
        "seconds": outcome.seconds,
        "cpu_seconds": outcome.cpu_seconds,
    }


ROWS = (
    ("courses", "courses measured", "{:.0f}"),
    ("wait_median", "wait, median (working days)", "{:.0f}"),
    ("wait_p95", "wait, 95th percentile (working days)", "{:.0f}"),
    ("wait_mean", "wait, mean (working days)", "{:.3f}"),
    ("waiting_share", "courses waiting 1 working day or more (%)", "{:.1f}"),
    ("short_waiting_share", "  of the courses ready the next working day (palliative) (%)", "{:.1f}"),
    ("routine_waiting_share", "  of the others, ready after their planning days (%)", "{:.1f}"),
    ("put_off", "courses whose start a downtime put off to a later day", "{:.0f}"),
    ("kept_p95", "  the rest's wait, 95th percentile (working days)", "{:.0f}"),
    ("kept_waiting_share", "  the rest waiting 1 working day or more (%)", "{:.1f}"),
    ("urgent_on_time", "urgent courses started on time (%)", "{:.1f}"),
    ("sd_median", "SD of a patient's daily start time, median (min)", "{:.1f}"),
    ("sd_p95", "SD of a patient's daily start time, 95th percentile (min)", "{:.1f}"),
    ("machine_change", "patients who change machine, outside downtime (%)", "{:.1f}"),
    ("utilisation", "machine utilisation (%)", "{:.1f}"),
    ("moved", "fractions moved by downtime", "{:.0f}"),
    ("appended", "  of those added at the end of the course", "{:.0f}"),
    ("unplaced", "fractions that could not be placed", "{:.0f}"),
    ("on_treatment", "courses on treatment mid-run", "{:.0f}"),
    ("booking_ms_median", "booking one course, median (ms)", "{:.1f}"),
    ("booking_ms_p95", "booking one course, 95th percentile (ms)", "{:.1f}"),
    ("downtime_ms_max", "re-booking one downtime, slowest (ms)", "{:.0f}"),
    ("reoptimised", "courses placed anew by the nightly re-optimisation", "{:.0f}"),
    ("days_saved", "  working days of wait it took off them", "{:.0f}"),
    ("nightly_ms_median", "one night's re-optimisation, median (ms)", "{:.0f}"),
    ("nightly_ms_max", "one night's re-optimisation, slowest (ms)", "{:.0f}"),
    ("seconds", "the whole run, wall clock (s)", "{:.1f}"),
    ("cpu_seconds", "the whole run, processor time (s)", "{:.1f}"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--per-day", type=float, default=25.0)
    parser.add_argument("--reserve", type=float, default=0.10)
    parser.add_argument("--release-days", type=int, default=BookingPolicy().reserve_release_days,
                        help="working days ahead the urgent reserve opens to routine bookings (the department's setting)")
    parser.add_argument("--slot", type=int, default=5, help="minute marks sessions start on (e.g. 15)")
    parser.add_argument("--first-extra", type=int, default=None, help="first fraction extra minutes (default: the catalogue)")
    parser.add_argument("--extra-wait", type=int, default=BookingPolicy().max_extra_wait_days)
    args = parser.parse_args(argv)
    machines = department(args.slot)
    policy = BookingPolicy(urgent_reserve=args.reserve, reserve_release_days=args.release_days,
                           max_extra_wait_days=args.extra_wait)
    calendar = ClinicCalendar()

    def fresh() -> BookingEngine:
        return BookingEngine(machines, calendar, TZ, policy)

    probe = fresh()
    stream = arrivals(args.seed, args.weeks, args.per_day, probe, args.first_extra)
    breakdowns = downtimes(args.seed, args.weeks, machines, probe)
    began = clock.perf_counter()
    cpu = clock.process_time()
    results = []
    policies = (("engine", BookingEngine.book_best, False), ("engine + nightly re-optimisation", BookingEngine.book_best, True),
                ("first-fit", BookingEngine.book_first_fit, False))
    for name, book, nightly in policies:
        engine = fresh()
        outcome = run(name, book, engine, stream, breakdowns, nightly)
        results.append((name, figures(outcome, engine, stream, args.weeks)))
    total = clock.perf_counter() - began
    cpu_total = clock.process_time() - cpu
    print(f"Seed {args.seed}, {args.weeks} weeks measured after {WARM_UP_WEEKS} weeks of warm-up, "
          f"{args.per_day:g} new courses a working day, urgent reserve {args.reserve:.0%} opening to routine bookings "
          f"{args.release_days} working day{'' if args.release_days == 1 else 's'} ahead; "
          f"all policies in {total:.1f} s ({cpu_total:.1f} s of processor time).\n")
    print("| figure | " + " | ".join(name for name, _ in results) + " |")
    print("|---|" + "---:|" * len(results))
    for key, label, shape in ROWS:
        print(f"| {label} | " + " | ".join("—" if values[key] != values[key] else shape.format(values[key])  # NaN: not run
                                          for _, values in results) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
