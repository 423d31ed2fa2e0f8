"""'No department yet' names what chose the store: `--db` only when it was given, the variable or
the setting that named it, else the neutral `store` (the embedded file nothing named)."""

from __future__ import annotations

import pytest

from .command_line import run

COMMANDS = (["department", "show"], ["department", "export"], ["agenda", "--date", "2030-03-25"])


@pytest.fixture
def embedded(tmp_path, monkeypatch):
    """The embedded file, made without a department (`db upgrade` with no --db)."""
    monkeypatch.setenv("IGRT_PLANNER_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("IGRT_PLANNER_DB", raising=False)
    return tmp_path / "data" / "planner.db"


def _refusal(capsys, *argv: str) -> str:
    status, out, err = run(capsys, *argv)
    assert status == 2 and out == "" and err.count("\n") == 1, (argv, err)
    return err.removeprefix("planner: error: ")


def test_the_embedded_store_is_named_store_not_db(capsys, embedded):
    assert run(capsys, "db", "upgrade")[0] == 0 and embedded.is_file()
    for argv in COMMANDS:
        line = _refusal(capsys, *argv)
        assert line.startswith("store: ") and "has no department yet" in line and "--db" not in line, (argv, line)


def test_the_variable_that_chose_the_store_is_named(capsys, embedded, monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(capsys, "db", "upgrade", "--db", url)[0] == 0
    monkeypatch.setenv("IGRT_PLANNER_DB", url)
    for argv in COMMANDS:
        assert _refusal(capsys, *argv).startswith(f"IGRT_PLANNER_DB: {url} has no department yet"), argv
    for argv in COMMANDS:  # --db given beside the variable: --db chose the store
        assert _refusal(capsys, *argv, "--db", url).startswith(f"--db: {url} has no department yet"), argv


def test_the_import_it_suggests_reaches_the_same_store(capsys, embedded, monkeypatch, tmp_path):
    """`department import FILE.toml` alone would import into another store than the `--db` one: the words say `--db`
    when --db chose the store, and every command says it alike (the booking commands said 'department import FILE')."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run(capsys, "db", "upgrade", "--db", url)[0] == 0
    for argv in (*COMMANDS, ["calendar-updates"], ["book", "--course-id", "c1", "--dry-run"]):
        assert _refusal(capsys, *argv, "--db", url).endswith(
            "has no department yet: import one first (`department import FILE.toml --db URL`)\n"), argv
    monkeypatch.setenv("IGRT_PLANNER_DB", url)
    for argv in (*COMMANDS, ["calendar-updates"]):
        assert _refusal(capsys, *argv).endswith("import one first (`department import FILE.toml`)\n"), argv
