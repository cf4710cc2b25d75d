"""Turn a build's languages into the text each CJK font must draw, so it is subset once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

from babel.dates import format_date

from brochures.i18n.catalogs import Catalogs, msgstr_forms
from brochures.i18n.languages import babel_locale, native_name
from brochures.pdf.fonts import SYSTEM_CJK


def cjk_text(languages: Iterable[str], locales: Path | Catalogs, extra: str) -> dict[str, str]:
    """The text each CJK family must draw: the catalogs of its languages, every language's
    own name, dates in its languages, and `extra` (the clinic's details)."""
    catalogs = Catalogs.of(locales)
    names = "".join(native_name(lang) for lang in languages)
    text = {}
    for css_family, (_, primaries) in SYSTEM_CJK.items():
        parts = [names, extra]
        for lang in languages:
            if lang.split("-")[0] in primaries:
                parts += [s for m in catalogs.catalog(lang) if m.id for s in msgstr_forms(m)]
                parts += [
                    format_date(dt.date(2026, month, 28), "long", locale=babel_locale(lang))
                    for month in range(1, 13)
                ]
        text[css_family] = "".join(parts)
    return text
