"""The core, the .ics writer, the store, the application layer and the command line never import Qt."""

from __future__ import annotations

import subprocess
import sys

PROBE = r"""
import sys, importlib, pkgutil
class NoQt:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
            raise ImportError("Qt is not allowed here: " + name)
        return None
sys.meta_path.insert(0, NoQt())
import planner
for sub in ("planner.core", "planner.booking", "planner.store", "planner.ics", "planner.app"):
    try:
        package = importlib.import_module(sub)
    except ModuleNotFoundError:
        continue
    for info in pkgutil.walk_packages(package.__path__, sub + "."):
        importlib.import_module(info.name)
import planner.cli, planner.cli_booking, planner.wording
status = planner.cli.main(["plan", "--site", "lung", "--preset", "sbrt-3-alternate", "--start", "2026-11-02", "--json"])
assert status == 0
print("no Qt")
"""


def test_core_store_ics_and_cli_import_no_qt():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("no Qt")


def _window_imports(path) -> list[tuple[str, str | None]]:
    """(module, enclosing function) of every import of the window's code or of Qt in one file."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    owners: dict[int, str] = {}
    for function in ast.walk(tree):
        if isinstance(function, ast.FunctionDef):
            for node in ast.walk(function):
                owners.setdefault(id(node), function.name)
    found: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            module = "." * node.level + (node.module or "")
            if module.lstrip(".").split(".")[0] in ("ui", "PySide6") or module.startswith("planner.ui"):
                found.append((module, owners.get(id(node))))
        elif isinstance(node, ast.Import):
            found += [(alias.name, owners.get(id(node))) for alias in node.names if alias.name.split(".")[0] in ("PySide6",)]
    return found


def test_the_command_line_imports_the_window_code_only_inside_cmd_print():
    """import-linter lets planner.cli import planner.ui.printing; this keeps that import lazy and
    inside `print`, so every other command starts without Qt."""
    import planner.cli

    found = _window_imports(planner.cli.__file__)
    assert found, "cli.py prints through planner.ui.printing: the probe found no import"
    assert {owner for _, owner in found} == {"cmd_print"}, found
    assert {module for module, _ in found} == {".ui.printing"}, found


def test_the_booking_commands_import_the_window_code_only_to_print_the_day_list():
    import planner.cli_booking
    import planner.cli_store

    found = _window_imports(planner.cli_booking.__file__)
    assert found, "the day list prints through planner.ui.printing: the probe found no import"
    assert {owner for _, owner in found} == {"write_day_list"}, found
    assert {module for module, _ in found} <= {".ui.printing", ".ui.printing.day_list"}, found
    assert _window_imports(planner.cli_store.__file__) == []
