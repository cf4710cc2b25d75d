"""Turn rendered bytes into files, atomically: a reader sees the old file or the new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from brochures.errors import OutputError


def write_atomically(target: Path, data: bytes) -> None:
    """Write to a temporary file in the target's folder, flush it to disk, then rename it."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                             suffix=".tmp")
    except OSError as exc:
        raise OutputError(f"cannot write to this folder ({exc.strerror})", file=target.parent,
                          hint="choose another folder with --out") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException as exc:
        Path(temporary).unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write the file ({exc.strerror})", file=target) from None
        raise
