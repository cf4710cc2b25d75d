"""Turn the message template and the catalogs into the problems a translator must fix.

The gates: the .pot is current with the templates and content; every catalog has every
msgid, nothing fuzzy or obsolete, every plural form of its language filled, the same
placeholders and inline markup as the English, and passes `msgfmt --check`.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from brochures.errors import display_path
from brochures.i18n.catalogs import Catalogs, msgid_forms, msgstr_forms
from brochures.i18n.message_checks import translation_problems
from brochures.i18n.msgids import to_msgid
from brochures.i18n.source_strings import english_source


def template_problems(
    locales: Path | Catalogs, content_dir: Path, templates_dir: Path
) -> list[str]:
    """Is messages.pot current with the content and templates?"""
    catalogs = Catalogs.of(locales)
    pot = {text for m in catalogs.template() if m.id for text in msgid_forms(m)}
    source = {
        to_msgid(text) if file.suffix == ".yaml" else text
        for file, _, text in english_source(content_dir, templates_dir)
    }
    pot_file = display_path(catalogs.locales_dir / "messages.pot")
    problems = [
        f"{pot_file}: missing {msgid[:70]!r}: run python build.py --update-catalogs"
        for msgid in sorted(source - pot)
    ]
    problems += [
        f"{pot_file}: no longer used {msgid[:70]!r}: run python build.py --update-catalogs"
        for msgid in sorted(pot - source)
    ]
    return problems


def catalog_problems(locales: Path | Catalogs, lang: str, complete: bool = True) -> list[str]:
    """Everything wrong with one language's catalog, each naming the file and line.
    With `complete` false, a catalog in progress passes: what is missing, untranslated
    or fuzzy is not a problem, what is translated must still be right."""
    catalogs = Catalogs.of(locales)
    po_file = catalogs.path(lang)
    where = display_path(po_file)
    catalog = catalogs.catalog(lang)
    pot_ids = {msgid_forms(m)[0] for m in catalogs.template() if m.id}
    problems = []
    seen = set()
    for message in catalog:
        if not message.id:
            continue
        key = msgid_forms(message)[0]
        seen.add(key)
        at = f"{where}:{message.lineno}"
        if key not in pot_ids:
            problems.append(
                f"{at}: {key[:60]!r} is not in messages.pot (run python build.py --update-catalogs)"
            )
        if message.fuzzy and complete:
            problems.append(f"{at}: {key[:60]!r} is fuzzy: check it and clear the flag")
        if not all(text.strip() for text in msgstr_forms(message)) and complete:
            problems.append(f"{at}: {key[:60]!r} is untranslated")
        problems += [f"{at}: {problem}" for problem in translation_problems(message, catalog)]
    if complete:
        problems += [
            f"{where}: missing {msgid[:60]!r} (run python build.py --update-catalogs)"
            for msgid in sorted(pot_ids - seen)
        ]
    if catalog.obsolete:
        problems.append(
            f"{where}: {len(catalog.obsolete)} obsolete entries: run python build.py "
            "--update-catalogs, or delete the #~ lines"
        )
    problems += msgfmt_problems(po_file)
    return problems


def msgfmt_problems(po_file: Path) -> list[str]:
    """GNU gettext's own check, which Poedit and Weblate also rely on."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return [
            f"{display_path(po_file)}: cannot run msgfmt --check: install GNU gettext "
            "(sudo apt-get install gettext)"
        ]
    result = subprocess.run(
        [msgfmt, "--check", "-o", "/dev/null", str(po_file)],
        capture_output=True,
        text=True,
        check=False,
    )
    return (
        [line for line in result.stderr.splitlines() if line.strip()] if result.returncode else []
    )
