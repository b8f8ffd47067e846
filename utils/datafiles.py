"""Data files are what they claim to be: checksums of the shipped files, and text that is text.
Every loader reads through :func:`read_text`, so a missing, truncated, edited, LFS-pointer, empty,
binary or non-UTF-8 file is a clear error naming the file (and the line, where there is one)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pandas as pd

SUMS_NAME = "SHA256SUMS"
LFS_POINTER = b"version https://git-lfs"
ROOT = Path(__file__).resolve().parents[1]


class DataIntegrityError(ValueError):
    """A data file is not the file its checksum list describes."""


def project_path(path: str | Path) -> Path:
    """``path`` as given if it exists (or is absolute), else relative to the project root, so that
    ``data/...`` works from ``notebooks/``, from the root and under papermill or nbval alike."""
    path = Path(path).expanduser()
    return path if path.is_absolute() or path.exists() else ROOT / path


def sha256_of(path: str | Path) -> str:
    """Hex sha256 digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def expected_sha256(path: str | Path) -> str | None:
    """The digest listed for ``path`` in the nearest ``SHA256SUMS`` of its folder or a parent;
    None when none lists it (e.g. a student's own download)."""
    path = Path(path).resolve()
    for folder in path.parents:
        sums = folder / SUMS_NAME
        if sums.is_file():
            rel = path.relative_to(folder).as_posix()
            listed = dict(reversed(line.split("  ", 1)) for line in sums.read_text().splitlines() if "  " in line)
            return listed.get(rel)
    return None


def verify_file(path: str | Path) -> bool:
    """Check ``path`` against its listed sha256: True when checked, False when none is listed;
    FileNotFoundError when missing, DataIntegrityError on a mismatch (truncated, LFS pointer, edited)."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {path} (run from a clone that has data/, or fix the path)")
    expected = expected_sha256(path)
    if expected is None:
        return False
    actual = sha256_of(path)
    if actual != expected:
        hint = (" It looks like a Git LFS pointer, not the data: run `git lfs pull`."
                if path.read_bytes()[:200].startswith(LFS_POINTER) else " Restore it with `git checkout -- data/`.")
        raise DataIntegrityError(
            f"{path}: sha256 {actual[:12]}... does not match {SUMS_NAME} ({expected[:12]}...); "
            f"the file is truncated or changed ({path.stat().st_size} bytes).{hint}")
    return True


def read_text(path: str | Path) -> str:
    """The text of a data file, checksum verified where listed; ValueError naming the file when it
    is empty, a Git LFS pointer, binary or not UTF-8 (with the line). A UTF-8 BOM is dropped."""
    path = Path(path)
    verify_file(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError(f"{path}: the file is empty")
    if raw.startswith(LFS_POINTER):
        raise ValueError(f"{path}: this is a Git LFS pointer, not the data; run `git lfs pull`")
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise ValueError(f"{path}: not a text file (binary data: a NUL byte at byte {nul}); "
                         "export it as CSV, TSV or FASTA text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ValueError(f"{path}, line {line}: not UTF-8 text (byte 0x{raw[err.start]:02x}); "
                         "save the file as UTF-8") from None


def read_table(path: str | Path, delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> pd.DataFrame:
    """A delimited text file as a DataFrame of strings (``""`` for an empty cell), header first;
    a row with another field count than the header is an error naming its line. Blank lines
    are skipped; ``df.attrs["lines"]`` holds each row's file line."""
    path = Path(path)
    reader = csv.reader(read_text(path).splitlines(), delimiter=delimiter, quoting=quoting)
    try:
        rows = [(reader.line_num, row) for row in reader if row]
    except csv.Error as err:
        raise ValueError(f"{path}, line {reader.line_num}: not a readable table ({err})") from None
    header = rows[0][1]
    for lineno, row in rows[1:]:
        if len(row) != len(header):
            raise ValueError(f"{path}, line {lineno}: {len(row)} fields where the header has {len(header)}; "
                             "fix that line (a stray delimiter?)")
    table = pd.DataFrame([row for _, row in rows[1:]], columns=header, dtype=str)
    table.attrs["lines"] = [lineno for lineno, _ in rows[1:]]
    return table
