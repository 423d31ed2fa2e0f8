"""One resolver for the data files shipped with the planner (site catalogue, icons)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def resource_path(name: str) -> Path:
    """Path of a shipped resource, from an installed wheel or from a source checkout."""
    try:
        candidate = Path(str(resources.files("planner.resources").joinpath(name)))
        if candidate.exists():
            return candidate
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "resources" / name


def default_catalogue_path() -> Path:
    return resource_path("catalogue.toml")
