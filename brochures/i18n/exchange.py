"""Turn a language's catalog into XLIFF 1.1 for translation agencies and CAT tools, and
their XLIFF back into the catalog.

Export is translate-toolkit's po2xliff, the converter agencies know: every entry with its
English, translation, translator comments and places, and its state (approved, or not
yet). Import reads the XLIFF with translate-toolkit and writes its translations into the
existing catalog, entry by entry: the catalog keeps its header (who translated, the review
record) and its layout, so a round trip with nothing changed leaves it byte for byte the
same, and a review shows only the strings the agency changed. Every imported translation
passes the checks a catalog's translations pass (placeholders, markup, plurals) before the
catalog is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Message

from brochures.atomic import write_atomically, write_if_changed
from brochures.errors import TranslationError, display_path, refuse_if_too_large
from brochures.i18n.catalogs import Catalogs, msgid_forms, msgstr_forms
from brochures.i18n.languages import bcp47, gettext_name
from brochures.i18n.message_checks import translation_problems
from brochures.i18n.update import LOCALES_HINT, catalog_bytes

MAX_XLIFF_BYTES = 20 * 1024 * 1024  # five times the largest catalog's XLIFF, and then some
IMPORT_HINT = "export the language again (--export-xliff) and translate that file"


def export_xliff(catalogs: Catalogs, lang: str, target: Path) -> Path:
    """Write `lang`'s catalog as XLIFF 1.1 (source English) to `target`."""
    from translate.convert.po2xliff import po2xliff
    from translate.storage.po import pofile

    catalogs.catalog(lang)  # a broken catalog fails here, with its file and line
    po_file = catalogs.path(lang)
    store = pofile.parsestring(po_file.read_bytes())
    store.filename = f"locales/{gettext_name(lang)}/LC_MESSAGES/messages.po"
    data = po2xliff().convertstore(store, sourcelanguage="en", targetlanguage=bcp47(lang))
    write_atomically(target, data)
    return target


@dataclass(frozen=True)
class Imported:
    lang: str
    catalog: Path
    changed: int  # entries whose translation or state the XLIFF changed


def import_xliff(catalogs: Catalogs, xliff_file: Path) -> Imported:
    """Write the translations of an XLIFF file into its language's catalog; raises
    TranslationError (naming the file and what to do) if any of it cannot be used."""
    units, lang = _read_xliff(xliff_file)
    catalog = catalogs.editable(lang)  # a broken catalog, or no catalog, fails here
    where = display_path(xliff_file)
    problems, changed = [], 0
    for source, targets, fuzzy in units:
        message = catalog.get(source[0])
        if message is None or msgid_forms(message) != source:
            problems.append(f"{where}: {source[0][:60]!r} is not in the catalog")
            continue
        if _apply(message, targets, fuzzy):
            changed += 1
        problems += [
            f"{where}: {source[0][:50]!r}: {problem}"
            for problem in translation_problems(message, catalog)
        ]
    if problems:
        raise TranslationError(
            f"{len(problems)} problem(s) in the XLIFF; the catalog was not changed:\n"
            + "\n".join(f"  {problem}" for problem in problems[:30])
            + ("\n  ..." if len(problems) > 30 else ""),
            hint=IMPORT_HINT,
        )
    po_file = catalogs.path(lang)
    write_if_changed(po_file, catalog_bytes(catalog), hint=LOCALES_HINT)
    return Imported(lang, po_file, changed)


def _read_xliff(
    xliff_file: Path,
) -> tuple[list[tuple[tuple[str, ...], tuple[str, ...], bool]], str]:
    """The (English forms, translated forms, fuzzy) of each entry, and the language."""
    from translate.storage.poxliff import PoXliffFile

    refuse_if_too_large(xliff_file, MAX_XLIFF_BYTES, TranslationError, "XLIFF file")
    try:
        store = PoXliffFile.parsestring(xliff_file.read_bytes())
    except OSError as exc:
        raise TranslationError(f"cannot read it ({exc.strerror})", file=xliff_file) from None
    except Exception as exc:  # lxml's and the toolkit's parse errors have no common base
        raise TranslationError(
            f"not an XLIFF file this tool can read: {exc}", file=xliff_file, hint=IMPORT_HINT
        ) from None
    lang = store.gettargetlanguage()
    if not lang:
        raise TranslationError(
            "the XLIFF names no target-language", file=xliff_file, hint=IMPORT_HINT
        )
    units = []
    for unit in store.units:
        if unit.isheader():
            continue
        source = tuple(str(s) for s in getattr(unit.source, "strings", [unit.source]))
        target = unit.target
        targets = tuple(str(t or "") for t in getattr(target, "strings", [target or ""]))
        # An entry with no translation comes back "not approved": it is empty, not fuzzy.
        units.append((source, targets, bool(any(targets)) and unit.isfuzzy()))
    return units, bcp47(lang)


def _apply(message: Message, targets: tuple[str, ...], fuzzy: bool) -> bool:
    """Set the entry's translation and state; whether anything changed."""
    before = (msgstr_forms(message), message.fuzzy)
    if isinstance(message.id, (tuple, list)):
        forms = len(msgstr_forms(message))
        message.string = tuple(targets[:forms]) + ("",) * (forms - len(targets))
    else:
        message.string = targets[0] if targets else ""
    if fuzzy:
        message.flags.add("fuzzy")
    else:
        message.flags.discard("fuzzy")
    return (msgstr_forms(message), message.fuzzy) != before
