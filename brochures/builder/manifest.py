"""Turn everything a brochure depends on into a key, and remember which outputs are current.

A key covers the content (its own topic's file, not the others), the language's catalog,
templates, stylesheets, assets, fonts, the clinic profile and logo, the build options and
the versions of the rendering stack.
An output whose key is unchanged, and whose file still has the content hash recorded
when it was written, is skipped: a file deleted, damaged or replaced is built again.
Computing the keys reads and hashes files but imports no renderer: a build where nothing
changed answers in well under a second.
"""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for annotations: the manifest imports no build stage
    from brochures.builder.plan import BuildOptions, Job
    from brochures.content.clinic import Clinic

from brochures import __version__, defaults
from brochures.atomic import write_atomically
from brochures.errors import OutputError, display_path

LOGGER = logging.getLogger(__name__)
MANIFEST_NAME = ".brochures-manifest.json"
# A manifest has one short entry per output (about 150 bytes); far larger is not one of ours.
MAX_MANIFEST_BYTES = 64_000_000
CHECKPOINT_S = 5.0  # how often a long build saves the manifest as it goes
# The package's own code, every subpackage of it: a change to any module can change a PDF.
PACKAGE_DIR = Path(__file__).resolve().parent.parent
# Packages whose version can change a PDF.
RENDERING_STACK = (
    "weasyprint",
    "pydyf",
    "tinycss2",
    "cssselect2",
    "fonttools",
    "uharfbuzz",
    "pyphen",
    "jinja2",
    "babel",
    "segno",
    "fontpkg",
    "fontpkg-atkinson-hyperlegible",
    "fontpkg-noto-sans",
    "fontpkg-noto-sans-arabic",
    "fontpkg-noto-sans-devanagari",
)


def _hash_files(paths: Iterable[Path]) -> str:
    """A hash of the files' names and contents; names only from their last two parts, so
    the same project in another folder (a CI checkout, a copy) gives the same keys."""
    digest = hashlib.sha256()
    for path in sorted(paths, key=lambda p: (p.parent.name, p.name, str(p))):
        digest.update("/".join(path.parts[-2:]).encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _files(folder: Path, pattern: str = "**/*") -> list[Path]:
    return [p for p in folder.glob(pattern) if p.is_file() and "__pycache__" not in p.parts]


def _versions() -> str:
    found = []
    for name in RENDERING_STACK:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return ",".join(found)


def _system_fonts() -> str:
    """Which system CJK fonts there are (path, size, time): a font update rebuilds."""
    from brochures.pdf.fonts import SYSTEM_CJK, find_system_font

    parts = []
    for system_family, _ in SYSTEM_CJK.values():
        for style in ("Regular", "Bold"):
            try:
                path, index = find_system_font(system_family, style)
            except Exception:
                parts.append(f"{system_family}:{style}:missing")
                continue
            stat = path.stat()
            parts.append(f"{path}:{index}:{stat.st_size}:{int(stat.st_mtime)}")
    return ";".join(parts)


@dataclass(frozen=True)
class Inputs:
    """Hashes of the shared inputs, computed once per build."""

    shared: str
    catalogs: dict[str, str]  # language -> hash of its .po (English: "")
    # topic -> hash of its file: a brochure is made of its own topic only (a card's `see:`
    # names another topic, but for the checks, not the page), so one edit rebuilds one topic.
    topics: dict[str, str] = field(default_factory=dict)

    @classmethod
    def gather(cls, options: BuildOptions, languages: list[str], clinic: Clinic) -> Inputs:
        from brochures.content.library import topic_files
        from brochures.i18n.catalogs import catalog_path

        topics = {file.stem: file for file in topic_files(options.content_dir)}
        files = (
            [file for file in _files(options.content_dir) if file not in topics.values()]
            + _files(options.templates_dir)
            + _files(defaults.ASSETS_DIR)
            + _files(PACKAGE_DIR, "**/*.py")
            + [options.clinic_file]
            + ([clinic.logo] if clinic.logo else [])
        )
        shared = hashlib.sha256(
            "|".join(
                [__version__, _versions(), _system_fonts(), ",".join(languages), _hash_files(files)]
            ).encode()
        ).hexdigest()
        catalogs = {}
        for lang in languages:
            po = catalog_path(options.locales_dir, lang)
            catalogs[lang] = _hash_files([po]) if po.is_file() else ""
        return cls(shared, catalogs, {slug: _hash_files([f]) for slug, f in topics.items()})

    def digest(self, options: BuildOptions) -> str:
        """A hash of every input of the run as a whole (all the catalogs, not one)."""
        catalogs = ",".join(f"{lang}={digest}" for lang, digest in sorted(self.catalogs.items()))
        topics = ",".join(f"{slug}={digest}" for slug, digest in sorted(self.topics.items()))
        return hashlib.sha256(
            f"{self.shared}|{catalogs}|{topics}|{options.print_ready}".encode()
        ).hexdigest()

    def key(self, job: Job, options: BuildOptions, also_in: tuple[str, ...] = ()) -> str:
        """The key of one document; `also_in` are the languages its "also available in"
        line names, which change when another language's catalog is completed."""
        settings = json.dumps(
            [
                job.lang,
                job.topic,
                job.layout,
                options.format,
                options.paper,
                options.print_ready,
                options.draft,
                list(also_in),
            ],
            sort_keys=True,
        )
        return hashlib.sha256(
            f"{self.shared}|{self.catalogs[job.lang]}|{self.topics[job.topic]}|{settings}".encode()
        ).hexdigest()


def content_hash(path: Path) -> str:
    """The sha256 of a file's bytes (a few hundred brochures of 60 KB hash in milliseconds)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def _read_entries(file: Path, quiet: bool = False) -> dict[str, dict]:
    """The entries of a manifest file; none if it is missing. A file that cannot be read
    or is not shaped as this module writes it (valid JSON of another shape, entries of
    another shape) is ignored, with a warning: its outputs are built again and the next
    save replaces it. It is a cache, never a reason to fail a build. `quiet`: the file was
    judged, and warned of, already (saving reads it again to merge)."""
    warn = LOGGER.warning if not quiet else (lambda *args: None)
    try:
        if file.stat().st_size > MAX_MANIFEST_BYTES:
            warn(
                "%s is too large to be a manifest: ignored, outputs built again", display_path(file)
            )
            return {}
        text = file.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        return {}  # no manifest yet (or no output folder: writing the outputs says why)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or error
        warn("%s cannot be read (%s): every output is built again", display_path(file), reason)
        return {}
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):  # RecursionError: brackets nested thousands deep
        data = None
    if not isinstance(data, dict):
        warn(
            "%s is not a manifest this tool wrote: ignored, outputs built again",
            display_path(file),
        )
        return {}
    entries = {
        name: entry
        for name, entry in data.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("key"), str)
        and isinstance(entry.get("sha256", ""), str)
    }
    if len(entries) < len(data):
        warn(
            "%s has %d entries of another shape: ignored, their outputs built again",
            display_path(file),
            len(data) - len(entries),
        )
    return entries


class Manifest:
    """Output path (relative to the output folder) -> {key, sha256} of the last good build."""

    def __init__(self, out_dir: Path, quiet: bool = False) -> None:
        self.out_dir = out_dir
        self.file = out_dir / MANIFEST_NAME
        self.entries: dict[str, dict] = _read_entries(self.file, quiet)
        self._saved_at = time.monotonic()

    def _name(self, target: Path) -> str:
        return target.relative_to(self.out_dir).as_posix()

    def has(self, target: Path) -> bool:
        """Whether a build has written this output before (current or not)."""
        return self._name(target) in self.entries

    def is_current(self, target: Path, key: str) -> bool:
        entry = self.entries.get(self._name(target))
        if not entry or entry.get("key") != key or "sha256" not in entry:
            return False  # an entry of an older manifest (it kept sizes) builds once more
        try:
            return content_hash(target) == entry["sha256"]
        except OSError:
            return False

    def record(self, target: Path, key: str) -> None:
        self.entries[self._name(target)] = {"key": key, "sha256": content_hash(target)}

    def checkpoint(self, every_s: float = CHECKPOINT_S) -> None:
        """Save now if the last save is `every_s` old: a build killed outright (SIGKILL,
        a power cut), which runs no clean-up, then loses at most that much of its record.
        A failure here is left for the final save to report."""
        now = time.monotonic()
        if now - self._saved_at >= every_s:
            self._saved_at = now
            try:
                self.save()
            except OutputError:
                pass

    def save(self) -> None:
        # Merge with what another build may have written meanwhile, then replace atomically.
        on_disk = Manifest(self.out_dir, quiet=True).entries
        on_disk.update(self.entries)
        write_atomically(self.file, json.dumps(on_disk, indent=0, sort_keys=True))
