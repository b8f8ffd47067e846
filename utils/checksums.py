"""Checksums of the shipped data files, verified every time a file is loaded."""

from __future__ import annotations

import hashlib
from pathlib import Path

SUMS_NAME = "SHA256SUMS"


class DataIntegrityError(ValueError):
    """A data file is not the file its checksum list describes."""


def sha256_of(path: str | Path) -> str:
    """Hex sha256 digest of a file's bytes."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def expected_sha256(path: str | Path) -> str | None:
    """The digest listed for ``path`` in a ``SHA256SUMS`` file in its folder or a parent.

    Returns None when no checksum list mentions the file (e.g. a student's own download).
    """
    path = Path(path).resolve()
    for folder in path.parents:
        sums = folder / SUMS_NAME
        if sums.is_file():
            rel = path.relative_to(folder).as_posix()
            for line in sums.read_text().splitlines():
                digest, _, name = line.partition("  ")
                if name.strip() == rel:
                    return digest.strip()
            return None
    return None


def verify_file(path: str | Path) -> bool:
    """Check ``path`` against its listed sha256.

    Returns True when checked, False when no checksum is listed for the file.
    Raises FileNotFoundError for a missing file and DataIntegrityError on a
    mismatch (truncated download, Git LFS pointer instead of data, edited file).
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"data file not found: {path} (run from a clone that has data/, or fix the path)")
    expected = expected_sha256(path)
    if expected is None:
        return False
    actual = sha256_of(path)
    if actual != expected:
        head = path.read_bytes()[:200]
        hint = " It looks like a Git LFS pointer, not the data: run `git lfs pull`." if head.startswith(
            b"version https://git-lfs") else " Restore it with `git checkout -- data/`."
        raise DataIntegrityError(
            f"{path}: sha256 {actual[:12]}... does not match {SUMS_NAME} ({expected[:12]}...); "
            f"the file is truncated or changed ({path.stat().st_size} bytes).{hint}")
    return True
