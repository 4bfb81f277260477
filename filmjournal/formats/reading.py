"""Reading what a user hands us, within bounds: regular files only, ZIP members as streams
with caps on their size and compression ratio, so a crafted file cannot take the machine."""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path

from filmjournal.core.errors import FormatError

MAX_FILE_BYTES = 512 * 1024 * 1024
"""The largest file, or ZIP member once uncompressed, an import reads."""
MAX_RATIO = 200
"""The most a ZIP member may expand (text compresses about 5-10 times; a bomb, thousands)."""
RATIO_FROM = 4 * 1024 * 1024
"""Below this many bytes uncompressed, a member's ratio is not held against it."""
CHUNK = 1024 * 1024
"""Bytes read at a time."""


def regular_file(path: Path) -> Path:
    """`path`, if it is a regular file (a link to one is fine); else a FormatError.

    A FIFO, a device, or a link to one (`diary.csv -> /dev/zero`) would be read forever.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        raise FormatError(f"{path}: no such file or folder") from None
    except OSError as error:
        raise FormatError(f"{path}: cannot read it ({error.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise FormatError(f"{path}: not a regular file (a pipe, device or socket); not read")
    if info.st_size > MAX_FILE_BYTES:
        raise FormatError(f"{path}: {info.st_size:,} bytes, more than an export can be")
    return path


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of sane size."""
    return regular_file(path).read_bytes()


def member_bytes(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Path) -> bytes:
    """One ZIP member's bytes, read as a stream and stopped at the caps, whatever its header
    claims. Encrypted members, unknown compression and damaged data get a FormatError."""
    name = f"{where.name}: {info.filename}"
    if info.flag_bits & 0x1:
        raise FormatError(f"{name}: encrypted; export it again without a password")
    limit = min(MAX_FILE_BYTES, max(RATIO_FROM, info.compress_size * MAX_RATIO))
    parts: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise FormatError(
                        f"{name}: expands past {limit:,} bytes (a ZIP bomb?); nothing was read"
                    )
                parts.append(chunk)
    except NotImplementedError:
        raise FormatError(
            f"{name}: compressed with a method filmjournal cannot read (only stored and"
            " deflate); unzip it and import the folder"
        ) from None
    except (zlib.error, zipfile.BadZipFile, EOFError, RuntimeError) as error:
        raise FormatError(f"{name}: damaged ({error})") from None
    return b"".join(parts)
