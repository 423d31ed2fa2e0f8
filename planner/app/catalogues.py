"""Which site catalogue a course is planned against."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.settings import Settings

if TYPE_CHECKING:
    from ..core.catalogue import Catalogue


def catalogue_at(path_text: str) -> Catalogue:
    """The catalogue at `path_text`, or the shipped one when empty (raises CatalogueError)."""
    from ..core.catalogue import load_catalogue
    from ..resources_path import default_catalogue_path

    return load_catalogue(Path(path_text) if path_text else default_catalogue_path())


def chosen_catalogue(path_text: str | None, settings: Settings) -> Catalogue:
    """The catalogue asked for, else $IGRT_PLANNER_CATALOGUE, else the settings' one, else the shipped one."""
    return catalogue_at(path_text or os.environ.get("IGRT_PLANNER_CATALOGUE") or settings.catalogue_path)
