import numpy as np
import pandas as pd
import pytest

from tests.conftest import ROOT
from utils.barcodes import (
    clean_sequence,
    cut_and_deduplicate,
    encode_labels,
    groups_of,
    load_barcode_data,
    load_barcodes,
    near_identical,
    one_hot,
    read_bold_fasta,
    read_bold_tsv,
    select_classes,
)

BARCODES = ROOT / "data" / "barcodes_coi5p_3families.tsv"


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_one_hot_shape_and_bases():
    X = one_hot(["ACGTA", "TTTTT"], 4)
    assert X.shape == (2, 4, 4) and X.dtype == np.float32
    np.testing.assert_array_equal(X[0], np.eye(4))
    np.testing.assert_array_equal(X[1], np.tile([0, 0, 0, 1], (4, 1)))


def test_one_hot_iupac_spreads_probability():
    X = one_hot(["NRYB"], 4)[0]
    np.testing.assert_allclose(X[0], [0.25] * 4)
    np.testing.assert_allclose(X[1], [0.5, 0, 0.5, 0])  # R = A or G
    np.testing.assert_allclose(X[2], [0, 0.5, 0, 0.5])  # Y = C or T
    np.testing.assert_allclose(X[3], [0, 1 / 3, 1 / 3, 1 / 3])  # B = not A
    np.testing.assert_allclose(X.sum(axis=1), 1.0)


def test_one_hot_rejects_short_sequence():
    with pytest.raises(ValueError, match="fewer than LengthSeq"):
        one_hot(["ACG"], 4)


def test_clean_sequence_removes_gaps_and_names_bad_record():
    assert clean_sequence("ac-gt\n", "X1") == "ACGT"
    with pytest.raises(ValueError, match=r"record 'X2': invalid base 'Z' at position 2"):
        clean_sequence("ACZT", "record 'X2'")


def test_encode_labels_sorted_and_deterministic():
    Y, names = encode_labels(["b", "a", "c", "a"])
    assert names == ["a", "b", "c"]
    assert Y.argmax(axis=1).tolist() == [1, 0, 2, 0]


def test_read_fasta_course_format(tmp_path):
    path = write(tmp_path, "x.fas", ">BEISA025-19|Culex|COI-5P\nAC-GT\nAC\n>B2|Aedes vexans|COI-5P\nNNAC\n"
                 ">B3|Aedes|ITS\nACGT\n")
    df = read_bold_fasta(path)
    assert df["processid"].tolist() == ["BEISA025-19", "B2"]
    assert df["label"].tolist() == ["Culex", "Aedes vexans"]
    assert df["sequence"].tolist() == ["ACGTAC", "NNAC"]
    assert read_bold_fasta(path, level="genus")["label"].tolist() == ["Culex", "Aedes"]


@pytest.mark.parametrize("text,message", [
    ("ACGT\n>A|B|COI-5P\nACGT\n", "line 1: sequence data before the first '>'"),
    (">\nACGT\n", "empty FASTA header"),
    (">A1\nACGT\n", "line 1: header 'A1' is not 'processid|taxon|marker'"),
    (">A1|Culex|COI-5P\n>A2|Culex|COI-5P\nACGT\n", "line 1: record 'A1' has no sequence"),
    (">A1|Culex|COI-5P\nACGT!\n", "record 'A1': invalid base '!'"),
    ("", "the file is empty"),
    ("\n\n", "the file is empty"),
])
def test_malformed_fasta_is_a_clear_error(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        read_bold_fasta(write(tmp_path, "bad.fas", text))


def test_read_tsv_levels_and_marker(tmp_path):
    text = ("processid\tfamily_name\tgenus_name\tmarkercode\tnucleotides\n"
            "P1\tFamA\tGenA\tCOI-5P\tAC-GT\nP2\tFamB\tGenB\tITS\tACGT\nP3\t\tGenC\tCOI-5P\tACGT\n")
    path = write(tmp_path, "x.tsv", text)
    df = read_bold_tsv(path)
    assert df[["processid", "label", "sequence"]].values.tolist() == [["P1", "FamA", "ACGT"]]
    assert read_bold_tsv(path, level="genus")["label"].tolist() == ["GenA", "GenC"]
    with pytest.raises(ValueError, match=r"TSV file; its labels come at the levels \('phylum'.*not 'kingdom'"):
        read_bold_tsv(path, level="kingdom")
    assert read_bold_tsv(path).attrs["left_out"] == {"other_marker": 1, "no_label": 1, "no_sequence": 0}


def test_tsv_missing_columns_and_bad_base(tmp_path):
    with pytest.raises(ValueError, match="missing column"):
        read_bold_tsv(write(tmp_path, "a.tsv", "processid\tnucleotides\nP1\tACGT\n"))
    bad = write(tmp_path, "b.tsv", "processid\tfamily_name\tmarkercode\tnucleotides\nP9\tF\tCOI-5P\tACXT\n")
    with pytest.raises(ValueError, match="record 'P9': invalid base 'X'"):
        read_bold_tsv(bad)


def test_load_barcodes_dispatches_on_format(tmp_path):
    fasta = write(tmp_path, "x.fas", "\n>P1|Culex pipiens|COI-5P\nACGT\n")
    assert load_barcodes(fasta, level="genus")["label"].tolist() == ["Culex"]
    with pytest.raises(ValueError, match=r"x.fas is a BOLD FASTA file; .*\('taxon', 'genus'\), not 'family'"):
        load_barcodes(fasta, level="family")  # the notebooks' default level does not exist in FASTA
    with pytest.raises(FileNotFoundError, match="nope.tsv"):
        load_barcodes(tmp_path / "nope.tsv")


@pytest.mark.parametrize("content, message", [
    (b"", "the file is empty"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "not a text file"),
    (b">P1|Culex|COI-5P\nAC\xe9GT\n", r"line 2: not UTF-8 text \(byte 0xe9\)"),
    (b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 12\n", "Git LFS pointer"),
])
def test_files_that_are_not_barcode_text_say_so(tmp_path, content, message):
    path = tmp_path / "reads.fas"
    path.write_bytes(content)
    with pytest.raises(ValueError, match=message) as err:
        load_barcodes(path, level="taxon")
    assert "reads.fas" in str(err.value)


def test_shipped_barcodes_load_with_expected_classes():
    df = load_barcodes(BARCODES)
    assert len(df) == 899 and (df["bin"] != "").sum() == 886
    assert sorted(df["label"].unique()) == ["Echiniscidae", "Hypsibiidae", "Macrobiotidae"]
    assert df["processid"].is_unique and (df["sequence"].str.len() >= 500).all()
    assert "copyright_licenses" in df.columns


def test_cut_and_deduplicate():
    df = pd.DataFrame({"processid": list("abcde"), "label": ["x", "x", "y", "y", "z"],
                       "sequence": ["AAAAC", "AAAAG", "CCCCA", "GGGGA", "CC"]})
    df.loc[3, "sequence"] = "AAAAT"  # same first 4 bases as a and b, other label
    out, dropped = cut_and_deduplicate(df, 4)
    assert out["sequence"].tolist() == ["CCCC"]
    assert dropped == {"too_short": 1, "conflicting_labels": 3, "duplicates": 0}
    out, dropped = cut_and_deduplicate(df.iloc[:3], 4)
    assert out["processid"].tolist() == ["a", "c"] and dropped["duplicates"] == 1
    with pytest.raises(ValueError, match="LengthSeq"):
        cut_and_deduplicate(df, "500")


def test_select_classes_ranks_and_subsamples():
    df = pd.DataFrame({"processid": [f"p{i}" for i in range(9)], "label": list("aaaabbbcc"), "sequence": ["A"] * 9})
    assert sorted(select_classes(df, 2)["label"].unique()) == ["a", "b"]
    sub = select_classes(df, 2, max_per_class=2, seed=1)
    assert sub["label"].value_counts().to_dict() == {"a": 2, "b": 2}
    with pytest.raises(ValueError, match="n_classes"):
        select_classes(df, 1.5)


def test_near_identical_ignores_where_a_read_starts_and_groups_join_bins_through_near_copies():
    rng = np.random.default_rng(0)
    a, b, c = ("".join(rng.choice(list("ACGT"), 600)) for _ in range(3))
    near = near_identical([a[:500], a[40:540], b[:500]]).toarray()
    assert near[0, 1] and near[1, 0] and not near[0, 2] and near.diagonal().all()
    table = pd.DataFrame({"sequence": [a[:500], a[40:540], b[:500], b[3:503], c[:500], c[7:507], c[50:550]],
                          "bin": ["BOLD:X", "", "", "", "BOLD:Y", "BOLD:Z", "BOLD:Z"]})
    groups, how = groups_of(table)
    assert groups[0] == groups[1] == "BOLD:X"  # a sequence without a BIN joins the BIN of its near-copy
    assert groups[2] == groups[3] != groups[0] and groups[2].startswith("cluster")
    assert groups[4] == groups[5] == groups[6] == "BOLD:Y+BOLD:Z"  # two BINs with near-copies are one group
    assert how == "BOLD BIN (3 sequences without one), joined by near-identical sequences"


def test_the_grouped_split_keeps_every_group_on_one_side_and_the_cap_holds():
    data = load_barcode_data(BARCODES, "family", 3, None, 10, 500, 0)
    groups = data.table["group"].to_numpy()
    train, val, test = data.split["grouped"]
    assert not set(groups[test]) & (set(groups[train]) | set(groups[val])) and not set(groups[val]) & set(groups[train])
    assert len(train) + len(val) + len(test) == len(groups) and data.table["group"].value_counts().max() <= 10
    assert 0.15 < len(test) / len(groups) < 0.25 and sorted(np.unique(data.y[test])) == [0, 1, 2]
    train_r, val_r, test_r = data.split["random"]
    assert set(groups[test_r]) & set(groups[train_r])  # the random split shares species between training and test
    near = near_identical(data.table["sequence"])
    assert near[test][:, np.concatenate([train, val])].nnz == 0  # no test sequence has a near-copy in fitting
