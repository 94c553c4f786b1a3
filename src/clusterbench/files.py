"""Files the commands write for a person (a report's PDF, a batch of them): whole or not
at all, so that a command stopped half-way (Ctrl-C, a killed process, a full disk) never
leaves a truncated file that looks like a finished one."""

import os
from pathlib import Path

PART = ".part"  # the suffix of a file being written


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to path through a file beside it, renamed over path when complete: a
    reader sees the old file or the new one, never part of it. (Not flushed to the disk:
    what this guards against is a stopped process, not a power cut.)"""
    part = path.with_name(path.name + PART)
    try:
        part.write_bytes(data)
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        # The file the person named, not the one beside it ("No such file or directory").
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise
