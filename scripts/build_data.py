"""Rebuild everything the notebooks read in ``data/`` from the raw files in ``data/raw/``.

Run ``python scripts/build_data.py`` (or ``make data``). The output is byte for byte
reproducible; ``tests/test_data_build.py`` checks that it is.

Barcodes (``data/barcodes_coi5p_3families.tsv``), from the BOLD Tardigrada export: keep
``markercode == COI-5P``; remove ``-`` gap characters; upper-case; keep sequences of at least
500 bases with a family; of exact duplicate sequences filed under one family keep the first
record (by ``processid``); keep the three largest families; then drop every record that has a
near-identical record (``utils.barcodes.near_identical``, an exact copy included) filed under
another of the three families: one of the two labels is wrong and the sequence cannot tell
which. Rows sorted by ``processid``; the BOLD BIN of each record is kept (``bin_uri``).

CO2 (``data/co2_mauna_loa_weekly.csv``): copied unchanged (missing weeks stay empty; the
notebooks fill them explicitly and say how many).

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

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from utils.barcodes import near_identical  # noqa: E402  (the project's own, after the path)

RAW_BOLD = "raw/bold_tardigrada_export.tsv.gz"
RAW_CO2 = "raw/co2_mauna_loa_weekly.csv"
BARCODES = "barcodes_coi5p_3families.tsv"
CO2 = "co2_mauna_loa_weekly.csv"
RAW_BOLD_SHA256 = "a64371dc417502f2c19e6ce8c6fc6e27c92627e63d935448ae7b7ec09b63261f"  # the uncompressed export
MARKER, MIN_LENGTH, N_FAMILIES = "COI-5P", 500, 3
COLUMNS = ["processid", "bin_uri", "family_name", "genus_name", "species_name", "genbank_accession",
           "copyright_licenses", "copyright_holders", "institution_storing", "markercode", "nucleotides"]


def read_raw_bold(path: Path) -> list[dict[str, str]]:
    """Read the gzipped BOLD export after checking it is the documented file."""
    raw = gzip.decompress(path.read_bytes())
    digest = hashlib.sha256(raw).hexdigest()
    if digest != RAW_BOLD_SHA256:
        sys.exit(f"{path}: sha256 {digest} is not the documented {RAW_BOLD_SHA256}")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8")), delimiter="\t"))


def select_barcodes(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Apply the filters of the module docstring; also return how many each step dropped."""
    kept = [{**r, "nucleotides": r["nucleotides"].replace("-", "").strip().upper()} for r in rows]
    kept = [r for r in kept if r["markercode"] == MARKER and len(r["nucleotides"]) >= MIN_LENGTH and r["family_name"]]
    families = defaultdict(set)
    for r in kept:
        families[r["nucleotides"]].add(r["family_name"])
    unique, seen = [], set()
    for r in sorted(kept, key=lambda r: r["processid"]):
        if r["nucleotides"] not in seen and len(families[r["nucleotides"]]) == 1:
            seen.add(r["nucleotides"])
            unique.append(r)
    top = {name for name, _ in Counter(r["family_name"] for r in unique).most_common(N_FAMILIES)}
    chosen = [r for r in unique if r["family_name"] in top]
    family = np.array([r["family_name"] for r in chosen])
    near = near_identical([r["nucleotides"] for r in chosen]).tocoo()
    crossed = set(near.row[family[near.row] != family[near.col]])
    counts = {"COI-5P of 500 bases or more": len(kept), "after exact duplicates": len(unique),
              "in the three largest families": len(chosen), "near-identical across families": len(crossed)}
    return [{c: r[c] for c in COLUMNS} for i, r in enumerate(chosen) if i not in crossed], counts


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
    rows, counts = select_barcodes(read_raw_bold(data / RAW_BOLD))
    write_tsv(rows, data / BARCODES)
    shutil.copyfile(data / RAW_CO2, data / CO2)
    write_checksums(data)
    families = dict(sorted(Counter(r["family_name"] for r in rows).items()))
    print(f"{BARCODES}: {len(rows)} sequences, {families}; {counts}")
    print(f"{CO2}: copied from {RAW_CO2}")


def main() -> None:
    parser = argparse.ArgumentParser(description="Rebuild data/ from data/raw/.")
    parser.add_argument("--data-dir", type=Path, default=ROOT / "data")
    build(parser.parse_args().data_dir)


if __name__ == "__main__":
    main()
