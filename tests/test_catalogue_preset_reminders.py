"""A reminder kept to some presets of its site: the shipped breath-hold reminder of the breast site
comes only with the left-breast breath-hold (DIBH) preset, never on a right breast's or a plain
course's calendar or print (nor, discreet, as a "breathing exercise" for everyone)."""

from __future__ import annotations

from datetime import date

import pytest

from planner.core.catalogue import load_catalogue, parse_catalogue
from planner.core.errors import CatalogueError
from planner.core.kinds import AppointmentKind
from planner.core.schedule import build_schedule
from planner.core.spec import CourseSpec
from planner.resources_path import default_catalogue_path

from .test_catalogue_fields import catalogue

SHIPPED = load_catalogue(default_catalogue_path())


def texts(preset: str | None, fractions: int | None = None) -> set[str]:
    spec = CourseSpec(site="breast", preset=preset, fractions=fractions, start=date(2030, 4, 1), tz="Europe/London")
    schedule = build_schedule(spec.to_request(SHIPPED), SHIPPED)
    return {r.discreet_text for a in schedule.appointments for r in a.reminders} | \
        {r.text for a in schedule.appointments for r in a.reminders}


def test_the_breath_hold_reminder_comes_only_with_the_breath_hold_preset():
    breath = "Practise the breath-hold (about 20 seconds) as you were taught."
    exercise = "Practise the breathing exercise as you were taught."
    assert {breath, exercise} <= texts("left-15-daily-dibh")
    for plain in ("15-daily", "5-daily"):
        assert not {breath, exercise} & texts(plain)
    assert not {breath, exercise} & texts(None, fractions=15)  # a course of its own regimen
    assert texts("15-daily")  # the site's other reminders and the shared ones still come


def test_a_reminder_names_presets_of_its_own_site_only():
    text = catalogue(reminder='text = "Hold"\nminutes_before = 10\npresets = ["p"]\n')
    (site,) = parse_catalogue(text, "c.toml").sites
    (reminder,) = site.reminders
    assert reminder.presets == {"p"} and reminder.applies(AppointmentKind.FRACTION, "p")
    assert not reminder.applies(AppointmentKind.FRACTION, None) and not reminder.applies(AppointmentKind.FRACTION, "q")
    assert not reminder.applies(AppointmentKind.REVIEW, "p")
    with pytest.raises(CatalogueError, match=r"^c\.toml: site 'lung', reminder #1: field 'presets': 'q' is not a preset of "
                                             r"this site \(known: p\)$"):
        parse_catalogue(catalogue(reminder='text = "Hold"\nminutes_before = 10\npresets = ["q"]\n'), "c.toml")
    with pytest.raises(CatalogueError, match=r"field 'presets' belongs to a site's reminder"):
        parse_catalogue(catalogue(common='text = "Hold"\nminutes_before = 10\npresets = ["p"]\n'), "c.toml")
    with pytest.raises(CatalogueError, match=r"field 'presets' must list lowercase names"):
        parse_catalogue(catalogue(reminder='text = "Hold"\nminutes_before = 10\npresets = "p"\n'), "c.toml")
