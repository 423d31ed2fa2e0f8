"""How close the engine's total wait comes to CP-SAT's optimum on small instances.

Run: .venv/bin/python benchmarks/booking_optimum.py [--seeds 3] [--courses 60]  (OR-Tools is a dependency of the planner)

An instance: two beam-matched linacs with 15-minute slots, 60 daily courses (1-15 fractions of
15 minutes, the first fraction 10 minutes longer) becoming ready over three weeks. The engine books
them one by one in the order they become known, as a coordinator would. CP-SAT (OR-Tools) sees
them all at once and minimises the total wait in working days, under the rules the engine keeps
when it does not depart from its preferences: every fraction on one machine at one daily slot, the
longer first fraction on that slot and the one after (or before) it. The engine may depart from
those preferences (another time or machine for some fractions) to start earlier, so its wait can
fall below that; the table says how often it departed. A second CP-SAT model gives the engine's
freedom to every fraction (any free slot of either machine each day, the daily pattern kept): its
optimum is the least total wait any policy keeping the pattern can reach.
"""

from __future__ import annotations

import argparse
import random
import sys
import time as clock
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from planner.booking.engine import BookingEngine  # noqa: E402
from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, SessionNeed  # noqa: E402
from planner.core.clinic import ClinicCalendar  # noqa: E402
from planner.core.kinds import AppointmentKind  # noqa: E402

TZ = ZoneInfo("Europe/London")
START = date(2027, 3, 1)  # a Monday
SLOT = 15
OPENS, CLOSES = time(8, 0), time(12, 0)  # 16 slots a machine-day: a tight instance
MACHINES = ("Linac 1", "Linac 2")
START_OPTIONS = 25  # working days after ready that CP-SAT may start a course


def working_day(index: int) -> date:
    weeks, rest = divmod(index, 5)
    return START + timedelta(days=7 * weeks + rest)


def instance(seed: int, count: int) -> list[tuple[int, int, int]]:
    """(known on working day, ready on working day, fractions) for each course, by when known."""
    rng = random.Random(seed)
    courses = []
    for _ in range(count):
        known = rng.randrange(0, 15)
        ready = known + rng.choice((1, 2, 5, 7))
        courses.append((known, ready, rng.choice((1, 3, 5, 5, 10, 15))))
    courses.sort()
    return courses


def engine_waits(courses: list[tuple[int, int, int]], first_fit: bool,
                 plans: dict[int, tuple[int, int, int]] | None = None) -> tuple[int, int]:
    """(total wait, courses departing from one machine at one time) when booked one by one; the
    courses kept whole on one machine and slot go into `plans` as (wait, machine, slot)."""
    hours = {d: (OPENS, CLOSES) for d in range(5)}
    machines = [BookableMachine(name, "A", frozenset(), hours, SLOT) for name in MACHINES]
    engine = BookingEngine(machines, ClinicCalendar(), TZ, BookingPolicy(urgent_reserve=0.0))
    total = departed = 0
    for index, (known, ready, fractions) in enumerate(courses):
        sessions = tuple(SessionNeed(n, SLOT + (10 if n == 1 else 0), 0 if n == 1 else 1) for n in range(1, fractions + 1))
        need = CourseNeed(f"c{index}", sessions, earliest=working_day(ready))
        proposal = (engine.book_first_fit if first_fit else engine.book_best)(need, working_day(known))
        total += proposal.wait_days
        fractions_booked = [b for b in proposal.bookings if b.kind is AppointmentKind.FRACTION]
        times = {b.start.astimezone(TZ).time() for b in fractions_booked[1:]}
        whole = len({b.machine for b in fractions_booked}) == 1 and len(times) <= 1
        departed += not whole
        if plans is not None and whole and len(fractions_booked) > 1:
            local = fractions_booked[1].start.astimezone(TZ)
            slot = (local.hour * 60 + local.minute - OPENS.hour * 60 - OPENS.minute) // SLOT
            plans[index] = (proposal.wait_days, MACHINES.index(fractions_booked[0].machine), slot)
    return total, departed


def optimum(courses: list[tuple[int, int, int]], seconds: float, hints: dict[int, tuple[int, int, int]]) -> tuple[int, int, str]:
    """(best total wait found, lower bound, status) from CP-SAT, started from the engine's plans."""
    from ortools.sat.python import cp_model

    slots = (CLOSES.hour * 60 + CLOSES.minute - OPENS.hour * 60 - OPENS.minute) // SLOT
    model = cp_model.CpModel()
    # Each course is a rectangle per machine in (working day x slot) space: its daily slot for all
    # its days, plus the first fraction's second slot (after or before it) on its first day.
    rectangles: dict[int, tuple[list[cp_model.IntervalVar], list[cp_model.IntervalVar]]] = {m: ([], []) for m in range(len(MACHINES))}
    objective = []
    for c, (_, ready, fractions) in enumerate(courses):
        first = model.NewIntVar(ready, ready + START_OPTIONS - 1, f"first{c}")
        slot = model.NewIntVar(0, slots - 1, f"slot{c}")
        early = model.NewBoolVar(f"early{c}")
        extra = model.NewIntVar(0, slots - 1, f"extra{c}")
        model.Add(extra == slot + 1 - 2 * early)
        on = [model.NewBoolVar(f"on{c}_{m}") for m in range(len(MACHINES))]
        model.AddExactlyOne(on)
        for m, present in enumerate(on):
            xs, ys = rectangles[m]
            xs.append(model.NewOptionalFixedSizeIntervalVar(first, fractions, present, f"days{c}_{m}"))
            ys.append(model.NewOptionalFixedSizeIntervalVar(slot, 1, present, f"slot{c}_{m}"))
            xs.append(model.NewOptionalFixedSizeIntervalVar(first, 1, present, f"day1_{c}_{m}"))
            ys.append(model.NewOptionalFixedSizeIntervalVar(extra, 1, present, f"extra{c}_{m}"))
        objective.append(first - ready)
        if c in hints:
            wait, machine, daily = hints[c]
            model.AddHint(first, ready + wait)
            model.AddHint(slot, daily)
            for m, present in enumerate(on):
                model.AddHint(present, m == machine)
    for xs, ys in rectangles.values():
        model.AddNoOverlap2D(xs, ys)
    model.Minimize(sum(objective))
    return _solve(model, seconds)


def _solve(model: Any, seconds: float) -> tuple[int, int, str]:
    """(best objective, lower bound, status) of a CP-SAT model solved within `seconds` on two workers."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return -1, -1, solver.StatusName(status)
    return int(solver.ObjectiveValue()), int(solver.BestObjectiveBound()), solver.StatusName(status)


def anywhere_optimum(courses: list[tuple[int, int, int]], seconds: float) -> tuple[int, int, str]:
    """(best total wait, lower bound, status) from CP-SAT when each day's fractions may go to any
    free slot of either machine, as the engine's departures and first-fit allow: the daily pattern
    and each day's slot count are the only limits (the first fraction takes two slots). It bounds
    from below what any policy that keeps the pattern can reach."""
    from ortools.sat.python import cp_model

    slots = (CLOSES.hour * 60 + CLOSES.minute - OPENS.hour * 60 - OPENS.minute) // SLOT
    model = cp_model.CpModel()
    intervals: list[cp_model.IntervalVar] = []
    demands: list[int] = []
    objective = []
    for c, (_, ready, fractions) in enumerate(courses):
        first = model.NewIntVar(ready, ready + START_OPTIONS - 1, f"first{c}")
        intervals.append(model.NewFixedSizeIntervalVar(first, fractions, f"days{c}"))
        demands.append(1)
        intervals.append(model.NewFixedSizeIntervalVar(first, 1, f"longer{c}"))  # the first fraction's second slot
        demands.append(1)
        objective.append(first - ready)
    model.AddCumulative(intervals, demands, slots * len(MACHINES))
    model.Minimize(sum(objective))
    return _solve(model, seconds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--courses", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=60.0, help="CP-SAT time limit per instance")
    args = parser.parse_args(argv)
    print(f"{args.courses} daily courses over three weeks, 2 matched linacs x 16 slots a day; CP-SAT limit {args.seconds:g} s.\n")
    print("| seed | engine total wait | courses departing | first-fit total wait | CP-SAT, one machine and slot: best (bound) | status "
          "| CP-SAT s | CP-SAT, any free slot: best (bound) | status |")
    print("|---:|---:|---:|---:|---:|---|---:|---:|---|")
    for seed in range(1, args.seeds + 1):
        courses = instance(seed, args.courses)
        hints: dict[int, tuple[int, int, int]] = {}
        ours, departed = engine_waits(courses, first_fit=False, plans=hints)
        baseline, _ = engine_waits(courses, first_fit=True)
        began = clock.perf_counter()
        best, bound, status = optimum(courses, args.seconds, hints)
        spent = clock.perf_counter() - began
        loose, loose_bound, loose_status = anywhere_optimum(courses, args.seconds)
        print(f"| {seed} | {ours} | {departed} | {baseline} | {best} ({bound}) | {status} | {spent:.1f} "
              f"| {loose} ({loose_bound}) | {loose_status} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
