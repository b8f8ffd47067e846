"""Data files are what they claim to be: every loader reads through :func:`read_text`, so a missing, truncated,
edited, LFS-pointer, empty, binary or non-UTF-8 file is a clear error naming the file (and line, if any)."""

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
    """``path`` if it exists (or is absolute), else under the project root: ``data/...`` works from anywhere."""
    path = Path(path).expanduser()
    return path if path.is_absolute() or path.exists() else ROOT / path


def sha256_of(path: str | Path) -> str:
    """Hex sha256 digest of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def expected_sha256(path: str | Path) -> str | None:
    """The digest for ``path`` in the nearest ``SHA256SUMS`` above it; None if not listed (a student's own file)."""
    path = Path(path).resolve()
    for folder in path.parents:
        if (sums := folder / SUMS_NAME).is_file():
            listed = dict(reversed(line.split("  ", 1)) for line in sums.read_text().splitlines() if "  " in line)
            return listed.get(path.relative_to(folder).as_posix())
    return None


def verify_file(path: str | Path) -> bool:
    """True when ``path`` matches its listed sha256, False if unlisted; FileNotFoundError or DataIntegrityError."""
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {path} (run from a clone that has data/, or fix the path)")
    expected = expected_sha256(path)
    if expected is None:
        return False
    if (actual := sha256_of(path)) != expected:
        hint = (" It looks like a Git LFS pointer, not the data: run `git lfs pull`."
                if path.read_bytes()[:200].startswith(LFS_POINTER) else " Restore it with `git checkout -- data/`.")
        raise DataIntegrityError(
            f"{path}: sha256 {actual[:12]}... does not match {SUMS_NAME} ({expected[:12]}...); "
            f"the file is truncated or changed ({path.stat().st_size} bytes).{hint}")
    return True


def read_text(path: str | Path) -> str:
    """A data file's text (verified, BOM dropped); ValueError naming it if empty, LFS pointer, binary or not UTF-8."""
    path = Path(path)
    verify_file(path)
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError(f"{path}: the file is empty")
    if raw.startswith(LFS_POINTER):
        raise ValueError(f"{path}: this is a Git LFS pointer, not the data; run `git lfs pull`")
    if (nul := raw.find(b"\x00")) >= 0:
        raise ValueError(f"{path}: not a text file (binary data: a NUL byte at byte {nul}); "
                         "export it as CSV, TSV or FASTA text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise ValueError(f"{path}, line {line}: not UTF-8 text (byte 0x{raw[err.start]:02x}); "
                         "save the file as UTF-8") from None


def read_table(path: str | Path, delimiter: str = ",", quoting: int = csv.QUOTE_MINIMAL) -> pd.DataFrame:
    """A delimited file as a DataFrame of strings (``""``: empty cell), ``df.attrs["lines"]`` each row's file line."""
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
