"""Where the project's files are, so notebooks work from any working directory."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def project_path(path: str | Path) -> Path:
    """Resolve a path as given, else relative to the project root (``data/...`` works from
    ``notebooks/``, from the root and under papermill or nbval alike)."""
    path = Path(path).expanduser()
    if path.is_absolute() or path.exists():
        return path
    return ROOT / path
