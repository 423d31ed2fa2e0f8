"""A stored course that keeps a clock other than its department's (New York, on London's machines) prints its times on
that clock: 11:00 on Linac 1 reads 07:00, then 06:00 once London's clocks go forward. The page said nowhere whose clock
that is, so a patient of a London clinic read 06:00 as London's time, five hours early; each print now names the zone."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader

from planner.store.db import Store

from .booking_scenario import COURSES, course_spec, stock
from .command_line import run


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


@pytest.fixture
def url(tmp_path) -> str:
    made = stock(f"sqlite:///{tmp_path / 'department.db'}", COURSES[:1])
    with Store.open(made) as store:
        store.save_course(replace(course_spec("course-ny", "Nora York", "H0100", "prostate", "20-daily", None), tz="America/New_York"))
    return made


@pytest.mark.parametrize("layout", ["week", "glance", "sheet"])
@pytest.mark.parametrize("discreet", [False, True], ids=["plain", "discreet"])
def test_a_print_names_the_zone_of_a_course_on_another_clock_than_its_departments(capsys, url, tmp_path, layout, discreet):
    options = ["--discreet"] if discreet else []
    for course_id, named in (("course-ny", True), ("course-prostate", False)):
        out = tmp_path / f"{course_id}-{layout}.pdf"
        status, _, err = run(capsys, "print", "--course-id", course_id, "--layout", layout, *options, "-o", str(out), "--db", url)
        assert status == 0, err
        assert ("All times are America/New_York time." in pdf_text(out)) is named
