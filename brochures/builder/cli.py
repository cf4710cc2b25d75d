"""Turn command-line arguments into one brochure build: brochures --lang es --topic neurological."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from brochures import defaults
from brochures.builder.check import check
from brochures.builder.limits import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, Limits
from brochures.builder.pipeline import BuildFailed, build_with_result
from brochures.builder.plan import BuildOptions, clinic_slug
from brochures.builder.progress import Progress
from brochures.builder.status import language_status
from brochures.builder.stop_signals import exit_code, stop_reason, stopping_cleanly
from brochures.builder.workers import default_jobs
from brochures.errors import BrochureError, UsageError, display_path
from brochures.i18n.catalogs import REVIEW_STATUSES
from brochures.i18n.review import SIGNED
from brochures.logs import console
from brochures.text_width import align_left

LOGGER = logging.getLogger(__name__)
EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2
EXIT_CLOSED_PIPE = 141  # 128 + SIGPIPE, as a shell reports a reader that closed early


def _list_arg(value: str) -> tuple[str, ...]:
    items = tuple(item.strip() for item in value.split(",") if item.strip())
    if not items:
        raise argparse.ArgumentTypeError("give a name, a comma list, or 'all'")
    return items


# Bounds of the numeric options: beyond them a value is a mistake, not a wish.
MAX_TIMEOUT_S = 24 * 3600
MEMORY_MB_RANGE = (256, 1024 * 1024)  # WeasyPrint alone needs about 200 MB
JOBS_PER_CPU = 4  # more workers than this only share the CPUs and multiply the memory


Number = TypeVar("Number", int, float)


def _bounded(
    convert: Callable[[str], Number], accepts: Callable[[Number], bool], wanted: str, note: str = ""
) -> Callable[[str], Number]:
    """An argparse type: `convert` the value, keep it if `accepts` it, else say what is
    wanted ("give {wanted}, not '-1'{note}"). Nan, inf and words are refused too."""

    def parse(value: str) -> Number:
        try:
            number = convert(value)
        except ValueError:
            number = None
        if number is None or not accepts(number):  # nan compares false: refused too
            raise argparse.ArgumentTypeError(f"give {wanted}, not {value!r}{note}")
        return number

    return parse


_seconds_arg = _bounded(
    float,
    lambda s: 0 < s <= MAX_TIMEOUT_S,
    f"a number of seconds above 0 and at most {MAX_TIMEOUT_S}",
)
_memory_arg = _bounded(
    int,
    lambda mb: MEMORY_MB_RANGE[0] <= mb <= MEMORY_MB_RANGE[1],
    "a whole number of megabytes from {} to {}".format(*MEMORY_MB_RANGE),
    " (a limit cannot be switched off)",
)
_jobs_arg = _bounded(int, lambda jobs: jobs >= 1, "a whole number of workers, 1 or more")


def _paths_arg(value: str) -> tuple[Path, ...]:
    return tuple(Path(item) for item in _list_arg(value))


def clinic_files(given: tuple[Path, ...]) -> list[Path]:
    """The clinic profiles named: files as given, folders as the profiles in them."""
    files: list[Path] = []
    for path in given:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml"))
            if not found:
                raise UsageError(
                    f"no clinic profiles (*.yaml) in the folder {display_path(path)}",
                    hint="copy content/clinic.yaml there and fill in the clinic's details",
                )
            files += found
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def _review_arg(value: str) -> tuple[tuple[str, str], ...]:
    """STATUS (every language) or LANG=STATUS,... -> ((lang or "*", status), ...)."""
    wanted = []
    for item in _list_arg(value):
        lang, _, status = item.rpartition("=")
        if status not in REVIEW_STATUSES:
            raise argparse.ArgumentTypeError(
                f"{status!r} is not a review status: use one of {', '.join(REVIEW_STATUSES)}"
            )
        wanted.append((lang.strip() or "*", status))
    return tuple(wanted)


def _shard_arg(value: str) -> tuple[int, int]:
    try:
        index, count = (int(part) for part in value.split("/"))
    except ValueError:
        raise argparse.ArgumentTypeError("write it as K/N, e.g. 2/4") from None
    if not 1 <= index <= count:
        raise argparse.ArgumentTypeError(f"{value}: K must be between 1 and N")
    return index, count


def parser(prog: str | None = None) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=prog,
        description="Build print-ready patient brochures about exosome research.",
        epilog="Example: python build.py --lang es --topic neurological"
        "  ->  dist/es/neurological.pdf",
    )
    p.add_argument(
        "--lang",
        type=_list_arg,
        metavar="LANGS",
        help="language code(s), comma-separated, or 'all' (default: all)",
    )
    p.add_argument(
        "--topic",
        type=_list_arg,
        metavar="TOPICS",
        help="topic(s), comma-separated, or 'all' (default: all)",
    )
    p.add_argument(
        "--out",
        type=Path,
        metavar="DIR",
        help=f"output folder (default: {defaults.DEFAULT_OUT_DIR}; a site: {defaults.SITE_DIR})",
    )
    p.add_argument(
        "--format",
        choices=defaults.FORMATS,
        default="pdf",
        help="pdf (default); html, to inspect the markup; site, the web edition: a page "
        "at the address each QR code opens, with every layout's PDF beside it",
    )
    p.add_argument(
        "--layout",
        type=_list_arg,
        default=("leaflet",),
        metavar="LAYOUTS",
        help="leaflet (one sheet, default), trifold (six panels), large-print "
        "(16pt+), a comma list, or 'all'",
    )
    p.add_argument(
        "--bilingual",
        action="store_true",
        help="English beside the patient's language, section by section, for each language "
        "but English: <topic>-bilingual.pdf, at most 4 pages",
    )
    p.add_argument(
        "--print-ready",
        action="store_true",
        help=f"for a print shop: {defaults.BLEED_MM} mm bleed and crop marks",
    )
    p.add_argument(
        "--paper",
        type=str.lower,  # "A4" and "Letter" are how people write them
        choices=sorted(defaults.PAPERS),
        help="paper size (default: from the clinic's country)",
    )
    p.add_argument(
        "--clinic",
        type=_paths_arg,
        default=(defaults.DEFAULT_CLINIC,),
        metavar="FILES",
        help="clinic profile YAML, a comma list, or a folder of them: each clinic's "
        "brochures go in a folder of its own (default: the fictional example clinic)",
    )
    p.add_argument(
        "--jobs",
        type=_jobs_arg,
        metavar="N",
        help=f"documents rendered at once (default: one per CPU; at most {JOBS_PER_CPU} per CPU)",
    )
    p.add_argument(
        "--timeout",
        type=_seconds_arg,
        default=DEFAULT_TIMEOUT_S,
        metavar="SECONDS",
        help="stop a document that uses more processor time than this (default: "
        "%(default)s; on the clock it gets 4 times as long, at least a minute more)",
    )
    p.add_argument(
        "--memory-limit",
        type=_memory_arg,
        default=DEFAULT_MEMORY_MB,
        metavar="MB",
        help="stop a document that needs more memory (default: %(default)s)",
    )
    p.add_argument(
        "--shard",
        type=_shard_arg,
        metavar="K/N",
        help="build only the K-th of N equal slices of the documents (for CI)",
    )
    p.add_argument(
        "--force",
        action="store_true",
        help="rebuild every document, even those the manifest says are current",
    )
    p.add_argument(
        "--watch",
        action="store_true",
        help="build, then rebuild the documents a saved file changes until Ctrl-C",
    )
    p.add_argument("--quiet", action="store_true", help="print nothing but errors")
    p.add_argument(
        "--draft",
        action="store_true",
        help="use English for strings that lack a translation and mark every page DRAFT",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="check plain language, health claims and review dates; print the scores",
    )
    p.add_argument(
        "--release",
        action="store_true",
        help="a release build: every warning is an error (past review dates, an old FDA status)",
    )
    p.add_argument(
        "--list",
        action="store_true",
        help="list topics and languages with how much is translated, then exit",
    )
    p.add_argument(
        "--update-catalogs",
        action="store_true",
        help="extract the English into locales/messages.pot and update every catalog "
        "(new strings come in empty, never fuzzy), then exit",
    )
    p.add_argument(
        "--add-language",
        metavar="TAG",
        help="start a new translation (e.g. pl): its catalog, glossary and claims rules, "
        "then print the steps",
    )
    p.add_argument(
        "--translator",
        metavar='"NAME <EMAIL>"',
        help="with --add-language: who translates it (default: none recorded yet)",
    )
    p.add_argument(
        "--export-xliff",
        type=Path,
        metavar="DIR",
        help="write each translated language's catalog (or --lang's) as XLIFF 1.1 for a "
        "translation agency or CAT tool, DIR/<lang>.xlf, then exit",
    )
    p.add_argument(
        "--import-xliff",
        type=_paths_arg,
        metavar="FILES",
        help="write the translations of XLIFF file(s) back into their languages' catalogs "
        "(checked first; nothing is written if any is unusable), then exit",
    )
    p.add_argument(
        "--review-pack",
        action="store_true",
        help="write a review pack for a medical translator for each --lang: "
        "DIR/review/<lang>/review-pack-<lang>.pdf and .csv, then exit",
    )
    p.add_argument(
        "--sign-off",
        metavar="LANG",
        help="record in LANG's catalog that --reviewer checked its translations as they are "
        "now; brochures then name the reviewer and date",
    )
    p.add_argument(
        "--reviewer",
        metavar='"NAME, CREDENTIAL"',
        help="with --sign-off: who reviewed the translation",
    )
    p.add_argument(
        "--review-status",
        choices=SIGNED,
        default="professional-review",
        help="with --sign-off: the kind of review (default: %(default)s)",
    )
    p.add_argument(
        "--require-review",
        type=_review_arg,
        metavar="STATUS|LANG=STATUS,...",
        help="refuse to build a language whose review is less than STATUS, or changed since "
        "(e.g. professional-review, or es=professional-review,fr=community-review)",
    )
    p.add_argument("--debug", action="store_true", help="show tracebacks")
    return p


def _print_list(options: BuildOptions) -> None:
    from brochures.content.library import topic_files

    print("Topics:")
    for file in topic_files(options.content_dir):
        print(f"  {file.stem}")
    print("\nLanguages:")
    print(
        f"  {'code':<8} {'name':<22} {'translated':>10} {'fuzzy':>6} "
        f"{'untranslated':>12} {'complete':>9} {'topics ready':>13}  review"
    )
    for row in language_status(options):
        print(
            f"  {align_left(row.lang, 8)} {align_left(row.name, 22)} {row.translated:>10} "
            f"{row.fuzzy:>6} {row.untranslated:>12} {row.percent:>8.1f}% "
            f"{f'{row.ready} of {row.topics}':>13}  {row.review}"
        )


def _update_catalogs(options: BuildOptions, quiet: bool) -> None:
    from brochures.errors import display_path
    from brochures.i18n.update import update_catalogs

    written = update_catalogs(options.content_dir, options.templates_dir, options.locales_dir)
    if quiet:
        return
    for file in written:
        print(f"updated {display_path(file)}")
    if not written:
        print("catalogs already current")


def _default_out(args: argparse.Namespace) -> Path:
    if args.format != "site":
        return defaults.DEFAULT_OUT_DIR
    # A draft site must not replace the one being published.
    return (
        defaults.SITE_DIR.with_name(defaults.SITE_DIR.name + "-draft")
        if args.draft
        else defaults.SITE_DIR
    )


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    """Run the command line; return the exit code (0, 1 for a bug, 2 for bad input)."""
    try:
        args = parser(prog).parse_args(argv)
    except SystemExit as exit_:  # argparse has printed its message
        return EXIT_OK if exit_.code == 0 else EXIT_USAGE
    options = BuildOptions(
        langs=args.lang,
        topics=args.topic,
        out_dir=args.out or _default_out(args),
        format=args.format,
        paper=args.paper,
        clinic_file=args.clinic[0],
        draft=args.draft,
        release=args.release,
        layouts=args.layout,
        print_ready=args.print_ready,
        jobs=args.jobs,
        shard=args.shard,
        force=args.force,
        limits=Limits(args.timeout, args.memory_limit),
        require_review=args.require_review or (),
        bilingual=args.bilingual,
    )
    with console(quiet=args.quiet), stopping_cleanly():
        most = JOBS_PER_CPU * default_jobs()
        if options.jobs and options.jobs > most:
            LOGGER.info(
                "--jobs %d is more than %d a CPU: using %d", options.jobs, JOBS_PER_CPU, most
            )
            options = replace(options, jobs=most)
        return _run(args, options)


def _per_clinic(args: argparse.Namespace, options: BuildOptions) -> list[BuildOptions]:
    """One set of options per clinic profile; two profiles may not share an output folder."""
    runs = [replace(options, clinic_file=file) for file in clinic_files(args.clinic)]
    folders: dict[str | None, Path] = {}
    for run in runs:
        slug = clinic_slug(run)
        if slug in folders:
            raise UsageError(
                f"{display_path(folders[slug])} and {display_path(run.clinic_file)} "
                f"would write to the same folder ({slug or 'the default'})",
                hint="give the profiles different file names",
            )
        folders[slug] = run.clinic_file
    return runs


def _review_packs(options: BuildOptions, quiet: bool) -> None:
    from brochures.builder.pipeline import Brochures
    from brochures.builder.review_pack import write_review_pack
    from brochures.i18n.languages import SOURCE_LANGUAGE

    run = Brochures(options)
    langs = [
        lang for lang in dict.fromkeys(job.lang for job in run.jobs) if lang != SOURCE_LANGUAGE
    ]
    if not langs:
        raise UsageError("name the language(s) to review", hint="--review-pack --lang es")
    for lang in langs:
        for file in write_review_pack(run, lang, options.out_dir):
            if not quiet:
                print(file)


def _about_catalogs(args: argparse.Namespace) -> bool:
    return bool(args.export_xliff or args.import_xliff or args.sign_off)


def _exchange(args: argparse.Namespace, options: BuildOptions) -> None:
    """--export-xliff, --import-xliff, --sign-off: work on the catalogs, then exit."""
    from brochures.i18n.catalogs import Catalogs
    from brochures.i18n.languages import SOURCE_LANGUAGE, available_languages, resolve_language

    catalogs = Catalogs(options.locales_dir)
    known = available_languages(options.locales_dir)
    if args.sign_off:
        from brochures.i18n.review import sign_off

        if not args.reviewer:
            raise UsageError("--sign-off needs --reviewer", hint='--reviewer "Name, credential"')
        lang = resolve_language(args.sign_off, known)
        if lang == SOURCE_LANGUAGE:
            raise UsageError("English is the source: it has no translation to review")
        po, digest = sign_off(catalogs, lang, args.reviewer, args.review_status)
        if not args.quiet:
            print(
                f"signed off {display_path(po)}: {args.review_status}, {args.reviewer}; "
                f"translations version {digest} (the version on the review pack's sign-off page)"
            )
    if args.export_xliff:
        from brochures.i18n.exchange import export_xliff

        asked = args.lang if args.lang and "all" not in args.lang else known
        langs = [resolve_language(tag, known) for tag in asked]
        for lang in dict.fromkeys(lang for lang in langs if lang != SOURCE_LANGUAGE):
            target = export_xliff(catalogs, lang, args.export_xliff / f"{lang}.xlf")
            if not args.quiet:
                print(f"wrote {display_path(target)}")
    for file in args.import_xliff or ():
        from brochures.i18n.exchange import import_xliff

        done = import_xliff(Catalogs(options.locales_dir), file)
        if not args.quiet:
            print(f"{display_path(file)} -> {display_path(done.catalog)}: {done.changed} change(s)")


def _run(args: argparse.Namespace, options: BuildOptions) -> int:
    """One run, its errors mapped to exit codes; warnings and notes come through the log.
    With several clinic profiles, each is built in turn, and the worst exit code wins."""
    try:
        if args.update_catalogs or args.add_language or _about_catalogs(args):
            runs = [options]  # about the catalogs: no clinic profile is read
        else:
            runs = _per_clinic(args, options)[: 1 if args.list else None]
        if args.watch and len(runs) > 1:
            raise UsageError("--watch watches one clinic profile", hint="give one to --clinic")
    except BrochureError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    codes = []
    for run in runs:
        if len(runs) > 1 and not args.quiet:
            print(f"clinic profile {display_path(run.clinic_file)}:")
        codes.append(_run_one(args, run))
    return max(codes)


def _run_one(args: argparse.Namespace, options: BuildOptions) -> int:
    try:
        if _about_catalogs(args):
            _exchange(args, options)
        elif args.add_language:
            from brochures.i18n.new_language import add_language, checklist

            new = add_language(options.locales_dir, args.add_language, args.translator)
            print(checklist(new, options.locales_dir))
        elif args.list:
            _print_list(options)
        elif args.update_catalogs:
            _update_catalogs(options, args.quiet)
        elif args.check:
            check(options)
        elif args.review_pack:
            _review_packs(options, args.quiet)
        elif args.watch:
            from brochures.builder.watch import watch  # imports watchfiles

            return watch(options)
        else:
            with Progress(quiet=args.quiet) as progress:
                build_with_result(options, report=progress.report, progress=progress.update)
    except BuildFailed as error:
        if args.debug:
            for _, cause in error.failures:
                traceback.print_exception(cause)
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE if error.only_input_errors else EXIT_FAILURE
    except BrochureError as error:
        if args.debug:
            traceback.print_exc()
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM / SIGHUP (stop_signals)
        # The workers are stopped and the manifest saved by then (the build's `finally`s).
        print(stop_reason(), file=sys.stderr)
        return exit_code()
    except BrokenPipeError:
        # The reader went away (`--list | head`): not a failure of ours. Point stdout at
        # /dev/null so that Python's own flush at exit does not complain again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_CLOSED_PIPE
    except Exception as error:
        if args.debug:
            raise
        print(
            f"unexpected error: {type(error).__name__}: {error}\n"
            "  (run again with --debug for the traceback, and please report it)",
            file=sys.stderr,
        )
        return EXIT_FAILURE
    return EXIT_OK
