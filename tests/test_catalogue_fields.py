"""Every catalogue field at its bounds: the lowest and highest values are read as given, one
beyond is refused with a message naming the file, the entry and the field, and a missing
optional field takes its documented default."""

from __future__ import annotations

import tomllib

import pytest

from planner.core.catalogue import PrepReminder, RegimenPreset, TreatmentSite, load_catalogue, parse_catalogue
from planner.core.errors import CatalogueError
from planner.core.kinds import MAX_TWICE_DAILY_FRACTIONS, AppointmentKind, Pattern
from planner.core.limits import MAX_CATALOGUE_BYTES
from planner.core.toml_text import load_toml
from planner.resources_path import default_catalogue_path

SITE = 'id = "lung"\nname = "Lung"\nsession_minutes = 20\n'
PRESET = 'id = "p"\nname = "P"\nfractions = 3\npattern = "alternate"\n'
REMINDER = 'text = "Eat"\nminutes_before = 10\n'


SHIPPED = default_catalogue_path()


def catalogue(top: str = "", site: str = "", preset: str = "", reminder: str = "", common: str = "") -> str:
    text = f"schema = 1\n{top}"
    if common:
        text += f"[[reminder]]\n{common}"
    text += f"[[site]]\n{SITE}{site}[[site.preset]]\n{PRESET}{preset}"
    if reminder:
        text += f"[[site.reminder]]\n{reminder}"
    return text


def refused(text: str) -> str:
    with pytest.raises(CatalogueError) as caught:
        parse_catalogue(text, "c.toml")
    return str(caught.value)


@pytest.mark.parametrize("key, low, high", [("simulation_minutes", 5, 240), ("review_minutes", 5, 240),
                                            ("follow_up_minutes", 5, 240)])
def test_top_level_minutes(key, low, high):
    for value in (low, high):
        assert getattr(parse_catalogue(catalogue(top=f"{key} = {value}\n"), "c.toml"), key) == value
    for value in (low - 1, high + 1):
        assert refused(catalogue(top=f"{key} = {value}\n")) == (
            f"c.toml: top level: field '{key}' must be a whole number from {low} to {high} (got '{value}')")
    assert refused(catalogue(top=f"{key} = true\n")).endswith("(got 'True')")


def test_top_level_defaults_and_lists():
    parsed = parse_catalogue(catalogue(), "c.toml")
    assert (parsed.simulation_minutes, parsed.review_minutes, parsed.follow_up_minutes) == (45, 15, 20)
    assert parsed.missed_session == "If you cannot come to a session, phone the department as early as you can."
    assert (parsed.call_team, parsed.call_team_discreet, parsed.common_reminders) == ((), (), ())
    assert parsed.source == "c.toml"
    given = parse_catalogue(catalogue(top='missed_session = "  Phone us.  "\n[[call_team]]\ntext = "Fever"\n'
                                          '[[call_team_discreet]]\ntext = "Fever "\n'), "c.toml")
    assert (given.missed_session, given.call_team, given.call_team_discreet) == ("Phone us.", ("Fever",), ("Fever",))
    assert refused(catalogue(top='[[call_team_discreet]]\nwords = "x"\n')) == "c.toml: call_team_discreet #1: missing field 'text'"
    assert refused(catalogue(top='call_team = "x"\n')) == "c.toml: top level: 'call_team' must be a list of tables ([[call_team]])"
    assert refused(catalogue(top='missed_session = " "\n')) == "c.toml: top level: field 'missed_session' must be non-empty text"
    assert refused('schema = 1\nsite = ["x"]\n') == "c.toml: site #1: must be a table of fields"


@pytest.mark.parametrize("key, low, high, optional", [("session_minutes", 5, 240, False), ("max_span_days", 1, 120, True),
                                                      ("review_minutes_after", 0, 600, True)])
def test_site_numbers(key, low, high, optional):
    def site_with(value: int) -> str:
        return catalogue().replace("session_minutes = 20\n", "") .replace('name = "Lung"\n', f'name = "Lung"\n{key} = {value}\n'
                                                                           + ("session_minutes = 20\n" if key != "session_minutes" else ""))
    for value in (low, high):
        assert getattr(parse_catalogue(site_with(value), "c.toml").sites[0], key) == value
    for value in (low - 1, high + 1):
        assert refused(site_with(value)) == f"c.toml: site 'lung': field '{key}' must be a whole number from {low} to {high} (got '{value}')"
    if optional:
        assert getattr(parse_catalogue(catalogue(), "c.toml").sites[0], key) is None


def test_a_site_read_whole():
    parsed = parse_catalogue(catalogue(site="gap_sensitive = true\n"), "c.toml")
    assert parsed.sites == (TreatmentSite(id="lung", name="Lung", session_minutes=20, gap_sensitive=True,
                                          presets=(RegimenPreset("p", "P", 3, Pattern.ALTERNATE),), reminders=()),)
    assert parse_catalogue(catalogue(), "c.toml").sites[0].gap_sensitive is False
    assert refused(catalogue(site='gap_sensitive = "yes"\n')) == "c.toml: site 'lung': field 'gap_sensitive' must be true or false"
    assert refused(catalogue().replace('id = "lung"', 'id = "Lung!"')) == (
        "c.toml: site 'Lung!': id 'Lung!' must be lowercase letters, digits and hyphens")
    assert refused(catalogue().replace('id = "lung"\n', "")).startswith("c.toml: site #1: missing field 'id'")
    assert parsed.site(" LUNG ") is parsed.sites[0] and parsed.site("liver") is None


@pytest.mark.parametrize("key, low, high", [("session_minutes", 5, 240), ("max_span_days", 1, 120)])
def test_preset_numbers(key, low, high):
    for value in (low, high):
        assert getattr(parse_catalogue(catalogue(preset=f"{key} = {value}\n"), "c.toml").sites[0].presets[0], key) == value
    for value in (low - 1, high + 1):
        assert refused(catalogue(preset=f"{key} = {value}\n")) == (
            f"c.toml: site 'lung', preset #1: field '{key}' must be a whole number from {low} to {high} (got '{value}')")


def test_preset_fractions_and_pattern():
    daily = catalogue().replace('pattern = "alternate"', 'pattern = "daily"')
    for value in (1, 40):
        assert parse_catalogue(daily.replace("fractions = 3", f"fractions = {value}"), "c.toml").sites[0].presets[0].fractions == value
    assert refused(daily.replace("fractions = 3", "fractions = 41")) == (
        "c.toml: site 'lung', preset #1: a daily course has 1 to 40 fractions (got 41)")
    for value in (0, MAX_TWICE_DAILY_FRACTIONS + 1):
        assert refused(daily.replace("fractions = 3", f"fractions = {value}")) == (
            f"c.toml: site 'lung', preset #1: field 'fractions' must be a whole number from 1 to {MAX_TWICE_DAILY_FRACTIONS} (got '{value}')")
    assert parse_catalogue(catalogue().replace("fractions = 3", "fractions = 5"), "c.toml").sites[0].presets[0].fractions == 5
    assert refused(catalogue().replace("fractions = 3", "fractions = 6")) == (
        "c.toml: site 'lung', preset #1: the alternate pattern takes 1 to 5 fractions (got 6)")
    assert refused(catalogue().replace('"alternate"', '"hourly"')) == (
        "c.toml: site 'lung', preset #1: pattern 'hourly' is not one of " + ", ".join(p.value for p in Pattern))
    twice = catalogue() + '[[site.preset]]\nid = "p"\nname = "Q"\nfractions = 1\npattern = "weekly"\n'
    assert refused(twice) == "c.toml: site 'lung': preset id 'p' appears twice"
    site = parse_catalogue(catalogue(), "c.toml").sites[0]
    assert site.preset(" P ") is site.presets[0] and site.preset("p") is site.presets[0] and site.preset("x") is None


def test_reminders_read_whole_with_defaults():
    parsed = parse_catalogue(catalogue(reminder=REMINDER, common='text = "Come early"\nminutes_before = 0\n'
                                                                 'applies_to = ["review", "follow-up"]\ndiscreet_text = "Be early"\n'), "c.toml")
    assert parsed.sites[0].reminders == (PrepReminder("Eat", 10, frozenset({AppointmentKind.FRACTION}), "Eat"),)
    assert parsed.common_reminders == (PrepReminder("Come early", 0, frozenset({AppointmentKind.REVIEW, AppointmentKind.FOLLOW_UP}),
                                                    "Be early"),)
    for value in (0, 10080):
        text = catalogue(reminder=f'text = "Eat"\nminutes_before = {value}\n')
        assert parse_catalogue(text, "c.toml").sites[0].reminders[0].minutes_before == value
    for value in (-1, 10081):
        assert refused(catalogue(reminder=f'text = "Eat"\nminutes_before = {value}\n')) == (
            f"c.toml: site 'lung', reminder #1: field 'minutes_before' must be a whole number from 0 to 10080 (got '{value}')")
    assert refused(catalogue(reminder=REMINDER + "applies_to = []\n")) == (
        "c.toml: site 'lung', reminder #1: field 'applies_to' must list kinds among simulation, fraction, review, follow-up")
    assert refused(catalogue(common=REMINDER + 'applies_to = "fraction"\n')).startswith("c.toml: reminder #1: field 'applies_to'")


def test_reminders_for_a_kind_put_the_earliest_step_first():
    parsed = parse_catalogue(catalogue(reminder='text = "Drink"\nminutes_before = 60\n',
                                       common='text = "Note"\nminutes_before = 0\n[[reminder]]\ntext = "Day before"\n'
                                              'minutes_before = 1440\n[[reminder]]\ntext = "Scan only"\nminutes_before = 5\n'
                                              'applies_to = ["simulation"]\n'), "c.toml")
    site = parsed.sites[0]
    assert [r.text for r in parsed.reminders_for(site, AppointmentKind.FRACTION)] == ["Day before", "Drink", "Note"]
    assert [r.text for r in parsed.reminders_for(site, AppointmentKind.SIMULATION)] == ["Scan only"]


def test_site_planning_days_and_the_first_fractions_extra_minutes_at_their_bounds():
    for value in (0, 60):
        assert parse_catalogue(catalogue(site=f"planning_days = {value}\n"), "c.toml").sites[0].planning_days == value
    for value in (-1, 61):
        assert refused(catalogue(site=f"planning_days = {value}\n")) == (
            f"c.toml: site 'lung': field 'planning_days' must be a whole number from 0 to 60 (got '{value}')")
    assert parse_catalogue(catalogue(), "c.toml").first_fraction_extra_minutes == 10
    for value in (0, 120):
        top = f"first_fraction_extra_minutes = {value}\n"
        assert parse_catalogue(catalogue(top=top), "c.toml").first_fraction_extra_minutes == value
    assert refused(catalogue(top="first_fraction_extra_minutes = 121\n")) == (
        "c.toml: top level: field 'first_fraction_extra_minutes' must be a whole number from 0 to 120 (got '121')")


def test_what_a_site_and_a_preset_require_of_a_machine():
    parsed = parse_catalogue(catalogue(site='requires = ["sbrt"]\n', preset='requires = ["dibh", "srs-2"]\n'), "c.toml")
    assert parsed.sites[0].requires == frozenset({"sbrt"})
    assert parsed.sites[0].presets[0].requires == frozenset({"dibh", "srs-2"})
    assert parse_catalogue(catalogue(), "c.toml").sites[0].presets[0].requires == frozenset()
    for bad in ('["DIBH"]', '["dibh", 5]', '"dibh"'):
        assert refused(catalogue(preset=f"requires = {bad}\n")) == (
            "c.toml: site 'lung', preset #1: field 'requires' must list lowercase names of letters, digits and hyphens")


def test_call_team_lines_are_named_by_their_place_when_refused():
    line = '[[site.call_team]]\ntext = "Fever"\n'
    assert parse_catalogue(catalogue() + line, "c.toml").sites[0].call_team == ("Fever",)
    assert refused(catalogue() + line + '[[site.call_team]]\nwords = "x"\n') == "c.toml: site 'lung', call_team #2: missing field 'text'"
    top = '[[call_team]]\ntext = "Fever"\n[[call_team]]\ntext = " "\n'
    assert refused(catalogue(top=top)) == "c.toml: call_team #2: field 'text' must be non-empty text"


def test_a_line_of_text_may_hold_2000_characters():
    assert len(parse_catalogue(catalogue(site=f'[[site.call_team]]\ntext = "{"a" * 2000}"\n'), "c.toml").sites[0].call_team[0]) == 2000
    assert refused(catalogue(site=f'[[site.call_team]]\ntext = "{"a" * 2001}"\n')).endswith("is 2001 characters long (at most 2000)")


def test_whole_file_refusals_name_the_file_and_the_problem():
    assert refused("") == "c.toml: top level: field 'schema' must be 1 (got 'None')"
    assert refused(catalogue().replace("schema = 1", "schema = 2")) == "c.toml: top level: field 'schema' must be 1 (got '2')"
    assert refused("schema = 1\n") == "c.toml: top level: the catalogue lists no [[site]]"
    assert refused(catalogue() + "[[site]]\n" + SITE) == "c.toml: top level: site id 'lung' appears twice"
    assert refused("x = " + "[" * 100_000) == "c.toml: not valid TOML: nested too deeply"
    assert refused("x = " + "9" * 5000 + "\n") == "c.toml: not valid TOML: a number too long to read"
    deep = "k" + ".k" * 33 + " = 1\n"
    assert refused(catalogue() + deep) == "c.toml: not valid TOML for a catalogue: keys nested too deeply"
    assert parse_catalogue(catalogue() + deep.replace(".k", "", 1), "c.toml").sites[0].id == "lung"  # 32 dots are read
    assert parse_catalogue(catalogue(site=f'[[site.call_team]]\ntext = "{"." * 40}"\n'), "c.toml").sites[0].call_team == ("." * 40,)


def test_the_catalogue_is_read_as_toml_1_0_as_the_standard_library_reads_it():
    """The planner parses with tomli (compiled) of a version that reads TOML 1.0, as Python's own tomllib does: a file
    that reads here reads with any TOML 1.0 tool, and what TOML 1.1 added is refused, as before."""
    assert refused(catalogue(top="x = {a = 1,\n b = 2}\n")).startswith("c.toml: not valid TOML: ")  # 1.1: newlines in {}
    assert refused(catalogue(top='x = "\\e"\n')).startswith("c.toml: not valid TOML: ")  # 1.1: the \e escape
    assert refused(catalogue(top="x = 07:30\n")).startswith("c.toml: not valid TOML: ")  # 1.1: a time without seconds
    shipped = SHIPPED.read_text(encoding="utf-8")
    assert load_toml(shipped) == tomllib.loads(shipped)  # the shipped catalogue: the same tables as the standard library's


def test_a_catalogue_file_that_cannot_be_read_says_why(tmp_path):
    def refusal(path) -> str:
        with pytest.raises(CatalogueError) as caught:
            load_catalogue(path)
        return str(caught.value)

    plain = tmp_path / "plain"
    plain.write_text("", encoding="utf-8")
    assert refusal(plain / "c.toml") == f"{plain / 'c.toml'}: cannot read the catalogue (Not a directory)"
    full = tmp_path / "c.toml"
    text = catalogue().encode()
    full.write_bytes(text + b"#" * (MAX_CATALOGUE_BYTES - len(text)))
    assert load_catalogue(full).source == str(full)  # exactly the limit
    full.write_bytes(text + b"#" * (MAX_CATALOGUE_BYTES + 1 - len(text)))
    assert refusal(full) == f"{full}: too large for a catalogue (at most 1 MB)"
    full.write_bytes(text + b"# \xff\n")
    assert refusal(full) == f"{full}: the catalogue is not UTF-8 text"
    full.write_bytes(b"schema = 3\n")
    assert refusal(full) == f"{full}: top level: field 'schema' must be 1 (got '3')"
