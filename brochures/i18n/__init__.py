"""Turn gettext catalogs into checked translations, and name what a translator must fix."""
