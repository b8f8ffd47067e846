"""Rebuild everything the notebooks read in ``data/`` from the raw files in ``data/raw/``.

Run ``python scripts/build_data.py`` (or ``make data``). The output is byte for
byte reproducible; ``tests/test_data_build.py`` checks that it is.

Barcodes (``data/barcodes_coi5p_3families.tsv``), from the BOLD Tardigrada export:
keep ``markercode == COI-5P``; remove ``-`` gap characters; upper-case; keep
sequences of at least 500 bases; drop every copy of a sequence that is filed
under two different families; keep the first record (by ``processid``) of each
exact duplicate; keep the three largest families. Rows sorted by ``processid``.

CO2 (``data/co2_mauna_loa_weekly.csv``): copied unchanged (missing weeks stay
empty; the notebooks fill them explicitly and say how many).

Finally ``data/SHA256SUMS`` lists the sha256 of every data file, raw ones included.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import io
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RAW_BOLD = "raw/bold_tardigrada_export.tsv.gz"
RAW_CO2 = "raw/co2_mauna_loa_weekly.csv"
BARCODES = "barcodes_coi5p_3families.tsv"
CO2 = "co2_mauna_loa_weekly.csv"

# sha256 of the uncompressed raw export, as given in the provenance record.
RAW_BOLD_SHA256 = "a64371dc417502f2c19e6ce8c6fc6e27c92627e63d935448ae7b7ec09b63261f"
MARKER = "COI-5P"
MIN_LENGTH = 500
N_FAMILIES = 3
COLUMNS = [
    "processid",
    "family_name",
    "genus_name",
    "species_name",
    "genbank_accession",
    "copyright_licenses",
    "copyright_holders",
    "institution_storing",
    "markercode",
    "nucleotides",
]


def read_raw_bold(path: Path) -> list[dict[str, str]]:
    """Read the gzipped BOLD export after checking it is the documented file."""
    raw = gzip.decompress(path.read_bytes())
    digest = hashlib.sha256(raw).hexdigest()
    if digest != RAW_BOLD_SHA256:
        sys.exit(f"{path}: sha256 {digest} is not the documented {RAW_BOLD_SHA256}")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8")), delimiter="\t"))


def select_barcodes(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Apply the filters described in the module docstring."""
    kept = []
    for row in rows:
        seq = row["nucleotides"].replace("-", "").strip().upper()
        if row["markercode"] == MARKER and len(seq) >= MIN_LENGTH and row["family_name"]:
            kept.append({**row, "nucleotides": seq})
    families = defaultdict(set)
    for row in kept:
        families[row["nucleotides"]].add(row["family_name"])
    unique, seen = [], set()
    for row in sorted(kept, key=lambda r: r["processid"]):
        seq = row["nucleotides"]
        if len(families[seq]) > 1 or seq in seen:
            continue
        seen.add(seq)
        unique.append(row)
    counts = Counter(r["family_name"] for r in unique)
    top = {name for name, _ in counts.most_common(N_FAMILIES)}
    return [{c: r[c] for c in COLUMNS} for r in unique if r["family_name"] in top]


def write_tsv(rows: list[dict[str, str]], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def write_checksums(data: Path) -> None:
    files = sorted(p for p in data.rglob("*") if p.is_file() and p.name not in {"SHA256SUMS", "README.md"})
    lines = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.relative_to(data).as_posix()}" for p in files]
    (data / "SHA256SUMS").write_text("\n".join(lines) + "\n")


def build(data: Path) -> None:
    """Write the derived files and SHA256SUMS into ``data`` from ``data/raw``."""
    rows = select_barcodes(read_raw_bold(data / RAW_BOLD))
    write_tsv(rows, data / BARCODES)
    shutil.copyfile(data / RAW_CO2, data / CO2)
    write_checksums(data)
    counts = Counter(r["family_name"] for r in rows)
    print(f"{BARCODES}: {len(rows)} sequences, {dict(sorted(counts.items()))}")
    print(f"{CO2}: copied from {RAW_CO2}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Rebuild data/ from data/raw/.")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    build(parser.parse_args().data_dir)


if __name__ == "__main__":
    main()
