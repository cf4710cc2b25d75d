"""Turn content YAML files into gettext messages for `pybabel extract` (a Babel extractor)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO

from brochures.content import schema
from brochures.content.library import schema_for
from brochures.i18n.msgids import to_msgid


def prose_messages(file: Path, text: str | None = None) -> list[tuple[int, str, str]]:
    """The translatable strings of one content file as (line, field, msgid), checked first.

    The runtime loader and this extractor share the schema walk and `to_msgid`, so what
    translators see is exactly what brochures look up.
    """
    file_schema = schema_for(file)
    if file_schema is None:
        return []
    _, ctx = schema.load(file, file_schema, text)
    return [(line, field, to_msgid(value)) for line, field, value in ctx.prose]


def extract_yaml(
    fileobj: BinaryIO, keywords: object, comment_tags: object, options: Mapping[str, Any]
) -> Iterator[tuple[int, str | None, str, list[str]]]:
    """Babel extractor entry point (registered as `brochure_yaml` in pyproject.toml)."""
    file = Path(getattr(fileobj, "name", "content.yaml"))
    text = fileobj.read().decode(options.get("encoding", "utf-8"))
    for line, field, msgid in prose_messages(file, text):
        # The field path tells the translator where the text sits in the brochure.
        yield line, None, msgid, [f"{file.parent.name}/{file.name}: {field}"]
