"""Turn gettext catalogs into checked translations for one language, and name the problems a translator must fix."""
