"""The nightly re-optimisation: courses booked but not started yet are placed again, together, by
CP-SAT (OR-Tools), so that a course the greedy booking made wait starts earlier where moving other
unstarted courses makes room for it.

Why: the engine books each course when it is known, greedily (same machine, same daily time,
earliest start). A course booked later than its ready date may have been kept out only by courses
booked after it, or by the urgent reserve that has since been released; nobody re-examines it. Each
night this looks at the coming working days again.

What it may change, and what never:
- only courses whose first fraction is after `today` (nothing of a started course moves);
- a course never starts later than it is booked to start (nobody's wait grows);
- every candidate placement is planned by the engine's own rules (pattern, spacing, phases, twice
  daily, the longer first fraction, reviews in clinic rooms) against the time nothing in scope holds;
  the course's current placement is always a candidate, and the solver starts from it.

The model: one Boolean per candidate placement, exactly one per course, at most one of every
group of candidates (of different courses) that hold one machine at one moment. The objective,
heaviest first: a course no longer kept on one machine, working days of wait, a course moved at
all, fractions outside the beam-matched group, fractions off the daily time or off the machine,
and among equals what the patient was told: the beam-matched group, then the daily time, then the
machine (so a course that gains nothing keeps its times unless it makes room, and one that starts earlier keeps its told
daily time on another machine of its group rather than take another time on its own). A waiting
course tries each start day at its told daily time as well as at the engine's choice, which knows
nothing of what was told; the courses that only make room keep to the engine's choices, which
leave the free time least cut up for the courses booked after them (told times for them too cut
it up: more courses waited in the simulated year). The
solver runs on one worker within a deterministic time limit, with the groups in its linear
relaxation (a night's model solves to optimality in milliseconds), so the same bookings give the
same answer on every run.

The scope is kept small: it runs only when some unstarted course within the horizon could start
earlier (it waits past its ready date, or past tomorrow), and takes those courses plus the unstarted
courses booked on the machine-days they could start on (the only ones whose moving makes room).
A waiting course is also offered the earlier placements that fit around everything as booked now
(room opened since it was booked: the urgent reserve released a few days ahead, a course unbooked),
which move nobody else; planned with every course in scope set aside, its placements would mostly
meet the other courses' present times.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date, time, timedelta, tzinfo

from ..core.dates import short_day_text
from ..core.department import Booking, MakeUpCause
from ..core.kinds import AppointmentKind
from .engine import BookingEngine
from .model import CourseNeed, Move, Proposal

HORIZON_DAYS = 20  # working days after today a run looks at, by default
MAX_WAITING = 30  # waiting courses taken into one run, the earliest ready first
MAX_BLOCKERS = 30  # unstarted courses whose booked time may make room for them
ELSEWHERE = 12  # more places tried for a course in a waiting course's way
START_DAYS = 5  # start days tried per course (from its ready day), besides the one it is booked on
WAIT_WEIGHT = 1000  # per working day of wait: outweighs everything else
GROUP_WEIGHT = 60  # per fraction outside the beam-matched group of the course's machine
DEPARTURE_WEIGHT = 10  # per fraction off the daily time, and per fraction off the machine
CHANGE_WEIGHT = 1500  # per course not kept on one machine: more than a day of wait (patients who change machine)
MOVE_WEIGHT = 100  # per course moved: a course moves to let one start earlier (or to end ten departures), else it keeps its times
# Among placements of equal cost, what the patient was told is kept: the daily time first (a patient
# plans the day around it), then the machine, and the beam-matched group above both (another group
# costs more than another time). Another machine within the group < another time < another group.
TOLD_TIME_WEIGHT = 4  # the daily time more than the same-time margin (policy.same_time_minutes) from the told one
TOLD_MACHINE_WEIGHT = 2  # another machine than the told one
TOLD_GROUP_WEIGHT = 3  # a machine outside the told machine's beam-matched group (on top of another machine)
SOLVER_TIME = 2.0  # CP-SAT's deterministic time limit (its own units, about seconds; the same on every run)
HOW = "re-optimised"


@dataclass(frozen=True)
class CourseChange:
    """One course placed anew: its first day, machine and daily time before and after, and its wait."""

    course_id: str
    from_first: date
    from_machine: str
    from_time: time
    to_first: date
    to_machine: str
    to_time: time
    wait_before: int  # working days from ready to the first fraction
    wait_after: int

    def what_changed(self) -> str:
        """What the patient must be told, and only that: 'starts Mon 30 Nov instead of Mon 7 Dec;
        daily time 12:00 instead of 10:00; Linac 1 instead of Linac 2'."""
        parts = []
        if self.to_first != self.from_first:
            parts.append(f"starts {short_day_text(self.to_first)} instead of {short_day_text(self.from_first)}")
        if self.to_time != self.from_time:
            parts.append(f"daily time {self.to_time:%H:%M} instead of {self.from_time:%H:%M}")
        if self.to_machine != self.from_machine:
            parts.append(f"{self.to_machine} instead of {self.from_machine}")
        return "; ".join(parts) or "same start, daily time and machine; single appointments moved"


@dataclass(frozen=True)
class Reoptimisation:
    """What a re-optimisation found (and, when applied, did): the courses placed anew with each
    appointment that moved, and how many courses it looked at and left as booked."""

    today: date
    last_day: date  # the horizon: courses starting after it were not looked at
    changes: tuple[CourseChange, ...]
    moved: tuple[Move, ...]  # every appointment of those courses now on another machine or at another time
    unchanged: int  # courses in scope left as booked
    waiting: int  # unstarted courses that could have started earlier, before the run
    status: str  # the solver's status ("OPTIMAL", "FEASIBLE"), or why it did not run
    placements: tuple[tuple[str, Proposal], ...]  # the new placement of each changed course

    @property
    def updated_courses(self) -> tuple[str, ...]:
        return tuple(change.course_id for change in self.changes)

    @property
    def days_saved(self) -> int:
        return sum(change.wait_before - change.wait_after for change in self.changes)


@dataclass
class _Unstarted:
    course_id: str
    need: CourseNeed
    bookings: tuple[Booking, ...]
    first: date  # the booked first fraction's day
    ready: date  # the day its wait counts from
    soonest: date  # the first open day it could start: its ready day, or tomorrow when that has passed


@dataclass(frozen=True)
class _Candidate:
    proposal: Proposal | None  # None: the course's current placement
    cost: int
    bookings: tuple[Booking, ...]


def reoptimise(engine: BookingEngine, today: date, *, days: int = HORIZON_DAYS, ready: Mapping[str, date] | None = None,
               apply: bool = True, solver_time: float = SOLVER_TIME, kept: Collection[str] = ()) -> Reoptimisation:
    """Re-place the unstarted courses starting within `days` working days after `today` so that
    fewer wait (see the module's docstring); `ready` overrides the day a course's wait counts from
    (e.g. the store's record). With `apply` the engine holds the answer (all or nothing:
    BookingConflict leaves every course as it was). The courses `kept` stay as booked (their time still taken)."""
    last_day = engine.add_working_days(today, days)
    tomorrow = engine.add_working_days(today + timedelta(days=1), 0)
    unstarted = {course_id: u for course_id, u in _unstarted(engine, today, tomorrow, last_day, ready or {}).items()
                 if course_id not in kept}
    waiting = sorted((u for u in unstarted.values() if u.first > u.soonest), key=lambda u: (u.soonest, u.first, u.course_id))
    if not waiting:
        return Reoptimisation(today, last_day, (), (), 0, 0, "nothing waits", ())
    taken = waiting[:MAX_WAITING]
    scope = taken + _blockers(engine, taken, unstarted)
    around = {u.course_id: _around(engine, u, today) for u in taken}
    with engine.set_aside([u.course_id for u in scope]):
        waiting_ids = {u.course_id for u in taken}
        candidates = {u.course_id: _candidates(engine, u, today, told=u.course_id in waiting_ids) for u in scope}
        for item in _in_the_way(taken, scope, candidates):
            candidates[item.course_id] += _elsewhere(engine, item, today, candidates[item.course_id])
    for course_id, options in around.items():
        seen = {_fingerprint(option.bookings) for option in candidates[course_id]}
        candidates[course_id] += [option for option in options if _fingerprint(option.bookings) not in seen]
    chosen, status = _solve(candidates, solver_time)
    changes: list[CourseChange] = []
    moved: list[Move] = []
    placements: list[tuple[str, Proposal]] = []
    for item in scope:
        proposal = candidates[item.course_id][chosen[item.course_id]].proposal
        if proposal is None:
            continue
        proposal = _keeping_records(item.bookings, _keeping_make_ups(item.bookings, proposal))
        placements.append((item.course_id, proposal))
        changes.append(_change(engine, item, proposal))
        moved.extend(_moves(item.bookings, proposal.bookings))
    if apply and placements:
        engine.rebook_courses(dict(placements))
    return Reoptimisation(today, last_day, tuple(changes), tuple(moved), len(scope) - len(changes), len(waiting), status,
                          tuple(placements))


def _unstarted(engine: BookingEngine, today: date, tomorrow: date, last_day: date,
               ready: Mapping[str, date]) -> dict[str, _Unstarted]:
    """Every booked course whose first fraction lies after `today` and no later than `last_day`."""
    found: dict[str, _Unstarted] = {}
    for course_id in engine.booked_courses():
        need = engine.need(course_id)
        bookings = engine.bookings(course_id)
        fractions = [b for b in bookings if b.kind is AppointmentKind.FRACTION and not b.released]  # a missed day's record gives none
        if need is None or not fractions or len(fractions) + _make_ups_unbooked(bookings, engine.tz) != len(need.sessions):
            continue  # a course whose bookings no longer match what it needs (e.g. a fraction left unplaced) stays as it is
        first = min(b.start for b in fractions).astimezone(engine.tz).date()
        if first <= today or first > last_day:
            continue
        own = ready.get(course_id) or _ready(engine, need, bookings) or first
        soonest = engine.add_working_days(max(own, tomorrow), 0)
        found[course_id] = _Unstarted(course_id, need, bookings, first, own, soonest)
    return found


def _make_ups_unbooked(bookings: tuple[Booking, ...], tz: tzinfo) -> int:
    """How many sessions the course's days marked missed in advance (their bookings kept released, as the days'
    records) lost whose make-up no booking gives yet (`book --make-ups` books them): a placement anew gives them."""
    records = Counter(b.start.astimezone(tz).date() for b in bookings if b.kind is AppointmentKind.FRACTION and b.released)
    if not records:
        return 0
    made = Counter(b.make_up.day for b in bookings if b.kind is AppointmentKind.FRACTION and not b.released
                   and b.make_up is not None and b.make_up.cause is MakeUpCause.MISSED)
    return sum(max(0, lost - made[day]) for day, lost in records.items())


def _ready(engine: BookingEngine, need: CourseNeed, bookings: tuple[Booking, ...]) -> date | None:
    """The day the course's wait counts from: given, or its planning scan plus its planning days."""
    if need.earliest is not None:
        return need.earliest
    scan = next((b for b in bookings if b.kind is AppointmentKind.SIMULATION), None)
    if scan is not None:
        return engine.add_working_days(scan.start.astimezone(engine.tz).date(), need.planning_days)
    if need.simulation_at is not None:
        return engine.add_working_days(need.simulation_at.astimezone(engine.tz).date(), need.planning_days)
    return None


def _start_days(engine: BookingEngine, item: _Unstarted) -> list[date]:
    """The open days from the course's soonest start before its booked first day (at most START_DAYS)."""
    found: list[date] = []
    day = item.soonest
    while day < item.first and len(found) < START_DAYS:
        if engine.open_for(item.need, day):
            found.append(day)
        day += timedelta(days=1)
    return found


def _blockers(engine: BookingEngine, waiting: list[_Unstarted], unstarted: dict[str, _Unstarted]) -> list[_Unstarted]:
    """The unstarted courses booked on a machine-day a waiting course could start on (one it is
    eligible for): moving them is what can make room. Each waiting course's nearest days first, the
    waiting courses in turn, at most MAX_BLOCKERS."""
    taken = {u.course_id for u in waiting}
    queues: list[list[_Unstarted]] = []
    for item in waiting:
        machines = set(engine.eligible_machines(item.need))
        queue: list[_Unstarted] = []
        for day in _start_days(engine, item):
            for name, held in engine.agenda(day).items():
                if name in machines:
                    queue += [unstarted[b.course_id] for b in held if b.course_id in unstarted]
        queues.append(queue)
    found: list[_Unstarted] = []
    while any(queues) and len(found) < MAX_BLOCKERS:
        for queue in queues:
            while queue:
                other = queue.pop(0)
                if other.course_id not in taken:
                    taken.add(other.course_id)
                    found.append(other)
                    break
    return found[:MAX_BLOCKERS]


def _candidates(engine: BookingEngine, item: _Unstarted, today: date, *, told: bool) -> list[_Candidate]:
    """The course's current placement (first), then each start day from its soonest to its booked
    one on each eligible machine at the daily time the engine would choose (which knows nothing of
    what was told) and, with `told` (a waiting course), at the daily time its patient was told;
    planned by the engine's rules."""
    current = _Candidate(None, _cost(engine, item, item.first, *engine.departures(item.course_id), moved=False), item.bookings)
    found = [current]
    seen = {_fingerprint(item.bookings)}
    keep = _carried(engine, item)
    placement = engine.placement(item.course_id)
    told_minute = placement[1].hour * 60 + placement[1].minute if placement is not None and told else None
    for day in [*_start_days(engine, item), item.first]:
        for machine in engine.eligible_machines(item.need):
            chosen = engine.daily_minute(item.need, day, machine, today)
            for minute in dict.fromkeys(m for m in (told_minute, chosen) if m is not None):
                proposal = engine.plan_placement(item.need, day, machine, minute, today, item.ready, keep)
                if proposal is None or proposal.warnings:  # e.g. a review no clinic room could take
                    continue
                key = _fingerprint(proposal.bookings)
                if key in seen:
                    continue
                seen.add(key)
                found.append(_Candidate(proposal, _moved_cost(engine, item, proposal), proposal.bookings))
    return found


def _around(engine: BookingEngine, item: _Unstarted, today: date) -> list[_Candidate]:
    """The waiting course's earlier placements that fit around everything else as booked now, so
    that taking one moves no other course: room that opened since it was booked (the urgent reserve
    released a few days ahead, a course unbooked) rather than room another course must give up."""
    with engine.set_aside([item.course_id]):
        return [option for option in _candidates(engine, item, today, told=True)[1:]
                if option.proposal is not None and option.proposal.first < item.first]


def _carried(engine: BookingEngine, item: _Unstarted) -> tuple[Booking, ...]:
    """What a new placement keeps as booked: the planning scan, and reviews unless clinic rooms
    take them (then they are booked again after the new fractions)."""
    rooms = any(m.holds is AppointmentKind.REVIEW for m in engine.machines)
    return tuple(b for b in item.bookings if b.kind is not AppointmentKind.FRACTION
                 and not (b.kind is AppointmentKind.REVIEW and rooms and item.need.reviews is not None))


def _in_the_way(waiting: list[_Unstarted], scope: list[_Unstarted], candidates: Mapping[str, list[_Candidate]]) -> list[_Unstarted]:
    """The blockers whose current bookings meet an earlier start of a waiting course: they need
    somewhere else to go for it to start earlier."""
    earlier = {(b.machine, int(b.start.timestamp()), int(b.end.timestamp()))
               for item in waiting for option in candidates[item.course_id][1:]
               if option.proposal is not None and option.proposal.first < item.first for b in option.bookings}
    by_machine: dict[str, list[tuple[int, int]]] = {}
    for machine, start, end in earlier:
        by_machine.setdefault(machine, []).append((start, end))
    taken = {u.course_id for u in waiting}
    found = []
    for item in scope:
        if item.course_id in taken:
            continue
        for booking in item.bookings:
            start, end = int(booking.start.timestamp()), int(booking.end.timestamp())
            if any(a < end and start < b for a, b in by_machine.get(booking.machine, ())):
                found.append(item)
                break
    return found


def _elsewhere(engine: BookingEngine, item: _Unstarted, today: date, have: list[_Candidate]) -> list[_Candidate]:
    """More places for a course in a waiting course's way: on its booked first day, each eligible
    machine (its own, then its group, then the rest) at the times its first fraction fits flush in
    a free window, nearest its daily time first; at most ELSEWHERE more."""
    placement = engine.placement(item.course_id)
    if placement is None:
        return []
    machine, daily = placement
    minute = daily.hour * 60 + daily.minute
    group = next(m.group for m in engine.machines if m.name == machine)
    machines = sorted(engine.eligible_machines(item.need),
                      key=lambda name: (name != machine, next(m.group for m in engine.machines if m.name == name) != group))
    seen = {_fingerprint(option.bookings) for option in have}
    keep = _carried(engine, item)
    found: list[_Candidate] = []
    for name in machines:
        for start in sorted(engine.free_starts(item.need, item.first, name, today), key=lambda m: (abs(m - minute), m)):
            proposal = engine.plan_placement(item.need, item.first, name, start, today, item.ready, keep)
            if proposal is None or proposal.warnings or _fingerprint(proposal.bookings) in seen:
                continue
            seen.add(_fingerprint(proposal.bookings))
            cost = _moved_cost(engine, item, proposal)
            found.append(_Candidate(proposal, cost, proposal.bookings))
            if len(found) == ELSEWHERE:
                return found
    return found


def _fingerprint(bookings: tuple[Booking, ...]) -> frozenset[tuple[AppointmentKind, int, str, int]]:
    return frozenset((b.kind, b.number, b.machine, int(b.start.timestamp())) for b in bookings)


def _moved_cost(engine: BookingEngine, item: _Unstarted, proposal: Proposal) -> int:
    """A new placement's cost: as `_cost`, and, among equals, what the patient was told kept: the
    beam-matched group, the daily time, the machine (see TOLD_TIME_WEIGHT)."""
    cost = _cost(engine, item, proposal.first, proposal.off_time, proposal.off_machine, proposal.off_group, moved=True)
    placement = engine.placement(item.course_id)
    if placement is None:
        return cost
    machine, daily = placement
    groups = {m.name: m.group for m in engine.machines}
    told = daily.hour * 60 + daily.minute
    now = proposal.time.hour * 60 + proposal.time.minute
    return (cost + TOLD_MACHINE_WEIGHT * (proposal.machine != machine)
            + TOLD_GROUP_WEIGHT * (groups.get(proposal.machine) != groups.get(machine))
            + TOLD_TIME_WEIGHT * (abs(now - told) > engine.policy.same_time_minutes))


def _cost(engine: BookingEngine, item: _Unstarted, first: date, off_time: int, off_machine: int, off_group: int,
          *, moved: bool) -> int:
    wait = engine.working_days(item.ready, first)
    return WAIT_WEIGHT * wait + CHANGE_WEIGHT * (off_machine > 0) + GROUP_WEIGHT * off_group \
        + DEPARTURE_WEIGHT * (off_time + off_machine) + MOVE_WEIGHT * moved


def _solve(candidates: Mapping[str, list[_Candidate]], solver_time: float) -> tuple[dict[str, int], str]:
    """Which candidate each course takes (index into its list) and the solver's status; every
    course keeps its current placement (index 0) when the solver finds nothing."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    chosen = {course_id: [model.new_bool_var(f"{course_id}#{k}") for k in range(len(options))]
              for course_id, options in candidates.items()}
    objective = []
    for course_id, options in candidates.items():
        model.add_exactly_one(chosen[course_id])
        for k, option in enumerate(options):
            objective.append(option.cost * chosen[course_id][k])
            model.add_hint(chosen[course_id][k], k == 0)
    for group in sorted(_clashes(candidates), key=sorted):
        model.add_at_most_one([chosen[course_id][k] for course_id, k in sorted(group)])
    model.minimize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.max_deterministic_time = solver_time
    solver.parameters.linearization_level = 2  # the clique constraints in the LP: tight bounds on set packing
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return {course_id: 0 for course_id in candidates}, solver.status_name(status)
    picked = {course_id: next(k for k, var in enumerate(variables) if solver.boolean_value(var))
              for course_id, variables in chosen.items()}
    return picked, solver.status_name(status)


def _clashes(candidates: Mapping[str, list[_Candidate]]) -> set[frozenset[tuple[str, int]]]:
    """Groups of candidates of different courses that all hold one machine at one moment (at most
    one of each group can be chosen): the largest such groups of every machine, found by a sweep."""
    by_machine: dict[str, list[tuple[int, int, str, int]]] = {}
    for course_id, options in candidates.items():
        for k, option in enumerate(options):
            for booking in option.bookings:
                if booking.released:  # a missed day's record holds no machine time
                    continue
                by_machine.setdefault(booking.machine, []).append(
                    (int(booking.start.timestamp()), int(booking.end.timestamp()), course_id, k))
    groups: set[frozenset[tuple[str, int]]] = set()

    def keep(active: list[tuple[int, int, str, int]]) -> None:
        if len({course_id for _, _, course_id, _ in active}) > 1:
            groups.add(frozenset((course_id, k) for _, _, course_id, k in active))

    for intervals in by_machine.values():
        intervals.sort()
        active: list[tuple[int, int, str, int]] = []
        grown = False
        for interval in intervals:
            still = [a for a in active if a[1] > interval[0]]
            if grown and len(still) < len(active):
                keep(active)  # something ends before this starts: the group held until now is a largest one
            active, grown = still, True
            active.append(interval)
        if grown:
            keep(active)
    return groups


def _change(engine: BookingEngine, item: _Unstarted, proposal: Proposal) -> CourseChange:
    placement = engine.placement(item.course_id)
    machine, daily = placement if placement is not None else (proposal.machine, proposal.time)
    return CourseChange(item.course_id, item.first, machine, daily, proposal.first, proposal.machine, proposal.time,
                        engine.working_days(item.ready, item.first), engine.working_days(item.ready, proposal.first))


def _keeping_make_ups(old: tuple[Booking, ...], proposal: Proposal) -> Proposal:
    """The new placement with each make-up mark of the old bookings (the session a downtime or a closure took
    off its day, the make-up of a day marked missed) on the booking of the same session: a make-up stays known as
    one, wherever it now is. Sessions are counted in time order, each kind on its own, leaving out the records of
    days marked missed (released: they give no session), so a course whose booking numbers are not its session
    numbers (a missed day's record among them) keeps each mark on its own session, none on its neighbour."""
    marks = {key: b.make_up for key, b in _sessions(old).items() if b.make_up is not None}
    if not marks:
        return proposal
    new = {id(b): key for key, b in _sessions(proposal.bookings).items()}
    return replace(proposal, bookings=tuple(replace(b, make_up=marks.get(new[id(b)], b.make_up)) if id(b) in new else b
                                            for b in proposal.bookings))


def _sessions(bookings: tuple[Booking, ...]) -> dict[tuple[AppointmentKind, int], Booking]:
    """Each booking that gives a session (not a missed day's record), by (kind, its session's number in time order)."""
    found: dict[tuple[AppointmentKind, int], Booking] = {}
    for kind in {b.kind for b in bookings}:
        held = sorted((b for b in bookings if b.kind is kind and not b.released), key=lambda b: (b.start, b.number))
        found.update({(kind, k): b for k, b in enumerate(held, start=1)})
    return found


def _keeping_records(old: tuple[Booking, ...], proposal: Proposal) -> Proposal:
    """The new placement with the course's record of each day marked missed in advance (its booking, released: it
    holds no machine time) kept as it was; the fractions numbered again in time order, as a course booked before its
    day was marked missed is: the record's number is the session missed there (as `plan` lists it), and each later
    booking gives the session before its number (see core.make_up.booked_fractions)."""
    records = tuple(b for b in old if b.kind is AppointmentKind.FRACTION and b.released)
    if not records:
        return proposal
    fractions = sorted((*(b for b in proposal.bookings if b.kind is AppointmentKind.FRACTION), *records), key=lambda b: b.start)
    numbered = tuple(replace(b, number=k) for k, b in enumerate(fractions, start=1))
    return replace(proposal, bookings=(*numbered, *(b for b in proposal.bookings if b.kind is not AppointmentKind.FRACTION)))


def _moves(old: tuple[Booking, ...], new: tuple[Booking, ...]) -> list[Move]:
    """Each appointment held before and after that now lies on another machine or at another time (a missed day's
    record, kept where it was, is none)."""
    before = {(b.kind, b.number): b for b in old if not b.released}
    moves = []
    for booking in sorted((b for b in new if not b.released), key=lambda b: b.start):
        previous = before.get((booking.kind, booking.number))
        if previous is not None and (previous.machine != booking.machine or previous.start != booking.start):
            moves.append(Move(booking.course_id, booking.number, previous.machine, previous.start, booking.machine,
                              booking.start, HOW, booking.kind))
    return moves
