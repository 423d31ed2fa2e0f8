"""A command line builds the parser of its own command alone (building all of them took about 5 ms of every command):
that parser is the one the whole parser holds for the command, option for option, and a command line that gives no
known command gets the whole parser, which lists them."""

from __future__ import annotations

import argparse

import pytest

from planner.cli import _commands, build_parser, main, parser_for

COMMANDS = list(_commands(build_parser()).choices)


def described(parser: argparse.ArgumentParser) -> list[object]:
    """Every option of the parser and of its sub-commands, as it parses: its strings, destination, kind of action
    (one refusing a second use included), type (UTF-8 only included), default, choices, number and whether required."""
    found: list[object] = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found.append(("commands", action.dest, action.required,
                          [(name, described(sub)) for name, sub in action.choices.items()]))
            continue
        found.append((tuple(action.option_strings), action.dest, type(action).__name__, getattr(action.type, "__name__", action.type),
                      action.default, tuple(action.choices) if action.choices else None, action.nargs, action.required))
    found.append(("defaults", sorted((key, getattr(value, "__qualname__", repr(value))) for key, value in parser._defaults.items())))
    return found


def test_every_command_is_known() -> None:
    assert {"plan", "export", "print", "book", "agenda", "machine-down", "course", "department", "unbook"} <= set(COMMANDS)


@pytest.mark.parametrize("name", COMMANDS)
def test_a_command_built_alone_parses_as_the_whole_parser_does(name: str) -> None:
    alone = parser_for([name, "--whatever"])
    assert list(_commands(alone).choices) == [name]  # the other commands are not built
    mine, whole = _commands(alone).choices[name], _commands(build_parser()).choices[name]
    assert described(mine) == described(whole)
    assert mine.format_help() == whole.format_help()


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h"], ["boo"], ["Book"]])
def test_a_command_line_without_a_known_command_gets_every_command(argv: list[str]) -> None:
    assert list(_commands(parser_for(argv)).choices) == COMMANDS


def test_a_mistyped_command_is_told_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["boo"]) == 2
    error = capsys.readouterr().err
    assert "invalid choice: 'boo'" in error and "'machine-down'" in error and "'course'" in error


def test_an_option_given_twice_is_refused_by_the_command_built_alone(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agenda", "--date", "2030-03-25", "--date", "2030-03-26", "--db", "sqlite://"]) == 2
    assert "--date: given twice" in capsys.readouterr().err
