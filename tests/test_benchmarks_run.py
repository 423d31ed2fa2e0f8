"""The benchmarks still run against today's code: each, at a tiny size, ends without an error and
reports its figures (no time is asserted here: speed is measured by running the benchmarks
themselves, see docs/PERFORMANCE.md). A benchmark left calling a changed function (a print
context's removed `locale=`, once) failed only when someone next measured."""

from __future__ import annotations

import contextlib
import io
import math

import pytest

from benchmarks import booking_command, booking_optimum, department_sim, drag_check
from benchmarks import run as benchmarks


@pytest.mark.parametrize("bench", [benchmarks.bench_schedule, benchmarks.bench_export, benchmarks.bench_print,
                                   benchmarks.bench_live_update])
def test_each_figure_of_the_main_run_is_measured(qapp, bench):
    result = bench(1)
    assert result.value > 0 and math.isfinite(result.value)


def printed(main, *argv: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(list(argv)) == 0
    return out.getvalue()


def test_the_simulated_department_runs_each_policy():
    text = printed(department_sim.main, "--weeks", "1", "--per-day", "3")
    for policy in ("engine", "engine + nightly re-optimisation", "first-fit"):
        assert policy in text


def test_the_engine_against_cp_sat_runs():
    assert "| 1 |" in printed(booking_optimum.main, "--seeds", "1", "--courses", "6", "--seconds", "1")


def test_booking_with_courses_on_treatment_runs(monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    text = printed(booking_command.main, "--courses", "4", "--repeat", "2", "--db", f"sqlite:///{tmp_path / 'd.db'}")
    assert "engine: book one more course" in text
    assert "`book` command on sqlite" in text and "the same in a window, its store kept open" in text


def test_a_run_rewrites_its_figures_and_keeps_every_section_people_wrote():
    before = ("# Performance\n\nold figures\n\n## How each is measured\n\n- old\n\n## Targets missed in this run\n\n"
              "- memory\n\n## Machine booking\n\n### Session 8\n\nwho waits\n")
    figures = "# Performance\n\nnew figures\n\n## How each is measured\n\n- new\n"
    merged = benchmarks.with_written_sections(figures, before)
    assert merged == figures + "\n## Targets missed in this run\n\n- memory\n\n## Machine booking\n\n### Session 8\n\nwho waits\n"
    assert benchmarks.with_written_sections(figures, "") == figures


def test_the_drag_check_runs(qapp, monkeypatch, tmp_path):
    monkeypatch.setenv("HOME", str(tmp_path))
    text = printed(drag_check.main, "--repeat", "2")
    assert "one drag move" in text and "refused at 09:00: fraction 4: twice daily" in text


def test_the_simulation_counts_a_start_a_downtime_put_off_and_leaves_it_out_of_the_rest():
    """A course whose first day a downtime takes (one machine: no room elsewhere that day) starts a day later: its
    wait counts in the wait rows, and it is counted apart, so the rest's wait says what the booking itself chose."""
    from datetime import date, datetime, time, timedelta

    from planner.booking.engine import BookingEngine
    from planner.booking.model import BookableMachine, BookingPolicy, CourseNeed, SessionNeed
    from planner.core.clinic import ClinicCalendar
    from planner.core.department import Downtime

    tz = department_sim.TZ
    hours = {d: (time(8, 0), time(18, 0)) for d in range(5)}
    engine = BookingEngine([BookableMachine("Linac 1", "Versa", frozenset(), hours, 5)], ClinicCalendar(), tz, BookingPolicy())
    monday = department_sim.START
    wednesday = monday + timedelta(days=2)

    def arrival(course_id: str, earliest: date) -> department_sim.Arrival:
        sessions = tuple(SessionNeed(n, 15, 0 if n == 1 else 1) for n in range(1, 6))
        return department_sim.Arrival(CourseNeed(course_id=course_id, sessions=sessions, earliest=earliest), monday, True, False)

    stream = {monday: [arrival("hit", wednesday), arrival("later", monday + timedelta(days=7))], monday + timedelta(days=1): []}
    down = Downtime("Linac 1", datetime.combine(wednesday, time(0, 0), tz), datetime.combine(wednesday + timedelta(days=1), time(0, 0), tz))
    outcome = department_sim.run("engine", BookingEngine.book_best, engine, stream, {monday + timedelta(days=1): [down]})
    assert outcome.put_off_by_downtime == {"hit"}
    values = department_sim.figures(outcome, engine, stream, 1)
    assert (values["courses"], values["put_off"]) == (2, 1)
    assert values["wait_mean"] == 0.5 and values["waiting_share"] == 50.0  # the course put off waits a day
    assert values["kept_p95"] == 0 and values["kept_waiting_share"] == 0.0  # the other did not
