"""The desktop start-up paints its frame under plain Fusion and builds the form under the contrast
style (planner/ui/contrast_style.py): importing that style and drawing through it cost the first
paint tens of milliseconds, and the frame has no control whose border it redraws."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = """
import json, sys
from PySide6.QtWidgets import QApplication
from planner.store.settings import Settings
from planner.ui.main_window import MainWindow, catalogue_at

app = QApplication(["planner", "-style", "fusion"])
window = MainWindow(Settings(time_zone="Europe/London", holidays=""), catalogue_at(""), persist_settings=False, deferred=True)
window.show()
app.processEvents()
seen = {"style_with_the_frame": type(app.style()).__name__,
        "imported_with_the_frame": "planner.ui.contrast_style" in sys.modules}
window.finish_start()
seen["style_with_the_form"] = type(app.style()).__name__
seen["form_style"] = type(window.form.style()).__name__
window.session.mark_saved()
window.close()
print(json.dumps(seen))
"""


def test_the_frame_paints_before_the_contrast_style_and_the_form_is_built_under_it(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", IGRT_PLANNER_CONFIG_DIR=str(tmp_path),
               IGRT_PLANNER_DATA_DIR=str(tmp_path), IGRT_PLANNER_CACHE_DIR=str(tmp_path / "cache"))
    run = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["style_with_the_frame"] != "ContrastStyle" and not seen["imported_with_the_frame"]
    assert seen["style_with_the_form"] == "ContrastStyle" and seen["form_style"] == "ContrastStyle"
