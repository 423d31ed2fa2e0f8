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
for sub in ("planner.core", "planner.store", "planner.ics", "planner.app"):
    try:
        package = importlib.import_module(sub)
    except ModuleNotFoundError:
        continue
    for info in pkgutil.walk_packages(package.__path__, sub + "."):
        importlib.import_module(info.name)
import planner.cli, planner.wording
status = planner.cli.main(["plan", "--site", "lung", "--preset", "sbrt-3-alternate", "--start", "2026-11-02", "--json"])
assert status == 0
print("no Qt")
"""


def test_core_store_ics_and_cli_import_no_qt():
    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("no Qt")
