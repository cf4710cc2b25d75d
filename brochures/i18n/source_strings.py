"""Turn content YAML and templates into every English string a patient reads, with its line.

The same extraction that babel.cfg sets up for `pybabel extract`, run per folder, so that the
claims check and the catalog gates can read any content and templates folders.
"""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir

_EXTRACTORS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("**.yaml", "brochures.content.extract:extract_yaml", {}),
    ("**.html", "jinja2.ext:babel_extract", {"extensions": "jinja2.ext.i18n"}),
)


def english_source(content_dir: Path, templates_dir: Path) -> list[tuple[Path, int, str]]:
    """Every English string patients read, with where it is written: YAML prose and templates."""
    found = []
    for folder, (pattern, method, options) in zip(
        (content_dir, templates_dir), _EXTRACTORS, strict=True
    ):
        for filename, line, message, _, _ in extract_from_dir(
            folder, [(pattern, method)], {pattern: options}
        ):
            for text in message if isinstance(message, tuple) else (message,):
                found.append((folder / filename, line, text))
    return found
