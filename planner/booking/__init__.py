"""Booking courses onto treatment machines against capacity (Qt-free; reads the core only).

Entry points:
- `engine.BookingEngine.for_department(department, policy)`: an engine for a department's
  machines, calendar, zone and recorded downtime (`BookingEngine(machines, calendar, tz, policy)`
  for machines with their own slot grids).
- `needs.need_from_schedule(schedule, catalogue, course_id, ...)`: what to book for a planned course.
- `engine.propose(need, today)` -> up to three `Proposal`s; `engine.book(need, proposal)` holds
  one (`BookingConflict` when taken meanwhile); `engine.book_best(need, today)` does both.
- `engine.restore(need, bookings, machine, daily_time)` puts stored bookings back; `unbook(course_id)`.
- `engine.add_downtime(downtime, today)` -> `RebookReport` (moved, appended, unplaced, updated courses).
- `engine.close_days({day: note}, today)` -> `ClosureReport`: the whole department closed on those days
  (a snow day) and every appointment on them re-booked by the same rules.
- `reoptimise.reoptimise(engine, today)` -> `Reoptimisation`: the nightly re-optimisation of the
  coming weeks' unstarted courses with CP-SAT (placed anew so fewer wait; never later, never started).
- `engine.agenda(day)`, `booked_minutes(machine, day)`, `open_minutes(machine, day)` for the views.
"""
