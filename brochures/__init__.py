"""Turn YAML content and gettext catalogs into print-ready patient brochures."""

from importlib import metadata

try:
    # The version is written once, in pyproject.toml.
    __version__ = metadata.version("exosome-brochures")
except metadata.PackageNotFoundError:  # a source checkout that was never installed
    __version__ = "0+unknown"
