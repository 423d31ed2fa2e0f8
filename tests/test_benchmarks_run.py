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
