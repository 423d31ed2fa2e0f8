"""The shipped catalogue's content, and refusal of malformed catalogues naming the problem."""

from __future__ import annotations

import pytest

from planner.core.catalogue import load_catalogue, parse_catalogue
from planner.core.errors import CatalogueError
from planner.core.kinds import AppointmentKind, Pattern

REQUIRED_SITES = {"prostate", "pelvis-gyn", "rectum", "bladder", "lung", "breast", "head-neck", "brain",
                  "spine-bone", "upper-abdomen", "oesophagus", "palliative"}

MINIMAL = """
schema = 1
[[site]]
id = "prostate"
name = "Prostate"
session_minutes = 20
[[site.preset]]
id = "20-daily"
name = "Prostate 20"
fractions = 20
pattern = "daily"
"""


def test_shipped_catalogue_has_every_site(catalogue):
    assert {s.id for s in catalogue.sites} >= REQUIRED_SITES
    for site in catalogue.sites:
        assert site.presets, site.id
        assert site.session_minutes >= 5


def test_shipped_defaults_follow_the_domain_notes(catalogue):
    prostate = catalogue.site("prostate")
    assert prostate.preset("20-daily").fractions == 20
    sbrt = prostate.preset("sbrt-5-alternate")
    assert (sbrt.fractions, sbrt.pattern) == (5, Pattern.ALTERNATE)
    assert prostate.preset("Prostate SBRT 5 fractions, alternate days") is sbrt
    water = [r for r in catalogue.reminders_for(prostate, AppointmentKind.FRACTION) if "water" in r.text]
    assert water[0].minutes_before == 60
    abdomen = catalogue.site("upper-abdomen")
    assert any("nothing to eat" in r.text for r in abdomen.reminders)
    assert catalogue.site("head-neck").gap_sensitive
    assert catalogue.site("lung").max_span_days == 14
    assert any("metal" in r.text for r in catalogue.common_reminders)
    assert len(catalogue.call_team) >= 4  # the lines every patient reads


def test_common_reminders_are_listed_once_and_apply_to_every_site(catalogue):
    for site in catalogue.sites:
        texts = [r.text for r in catalogue.reminders_for(site, AppointmentKind.FRACTION)]
        assert sum("metal" in t for t in texts) == 1, site.id


def test_minimal_catalogue_parses():
    catalogue = parse_catalogue(MINIMAL, "mini.toml")
    assert catalogue.site("prostate").presets[0].fractions == 20


@pytest.mark.parametrize(
    ("broken", "expected"),
    [
        (MINIMAL.replace('name = "Prostate"\n', ""), "mini.toml: site 'prostate': missing field 'name'"),
        (MINIMAL.replace("session_minutes = 20", 'session_minutes = "x"'), "site 'prostate': field 'session_minutes'"),
        (MINIMAL.replace('pattern = "daily"', 'pattern = "hourly"'), "preset #1: pattern 'hourly'"),
        (MINIMAL.replace("fractions = 20", "fractions = 20\n") .replace('pattern = "daily"', 'pattern = "weekly"'),
         "the weekly pattern takes 1 to 5 fractions"),
        (MINIMAL.replace("schema = 1", "schema = 7"), "top level: field 'schema' must be 1"),
        (MINIMAL + '[[site]]\nid = "prostate"\nname = "Again"\nsession_minutes = 20\n', "site id 'prostate' appears twice"),
        (MINIMAL + '[[reminder]]\ntext = "Eat"\nminutes_before = 10\napplies_to = ["party"]\n', "reminder #1: field 'applies_to'"),
        (MINIMAL + "[[reminder]]\ntext = \"Eat\"\n", "reminder #1: missing field 'minutes_before'"),
        ("schema = 1\nsite = [", "mini.toml: not valid TOML"),
        ("schema = 1\n", "lists no [[site]]"),
    ],
)
def test_malformed_catalogue_is_refused_naming_file_entry_and_problem(broken, expected):
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(broken, "mini.toml")
    assert expected in str(caught.value)
    assert str(caught.value).startswith("mini.toml: ")


def test_unreadable_catalogue_file(tmp_path):
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path / "missing.toml")
    assert "missing.toml" in str(caught.value)


def test_call_team_is_per_site_with_the_common_lines_once(catalogue):
    prostate = catalogue.call_team_for(catalogue.site("prostate"))
    head_neck = catalogue.call_team_for(catalogue.site("head-neck"))
    assert not any("swallow" in line.lower() for line in prostate)
    assert any("urine" in line for line in prostate)
    assert any("swallow" in line.lower() for line in head_neck)
    assert not any("urine" in line for line in head_neck)
    for lines in (prostate, head_neck):
        assert lines[:len(catalogue.call_team)] == catalogue.call_team  # the common lines first, once
        assert len({line.casefold() for line in lines}) == len(lines)
    # Every site has at least one line of its own.
    assert all(site.call_team for site in catalogue.sites)


def test_a_site_line_repeating_a_common_one_is_listed_once():
    from planner.core.catalogue import parse_catalogue

    text = """schema = 1
[[call_team]]
text = "A fever"
[[site]]
id = "prostate"
name = "Prostate"
session_minutes = 20
[[site.call_team]]
text = "a fever"
[[site.call_team]]
text = "Blood in your urine"
"""
    catalogue = parse_catalogue(text, "mini.toml")
    assert catalogue.call_team_for(catalogue.site("prostate")) == ("A fever", "Blood in your urine")
