"""Walk the hostile corpus (tests/hostile): every bad file or option exits 2 with a message
that names it, never a traceback, writes nothing outside --out and leaves no half-written file.
Markup and file:// addresses in prose (the first round's attacks) and bad manifests (a cache)
build, exit 0, and nothing of /etc/passwd reaches a PDF.

Each case is a small project (the minimal content tree, a clinic profile, a Spanish
catalog) with one file replaced by a file of tests/hostile/files, or one option or output
folder made hostile; build.py runs on it in a process of its own, under a memory and
time cap of the test's, so that a case that once exhausted the machine fails here instead.
"""

from __future__ import annotations

import hashlib
import os
import resource
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
import yaml

from conftest import LOCALES, PROJECT, write, write_content_tree

CORPUS = Path(__file__).parent / "hostile"
FILES = CORPUS / "files"
CASES: list[dict] = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))

# Where a file of each class of the corpus goes in the project, and how it is built.
TARGETS = {
    "topic": ("content/topics/test-topic.yaml", ["--lang", "en"]),
    "route": ("content/routes/iv.yaml", ["--lang", "en"]),
    "words": ("content/words.yaml", ["--lang", "en"]),
    "emergency": ("content/emergency-numbers.yaml", ["--lang", "en"]),
    "clinic": ("content/clinic.yaml", ["--lang", "en"]),
    "catalog": ("locales/es/LC_MESSAGES/messages.po", ["--lang", "es", "--draft"]),
    # A manifest is a cache: a bad one is ignored with a warning (exit 0), never trusted.
    "manifest": ("out/.brochures-manifest.json", ["--lang", "en"]),
}
# Two questions: the minimal topic with a second one passes the plain-language checks.
BASE_TOPIC = (FILES / "base-topic.yaml").read_text(encoding="utf-8")
CAP_MEMORY_MB = 4096  # far above a build of one small brochure (about 300 MB)
CAP_SECONDS = 180


@dataclass(frozen=True)
class Outcome:
    code: int
    err: str
    changed_outside: list[str]  # project files added, changed or removed, --out aside
    half_written: list[str]  # temporary or unreadable files left in --out
    pdfs: int  # whole PDFs in --out
    leaked: list[str]  # outputs holding the first line of /etc/passwd (a file read in)


def _tree(root: Path, skip: Path) -> dict[str, str]:
    found = {}
    for path in root.rglob("*"):
        if path.is_relative_to(skip) or not (path.is_file() or path.is_symlink()):
            continue
        data = os.readlink(path).encode() if path.is_symlink() else path.read_bytes()
        found[path.relative_to(root).as_posix()] = hashlib.sha256(data).hexdigest()
    return found


def _project(root: Path) -> Path:
    write_content_tree(root / "content", topic=BASE_TOPIC)
    write(
        root / "content" / "clinic.yaml",
        (FILES / "base-clinic.yaml").read_text(encoding="utf-8"),
    )
    for asset in (FILES / "assets").iterdir():
        shutil.copy(asset, root / "content" / asset.name)
    for lang in ("en", "es"):  # the claims rules are the project's own
        (root / "locales" / lang).mkdir(parents=True)
        shutil.copy(LOCALES / lang / "forbidden-claims.yaml", root / "locales" / lang)
    catalog = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
    catalog.parent.mkdir()
    shutil.copy(FILES / "base-catalog.po", catalog)
    return root


def _prepare(case: dict, root: Path) -> None:
    """Put the case's file in place, or make what it needs that a file cannot carry."""
    if "file" in case:
        kind = case["file"].split("/")[0]
        target = root / TARGETS[kind][0]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(FILES / case["file"], target)
    step = case.get("prepare")
    if step == "logo-symlink":
        (root / "content" / "logo.png").symlink_to("/etc/hostname")
    elif step == "catalog-symlink":
        target = root / "locales" / "es" / "LC_MESSAGES" / "messages.po"
        target.unlink()
        target.symlink_to("/etc/passwd")
    elif step == "out-is-a-file":
        (root / "out").write_text("a file where the output folder should be\n")
    elif step == "manifest-is-a-folder":
        (root / "out" / ".brochures-manifest.json").mkdir(parents=True)
    elif step is not None:
        raise AssertionError(f"unknown prepare step {step!r}")


def _limit_child() -> None:
    cap = CAP_MEMORY_MB * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _run(case: dict, root: Path) -> Outcome:
    root.mkdir(parents=True)
    _project(root)
    _prepare(case, root)
    out = root / "out"
    before = _tree(root, out)
    kind = case.get("file", "").split("/")[0]
    args = case.get("args", TARGETS[kind][1] if kind in TARGETS else ["--lang", "en"])
    command = [sys.executable, str(PROJECT / "build.py"), *args]
    if "--out" not in args:
        command += ["--out", str(out)]
    try:
        done = subprocess.run(
            command,
            cwd=root,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=CAP_SECONDS,
            preexec_fn=_limit_child,
            env={**os.environ, "COLUMNS": "200"},
        )
        code, err = done.returncode, done.stderr
    except subprocess.TimeoutExpired:
        code, err = -1, f"still running after {CAP_SECONDS} s"
    after = _tree(root, out)
    changed = sorted(
        name for name in before.keys() | after.keys() if before.get(name) != after.get(name)
    )
    half, pdfs, leaked = [], 0, []
    for path in out.rglob("*") if out.is_dir() else ():
        if path.name.endswith(".tmp"):
            half.append(path.name)
        elif path.suffix == ".pdf":
            try:
                reader = pypdf.PdfReader(path)
                text = " ".join(page.extract_text() for page in reader.pages)
                pdfs += 1
            except Exception:
                half.append(path.name)
                continue
            if b"root:x:0:0" in path.read_bytes() or "root:x:0:0" in text:
                leaked.append(path.name)
    return Outcome(code, err, changed, half, pdfs, leaked)


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory) -> dict[str, Outcome]:
    """Every case, run two or three at a time (each is a process of its own)."""
    base = tmp_path_factory.mktemp("hostile")
    with ThreadPoolExecutor(max_workers=max(2, (os.cpu_count() or 2))) as pool:
        futures = {case["name"]: pool.submit(_run, case, base / case["name"]) for case in CASES}
        return {name: future.result() for name, future in futures.items()}


def test_the_corpus_is_large_and_every_file_is_used():
    files = {p.relative_to(FILES).as_posix() for p in FILES.rglob("*") if p.is_file()}
    used = {case["file"] for case in CASES if "file" in case}
    assets = {f"assets/{p.name}" for p in (FILES / "assets").iterdir()}
    bases = {"base-topic.yaml", "base-clinic.yaml", "base-catalog.po"}
    assert files - used - assets - bases == set()
    assert len(files - bases) >= 40
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.slow
def test_the_base_project_builds(tmp_path):
    outcome = _run({"name": "base", "args": ["--lang", "en,es", "--draft"]}, tmp_path / "p")
    assert outcome.code == 0, outcome.err


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_a_hostile_case_exits_as_expected_with_its_reason(outcomes, case):
    outcome = outcomes[case["name"]]
    assert outcome.code == case.get("exit", 2), outcome.err
    assert "Traceback" not in outcome.err and "unexpected error" not in outcome.err
    for expected in case.get("expect", []):
        assert expected in outcome.err, outcome.err
    assert outcome.changed_outside == []
    assert outcome.half_written == [] and outcome.leaked == []
    if outcome.code == 0:  # an attack shown as text, or a bad manifest ignored: it builds
        assert outcome.pdfs >= 1
