"""Find the templates, stylesheets and pictures that travel with the package.

In an installed wheel they are package data (`brochures/templates`, `brochures/assets`,
mapped from the repository's top-level folders by pyproject.toml). In a source checkout,
or an editable install, the package folder has no copy: they are the checkout's own
top-level folders, one level up, so an edit to a template shows in the next build.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def shipped_folder(name: str) -> Path:
    """The folder of packaged files called `name` ("templates" or "assets")."""
    package = Path(str(files("brochures")))
    inside = package / name
    if inside.is_dir():
        return inside
    return package.parent / name


TEMPLATES_DIR = shipped_folder("templates")
ASSETS_DIR = shipped_folder("assets")
