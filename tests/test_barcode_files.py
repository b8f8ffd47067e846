"""Property tests of the BOLD readers: random valid files round-trip, random corruptions are a
ValueError naming the file (and the record or line), never another exception type."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from utils.barcodes import IUPAC, load_barcodes

PROPERTY = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
CODES = "".join(IUPAC) + "".join(IUPAC).lower()

pids = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=10).map(lambda s: s + "-24")
words = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=9).map(str.capitalize)
taxa = st.lists(words, min_size=1, max_size=2).map(" ".join)
sequences = st.text(CODES + "-", min_size=1, max_size=120).filter(lambda s: s.strip("-"))


@st.composite
def records(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    return draw(st.lists(st.tuples(pids, taxa, sequences), min_size=1, max_size=8))


def cleaned(seq: str) -> str:
    return seq.replace("-", "").upper()


def fasta_text(recs, width: int, newline: str) -> str:
    out = []
    for pid, taxon, seq in recs:
        out.append(f">{pid}|{taxon}|COI-5P")
        out += [seq[i:i + width] for i in range(0, len(seq), width)]
    return newline.join(out) + newline


def tsv_text(recs, newline: str = "\n") -> str:
    rows = ["processid\tfamily_name\tgenus_name\tmarkercode\tnucleotides"]
    rows += [f"{pid}\t{taxon}idae\t{taxon.split()[0]}\tCOI-5P\t{seq}" for pid, taxon, seq in recs]
    return newline.join(rows) + newline


@PROPERTY
@given(recs=records(), width=st.integers(5, 80), newline=st.sampled_from(["\n", "\r\n"]),
       level=st.sampled_from(["taxon", "genus"]))
def test_fasta_round_trip(tmp_path, recs, width, newline, level) -> None:
    path = tmp_path / "reads.fas"
    path.write_bytes(fasta_text(recs, width, newline).encode())
    df = load_barcodes(path, level=level)
    assert df["processid"].tolist() == [r[0] for r in recs]
    assert df["label"].tolist() == [r[1] if level == "taxon" else r[1].split()[0] for r in recs]
    assert df["sequence"].tolist() == [cleaned(r[2]) for r in recs]


@PROPERTY
@given(recs=records(), level=st.sampled_from(["family", "genus"]), newline=st.sampled_from(["\n", "\r\n"]))
def test_tsv_round_trip(tmp_path, recs, level, newline) -> None:
    path = tmp_path / "export.tsv"
    path.write_bytes(tsv_text(recs, newline).encode())
    df = load_barcodes(path, level=level)
    assert df["processid"].tolist() == [r[0] for r in recs]
    assert df["label"].tolist() == [f"{r[1]}idae" if level == "family" else r[1].split()[0] for r in recs]
    assert df["sequence"].tolist() == [cleaned(r[2]) for r in recs]


def corrupt(text: str, recs, kind: str, which: int, where: int) -> tuple[bytes, str]:
    """``text`` with one corruption of ``kind`` in record ``which``; the expected message part."""
    pid, _, seq = recs[which]
    if kind == "base":
        bad = seq[: where % len(seq)] + "X" + seq[where % len(seq):]
        return text.replace(seq, bad, 1).encode() if seq in text else text.encode(), f"record '{pid}'"
    if kind == "nul":
        return text.encode()[: where % len(text)] + b"\x00" + text.encode()[where % len(text):], "not a text file"
    if kind == "latin1":
        return text.encode()[: where % len(text)] + b"\xe9" + text.encode()[where % len(text):], "not UTF-8"
    raise AssertionError(kind)


@PROPERTY
@given(recs=records(), data=st.data(), kind=st.sampled_from(["base", "nul", "latin1", "header", "empty_seq"]))
def test_corrupted_fasta_is_a_value_error_naming_file_and_record(tmp_path, recs, data, kind) -> None:
    which = data.draw(st.integers(0, len(recs) - 1))
    where = data.draw(st.integers(0, 10_000))
    pid = recs[which][0]
    if kind == "header":  # the '|' fields are gone
        recs = [(p, t, s) if i != which else (f"{p} {t}", "", s) for i, (p, t, s) in enumerate(recs)]
        text = fasta_text(recs, 60, "\n").replace(f">{pid} {recs[which][0].split(' ', 1)[1]}||COI-5P", f">{pid}")
        content, expected = text.encode(), "is not 'processid|taxon|marker'"
    elif kind == "empty_seq":
        recs = [r if i != which else (r[0], r[1], "") for i, r in enumerate(recs)]
        content, expected = "".join(f">{p}|{t}|COI-5P\n{s}\n" for p, t, s in recs).encode(), f"record '{pid}' has no"
    else:
        text = "".join(f">{p}|{t}|COI-5P\n{s}\n" for p, t, s in recs)
        if kind == "base":  # put the bad base inside this record's own sequence line
            lines = text.split("\n")
            seq_line = 2 * which + 1
            cut = where % len(lines[seq_line])
            lines[seq_line] = lines[seq_line][:cut] + "X" + lines[seq_line][cut:]
            content, expected = "\n".join(lines).encode(), f"record '{pid}': invalid base 'X'"
        else:
            content, expected = corrupt(text, recs, kind, which, where)
    path = tmp_path / "reads.fas"
    path.write_bytes(content)
    with pytest.raises(ValueError) as err:  # a ValueError, whatever the corruption: never another type
        load_barcodes(path, level="taxon")
    assert str(path) in str(err.value) and expected in str(err.value), str(err.value)


@PROPERTY
@given(recs=records(), data=st.data(), kind=st.sampled_from(["base", "nul", "latin1", "extra_field"]))
def test_corrupted_tsv_is_a_value_error_naming_file_and_record(tmp_path, recs, data, kind) -> None:
    which = data.draw(st.integers(0, len(recs) - 1))
    where = data.draw(st.integers(0, 10_000))
    lines = tsv_text(recs).split("\n")
    row = lines[which + 1]
    if kind == "base":
        pid, fam, genus, marker, seq = row.split("\t")
        cut = where % len(seq)
        lines[which + 1] = "\t".join([pid, fam, genus, marker, seq[:cut] + "J" + seq[cut:]])
        content, expected = "\n".join(lines).encode(), f"record '{pid}': invalid base 'J'"
    elif kind == "extra_field":
        lines[which + 1] = row + "\tstray"
        content, expected = "\n".join(lines).encode(), "6 fields where the header has 5"
    else:
        content, expected = corrupt("\n".join(lines), recs, kind, which, where)
    path = tmp_path / "export.tsv"
    path.write_bytes(content)
    with pytest.raises(ValueError) as err:
        load_barcodes(path, level="family")
    assert str(path) in str(err.value) and expected in str(err.value), str(err.value)
