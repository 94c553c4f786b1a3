"""Files the commands write for a person (a report's PDF, a batch of them, an export, the
local settings): whole or not at all, so that a command stopped half-way (Ctrl-C, a killed
process, a full disk) never leaves a truncated file that looks like a finished one, and two
commands writing the same file at once never mix their bytes."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

PART = ".part"  # the suffix of a file being written


def part_of(path: Path) -> Path:
    """Where data for path is written first: beside it (one file system, so the rename is
    atomic), named after it and the writing process, and unique to this write, so that two
    writers of one path never write into one file."""
    return path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}{PART}")


def parts_written_by(folder: Path, pid: int) -> list[Path]:
    """The files that process pid was writing in folder when it stopped."""
    return sorted(folder.glob(f"*.{pid}.*{PART}"))


@contextmanager
def open_atomically(
    path: Path, mode: str = "wb", *, private: bool = False, **options
) -> Iterator[IO]:
    """A file (opened with mode and open()'s options) that becomes path when the block
    ends, and is removed if the block fails: a reader sees the old file or the new one,
    never part of it. (Not flushed to the disk: what this guards against is a stopped
    process, not a power cut.) private: readable by its owner only, from its first byte.
    An OSError names path, the file the person asked for, not the one beside it."""
    part = part_of(path)
    try:
        descriptor = os.open(
            part, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600 if private else 0o666
        )
        with os.fdopen(descriptor, mode, **options) as file:
            yield file
        os.replace(part, path)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes) -> None:
    """Write data to path, whole or not at all (open_atomically)."""
    with open_atomically(path) as file:
        file.write(data)
