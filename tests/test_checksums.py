import pytest

from tests.conftest import ROOT
from utils.checksums import DataIntegrityError, sha256_of, verify_file


def test_every_shipped_data_file_matches(tmp_path):
    listed = (ROOT / "data" / "SHA256SUMS").read_text().split("\n")
    names = [line.split("  ", 1)[1] for line in listed if line]
    assert "barcodes_coi5p_3families.tsv" in names and "co2_mauna_loa_weekly.csv" in names
    for name in names:
        assert verify_file(ROOT / "data" / name)


def make_listed(tmp_path, content=b"hello\n"):
    data = tmp_path / "data.csv"
    data.write_bytes(content)
    (tmp_path / "SHA256SUMS").write_text(f"{sha256_of(data)}  data.csv\n")
    return data


def test_truncated_file_is_refused(tmp_path):
    data = make_listed(tmp_path)
    data.write_bytes(b"hel")
    with pytest.raises(DataIntegrityError, match="does not match SHA256SUMS"):
        verify_file(data)


def test_lfs_pointer_is_named(tmp_path):
    data = make_listed(tmp_path)
    data.write_bytes(b"version https://git-lfs.github.com/spec/v1\noid sha256:abc\n")
    with pytest.raises(DataIntegrityError, match="Git LFS pointer"):
        verify_file(data)


def test_unlisted_file_is_not_checked_and_missing_file_is_named(tmp_path):
    make_listed(tmp_path)
    other = tmp_path / "mine.csv"
    other.write_text("x")
    assert verify_file(other) is False
    assert verify_file(tmp_path / "data.csv") is True
    with pytest.raises(FileNotFoundError, match="absent.csv"):
        verify_file(tmp_path / "absent.csv")
