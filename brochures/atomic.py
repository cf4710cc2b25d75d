"""Turn rendered bytes into files, atomically: a reader sees the old file or the new one.

Every output, cache file and manifest is written this way, so that a build stopped
half-way, or two builds at once, never leave a partial file for the next one to trust.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from brochures.errors import OutputError

OUTPUT_HINT = "choose another folder with --out"
CACHE_HINT = "set XDG_CACHE_HOME to a folder you can write to"


def write_atomically(target: Path, data: bytes | str, *, hint: str = OUTPUT_HINT) -> None:
    """Write bytes, or text as UTF-8, to the target through a temporary file beside it."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    save_atomically(target, lambda temporary: temporary.write_bytes(content), hint=hint)


def write_if_changed(target: Path, data: bytes | str, *, hint: str = OUTPUT_HINT) -> bool:
    """`write_atomically`, unless the target holds those bytes already (its time stamp and
    any cache keyed on it stay as they are); whether it wrote."""
    content = data.encode("utf-8") if isinstance(data, str) else data
    try:
        if target.read_bytes() == content:
            return False
    except OSError:
        pass  # not there yet, or unreadable: write it
    write_atomically(target, content, hint=hint)
    return True


def save_atomically(
    target: Path, save: Callable[[Path], object], *, hint: str = OUTPUT_HINT
) -> None:
    """Let `save` write a temporary file in the target's folder (fontTools' `font.save`,
    say), flush it to disk, then rename it over the target; on any failure the target
    is left as it was and the temporary file is removed."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(handle)
    except OSError as exc:
        raise OutputError(
            f"cannot write to this folder ({exc.strerror})", file=target.parent, hint=hint
        ) from None
    temporary = Path(name)
    try:
        save(temporary)
        _flush_to_disk(temporary)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; outputs and caches are not
        os.replace(temporary, target)
    except BaseException as exc:
        temporary.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the file ({exc.strerror})", file=target) from None
        raise


def _flush_to_disk(path: Path) -> None:
    # Without it a crash soon after the rename can leave an empty file under the new name.
    handle = os.open(path, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)
