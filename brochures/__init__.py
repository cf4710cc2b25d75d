"""Turn YAML content and gettext catalogs into print-ready patient brochures."""

__version__ = "0.1.0"
