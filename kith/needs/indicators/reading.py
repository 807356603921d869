"""Reading a CSV (plain or gzipped, from a path or an upload) into rows, with a plain reason when it cannot be read."""

import csv
import gzip
import io
import zlib
from pathlib import Path
from typing import IO

GZIP_MAGIC = b"\x1f\x8b"
# Formats people upload by mistake, by their first bytes.
NOT_CSV = {b"PK\x03\x04": "a zip or Excel workbook", b"%PDF": "a PDF", b"\xd0\xcf\x11\xe0": "an old Excel or Word file",
           b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image", b"GIF8": "a GIF image"}


class ReadError(Exception):
    """The file is not a CSV that can be read; nothing was written."""


def read_bytes(source: str | Path | IO[bytes]) -> tuple[str, bytes]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            return path.name, path.read_bytes()
        except OSError as error:
            raise ReadError(f"{path.name} cannot be read: {error.strerror or error}.") from error
    name = Path(getattr(source, "name", "") or "the file").name
    source.seek(0)
    data = source.read()
    return name, data.encode() if isinstance(data, str) else data


def read_csv(source: str | Path | IO[bytes]) -> tuple[str, list[str], list[tuple[int, dict[str, str]]]]:
    """The file's name, its header and its rows with their line numbers (blank lines are passed over);
    gzip is recognised by content, not by name."""
    name, data = read_bytes(source)
    if data.startswith(GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as error:
            raise ReadError(f"{name} is a damaged gzip file ({error}).") from error
    elif name.endswith(".gz"):
        raise ReadError(f"{name} is named .gz but is not gzip-compressed.")
    for magic, kind in NOT_CSV.items():
        if data.startswith(magic):
            raise ReadError(f"{name} is {kind}, not a CSV file. Save it as CSV (comma-separated, UTF-8) and try again.")
    if b"\x00" in data[:4096]:
        raise ReadError(f"{name} is not a text file, so not a CSV file.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ReadError(
            f"{name} is not UTF-8 text (line {line} cannot be read). "
            "Save it as CSV UTF-8 and try again."
        ) from error
    if not text.strip():
        raise ReadError(f"{name} is empty.")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [column.strip() for column in reader.fieldnames or []]
        reader.fieldnames = header
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as error:
        raise ReadError(f"{name} is not a well-formed CSV file ({error}).") from error
    if len(header) == 1:
        for delimiter, word in ((";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")):
            if delimiter in header[0]:
                raise ReadError(f"{name} separates its columns with {word}; Kith reads comma-separated files.")
    return name, header, rows


def require_columns(name: str, header: list[str], required: list[str]) -> None:
    missing = [column for column in required if column not in header]
    if missing:
        raise ReadError(
            f"{name} lacks the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
            f"it has: {', '.join(header) or 'none'}."
        )
