"""Read and write a catalog's review record: its status, who checked it and when, and
whether any translation has changed since (which makes it need review again).

The record is a few header comment lines, readable in Poedit and in a diff:

    # Review-Status: professional-review
    # Reviewed-By: Ana Pérez, certified medical translator (ATA)
    # Reviewed-On: 2026-12-10
    # Reviewed-Digest: 6f1c...  (the translations as signed off; written by --sign-off)

The digest is what tells a changed catalog from the reviewed one: any translation, fuzzy
flag or new string changes it. A record written by hand without one is judged by its
date: a catalog revised (PO-Revision-Date) after the sign-off needs review again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog

from brochures.atomic import write_atomically
from brochures.errors import TranslationError, UsageError
from brochures.i18n.catalogs import (
    REVIEW_STATUSES,
    Catalogs,
    msgid_forms,
    msgstr_forms,
    review_status,
)
from brochures.i18n.update import LOCALES_HINT, catalog_bytes

# A reviewer line stays within the 76 characters Babel keeps header comment lines to.
MAX_REVIEWER = 60
# The statuses that name who checked the translation.
SIGNED = ("community-review", "professional-review")
_FIELD = re.compile(r"^#?\s*(Review-Status|Reviewed-By|Reviewed-On|Reviewed-Digest):\s*(.*)$")
_ANY_FIELD = re.compile(r"^#\s*[A-Z][A-Za-z]*(?:-[A-Za-z]+)*:")


@dataclass(frozen=True)
class Review:
    status: str  # one of REVIEW_STATUSES
    reviewer: str | None = None  # "Name, credential"
    on: dt.date | None = None
    current: bool = True  # no translation changed since the sign-off

    @property
    def needs_review(self) -> bool:
        """Signed off, then changed: the sign-off no longer covers what is printed."""
        return self.status in SIGNED and not self.current


def translations_digest(catalog: Catalog) -> str:
    """A hash of every entry's English, translation and fuzzy flag (the header aside)."""
    entries = sorted((msgid_forms(m), msgstr_forms(m), m.fuzzy) for m in catalog if m.id)
    return hashlib.sha256(repr(entries).encode("utf-8")).hexdigest()[:32]


def _fields(catalog: Catalog) -> dict[str, str]:
    found = {}
    for line in (catalog.header_comment or "").splitlines():
        match = _FIELD.match(line.strip())
        if match:
            found[match.group(1)] = match.group(2).strip()
    return found


def review_of(catalog: Catalog, po_file: Path | None = None) -> Review:
    """The catalog's review record; a signed status without a reviewer and date is an
    error (a brochure must not say "checked" without saying by whom and when)."""
    status = review_status(catalog, po_file)
    fields = _fields(catalog)
    if status not in SIGNED:
        return Review(status)
    reviewer, on_text = fields.get("Reviewed-By", ""), fields.get("Reviewed-On", "")
    try:
        on = dt.date.fromisoformat(on_text)
    except ValueError:
        on = None
    if not reviewer or on is None:
        raise TranslationError(
            f"the catalog says {status} but not who reviewed it and when",
            file=po_file,
            hint='record it with python build.py --sign-off LANG --reviewer "Name, '
            "credential\" (or add '# Reviewed-By: Name, credential' and "
            "'# Reviewed-On: YYYY-MM-DD' to the header)",
        )
    digest = fields.get("Reviewed-Digest")
    if digest:
        current = digest == translations_digest(catalog)
    else:
        revised = catalog.revision_date
        current = not (isinstance(revised, dt.datetime) and revised.date() > on)
    return Review(status, reviewer, on, current)


def signed_header(catalog: Catalog, status: str, reviewer: str, on: dt.date) -> str:
    """The catalog's header comment with a new review record in place of the old one."""
    if status not in SIGNED:
        raise UsageError(
            f"--review-status {status!r} names no reviewer",
            hint=f"sign off with one of: {', '.join(SIGNED)}",
        )
    reviewer = " ".join(reviewer.split())
    if not reviewer or len(reviewer) > MAX_REVIEWER or any(ord(c) < 32 for c in reviewer):
        raise UsageError(
            "give the reviewer's name and credential, e.g. --reviewer \"Ana Pérez, "
            f'certified medical translator" (one line, at most {MAX_REVIEWER} characters)'
        )
    # The old record goes, and the note after it ("Not yet reviewed ... After review, set
    # the status ..."), which the sign-off makes untrue: the lines up to the next field.
    kept, in_note = [], False
    for line in (catalog.header_comment or "").splitlines():
        field = _FIELD.match(line.strip())
        if field:
            in_note = field.group(1) == "Review-Status"
            continue
        if in_note and not _ANY_FIELD.match(line.strip()):
            continue
        in_note = False
        kept.append(line)
    record = [
        f"# Review-Status: {status}",
        f"# Reviewed-By: {reviewer}",
        f"# Reviewed-On: {on.isoformat()}",
        f"# Reviewed-Digest: {translations_digest(catalog)}",
    ]
    return "\n".join([*kept, *record])


def rank(status: str) -> int:
    return REVIEW_STATUSES.index(status)


def sign_off(
    catalogs: Catalogs, lang: str, reviewer: str, status: str, on: dt.date | None = None
) -> tuple[Path, str]:
    """Record in `lang`'s catalog that `reviewer` checked its translations as they are now;
    the catalog's file and the digest of the translations signed off."""
    catalog = catalogs.editable(lang)  # a broken catalog, or no catalog, fails here
    catalog.header_comment = signed_header(catalog, status, reviewer, on or dt.date.today())
    po_file = catalogs.path(lang)
    write_atomically(po_file, catalog_bytes(catalog), hint=LOCALES_HINT)
    return po_file, translations_digest(catalog)
