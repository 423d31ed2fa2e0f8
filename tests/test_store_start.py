"""The window's start with a department store: the form and the course come first, without the
store's code (SQLAlchemy); the store opens on the next turn of the event loop and fills the
Patients dock with the department's courses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication, QDockWidget
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at

app = QApplication([])
url = sys.argv[1]

def open_store():
    from planner.store.db import Store

    return Store.open(url, user="coordinator")

window = MainWindow(Settings(time_zone="Europe/London", holidays=""), catalogue_at(""), persist_settings=False,
                    deferred=True, open_store=open_store)
window.show()
window.finish_start()
seen = {"form_shown": window.started and window.session.schedule is not None,
        "sqlalchemy_with_the_form": "sqlalchemy" in sys.modules,
        "linked_with_the_form": window.store_link is not None}
for _ in range(20):
    app.processEvents()
    if window.store_link is not None and window.store_link.patients is not None:
        break
link = window.store_link
seen["sqlalchemy_after"] = "sqlalchemy" in sys.modules
seen["docks"] = sorted(dock.windowTitle() for dock in window.findChildren(QDockWidget))
seen["patients"] = link.patients.model.rowCount() if link is not None and link.patients is not None else None
window.session.mark_saved()
window.close()
print(json.dumps(seen))
"""


def test_the_store_opens_after_the_form_and_fills_the_patient_list(tmp_path):
    from planner.store.db import Store
    from tests.store_fill import fill_store

    url = f"sqlite:///{tmp_path / 'planner.db'}"
    with Store.open(url, user="coordinator") as store:
        fill_store(store, 12)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IGRT_PLANNER_CONFIG_DIR=str(tmp_path),
               IGRT_PLANNER_DATA_DIR=str(tmp_path), IGRT_PLANNER_CACHE_DIR=str(tmp_path / "cache"))
    run = subprocess.run([sys.executable, "-c", PROBE, url], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["form_shown"]
    assert not seen["sqlalchemy_with_the_form"] and not seen["linked_with_the_form"]
    assert seen["sqlalchemy_after"]
    assert seen["docks"] == ["History", "Patients"]
    assert seen["patients"] == 12
