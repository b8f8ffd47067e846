"""DNA barcodes: read BOLD files (TSV or FASTA), cut, de-duplicate, group, split and one-hot encode.
``X`` is ``(N_samples, LengthSeq, 4)`` (A, C, G, T), ``Y`` ``(N_samples, N_classes)`` one-hot. Sequences of one
species are near-identical, so the test set holds whole groups (BINs, about species) that training never saw."""

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.sparse.csgraph import connected_components
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

from utils.datafiles import project_path, read_table, read_text

BASES = "ACGT"
# IUPAC ambiguity codes as the probability of each base, so "N" is 0.25 everywhere and
# "R" (A or G) is half A, half G. The course code set all of these to zero, which tells
# the model "no base here" instead of "one of these bases".
IUPAC = {"A": "A", "C": "C", "G": "G", "T": "T", "U": "T", "R": "AG", "Y": "CT", "S": "CG", "W": "AT",
         "K": "GT", "M": "AC", "B": "CGT", "D": "AGT", "H": "ACT", "V": "ACG", "N": "ACGT"}
_TABLE = np.zeros((128, 4), dtype=np.float32)
for _code, _bases in IUPAC.items():
    _TABLE[ord(_code), [BASES.index(b) for b in _bases]] = 1.0 / len(_bases)
TSV_LEVELS = ("phylum", "class", "order", "family", "subfamily", "genus", "species")
FASTA_LEVELS = ("taxon", "genus")
CREDITS = ("copyright_licenses", "copyright_holders", "genbank_accession")  # kept where the TSV has them
WORD, SHARED = 12, 0.5  # near-identical: at least half the 12-base words of the shorter one are in the other


def clean_sequence(seq: str, record: str) -> str:
    """Upper-cased, without gaps ``-``/``.`` or white space; a non-IUPAC character is a ValueError naming ``record``."""
    seq = "".join(seq.split()).upper().replace("-", "").replace(".", "")
    for pos, char in enumerate(seq):
        if char not in IUPAC:
            raise ValueError(f"{record}: invalid base {char!r} at position {pos} "
                             f"(allowed: A C G T U and IUPAC codes {''.join(sorted(set(IUPAC) - set('ACGTU')))})")
    return seq


def read_bold_tsv(path: str | Path, level: str = "family", marker: str | None = "COI-5P") -> pd.DataFrame:
    """BOLD TSV rows as ``processid``, ``label``, ``sequence``, ``bin``, credits; counts left out in ``df.attrs``."""
    path = Path(path)
    if level not in TSV_LEVELS:
        raise ValueError(f"{path} is a BOLD TSV file; its labels come at the levels {TSV_LEVELS}, not {level!r}: "
                         "set level to one of them")
    table = read_table(path, delimiter="\t", quoting=csv.QUOTE_NONE)
    needed = ["processid", f"{level}_name", "nucleotides"] + (["markercode"] if marker else [])
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"{path}: not a BOLD TSV export, missing column(s) {missing}")
    left_out = {"other_marker": 0, "no_label": 0, "no_sequence": 0}
    if marker:
        left_out["other_marker"] = int((table["markercode"] != marker).sum())
        table = table[table["markercode"] == marker]
    for key, column in (("no_label", f"{level}_name"), ("no_sequence", "nucleotides")):
        left_out[key] = int((table[column] == "").sum())
        table = table[table[column] != ""]
    out = pd.DataFrame({"processid": table["processid"].to_numpy(), "label": table[f"{level}_name"].to_numpy(),
                        "sequence": [clean_sequence(s, f"{path}: record {p!r}")
                                     for s, p in zip(table["nucleotides"], table["processid"], strict=True)],
                        "bin": table["bin_uri"].to_numpy() if "bin_uri" in table else "",
                        **{c: table[c].to_numpy() for c in CREDITS if c in table}})
    out.attrs["left_out"] = left_out
    return out


def _fasta_records(path: Path, text: str) -> list[tuple[str, str, int]]:
    """``(header, sequence, line of the header)`` for every record."""
    records: list[tuple[str, list[str], int]] = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith(">"):
            if len(line) == 1:
                raise ValueError(f"{path}, line {lineno}: empty FASTA header")
            records.append((line[1:], [], lineno))
        elif not records:
            raise ValueError(f"{path}, line {lineno}: sequence data before the first '>' header; is this a FASTA file?")
        else:
            records[-1][1].append(line)
    if not records:
        raise ValueError(f"{path}: no FASTA records found")
    return [(header, "".join(parts), lineno) for header, parts, lineno in records]


def read_bold_fasta(path: str | Path, level: str = "taxon", marker: str | None = "COI-5P",
                    text: str | None = None) -> pd.DataFrame:
    """BOLD FASTA records (``>processid|taxon|marker``) as ``processid``, ``label``, ``sequence``, ``bin`` ("")."""
    path = Path(path)
    if level not in FASTA_LEVELS:
        raise ValueError(f"{path} is a BOLD FASTA file; its labels come at the levels {FASTA_LEVELS}, "
                         f"not {level!r}: set level to one of them")
    rows, other_marker = [], 0
    for header, seq, lineno in _fasta_records(path, read_text(path) if text is None else text):
        fields = [f.strip() for f in header.split("|")]
        if len(fields) < 2 or not fields[0] or not fields[1]:
            raise ValueError(f"{path}, line {lineno}: header {header!r} is not 'processid|taxon|marker'")
        if marker and len(fields) > 2 and fields[2] != marker:
            other_marker += 1
            continue
        if not seq:
            raise ValueError(f"{path}, line {lineno}: record {fields[0]!r} has no sequence")
        label = fields[1] if level == "taxon" else fields[1].split()[0]
        rows.append({"processid": fields[0], "label": label, "bin": "",
                     "sequence": clean_sequence(seq, f"{path}: record {fields[0]!r}")})
    out = pd.DataFrame(rows, columns=["processid", "label", "sequence", "bin"])
    out.attrs["left_out"] = {"other_marker": other_marker}
    return out


def load_barcodes(path: str | Path, level: str = "family", marker: str | None = "COI-5P") -> pd.DataFrame:
    """A BOLD TSV or FASTA file (``>`` first: FASTA), verified against ``SHA256SUMS`` where listed."""
    if (text := read_text(path)).lstrip().startswith(">"):
        return read_bold_fasta(path, level=level, marker=marker, text=text)
    return read_bold_tsv(path, level=level, marker=marker)


def select_classes(df: pd.DataFrame, n_classes: int, max_per_class: int | None = None, seed: int = 0) -> pd.DataFrame:
    """Keep the ``n_classes`` largest labels (ties broken by name), optionally subsampled."""
    if not isinstance(n_classes, int) or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2, got {n_classes!r}")
    counts = df["label"].value_counts()
    ranked = sorted(counts.index, key=lambda name: (-counts[name], name))[:n_classes]
    kept = df[df["label"].isin(ranked)]
    if max_per_class is not None:
        kept = pd.concat([group.sample(min(len(group), max_per_class), random_state=seed)
                          for _, group in kept.groupby("label")])
    return kept.sort_values("processid").reset_index(drop=True)


def cut_and_deduplicate(df: pd.DataFrame, LengthSeq: int) -> tuple[pd.DataFrame, dict[str, int]]:
    """Sequences cut to ``LengthSeq`` bases, without shorter, two-label or repeated inputs; and the counts dropped."""
    if not isinstance(LengthSeq, int) or LengthSeq < 1:
        raise ValueError(f"LengthSeq must be a positive integer, got {LengthSeq!r}")
    long_enough = df[df["sequence"].str.len() >= LengthSeq].copy()
    long_enough["sequence"] = long_enough["sequence"].str[:LengthSeq]
    n_labels = long_enough.groupby("sequence")["label"].transform("nunique")
    unambiguous = long_enough[n_labels == 1]
    unique = unambiguous.drop_duplicates("sequence", keep="first").reset_index(drop=True)
    return unique, {"too_short": len(df) - len(long_enough), "conflicting_labels": len(long_enough) - len(unambiguous),
                    "duplicates": len(unambiguous) - len(unique)}


def near_identical(sequences: list[str] | pd.Series) -> sparse.csr_matrix:
    """``(N, N)`` sparse bool: half the 12-base words of the shorter sequence occur in the other (on the shipped
    barcodes the same pairs as an alignment at >= 98 % identity; offsets of the cut do not matter)."""
    words = CountVectorizer(analyzer="char", ngram_range=(WORD, WORD), lowercase=False, binary=True,
                            dtype=np.int32).fit_transform(list(sequences))
    size = np.asarray(words.sum(axis=1)).ravel()
    shared = (words @ words.T).tocoo()
    near = shared.data >= SHARED * np.minimum(size[shared.row], size[shared.col])
    return sparse.csr_matrix((near[near], (shared.row[near], shared.col[near])), shape=shared.shape)


def groups_of(table: pd.DataFrame) -> tuple[np.ndarray, str]:
    """A group per sequence, and how it was made: BOLD BINs (about species) joined wherever a sequence of one is
    :func:`near_identical` to one of another or to one without a BIN, so no near-copy crosses a split."""
    bins = table["bin"].fillna("").astype(str).to_numpy()
    has_bin = bins != ""
    codes = np.where(has_bin, np.unique(bins, return_inverse=True)[1], -1)
    same_bin = sparse.csr_matrix((np.ones(has_bin.sum()), (np.flatnonzero(has_bin), codes[has_bin])),
                                 shape=(len(bins), codes.max() + 2))
    _, group = connected_components(near_identical(table["sequence"]) + same_bin @ same_bin.T, directed=False)
    named = {g: "+".join(sorted(set(bins[(group == g) & has_bin]))) or f"cluster {g}" for g in np.unique(group)}
    how = ("BOLD BIN" if has_bin.all() else "near-identical sequences" if not has_bin.any()
           else f"BOLD BIN ({int((~has_bin).sum())} sequences without one)")
    return np.array([named[g] for g in group]), how + ", joined by near-identical sequences"


def grouped_split(y: np.ndarray, groups: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices ``(train, val, test)``, about 70 / 10 / 20 %, stratified as far as whole groups allow."""
    rest, test = next(StratifiedGroupKFold(5, shuffle=True, random_state=seed).split(y, y, groups))
    fit, val = next(StratifiedGroupKFold(8, shuffle=True, random_state=seed).split(rest, y[rest], groups[rest]))
    return np.sort(rest[fit]), np.sort(rest[val]), np.sort(test)


def random_split(y: np.ndarray, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices ``(train, val, test)``, 70 / 10 / 20 %, stratified by class, sequences drawn at random."""
    idx = np.arange(len(y))
    rest, test = train_test_split(idx, test_size=0.2, stratify=y, random_state=seed)
    train, val = train_test_split(rest, test_size=0.125, stratify=y[rest], random_state=seed)
    return np.sort(train), np.sort(val), np.sort(test)


def one_hot(sequences: list[str] | pd.Series, LengthSeq: int) -> np.ndarray:
    """Cleaned sequences as ``(N_samples, LengthSeq, 4)`` float32 (A, C, G, T; an ambiguity code spreads its weight)."""
    X = np.zeros((len(sequences), LengthSeq, len(BASES)), dtype=np.float32)
    for i, seq in enumerate(sequences):
        if len(seq) < LengthSeq:
            raise ValueError(f"sequence {i} has {len(seq)} bases, fewer than LengthSeq={LengthSeq}")
        X[i] = _TABLE[np.frombuffer(seq[:LengthSeq].encode("ascii"), dtype=np.uint8)]
    return X


def encode_labels(labels: list[str] | pd.Series) -> tuple[np.ndarray, list[str]]:
    """One-hot labels ``(N_samples, N_classes)`` with classes in sorted order, and their names."""
    class_names = sorted(set(labels))
    Y = np.zeros((len(labels), len(class_names)), dtype=np.float32)
    Y[np.arange(len(labels)), [class_names.index(name) for name in labels]] = 1.0
    return Y, class_names


@dataclass
class BarcodeData:
    """``X`` ``(N_samples, LengthSeq, N_features)``, ``Y`` ``(N_samples, N_classes)`` one-hot, ``table``'s rows in
    that order (with ``group``), ``split[...]`` ``(train, val, test)`` indices, and what was left out."""
    table: pd.DataFrame
    lengths: pd.Series
    dropped: dict[str, int]
    left_out: dict[str, int]
    X: np.ndarray
    Y: np.ndarray
    class_names: list[str]
    split: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]
    grouping: str
    y = property(lambda self: self.Y.argmax(axis=1), doc="The class of each sequence as an integer, (N_samples,).")

    def summary(self) -> str:
        why = {"other_marker": "of another marker", "no_label": "without a label", "no_sequence": "without a sequence"}
        left = ", ".join(f"{n} {why.get(k, k)}" for k, n in self.left_out.items() if n)
        dropped = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in self.dropped.items() if n)
        counts = self.table["label"].value_counts().sort_index()
        train, val, test = self.split["grouped"]
        return (f"{len(self.lengths)} records of these classes read" + (f" (left out: {left})" if left else "")
                + f"; {len(self.table)} kept after the cut" + (f" (dropped: {dropped})" if dropped else "")
                + "; " + ", ".join(f"{name} {n}" for name, n in counts.items())
                + f"; {self.table['group'].nunique()} groups by {self.grouping}"
                + f"; train {len(train)}, validation {len(val)}, test {len(test)}")


def load_barcode_data(data_path, level, N_classes_wanted, max_per_class, max_per_group, LengthSeq, seed):
    """Read, select, cut, de-duplicate, group, cap, encode and split (taught in 01, section 1): a BarcodeData."""
    raw = load_barcodes(project_path(data_path), level=level)
    table = select_classes(raw, N_classes_wanted, max_per_class=max_per_class, seed=seed)
    lengths = table["sequence"].str.len()
    table, dropped = cut_and_deduplicate(table, LengthSeq)
    table["group"], grouping = groups_of(table)
    if max_per_group is not None:
        capped = table.groupby("group", group_keys=False)[list(table)].apply(
            lambda g: g.sample(min(len(g), max_per_group), random_state=seed))
        dropped["beyond_max_per_group"] = len(table) - len(capped)
        table = capped.sort_values("processid").reset_index(drop=True)
    Y, class_names = encode_labels(table["label"])
    y = Y.argmax(axis=1)
    split = {"grouped": grouped_split(y, table["group"].to_numpy(), seed), "random": random_split(y, seed)}
    return BarcodeData(table, lengths, dropped, raw.attrs["left_out"], one_hot(table["sequence"], LengthSeq), Y,
                       class_names, split, grouping)
